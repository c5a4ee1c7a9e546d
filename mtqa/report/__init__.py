"""Renderers: one module per output format. They present a Report and a Verdict; they decide nothing.

Machine formats are functions (report, verdict) -> str, registered in FORMATS under their --format name; those whose
size grows with the batch are also written in pieces (`report_pieces`), so that a large batch's report is never held
whole. The text report writes to a stream itself, for colour on a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from mtqa.gate import Verdict
from mtqa.lazy_names import lazy_names
from mtqa.model import Report

MachineRenderer = Callable[[Report, Verdict], str]

# Each renderer imported when first asked for: a run writes one or two formats, and the command line names them all
# on every start.
_RENDERERS = {
    **dict.fromkeys(("render_json", "json_report_chunks"), f"{__name__}.json_report"),
    **dict.fromkeys(("render_sarif", "sarif_chunks"), f"{__name__}.sarif"),
    **dict.fromkeys(("render_junit", "junit_chunks"), f"{__name__}.junit"),
    "render_github": f"{__name__}.github",
    **dict.fromkeys(("render_gitlab", "gitlab_chunks"), f"{__name__}.gitlab"),
    **dict.fromkeys(("render_html", "html_chunks"), f"{__name__}.html"),
}
__getattr__ = lazy_names(__name__, _RENDERERS)


class _ByFormat(Mapping):
    """Renderers by format name, each looked up (and so imported) when asked for."""

    def __init__(self, renderers: dict[str, str]) -> None:
        self._renderers = renderers  # format name -> renderer's name

    def __getitem__(self, name: str) -> Callable:
        return __getattr__(self._renderers[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._renderers)

    def __len__(self) -> int:
        return len(self._renderers)


FORMATS: Mapping[str, MachineRenderer] = _ByFormat({
    "json": "render_json", "sarif": "render_sarif", "junit": "render_junit", "github": "render_github",
    "gitlab": "render_gitlab",
})
# The same text as FORMATS gives, in pieces made as they are written.
IN_PIECES: Mapping[str, Callable[[Report, Verdict], Iterable[str]]] = _ByFormat({
    "json": "json_report_chunks", "sarif": "sarif_chunks", "gitlab": "gitlab_chunks", "junit": "junit_chunks",
})


def report_pieces(name: str, report: Report, verdict: Verdict) -> Iterable[str]:
    """The report in the machine format `name`, in pieces where that format is written so."""
    if name in IN_PIECES:
        return IN_PIECES[name](report, verdict)
    return (FORMATS[name](report, verdict),)
