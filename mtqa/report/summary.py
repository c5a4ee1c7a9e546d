"""Counts shared by every renderer."""

from __future__ import annotations

from collections import Counter

from mtqa.gate import Verdict
from mtqa.model import Document, Finding, Metric, Report, Severity, TermAccuracy
from mtqa.scoring import batch_words, mqm_penalty, mqm_score

__all__ = ["SEVERITY_ORDER", "artifact_path", "batch_words", "by_severity", "fluency_skipped_line",
           "in_container", "incomplete_line", "metric_dicts", "metrics_line", "mqm_penalty", "mqm_score",
           "rule_counts", "severity_counts", "term_accuracy_dict", "term_accuracy_line", "verdict_line",
           "with_suggestion"]

SEVERITY_ORDER = (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)


_SEVERITY_NAMES = tuple(severity.value for severity in SEVERITY_ORDER)


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    """Findings per severity, most severe first. Asked of every article, most with no finding: no Counter."""
    if not findings:
        return dict.fromkeys(_SEVERITY_NAMES, 0)
    counts = dict.fromkeys(SEVERITY_ORDER, 0)
    for finding in findings:
        if finding.severity in counts:
            counts[finding.severity] += 1
    return dict(zip(_SEVERITY_NAMES, counts.values(), strict=True))


def rule_counts(findings: list[Finding]) -> dict[str, int]:
    return dict(sorted(Counter(f"{f.rule} {f.name}" for f in findings).items()))


def in_container(document: Document) -> bool:
    """True for an article that shares its file with others (a JSONL batch): `path` names the batch file, and
    offsets, lines and columns count within the article's text, not within that file."""
    return document.path is not None and document.id != document.path


def artifact_path(document: Document) -> str:
    """The file a finding belongs to, as given on the command line; the document id when it came from no file."""
    return document.path or document.id


def with_suggestion(finding: Finding) -> str:
    """The finding's message followed by its suggestion, for formats that have a single message field."""
    if finding.suggestion is None:
        return finding.message
    message = finding.message if finding.message.endswith((".", "!", "?")) else finding.message + "."
    if not finding.suggestion:
        return f"{message} Suggestion: delete it."
    return f"{message} Suggestion: '{finding.suggestion}'."


def by_severity(findings: list[Finding]) -> list[Finding]:
    """Most severe first; the order within one severity (article, then position) is kept."""
    return sorted(findings, key=lambda f: -f.severity.rank)


def metrics_line(metrics: tuple[Metric, ...]) -> str:
    """'BLEU 42.48 (nrefs:1|...); chrF++ ...' for formats with one line to spare; empty without references."""
    return "; ".join(f"{m.name} {m.score:.2f} ({m.signature})" for m in metrics)


def metric_dicts(metrics: tuple[Metric, ...]) -> list[dict]:
    return [{"name": m.name, "score": m.score, "signature": m.signature} for m in metrics]


def incomplete_line(report: Report) -> str | None:
    """The one-line warning every format gives when inputs were left out under --keep-going; None when none were."""
    if report.complete:
        return None
    return f"INCOMPLETE: {len(report.skipped)} input(s) not checked"


def verdict_line(report: Report, verdict: Verdict, passed: str = "PASSED", failed: str = "FAILED") -> str:
    """The gate's verdict in the words given, led by the inputs left out when there are any, so that the line that
    closes a report never reads as covering them: "INCOMPLETE: 1 input(s) not checked; PASSED on the checked
    articles (fail-on major)"."""
    incomplete = incomplete_line(report)
    scope = " on the checked articles" if incomplete else ""
    line = f"{passed if verdict.passed else failed}{scope} (fail-on {verdict.fail_on})"
    return f"{incomplete}; {line}" if incomplete else line


def fluency_skipped_line(report: Report) -> str | None:
    """Why the fluency stage was on but scored nothing; None when it ran or was turned off."""
    if report.fluency_skipped is None:
        return None
    return f"fluency not scored: {report.fluency_skipped}"


def term_accuracy_dict(accuracy: TermAccuracy | None) -> dict | None:
    """`{"score", "matched", "total"}` (score null when no term occurs in the source); None without a source."""
    if accuracy is None:
        return None
    return {"score": accuracy.score, "matched": accuracy.matched, "total": accuracy.total}


def term_accuracy_line(accuracy: TermAccuracy | None) -> str | None:
    """"term accuracy 0.875 (7 of 8 source term occurrences rendered)"; None without a source."""
    if accuracy is None:
        return None
    if not accuracy.total:
        return "term accuracy n/a (no dictionary term in the source)"
    return (f"term accuracy {accuracy.score:.3f} ({accuracy.matched} of {accuracy.total} source term occurrences "
            "rendered)")
