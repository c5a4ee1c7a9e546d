"""Fluency findings: the article's weakest sentences (low-fluency) and its most surprising words
(unexpected-phrase), each capped per article."""

from __future__ import annotations

import statistics

from mtqa.fluency.measure import Measured
from mtqa.model import JUDGED_TOKENS, Document, Finding, Span
from mtqa.rules import get_rule

LOW_SCORE = 20.0  # a weak sentence reads worse than 80% of the calibration sentences ...
NORM_GAP = 1.0  # ... and its z lies this far above both the article's and the batch's median z


def median_z(measured: list[Measured]) -> float | None:
    """The norm that a weak sentence is measured against, over the sentences long enough to judge, each apart from
    the renderings other checks reported."""
    values = [m.own_z for m in measured if m.own_tokens >= JUDGED_TOKENS]
    return statistics.median(values) if values else None


def fluency_findings(document: Document, measured: list[Measured], batch_norm: float | None,
                     reported: list[Span], max_low: int, max_peaks: int) -> tuple[list[Finding], int]:
    """The findings kept under the caps, and how many the caps left out. Where another check already reported
    words (`reported`, e.g. a wrong glossary rendering), they are no unexpected phrase, and a sentence is weak only
    if it reads badly without them: that finding says it already."""
    article_norm = median_z(measured)
    weak = []
    if article_norm is not None and batch_norm is not None:
        weak = sorted((m for m in measured if m.own_tokens >= JUDGED_TOKENS and m.own_score <= LOW_SCORE
                       and m.own_z >= max(article_norm, batch_norm) + NORM_GAP),
                      key=lambda m: m.own_z, reverse=True)
    peaks = sorted(((peak, rarity) for m in measured
                    for peak, rarity in zip(m.fluency.peaks, m.peak_rarities, strict=True)
                    if not any(peak.span.overlaps(span) for span in reported)),
                   key=lambda pair: pair[0].surprisal - pair[1], reverse=True)
    findings = [_finding(document, "MTQ501", m.fluency.span,
                         f"This sentence reads less fluently than {100 - m.own_score:.0f}% of calibration "
                         f"sentences and than most of this article (fluency {m.own_score:.0f}/100"
                         f"{_apart(m)}).")
                for m in weak[:max_low]]
    findings += [_finding(document, "MTQ502", peak.span,
                          f"The language model finds these words far more surprising here ({peak.surprisal:.1f} "
                          f"nats) than their English rarity explains ({rarity:.1f} nats): check the wording.")
                 for peak, rarity in peaks[:max_peaks]]
    capped = max(0, len(weak) - max_low) + max(0, len(peaks) - max_peaks)
    return findings, capped


def _finding(document: Document, code: str, span: Span, message: str) -> Finding:
    rule = get_rule(code)
    return Finding(rule=rule.code, name=rule.name, severity=rule.severity, category=rule.category, message=message,
                   doc=document.id, span=span, text=document.target[span.start:span.end])


def _apart(measured: Measured) -> str:
    return "" if measured.own_tokens == measured.fluency.tokens else " apart from the words other findings report"
