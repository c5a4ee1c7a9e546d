"""Caches hold pickles, which run code as they load, and scores that decide gates: a cache file or folder that
another user owns or can write is never read, and the folders mtqa makes are its user's alone."""

from __future__ import annotations

import json
import os
import pickle
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_pattern_cache import forget_loaded, without_home_folder

from conftest import SEED, assert_one_error_line, check_command
from mtqa.cache_dir import make_private_folder
from mtqa.cli import cli
from mtqa.errors import MtqaError
from mtqa.fluency import model as fluency_model
from mtqa.fluency.cache import FILE_NAME as SENTENCE_CACHE
from mtqa.fluency.cache import ScoreCache
from mtqa.pickle_store import HEADER, PickleStore, stored_checksum
from mtqa.result_cache import FILE_NAME as RESULT_CACHE

ANOTHER_USER = 54321
as_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                             reason="only root can give a file to another user")


class Planted:
    """Unpickled, it touches its marker file: what a planted pickle could do with any code it liked."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def planted_store(folder: Path) -> tuple[PickleStore, Path]:
    """A store whose one result is a planted pickle, with a header and checksum as valid as mtqa's own."""
    store = PickleStore(folder, ".glossary", b"mtqa compiled glossary\n", "glossary cache", "the compiled glossary",
                        "the glossary is compiled afresh")
    store.put("key", "a stored result")
    marker = folder.parent / "planted-code-ran"
    payload = pickle.dumps(Planted(marker))
    (folder / "key.glossary").write_bytes(store.magic + HEADER.pack(stored_checksum("key", payload), len(payload))
                                          + payload)
    os.chmod(folder / "key.glossary", 0o600)
    return store, marker


def everything_under(root: Path) -> list[Path]:
    return [root, *root.rglob("*")]


def test_a_planted_pickle_in_a_folder_of_ones_own_would_run(tmp_path):
    # Why the checks below matter: the checksum proves only that the file is whole, not who wrote it.
    store, marker = planted_store(tmp_path / "store")
    store.get("key", lambda value: True)
    assert marker.exists()


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o722], ids=oct)
def test_a_pickle_in_a_folder_others_can_write_is_not_loaded(tmp_path, capsys, mode):
    store, marker = planted_store(tmp_path / "store")
    (tmp_path / "store").chmod(mode)
    assert store.get("key", lambda value: True) is None
    store.put("other", "a result")  # nor does it leave results where others can read or replace them
    assert not marker.exists()
    assert not (tmp_path / "store" / "other.glossary").exists()
    warning = capsys.readouterr().err.strip()
    assert len(warning.splitlines()) == 1
    folder = tmp_path / "store"
    assert f"{folder} is writable by " in warning and f"chmod go-w {folder}" in warning


def test_a_pickle_others_can_write_is_not_loaded(tmp_path, capsys):
    store, marker = planted_store(tmp_path / "store")
    (tmp_path / "store" / "key.glossary").chmod(0o666)
    assert store.get("key", lambda value: True) is None
    assert not marker.exists()
    assert "key.glossary is writable by every user: chmod go-w " in capsys.readouterr().err


@as_root
def test_a_pickle_or_folder_another_user_owns_is_not_loaded(tmp_path, capsys):
    store, marker = planted_store(tmp_path / "store")
    os.chown(tmp_path / "store" / "key.glossary", ANOTHER_USER, ANOTHER_USER)
    assert store.get("key", lambda value: True) is None
    assert f"owned by another user (uid {ANOTHER_USER}): use a cache folder of your own" in capsys.readouterr().err
    os.chown(tmp_path / "store" / "key.glossary", 0, 0)
    os.chown(tmp_path / "store", ANOTHER_USER, ANOTHER_USER)
    store._warned = False
    assert store.get("key", lambda value: True) is None
    assert not marker.exists()
    assert f"owned by another user (uid {ANOTHER_USER})" in capsys.readouterr().err


def check_seed(cache: Path) -> tuple[list, str]:
    result = CliRunner().invoke(cli, ["check", "--no-fluency", "--format", "json", str(SEED)],
                                env={"MTQA_CACHE": str(cache), "MTQA_NO_CACHE": ""})
    assert result.exit_code in (0, 1), result.output
    findings = [(f["rule"], f["span"], f["text"]) for f in json.loads(result.stdout)["documents"][0]["findings"]]
    return findings, result.stderr


def test_a_cache_folder_others_can_write_is_one_warning_per_cache_and_the_same_report(tmp_path):
    cache = tmp_path / "cache"
    fresh, warnings = check_seed(cache)
    assert warnings == ""
    results = cache / RESULT_CACHE
    stored_rows = results.read_bytes()
    for folder in (cache, cache / "glossaries"):
        folder.chmod(0o777)
    again, warnings = check_seed(cache)
    assert again == fresh
    lines = warnings.splitlines()
    assert len(lines) == 2, warnings  # the result cache in the shared root, the glossary cache in its folder
    said = (f"mtqa: warning: result cache {results}: not used (another user could have written it: {cache} is "
            f"writable by every user: chmod go-w {cache})")
    assert any(line.startswith(said) for line in lines), warnings
    # The glossary cache's own folder is named first: the one to make private, as well as the root.
    folder = cache / "glossaries"
    assert any(f"glossary cache {folder}: not used, as another user could have written it: {folder} is writable by "
               f"every user: chmod go-w {folder}; the glossary is compiled afresh" in line for line in lines), warnings
    assert results.read_bytes() == stored_rows  # neither read nor written


def test_a_sentence_cache_others_can_write_is_not_opened(tmp_path):
    warnings: list[str] = []
    (tmp_path / "cache").mkdir()
    ScoreCache(tmp_path / "cache", warn=warnings.append).close()
    cache_file = tmp_path / "cache" / SENTENCE_CACHE
    cache_file.chmod(0o664)
    cache = ScoreCache(tmp_path / "cache", warn=warnings.append)
    assert cache._db is None
    assert warnings == [f"fluency cache {cache_file}: not used (another user could have written it: {cache_file} is "
                        f"writable by its group (gid {os.getgid()}): chmod go-w {cache_file}); fluency is scored "
                        "without it (set MTQA_CACHE to another folder, or turn the cache off with --no-cache or "
                        "MTQA_NO_CACHE=1)"]


def test_cache_folders_are_made_for_their_user_alone_whatever_the_umask(tmp_path):
    cache = tmp_path / "made" / "by" / "mtqa"
    forget_loaded()  # so that the pattern lists are compiled and stored too
    previous = os.umask(0)
    try:
        check_seed(cache)
    finally:
        os.umask(previous)
        forget_loaded()
    made = everything_under(tmp_path / "made")
    assert {path.name for path in made} >= {"made", "by", "mtqa", "glossaries", "patterns", RESULT_CACHE}
    for path in made:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert not mode & 0o022, f"{path}: {oct(mode)}"
        if path.is_dir():
            assert mode == 0o700, f"{path}: {oct(mode)}"


def test_a_folder_already_there_keeps_its_mode(tmp_path):
    (tmp_path / "shared").mkdir(mode=0o755)
    make_private_folder(tmp_path / "shared" / "cache")
    assert stat.S_IMODE((tmp_path / "shared").stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "shared" / "cache").stat().st_mode) == 0o700


def fake_prepared_model(cache: Path) -> Path:
    folder = fluency_model.prepared_path(cache)
    make_private_folder(folder)
    (folder / fluency_model.INFO_FILE).write_text('{"model": "m", "sha256": "0"}', encoding="utf-8")
    (folder / "config.json").write_text("{}", encoding="utf-8")
    return folder


def test_a_prepared_model_others_can_write_is_not_loaded(tmp_path):
    folder = fake_prepared_model(tmp_path / "cache")
    assert fluency_model.prepare_model(tmp_path / "cache") == folder
    (folder / "config.json").chmod(0o666)
    with pytest.raises(MtqaError, match=r"model is not used, as another user could have written it: .*config\.json "
                                        r"is writable by every user: chmod go-w "):
        fluency_model.prepare_model(tmp_path / "cache")
    (folder / "config.json").chmod(0o644)
    folder.parent.chmod(0o777)  # another user could swap the whole folder for theirs
    with pytest.raises(MtqaError, match="models is writable by every user: chmod go-w "):
        fluency_model.prepare_model(tmp_path / "cache")


@pytest.mark.parametrize("journal", ["-journal", "-wal"])
def test_a_journal_others_could_write_beside_a_private_cache_is_not_rolled_in(tmp_path, journal):
    # sqlite rolls a hot journal into the database as it opens it: one planted while the folder was shared would
    # write another user's rows into a file that is this user's alone.
    warnings: list[str] = []
    (tmp_path / "cache").mkdir(mode=0o700)
    ScoreCache(tmp_path / "cache", warn=warnings.append).close()
    planted = tmp_path / "cache" / f"{SENTENCE_CACHE}{journal}"
    planted.write_bytes(b"rows of another user")
    planted.chmod(0o666)
    assert ScoreCache(tmp_path / "cache", warn=warnings.append)._db is None
    assert len(warnings) == 1 and f"{planted} is writable by every user" in warnings[0]
    planted.chmod(0o644)  # a journal of one's own is sqlite's business
    ScoreCache(tmp_path / "cache", warn=warnings.append).close()
    assert not any("another user" in warning for warning in warnings[1:]), warnings


def test_a_folder_above_the_cache_that_anyone_can_swap_things_in_is_refused(tmp_path, capsys):
    above = tmp_path / "above"
    above.mkdir(mode=0o777)
    above.chmod(0o777)  # not sticky: another user could rename the cache away and put theirs in its place
    store, marker = planted_store(above / "cache" / "glossaries")
    os.chmod(above / "cache" / "glossaries" / "key.glossary", 0o600)
    assert store.get("key", lambda value: True) is None
    assert f"{above} is writable by every user" in capsys.readouterr().err
    above.chmod(0o1777)  # as /tmp: sticky, so entries can be renamed or removed by their owners alone
    store._warned = False
    store.get("key", lambda value: True)
    assert marker.exists() and capsys.readouterr().err == ""
    above.chmod(0o770)  # a group above the cache is trusted: umask 002 makes ~/.cache so
    store.get("key", lambda value: True)
    assert capsys.readouterr().err == ""


def test_a_model_folder_others_can_write_is_said_before_the_model_is_converted(tmp_path, monkeypatch):
    models = fluency_model.prepared_path(tmp_path / "cache").parent
    models.mkdir(parents=True)
    models.chmod(0o777)

    def converted(*args, **kwargs):
        raise AssertionError("the model was converted into a folder others can write")
    monkeypatch.setattr(fluency_model, "packaged_gguf", lambda: tmp_path / "model.gguf")
    monkeypatch.setattr(fluency_model, "fluency_libraries", lambda: (None, converted))
    with pytest.raises(MtqaError, match=re.escape(f"{models} is writable by every user: chmod go-w {models}") + "$"):
        fluency_model.prepare_model(tmp_path / "cache")
    assert list(models.iterdir()) == []  # nor is its temporary folder left there


def test_without_a_home_folder_a_check_runs_as_without_its_caches(workspace, monkeypatch):
    # A container's user with no home folder and no MTQA_CACHE: the caches that only save time go without, and the
    # report is the --no-cache one (the result cache and the compiled glossary's store crashed the run before).
    fresh = check_command("bad.txt", "--glossary", "g.yaml", "--format", "json", "--no-cache")
    without_home_folder(monkeypatch)
    without_home = check_command("bad.txt", "--glossary", "g.yaml", "--format", "json")
    assert (without_home.exit_code, without_home.stdout, without_home.stderr) == (1, fresh.stdout, "")


@pytest.mark.parametrize("variable, root", [("MTQA_CACHE", "/dev/null"), ("MTQA_CACHE", "/dev/zero"),
                                             ("XDG_CACHE_HOME", "/dev/null"), ("HOME", "/dev/null")])
def test_a_device_as_the_cache_folder_is_a_run_without_caches(workspace, monkeypatch, variable, root):
    # MTQA_CACHE=/dev/null, a way to say "no caches", or HOME=/dev/null, a service account's: each cache warned, two
    # of them advising "chmod go-w /dev/null", the third "Not a directory ... delete the file if it is damaged".
    fresh = check_command("bad.txt", "--glossary", "g.yaml", "--format", "json", "--no-cache")
    for other in ("MTQA_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(other, raising=False)
    monkeypatch.setenv(variable, root)
    run = check_command("bad.txt", "--glossary", "g.yaml", "--format", "json")
    assert (run.exit_code, run.stdout, run.stderr) == (1, fresh.stdout, "")
    assert_one_error_line(CliRunner().invoke(cli, ["check", "bad.txt", "--glossary", "g.yaml", "--fluency"]),
                          f"no cache folder: {root} is not a folder", "MTQA_CACHE")


def test_without_a_home_folder_the_fluency_model_has_no_folder_and_the_error_says_what_to_set(workspace, monkeypatch):
    without_home_folder(monkeypatch)
    result = CliRunner().invoke(cli, ["check", "bad.txt", "--glossary", "g.yaml", "--fluency"])
    assert_one_error_line(result, "no cache folder", "MTQA_CACHE")


@pytest.mark.parametrize(("setting", "turned_off"), [("calque-patterns", 'ignore = ["MTQ503"]'),
                                                     ("boilerplate-patterns", 'ignore = ["MTQ3"]'),
                                                     ("boilerplate-patterns", 'select = ["MTQ101"]')])
def test_the_pattern_file_of_a_rule_turned_off_is_not_read_by_the_result_cache_either(workspace, setting,
                                                                                        turned_off):
    # A run without the cache never reads it; the cache's key read it, and a team's file missing from this checkout
    # failed the run only when the cache was on.
    (workspace / "mtqa.toml").write_text(f'{setting} = ["team/lists.yaml"]\n{turned_off}\n', encoding="utf-8")
    fresh = check_command("bad.txt", "--glossary", "g.yaml", "--format", "json", "--no-cache")
    cached = [check_command("bad.txt", "--glossary", "g.yaml", "--format", "json") for _ in range(2)]
    assert [(each.exit_code, each.stdout) for each in cached] == [(fresh.exit_code, fresh.stdout)] * 2
