"""GitHub Actions: workflow-command annotations on the offending lines, and a Markdown job summary.

critical and major -> ::error, minor -> ::warning. GitHub shows at most 10 annotations of each type per step (and
50 per job), so the most severe 10 errors and 10 warnings are annotated and one ::notice counts the rest.
Articles of a JSONL batch are annotated on the .jsonl file without a line (a line of the article is not a line of
that file); the message names the article and the line:column within it.
"""

from __future__ import annotations

from mtqa.gate import Verdict
from mtqa.model import Document, Finding, Report, Severity
from mtqa.report.summary import (
    SEVERITY_ORDER,
    batch_words,
    by_severity,
    in_container,
    metrics_line,
    mqm_penalty,
    mqm_score,
    rule_counts,
    severity_counts,
    with_suggestion,
    word_count,
)
from mtqa.text import LineIndex

PER_TYPE = 10
COMMANDS = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning"}
WORST_ARTICLES = 10


def render_github(report: Report, verdict: Verdict) -> str:
    documents = {result.document.id: result.document for result in report.results}
    indexes = {doc_id: LineIndex(document.target) for doc_id, document in documents.items()}
    shown = {"error": 0, "warning": 0}
    out, left = [], 0
    for finding in by_severity(report.findings):
        command = COMMANDS[finding.severity]
        if shown[command] == PER_TYPE:
            left += 1
            continue
        shown[command] += 1
        out.append(annotation(command, finding, documents[finding.doc], indexes[finding.doc]))
    if left:
        out.append(f"::notice title=mtqa::{left} more finding(s) not annotated (GitHub shows at most {PER_TYPE} "
                   "errors and warnings per step); see the job summary or the SARIF report")
    if report.metrics:
        out.append(f"::notice title=mtqa reference metrics::{escape_data(metrics_line(report.metrics))}")
    status = "passed" if verdict.passed else "failed: " + "; ".join(verdict.reasons)
    out.append(f"::notice title=mtqa gate::{escape_data(f'gate {status} (fail-on {verdict.fail_on})')}")
    return "".join(line + "\n" for line in out)


def annotation(command: str, finding: Finding, document: Document, lines: LineIndex) -> str:
    start_line, start_column = lines.line_col(finding.span.start)
    end_line, end_column = lines.line_col(finding.span.end)
    properties: dict[str, object] = {"file": document.path}
    message = with_suggestion(finding)
    if document.path and not in_container(document):
        # GitHub takes columns only on a one-line annotation; endColumn is exclusive, as in SARIF.
        one_line = start_line == end_line
        properties.update(line=start_line, col=start_column if one_line else None,
                          endLine=end_line, endColumn=end_column if one_line else None)
    else:
        message = f"[{document.id} {start_line}:{start_column}] {message}"
    properties["title"] = f"{finding.rule} {finding.name}"
    rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items()
                        if value is not None)
    return f"::{command} {rendered}::{escape_data(message)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def step_summary(report: Report, verdict: Verdict) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: verdict, counts by severity and rule, the worst articles."""
    findings = report.findings
    words = batch_words(report)
    penalty = mqm_penalty(findings, words)
    status = "passed" if verdict.passed else "failed"
    out = [f"## mtqa: {status} (fail-on {verdict.fail_on})", ""]
    if verdict.reasons:
        out += [f"- {_cell(reason)}" for reason in verdict.reasons] + [""]
    out += [f"{len(report.results)} article(s), {words} words, {len(findings)} finding(s); MQM penalty {penalty} "
            f"per 1,000 words (score {mqm_score(penalty)}).", ""]
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
        scored = [(mqm_penalty(list(r.findings), word_count(r.document.target)), r)
                  for r in report.results if r.findings]
        for article_penalty, result in sorted(scored, key=lambda pair: -pair[0])[:WORST_ARTICLES]:
            article = severity_counts(list(result.findings))
            out.append(f"| {_cell(result.document.id)} | {article['critical']} | {article['major']} | "
                       f"{article['minor']} | {article_penalty} |")
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    """Text that cannot break a Markdown table row or inject HTML."""
    return (" ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|"))
