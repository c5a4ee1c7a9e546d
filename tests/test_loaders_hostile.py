"""Hostile and broken glossaries, configs, pattern files and baselines: each is refused with one line naming the file
(and line or entry) and exit code 2, never a traceback, a hang, a crash or settings silently dropped."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

import mtqa.checks.boilerplate
import mtqa.checks.pattern_files
import mtqa.io.decode
from conftest import assert_one_error_line
from conftest import check_command as check
from mtqa.cli import cli
from mtqa.config import Config, find_config, load_config
from mtqa.entities.covered import ClaimedText
from mtqa.errors import ConfigError, InputError
from mtqa.glossary.load import MAX_FORM_LENGTH, load_glossaries
from mtqa.model import Severity
from mtqa.yaml_input import MAX_DEPTH, load_yaml


def billion_laughs(value_key: str = "note") -> str:
    levels = ['l0: &l0 ["lol"]']
    levels += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 10)]
    return "\n".join(levels) + f"\nname: g\nentries:\n  - {{id: a, canonical: forced labor, {value_key}: *l9}}\n"


# --- YAML: aliases, duplicate keys, depth, values that cannot be built -------------------------------------------

@pytest.mark.parametrize("value_key", ["note", "type", "id"])
def test_billion_laughs_glossary_is_refused_at_its_first_anchor(workspace, value_key):
    (workspace / "lol.yaml").write_text(billion_laughs(value_key), encoding="utf-8")
    assert_one_error_line(check("ok.txt", "--glossary", "lol.yaml"), "lol.yaml:1:", "anchor '&l0'")


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a: &x 1\n", 1, "anchor '&x'"),
        ("a: [1]\nb: *x\n", 2, "alias '*x'"),
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first at line 1)"),
        ("entries:\n  - id: a\n    canonical: x\n    canonical: y\n", 4, "duplicate key 'canonical'"),
        ("id: 1" + "0" * 5000 + "\n", 1, "integer of thousands of digits"),
        ("when: 2001-02-30\n", 1, "day is out of range"),
        ("? [1]\n: 2\n", 1, "mapping key must be a plain value"),
        ("a: !!python/object/apply:os.system [ls]\n", 1, "malformed YAML"),
        ("a: 1\n---\nb: 2\n", 2, "single document"),
    ],
)
def test_yaml_features_mtqa_files_never_need_are_errors_at_their_line(text, line, fragment):
    with pytest.raises(InputError) as raised:
        load_yaml(text, "f.yaml")
    assert raised.value.line == line
    assert fragment in str(raised.value)


@pytest.mark.parametrize("text", [
    "x: " + "[" * 20_000 + "]" * 20_000,
    "x: " + "{a: " * 20_000 + "1" + "}" * 20_000,
    "".join(f"{'  ' * level}k{level}:\n" for level in range(MAX_DEPTH + 5)) + "  " * (MAX_DEPTH + 5) + "v\n",
])
def test_deep_nesting_is_refused_by_counting_not_by_hitting_the_recursion_limit(text):
    # The depth error, not a recursion error turned into a message: the loader counts levels as it reads them.
    with pytest.raises(InputError) as raised:
        load_yaml(text, "deep.yaml")
    assert f"nested more than {MAX_DEPTH} levels" in str(raised.value)
    assert raised.value.line is not None


def test_nesting_within_the_limit_and_plain_yaml_still_load():
    data = load_yaml("a: " + "[" * (MAX_DEPTH - 2) + "1" + "]" * (MAX_DEPTH - 2) + "\nb:\n  c: 2\n", "f.yaml")
    assert data["b"] == {"c": 2} and data["b"].line == 3 and data.line == 1


def test_deep_glossary_from_the_command_line(workspace):
    note = "[" * 20_000 + "]" * 20_000
    (workspace / "deep.yaml").write_text(f"name: g\nentries:\n  - {{id: a, canonical: x, note: {note}}}\n",
                                         encoding="utf-8")
    assert_one_error_line(check("ok.txt", "--glossary", "deep.yaml"), "deep.yaml:3:", "nested more than")


# --- Glossary: absurd forms and values of the wrong type --------------------------------------------------------

@pytest.mark.parametrize(("field", "value"), [
    ("canonical", "'{long}'"),
    ("allowed", "['{long}']"),
    ("wrong", "['{long}']"),
    ("wrong", "[{{text: '{long}'}}]"),
    ("acronym", "'{long}'"),
    ("sources", "{{ko: ['{long}']}}"),
])
def test_a_form_of_absurd_length_names_file_line_and_entry(workspace, field, value):
    canonical = "" if field == "canonical" else "canonical: forced labor, "
    value = value.format(long="x" * 600_000)
    (workspace / "long.yaml").write_text(f"name: g\nentries:\n  - {{id: x, {canonical}{field}: {value}}}\n",
                                         encoding="utf-8")
    assert_one_error_line(check("ok.txt", "--glossary", "long.yaml"),
                          "long.yaml:3:", f"'{field}", "600,000 characters", "(entry 'x')")


def test_a_form_at_the_length_limit_is_accepted(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(f"name: g\nentries:\n  - {{id: x, type: term, canonical: '{'y' * MAX_FORM_LENGTH}'}}\n",
                    encoding="utf-8")
    assert load_glossaries([str(path)]).entries[0].canonical == "y" * MAX_FORM_LENGTH


@pytest.mark.parametrize(("content", "fragments"), [
    ("name: g\nentries:\n  - {id: a, canonical: x, note: [1, 2]}\n", ("bad.yaml:3:", "'note' must be a string")),
    ("name: g\nentries:\n  - {id: a, canonical: x, type: {}}\n", ("bad.yaml:3:", "'type' must be a string")),
    ("name: [g, h]\nentries: []\n", ("bad.yaml:1:", "'name' must be a string")),
    ("name: g\nentries:\n  - {id: 1" + "0" * 5000 + ", canonical: x}\n", ("bad.yaml:3:", "thousands of digits")),
    ("name: g\nentries:\n  - {id: [a], canonical: x}\n", ("bad.yaml:3:", "without an 'id'")),
    ("name: g\nentries:\n  - {id: true, canonical: x}\n", ("bad.yaml:3:", "without an 'id'")),
    ("name: g\nentries: null\n", ("bad.yaml:1:", "'entries' list")),
    ("name: g\nentries:\n  - [a, b]\n", ("bad.yaml", "each entry must be a mapping")),
    ("name: g\nentries:\n  - {id: a, canonical: x, acronym: [X]}\n", ("bad.yaml:3:", "'acronym' must be a string")),
    ("name: g\nentries:\n  - {id: a, canonical: x, sources: {1: y}}\n", ("bad.yaml:3:", "language tags")),
    ("name: g\nentries:\n  - {id: a, canonical: x, wrong: [{text: y, note: [1]}]}\n",
     ("bad.yaml:3:", "'note' must be a string")),
    ("name: g\nentries:\n  - {id: a, canonical: x, wrong: [{text: y, severity: [major]}]}\n",
     ("bad.yaml:3:", "'severity' must be a string")),
    ("name: g\nentries:\n  - {id: a, canonical: x, wrong: [{text: y, colour: red}]}\n",
     ("bad.yaml:3:", "unknown key(s) in a 'wrong' item: colour")),
    # YAML reads these words as true or false: the line says so, or "must be a string" puzzles the editor.
    ("name: g\nentries:\n  - {id: a, canonical: Noh Hoe-chan, allowed: [Noh, no]}\n",
     ("bad.yaml:3:", "'allowed' must be", 'quote the form, as "no"')),
    ("name: g\nentries:\n  - {id: a, canonical: x, sources: {en: Off}}\n",
     ("bad.yaml:3:", "'sources.en' must be", "unquoted yes, no, on, off")),
    ("name: g\nentries:\n  - {id: a, canonical: x, wrong: [yes]}\n",
     ("bad.yaml:3:", "'wrong' items are strings", "unquoted yes, no, on, off")),
])
def test_glossary_values_of_the_wrong_type(workspace, content, fragments):
    (workspace / "bad.yaml").write_text(content, encoding="utf-8")
    assert_one_error_line(check("ok.txt", "--glossary", "bad.yaml"), *fragments)


def test_glossary_in_latin1_names_the_line(workspace):
    (workspace / "latin.yaml").write_bytes(b"name: g\nentries:\n  - {id: a, canonical: caf\xe9}\n")
    assert_one_error_line(check("ok.txt", "--glossary", "latin.yaml"), "latin.yaml:3:", "invalid UTF-8")


def test_numbers_unquoted_in_a_glossary_still_read_as_text(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("name: 2024\nentries:\n  - {id: 7, type: term, canonical: forced labor, note: a term}\n",
                    encoding="utf-8")
    glossary = load_glossaries([str(path)])
    assert glossary.names == ("2024",) and glossary.entries[0].id == "7"
    assert glossary.entries[0].origin.endswith("g.yaml:3")


# --- Config -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "fragments"), [
    ("pyproject.toml", b"tool = 1\n", ("pyproject.toml:", "'tool' must be a table")),
    ("pyproject.toml", b"[tool]\nmtqa = 5\n", ("pyproject.toml:", "[tool.mtqa] must be a table", "a number")),
    ("mtqa.toml", b"[tool]\nmtqa = [1]\n", ("mtqa.toml:", "[tool.mtqa] must be a table", "a list")),
    ("mtqa.toml", b"tool = 1\n", ("mtqa.toml:", "unknown setting(s) tool")),
    ("mtqa.toml", b'fail-on = "caf\xe9"\n', ("mtqa.toml:1:", "invalid UTF-8")),
    ("mtqa.toml", b'fail-on = "major"\nselect = [\n', ("mtqa.toml", "malformed TOML")),
    ("mtqa.toml", b'fail-on = "major"\n[severity\n', ("mtqa.toml:2:", "malformed TOML", "Expected ']'")),
    ("mtqa.toml", b"a = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", ("mtqa.toml:", "nested too deeply")),
    ("mtqa.toml", b"max-penalty = 1" + b"0" * 5000 + b"\n", ("mtqa.toml:", "thousands of digits")),
    ("mtqa.toml", b"[severity]\nMTQ101 = [1]\n", ("mtqa.toml:", "is not minor, major or critical")),
    ("mtqa.toml", b"fluency = 1\n", ("mtqa.toml:", "fluency must be true or false")),
    ("mtqa.toml", b"fluency-precision = {a = 1}\n", ("mtqa.toml:", "fluency-precision must be one of")),
    # an empty path is an unset variable more often than a choice: it was taken as no model, or named "."
    ("mtqa.toml", b'fluency-model = ""\n', ("mtqa.toml: fluency-model must be a path",)),
    ("mtqa.toml", b'boilerplate-patterns = [""]\n', ("mtqa.toml: 'boilerplate-patterns' holds an empty path",)),
    ("mtqa.toml", b'glossaries = ["g.yaml", " "]\n', ("mtqa.toml: 'glossaries' holds an empty path",)),
    ("mtqa.toml", b'calque-patterns = ["a\\u0000b.yaml"]\n', ("mtqa.toml: 'calque-patterns' holds a path with a NUL",)),
    ("mtqa.toml", b'fluency-model = "m\\u0000"\n', ("mtqa.toml: fluency-model must be a path",)),
    # a wrong rule selector is told with the file and the setting that gave it, not as if a flag were wrong
    ("mtqa.toml", b'select = ["MTQ1", "BOGUS"]\n', ("mtqa.toml: select: unknown rule selector 'BOGUS'",)),
    ("mtqa.toml", b'ignore = ["MTQ9Z"]\n', ("mtqa.toml: ignore: unknown rule selector 'MTQ9Z'",)),
    ("pyproject.toml", b'[tool.mtqa]\nextend-select = ["no-such-rule"]\n',
     ("pyproject.toml: extend-select: unknown rule selector 'no-such-rule'",)),
    # One rule given two severities, by code and by name: the later won without a word.
    ("pyproject.toml", b'[tool.mtqa.severity]\nMTQ102 = "critical"\nforbidden-term = "minor"\n',
     ("pyproject.toml: severity: 'MTQ102' and 'forbidden-term' both name MTQ102 (forbidden-term)",)),
    ("mtqa.toml", b'[severity]\nterm-variant = "minor"\nMTQ301 = "minor"\nmtq101 = "minor"\n',
     ("mtqa.toml: severity: 'term-variant' and 'mtq101' both name MTQ101",)),  # the same level is no excuse
    ("mtqa.toml", b'[severity]\nMTQ301 = "minor"\n" MTQ301" = "major"\n', ("'MTQ301' and ' MTQ301' both name",)),
    ("mtqa.toml", b'[tool.mtqa.severity]\nFORBIDDEN-TERM = "minor"\nforbidden-term = "major"\n',
     ("'FORBIDDEN-TERM' and 'forbidden-term' both name MTQ102",)),
    # mtqa.toml: settings at the top level beside [tool.mtqa] were passed over without a word.
    ("mtqa.toml", b'fail-on = "critical"\nignore = ["MTQ301"]\n\n[tool.mtqa]\njobs = 1\n',
     ("mtqa.toml: settings both at the top level (fail-on, ignore) and in [tool.mtqa]",)),
    ("mtqa.toml", b'[severity]\nMTQ301 = "minor"\n[tool.mtqa]\nfail-on = "never"\n', ("top level (severity)",)),
    ("mtqa.toml", b'[tool.mtqa]\nfail-on = "never"\n[tool.mtqa.severity]\nMTQ301 = "minor"\n[other]\nx = 1\n',
     ("top level (other) and in [tool.mtqa]",)),
])
def test_broken_configs(workspace, name, content, fragments):
    (workspace / "cfg").mkdir()
    (workspace / "cfg" / name).write_bytes(content)
    assert_one_error_line(check("ok.txt", "--config", f"cfg/{name}"), *fragments)


@pytest.mark.parametrize(("name", "content"), [
    ("mtqa.toml",
     '[tool.mtqa]\nfail-on = "critical"\n[tool.mtqa.severity]\nMTQ102 = "minor"\nterm-variant = "minor"\n'),
    ("mtqa.toml", 'fail-on = "critical"\n[severity]\nforbidden-term = "minor"\nMTQ101 = "minor"\n'),
    # pyproject.toml's other tables are the project's own.
    ("pyproject.toml", '[project]\nname = "x"\n[tool.mtqa]\nfail-on = "critical"\n[tool.mtqa.severity]\n'
                       'forbidden-term = "minor"\nMTQ101 = "minor"\n'),
])
def test_settings_in_one_place_and_one_severity_a_rule_are_applied(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    config = load_config(str(path))
    assert config.fail_on == "critical"
    assert config.severity == {"MTQ101": Severity.MINOR, "MTQ102": Severity.MINOR}


def test_config_that_is_a_folder_or_unreadable(workspace, monkeypatch):
    (workspace / "cfgdir").mkdir()
    assert_one_error_line(check("ok.txt", "--config", "cfgdir"), "cfgdir", "is a directory")
    (workspace / "locked.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    real_open = os.open

    def denied(path, *args, **kwargs):
        if str(path).endswith("locked.toml"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(mtqa.io.decode.os, "open", denied)
    assert_one_error_line(check("ok.txt", "--config", "locked.toml"), "locked.toml", "permission denied")


@pytest.mark.parametrize("key", ["fuzzy-threshold", "max-penalty", "min-fluency", "min-chrf"])
@pytest.mark.parametrize("value", ["true", "nan", "inf", "-inf", "'5'"])
def test_every_numeric_setting_must_be_a_finite_number(tmp_path, key, value):
    path = tmp_path / "mtqa.toml"
    path.write_text(f"{key} = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"{key} must be a finite number"):
        load_config(str(path))


def test_numbers_in_range_are_read_as_floats(tmp_path):
    path = tmp_path / "mtqa.toml"
    path.write_text("fuzzy-threshold = 90\nmax-penalty = 5\nmin-fluency = 60.5\nmin-chrf = 0\n", encoding="utf-8")
    config = load_config(str(path))
    assert (config.fuzzy_threshold, config.max_penalty, config.min_fluency, config.min_chrf) == (90.0, 5.0, 60.5, 0.0)


@pytest.mark.parametrize(("content", "expected"),
                         [("", None), ("fluency = true\n", True), ("fluency = false\n", False)])
def test_fluency_is_none_unless_the_config_sets_it(tmp_path, content, expected):
    path = tmp_path / "mtqa.toml"
    path.write_text(content, encoding="utf-8")
    assert load_config(str(path)).fluency is expected
    assert Config().fluency is None


PYPROJECT_SETTINGS = b'[tool.mtqa]\nfail-on = "never"\n'


@pytest.mark.parametrize(("content", "fragments"), [
    (PYPROJECT_SETTINGS + b"[project\n", ("pyproject.toml:3:", "malformed TOML")),
    (PYPROJECT_SETTINGS + b"# caf\xe9\n", ("pyproject.toml:3:", "invalid UTF-8")),
    ("\ufeff[tool.mtqa]\nfail-on = 'never'\n".encode("utf-16-le"), ("pyproject.toml", "UTF-16")),
])
def test_a_broken_pyproject_that_holds_mtqa_settings_is_an_error_not_ignored(workspace, content, fragments):
    (workspace / "pyproject.toml").write_bytes(content)
    assert_one_error_line(check("bad.txt", "--glossary", "g.yaml"), *fragments)


@pytest.mark.parametrize("content", [b"[project\nname = 'x'\n", b"[project]\nname = 'caf\xe9'\n", b"tool = 1\n",
                                     b"[tool.black]\nline-length = 100\n"])
def test_a_pyproject_without_mtqa_settings_is_passed_over(workspace, content):
    (workspace / "pyproject.toml").write_bytes(content)
    assert find_config(workspace) is None
    assert check("ok.txt", "--glossary", "g.yaml").exit_code == 0


def test_a_valid_pyproject_with_settings_is_found_and_applied(workspace):
    (workspace / "pyproject.toml").write_bytes(PYPROJECT_SETTINGS)
    assert find_config(workspace) == str(workspace / "pyproject.toml")
    assert check("bad.txt", "--glossary", "g.yaml").exit_code == 0  # fail-on = never


# --- Baseline ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "fragments"), [
    ('{"mtqa_baseline": "1", "findings": 5}', ("'findings' must be a list",)),
    ('{"mtqa_baseline": "1", "findings": null}', ("'findings' must be a list",)),
    ('{"mtqa_baseline": "1", "findings": ' + "[" * 100_000 + "]" * 100_000 + "}", ("nested too deeply",)),
    ("not json", ("bl.json:1:", "not valid JSON")),
    ('{"mtqa_baseline": "2", "findings": []}', ("baseline format '2'", "version 1")),
    ('{"mtqa_baseline": 1, "findings": []}', ("'mtqa_baseline' must be the string \"1\"", "not a number")),
    ('["mtqa_baseline"]', ("not an mtqa baseline",)),
    ('{"mtqa_baseline": "1", "findings": [{"doc": "a", "fingerprint": "x"}, 7]}', ("(entry 'findings[1]')",)),
    ('{"mtqa_baseline": "1", "findings": [{"doc": ["a"], "fingerprint": "x"}]}', ("(entry 'findings[0]')",)),
    ('{"mtqa_baseline": "1", "findings": [{"doc": "a", "fingerprint": 5}]}', ("'doc' and 'fingerprint' strings",)),
    ('{"mtqa_baseline": "1", "findings": [{"doc": 1' + "0" * 5000 + ', "fingerprint": "x"}]}',
     ("thousands of digits",)),
])
def test_broken_baselines(workspace, content, fragments):
    (workspace / "bl.json").write_text(content, encoding="utf-8")
    assert_one_error_line(check("ok.txt", "--baseline", "bl.json"), "bl.json", *fragments)


def test_baseline_that_is_a_folder_or_latin1(workspace):
    (workspace / "bldir").mkdir()
    assert_one_error_line(check("ok.txt", "--baseline", "bldir"), "bldir", "is a directory")
    (workspace / "latin.json").write_bytes(b'{"mtqa_baseline": "1", "findings": [], "x": "caf\xe9"}')
    assert_one_error_line(check("ok.txt", "--baseline", "latin.json"), "latin.json:1:", "invalid UTF-8")


def test_a_created_baseline_still_hides_its_findings(workspace):
    runner = CliRunner()
    created = runner.invoke(cli, ["baseline", "create", "base.json", "bad.txt", "--glossary", "g.yaml",
                                  "--no-fluency"])
    assert created.exit_code == 0, created.output
    assert check("bad.txt", "--glossary", "g.yaml", "--baseline", "base.json").exit_code == 0
    assert check("bad.txt", "--glossary", "g.yaml").exit_code == 1


# --- Pattern files ----------------------------------------------------------------------------------------------

def _with_patterns(workspace, content: bytes | str, key: str = "boilerplate-patterns"):
    """A pattern file named by a config given by its absolute path (pattern sets are cached by file path)."""
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    (workspace / "house.yaml").write_bytes(data)
    (workspace / "mtqa.toml").write_text(f'{key} = ["house.yaml"]\n', encoding="utf-8")


@pytest.mark.parametrize(("content", "fragments"), [
    ("patterns:\n  - {id: x, pattern: 5}\n", ("house.yaml:2:", "non-empty string", "(entry 'x')")),
    ("patterns:\n  - {id: [x], pattern: '^x$'}\n", ("house.yaml:2:", "needs an 'id'")),
    ("patterns:\n  - {id: true, pattern: '^x$'}\n", ("house.yaml:2:", "needs an 'id'")),
    ("patterns: {id: x}\n", ("house.yaml:1:", "a 'patterns' list")),
    ("patterns:\n  - just a string\n", ("house.yaml", "must be a mapping")),
    ("patterns:\n  - {id: x, pattern: '^x$', requires: 5}\n", ("house.yaml:2:", "'requires' must be a list")),
    ("patterns:\n  - {id: x, pattern: '^x$', message: [a]}\n", ("house.yaml:2:", "'message' must be a string")),
    ("patterns:\n  - {id: x, pattern: '^x$', rule: [boilerplate]}\n", ("house.yaml:2:", "rule must be")),
    ("patterns:\n  - {id: x, pattern: '^x$', requries: [x]}\n", ("house.yaml:2:", "unknown key(s) requries")),
    ("patterns:\n  - {id: x, pattern: '(unclosed'}\n", ("house.yaml:2:", "bad regular expression")),
    ("patterns:\n  - &p {id: x, pattern: '^x$'}\n  - *p\n", ("house.yaml:2:", "anchor '&p'")),
    ("patterns:\n  - {id: x, pattern: '^x$', pattern: '^y$'}\n", ("house.yaml:2:", "duplicate key 'pattern'")),
    (b"patterns:\n  - {id: x, pattern: '^caf\xe9$'}\n", ("house.yaml:2:", "invalid UTF-8")),
])
def test_broken_boilerplate_pattern_files(workspace, content, fragments):
    _with_patterns(workspace, content)
    assert_one_error_line(check("ok.txt", "--config", str(workspace / "mtqa.toml")), *fragments)


@pytest.mark.parametrize(("content", "fragments"), [
    ("calques:\n  - {id: [c], swap: {a: b}}\n", ("house.yaml:2:", "needs an 'id'")),
    ("calques: 5\n", ("house.yaml:1:", "a 'calques' list")),
    (b"calques:\n  - {id: c, swap: {caf\xe9: b}}\n", ("house.yaml:2:", "invalid UTF-8")),
    ("calques:\n  - {id: c, note: none}\n", ("house.yaml:2:", "needs 'swap'", "(entry 'c')")),
    ("calques:\n  - {id: c, swap: {a: [b]}}\n", ("house.yaml:2:", "must be a string", "(entry 'c')")),
    ("calques:\n  - {id: c, swap: {'(a': b}}\n", ("house.yaml:2:", "bad regular expression", "(entry 'c')")),
    ("calques:\n  - {id: c, swap: {a: b}, context: '(?P=x)'}\n", ("house.yaml:2:", "unknown group", "(entry 'c')")),
    ("calques:\n  - {id: c, swap: {a: b}, unless: 5}\n", ("house.yaml:2:", "non-empty string", "(entry 'c')")),
])
def test_broken_calque_pattern_files(workspace, content, fragments):
    _with_patterns(workspace, content, key="calque-patterns")
    assert_one_error_line(check("ok.txt", "--config", str(workspace / "mtqa.toml")), *fragments)


@pytest.mark.parametrize(("pattern", "text"), [("^(a|aa)+$", "a" * 60 + "!"), ("(b|bb)+c", "x " + "b" * 60 + "!")])
def test_a_pattern_that_backtracks_without_end_is_stopped(workspace, monkeypatch, pattern, text):
    monkeypatch.setattr(mtqa.checks.boilerplate, "SEARCH_TIMEOUT", 0.05)
    monkeypatch.setattr(mtqa.checks.pattern_files, "SEARCH_TIMEOUT", 0.05)
    _with_patterns(workspace,
                   f"patterns:\n  - {{id: fine, pattern: '^fine$'}}\n  - {{id: slow, pattern: '{pattern}'}}\n")
    (workspace / "article.txt").write_text(f"Fine.\n{text}\n", encoding="utf-8")
    assert_one_error_line(check("article.txt", "--config", str(workspace / "mtqa.toml")),
                          "house.yaml:3:", "ran too long on article", "(entry 'slow')")


def test_a_pattern_slow_on_every_line_but_within_the_limit_on_each_is_stopped(workspace, monkeypatch):
    """The allowance is the article's, not each line's: a pattern taking most of it on every line stops the run
    instead of costing the limit once per line."""
    monkeypatch.setattr(mtqa.checks.boilerplate, "SEARCH_TIMEOUT", 0.6)
    monkeypatch.setattr(mtqa.checks.pattern_files, "SEARCH_TIMEOUT", 0.6)
    _with_patterns(workspace, "patterns:\n  - {id: fine, pattern: '^fine$'}\n  - {id: slow, pattern: '^(a|aa)+$'}\n")
    (workspace / "article.txt").write_text("Fine.\n" + ("a" * 27 + "!\n") * 40, encoding="utf-8")
    assert_one_error_line(check("article.txt", "--config", str(workspace / "mtqa.toml")),
                          "house.yaml:3:", "ran too long on article", "(entry 'slow')")


def test_an_article_of_many_short_lines_is_no_runaway(workspace, monkeypatch):
    """The allowance grows with the lines: tens of thousands of short lines took longer than the allowance for the
    article's characters alone, and the run stopped blaming a shipped pattern."""
    monkeypatch.setattr(mtqa.checks.pattern_files, "SEARCH_TIMEOUT", 0.01)
    (workspace / "article.txt").write_text("Seoul unveiled a plan.\n" + "Ok.\n" * 20000, encoding="utf-8")
    result = check("article.txt")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("entry", ["{id: slow, swap: {'(b|bb)+c': x}}",
                                   "{id: slow, swap: {'fine': x}, context: '(b|bb)+c'}",
                                   "{id: slow, swap: {'fine': x}, unless: '(b|bb)+c'}"])
def test_a_calque_pattern_that_backtracks_without_end_is_stopped(workspace, monkeypatch, entry):
    monkeypatch.setattr(mtqa.checks.pattern_files, "SEARCH_TIMEOUT", 0.05)
    _with_patterns(workspace, f"calques:\n  - {{id: ok, swap: {{'okay': x}}}}\n  - {entry}\n", key="calque-patterns")
    (workspace / "article.txt").write_text(f"Fine {'b' * 60}!\n", encoding="utf-8")
    assert_one_error_line(check("article.txt", "--config", str(workspace / "mtqa.toml")),
                          "house.yaml:3:", "ran too long on article", "(entry 'slow')")


def test_a_user_pattern_that_matches_is_reported(workspace):
    _with_patterns(workspace, "patterns:\n  - {id: sign-off, pattern: '^[ \\t]*\\(end of desk copy\\)[ \\t]*$', "
                              "requires: ignored-for-whole-line-patterns}\n")
    (workspace / "article.txt").write_text("Fine.\n(End of desk copy)\n", encoding="utf-8")
    result = check("article.txt", "--config", str(workspace / "mtqa.toml"), "--format", "json")
    texts = [f["text"] for doc in json.loads(result.stdout)["documents"] for f in doc["findings"]]
    assert texts == ["(End of desk copy)"]


# --- Line ends --------------------------------------------------------------------------------------------------

FURNITURE = ["Seoul news. Officials said so. Please read on...", "Advertisement", "Back to top", "(Yonhap photo)",
             "The talks resume on Monday."]


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_whole_line_boilerplate_is_found_whatever_the_line_ends(workspace, line_end):
    def found(name: str, line_end: str) -> list[tuple[str, str]]:
        (workspace / name).write_bytes(line_end.join(FURNITURE).encode("utf-8") + line_end.encode("utf-8"))
        result = check(name, "--format", "json")
        return [(f["rule"], f["text"]) for doc in json.loads(result.stdout)["documents"] for f in doc["findings"]]

    with_lf = found("lf.txt", "\n")
    assert ("MTQ301", "Advertisement") in with_lf and ("MTQ302", "(Yonhap photo)") in with_lf
    assert ("MTQ301", "Please read on...") in with_lf
    assert found("other.txt", line_end) == with_lf


def test_claimed_spans_refuse_any_overlap_and_accept_neighbours():
    spans = ClaimedText(50)
    assert spans.claim(10, 20) and spans.claim(30, 40) and spans.claim(20, 30) and spans.claim(0, 10)
    assert not spans.claim(5, 6) and not spans.claim(19, 21) and not spans.claim(0, 50) and not spans.claim(39, 45)
    assert spans.claim(40, 45)
