"""Input that tries to reach a log, a terminal or a reader raw through the machine formats, the verdict lines of an
incomplete run, and file names that must still name their file."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from conftest import check_command, compile_entries
from mtqa.display import shown
from mtqa.gate import judge
from mtqa.model import Document, SkippedInput
from mtqa.pipeline import CheckOptions, check_batch
from mtqa.report import FORMATS
from mtqa.report.github import step_summary
from mtqa.report.html import render_html
from mtqa.report.sarif import _uri

ENTRIES = [{"id": "toil", "type": "term", "canonical": "slave toil\n::error::GLOSS\u202e", "wrong": ["job toil"]}]
INVISIBLE = "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\U000e0041\U000e007f"
UNSAFE = "\x1b[31m\x85\x7f\u2028\u2029\u202e\u2066" + INVISIBLE


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):
    return compile_entries(ENTRIES, tmp_path_factory.mktemp("glossary"))


def hostile(glossary):
    name = f"x\n::error::FNAME{UNSAFE}.txt"
    report = check_batch([Document(id=name, target=f"They used job toil. {UNSAFE}", path=name)], glossary,
                         CheckOptions())
    skipped = (SkippedInput(f"d/x\n::error::SKIP{UNSAFE}.txt", f"not valid\n::error::WHY{UNSAFE}"),)
    return replace(report, skipped=skipped, glossaries=(f"g\n::error::G{UNSAFE}.yaml",))


def raw(text: str) -> list[str]:
    return [char for char in text if char not in "\n\t" and shown(char) != char]


@pytest.mark.parametrize("invisible", list(INVISIBLE))
def test_shown_makes_invisible_characters_visible(invisible):
    assert shown(f"report{invisible}.txt") != "report.txt" and shown(invisible).startswith("\\")


def test_shown_keeps_joiners_and_plain_text():
    for text in ("می\u200cخواهم", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "Łódź 北京 café"):
        assert shown(text) == text


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_no_format_lets_input_start_a_line_or_act_raw(glossary, name):
    report = hostile(glossary)
    output = FORMATS[name](report, judge(report, "major"))
    own = ("::error file=", "::error title=", "::warning title=", "::notice title=") if name == "github" else ()
    assert not [line for line in output.splitlines() if line.lstrip().startswith("::") and not line.startswith(own)]
    assert not raw(output)
    assert "FNAME" in output and "GLOSS" in output or name == "junit" and "FNAME" in output


def test_junit_keeps_input_on_its_line_in_text_and_attributes(glossary):
    output = FORMATS["junit"](*(lambda r: (r, judge(r, "major")))(hostile(glossary)))
    assert "slave toil\\n::error::GLOSS\\u202e" in output
    assert "x\\n::error::FNAME" in output and "&#10;::error" not in output


@pytest.mark.parametrize("name", ["json", "sarif", "gitlab"])
def test_json_formats_escape_unsafe_characters_and_parse_back_to_the_same_text(glossary, name):
    report = hostile(glossary)
    output = FORMATS[name](report, judge(report, "major"))
    assert "\\u202e" in output and "\\u2028" in output and "\\udb40\\udc41" in output
    assert f"x\n::error::FNAME{UNSAFE}.txt" in strings(json.loads(output))
    assert "é" in FORMATS[name](*_clean(glossary, "café"))  # readable text stays as it is


def strings(value) -> set[str]:
    if isinstance(value, str):
        return {value}
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return set().union(*(strings(item) for item in items))


def _clean(glossary, word):
    report = check_batch([Document(id=f"{word}.txt", target=f"They used job toil at the {word}.",
                                   path=f"{word}.txt")], glossary, CheckOptions())
    return report, judge(report, "major")


def test_html_writes_no_raw_control_and_keeps_the_text(glossary):
    report = hostile(glossary)
    page = render_html(report, judge(report, "major"))
    assert not raw(page)
    assert "&#x1b;[31m" in page and "&#x202e;" in page and "\x85" not in page


@pytest.mark.parametrize("block", [1, 7, 500])
def test_html_escapes_the_same_wherever_its_blocks_are_cut(glossary, monkeypatch, block):
    """The page is looked over for unsafe characters a block of pieces at a time: cut anywhere, it is the same
    page, tabs and line breaks (its layout) raw and every unsafe character a reference."""
    import mtqa.report.html

    report = hostile(glossary)
    verdict = judge(report, "major")
    whole = render_html(report, verdict)
    monkeypatch.setattr(mtqa.report.html, "BLOCK_CHARACTERS", block)
    assert render_html(report, verdict) == whole
    assert not raw(whole)
    assert "&#x2028;" in whole and "&#x1b;" in whole and "&#xa;" not in whole and "&#x9;" not in whole


@pytest.mark.parametrize(("path", "uri"), [
    ("d2/\\back.txt", "d2/%5Cback.txt"),
    ("a b/c%d#e?.txt", "a%20b/c%25d%23e%3F.txt"),
    ("x:y.txt", "x%3Ay.txt"),
    ("news/ok.txt", "news/ok.txt"),
])
def test_sarif_uri_names_the_file(path, uri):
    assert _uri(path) == uri


def test_sarif_and_gitlab_name_a_file_with_a_backslash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d2").mkdir()
    (tmp_path / "d2" / "\\back.txt").write_text("Yoon Suk-yue met Yoon Suk Yeol.\n", encoding="utf-8")
    sarif = json.loads(check_command("d2", "--format", "sarif").output)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for result in sarif["runs"][0]["results"] for loc in result["locations"]}
    assert uris == {"d2/%5Cback.txt"}
    gitlab = json.loads(check_command("d2", "--format", "gitlab").output)
    assert {issue["location"]["path"] for issue in gitlab} == {"d2/\\back.txt"}


@pytest.mark.parametrize("fail_on", ["major", "never"])
def test_an_incomplete_run_says_so_first_in_every_verdict_line(glossary, fail_on):
    report, _ = _clean(glossary, "plant")
    report = replace(report, skipped=(SkippedInput("bad.txt", "not valid UTF-8"),))
    verdict = judge(report, fail_on)
    word = "passed" if verdict.passed else "failed"
    heading = step_summary(report, verdict).splitlines()[0]
    assert heading.startswith(f"## mtqa: INCOMPLETE: 1 input(s) not checked; {word} on the checked articles")
    notice = FORMATS["github"](report, verdict).splitlines()[-1]
    assert notice.startswith(f"::notice title=mtqa gate::INCOMPLETE: 1 input(s) not checked; gate {word} on")
    assert "<title>mtqa: incomplete, " in render_html(report, verdict)


def test_the_text_report_closes_with_incomplete_then_the_gate(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "ok.txt").write_text("fine\n", encoding="utf-8")
    (tmp_path / "d" / "bad.txt").write_bytes(b"bad\xff")
    result = check_command("--keep-going", "d")
    last = result.output.rstrip().splitlines()[-1]
    assert last == "INCOMPLETE: 1 input(s) not checked; PASSED on the checked articles (fail-on major)"
    complete = check_command("d/ok.txt").output.rstrip().splitlines()[-1]
    assert complete == "PASSED (fail-on major)"
