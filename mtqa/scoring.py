"""MQM-style scores: penalty points per 1,000 words and the quality score derived from them."""

from __future__ import annotations

from mtqa.model import Finding, Report


def mqm_penalty(findings: list[Finding], words: int) -> float:
    """Sum of severity weights (minor 1, major 5, critical 25) per 1,000 words."""
    if not findings:
        return 0.0  # most articles
    return round(sum(f.severity.weight for f in findings) * 1000 / max(words, 1), 2)


def mqm_score(penalty: float) -> float:
    """The MQM quality score, 100 x (1 - penalty points per word), floored at 0: 100 is flawless, and each
    major error per 100 words costs 5 points."""
    if not penalty:
        return 100.0  # most articles
    return round(max(0.0, 100.0 - penalty / 10), 2)


def batch_words(report: Report) -> int:
    return sum(r.document.words for r in report.results)
