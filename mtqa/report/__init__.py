"""Renderers: one module per output format. They present a Report and a Verdict; they decide nothing.

Machine formats are functions (report, verdict) -> str, registered in FORMATS under their --format name; those whose
size grows with the batch are also written in pieces (`report_pieces`), so that a large batch's report is never held
whole. The text report writes to a stream itself, for colour on a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mtqa.gate import Verdict
from mtqa.model import Report
from mtqa.report.github import render_github
from mtqa.report.gitlab import gitlab_chunks, render_gitlab
from mtqa.report.json_report import json_report_chunks, render_json
from mtqa.report.junit import render_junit
from mtqa.report.sarif import render_sarif, sarif_chunks

MachineRenderer = Callable[[Report, Verdict], str]

FORMATS: dict[str, MachineRenderer] = {
    "json": render_json,
    "sarif": render_sarif,
    "junit": render_junit,
    "github": render_github,
    "gitlab": render_gitlab,
}

# The same text as FORMATS gives, in pieces made as they are written.
IN_PIECES: dict[str, Callable[[Report, Verdict], Iterable[str]]] = {
    "json": json_report_chunks,
    "sarif": sarif_chunks,
    "gitlab": gitlab_chunks,
}


def report_pieces(name: str, report: Report, verdict: Verdict) -> Iterable[str]:
    """The report in the machine format `name`, in pieces where that format is written so."""
    if name in IN_PIECES:
        return IN_PIECES[name](report, verdict)
    return (FORMATS[name](report, verdict),)
