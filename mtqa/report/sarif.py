"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: one run, the rule table, one result per finding.

Levels: critical and major -> "error", minor -> "warning" (minor findings are real errors that should be fixed,
just cheap ones, so "note" would undersell them). Columns and char offsets count Unicode code points.

Articles from a JSONL batch or a bilingual file (XLIFF, TMX, TSV) point at that file (the file that exists in the
repository) and name the article in a logical location; their regions give the file's lines: the record's line, or
the line where the segment's target text stands (with columns where the file holds the text unescaped, as TSV does).
`properties.regionRelativeTo` says "file"; `properties.segment` names the segment. Only an article built in memory
with no file position counts its region within the article's text ("article"). Such articles get no `fixes`,
because a fix's offsets must be offsets into the file it edits.

A run that left inputs out (--keep-going) is not a successful execution: the invocation says
`executionSuccessful: false` and carries one error `toolExecutionNotification` per input, on its file and line, so
a viewer does not present the results as the whole batch. A fluency stage that could not run is a warning
notification; the rules and findings that did run are complete, so it does not make the execution unsuccessful.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from importlib import metadata
from pathlib import Path, PurePath
from urllib.parse import quote

from mtqa import __version__
from mtqa.gate import Verdict
from mtqa.locations import Locator
from mtqa.model import Document, DocumentResult, Finding, Report, Severity, SkippedInput, Span
from mtqa.report.arguments import takes_report
from mtqa.report.jsontext import Streamed, json_chunks
from mtqa.report.summary import (
    artifact_path,
    batch_words,
    in_container,
    metric_dicts,
    mqm_penalty,
    mqm_score,
    rule_counts,
    severity_counts,
    term_accuracy_dict,
    with_suggestion,
)
from mtqa.rules import RULES, Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "mtqaFinding/v1"
LEVELS = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning"}
_RULE_INDEX = {rule.code: index for index, rule in enumerate(RULES)}


@takes_report
def render_sarif(report: Report, verdict: Verdict) -> str:
    return "".join(sarif_chunks(report, verdict))


@takes_report
def sarif_chunks(report: Report, verdict: Verdict) -> Iterator[str]:
    """The SARIF log in pieces, each article's results made as they are written."""
    return json_chunks(_log(report, verdict, Streamed))


def sarif_log(report: Report, verdict: Verdict) -> dict:
    return _log(report, verdict, list)


def _results(report: Report) -> Iterator[dict]:
    for result in report.results:
        locator = Locator(result.document)
        yield from (_result(finding, result.document, locator) for finding in result.findings)


# What holds the per-article lists: `list`, or `Streamed` to make each item as it is written.
Collect = Callable[[Iterable[dict]], list[dict] | Streamed]


def _log(report: Report, verdict: Verdict, collect: Collect) -> dict:
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": _driver()},
            "invocations": [_invocation(report)],
            "columnKind": "unicodeCodePoints",
            "results": collect(_results(report)),
            "properties": _run_properties(report, verdict, collect),
        }],
    }


def _invocation(report: Report) -> dict:
    invocation: dict = {"executionSuccessful": report.complete}
    notifications = [_skipped_notification(skipped) for skipped in report.skipped]
    if report.fluency_skipped is not None:
        notifications.append({"level": "warning", "descriptor": {"id": "fluency-skipped"},
                              "message": {"text": f"fluency not scored: {report.fluency_skipped}"}})
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation


def _skipped_notification(skipped: SkippedInput) -> dict:
    region = {"region": {"startLine": skipped.line}} if skipped.line is not None else {}
    return {
        "level": "error",
        "descriptor": {"id": "input-not-checked"},
        "message": {"text": f"not checked: {skipped.reason}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(skipped.path)}, **region}}],
    }


def _driver() -> dict:
    driver = {"name": "mtqa", "version": __version__, "semanticVersion": __version__}
    uri = _homepage()
    if uri:
        driver["informationUri"] = uri
    driver["rules"] = [_rule(rule) for rule in RULES]
    return driver


def _homepage() -> str | None:
    """The project URL from the installed package's metadata ([project.urls] in pyproject.toml), if it has one."""
    try:
        meta = metadata.metadata("mtqa")
    except metadata.PackageNotFoundError:
        return None
    for entry in meta.get_all("Project-URL") or ():
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "repository", "source", "documentation"):
            return url.strip()
    return meta.get("Home-page") or None


def _rule(rule: Rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {
            "text": f"{rule.explanation}\n\nBad:\n{rule.bad}\n\nGood:\n{rule.good}",
            "markdown": f"{rule.explanation}\n\n**Bad:**\n\n```text\n{rule.bad}\n```\n\n"
                        f"**Good:**\n\n```text\n{rule.good}\n```",
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "mqmCategory": rule.category.value,
            "mqmSeverity": rule.severity.value,
            "family": rule.family,
            "tags": list(dict.fromkeys(("translation", rule.family, rule.category.value))),  # the schema wants unique
        },
    }


def _result(finding: Finding, document: Document, locator: Locator) -> dict:
    container = in_container(document)
    location = _location(document, finding.span, locator, container)
    result = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": with_suggestion(finding)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": _without_none({
            "document": document.id,
            "mqmSeverity": finding.severity.value,
            "mqmCategory": finding.category.value,
            "confidence": round(finding.confidence, 3),
            "glossaryEntry": finding.entry_id,
            "suggestion": finding.suggestion,
            # where line, column and charOffset count from: the file, or the article's text inside a batch file
            "regionRelativeTo": "file" if locator.points_into_file or not (container or not document.path)
            else "article",
            "segment": finding.segment,
            "sourceText": _source_text(document, finding),
        }),
    }
    if finding.rule in _RULE_INDEX:
        result["ruleIndex"] = _RULE_INDEX[finding.rule]
    if finding.related:
        result["relatedLocations"] = [
            {**_location(document, span, locator, container), "id": number,
             "message": {"text": f"'{_oneline(document.target[span.start:span.end])}'"}}
            for number, span in enumerate(finding.related, start=1)
        ]
    # A fix replaces characters of the file: only where the article's text is the whole file, as read.
    if finding.suggestion is not None and document.path and not container and not locator.points_into_file:
        result["fixes"] = [_fix(finding, location)]
    return result


def _source_text(document: Document, finding: Finding) -> str | None:
    span = finding.source_span
    return document.source[span.start:span.end] if span is not None and document.source is not None else None


def _location(document: Document, span: Span, locator: Locator, container: bool) -> dict:
    if locator.points_into_file:
        region = _file_region(locator, span)
    else:
        start_line, start_column = locator.text_position(span.start)
        end_line, end_column = locator.text_position(span.end)  # SARIF end columns are exclusive, like the span's
        region = {"startLine": start_line, "startColumn": start_column, "endLine": end_line, "endColumn": end_column,
                  "charOffset": span.start, "charLength": span.end - span.start}
    location = {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(artifact_path(document))},
            "region": {**region, "snippet": {"text": document.target[span.start:span.end]}},
        },
    }
    if container:
        location["logicalLocations"] = [{"name": document.id, "kind": "object"}]
    return location


def _file_region(locator: Locator, span: Span) -> dict:
    """The lines (and columns, where the file holds the text as is) of a segment's or a record's text in its file."""
    start, end = locator.file_position(span.start), locator.file_position(span.end)
    region = {"startLine": start.line, "endLine": end.line}
    if start.column is not None and end.column is not None:
        region.update(startColumn=start.column, endColumn=end.column)
    return region


def _fix(finding: Finding, location: dict) -> dict:
    region = {key: value for key, value in location["physicalLocation"]["region"].items() if key != "snippet"}
    action = f"Replace with '{finding.suggestion}'" if finding.suggestion else "Delete"
    return {
        "description": {"text": f"{action} ('{_oneline(finding.text)}')"},
        "artifactChanges": [{
            "artifactLocation": location["physicalLocation"]["artifactLocation"],
            "replacements": [{"deletedRegion": region, "insertedContent": {"text": finding.suggestion}}],
        }],
    }


def _uri(path: str) -> str:
    """A relative path becomes a percent-encoded relative reference (RFC 3986), which code scanning resolves against
    the repository root; an absolute path becomes a file:// URI. Only the platform's own separators become "/": on
    POSIX a backslash is part of a file name, so it is encoded (%5C) like any other reserved character."""
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(PurePath(path).as_posix(), safe="/")


def _without_none(values: dict) -> dict:
    return {key: value for key, value in values.items() if value is not None}


def _oneline(text: str) -> str:
    return " ".join(text.split())


def _run_properties(report: Report, verdict: Verdict, collect: Collect) -> dict:
    findings = report.findings
    words = batch_words(report)
    penalty = mqm_penalty(findings, words)
    return {
        "verdict": {
            "passed": verdict.passed,
            "fail_on": verdict.fail_on,
            "failing_findings": verdict.failing_findings,
            "reasons": list(verdict.reasons),
            "thresholds": [asdict(threshold) for threshold in verdict.thresholds],
        },
        "mqm": {
            "documents": len(report.results),
            "words": words,
            "penalty": penalty,
            "score": mqm_score(penalty),
            "by_severity": severity_counts(findings),
            "by_rule": rule_counts(findings),
        },
        "metrics": metric_dicts(report.metrics),
        "term_accuracy": term_accuracy_dict(report.term_accuracy),
        "articles": collect(
            {"id": r.document.id, "mqm": _article_mqm(r), "metrics": metric_dicts(r.metrics),
             "term_accuracy": term_accuracy_dict(r.term_accuracy)}
            for r in report.results
        ),
        "glossaries": list(report.glossaries),
        "complete": report.complete,
    }


def _article_mqm(result: DocumentResult) -> dict:
    penalty = mqm_penalty(list(result.findings), result.document.words)
    return {"penalty": penalty, "score": mqm_score(penalty)}
