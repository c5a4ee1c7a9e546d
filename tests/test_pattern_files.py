"""The editable pattern lists (boilerplate and calques): a config adds files to the shipped lists, and a bad file
is an input error that names it."""

from __future__ import annotations

import json

from click.testing import CliRunner

from mtqa.cli import cli

CONFIG = 'boilerplate-patterns = ["house/furniture.yaml"]\ncalque-patterns = ["house/calques.yaml"]\n'
FURNITURE = """\
patterns:
  - id: desk-sign-off
    rule: boilerplate
    pattern: '^[ \\t]*\\(end of desk copy\\)[ \\t]*$'
    message: the desk's sign-off
"""
CALQUES = """\
calques:
  - id: hot-potato-issue
    swap: {'\\bhot[ \\t]+potato[ \\t]+issue\\b': thorny issue}
    context: '\\btalks?\\b'
    note: a house style entry
"""
ARTICLE = ("The hot potato issue dominated the talks, and relations are gradually melting.\n"
           "(End of desk copy)\nA hot potato issue for voters.\n")


def _check(tmp_path, furniture: str = FURNITURE, calques: str = CALQUES):
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "furniture.yaml").write_text(furniture, encoding="utf-8")
    (tmp_path / "house" / "calques.yaml").write_text(calques, encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    return CliRunner().invoke(cli, ["check", "--no-fluency", "article.txt", "--format", "json",
                                    "--config", str(tmp_path / "mtqa.toml")], catch_exceptions=False)


def test_config_files_extend_the_shipped_lists(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _check(tmp_path)
    findings = json.loads(result.stdout)["documents"][0]["findings"]
    found = {(f["rule"], f["text"], f["suggestion"]) for f in findings}
    assert ("MTQ503", "hot potato issue", "thorny issue") in found  # the user's calque, in its context
    assert ("MTQ503", "melting", "thawing") in found  # the shipped list still applies
    assert ("MTQ301", "(End of desk copy)", "") in found
    assert len([f for f in findings if f["text"] == "hot potato issue"]) == 1  # not outside its context


def test_a_bad_pattern_file_is_an_input_error_naming_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _check(tmp_path, calques="calques:\n  - id: broken\n    swap: {'(unclosed': x}\n")
    assert result.exit_code == 2
    assert "house/calques.yaml" in result.stderr and "broken" in result.stderr


def test_a_calque_without_swap_is_an_input_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _check(tmp_path, calques="calques:\n  - id: empty\n    note: nothing to swap\n")
    assert result.exit_code == 2
    assert "swap" in result.stderr
