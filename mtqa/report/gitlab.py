"""GitLab Code Quality: a JSON array of issues, shown in merge requests and pipelines.

Severity: critical -> "critical", major -> "major", minor -> "minor"; "info" carries the batch's reference metrics and
term accuracy.
GitLab needs a unique fingerprint per issue: the finding's own (stable when other text moves), with "-2", "-3", ...
added on the rare repeat. Articles of a JSONL batch are reported on the .jsonl file at line 1 (a line of the article
is not a line of that file); the description names the article and the line:column within it.

Code Quality has no notion of an incomplete run, and a merge request shows only issues. So an input left out under
--keep-going becomes a "major" issue on its own file and line ("mtqa input not checked"), which the merge request
shows next to the file that was not checked; a fluency stage that could not run becomes an "info" issue on the
first article's file. The job itself fails on an incomplete run (exit 2), which is what stops the pipeline.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from itertools import chain

from mtqa.gate import Verdict
from mtqa.locations import Locator
from mtqa.model import Report
from mtqa.report.arguments import takes_report
from mtqa.report.jsontext import Streamed, json_chunks
from mtqa.report.summary import (
    artifact_path,
    fluency_skipped_line,
    in_container,
    metrics_line,
    term_accuracy_line,
    with_suggestion,
)


@takes_report
def render_gitlab(report: Report, verdict: Verdict) -> str:
    return "".join(gitlab_chunks(report, verdict))


@takes_report
def gitlab_chunks(report: Report, verdict: Verdict) -> Iterator[str]:
    """The issues in pieces, each article's made as they are written."""
    return json_chunks(Streamed(chain(_finding_issues(report), _skipped_issues(report),
                                      _batch_issues(report, verdict))))


def _finding_issues(report: Report) -> Iterator[dict]:
    seen: dict[str, int] = {}
    for result in report.results:
        document = result.document
        locator = Locator(document)
        for finding in result.findings:
            start, end = locator.file_position(finding.span.start).line, locator.file_position(finding.span.end).line
            description = with_suggestion(finding)
            if in_container(document) or not document.path or locator.points_into_file:
                where = locator.place_in_article(finding.span.start, finding.segment)
                description = f"[{document.id} {where}] {description}"
                if document.path and not locator.points_into_file:
                    start = end = 1
            seen[finding.fingerprint] = seen.get(finding.fingerprint, 0) + 1
            repeat = seen[finding.fingerprint]
            yield {
                "check_name": f"{finding.rule} {finding.name}",
                "description": description,
                "severity": finding.severity.value,
                "fingerprint": finding.fingerprint if repeat == 1 else f"{finding.fingerprint}-{repeat}",
                "location": {"path": artifact_path(document), "lines": {"begin": start, "end": end}},
            }


def _skipped_issues(report: Report) -> list[dict]:
    issues = []
    repeats: Counter[str] = Counter()  # the same input given twice: GitLab wants unique fingerprints
    for skipped in report.skipped:
        place = f"skipped {skipped.path}:{skipped.line}"
        repeats[place] += 1
        line = skipped.line or 1
        issues.append({
            "check_name": "mtqa input not checked",
            "description": f"not checked, the report is incomplete: {skipped.reason}",
            "severity": "major",
            "fingerprint": _digest(place if repeats[place] == 1 else f"{place} {repeats[place]}"),
            "location": {"path": skipped.path, "lines": {"begin": line, "end": line}},
        })
    return issues


def _batch_issues(report: Report, verdict: Verdict) -> list[dict]:
    """The gate's batch thresholds, the reference metrics and the term accuracy have no line: they are reported on the
    first article's file, so that a merge request shows why the job failed and how the batch scored."""
    if report.results:
        path = artifact_path(report.results[0].document)
    elif report.skipped:
        path = report.skipped[0].path
    else:
        return []
    location = {"path": path, "lines": {"begin": 1, "end": 1}}
    issues = []
    for threshold in verdict.thresholds:
        if threshold.name != "fail-on" and not threshold.passed:
            issues.append({
                "check_name": f"mtqa gate {threshold.name}",
                "description": f"gate failed: {threshold.name} {threshold.value} (limit {threshold.limit})",
                "severity": "major",
                "fingerprint": _digest(f"gate {threshold.name}"),
                "location": location,
            })
    fluency_skipped = fluency_skipped_line(report)
    if fluency_skipped:
        issues.append({
            "check_name": "mtqa fluency",
            "description": fluency_skipped,
            "severity": "info",
            "fingerprint": _digest("fluency skipped"),
            "location": location,
        })
    if report.metrics:
        issues.append({
            "check_name": "mtqa reference metrics",
            "description": metrics_line(report.metrics),
            "severity": "info",
            "fingerprint": _digest("metrics"),
            "location": location,
        })
    if report.term_accuracy is not None:
        issues.append({
            "check_name": "mtqa term accuracy",
            "description": term_accuracy_line(report.term_accuracy),
            "severity": "info",
            "fingerprint": _digest("term accuracy"),
            "location": location,
        })
    return issues


def _digest(text: str) -> str:
    return hashlib.sha256(f"mtqa batch {text}".encode()).hexdigest()[:20]
