"""The human report: findings grouped by article with line:column, text and suggestion, then a summary table.
Colour only when writing to a terminal.

Every string from input (ids, finding text, suggestions, messages that quote it, sentences, signatures) goes
through `shown`, and into a rich `Text`, never a markup string: a newline in an id cannot start a line that a CI
log reads as a workflow command, and brackets cannot become rich markup."""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Iterator
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mtqa.display import CommandSafeStream, shown
from mtqa.gate import Verdict, batch_fluency
from mtqa.gc_paused import collection_paused
from mtqa.locations import Locator
from mtqa.model import Report
from mtqa.report.arguments import takes_report
from mtqa.report.summary import (
    SEVERITY_ORDER,
    batch_words,
    fluency_skipped_line,
    incomplete_line,
    mqm_penalty,
    mqm_score,
    rule_counts,
    severity_counts,
    term_accuracy_line,
    verdict_line,
)

# The articles' lines go to rich a few hundred at a time: each print costs more than the text of a line, and the
# text held waiting stays small.
LINES_PER_PRINT = 500
_STYLE = {"critical": "bold white on red", "major": "bold red", "minor": "yellow"}


@takes_report
def render_text(report: Report, verdict: Verdict, stream: TextIO, *, colour: bool | None = None) -> None:
    # rich makes objects by the million for a large batch's lines: with a library caller's default thresholds the
    # collector's full passes over the whole report came ever more often (2,000 articles 1.8 s, 8,000 12.8 s).
    with collection_paused():
        stream = CommandSafeStream(stream)
        for _ in _prints(report, verdict, _console(stream, colour)):
            pass
        stream.flush()


@takes_report
def text_chunks(report: Report, verdict: Verdict, *, colour: bool | None = False) -> Iterator[str]:
    """The text of `render_text` in pieces, one print at a time, for a report file written as it is made."""
    buffer = io.StringIO()
    safe = CommandSafeStream(buffer)
    prints = _prints(report, verdict, _console(safe, colour))
    while True:
        with collection_paused():  # paused per piece: a pause held across a yield would outlive an abandoned one
            more = next(prints, _DONE) is not _DONE
        if not more:
            safe.flush()  # a last line without its line end
        if buffer.tell():
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        if not more:
            return


_DONE = object()


class _ReportConsole(Console):
    """A rich console that lets a closed pipe be the caller's to report: rich's own answer ends the process with
    SystemExit(1), which reads as "the gate failed" and says nothing. The BrokenPipeError goes up to whoever writes
    the report, as it does from the machine formats' writes."""

    def on_broken_pipe(self) -> None:
        self.quiet = True  # nothing more is written once the reader is gone
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def _console(stream: TextIO, colour: bool | None) -> Console:
    return _ReportConsole(file=stream, force_terminal=colour, no_color=colour is False, highlight=False,
                          width=None if colour else 120, soft_wrap=True)


def _prints(report: Report, verdict: Verdict, console: Console) -> Iterator[None]:
    """The report printed to `console`, pausing after each print."""
    lines: list[Text] = []
    for result in report.results:
        for line in _article_lines(result):  # made as printed: one article may hold 100,000 findings
            lines.append(line)
            if len(lines) >= LINES_PER_PRINT:
                _print_lines(lines, console)
                lines = []
                yield
    _print_lines(lines, console)
    _renderings(report, console)
    _summary(report, verdict, console)
    yield


def _print_lines(lines: list[Text], console: Console) -> None:
    if lines:
        console.print(Text("\n").join(lines))


def _article_lines(result) -> Iterator[Text]:
    """The article's lines, one at a time: its id, term accuracy, fluency and findings, then an empty line; none
    for an article with nothing to say."""
    counted = result.term_accuracy is not None and result.term_accuracy.total > 0
    if not result.findings and result.fluency is None and not counted:
        return
    yield Text(shown(result.document.id), style="bold underline")
    locator = Locator(result.document)
    if counted:  # an article without a dictionary term has no figure worth a line
        yield Text(f"  {term_accuracy_line(result.term_accuracy)}", style="dim")
    if result.fluency is not None:
        yield from _fluency(result, locator)
    for finding in result.findings:
        row = Text("  ")
        row.append(locator.shown_position(finding.span.start), style="cyan")
        row.append("  ")
        row.append(f"{finding.severity.value:<8}", style=_STYLE[finding.severity.value])
        row.append(f" {finding.rule} {finding.name}  ", style="dim")
        row.append(_quoted(finding.text), style="bold")
        if finding.suggestion is not None:
            row.append(" -> ")
            row.append(_quoted(finding.suggestion) if finding.suggestion else "(delete)", style="green")
        yield row
        yield Text(f"      {shown(finding.message)}", style="dim")
    yield Text()


def _renderings(report: Report, console: Console) -> None:
    """The entities the batch renders in more than one way, one line each: the reference first."""
    varied = [entity for entity in report.renderings if entity.inconsistent]
    if not varied:
        return
    console.print(Text("Renderings across the batch", style="bold"))
    for entity in varied:
        counts = [f"'{_oneline(row.text)}' x{row.mentions} in {len(row.documents)} "
                  f"article{'' if len(row.documents) == 1 else 's'}" for row in entity.rows]
        console.print(Text(f"  {_oneline(entity.entity)} ({_oneline(entity.kind)}): {', '.join(counts)}"))
    console.print()


def _fluency(result, locator: Locator) -> list[Text]:
    fluency = result.fluency
    capped = f"; {fluency.capped} more fluency finding(s) left out by the cap" if fluency.capped else ""
    lines = [Text(f"  fluency {fluency.score:.0f}/100{capped}; weakest sentences:", style="dim")]
    for sentence in fluency.weakest():
        text = " ".join(result.document.target[sentence.span.start:sentence.span.end].split())
        place = locator.shown_position(sentence.span.start)
        lines.append(Text(f"    {place}  {sentence.score:>3.0f}  {shown(_shortened(text))}", style="dim"))
    return lines


def _shortened(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _quoted(text: str) -> str:
    return '"' + _oneline(text) + '"'


def _oneline(text: str) -> str:
    """Runs of whitespace as one space, then whatever else could break the line made visible."""
    return shown(" ".join(text.split()))


def _summary(report: Report, verdict: Verdict, console: Console) -> None:
    findings = report.findings
    table = Table(title="Summary", show_edge=False, title_justify="left")
    table.add_column("rule")
    table.add_column("findings", justify="right")
    for rule, count in rule_counts(findings).items():
        table.add_row(Text(rule), str(count))
    table.add_row("total", str(len(findings)), style="bold")
    console.print(table)
    counts = severity_counts(findings)
    by_severity = ", ".join(f"{counts[s.value]} {s.value}" for s in SEVERITY_ORDER)
    words = batch_words(report)
    penalty = mqm_penalty(findings, words)
    console.print(f"{len(report.results)} article(s), {words} words: {by_severity}; "
                  f"MQM penalty {penalty} per 1,000 words, quality score {mqm_score(penalty)}")
    suppressed = sum(result.suppressed for result in report.results)
    if suppressed:
        console.print(f"{suppressed} finding(s) suppressed by the baseline or mtqa_ignore")
    for metric in report.metrics:
        console.print(Text(f"{metric.name} {metric.score:.2f}  ({shown(metric.signature)})"))
    if report.fluency_signature:
        console.print(Text(f"fluency {batch_fluency(report)}/100  ({shown(report.fluency_signature)})"))
    if report.term_accuracy is not None:
        console.print(Text(term_accuracy_line(report.term_accuracy)))
    fluency_skipped = fluency_skipped_line(report)
    if fluency_skipped:
        console.print(Text(shown(fluency_skipped), style="bold yellow"))
    _incomplete(report, console)
    line = verdict_line(report, verdict)
    if not verdict.passed:
        line += ": " + shown("; ".join(verdict.reasons))
    console.print(Text(line, style="bold green" if verdict.passed and report.complete else "bold red"))


def _incomplete(report: Report, console: Console) -> None:
    """Right above the verdict, so that a PASSED below it cannot be read as covering the inputs left out."""
    headline = incomplete_line(report)
    if headline is None:
        return
    console.print(Text(f"{headline}:", style="bold red"))
    for skipped in report.skipped:
        console.print(Text(f"  {shown(str(skipped))}", style="red"))
