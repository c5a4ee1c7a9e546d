"""Renderers: one module per output format. They present a Report and a Verdict; they decide nothing.

Machine formats are functions (report, verdict) -> str, registered in FORMATS under their --format name; those whose
size grows with the batch are also written in pieces (`report_pieces`), so that a large batch's report is never held
whole. The text report writes to a stream itself, for colour on a terminal.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping

from mtqa.gate import Verdict
from mtqa.model import Report

MachineRenderer = Callable[[Report, Verdict], str]


class _Renderers(Mapping):
    """Renderers by format name, each imported when first asked for: a run writes one or two formats, and the
    command line names them all on every start."""

    def __init__(self, where: dict[str, str]) -> None:
        self._where = where  # name -> "module function"

    def __getitem__(self, name: str) -> Callable:
        module, function = self._where[name].split()
        return getattr(importlib.import_module(f"{__name__}.{module}"), function)

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


FORMATS: Mapping[str, MachineRenderer] = _Renderers({
    "json": "json_report render_json",
    "sarif": "sarif render_sarif",
    "junit": "junit render_junit",
    "github": "github render_github",
    "gitlab": "gitlab render_gitlab",
})

# The same text as FORMATS gives, in pieces made as they are written.
IN_PIECES: Mapping[str, Callable[[Report, Verdict], Iterable[str]]] = _Renderers({
    "json": "json_report json_report_chunks",
    "sarif": "sarif sarif_chunks",
    "gitlab": "gitlab gitlab_chunks",
})


def report_pieces(name: str, report: Report, verdict: Verdict) -> Iterable[str]:
    """The report in the machine format `name`, in pieces where that format is written so."""
    if name in IN_PIECES:
        return IN_PIECES[name](report, verdict)
    return (FORMATS[name](report, verdict),)
