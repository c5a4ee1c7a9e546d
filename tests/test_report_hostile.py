"""Every renderer on hostile text: ids, paths and article text that try to write workflow commands, Markdown links,
markup or invalid JSON; and every format saying when the run is incomplete or fluency was not scored."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from junitparser import Error, JUnitXml, Skipped
from markdown_it import MarkdownIt
from test_ci_formats import validate

from conftest import compile_entries
from mtqa.display import shown
from mtqa.gate import GateSettings, judge
from mtqa.model import ArticleFluency, Category, Document, DocumentResult, Finding, Severity, SkippedInput, Span
from mtqa.pipeline import CheckOptions, check_batch
from mtqa.report import FORMATS
from mtqa.report.github import render_github, step_summary
from mtqa.report.html import render_html
from mtqa.report.text_report import render_text

ENTRIES = [
    {"id": "forced-labor", "type": "term", "canonical": "forced labor", "wrong": ["job labor"]},
    {"id": "kishida", "type": "person", "canonical": "Fumio Kishida", "allowed": ["Kishida"]},
]
INJECTED_ID = "a\n::error title=Injected::not from mtqa\n::stop-commands::tok123\r::add-mask::x"
LINK_ID = "[Approve here](https://evil.example/login)![x](https://evil.example/p.png)"
# Characters that move the cursor, end a line for some readers, or reorder what is displayed.
UNSAFE_CHARS = "\x1b[31m\x85\u2028\u2029\u202e\u2066\x00\x07"
COMMANDS = ("::error ", "::error::", "::warning ", "::warning::", "::notice ", "::notice::")
SKIPPED = (SkippedInput("news/broken.txt", "not valid UTF-8"),
           SkippedInput("batch.jsonl", "malformed JSON: Expecting value", line=3))
NOT_INSTALLED = "the fluency model is not installed (pip install 'mtqa[fluency]')"


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):
    return compile_entries(ENTRIES, tmp_path_factory.mktemp("glossary"))


def build(glossary, documents, settings="major"):
    report = check_batch(documents, glossary, CheckOptions())
    return report, judge(report, settings)


def text_report(report, verdict) -> str:
    stream = io.StringIO()
    render_text(report, verdict, stream, colour=False)
    return stream.getvalue()


def raw_controls(line: str) -> list[str]:
    """Characters in `line` that `shown` would have made visible."""
    return [char for char in line if shown(char) != char]


def hostile_result(doc_id: str, path: str | None) -> DocumentResult:
    """A finding whose text, suggestion and message (which quotes the text) hold every unsafe character: the rules
    only quote what they match, but a glossary form or a future rule may hold anything."""
    text = f"job{UNSAFE_CHARS}labor"
    target = f"Victims of {text} protested."
    finding = Finding(rule="MTQ102", name="forbidden-term", severity=Severity.MAJOR, category=Category.TERMINOLOGY,
                      message=f"'{text}' is a wrong rendering\n::error::of 'forced labor'", doc=doc_id,
                      span=Span(11, 11 + len(text)), text=text, suggestion=f"forced\r\n::warning::{UNSAFE_CHARS}",
                      fingerprint="0" * 20)
    assert target[finding.span.start:finding.span.end] == finding.text
    return DocumentResult(Document(id=doc_id, target=target, path=path), (finding,))


@pytest.fixture
def hostile(glossary):
    """Ids, a path and finding text full of line breaks, escapes and bidi controls, in a file and in a batch."""
    report, _ = build(glossary, [
        Document(id=INJECTED_ID, target="Fumio Kishda spoke. Victims of job labor.", path="b.jsonl"),
        Document(id=LINK_ID, target="Kishda said no.", path="m.jsonl"),
    ])
    file_id = "d/a\n::add-mask::x.txt"
    report = replace(report, results=(*report.results, hostile_result(file_id, file_id),
                                      hostile_result(f"batch{UNSAFE_CHARS}", "c.jsonl")))
    return report, judge(report, "major")


# ------------------------------------------------------------------------------------------- text and GitHub lines

def test_text_report_starts_no_line_that_mtqa_did_not_write(hostile):
    report, verdict = hostile
    output = text_report(report, verdict)
    lines = output.splitlines()
    assert not [line for line in lines if line.lstrip().startswith("::")]
    assert all(raw_controls(line) == [] for line in lines)
    assert shown(INJECTED_ID) in output and "d/a\\n::add-mask::x.txt" in output
    for visible in ("\\x1b[31m", "\\u202e", "\\u2066", "\\x00", "\\x07", f"batch{shown(UNSAFE_CHARS)}"):
        assert visible in output  # in the finding's text, its suggestion and an id


def test_text_report_shows_rich_markup_in_input_as_text(glossary):
    report, verdict = build(glossary, [Document(id="[bold red]x[/bold red] [link=https://e.example]y[/link]",
                                                target="job labor", path="x.jsonl")])
    assert "[bold red]x[/bold red] [link=https://e.example]y[/link]" in text_report(report, verdict)


def test_github_annotations_are_only_mtqas_own_lines(hostile):
    report, verdict = hostile
    output = render_github(report, verdict)
    lines = output.splitlines()
    assert len(lines) == output.count("\n") and lines
    assert all(line.startswith(COMMANDS) for line in lines), output
    assert all(raw_controls(line) == [] for line in lines)
    assert not any("::stop-commands::" in line.split("::", 2)[1] for line in lines)  # not in any command's head
    batch = [line for line in lines if "file=b.jsonl" in line]
    assert batch and all(f"[{shown(INJECTED_ID)} " in line for line in batch)
    # the file name is a property: made visible whole, then %-encoded
    assert "file=d/a\\n%3A%3Aadd-mask%3A%3Ax.txt," in output
    for escape in ("\\x1b", "\\x85", "\\u2028", "\\u202e"):
        assert escape in output


def test_github_messages_keep_the_workflow_command_encoding(glossary):
    """CR and LF inside a finding's text stay %-encoded as the format wants (GitHub shows them as line breaks inside
    the annotation); a % is encoded so that it cannot start one."""
    report, verdict = build(glossary, [Document(id="a.txt", target="A job\r\nlabor 100%0A.", path="a.txt")])
    (line,) = [line for line in render_github(report, verdict).splitlines() if line.startswith("::error")]
    assert "job%0D%0Alabor" in line and "100%250A" not in line  # the finding's text ends at "labor"
    report, verdict = build(glossary, [Document(id="a.txt", target="job labor 100%0A", path="a.txt")])
    assert "%0A" not in render_github(report, verdict).split("gate")[0].replace("%250A", "")


# ----------------------------------------------------------------------------------------------- GitHub job summary

def rendered_markdown(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)


class _Cells(HTMLParser):
    """The tags of rendered Markdown and the text of each table row's cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.rows: list[list[str]] = []

        self.in_cell = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.rows[-1].append("")
            self.in_cell = True

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.in_cell = False

    def handle_data(self, data):
        if self.in_cell:
            self.rows[-1][-1] += data


def test_job_summary_shows_ids_as_text_never_links_images_or_html(glossary):
    ids = [LINK_ID, "<img src=x onerror=alert(1)>|</td>", "mail evil@evil.example or www.evil.example/x",
           "**bold** `code` ~~gone~~ $x^2$ <https://e.example> \\| &amp;", INJECTED_ID, "news/a.txt"]
    report, verdict = build(glossary, [Document(id=doc_id, target="job labor", path="b.jsonl") for doc_id in ids])
    summary = step_summary(report, verdict)
    parser = _Cells()
    parser.feed(rendered_markdown(summary))
    assert not {"a", "img", "strong", "em", "code", "del", "script"} & set(parser.tags)
    worst = [row for row in parser.rows if len(row) == 5 and row[0] != "article"]
    assert sorted(row[0] for row in worst) == sorted(shown(doc_id) for doc_id in ids)  # each id, exactly as text
    assert {len(row) for row in parser.rows} == {2, 5}  # severity and rule tables, worst articles: no extra cell
    # GFM autolinks start at a scheme's ':' , an e-mail's '@' or "www.": none is left unescaped
    rows = summary.split("### Worst articles")[1].strip().splitlines()[2:]
    assert len(rows) == len(ids) and not re.search(r"(?<!\\)(:|@|www\.)", "".join(rows))
    assert "news/a.txt" in summary  # paths stay readable


def test_job_summary_clean_ids_read_plainly(glossary):
    report, verdict = build(glossary, [Document(id="seeds/000_a.txt", target="Kishida spoke.", path="x")])
    summary = step_summary(report, verdict)
    assert "INCOMPLETE" not in summary and "fluency not scored" not in summary
    assert summary.startswith("## mtqa: passed (fail-on major)")


# ------------------------------------------------------------------------------------ incomplete runs, every format

@pytest.fixture
def incomplete(glossary):
    report, verdict = build(glossary, [Document(id="news/a.txt", target="Victims of job labor.", path="news/a.txt")])
    return replace(report, skipped=SKIPPED, fluency_skipped=NOT_INSTALLED), verdict


@pytest.fixture
def complete(glossary):
    return build(glossary, [Document(id="news/a.txt", target="Victims of job labor.", path="news/a.txt")])


def test_text_report_lists_the_inputs_not_checked(incomplete, complete):
    output = text_report(*incomplete)
    block = output[output.index("INCOMPLETE: 2 input(s) not checked:"):]
    assert "news/broken.txt: not valid UTF-8" in block and "batch.jsonl:3: malformed JSON" in block
    # the closing verdict says first that it does not cover everything, then the gate's result
    assert block.rstrip().splitlines()[-1].startswith("INCOMPLETE: 2 input(s) not checked; FAILED on the checked")
    assert f"fluency not scored: {NOT_INSTALLED}" in output
    clean = text_report(*complete)
    assert "INCOMPLETE" not in clean and "fluency not scored" not in clean


def test_json_says_complete_or_not(incomplete, complete):
    report = json.loads(FORMATS["json"](*incomplete))
    assert report["complete"] is False
    assert report["skipped_inputs"] == [
        {"path": "news/broken.txt", "line": None, "reason": "not valid UTF-8"},
        {"path": "batch.jsonl", "line": 3, "reason": "malformed JSON: Expecting value"}]
    assert report["fluency_skipped"] == NOT_INSTALLED
    clean = json.loads(FORMATS["json"](*complete))
    assert (clean["complete"], clean["skipped_inputs"], clean["fluency_skipped"]) == (True, [], None)


def test_sarif_marks_the_invocation_unsuccessful(incomplete, complete):
    log = json.loads(FORMATS["sarif"](*incomplete))
    validate(log)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    errors = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert [(n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             n["locations"][0]["physicalLocation"].get("region")) for n in errors] == [
        ("news/broken.txt", None), ("batch.jsonl", {"startLine": 3})]
    assert "not valid UTF-8" in errors[0]["message"]["text"]
    (warning,) = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "warning"]
    assert NOT_INSTALLED in warning["message"]["text"]
    assert log["runs"][0]["properties"]["complete"] is False
    clean = json.loads(FORMATS["sarif"](*complete))
    validate(clean)
    assert clean["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_junit_errors_a_case_per_input_not_checked(incomplete, complete):
    (suite,) = JUnitXml.fromstring(FORMATS["junit"](*incomplete).encode())
    assert (suite.errors, suite.skipped) == (2, 1)
    errored = {case.name: case.result[0] for case in suite if case.result and isinstance(case.result[0], Error)}
    assert set(errored) == {"news/broken.txt", "batch.jsonl:3"}
    assert "not valid UTF-8" in errored["news/broken.txt"].message
    (fluency,) = [case for case in suite if case.name == "fluency"]
    assert isinstance(fluency.result[0], Skipped) and NOT_INSTALLED in fluency.result[0].message
    (clean,) = JUnitXml.fromstring(FORMATS["junit"](*complete).encode())
    assert (clean.errors, clean.skipped) == (0, 0)


def test_html_shows_a_banner(incomplete, complete):
    page = render_html(*incomplete)
    banner = page[page.index('<div class="incomplete" role="alert">'):]
    banner = banner[:banner.index("</div>")]
    assert "INCOMPLETE: 2 input(s) not checked" in banner
    assert "<code>news/broken.txt</code> not valid UTF-8" in banner and "<code>batch.jsonl:3</code>" in banner
    assert "incomplete" in page[page.index("<title>"):page.index("</title>")]
    assert f"fluency not scored: {NOT_INSTALLED}".replace("'", "&#39;") in page
    clean = render_html(*complete)
    assert 'class="incomplete' not in clean and "incomplete" not in clean[:clean.index("</title>")]


def test_github_errors_each_input_not_checked(incomplete, complete):
    report, verdict = incomplete
    lines = render_github(report, verdict).splitlines()
    assert lines[:2] == ["::error file=news/broken.txt,title=mtqa%3A input not checked::not checked: not valid UTF-8",
                         "::error file=batch.jsonl,line=3,title=mtqa%3A input not checked::not checked: malformed "
                         "JSON: Expecting value"]
    assert lines[2].startswith("::warning title=mtqa fluency::fluency not scored")
    assert lines[-1].startswith("::notice title=mtqa gate::INCOMPLETE: 2 input(s) not checked; gate failed on the")
    summary = step_summary(report, verdict)
    assert "**INCOMPLETE: 2 input(s) not checked:**" in summary and "- batch.jsonl\\:3\\: malformed JSON" in summary
    assert "fluency not scored" in summary
    lists = re.findall(r"<ul>(.*?)</ul>", rendered_markdown(summary), re.DOTALL)
    assert [item.count("<li>") for item in lists] == [len(verdict.reasons), 2]  # the reasons, then the inputs
    assert "INCOMPLETE" not in render_github(*complete)


def test_github_skipped_inputs_take_the_error_slots_first(glossary):
    report, verdict = build(glossary, [Document(id="a.txt", target="job labor. " * 12, path="a.txt")])
    skipped = tuple(SkippedInput(f"bad{n}.txt", "not valid UTF-8") for n in range(4))
    lines = render_github(replace(report, skipped=skipped), verdict).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::error"] * 10 + ["::notice"] * 2
    assert "6 more finding(s) not annotated" in lines[10]


def test_gitlab_reports_each_input_not_checked(incomplete, complete):
    issues = json.loads(FORMATS["gitlab"](*incomplete))
    skipped = [issue for issue in issues if issue["check_name"] == "mtqa input not checked"]
    assert [(i["location"]["path"], i["location"]["lines"]["begin"], i["severity"]) for i in skipped] == [
        ("news/broken.txt", 1, "major"), ("batch.jsonl", 3, "major")]
    (fluency,) = [issue for issue in issues if issue["check_name"] == "mtqa fluency"]
    assert fluency["severity"] == "info" and NOT_INSTALLED in fluency["description"]
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    twice = json.loads(FORMATS["gitlab"](replace(incomplete[0], skipped=SKIPPED * 2), incomplete[1]))
    assert len({issue["fingerprint"] for issue in twice}) == len(twice)
    assert not [i for i in json.loads(FORMATS["gitlab"](*complete)) if i["check_name"].startswith("mtqa ")]


def test_an_incomplete_run_without_any_article_still_says_so(glossary):
    report, verdict = build(glossary, [])
    report = replace(report, skipped=SKIPPED[:1])
    assert json.loads(FORMATS["gitlab"](report, verdict))[0]["location"]["path"] == "news/broken.txt"
    assert "INCOMPLETE: 1 input(s) not checked" in text_report(report, verdict)
    assert 'role="alert"' in render_html(report, verdict)


def test_hostile_skipped_paths_stay_on_their_line(glossary):
    report, verdict = build(glossary, [])
    report = replace(report, skipped=(SkippedInput("d/a\n::add-mask::x.txt", "cannot read 'd/a\n::error::x'"),))
    assert all(line.startswith(COMMANDS) for line in render_github(report, verdict).splitlines())
    assert not [line for line in text_report(report, verdict).splitlines() if line.lstrip().startswith("::")]
    assert "\\n::error::x" in step_summary(report, verdict).replace("\\:", ":")


# ----------------------------------------------------------------------------------- numbers and encodable output

def strict_json(text: str):
    def refuse(constant):
        raise AssertionError(f"non-standard JSON constant {constant}")
    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("name", ["json", "sarif", "gitlab"])
def test_no_format_writes_nan_or_infinity(glossary, name):
    report, _ = build(glossary, [Document(id="a.txt", target="Victims of job labor.", path="a.txt")])
    (result,) = report.results
    report = replace(report, results=(replace(result, fluency=ArticleFluency(score=float("nan"))),))
    verdict = judge(report, GateSettings(max_penalty=float("inf"), min_chrf=float("nan")))
    text = FORMATS[name](report, verdict)
    assert not re.search(r"\b(NaN|Infinity)\b", text)
    parsed = strict_json(text)
    if name == "json":
        assert parsed["documents"][0]["fluency"]["score"] is None
        limits = {t["name"]: t["limit"] for t in parsed["summary"]["gate"]["thresholds"]}
        assert limits["max-penalty"] is None and limits["min-chrf"] is None


def test_a_lone_surrogate_cannot_stop_any_report(glossary):
    """Readers refuse lone surrogates, but a renderer given one still writes encodable output."""
    report, verdict = build(glossary, [Document(id="x", target="job labor.", path="b.jsonl")])
    (result,) = report.results
    document = replace(result.document, id="x\ud800", target="job labor\udfff")  # same length: spans still fit
    report = replace(report, results=(replace(result, document=document,
                                              findings=tuple(replace(f, doc=document.id) for f in result.findings)),))
    for render in [*FORMATS.values(), render_html]:
        render(report, verdict).encode("utf-8")  # raises on an unencodable character
    assert strict_json(FORMATS["json"](report, verdict))["documents"][0]["id"] == "x\ud800"
    assert "x\\ud800" in text_report(report, verdict)


def test_the_text_report_prints_a_long_articles_findings_as_it_makes_them(glossary, monkeypatch):
    # One article's lines were all made before any was printed: 91,000 findings held 1 GB of rich text at once.
    from mtqa.model import Document
    from mtqa.report import text_report as module

    article = Document("long", "They used job labor.\n" * (3 * module.LINES_PER_PRINT))
    report, verdict = build(glossary, [article])
    printed_before_last_finding = []

    class Watching(io.StringIO):
        def write(self, text: str) -> int:
            printed_before_last_finding.append(len(made))
            return super().write(text)

    made = []
    real = module._article_lines

    def counted(result):
        for line in real(result):
            made.append(line)
            yield line

    monkeypatch.setattr(module, "_article_lines", counted)
    render_text(report, verdict, Watching(), colour=False)
    assert len(made) > 2 * module.LINES_PER_PRINT
    assert min(printed_before_last_finding) <= module.LINES_PER_PRINT  # the first lines went out early


def test_the_text_report_of_a_large_batch_starts_no_full_collection_in_a_library_callers_process(glossary):
    # With Python's default thresholds, the millions of objects rich makes for a large batch's lines started the
    # cyclic collector's full pass over the whole report ever more often: 2,000 articles took 1.8 s, 8,000 12.8 s.
    import gc

    report, verdict = build(glossary, [Document(f"a{n}", "They used job labor and met Kishida.\n" * 3)
                                       for n in range(1500)])
    thresholds = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        before = gc.get_stats()[2]["collections"]
        text = text_report(report, verdict)
        assert gc.get_stats()[2]["collections"] == before
    finally:
        gc.set_threshold(*thresholds)
    assert text.count("MTQ102") >= 4500


def test_the_text_report_for_a_file_and_a_baseline_are_made_a_piece_at_a_time(glossary):
    # Both were made whole before the first byte was written: 66 MB more than the JSON report for 20,000 articles.
    from mtqa.report.jsontext import ITEMS_PER_RUN
    from mtqa.report.text_report import text_chunks
    from mtqa.suppressions import baseline_chunks

    report, verdict = build(glossary, [Document(f"a{n}", "They used job labor and met Kishida.\n" * 3)
                                       for n in range(1500)])
    pieces = list(text_chunks(report, verdict))
    whole = "".join(pieces)
    assert whole == text_report(report, verdict) and len(pieces) > 5 and max(map(len, pieces)) < len(whole) / 5
    recorded = list(baseline_chunks(report))
    baseline = "".join(recorded)
    assert len(recorded) > 4500 / ITEMS_PER_RUN and max(map(len, recorded)) < len(baseline) / 50
    assert len(json.loads(baseline)["findings"]) == 4500


LEGACY_ID = "##[add-mask]Fumio Kishida"


def test_no_line_holds_a_legacy_workflow_command(glossary):
    """GitHub's runner reads `##[command]` anywhere in a log line: input that holds one is shown with its bracket
    escaped in the text report (ids and quoted text alike), the annotations and the job summary."""
    report, verdict = build(glossary, [Document(id=LEGACY_ID, target="Kishida spoke.\nRelated: ##[stop-commands]tok",
                                                path="a.jsonl")])
    outputs = {"text": text_report(report, verdict), "github": render_github(report, verdict),
               "summary": step_summary(report, verdict)}
    for name, output in outputs.items():
        assert "##[" not in output, name
    assert "Related: ##\\x5bstop-commands]tok" in outputs["text"]
    assert "##\\x5badd-mask]Fumio Kishida" in outputs["text"]
