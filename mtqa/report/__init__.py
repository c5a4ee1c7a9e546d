"""Renderers: one module per output format. They present a Report and a Verdict; they decide nothing.

Machine formats are functions (report, verdict) -> str, registered in FORMATS under their --format name.
The text report writes to a stream itself, for colour on a terminal.
"""

from __future__ import annotations

from collections.abc import Callable

from mtqa.gate import Verdict
from mtqa.model import Report
from mtqa.report.github import render_github
from mtqa.report.gitlab import render_gitlab
from mtqa.report.json_report import render_json
from mtqa.report.junit import render_junit
from mtqa.report.sarif import render_sarif

MachineRenderer = Callable[[Report, Verdict], str]

FORMATS: dict[str, MachineRenderer] = {
    "json": render_json,
    "sarif": render_sarif,
    "junit": render_junit,
    "github": render_github,
    "gitlab": render_gitlab,
}
