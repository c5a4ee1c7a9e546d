"""number-mismatch: the numbers of each source segment looked for, by value, in its aligned translation."""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Iterator
from decimal import MAX_EMAX, MIN_EMIN, Decimal, localcontext

from mtqa.checks.anchors import UnitAnchors
from mtqa.checks.context import CheckContext
from mtqa.display import shown
from mtqa.model import Finding, Segment, Span
from mtqa.numbers import Changed, Kind, Missing, Quantity, compare, source_quantities, target_quantities
from mtqa.numbers.compare import MINUTES_WRITTEN, time_span
from mtqa.numbers.currency import currency_for_another
from mtqa.numbers.measures import in_target_unit
from mtqa.numbers.style import span_written_like, written_like

NUMBER_MISMATCH = "MTQ401"
# How a source number is described in messages: large amounts with a scale word, the rest in grouped digits.
_IN_WORDS, _IN_DIGITS = target_quantities("1 million")[0], target_quantities("1,000")[0]


def check_numbers(context: CheckContext) -> Iterator[Finding]:
    source = context.document.source
    if not source:
        return
    sources = _ByPlace(source_quantities(source, context.document.source_lang))
    targets = _ByPlace(target_quantities(context.text))
    # An article of one line on each side is a line and its translation, as aligned as a segment of a longer one.
    one_line_each = not context.segments and _one_line(source) and _one_line(context.text)
    # Where a missing number is reported: the unit, marked by its first sentence where it is long (a long unit may
    # leave out hundreds of numbers, and each finding quotes its span).
    anchors = UnitAnchors(context.text)
    for segment, target_span in _units(context):
        in_target = targets.within(target_span)
        zones = {_ZONE_OF[match.group("zone")] for match in
                 _SOURCE_TIME_ZONE.finditer(source, segment.source.start, segment.source.end)}
        rendered: list = []
        if zones:
            # A time zone the target names that renders the source's (北京时间 "Beijing time") gives the source's own
            # dates; only another one (한국시간 given in "U.S. time") may move them a day.
            rendered = [quantity for quantity in in_target
                        if quantity.kind is Kind.TIME_ZONE and _target_zone(quantity.text) in zones]
            in_target = [quantity for quantity in in_target if quantity not in rendered]
        # An hour the source gives in its time zone, which the target does not name, may have been converted ("9 p.m.
        # on Tuesday in Washington" for 北京时间上午10时).
        hours_comparable = not zones or bool(rendered)
        aligned = bool(segment.id) or one_line_each
        for result in compare(sources.within(segment.source), in_target, aligned=aligned,
                              hours_comparable=hours_comparable):
            yield _finding(context, result, anchors, target_span, segment.id if context.segments else None)
        changed = currency_for_another(source, segment.source, context.text, target_span) if aligned else None
        if changed is not None:
            yield context.finding(
                NUMBER_MISMATCH, changed.target,
                f"The source's amount is in {changed.expected} ({shown(changed.source_word)}); the translation gives "
                f"it in {shown(changed.target_word)}: another currency.",
                suggestion=changed.expected, source_span=changed.source,
                segment=segment.id if context.segments else None)


# A source's own time zone (北京时间, 当地时间, 현지 시간, 한국시각, 日本時間), and the zone each names.
_ZONE_OF = {
    **dict.fromkeys(("当地", "當地", "现地", "現地", "현지"), "local"), **dict.fromkeys(("北京", "台北"), "china"),
    **dict.fromkeys(("东京", "東京", "日本", "일본"), "japan"), **dict.fromkeys(("韩国", "韓國", "한국"), "korea"),
    **dict.fromkeys(("美国", "美國", "美东", "美東", "미국", "동부"), "us"),
}
_SOURCE_TIME_ZONE = re.compile(r"(?P<zone>" + "|".join(_ZONE_OF) + r")[ \t]?(?:时间|時間|시간|시각)")
_TARGET_ZONES = {
    "local": "local", "beijing": "china", "taipei": "china", "japan": "japan", "japanese": "japan", "tokyo": "japan",
    "jst": "japan", "korea": "korea", "korean": "korea", "seoul": "korea", "kst": "korea", "u.s.": "us", "us": "us",
    "washington": "us", "eastern": "us", "pacific": "us", "est": "us", "edt": "us", "pst": "us", "pdt": "us",
    "cst": "us", "cdt": "us", "mst": "us", "mdt": "us",
}


def _target_zone(text: str) -> str | None:
    """The zone a target's time-zone words name ("U.S. time": us), or None (GMT, UTC)."""
    return _TARGET_ZONES.get(text.split()[0].lower())


def _one_line(text: str) -> bool:
    return len([line for line in text.splitlines() if line.strip()]) == 1


class _ByPlace:
    """Quantities in text order, those within a span found by bisection: a file of many segments is not scanned
    once per segment."""

    def __init__(self, quantities: list[Quantity]) -> None:
        self._quantities = sorted(quantities, key=lambda quantity: quantity.span.start)
        self._starts = [quantity.span.start for quantity in self._quantities]

    def within(self, span: Span) -> list[Quantity]:
        first = bisect.bisect_left(self._starts, span.start)
        last = bisect.bisect_left(self._starts, span.end, lo=first)
        return [quantity for quantity in self._quantities[first:last] if span.contains(quantity.span)]


def _units(context: CheckContext) -> Iterator[tuple[Segment, Span]]:
    """The aligned segments with a source, or the whole article as one when there are none; each with the span of
    its target text less surrounding blanks."""
    text = context.text
    segments = context.segments or (Segment("", Span(0, len(text)), Span(0, len(context.document.source))),)
    for segment in segments:
        if segment.source is None:
            continue
        start, end = segment.target
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        yield segment, Span(start, end)


def _finding(context: CheckContext, result: Changed | Missing, anchors: UnitAnchors, unit: Span,
             segment: str | None) -> Finding:
    source = result.source
    if isinstance(result, Changed):
        target = result.target
        message = (f"The source's {shown(source.text)} ({_described(source)}) reads {shown(target.text)} here: "
                   f"{_how_changed(result)}.")
        if result.relation == "hour":
            suggestion = _hour_written_like(source, target)
        elif result.relation == "minute":
            suggestion = _minutes_written_like(source, target)
        elif target.kind is Kind.DURATION:
            suggestion = span_written_like(time_span(source)[1], target)
        else:
            expected = source.value * 100 if result.relation == "multiple" else in_target_unit(source, target)
            suggestion = written_like(expected, target)
        return context.finding(NUMBER_MISMATCH, target.span, message, suggestion=suggestion,
                               source_span=source.span, segment=segment)
    message = f"The source's {shown(source.text)} ({_described(source)}) is not in the translation."
    return context.finding(NUMBER_MISMATCH, anchors(unit), message, source_span=source.span, segment=segment)


def _described(source: Quantity) -> str:
    """The source number in English: 1.2 billion, 3.5%, July, the 11th."""
    value = source.value
    if source.kind is Kind.PERCENT:
        return f"{format(value, 'f')}%"
    if source.kind is Kind.MONTH:
        return calendar.month_name[int(value)]
    if source.kind is Kind.DAY:
        return f"day {format(value, 'f')} of the month"  # not "day 1E+1": values are normalised
    if source.kind is Kind.YEAR:
        return f"the year {format(value, 'f')}"
    if source.kind is Kind.MULTIPLE:
        return f"{format(value, 'f')} times"
    if source.kind is Kind.QUARTER:
        return f"quarter {format(value, 'f')}"
    if source.kind is Kind.RUN:
        return f"{format(value, 'f')} in a row"
    if source.kind is Kind.DURATION:
        return f"{format((value / 12).normalize(), 'f')} years"
    if source.kind is Kind.HOUR:  # the afternoon's hours are read both ways: the later is the clock's
        return f"the hour {int(max(source.values))}:00"
    if source.kind is Kind.MINUTE:
        return f"{int(value)} minutes past the hour"
    return written_like(value, _IN_WORDS if value >= 10**6 else _IN_DIGITS)


# A target's clock time: its hour, and the rest as written (":30 p.m."); the letter of its half of the day.
_CLOCK_TIME = re.compile(r"(?P<hour>\d{1,2})(?P<rest>.*)", re.DOTALL)
_HALF_LETTER = re.compile(r"[AaPp](?=\.?\s?[Mm])")


def _hour_written_like(source: Quantity, target: Quantity) -> str:
    """The target's clock time with the source's hour, on the target's clock: "11 a.m." for 上午10时 is "10 a.m.",
    "2 a.m." for 오후 2시 "2 p.m.", "16:30" for 오후 3시 30분 "15:30"."""
    match = _CLOCK_TIME.match(target.text)
    rest = match.group("rest")
    hours = sorted(int(value) % 24 for value in source.values)
    half = _HALF_LETTER.search(rest)
    if half is None:
        return f"{hours[-1]}{rest}"
    # Of the source's readings, the one on the target's half of the day where there is one (3시 for "4 p.m." is 3 p.m.)
    afternoon = half.group().lower() == "p"
    hour = next((hour for hour in hours if (hour >= 12) == afternoon), hours[0])
    letter = ("p" if hour >= 12 else "a")
    letter = letter.upper() if half.group().isupper() else letter
    return f"{hour % 12 or 12}{rest[:half.start()]}{letter}{rest[half.end():]}"


def _minutes_written_like(source: Quantity, target: Quantity) -> str:
    """The target's clock time with the source's minutes: "7:04 a.m." for 오전 7시 40분 is "7:40 a.m."."""
    written = MINUTES_WRITTEN.search(target.text)
    return f"{target.text[:written.start('minutes')]}{int(source.value):02d}{target.text[written.end('minutes'):]}"


def _how_changed(result: Changed) -> str:
    source = result.source
    if result.relation == "hour":
        return "another hour"
    if result.relation == "minute":
        return "the same hour, other minutes"
    if result.relation == "magnitude":
        return _magnitude(source, result.target)
    if result.relation == "digits":
        return "a digit changed or two swapped"
    if result.relation == "multiple":
        return (f"a multiple given as a percentage of the same figure ({_described(source)} is "
                f"{format((source.value * 100).normalize(), 'f')} percent)")
    return "another number"


def _magnitude(source: Quantity, target: Quantity) -> str:
    # A power of ten, however the target rounded the figure (10.15 trillion for 1015036亿 is divided by 10); worked
    # out in decimals, which no figure overflows as a float would (a 400-digit one).
    with localcontext() as context:
        context.Emax, context.Emin = MAX_EMAX, MIN_EMIN
        ratio = Decimal(10) ** (target.value / in_target_unit(source, target)).log10().to_integral_value()
    if ratio < 1:
        return f"a magnitude dropped (divided by {format((1 / ratio).normalize(), ',f')})"
    return f"a magnitude added (multiplied by {format(ratio.normalize(), ',f')})"
