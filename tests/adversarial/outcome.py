"""What one run of mtqa left behind, and the expectations particular to some cases (checked after the common ones).

Each expectation is a function (Run) -> None that fails with an AssertionError saying what a user would notice.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    folder: Path  # the case's working directory, where its inputs are
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def report_path(self) -> Path:
        return self.folder / "out" / "report.json"

    def report(self) -> dict:
        """The JSON report the run wrote beside its own outputs; NaN or Infinity in it is a failure."""
        assert self.report_path.exists(), "no JSON report written"
        return json.loads(self.report_path.read_text(encoding="utf-8"), parse_constant=_refuse)

    def findings(self, doc: str | None = None) -> list[dict]:
        return [f for d in self.report()["documents"] if doc is None or d["id"] == doc for f in d["findings"]]

    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def _refuse(constant: str) -> None:
    raise AssertionError(f"{constant} in the JSON report")


def finds(text: str, times: int = 1):
    """At least `times` findings whose text is exactly `text`: the check still sees through the oddity."""
    def expectation(run: Run) -> None:
        found = sum(1 for f in run.findings() if f["text"] == text)
        assert found >= times, f"{found} finding(s) on {text!r}, expected {times}"
    expectation.__name__ = f"finds({text!r})"
    return expectation


def same_findings(*docs: str):
    """The same rules fire, as often, on each of `docs` (the same text with other line ends)."""
    def expectation(run: Run) -> None:
        counts = [Counter(f["rule"] for f in run.findings(doc)) for doc in docs]
        assert all(c == counts[0] for c in counts), dict(zip(docs, counts, strict=True))
        assert counts[0], "no finding at all: the comparison says nothing"
    return expectation


def documents_checked(*ids: str, complete: bool = True):
    """Exactly these articles are in the report; `complete` false: the report says inputs were skipped."""
    def expectation(run: Run) -> None:
        report = run.report()
        assert sorted(d["id"] for d in report["documents"]) == sorted(ids), [d["id"] for d in report["documents"]]
        assert report.get("complete", True) is complete, report.get("skipped_inputs")
    return expectation


def skipped_inputs(*places: str):
    """The report lists every bad input (path or path:line) that --keep-going left out."""
    def expectation(run: Run) -> None:
        skipped = run.report().get("skipped_inputs", [])
        listed = {s["path"] if s.get("line") is None else f"{s['path']}:{s['line']}" for s in skipped}
        assert listed == set(places), skipped
    return expectation


def stdout_says(*fragments: str):
    def expectation(run: Run) -> None:
        for fragment in fragments:
            assert fragment in run.stdout, f"{fragment!r} not on stdout"
    return expectation


def no_reference_metrics(run: Run) -> None:
    """No BLEU/chrF: nothing outside the --reference folder was read as a reference."""
    if run.returncode != 2:
        for document in run.report()["documents"]:
            assert not document["metrics"], document["metrics"]


def file_lacks(name: str, *fragments: str):
    """`name` (written by the run) does not contain any of `fragments` as written in the input."""
    def expectation(run: Run) -> None:
        path = run.folder / name
        if run.returncode != 2:
            content = path.read_text(encoding="utf-8")
            for fragment in fragments:
                assert fragment not in content, f"{fragment!r} unescaped in {name}"
    return expectation


def checked_or_reported(doc: str):
    """A folder reached through a symbolic link is either checked or named on stderr, never dropped silently."""
    def expectation(run: Run) -> None:
        if any(doc in line for line in run.stderr_lines()):
            return
        assert any(d["id"] == doc for d in run.report()["documents"]), f"{doc} neither checked nor reported"
    return expectation


def finds_on_file_line(text: str, line: int):
    """A finding on `text` that points at `line` of its input file (a bilingual segment's line)."""
    def expectation(run: Run) -> None:
        lines = [f.get("file_line") for f in run.findings() if f["text"] == text]
        assert line in lines, f"findings on {text!r} point at file lines {lines}, expected {line}"
    expectation.__name__ = f"finds_on_file_line({text!r}, {line})"
    return expectation
