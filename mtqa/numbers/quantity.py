"""A number found in a text: where it stands, what it is worth, and what kind of number it is."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from mtqa.model import Span

# (dimension, power of ten of the unit): a metric measure's unit (mtqa.numbers.measures)
Measure = tuple[str, int]


class Kind(enum.StrEnum):
    NUMBER = "number"  # counts, amounts of money, durations, measures
    PERCENT = "percent"  # percentages and percentage points
    YEAR = "year"
    MONTH = "month"
    DAY = "day"  # day of the month
    TIME = "time"  # hour of the day
    # A source's clock hour written for sure (14:30, 上午10时, 오후 3시, 午後2時, never 3点 "three points" or 3시간
    # "three hours"): compared one for one with a target's clock time in aligned segments.
    HOUR = "hour"
    # The minutes past a source's clock hour (7시 40분, 19时54分, the 30 of 7:30): compared with the minutes of a
    # target's one clock time in aligned segments.
    MINUTE = "minute"
    ORDINAL = "ordinal"
    MULTIPLE = "multiple"  # 1.4倍, 3배: so many times as much, which a percentage renders only as its hundreds
    FRACTION = "fraction"
    RELATIVE_YEAR = "relative-year"  # "this year", "last year": stands for any year of the source
    RELATIVE_DAY = "relative-day"  # "Monday", "the same day": stands for any day or month of the source
    # "local time", "U.S. time": a date given in another time zone than the source's, a day apart from it, stands for
    # any day or month of the source; but not where the source names a time zone itself, which this renders
    TIME_ZONE = "time-zone"
    RELATIVE_MONTH = "relative-month"  # "the first quarter": stands for any month of the source
    # A quarter of the year by its number (第2四半期, 2분기, 第二季度; "the second quarter", "Q2"): compared one for one
    # in aligned segments.
    QUARTER = "quarter"
    # A span said in a larger unit: "a week" or "two weeks" stands for a count of days (7일간, 14日間), "two days" for
    # one of hours (48時間), "two years" for months (24개월), "an hour and a half" for minutes (90分); only for a
    # source count in that unit (its measure), not for a month, a day of the month or 24 people.
    DURATION = "duration"
    # A count of things in a row: 3주 연속, 2四半期連続, 连续3年, 5연승 ("three straight weeks", "the second straight
    # quarter", "five wins in a row"), which English says as a count or as an ordinal alike: compared one for one in
    # aligned segments, never reported missing ("again" says a run too).
    RUN = "run"
    # A word that says a percentage: "doubled" (100% or 200%), "halved" (50%), "a quarter" (25%); only for a source
    # percentage, not for 200 cases or the 25th.
    PERCENT_WORDS = "percent-words"


@dataclass(frozen=True)
class Quantity:
    """`values` holds every value the text can be read as (one for most; "3m" may be 3 or 3 million, a Chinese 兆 a
    million or a trillion). `definite` marks a number written with digits or a scale word and read one way: in a
    source, one a translation must carry; in a target, one that can stand for a changed number. `scale` is the scale
    word the text uses ("million", "bn"), so that a correction can be written the same way; `measure` the metric unit
    after the number, so that a measure given in another unit of the system is the same measure; `hedged` how the text
    says it is approximate: "about" (about 1,800), "above" (more than 1,800: the source is more) or "below" (nearly
    1.8 trillion: the source is less), so that it may round the source further; "" when it does not."""

    span: Span
    text: str
    values: frozenset[Decimal]
    kind: Kind
    definite: bool
    scale: str = ""
    measure: Measure | None = None
    hedged: str = ""

    @property
    def value(self) -> Decimal | None:
        """The value, when there is only one reading; a multiple's as written (2倍 is also read 3: "tripled")."""
        if self.kind is Kind.MULTIPLE and self.values:
            return min(self.values)
        return next(iter(self.values)) if len(self.values) == 1 else None


def quantity(text: str, start: int, end: int, values, kind: Kind, definite: bool, scale: str = "",
             measure: Measure | None = None, hedged: str = "") -> Quantity:
    """A quantity of `text[start:end]`; values are normalised so that 7.0 and 7 compare (and print) alike."""
    normalised = frozenset(Decimal(value).normalize() for value in values)
    return Quantity(Span(start, end), text[start:end], normalised, kind, definite and len(normalised) == 1, scale,
                    measure, hedged)
