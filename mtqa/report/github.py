"""GitHub Actions: workflow-command annotations on the offending lines, and a Markdown job summary.

critical and major -> ::error, minor -> ::warning. GitHub shows at most 10 annotations of each type per step (and
50 per job), so the most severe 10 errors and 10 warnings are annotated and one ::notice counts the rest.
Articles of a JSONL batch are annotated on the .jsonl file without a line (a line of the article is not a line of
that file); the message names the article and the line:column within it.

Inputs left out under --keep-going each get an ::error on their file (they come first and use up the errors that
GitHub shows before findings do), and the gate notice says the run is incomplete; a fluency stage that could not run
gets a ::warning.

Everything from input is text, never markup or a command: a workflow command ends at the end of its line, so in
annotations CR and LF are %-encoded as the workflow-command format requires and every other control, separator and
bidirectional character is made visible (`shown`); ids and file names are made visible whole. The job summary is
Markdown that GitHub renders as HTML, so input there is escaped into inert text inside <code> (see `markdown_text`).
"""

from __future__ import annotations

import html
import re

from mtqa.display import clipped, shown
from mtqa.gate import Verdict
from mtqa.locations import Locator, Position
from mtqa.model import Document, Finding, Report, Severity, SkippedInput
from mtqa.report.arguments import takes_report
from mtqa.report.summary import (
    SEVERITY_ORDER,
    batch_words,
    by_severity,
    fluency_skipped_line,
    in_container,
    incomplete_line,
    metrics_line,
    mqm_penalty,
    mqm_score,
    rule_counts,
    severity_counts,
    term_accuracy_line,
    verdict_line,
    with_suggestion,
)

PER_TYPE = 10
COMMANDS = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning"}
WORST_ARTICLES = 10


@takes_report
def render_github(report: Report, verdict: Verdict) -> str:
    documents = {result.document.id: result.document for result in report.results}
    indexes = {doc_id: Locator(document) for doc_id, document in documents.items()}
    out = [skipped_annotation(skipped) for skipped in report.skipped]
    fluency_skipped = fluency_skipped_line(report)
    if fluency_skipped:
        out.append(f"::warning title=mtqa fluency::{escape_data(fluency_skipped)}")
    annotated = {"error": min(len(report.skipped), PER_TYPE), "warning": 1 if fluency_skipped else 0}
    left = 0
    for finding in by_severity(report.findings):
        command = COMMANDS[finding.severity]
        if annotated[command] == PER_TYPE:
            left += 1
            continue
        annotated[command] += 1
        out.append(annotation(command, finding, documents[finding.doc], indexes[finding.doc]))
    if left:
        out.append(f"::notice title=mtqa::{left} more finding(s) not annotated (GitHub shows at most {PER_TYPE} "
                   "errors and warnings per step); see the job summary or the SARIF report")
    if report.metrics:
        out.append(f"::notice title=mtqa reference metrics::{escape_data(metrics_line(report.metrics))}")
    if report.term_accuracy is not None:
        out.append(f"::notice title=mtqa term accuracy::{escape_data(term_accuracy_line(report.term_accuracy))}")
    gate = verdict_line(report, verdict, "gate passed", "gate failed")
    gate += "" if verdict.passed else ": " + "; ".join(verdict.reasons)
    out.append(f"::notice title=mtqa gate::{escape_data(gate)}")
    return "".join(line + "\n" for line in out)


def skipped_annotation(skipped: SkippedInput) -> str:
    properties = {"file": skipped.path, "line": skipped.line, "title": "mtqa: input not checked"}
    return f"::error {_properties(properties)}::{escape_data(f'not checked: {skipped.reason}')}"


def annotation(command: str, finding: Finding, document: Document, locator: Locator) -> str:
    properties: dict[str, object] = {"file": document.path}
    message = with_suggestion(finding)
    if document.path and locator.points_into_file:
        # A record or segment of a batch or bilingual file: its line in the file, the article named in the message.
        _place(properties, locator.file_position(finding.span.start), locator.file_position(finding.span.end))
        where = locator.place_in_article(finding.span.start, finding.segment)
        message = f"[{clipped(document.id)} {clipped(where)}] {message}"
    else:
        start, end = locator.text_position(finding.span.start), locator.text_position(finding.span.end)
        if document.path and not in_container(document):
            _place(properties, start, end)
        else:
            message = f"[{clipped(document.id)} {start.line}:{start.column}] {message}"
    properties["title"] = f"{finding.rule} {finding.name}"
    return f"::{command} {_properties(properties)}::{escape_data(message)}"


def _place(properties: dict[str, object], start: Position, end: Position) -> None:
    """GitHub takes columns only on a one-line annotation; endColumn is exclusive, as in SARIF."""
    one_line = start.line == end.line and start.column is not None and end.column is not None
    properties.update(line=start.line, col=start.column if one_line else None,
                      endLine=end.line, endColumn=end.column if one_line else None)


def _properties(properties: dict[str, object]) -> str:
    """Property values are names (file, title): shown whole, a newline included, then %-encoded."""
    return ",".join(f"{key}={escape_property(shown(str(value)))}" for key, value in properties.items()
                    if value is not None)


_LINE_BREAK = re.compile(r"(\r|\n)")
_PERCENT = {"\r": "%0D", "\n": "%0A"}


def escape_data(text: str) -> str:
    """A workflow command's message: CR and LF %-encoded (the runner decodes them inside the message, so no new
    log line starts), every other unsafe character made visible."""
    return "".join(_PERCENT.get(part) or shown(part).replace("%", "%25") for part in _LINE_BREAK.split(text))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def step_summary(report: Report, verdict: Verdict) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: verdict, counts by severity and rule, the worst articles."""
    findings = report.findings
    words = batch_words(report)
    penalty = mqm_penalty(findings, words)
    out = [f"## mtqa: {verdict_line(report, verdict, 'passed', 'failed')}", ""]
    if verdict.reasons:
        out += [f"- {markdown_text(reason)}" for reason in verdict.reasons] + [""]
    incomplete = incomplete_line(report)
    if incomplete:  # the paragraph keeps this list apart from the reasons' list above
        out += [f"**{incomplete}:**", ""]
        out += [f"- {markdown_text(str(skipped))}" for skipped in report.skipped] + [""]
    fluency_skipped = fluency_skipped_line(report)
    if fluency_skipped:
        out += [f"**{markdown_text(fluency_skipped)}**", ""]
    out += [f"{len(report.results)} article(s), {words} words, {len(findings)} finding(s); MQM penalty {penalty} "
            f"per 1,000 words (score {mqm_score(penalty)}).", ""]
    if report.term_accuracy is not None:
        out += [f"{term_accuracy_line(report.term_accuracy).capitalize()}.", ""]
    if report.metrics:
        out += ["| metric | score | sacrebleu signature |", "| --- | ---: | --- |"]
        out += [f"| {m.name} | {m.score:.2f} | `{m.signature}` |" for m in report.metrics] + [""]
    counts = severity_counts(findings)
    out += ["| severity | findings |", "| --- | ---: |"]
    out += [f"| {severity.value} | {counts[severity.value]} |" for severity in SEVERITY_ORDER]
    if findings:
        out += ["", "| rule | findings |", "| --- | ---: |"]
        out += [f"| {rule} | {count} |" for rule, count in rule_counts(findings).items()]
        out += ["", "### Worst articles", "", "| article | critical | major | minor | MQM penalty |",
                "| --- | ---: | ---: | ---: | ---: |"]
        scored = [(mqm_penalty(list(r.findings), r.document.words), r)
                  for r in report.results if r.findings]
        for article_penalty, result in sorted(scored, key=lambda pair: -pair[0])[:WORST_ARTICLES]:
            article = severity_counts(list(result.findings))
            out.append(f"| {markdown_text(result.document.id)} | {article['critical']} | {article['major']} | "
                       f"{article['minor']} | {article_penalty} |")
    return "\n".join(out) + "\n"


# Everything that can start inline markup: emphasis, code, links and images, strikethrough, math, table cells,
# and the ':' and '@' that GFM's autolinks (https://..., mailto:, user@host) are found by. '/' and '.' stay as they
# are, so paths read naturally; only the '.' of "www." starts an autolink.
_MARKDOWN_ACTIVE = re.compile(r"[\\`*_{}\[\]()!#~|:@$^]|(?<=[wW]{3})\.")


def markdown_text(text: str) -> str:
    """Text from input as inert Markdown on one line, in a paragraph, a list item or a table cell: it renders as
    exactly `shown(text)`, never as a link, an image, an autolinked URL, emphasis, HTML or a new cell or line."""
    escaped = _MARKDOWN_ACTIVE.sub(lambda match: "\\" + match.group(), shown(text))
    return html.escape(escaped, quote=False)
