"""A value written the way an English text writes its numbers: the corrected number a finding suggests."""

from __future__ import annotations

import calendar
import re
from decimal import Decimal

from mtqa.numbers.english import number_word_like
from mtqa.numbers.quantity import Kind, Quantity

_WORD_SCALES = (("trillion", 10**12), ("billion", 10**9), ("million", 10**6), ("thousand", 10**3))
_SHORT_SCALES = (("tn", 10**12), ("bn", 10**9), ("m", 10**6), ("k", 10**3))
# Wire abbreviations, each family written in its own: Yonhap's "5 tln won", "100 mln won"; Kyodo's "122.3 tril. yen".
_WIRE_SCALES = (("tln", 10**12), ("bln", 10**9), ("mln", 10**6), ("thousand", 10**3))
_CUT_SCALES = (("tril.", 10**12), ("bil.", 10**9), ("million", 10**6), ("thousand", 10**3))
_SCALES_OF = {**dict.fromkeys(("k", "m", "mn", "b", "bn", "tn"), _SHORT_SCALES),
              **dict.fromkeys(("mln", "bln", "tln", "trln"), _WIRE_SCALES),
              **dict.fromkeys(("tril", "tril.", "bil", "bil."), _CUT_SCALES)}


def written_like(value: Decimal, model: Quantity) -> str:
    """`value` written like `model`: a month by its name, as long as the model's ("March", "Mar."); an ordinal in
    digits with its suffix ("37th"); with a scale word when it uses one ("1.2 billion", "1.2bn"), else in digits,
    grouped by thousands when the model groups them or the number is long."""
    if model.kind in (Kind.RUN, Kind.ORDINAL) and value == int(value):
        word = number_word_like(int(value), model.text)
        if word is not None:  # "the third straight quarter" for "the fourth", "third" for "fourth": said in words
            return word.capitalize() if model.text[0].isupper() else word
    if model.kind is Kind.QUARTER and value == int(value) and 1 <= value <= 4:
        return _quarter_like(int(value), model.text)
    if model.kind is Kind.MONTH and value == int(value) and 1 <= value <= 12:
        name = calendar.month_name[int(value)]
        return f"{name[:3]}." if model.text.endswith(".") else name
    if model.text[:1].isdigit() and model.text[-2:].lower() in ("st", "nd", "rd", "th") and value == int(value):
        return f"{int(value)}{_ordinal_suffix(int(value))}"
    if model.scale and model.scale != "hundred":
        scales = _SCALES_OF.get(model.scale, _WORD_SCALES)
        separator = " " if model.scale in dict(_WORD_SCALES) or " " in model.text else ""
        for name, size in scales:
            if value >= size:
                return f"{_plain(value / size, grouped=False)}{separator}{name}"
    return _plain(value, grouped="," in model.text or value >= 10_000)


def _plain(value: Decimal, grouped: bool) -> str:
    value = value.normalize()
    return format(value, ",f" if grouped else "f")


_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}


def _ordinal_suffix(number: int) -> str:
    return "th" if number % 100 in (11, 12, 13) else _SUFFIXES.get(number % 10, "th")


_QUARTER_WORDS = ("first", "second", "third", "fourth")
_COUNT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def _quarter_like(number: int, model: str) -> str:
    """The quarter written as the model writes its own: "Q2", "2nd quarter", "second-quarter"."""
    if model[:1] in "Qq":
        return f"{model[0]}{number}"
    if model[:1].isdigit():
        return f"{number}{_ordinal_suffix(number)}{model[3:]}"
    word = _QUARTER_WORDS[number - 1]
    rest = model[len(model.split(" ")[0].split("-")[0]):]
    return (word.capitalize() if model[:1].isupper() else word) + rest


# The units a span is said in, each in its family's unit (mtqa.numbers.compare.time_span): minutes, or months.
_SPAN_UNITS = {"hour": Decimal(60), "day": Decimal(1440), "week": Decimal(10080), "year": Decimal(12)}
_SPAN_UNIT = re.compile(r"(hour|day|week|year)", re.IGNORECASE)


def span_written_like(length: Decimal, model: Quantity) -> str:
    """A span of time of `length` (in minutes, or in months for years) written in the model's unit and way: "three
    years", "3 years", "a year and a half", "three-year", "5-day"."""
    unit_word = _SPAN_UNIT.search(model.text).group(1).lower()
    count = (length / _SPAN_UNITS[unit_word]).normalize()
    joiner = "-" if f"-{unit_word}" in model.text.lower() else " "
    unit = unit_word if joiner == "-" or count == 1 else f"{unit_word}s"
    whole = int(count)
    in_words = not model.text[:1].isdigit() and 1 <= whole <= 12
    if count == whole:
        return f"{_COUNT_WORDS[whole - 1] if in_words else whole}{joiner}{unit}"
    if count - whole == Decimal("0.5") and in_words:  # "a year and a half", "two and a half years"
        if whole == 1:
            return f"a {unit_word} and a half"
        return f"{_COUNT_WORDS[whole - 1]}{joiner}and{joiner}a{joiner}half{joiner}{unit}"
    return f"{format(count, 'f')}{joiner}{unit_word if joiner == '-' else unit_word + 's'}"
