"""Renderers: one module per output format. They present a Report and a Verdict; they decide nothing.

Machine formats are functions (report, verdict) -> str, registered in FORMATS under their --format name.
The text report writes to a stream itself, for colour on a terminal.
"""

from __future__ import annotations

from collections.abc import Callable

from mtqa.gate import Verdict
from mtqa.model import Report
from mtqa.report.json_report import render_json

MachineRenderer = Callable[[Report, Verdict], str]

FORMATS: dict[str, MachineRenderer] = {
    "json": render_json,
}
