"""The compiled pattern lists kept on disk: a stored list finds what a fresh compile finds without parsing a regular
expression, any change to an extra file misses, a bad file is reported as without the store, and a damaged store
is a warning and a fresh compile."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import regex
from click.testing import CliRunner
from test_pattern_files import FURNITURE as DESK

import mtqa.checks.boilerplate as boilerplate
import mtqa.checks.calques as calques
from conftest import SEED, assert_one_error_line
from mtqa.caches import clear_caches
from mtqa.checks.boilerplate import load_patterns
from mtqa.checks.calques import load_calques
from mtqa.cli import cli
from mtqa.errors import InputError

ARTICLE = ("Please read on...\nThe talks were a hot potato issue, and relations are gradually melting.\n"
           "(End of desk copy)\n(End of desk note)\n")


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MTQA_CACHE", str(folder))
    monkeypatch.delenv("MTQA_NO_CACHE", raising=False)
    forget_loaded()
    yield folder
    forget_loaded()  # what these tests loaded from their own folders stays with them


def forget_loaded() -> None:
    """As a new process starts: nothing compiled or read yet."""
    boilerplate._load_patterns.cache_clear()
    calques._load_calques.cache_clear()


def stored(cache_dir: Path) -> list[Path]:
    folder = cache_dir / "patterns"
    return sorted(folder.glob("*.patterns")) if folder.exists() else []


def parsing_refused(monkeypatch) -> None:
    """From now on, parsing a regular expression is an error: only the store can give compiled lists."""
    def refused(*args, **kwargs):
        raise AssertionError("a regular expression was parsed instead of read from the store")
    monkeypatch.setattr(regex._main, "_compile", refused)


def findings(pattern_set, calque_list, text: str) -> list:
    """What the lists find in `text`: each pattern's and calque's matches."""
    found = [(pattern.id, match.span()) for pattern, expression in pattern_set.inline
             for match in expression.finditer(text)]
    found += [(line.patterns[0].id, match.span()) for line in pattern_set.lines
              for match in line.expression.finditer(text)]
    found += [(calque.id, match.span()) for calque in calque_list for match in calque.expression.finditer(text)]
    return found


def described(calque_list) -> list:
    """The calques' fields, each expression as its pattern and flags (a compiled pattern equals only itself)."""
    def shown(value):
        return (value.pattern, value.flags) if isinstance(value, regex.Pattern) else value
    return [tuple(shown(value) for value in vars(calque).values()) for calque in calque_list]


def test_stored_lists_find_what_fresh_ones_find_without_parsing(cache_dir, tmp_path, monkeypatch):
    extra = tmp_path / "desk.yaml"
    extra.write_text(DESK, encoding="utf-8")
    fresh_set, fresh_calques = load_patterns((str(extra),)), load_calques()
    assert len(stored(cache_dir)) == 2
    texts = [ARTICLE, SEED.read_text(encoding="utf-8")]
    expected = [findings(fresh_set, fresh_calques, text) for text in texts]
    assert all(expected)
    forget_loaded()
    parsing_refused(monkeypatch)
    again_set, again_calques = load_patterns((str(extra),)), load_calques()
    assert again_set.patterns == fresh_set.patterns and described(again_calques) == described(fresh_calques)
    assert [findings(again_set, again_calques, text) for text in texts] == expected


def test_a_run_reads_the_stored_lists_and_reports_the_same(cache_dir, tmp_path, monkeypatch):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    def report() -> list:
        result = CliRunner().invoke(cli, ["check", "--no-fluency", str(article), "--format", "json"])
        return [(f["rule"], f["text"]) for f in json.loads(result.stdout)["documents"][0]["findings"]]

    first = report()
    assert ("MTQ301", "Please read on...") in first and ("MTQ503", "melting") in first
    forget_loaded()
    parsing_refused(monkeypatch)
    assert report() == first


def test_an_extra_file_changed_in_one_byte_misses(cache_dir, tmp_path):
    extra = tmp_path / "desk.yaml"
    extra.write_text(DESK, encoding="utf-8")
    assert load_patterns((str(extra),)).patterns[-1].pattern.endswith("copy\\)[ \\t]*$")
    forget_loaded()
    extra.write_text(DESK.replace("copy", "note"), encoding="utf-8")  # the same size
    changed = load_patterns((str(extra),))
    assert changed.patterns[-1].pattern.endswith("note\\)[ \\t]*$")
    assert any(line.expression.search("(End of desk note)") for line in changed.lines)
    assert len(stored(cache_dir)) == 2


def test_a_bad_extra_file_is_reported_as_without_the_store_and_never_stored(cache_dir, tmp_path):
    extra = tmp_path / "desk.yaml"
    extra.write_text(DESK.replace("(end of", "(end of (unclosed"), encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_patterns((str(extra),))
    assert "desk.yaml" in str(error.value) and "bad regular expression" in str(error.value)
    missing = tmp_path / "missing.yaml"
    with pytest.raises(InputError):
        load_calques((str(missing),))
    assert stored(cache_dir) == []


@pytest.mark.parametrize("damage", [
    lambda path: path.write_bytes(path.read_bytes()[:-7]),
    lambda path: path.write_bytes(b""),
    lambda path: path.write_bytes(path.read_bytes()[:-1] + bytes([path.read_bytes()[-1] ^ 1])),
])
def test_a_damaged_store_file_is_one_warning_and_a_fresh_compile(cache_dir, capsys, damage):
    load_patterns()
    [path] = stored(cache_dir)
    damage(path)
    forget_loaded()
    capsys.readouterr()
    assert any(line.expression.search("Please read on...") for line in load_patterns().lines)
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("mtqa: warning: pattern cache"), warnings


@pytest.mark.parametrize("bypass", ["environment", "argument", "command line"])
def test_the_store_can_be_left_out(cache_dir, tmp_path, monkeypatch, bypass):
    if bypass == "environment":
        monkeypatch.setenv("MTQA_NO_CACHE", "1")
        load_patterns(), load_calques()
    elif bypass == "argument":
        load_patterns(use_cache=False), load_calques(use_cache=False)
    else:
        article = tmp_path / "article.txt"
        article.write_text(ARTICLE, encoding="utf-8")
        result = CliRunner().invoke(cli, ["check", "--no-fluency", "--no-cache", str(article), "--format", "json"])
        rules = [f["rule"] for f in json.loads(result.stdout)["documents"][0]["findings"]]
        assert "MTQ301" in rules and "MTQ503" in rules
    assert not (cache_dir / "patterns").exists()


def test_cache_clear_removes_the_stored_lists(cache_dir):
    load_patterns(), load_calques()
    assert len(stored(cache_dir)) == 2
    assert clear_caches() >= 2
    assert stored(cache_dir) == []


def _batch_for_two_workers(tmp_path: Path) -> Path:
    """Enough text (about 500 KB) that `--jobs 2` starts two worker processes."""
    text = SEED.read_text(encoding="utf-8")
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"id": f"a{number}", "target": text}) + "\n" for number in range(220)),
                     encoding="utf-8")
    return batch


def _check_with_two_workers(tmp_path: Path, cache: Path, *options: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "MTQA_CACHE": str(cache)}
    environment.pop("MTQA_NO_CACHE", None)
    return subprocess.run([sys.executable, "-c", "from mtqa.cli import main; main()", "check", "--jobs", "2",
                           "--no-fluency", str(_batch_for_two_workers(tmp_path)), "--format", "json", "-o",
                           str(tmp_path / "report.json"), *options],
                          capture_output=True, text=True, env=environment, cwd=tmp_path, timeout=300)


def test_workers_inherit_the_lists_the_run_read_once(tmp_path):
    # The lists are loaded before the workers are forked: a cache folder that cannot be written is one warning for
    # the run, not one per list and worker.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file", encoding="utf-8")
    result = _check_with_two_workers(tmp_path, blocker)
    assert result.returncode in (0, 1), result.stderr
    assert len([line for line in result.stderr.splitlines() if "pattern cache" in line]) == 1, result.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert len(report["documents"]) == 220
    assert all(("MTQ301", "Please read on...") in {(f["rule"], f["text"]) for f in document["findings"]}
               for document in report["documents"])


def test_a_bad_list_stops_a_run_with_workers_with_one_error_line(tmp_path):
    (tmp_path / "desk.yaml").write_text(DESK.replace("(end of", "(end of (unclosed"), encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text('boilerplate-patterns = ["desk.yaml"]\n', encoding="utf-8")
    result = _check_with_two_workers(tmp_path, tmp_path / "cache")
    assert_one_error_line(result, "desk.yaml", "bad regular expression")
    # With its rules left out, the list is neither read nor checked, as in a run without workers.
    result = _check_with_two_workers(tmp_path, tmp_path / "cache", "--ignore", "MTQ301,MTQ302")
    assert result.returncode in (0, 1), result.stderr


def without_home_folder(monkeypatch) -> None:
    """A user with neither $MTQA_CACHE, $XDG_CACHE_HOME nor $HOME, and no entry in the user database."""
    from pathlib import Path

    def no_home(cls):
        raise RuntimeError("Could not determine home directory.")  # what Path.home raises then

    for variable in ("MTQA_CACHE", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(Path, "home", classmethod(no_home))


def test_without_a_home_folder_the_lists_are_compiled_without_the_store(cache_dir, monkeypatch, capsys):
    # A user with neither $MTQA_CACHE nor a home folder (a container's user without a passwd entry): a library
    # caller's check still works, without the store and without a word.
    without_home_folder(monkeypatch)
    assert any(line.expression.search("Please read on...") for line in load_patterns().lines)
    assert load_calques()
    assert capsys.readouterr().err == "" and stored(cache_dir) == []


def test_a_process_with_another_regex_default_version_stores_its_own_lists(cache_dir, tmp_path, monkeypatch):
    # regex's V1 folds "ß" to "ss", V0 does not: lists compiled under V1 must not serve a run under V0.
    street = tmp_path / "street.yaml"
    street.write_text("patterns:\n  - id: street\n    rule: boilerplate\n    pattern: 'strasse 5'\n", encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(regex, "DEFAULT_VERSION", regex.V1)
        assert any(expression.search("Straße 5") for _, expression in load_patterns((str(street),)).inline)
    forget_loaded()
    assert not any(expression.search("Straße 5") for _, expression in load_patterns((str(street),)).inline)
    assert len(stored(cache_dir)) == 2


def test_a_stored_value_of_another_kind_is_one_warning_and_a_fresh_compile(cache_dir, capsys):
    from mtqa.checks.pattern_store import MAGIC
    from mtqa.pickle_store import HEADER, stored_checksum

    fresh = load_calques()
    [path] = stored(cache_dir)
    payload = pickle.dumps(("not a calque",))  # a tuple, as the calques are, of something else
    path.write_bytes(MAGIC + HEADER.pack(stored_checksum(path.stem, payload), len(payload)) + payload)
    forget_loaded()
    capsys.readouterr()
    assert described(load_calques()) == described(fresh)
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 1 and "pattern cache" in warnings[0] and "does not hold" in warnings[0], warnings


def test_a_run_prunes_only_the_lists_it_stored_not_files_named_like_them(cache_dir, monkeypatch):
    # The store keeps its newest files; it pruned by the file ending alone, and a run deleted a user's own
    # "*.patterns" files kept in the cache folder.
    import mtqa.pickle_store

    monkeypatch.setattr(mtqa.pickle_store, "MAX_FILES", 2)
    folder = cache_dir / "patterns"
    folder.mkdir(parents=True)
    for number in range(10):
        (folder / f"list{number:02}.patterns").write_text("mine", encoding="utf-8")
    for variant in range(4):  # four lists stored, each a distinct key
        (cache_dir.parent / f"bp{variant}.yaml").write_text(
            f"patterns:\n  - {{id: p{variant}, pattern: '^Subscribe {variant}$'}}\n", encoding="utf-8")
        load_patterns((str(cache_dir.parent / f"bp{variant}.yaml"),))
        forget_loaded()
    names = sorted(path.name for path in folder.iterdir())
    assert [name for name in names if name.startswith("list")] == [f"list{number:02}.patterns" for number in range(10)]
    assert len([name for name in names if not name.startswith("list")]) == 2  # the store's own, pruned to two


def test_cache_clear_leaves_a_file_where_the_lists_folder_would_be_and_says_so(cache_dir, capsys):
    # Not a folder mtqa made: its owner decides (every run warns of it), and clear says it left it.
    cache_dir.mkdir()
    (cache_dir / "patterns").write_text("not a folder", encoding="utf-8")
    (cache_dir / "results.sqlite3").write_bytes(b"")  # an empty database, as sqlite first makes it: mtqa's
    assert clear_caches() == 1
    assert [path.name for path in cache_dir.iterdir()] == ["patterns"]
    assert "patterns: left as it is: not the folder mtqa keeps the pattern cache in" in capsys.readouterr().err


def test_cache_clear_leaves_a_linked_store_folder_and_what_lies_at_its_other_end(cache_dir, tmp_path, capsys):
    # A link planted where a store's folder would be: clearing the cache must delete neither it nor what it leads to.
    elsewhere = tmp_path / "termbases"
    elsewhere.mkdir()
    for name in ("desk.glossary", ".partial-draft", "lists.patterns"):
        (elsewhere / name).write_text("keep", encoding="utf-8")
    cache_dir.mkdir()
    (cache_dir / "glossaries").symlink_to(elsewhere, target_is_directory=True)
    (cache_dir / "patterns").symlink_to(elsewhere, target_is_directory=True)
    assert clear_caches() == 0
    assert sorted(path.name for path in elsewhere.iterdir()) == [".partial-draft", "desk.glossary", "lists.patterns"]
    assert sorted(path.name for path in cache_dir.iterdir()) == ["glossaries", "patterns"]
    assert capsys.readouterr().err.count("left as it is") == 2


def test_cache_clear_with_a_file_where_the_cache_folder_would_be_removes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path / "cache"))
    (tmp_path / "cache").write_text("not a folder", encoding="utf-8")
    assert clear_caches() == 0
    assert (tmp_path / "cache").read_text(encoding="utf-8") == "not a folder"
