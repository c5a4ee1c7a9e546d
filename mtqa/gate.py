"""The CI gate: thresholds -> verdict -> exit code. Only this module decides the exit code of a check."""

from __future__ import annotations

from dataclasses import dataclass

from mtqa.model import Report, Severity

EXIT_PASS, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


@dataclass(frozen=True)
class Verdict:
    passed: bool
    fail_on: str
    failing_findings: int
    reasons: tuple[str, ...]

    @property
    def exit_code(self) -> int:
        return EXIT_PASS if self.passed else EXIT_FAIL


def judge(report: Report, fail_on: str = "major") -> Verdict:
    if fail_on == "never":
        return Verdict(True, fail_on, 0, ())
    threshold = Severity(fail_on).rank
    failing = sum(1 for finding in report.findings if finding.severity.rank >= threshold)
    reasons = (f"{failing} finding(s) at or above '{fail_on}'",) if failing else ()
    return Verdict(not failing, fail_on, failing, reasons)
