"""YAML read through libyaml gives exactly what the strict pure-Python loader gives: the same values, types and
mapping lines for good documents, and for anything refused, the same error at the same line."""

from __future__ import annotations

import random

import pytest

import mtqa.yaml_input as yaml_input
from conftest import ROOT
from mtqa.errors import InputError
from mtqa.glossary.load import load_glossaries
from mtqa.yaml_input import MAX_DEPTH, YamlMapping, load_yaml

pytestmark = pytest.mark.skipif(yaml_input.FAST_LOADER is None, reason="PyYAML without libyaml")

TRICKY = [
    "a: &x 1\nb: *x\n", "a: *x\n", "a: 1\na: 2\n", "1: a\n1.0: b\n", "true: a\n1: b\n", "? [a]\n: b\n",
    "? {a: 1}\n: b\n", "a: !!python/object:os.system x\n", "a: !!set {x, y}\n", "a: !!binary aGVsbG8=\n",
    "<<: {a: 1}\n", "a: 2001-02-30\n", "a: " + "9" * 5000 + "\n", "a: !!int ''\n",
    "a: 0x1F\nb: 0o17\nc: 1_000\nd: .inf\ne: -.nan\nf: yes\ng: ~\nh: 2001-02-03\ni: 1.5e3\nj: ''\n",
    "a: 'it''s'\nb: \"\\u00e9\\x41\\N\\_\"\nc: |\n  x\n   y\nd: >-\n  f\n  g\n", "---\na: 1\n...\n", "--- a\n--- b\n",
    "a: [1, 2\n", "a:\n\t- b\n", "a: b\t\n", "a: |# c\n  x\n", "a: b: c\n", "\ufeffa: 1\n", "a: \x85b\n", "a: \x07\n",
    "%YAML 1.1\n---\na: 1\n", "a: !!str 1\n", "!\n", "- !\n", "!!map {a: 1}\n", "{a: 1, a: 2}", "[a, b]: c\n",
    "- [" * 120 + "]" * 120 + "\n", "a: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1) + "\n",
    "a: " + "[" * (MAX_DEPTH - 2) + "1" + "]" * (MAX_DEPTH - 2) + "\n",
    "a:\n  b:\n    c: d\n  e: f\ng:\n- h\n- i: j\n  k: l\n", "a: b\n# c\n\n\nd: e  # f\n", "'': x\n~: y\n",
    "entries:\n- id: a\n  canonical: R&D * 2\n  allowed: [\"x*y\", 'AT&T']\n", "", "# only a comment\n", "plain",
    # A `?` starting a token in a flow collection: an explicit key to PyYAML whatever follows, to libyaml only before
    # a space.
    "[ab ?]\n", "[a\n b ?]\n", "[a\n b ?c]\n", "{x: [a\n b ?\n ]}\n", "- [a\n  b ? c]\n", "{? a: b}\n",
    "a: Why? Because\n", "a: [Why? Because]\n",
    # A `?` outside every flow collection, with flow collections elsewhere: as in pattern files' expressions.
    "requires: [a]\npattern: '(?i)x?'\n", "a: [b]\nc: d?\n", "a: {b: c}\nd: '?'\n", "a: [b, 'c?']\n",
    "a: [b,\n  c]\nd: e ?f\n", "a: [b]\n? c\n: d\n", "a: [[b], c]\ne: [f ?g]\n", "a: 😀 [\nb: [?]\n",
    "a: {b: [c, d]}  # e?\n", "a: [b]  # ? c\n", "- [a]\n- b ?\n- {c: d?}\n",
]


def same(a: object, b: object) -> bool:
    """Equal values of equal types, mappings with equal lines and key order, all the way down."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.line == b.line and list(a) == list(b) and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:
        return b != b
    return a == b


def outcome(text: str, monkeypatch, fast: bool) -> object:
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(yaml_input, "FAST_LOADER", None)
        try:
            return load_yaml(text, "f.yaml")
        except InputError as error:
            return ("error", str(error))


def assert_same_outcome(text: str, monkeypatch) -> None:
    fast, strict = outcome(text, monkeypatch, True), outcome(text, monkeypatch, False)
    assert same(fast, strict), (text, fast, strict)


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_documents_read_as_the_strict_loader_reads_them(text, monkeypatch):
    assert_same_outcome(text, monkeypatch)


def test_every_yaml_file_of_the_project_reads_the_same(monkeypatch):
    paths = [path for pattern in ("mtqa/**/*.yaml", "tests/**/*.yaml", "seeds/*.yaml") for path in ROOT.glob(pattern)]
    assert len(paths) > 10
    for path in paths:
        assert_same_outcome(path.read_text(encoding="utf-8", errors="replace"), monkeypatch)


def test_random_yaml_like_text_reads_the_same(monkeypatch):
    pieces = list("ab1 :-[]{},'\"&*!#|>\n\n  .%@`~?") + ["- ", ": ", "\n  ", "!!str ", "!!int ", "&a ", "*a", "---\n",
                                                       "yes", "0x1", "2001-01-01", "\t", "é", "\u2028", "? "]
    rng = random.Random(4)
    for _ in range(3000):
        assert_same_outcome("".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))), monkeypatch)


def test_a_plain_glossary_is_read_without_the_pure_python_loader(monkeypatch):
    def refused(text, path):
        raise AssertionError("read by the pure-Python loader")
    monkeypatch.setattr(yaml_input, "_strict_load", refused)
    data = load_yaml((ROOT / "tests" / "corpus" / "glossary.yaml").read_text(encoding="utf-8"), "g.yaml")
    lines = [entry.line for entry in data["entries"]]
    assert isinstance(data, YamlMapping) and data.line is not None
    assert lines == sorted(set(lines)) and lines[0] > data.line


def test_pattern_files_whose_expressions_hold_question_marks_are_read_without_the_pure_python_loader(monkeypatch):
    """A `?` (a lazy or optional part of a regular expression) outside flow collections reads alike in both
    loaders; only a flow collection holding one is left to the strict loader."""
    def refused(text, path):
        raise AssertionError("read by the pure-Python loader")
    monkeypatch.setattr(yaml_input, "_strict_load", refused)
    for name in ("boilerplate.yaml", "calques.yaml"):
        assert isinstance(load_yaml((ROOT / "mtqa" / "data" / name).read_text(encoding="utf-8"), name), YamlMapping)
    own = ("patterns:\n  - id: more\n    requires: [read, more]\n    pattern: '(?i)^\\s*read (?:on|more)\\??$'\n"
           "    message: a teaser\n  - id: via\n    requires: {}\n    pattern: (?:via|from) \\w+?\n")
    assert load_yaml(own, "own.yaml")["patterns"][0]["pattern"] == "(?i)^\\s*read (?:on|more)\\??$"
    with pytest.raises(AssertionError):
        load_yaml("requires: [read more?]\n", "own.yaml")


@pytest.mark.parametrize("text, fragments", [
    ("a: &x 1\nb: *x\n", ["g.yaml:1:", "anchor '&x' refused"]),
    ("entries:\n  - id: a\n    canonical: b\n    canonical: c\n", ["g.yaml:4:", "duplicate key 'canonical'"]),
    ("entries:\n  - id: a\n    type: person\n    canonical: b\n  - id: a\n    type: person\n    canonical: c\n",
     ["g.yaml:5:", "duplicate entry id", "(entry 'a')"]),
    ("entries:\n  - id: x\n    type: term\n    canonical: " + "[" * 120 + "]" * 120 + "\n",
     ["g.yaml:4:", f"nested more than {MAX_DEPTH} levels deep"]),
    ("entries:\n  - id: x\n    type: term\n    canonical: !!python/name:os.system ''\n",
     ["g.yaml:4:", "could not determine a constructor"]),
])
def test_glossary_errors_name_file_line_and_entry_as_before(tmp_path, monkeypatch, text, fragments):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.yaml").write_text(text, encoding="utf-8")
    messages = []
    for fast in (True, False):
        with monkeypatch.context() as patch:
            if not fast:
                patch.setattr(yaml_input, "FAST_LOADER", None)
            with pytest.raises(InputError) as error:
                load_glossaries(["g.yaml"])
            messages.append(str(error.value))
    assert messages[0] == messages[1]
    for fragment in fragments:
        assert fragment in messages[0], messages[0]
