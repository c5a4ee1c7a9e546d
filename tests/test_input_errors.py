"""Bad input: one line on stderr naming the file (and line), exit code 2, nothing written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import assert_one_error_line
from conftest import check_command as check
from mtqa.cli import cli


def test_invalid_utf8(workspace):
    (workspace / "latin1.txt").write_bytes("Caf\u00e9 line one\nna\u00efve".encode("latin-1"))
    assert_one_error_line(check("latin1.txt", "--glossary", "g.yaml"), "latin1.txt:1", "invalid UTF-8")


def test_binary_file(workspace):
    (workspace / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_one_error_line(check("image.txt", "--glossary", "g.yaml"), "image.txt", "binary")


def test_missing_file(workspace):
    assert_one_error_line(check("nowhere.txt", "--glossary", "g.yaml"), "nowhere.txt", "no such file")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('["not", "an", "object"]', "expected a JSON object"),
        ('{"id": "x"}', "missing string field 'target'"),
        ('{"id": "x", "target": ', "not valid JSON"),
        ('{"id": "x", "target": "t", "source": 5}', "'source' must be a string"),
        ('{"id": "x", "target": "t", "metadata": {"mtqa_ignore": ["MTQ999"]}}', "unknown rule 'MTQ999'"),
        ('{"id": "x", "target": "t", "metadata": {"mtqa_ignore": 5}}', "must be a rule or a list of rules"),
        ('{"id": "x", "target": "t", "metadata": {"mtqa_ignore": [["MTQ101"]]}}', "must be a rule or a list"),
    ],
)
def test_bad_jsonl_line(workspace, line, message):
    (workspace / "batch.jsonl").write_text('{"id": "a", "target": "fine"}\n' + line + "\n", encoding="utf-8")
    assert_one_error_line(check("batch.jsonl", "--glossary", "g.yaml"), "batch.jsonl:2", message)


def test_invalid_utf8_in_jsonl_names_the_line(workspace):
    (workspace / "batch.jsonl").write_bytes(b'{"id": "a", "target": "fine"}\n{"id": "b", "target": "\xff"}\n')
    assert_one_error_line(check("batch.jsonl", "--glossary", "g.yaml"), "batch.jsonl:2", "invalid UTF-8")


def test_duplicate_document_ids(workspace):
    (workspace / "batch.jsonl").write_text('{"id": "a", "target": "x"}\n{"id": "a", "target": "y"}\n',
                                           encoding="utf-8")
    assert_one_error_line(check("batch.jsonl", "--glossary", "g.yaml"), "duplicate document id 'a'")


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ("name: g\nentries:\n  - {id: a, canonical: x\n", ("bad.yaml:", "malformed YAML")),
        ("name: g\nentries:\n  - id: a\n    canonical: x\n  - id: a\n    canonical: y\n",
         ("bad.yaml:5", "duplicate entry id", "'a'")),
        ("name: g\nentries:\n  - id: a\n    canonical: x\n  - id: b\n    type: person\n",
         ("bad.yaml:5", "without 'canonical'", "'b'")),
        ("name: g\nentries:\n  - id: a\n    canonical: 2024-01-01\n",
         ("bad.yaml:3", "'canonical' must be text, not date")),
        ("name: g\nentries:\n  - id: a\n    canonical: 1.5\n", ("bad.yaml:3", "'canonical' must be text, not float")),
        ("name: g\nentries:\n  - id: a\n    canonical: forced labor\n    allowed: [forced labour]\n"
         "    wrong: [Forced Labour]\n", ("bad.yaml:3", "both as allowed and as wrong", "'a'")),
        ("name: g\nentries:\n  - id: a\n    canonical: x\n    colour: red\n", ("bad.yaml:3", "unknown key")),
        ("just a string\n", ("bad.yaml", "'entries' list")),
    ],
)
def test_bad_glossary(workspace, content, fragments):
    (workspace / "bad.yaml").write_text(content, encoding="utf-8")
    assert_one_error_line(check("ok.txt", "--glossary", "bad.yaml"), *fragments)


def test_clash_of_ids_across_glossaries(workspace):
    (workspace / "other.yaml").write_text("name: o\nentries:\n  - {id: a, canonical: something else}\n",
                                          encoding="utf-8")
    assert_one_error_line(check("ok.txt", "--glossary", "g.yaml", "--glossary", "other.yaml"),
                          "other.yaml:3", "duplicate entry id", "g.yaml:3")


def test_glossary_validate_command(workspace):
    runner = CliRunner()
    assert runner.invoke(cli, ["glossary", "validate", "g.yaml"]).exit_code == 0
    (workspace / "bad.yaml").write_text("entries: [", encoding="utf-8")
    result = runner.invoke(cli, ["glossary", "validate", "bad.yaml"])
    assert result.exit_code == 2 and "bad.yaml" in result.stderr


def test_error_writes_no_report(workspace):
    result = check("ok.txt", "missing.txt", "--glossary", "g.yaml", "--format", "json", "--output", "r.json")
    assert result.exit_code == 2
    assert not (workspace / "r.json").exists()
    assert not list(workspace.glob(".r.json*"))


@pytest.mark.parametrize(("record", "fragment"), [
    ('{"id": "a", "target": "x", "source": "y", "source_lang": "zh Hans"}',
     "field 'source_lang' must be a language tag"),
    ('{"id": "a", "target": "x", "target_lang": "*a"}', "field 'target_lang' must be a language tag"),
    ('{"id": "a", "target": "x", "source_lang": "\'; DROP"}', "field 'source_lang' must be a language tag"),
])
def test_a_jsonl_language_that_is_no_tag_names_the_line(workspace, record, fragment):
    # It was taken, and the source's terms were then silently found in no language.
    (workspace / "lang.jsonl").write_text('{"id": "ok", "target": "Fine."}\n' + record + "\n", encoding="utf-8")
    assert_one_error_line(check("lang.jsonl"), "lang.jsonl:2:", fragment)


@pytest.mark.parametrize("tag", ["zh_Hant", "zh Hans", "k", "korean-language-of-seoul"])
def test_a_glossary_source_language_that_is_no_tag_names_the_entry(workspace, tag):
    # A YAML glossary took it, and its CSV export could not be imported again.
    entry = f"{{id: a, canonical: Seoul, sources: {{'{tag}': 서울}}}}"
    (workspace / "g.yaml").write_text(f"name: g\nentries:\n  - {entry}\n", encoding="utf-8")
    assert_one_error_line(check("ok.txt", "--glossary", "g.yaml"), "g.yaml:3:", "must map language tags")
