"""The fluency cache never fails a run: damaged, foreign, read-only, special or impossible cache files and folders
leave the scores exactly what they are without a cache, with at most one warning line naming the cache file; where
the prepared model itself cannot be stored, one error says where and what to do instead."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from fluency_tiny import build_tiny_model

from mtqa.errors import MtqaError
from mtqa.fluency import FluencySettings, load_scorer
from mtqa.fluency.cache import FILE_NAME, ScoreCache
from mtqa.fluency.model import DISTRIBUTION, describe_model, load_source, packaged_gguf, prepare_model

pytest.importorskip("torch")
pytest.importorskip("transformers")

TEXTS = [
    "Officials said talks would resume next week.",
    "The minister agreed to meet reporters on Monday.",
    "Victims of wartime forced labor protested in Seoul.",
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))


@pytest.fixture(scope="module")
def fresh_scores(tiny_model):
    """What every run must score, whatever state the cache is in."""
    return _score(FluencySettings(model=str(tiny_model), use_cache=False, precision="fp32"))[0]


@pytest.fixture
def settings(tiny_model, tmp_path):
    return FluencySettings(model=str(tiny_model), cache_dir=str(tmp_path / "cache"), precision="fp32")


def _score(settings):
    scorer = load_scorer(settings)
    scores = scorer.score(TEXTS)
    if scorer.cache:
        scorer.cache.close()
    return scores, scorer.cache_hits


def _warnings(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.strip()]


def _cache_file(settings) -> Path:
    return Path(settings.cache_dir) / FILE_NAME


def _assert_one_warning_naming(capsys, path: Path, *words: str) -> str:
    lines = _warnings(capsys)
    assert len(lines) == 1, lines
    assert lines[0].startswith("mtqa: warning: fluency cache ") and str(path) in lines[0]
    assert "Traceback" not in lines[0]
    for word in words:
        assert word in lines[0]
    return lines[0]


def test_a_healthy_cache_serves_the_same_scores_without_a_word(settings, fresh_scores, capsys):
    assert _score(settings) == (fresh_scores, 0)
    assert _score(settings) == (fresh_scores, len(TEXTS))
    assert _warnings(capsys) == []


def test_bytes_flipped_all_over_the_file(settings, fresh_scores, capsys):
    _score(settings)
    path = _cache_file(settings)
    data = bytearray(path.read_bytes())
    rng = random.Random(1)
    for i in range(0, len(data), 97):  # the header too: sqlite no longer reads it as a database
        data[i] = rng.randrange(256)
    path.write_bytes(bytes(data))
    assert _score(settings)[0] == fresh_scores
    _assert_one_warning_naming(capsys, path, "not used", "--no-cache", "MTQA_NO_CACHE=1")


def test_a_flipped_byte_inside_a_stored_score_is_scored_again_and_mended(settings, fresh_scores, capsys):
    _score(settings)
    path = _cache_file(settings)
    with sqlite3.connect(path) as db:
        blob = db.execute("SELECT surprisal FROM tokens LIMIT 1").fetchone()[0]
    db.close()
    data = bytearray(path.read_bytes())
    where = data.find(blob)
    assert where > 0
    data[where + 1] ^= 0x40  # sqlite cannot notice: the value is still a valid float
    path.write_bytes(bytes(data))
    scores, hits = _score(settings)
    assert scores == fresh_scores and hits == len(TEXTS) - 1
    _assert_one_warning_naming(capsys, path, "1 damaged entry scored again")
    assert _score(settings) == (fresh_scores, len(TEXTS))  # the row was written afresh
    assert _warnings(capsys) == []


@pytest.mark.parametrize("damage", [
    "UPDATE tokens SET offsets = x'0001'",  # not a whole number of tokens
    "UPDATE tokens SET surprisal = 'not a blob'",
    "UPDATE tokens SET surprisal = NULL",
    "UPDATE tokens SET checksum = checksum + 1",
])
def test_bad_blobs_are_scored_again(settings, fresh_scores, capsys, damage):
    _score(settings)
    with sqlite3.connect(_cache_file(settings)) as db:
        db.execute(damage)
    db.close()
    assert _score(settings) == (fresh_scores, 0)
    _assert_one_warning_naming(capsys, _cache_file(settings), f"{len(TEXTS)} damaged entries scored again")


def test_a_row_whose_spans_leave_the_sentence_is_not_served(settings, fresh_scores):
    scorer = load_scorer(settings)
    scorer.cache.put_many({scorer.key(TEXTS[0]): ((0, 10_000, 1.0),)})  # a consistent row, but not of this text
    scorer.cache.close()
    assert _score(settings) == (fresh_scores, 0)


@pytest.mark.parametrize("foreign", [
    "CREATE TABLE tokens (id INTEGER, name TEXT)",
    "CREATE TABLE file_hashes (x)",
    "CREATE VIEW tokens AS SELECT 1 AS key",
])
def test_another_programs_database_is_left_alone(settings, fresh_scores, capsys, foreign):
    path = _cache_file(settings)
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as db:
        db.execute(foreign)
    db.close()
    before = path.read_bytes()
    assert _score(settings) == (fresh_scores, 0)
    _assert_one_warning_naming(capsys, path, "not used")
    assert path.read_bytes() == before


def test_a_file_that_is_no_database(settings, fresh_scores, capsys):
    path = _cache_file(settings)
    path.parent.mkdir(parents=True)
    path.write_text("just some notes\n" * 500, encoding="utf-8")
    assert _score(settings) == (fresh_scores, 0)
    _assert_one_warning_naming(capsys, path, "not a database")
    assert path.read_text(encoding="utf-8") == "just some notes\n" * 500


def test_a_cache_from_the_version_without_checksums_is_upgraded_quietly(settings, fresh_scores, capsys):
    path = _cache_file(settings)
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE tokens (key TEXT PRIMARY KEY, offsets BLOB, surprisal BLOB)")
        db.execute("CREATE TABLE file_hashes (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT)")
        db.execute("INSERT INTO tokens VALUES ('old', x'00000000', x'')")
    db.close()
    assert _score(settings) == (fresh_scores, 0)
    assert _score(settings) == (fresh_scores, len(TEXTS))
    assert _warnings(capsys) == []


def test_a_fifo_is_not_waited_on(settings, fresh_scores, capsys):
    path = _cache_file(settings)
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    assert _score(settings) == (fresh_scores, 0)
    _assert_one_warning_naming(capsys, path, "not a regular file")


@pytest.mark.parametrize("where", ["/proc/mtqa-cache", "a file", "a folder inside a file"])
def test_a_cache_folder_that_cannot_be_made(settings, fresh_scores, capsys, tmp_path, where):
    folder = {"/proc/mtqa-cache": Path("/proc/mtqa-cache"), "a file": tmp_path / "plain.txt",
              "a folder inside a file": tmp_path / "plain.txt" / "cache"}[where]
    (tmp_path / "plain.txt").write_text("x", encoding="utf-8")
    assert _score(replace(settings, cache_dir=str(folder)))[0] == fresh_scores
    _assert_one_warning_naming(capsys, folder / FILE_NAME, "not used")


def test_the_environment_turns_the_cache_off(settings, fresh_scores, capsys, monkeypatch):
    monkeypatch.setenv("MTQA_NO_CACHE", "1")
    assert _score(settings) == (fresh_scores, 0)
    assert not _cache_file(settings).exists()
    monkeypatch.setenv("MTQA_NO_CACHE", "0")
    _score(settings)
    assert _cache_file(settings).exists()
    assert _warnings(capsys) == []


def test_a_cache_that_fails_only_when_written_warns_once(tmp_path, capsys):
    warnings = []
    cache = ScoreCache(tmp_path, warn=warnings.append)
    cache._db.execute("PRAGMA query_only = ON")  # as a read-only file would: reads work, writes fail
    for _ in range(3):
        cache.put_many({"a": ((0, 1, 1.0),)})
        assert cache.get_many(["a"]) == {}
    assert len(warnings) == 1 and "attempt to write a readonly database" in warnings[0]


# Read-only files and folders: root writes through file modes, so these runs drop that power.


SCORE_SCRIPT = """
import json, sys
from mtqa.fluency import FluencySettings, load_scorer
scorer = load_scorer(FluencySettings(model=sys.argv[1], cache_dir=sys.argv[2], precision="fp32"))
print(json.dumps(scorer.score(json.loads(sys.argv[3]))))
"""


def _score_without_override(tiny_model, cache_dir) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", SCORE_SCRIPT, str(tiny_model), str(cache_dir), json.dumps(TEXTS)]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: file modes do not stop root")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def _as_lists(scores):
    return [[list(token) for token in tokens] for tokens in scores]


@pytest.mark.parametrize("read_only", ["file", "folder"])
def test_a_read_only_cache(settings, tiny_model, fresh_scores, read_only):
    _score(settings)
    path = _cache_file(settings)
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM tokens WHERE rowid = (SELECT MIN(rowid) FROM tokens)")  # one sentence to store
    db.close()
    (path if read_only == "file" else path.parent).chmod(0o444 if read_only == "file" else 0o555)
    try:
        run = _score_without_override(tiny_model, settings.cache_dir)
    finally:
        path.chmod(0o644)
        path.parent.chmod(0o755)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == _as_lists(fresh_scores)
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"mtqa: warning: fluency cache {path}"), lines


# Where the packaged model itself cannot be stored, there is nothing to fall back on: one error with the way out.


@pytest.fixture
def packaged_model():
    try:
        packaged_gguf()
    except MtqaError:
        pytest.skip(f"{DISTRIBUTION} is not installed")


@pytest.mark.parametrize("where", ["/proc/mtqa-cache", "a file"])
def test_the_model_cannot_be_stored(packaged_model, tmp_path, capsys, where):
    folder = Path("/proc/mtqa-cache") if where == "/proc/mtqa-cache" else tmp_path / "plain.txt"
    (tmp_path / "plain.txt").write_text("x", encoding="utf-8")
    with pytest.raises(MtqaError) as raised:
        load_scorer(FluencySettings(cache_dir=str(folder)))
    message = str(raised.value)
    assert message.startswith(f"cannot store the prepared fluency model in {folder / 'models'}: ")
    assert "MTQA_CACHE" in message and "--fluency-model" in message and "\n" not in message
    assert _warnings(capsys) == []  # the error alone: no cache warning before it


def test_no_conversion_is_announced_where_the_model_cannot_be_stored(packaged_model):
    announced = []
    with pytest.raises(MtqaError, match="cannot store the prepared fluency model"):
        prepare_model("/proc/mtqa-cache", announce=lambda: announced.append(True))
    assert announced == []


@pytest.mark.parametrize("write", ["config rewritten with its own bytes", "weights added"])
def test_a_model_written_after_the_run_identified_it_is_not_loaded(tiny_model, tmp_path, write):
    """Scores are cached under the hash of the model's files, taken when a run starts and loaded only at its first
    uncached sentence: a model written in between would have its scores filed under the old hash."""
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    source = describe_model(str(folder))
    assert load_source(source).model is not None  # as it was identified: loaded
    if write.startswith("config"):
        (folder / "config.json").write_bytes((folder / "config.json").read_bytes())
    else:
        (folder / "extra.safetensors").write_bytes(b"")
    with pytest.raises(MtqaError, match=f"the fluency model in {folder} was written after this run identified it"):
        load_source(source)
    assert load_source(describe_model(str(folder))).model is not None  # identified again: loaded
