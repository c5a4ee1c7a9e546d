"""Counts shared by every renderer."""

from __future__ import annotations

from collections import Counter

from mtqa.model import Finding, Report, Severity

SEVERITY_ORDER = (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {severity.value: counts.get(severity, 0) for severity in SEVERITY_ORDER}


def rule_counts(findings: list[Finding]) -> dict[str, int]:
    return dict(sorted(Counter(f"{f.rule} {f.name}" for f in findings).items()))


def word_count(text: str) -> int:
    return len(text.split())


def mqm_penalty(findings: list[Finding], words: int) -> float:
    """MQM-style penalty: severity weights (minor 1, major 5, critical 25) per 1,000 words."""
    return round(sum(f.severity.weight for f in findings) * 1000 / max(words, 1), 2)


def batch_words(report: Report) -> int:
    return sum(word_count(r.document.target) for r in report.results)
