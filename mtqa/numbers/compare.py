"""Which numbers of a source segment its translation carries, changes or drops.

Matching is by value, whatever the unit or the way of writing (万 or "thousand", 12亿 or "1.2 billion"), and a
value the source repeats is carried when the target says it once. A number the target does not carry is *changed*
when exactly one number of the target that the source does not explain is related to it (a power of ten apart, or a
digit slipped), and *missing* only when nothing else could be its rendering: the target has no unexplained number
left and the segment's other numbers were carried (when none was, the sentence was dropped or rewritten, which is
another problem), and it is not a small count that the translation can say by what it counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from mtqa.numbers.measures import in_base_units, in_target_unit, same_dimension
from mtqa.numbers.quantity import Kind, Quantity

_ONLY_THEIR_KIND = (Kind.DURATION, Kind.PERCENT_WORDS)
# Kinds whose numbers can be compared for a slip; days, months, hours and ordinals are too small to tell a slip
# from another number, and are only matched.
_COMPARABLE = {Kind.NUMBER: "amount", Kind.MULTIPLE: "amount", Kind.YEAR: "amount", Kind.PERCENT: "percent"}
# A slipped or swapped digit is looked for in numbers of at most this many digits (point included): no figure in
# the news has more, and each look-up key copies the whole number, so a number of 40,000 digits took gigabytes.
MAX_SLIP_DIGITS = 40


# A target amount with a scale word and this many significant digits or more may give a longer source number rounded
# to them, as wire copy does (1015036亿 as "101.5 trillion"); a shorter one is too coarse to tell rounding from
# another number, and a plain one ("1,003") is written out, not rounded.
MIN_ROUNDED_DIGITS = 3
# An amount the target says is approximate ("nearly 1.8 trillion", "more than 1,800") may round or cut the source
# number to this many significant digits.
MIN_HEDGED_DIGITS = 2


@dataclass(frozen=True)
class Changed:
    source: Quantity
    target: Quantity
    # "magnitude", "digits", "value" (another number), "multiple" (a multiple as a percentage), "hour" (another clock
    # hour) or "minute" (the same hour, other minutes past it)
    relation: str


@dataclass(frozen=True)
class Missing:
    source: Quantity


def compare(sources: list[Quantity], targets: list[Quantity], aligned: bool = False, hours_comparable: bool = True
            ) -> list[Changed | Missing]:
    """The source numbers of one segment the target changes or drops, in source order. In an `aligned` segment (a
    sentence or line and its translation), a source number left over beside a target number left over, of one kind,
    is that number changed however far apart the two are (72 hours written 27, 60 days written 90); and its clock
    hour, unless `hours_comparable` is False (the source gives its hour in a time zone the target does not name)."""
    # Durations and words for a percentage carry only their own kind of source number (below); a month named carries
    # no day of the month, nor a day a month (10日 is not "October", 3月 not "the 3rd").
    target_values = _values(targets, leaving_out=_ONLY_THEIR_KIND)
    carrying = {kind: _values(targets, leaving_out=(*_ONLY_THEIR_KIND, other))
                for kind, other in _OTHER_DATE_PART.items()}
    percent_words = {value for target in targets if target.kind is Kind.PERCENT_WORDS for value in target.values}
    # A multiple is carried by a percentage only as its hundreds (1.4倍 as "140 percent" or "40 percent more"), never
    # as the same figure ("1.4 percent").
    percents = {value for target in targets if target.kind is Kind.PERCENT for value in target.values}
    unlike_percents = {value for target in targets if target.kind not in (*_ONLY_THEIR_KIND, Kind.PERCENT)
                       for value in target.values}
    precisions = {digits for target in targets if target.scale and target.value is not None
                  if (digits := _written_precision(target)) >= MIN_ROUNDED_DIGITS}
    relative_year = any(target.kind is Kind.RELATIVE_YEAR for target in targets)
    relative_day = any(target.kind in (Kind.RELATIVE_DAY, Kind.TIME_ZONE) for target in targets)
    relative_month = any(target.kind is Kind.RELATIVE_MONTH for target in targets)
    # Measures in the base units of their dimensions: 189㎝ is carried by "1.89 meters"
    measured = {base for target in targets if target.measure for base in in_base_units(target.values, target.measure)}
    hedged = {(value, target.hedged) for target in targets if target.hedged for value in target.values
              if _precision(value) >= MIN_HEDGED_DIGITS}

    # A source ordinal whose figure the source also gives as a count (3年ぶり3度目: the first in three years, the
    # third title) is carried by a target ordinal only: the target's one "three" says the count.
    counts = {value for source in sources if source.kind is Kind.NUMBER and source.definite for value in source.values}
    ordinals = {value for target in targets if target.kind is Kind.ORDINAL for value in target.values}

    def carried(source: Quantity) -> bool:
        if source.kind is Kind.ORDINAL and source.values & counts:
            return bool(source.values & ordinals)
        if source.kind is Kind.MULTIPLE:
            return bool(source.values & unlike_percents) or any(value * 100 in percents or (value - 1) * 100 in percents
                                                               for value in source.values)
        return bool(source.values & carrying.get(source.kind, target_values)) \
            or (source.kind is Kind.PERCENT and bool(source.values & percent_words)) \
            or any(_rounded(value, digits) in target_values for value in source.values for digits in precisions) \
            or (source.kind is Kind.YEAR and relative_year) \
            or (source.kind in (Kind.DAY, Kind.MONTH) and relative_day) \
            or any(_shortened(value, _precision(rounded), way) == rounded
                   for value in source.values for rounded, way in hedged) \
            or (source.kind is Kind.MONTH and relative_month) \
            or bool(source.measure and in_base_units(source.values, source.measure) & measured)

    source_values = {value for source in sources for value in source.values}
    explaining = {kind: _values(sources, leaving_out=(other,)) for kind, other in _OTHER_DATE_PART.items()}
    # A month where the source gives none was added (a dateline's "Aug. 12" for 21日), not changed.
    months_given = any(source.kind is Kind.MONTH for source in sources)
    unexplained = [target for target in targets if target.definite
                   and not target.values & explaining.get(target.kind, source_values)
                   and (months_given or target.kind is not Kind.MONTH)]
    uncarried = _first_of_each_value([source for source in sources if source.definite and not carried(source)])
    results: list[Changed | Missing] = []
    related = _Related(unexplained)
    candidates = {id(source): related.to(source) for source in uncarried}
    sources_of: dict[int, list[Quantity]] = {}  # target -> the uncarried sources related to it, in source order
    for source in uncarried:
        for target in candidates[id(source)]:
            sources_of.setdefault(id(target), []).append(source)
    for source in uncarried:
        found = candidates[id(source)]
        if len(found) == 1 and sources_of[id(found[0])] == [source]:
            results.append(Changed(source, found[0], relation(source, found[0])))
    if aligned:  # beside the pairs found, the one number left over on each side
        paired = {id(result.source) for result in results} | {id(result.target) for result in results}
        left = [source for source in uncarried if id(source) not in paired]
        stray = [target for target in unexplained if id(target) not in paired]
        if len(left) == 1 and len(stray) == 1 and _one_for_another(left[0], stray[0]):
            results.append(Changed(left[0], stray[0], "value"))
    if aligned:  # a run said as an ordinal ("the fourth year in a row" for 连续3年) is compared as a run
        results.extend(_one_of_a_kind_for_another(sources, targets, Kind.RUN, results))
    if aligned and not results:
        results.extend(_ordinal_for_another(sources, targets, carried, source_values))
    if aligned:
        results.extend(_hour_for_another(sources, targets, hours_comparable))
        results.extend(_one_of_a_kind_for_another(sources, targets, Kind.QUARTER, results))
        results.extend(_span_of_time_for_another(sources, targets, results))
    results.extend(_multiple_as_percent(sources, targets, carried, results))
    changed_targets = {id(result.target) for result in results}
    answered = any(carried(source) for source in sources if source.definite) or results
    if answered and all(id(target) in changed_targets for target in unexplained):
        # One source number read two ways (a count and a run, a count and a span of time) is reported once.
        changed_sources = {result.source.span for result in results}
        results.extend(Missing(source) for source in uncarried
                       if source.span not in changed_sources and _said_in_full(source))
    return sorted(results, key=lambda result: result.source.span)


# A date's parts, each explained or carried by any number but the other part.
_OTHER_DATE_PART = {Kind.DAY: Kind.MONTH, Kind.MONTH: Kind.DAY}


def _values(quantities: list[Quantity], leaving_out: tuple[Kind, ...]) -> set[Decimal]:
    """Every value the quantities can be read as, but those of the kinds left out."""
    return {value for quantity in quantities if quantity.kind not in leaving_out for value in quantity.values}


class _Related:
    """The targets `relation` relates to a source, found by look-up rather than by trying every target: a segment
    of thousands of numbers made the comparison grow with the square of its length. Targets a power of ten apart
    share their significant digits; a slipped digit leaves the other digits in place, and two swapped neighbours the
    digits around them, so each written form is keyed with each digit left out and with each pair swapped."""

    def __init__(self, targets: list[Quantity]) -> None:
        self._targets = targets
        self._by_key: dict[tuple, list[int]] = {}
        for index, target in enumerate(targets):
            for key in _relation_keys(target):
                self._by_key.setdefault(key, []).append(index)

    def to(self, source: Quantity) -> list[Quantity]:
        """The targets related to `source`, in target order."""
        keys = _relation_keys(source) + _rounded_keys(source)
        places = sorted({index for key in keys for index in self._by_key.get(key, ())})
        return [self._targets[index] for index in places if relation(source, self._targets[index])]


def _relation_keys(quantity: Quantity) -> list[tuple]:
    """Keys that a source and a target `relation` relates always share (and unrelated ones seldom do)."""
    group = _COMPARABLE.get(quantity.kind)
    if group is None or quantity.value is None:
        return []
    keys: list[tuple] = []
    if quantity.value > 0:
        keys.append((group, "significant", _significant_digits(quantity.value)))
    written = _digits(quantity.value)
    if len(written) > MAX_SLIP_DIGITS:
        return keys
    for index, character in enumerate(written):
        if character != ".":
            keys.append((group, "slipped", written[:index] + "?" + written[index + 1:]))
            if index + 1 < len(written) and written[index + 1] != ".":
                pair = sorted(written[index:index + 2])
                keys.append((group, "swapped", written[:index] + "".join(pair) + written[index + 2:], index))
            elif index + 2 < len(written) and written[index + 2] != ".":  # the neighbours either side of the point
                low, high = sorted((character, written[index + 2]))
                keys.append((group, "swapped", f"{written[:index]}{low}.{high}{written[index + 3:]}", index))
    return keys


# Kinds a number left over on each side of a segment is compared in. A date given in another time zone says so
# ("local time", "U.S. time": Kind.TIME_ZONE carries any day, as a weekday does), and moves day and month together
# when it crosses a month (two numbers left over, not one).
_SUBSTITUTABLE = frozenset({Kind.NUMBER, Kind.MULTIPLE, Kind.PERCENT, Kind.YEAR, Kind.ORDINAL, Kind.DAY, Kind.MONTH})
# Kinds whose one number left over is changed however far from the source's: a percentage is never converted, and
# a date is written one way (3月5日 as "March 6", or as "March 15").
_ANY_DISTANCE = frozenset({Kind.PERCENT, Kind.DAY, Kind.MONTH})


# A count below this is often said another way than by its number (1년 6개월 as "18 months", 두 차례 as "a total of"),
# and a figure this many times larger or smaller is rather the same converted (30°C as 86°F, 100평 as 330 square
# meters, an amount in dollars) or another figure ("182 trillion won (US$126 billion)"); percentages are not
# converted.
_LEAST_COUNT, _FURTHEST_APART = 10, 2.5


def _one_for_another(source: Quantity, target: Quantity) -> bool:
    """Whether the one source number left over and the one target number left over are one number changed: of one
    kind, each read one way, not far apart, and not a small count."""
    if source.kind is not target.kind or source.kind not in _SUBSTITUTABLE or source.value is None \
            or target.value is None or source.value <= 0 or target.value <= 0:
        return False
    if source.kind is Kind.NUMBER and min(source.value, target.value) < _LEAST_COUNT and (
            source.value == int(source.value) or target.value == int(target.value)):
        return False  # a small count; not two measures in decimals (a magnitude 5.8 quake given as 5.3)
    return source.kind in _ANY_DISTANCE or _near(source.value, target.value)


def _near(first: Decimal, second: Decimal) -> bool:
    """Whether two positive figures are at most _FURTHEST_APART times apart."""
    return max(first, second) <= Decimal(str(_FURTHEST_APART)) * min(first, second)


# Ordinals below this are said in other ways too often to be compared ("first" for 首次, "for the second time" for 又,
# "second" as a unit of time).
_LEAST_ORDINAL = 3


def _ordinal_for_another(sources: list[Quantity], targets: list[Quantity], carried, source_values: set[Decimal]
                         ) -> list[Changed]:
    """The one source ordinal or count a segment leaves uncarried beside the one target ordinal or count the source
    does not explain, one of them an ordinal, not far from each other: that number changed (第37次 as "27th", 8번째
    as "fifth", 182日連続 as "the 128th straight day"). Ordinals are never reported missing: a translation may say
    them otherwise ("World War II" for 第二次世界大战), and an ordinal far from the source's is rather another one
    ("third" place at the 32nd Games)."""

    def countable(quantity: Quantity) -> bool:
        return bool(quantity.value) and quantity.value >= _LEAST_ORDINAL and (
            quantity.kind is Kind.ORDINAL or (quantity.kind is Kind.NUMBER and quantity.definite))

    # As carried() does for a source ordinal, a target ordinal whose figure the target also gives as a count ("4-2 ...
    # their fourth title") is explained by a source ordinal only.
    source_ordinals = {value for source in sources if source.kind is Kind.ORDINAL for value in source.values}
    target_counts = {value for target in targets if target.kind is Kind.NUMBER and target.definite
                     for value in target.values}

    def explained(target: Quantity) -> bool:
        if target.kind is Kind.ORDINAL and target.values & target_counts:
            return bool(target.values & source_ordinals)
        return bool(target.values & source_values)

    left = _first_of_each_value([source for source in sources if countable(source) and not carried(source)])
    stray = [target for target in targets if countable(target) and not explained(target)]
    if len(left) != 1 or len(stray) != 1 or Kind.ORDINAL not in (left[0].kind, stray[0].kind):
        return []  # two counts are _one_for_another's
    source, target = left[0], stray[0]
    near = _near(source.value, target.value)
    # A digit dropped or added is a slip only where the target writes digits ("7th" for 第37次): "third" place at the
    # 32nd Games is another number.
    slipped = any(character.isdigit() for character in target.text) and _a_digit_apart(source.value, target.value)
    return [Changed(source, target, "value")] if near or slipped else []


def _hour_for_another(sources: list[Quantity], targets: list[Quantity], hours_comparable: bool) -> list[Changed]:
    """The one clock hour of a source segment given as another hour by the one clock time of its translation (上午10时
    as "11 a.m.", 오후 3시 as "4 p.m."); not where the target names a time zone, into which it may have converted the
    source's hour (the check leaves out a zone that renders the source's own). Hours are never reported missing: a
    translation may say "in the morning"."""
    hours = _first_of_each_value([source for source in sources if source.kind is Kind.HOUR])
    clock_times = [target for target in targets if target.kind is Kind.TIME]
    if len(hours) != 1 or len(clock_times) != 1 or any(target.kind is Kind.TIME_ZONE for target in targets) \
            or not hours_comparable:
        return []  # perhaps converted
    source, target = hours[0], clock_times[0]
    if target.hedged:  # rounded ("just before 10 a.m."): only its half of the day ("around 2 a.m." for 午後2時)
        if not _halves(source.values) & _halves(target.values):
            return [Changed(source, target, "hour")]
    elif not source.values & target.values:
        return [Changed(source, target, "hour")]
    return _minutes_for_another(sources, target) if source.values & target.values else []


MINUTES_WRITTEN = re.compile(r"[:：]\s?(?P<minutes>[0-5][0-9])")
# A time said roughly ("around 7:30 a.m.") may round the source's minutes to the nearest quarter of an hour.
_ROUNDED_MINUTES = 15


def _minutes_for_another(sources: list[Quantity], clock_time: Quantity) -> list[Changed]:
    """The minutes past the source's one clock hour given as others by its translation's clock time at that hour (오전
    7시 40분 as "7:04 a.m."); only where both write their minutes, one figure each, and beyond rounding where the
    translation says the time roughly."""
    minutes = _first_of_each_value([source for source in sources if source.kind is Kind.MINUTE])
    written = MINUTES_WRITTEN.search(clock_time.text)
    if len(minutes) != 1 or written is None:
        return []
    off_by = min(abs(value - Decimal(written.group("minutes"))) for value in minutes[0].values)
    if off_by == 0 or (clock_time.hedged and off_by <= _ROUNDED_MINUTES):
        return []
    return [Changed(minutes[0], clock_time, "minute")]


def _halves(hours: frozenset[Decimal]) -> set[bool]:
    """The halves of the day the hours fall in, True for the afternoon (midnight, 0 or 24, is the morning's)."""
    return {12 <= hour < 24 for hour in hours}


def _one_of_a_kind_for_another(sources: list[Quantity], targets: list[Quantity], kind: Kind, results: list
                               ) -> list[Changed]:
    """The one quarter (or run) of a source segment given as another by the one quarter (or run) of its translation
    (第2四半期 as "the third quarter", 3주 연속 as "two straight weeks"), those the `results` already pair aside (a
    run's count may be found changed as a count). Never reported missing: "April-June" says a quarter too, and
    "again" a run."""
    paired_sources = {result.source.span for result in results}
    paired_targets = {result.target.span for result in results}
    given = _first_of_each_value([source for source in sources if source.kind is kind
                                  and source.span not in paired_sources])
    said = _first_of_each_value([target for target in targets if target.kind is kind
                                 and target.span not in paired_targets])
    # Those both sides give aside ("the third quarter ... than the first" for 第三季度 ... 第二季度): one left on each
    left, stray = _left_over(given, said, lambda quantity: quantity.values)
    if len(given) != len(said) or len(left) != 1 or len(stray) != 1:
        return []
    return [Changed(left[0], stray[0], "value")]


def _left_over(given: list[Quantity], said: list[Quantity], readings: Callable[[Quantity], Iterable]
               ) -> tuple[list[Quantity], list[Quantity]]:
    """The source quantities `given` and the target quantities `said` that nothing on the other side reads as one of
    their `readings` does: what is left once the numbers both sides give are set aside."""
    given_readings = {reading for quantity in given for reading in readings(quantity)}
    said_readings = {reading for quantity in said for reading in readings(quantity)}
    return ([quantity for quantity in given if said_readings.isdisjoint(readings(quantity))],
            [quantity for quantity in said if given_readings.isdisjoint(readings(quantity))])


# Spans of time in the unit each family counts exactly: minutes, hours and days in minutes; months and years in
# months (a month is no whole number of days).
_IN_MINUTES = {"minutes": Decimal(1), "hours": Decimal(60), "days": Decimal(1440)}
_IN_MONTHS = {"months": Decimal(1)}


def _span_of_time_for_another(sources: list[Quantity], targets: list[Quantity], results: list) -> list[Changed]:
    """The one span of time of a source segment given as another by the one span of its translation, counted out
    (징역 3년 as "four years in prison", 为期5天 as "15 days"). Never reported missing ("since 2023" says a span of
    years); not where the target says "a week" or "half an hour", which may round the source."""
    # A source number read as a count and as a span too (35年) that its count already paired is settled.
    paired_sources = {result.source.span for result in results}
    paired_targets = [result.target.span for result in results]
    given = _first_of_each_value([source for source in sources if time_span(source)
                                  and source.span not in paired_sources])
    said = [target for target in targets if target.kind is Kind.DURATION
            and not any(target.span.overlaps(span) for span in paired_targets)]
    # Those both sides give aside: the four years of 징역 2년 6개월에 집행유예 4년, said right, leave the sentence
    given, said = _left_over(given, said, lambda quantity: (time_span(quantity),))
    if len(given) != 1 or len({time_span(target) for target in said}) != 1:
        return []
    source, target = given[0], said[0]
    (family, length), (other_family, other_length) = time_span(source), time_span(target)
    if family != other_family or length == other_length or target.text.lower().startswith(("a ", "an ", "half")):
        return []
    return [Changed(source, target, "value")]


def time_span(quantity: Quantity) -> tuple[str, Decimal] | None:
    """A span of time's family and length in the family's unit, or None."""
    if quantity.measure is None or quantity.value is None or quantity.kind not in (Kind.NUMBER, Kind.DURATION):
        return None
    unit = quantity.measure[0]
    for family, units in (("minutes", _IN_MINUTES), ("months", _IN_MONTHS)):
        if unit in units:
            return family, (quantity.value * units[unit]).normalize()
    return None


def _a_digit_apart(first: Decimal, second: Decimal) -> bool:
    """Whether two whole numbers differ by one digit dropped, added, changed or two swapped (37th as "7th", 4번째
    as "14th", 15 as "51st")."""
    if first != int(first) or second != int(second):
        return False
    left, right = str(int(first)), str(int(second))
    if len(left) == len(right):
        return _digit_slip(first, second) or sorted(left) == sorted(right)
    shorter, longer = sorted((left, right), key=len)
    return len(longer) == len(shorter) + 1 and any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def _multiple_as_percent(sources: list[Quantity], targets: list[Quantity], carried, results: list) -> list[Changed]:
    """A multiple the target gives as a percentage of the same figure (1.4倍 as "1.4 percent"): a multiple is said
    other ways too often to be reported missing, but this rendering is wrong."""
    changed = {id(result.target) for result in results}
    found = []
    for source in sources:
        if source.kind is not Kind.MULTIPLE or carried(source):
            continue
        written = source.value
        target = next((target for target in targets if target.kind is Kind.PERCENT and id(target) not in changed
                       and target.values == {written}), None)
        if target is not None:
            found.append(Changed(source, target, "multiple"))
            changed.add(id(target))
    return found


def _rounded_keys(quantity: Quantity) -> list[tuple]:
    """The significant-digit keys of the value rounded to each shorter precision a target may round it to: "3.659
    trillion" for 365877亿 is a magnitude dropped from the figure rounded."""
    group = _COMPARABLE.get(quantity.kind)
    if group is None or quantity.value is None or quantity.value <= 0:
        return []
    roundings = (_rounded(quantity.value, digits) for digits in range(MIN_ROUNDED_DIGITS, _precision(quantity.value)))
    return [(group, "significant", _significant_digits(value)) for value in roundings if value is not None]


def _said_in_full(source: Quantity) -> bool:
    """Whether a translation that lacks this number has dropped it: a count under ten is often said by what it
    counts (江苏、浙江、辽宁3省: "Jiangsu, Zhejiang and Liaoning provinces")."""
    return source.kind is not Kind.NUMBER or source.value >= 10


def _first_of_each_value(quantities: list[Quantity]) -> list[Quantity]:
    seen: set[frozenset[Decimal]] = set()
    first = []
    for item in quantities:
        if item.values not in seen:
            seen.add(item.values)
            first.append(item)
    return first


def relation(source: Quantity, target: Quantity) -> str:
    """How a target number that should have been the source's differs from it: "magnitude" (a power of ten apart:
    120 million for 12亿), "digits" (one digit changed or two neighbours swapped, across the point too, in a number of
    at least three digits of which two are significant: 6.9916 for 6.9961, 2018 for 2019, 38.1 for 31.8; or the two
    digits of a number of two swapped: 27 for 72), or "" when they are not related."""
    group = _COMPARABLE.get(source.kind)
    if group is None or group != _COMPARABLE.get(target.kind) or source.value is None or target.value is None:
        return ""
    value = in_target_unit(source, target)  # 2500克 against "25 kilograms": 2.5
    digits = _written_precision(target)
    rounded = _rounded(value, digits) if target.scale and digits >= MIN_ROUNDED_DIGITS else None
    if (_power_of_ten_apart(value, target.value) or (rounded and _power_of_ten_apart(rounded, target.value))) \
            and Kind.YEAR not in (source.kind, target.kind) \
            and (max(source.value, target.value) >= 100 or group == "percent" or same_dimension(source, target)):
        return "magnitude"
    if _digit_slip(value, target.value):
        return "digits"
    return ""


def _power_of_ten_apart(first: Decimal, second: Decimal) -> bool:
    """Whether the two differ by a power of ten: their significant digits are the same (compared exactly, not by
    dividing, whose 28 digits of precision rounded long numbers into this)."""
    if first <= 0 or second <= 0 or first == second:
        return False
    return _significant_digits(first) == _significant_digits(second)


def _written_precision(quantity: Quantity) -> int:
    """How many significant digits a number is written with, the zeros after its point included ("4.10 trillion"
    gives three: 4.1001 trillion rounded, not 4.1)."""
    number = _WRITTEN_NUMBER.search(quantity.text)
    if number is None or "." not in number.group():
        return _precision(quantity.value) if quantity.value is not None else 0
    return len(number.group().replace(",", "").replace(".", "").lstrip("0"))


_WRITTEN_NUMBER = re.compile(r"[0-9][0-9,]*\.[0-9]+|[0-9][0-9,]*")


def _precision(value: Decimal) -> int:
    """How many significant digits a value is written with."""
    return len(_significant_digits(value)) if value else 0


def _rounded(value: Decimal, digits: int) -> Decimal | None:
    """The value rounded to `digits` significant digits, normalised as target values are (None for zero, and for a
    value already that short: it was compared as it is)."""
    return _shortened(value, digits, "about")


_HEDGE_ROUNDING = {"about": ROUND_HALF_UP, "above": ROUND_DOWN, "below": ROUND_UP}


def _shortened(value: Decimal, digits: int, way: str) -> Decimal | None:
    """The value shortened to `digits` significant digits as a hedge says: "about 1,800" rounds 1,843, "more than
    1,800" cuts it, "nearly 1.8 trillion" rounds 1.792 trillion up; None for a value no longer than that."""
    if not value or _precision(value) <= digits or len(_digits(value)) > MAX_SLIP_DIGITS:
        return None
    return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1), rounding=_HEDGE_ROUNDING[way]).normalize()


def _significant_digits(value: Decimal) -> tuple[int, ...]:
    return value.normalize().as_tuple().digits


def _digit_slip(first: Decimal, second: Decimal) -> bool:
    left, right = _digits(first), _digits(second)
    if len(left) == len(right) == 3 and left != right and left[2] == right[2] == "." and left == right[1::-1] + ".":
        return left[0] != "0" and right[0] != "0"  # two digits swapped in a number of two: 72 written 27
    if len(left) != len(right) or not 3 < len(left) <= MAX_SLIP_DIGITS or left == right \
            or left.index(".") != right.index("."):
        return False
    if len(left.replace(".", "").strip("0")) < 2 or len(right.replace(".", "").strip("0")) < 2:
        return False
    differences = [index for index, (a, b) in enumerate(zip(left, right, strict=True)) if a != b]
    if len(differences) == 1:
        return True
    first_index, second_index = differences[0], differences[-1]
    # Two neighbours swapped, or the two digits either side of the point (31.8 written 38.1).
    neighbours = second_index == first_index + 1 or (second_index == first_index + 2 and left[first_index + 1] == ".")
    return len(differences) == 2 and neighbours \
        and left[first_index] == right[second_index] and left[second_index] == right[first_index]


def _digits(value: Decimal) -> str:
    """The digits as written out, with a decimal point always present so that its place compares."""
    written = format(value.normalize(), "f")
    return written if "." in written else written + "."
