"""The CI gate: thresholds -> verdict -> exit code. Only this module decides the exit code of a check."""

from __future__ import annotations

from dataclasses import dataclass

from mtqa.model import Report, Severity
from mtqa.scoring import batch_words, mqm_penalty

EXIT_PASS, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


@dataclass(frozen=True)
class GateSettings:
    fail_on: str = "major"  # minor, major, critical or never
    max_penalty: float | None = None  # batch MQM penalty per 1,000 words
    min_fluency: float | None = None  # batch fluency score, 0-100
    min_chrf: float | None = None  # batch chrF++ against the references


@dataclass(frozen=True)
class Threshold:
    name: str
    limit: float | str
    value: float | int | None
    passed: bool


@dataclass(frozen=True)
class Verdict:
    passed: bool
    fail_on: str
    failing_findings: int
    reasons: tuple[str, ...]
    thresholds: tuple[Threshold, ...] = ()

    @property
    def exit_code(self) -> int:
        return EXIT_PASS if self.passed else EXIT_FAIL


def judge(report: Report, settings: GateSettings | str = "major") -> Verdict:
    if isinstance(settings, str):
        settings = GateSettings(fail_on=settings)
    thresholds = [_severity_threshold(report, settings.fail_on)]
    if settings.max_penalty is not None:
        penalty = mqm_penalty(report.findings, batch_words(report))
        thresholds.append(Threshold("max-penalty", settings.max_penalty, penalty, penalty <= settings.max_penalty))
    if settings.min_fluency is not None:
        fluency = batch_fluency(report)
        passed = fluency is not None and fluency >= settings.min_fluency
        thresholds.append(Threshold("min-fluency", settings.min_fluency, fluency, passed))
    if settings.min_chrf is not None:
        chrf = next((m.score for m in report.metrics if m.name == "chrF++"), None)
        passed = chrf is not None and chrf >= settings.min_chrf
        thresholds.append(Threshold("min-chrf", settings.min_chrf, chrf, passed))
    failed = [t for t in thresholds if not t.passed]
    return Verdict(
        passed=not failed,
        fail_on=settings.fail_on,
        failing_findings=int(thresholds[0].value or 0),
        reasons=tuple(_reason(t) for t in failed),
        thresholds=tuple(thresholds),
    )


def batch_fluency(report: Report) -> float | None:
    """Mean of the article fluency scores, weighted by article length in words."""
    scored = [(r.fluency.score, len(r.document.target.split())) for r in report.results if r.fluency]
    total = sum(words for _, words in scored)
    return round(sum(score * words for score, words in scored) / total, 2) if total else None


def _severity_threshold(report: Report, fail_on: str) -> Threshold:
    if fail_on == "never":
        return Threshold("fail-on", fail_on, 0, True)
    rank = Severity(fail_on).rank
    failing = sum(1 for finding in report.findings if finding.severity.rank >= rank)
    return Threshold("fail-on", fail_on, failing, failing == 0)


def _reason(threshold: Threshold) -> str:
    if threshold.name == "fail-on":
        return f"{threshold.value} finding(s) at or above '{threshold.limit}'"
    if threshold.value is None:
        return f"{threshold.name} {threshold.limit}: no score to compare (nothing was measured)"
    relation = "above" if threshold.name == "max-penalty" else "below"
    return f"{threshold.name}: {threshold.value} is {relation} the limit {threshold.limit}"
