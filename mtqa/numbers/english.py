"""Numbers in English text: digits with thousands separators and decimals, scale words ("1.2 billion", "$3bn"),
number words ("twelve", "two hundred and fifty", "a dozen", "half a million"), percentages, ordinals, times, month
names, and the phrases that stand for a date without a number ("last year", "Monday", "the same day")."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import ROUND_DOWN, Decimal

from mtqa.entities.covered import ClaimedText
from mtqa.model import Span
from mtqa.numbers.measures import target_measure
from mtqa.numbers.quantity import Kind, Quantity, quantity

# The most words one written-out number takes ("two hundred and fifty-three thousand four hundred and twelve" is 11):
# a longer run ("hundred hundred ...") is several, and read as one it grew a number word by word.
MAX_NUMBER_WORDS = 16
_SCALE_WORDS = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# Wire style too: Yonhap writes "$57.2 bln", "5 tln won", "100 mln won"; Kyodo's headlines "122.3 tril. yen".
_SCALE_ABBREVIATIONS = {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "b": 10**9, "bn": 10**9, "bln": 10**9,
                        "bil": 10**9, "bil.": 10**9, "tn": 10**12, "tln": 10**12, "trln": 10**12, "tril": 10**12,
                        "tril.": 10**12}
_UNITS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {word: 10 * value for value, word in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_ORDINALS = {word: value for value, word in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth".split(), start=1)}
_ORDINALS |= {word: 10 * value for value, word in enumerate(
    "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split(), start=2)}
_ORDINALS |= {"hundredth": 100, "thousandth": 1000, "millionth": 10**6}
# Words that say a count without being a number word; read as quiet numbers so that 两倍 or 十年 find them.
_MULTIPLES = {"twice": 2, "double": 2, "doubled": 2, "doubling": 2, "triple": 3, "tripled": 3, "treble": 3,
              "trebled": 3, "threefold": 3, "fourfold": 4, "quadrupled": 4, "fivefold": 5, "tenfold": 10,
              "decade": 10, "dozen": 12, "century": 100, "halved": Decimal("0.5"), "halving": Decimal("0.5")}
# The same words for a change, which a source gives in percent: 增长100% "doubled", 200% "tripled", 下降50% "halved".
_CHANGE_IN_PERCENT = {"double": (100, 200), "doubled": (100, 200), "doubling": (100, 200), "triple": (200, 300),
                      "tripled": (200, 300), "treble": (200, 300), "trebled": (200, 300), "threefold": (200, 300),
                      "fourfold": (300, 400), "quadrupled": (300, 400), "fivefold": (400, 500),
                      "tenfold": (900, 1000), "halved": (50,), "halving": (50,)}
# Nouns that count by a number of their own: "two dozen" is 24, "two decades" 20.
_COUNT_NOUNS = {"dozen": 12, "dozens": 12, "decade": 10, "decades": 10}
# Fractions said in words: a numerator before a denominator ("one-fortieth", "two-thirds", "a quarter").
_FRACTION_NUMERATORS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "nine": 9}
_DENOMINATORS = {word + plural: value for word, value in
                 (*((word, value) for word, value in _ORDINALS.items() if value >= 3), ("quarter", 4))
                 for plural in ("", "s")}
_MONTHS = {name: number for number, name in enumerate(
    "January February March April May June July August September October November December".split(), start=1)}
_MONTH_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
                        "Oct": 10, "Nov": 11, "Dec": 12}

# Words before a time that round it ("just before 10 a.m." for 9:58): it need not be the source's hour.
_ROUGHLY_BEFORE = re.compile(r"\b(?:about|around|approximately|roughly|nearly|almost|some|(?:just|shortly|soon|right)"
                             r"[ \t]+(?:before|after|past|under|over))[ \t]+$", re.IGNORECASE)
# An hour of the day; "5: 00 p.m." as tokenised output writes 5:00 p.m.
_TIME = re.compile(r"(?<![\d.,])(?P<hour>\d{1,2})(?::[ \t]?(?P<minute>[0-5]\d))?"
                   r"(?:\s*(?P<half>[apAP])(?:\.[mM]\b\.?|[mM]\b))?")
_DIGITS = re.compile(
    r"(?<![\d.,])(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<ordinal>st|nd|rd|th)\b"
    r"|(?P<scale>\s*(?:-\s*)?(?i:thousand|million|billion|trillion)\b|\s?(?:bn|mn|tn|bln|mln|tln|trln)\b"
    r"|\s?(?:tril|bil)\b\.?|[kKmb]\b))?"
    r"(?P<percent>\s*(?:%|per\s?cent\b|pct\b|percentage[- ]points?\b))?")
_FISCAL_YEAR_BEFORE = re.compile(r"\bFY[ \t]?$")
# How far back a currency before a number is looked for: its longest form and a space ("HKD ", "US$").
_CURRENCY_REACH = 8
_CURRENCY = r"(?:[$€£¥₩]|\b(?:US|HK|NT|A|C|S)\$|\b(?:RMB|USD|EUR|GBP|JPY|KRW|CNY|HKD)\s?)"
_CURRENCY_BEFORE = re.compile(_CURRENCY + "$")
# Words that say a figure is approximate, before it and its currency: wire copy rounds such figures to two digits
# ("nearly 1.8 trillion won" for 1조7천920억원, "more than 1,800" for 1,843), in the direction the word says.
_HEDGE_REACH = 40
_HEDGES = {
    "about": r"about|around|some|roughly|approximately|approx\.|an[ \t]+estimated",
    "above": r"more[ \t]+than|over|above|upwards?[ \t]+of|at[ \t]+least|just[ \t]+over|in[ \t]+excess[ \t]+of",
    "below": r"nearly|almost|less[ \t]+than|fewer[ \t]+than|under|close[ \t]+to|up[ \t]+to|at[ \t]+most"
             r"|just[ \t]+(?:under|shy[ \t]+of)",
}
_HEDGE_BEFORE = re.compile(r"\b(?:" + "|".join(f"(?P<{way}>{words})" for way, words in _HEDGES.items())
                           + r")[ \t]+" + _CURRENCY + "?$", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[ \t]+$")
# Words after which "over" says what something is about: "a row over 1,800 tonnes", "clashed over 2,300 hectares".
_OVER_A_TOPIC = frozenset(
    "clash clashes clashed dispute disputes disputed row rows talks talk concern concerns fight fights fought feud "
    "tension tensions worry worries worried protest protests protested debate debates standoff spat argue argued "
    "arguing quarrel quarrels battle battles wrangling negotiations sued lawsuit out spread".split())
_WORD = re.compile(r"[A-Za-z]+")
_MONTH = re.compile(r"\b(?:(?P<name>" + "|".join(_MONTHS) + r")\b|(?P<short>" + "|".join(_MONTH_ABBREVIATIONS)
                    + r")(?:\.|(?=\s\d)))")
# 24小时 and 24시간 said as English says it: "round-the-clock" stores, "24/7" (read as digits already)
_ROUND_THE_CLOCK = re.compile(r"\b(?:a?round[- ]the[- ]clock|all day and night)\b", re.IGNORECASE)
_RELATIVE_YEAR = re.compile(r"\b(?:(?:this|last|next|previous|past|same|current|coming|following|that) year"
                            r"|a year (?:ago|earlier|before|later))\b", re.IGNORECASE)
_RELATIVE_DAY = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tomorrow|tonight|weekend"
    r"|(?:the|that|this|same|following|next|previous) (?:day|morning|afternoon|evening|night|week|month)"
    r"|(?:this|last|next|earlier this|later this) (?:week|month)|mid-month|month-end)\b", re.IGNORECASE)
# A time zone named ("give us time" names none).
_TIME_ZONE = re.compile(r"\b(?:[Ll]ocal time|(?:U\.S\.|US|Korean?|Japan(?:ese)?|Beijing|Taipei|Seoul|Tokyo|Washington"
                        r"|Pyongyang|Eastern|Central|Mountain|Pacific|London|Paris|Berlin|Brussels|Geneva|Moscow"
                        r"|New York|Hong Kong|Singapore|Bangkok|Hanoi|Jakarta|Manila|Sydney|Delhi|Dubai|Greenwich"
                        r"|Central European|British) time"
                        r"|[ECMP][SD]T|ET|GMT|UTC|KST|JST|HKT|SGT|CES?T|BST|AES?T|MSK)\b")
# Spans said in a larger unit, and how many of the next smaller unit each holds: 7일간 "for a week", 48時間 "two days",
# 24개월 "two years", 90分 "an hour and a half", 30分 "half an hour".
_SMALLER_UNITS = {"week": (7, "days"), "day": (24, "hours"), "year": (12, "months"), "hour": (60, "minutes")}
# A whole number and a half or quarters, as headlines and sentences write them: "3 1/2 years" (懲役3年6月), "2½
# hours", "1-3/4 percent"; halves and quarters only, which a decimal holds exactly.
_VULGAR_FRACTIONS = {"\u00bd": Decimal("0.5"), "\u00bc": Decimal("0.25"), "\u00be": Decimal("0.75")}
_MIXED = r"[0-9]{1,3}(?:[ \u00a0-](?:1/[24]|3/4)|[\u00bd\u00bc\u00be])(?![0-9/])"  # not the date 11/2
_MIXED_NUMBER = re.compile(rf"(?<![\w.,/-]){_MIXED}")
_SPAN_COUNTS = {"a": 1, "an": 1, "one": 1, **{word: value for word, value in _UNITS.items() if 2 <= value <= 12}}
_SPAN_SAID = re.compile(
    # Not the last word or digits of a larger count ("seventy-four years", "twenty one days", "1.5 hours" is no "5
    # hours"); not an age ("a 45-year-old")
    r"(?<![\w.,/-])(?<!ty )(?:(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    rf"|{_MIXED}|[0-9]{{1,3}}(?:\.[0-9]+)?)"
    r"(?P<and_a_half_before>[ -]and[ -]a[ -]half)?[ -](?P<unit>week|day|year|hour)s?(?![ -]olds?\b)"
    r"(?P<and_a_half>[ -]and[ -]a[ -]half(?![ -](?:weeks?|days?|months?|years?|hours?)\b))?"
    r"|half[ -]an?[ -](?P<half_unit>week|day|year|hour))\b", re.IGNORECASE)
_MONTH_COUNTS = {word: Decimal(value) for word, value in _UNITS.items() if 1 <= value <= 11}
_YEARS_AND_MONTHS = re.compile(
    rf"(?<![\w.,/-])(?P<years>{'|'.join(_SPAN_COUNTS)}|[0-9]{{1,2}})[ -]years?(?:,[ \t]*|[ \t]+and[ \t]+|[ \t]+)"
    rf"(?P<months>{'|'.join(_MONTH_COUNTS)}|[0-9]|1[01])[ -]months?\b", re.IGNORECASE)
# Months said by their part of the year: 1~3월 "the first quarter", 1-6月 "the first half". They stand for the source's
# months only, not its days.
_RELATIVE_MONTHS = re.compile(r"\b(?:first|second|third|fourth|final|last) (?:quarter|half)\b", re.IGNORECASE)
# A quarter by its number: "the second quarter", "fourth-quarter profit", "the 3rd fiscal quarter", "Q2".
_QUARTER = re.compile(r"\b(?:(?P<word>first|second|third|fourth|1st|2nd|3rd|4th)[ -](?:(?:fiscal|calendar)[ -])?"
                      r"quarter|Q(?P<digit>[1-4]))\b", re.IGNORECASE)
_QUARTER_NUMBERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def mixed_value(written: str) -> Decimal:
    """The value of digits, perhaps with a half or quarters after them ("3 1/2", "2½", "1-3/4")."""
    whole = written.rstrip("".join(_VULGAR_FRACTIONS))
    if whole != written:
        return Decimal(whole) + _VULGAR_FRACTIONS[written[-1]]
    if "/" not in written:
        return Decimal(written)
    numerator, denominator = written[-3], written[-1]
    return Decimal(written[:-3].rstrip(" \u00a0-")) + Decimal(numerator) / Decimal(denominator)


def target_quantities(text: str) -> list[Quantity]:
    """Every number and date reference in an English text, in order."""
    found: list[Quantity] = [quantity(text, match.start(), match.end(), {mixed_value(match.group())}, Kind.NUMBER,
                                      True) for match in _MIXED_NUMBER.finditer(text)]
    mixed = [item.span for item in found]
    taken: list[Span] = []
    next_mixed = 0  # the first mixed number not wholly before the digits met: both come in the text's order
    for match in _DIGITS.finditer(text):
        while next_mixed < len(mixed) and mixed[next_mixed].end <= match.start():
            next_mixed += 1
        if taken and match.start() < taken[-1].end or (next_mixed < len(mixed)
                                                       and mixed[next_mixed].start <= match.start()):
            continue  # the minutes of a time already read, the digits of a mixed number
        time = _time(text, match.start())
        item = time or _digits(text, match)
        found.append(item)
        taken.append(item.span)
    taken = sorted(taken + mixed)
    words = _number_words(text, taken)
    found.extend(words)
    found.extend(_as_percent(text, item) for item in words if item.text.lower() in _CHANGE_IN_PERCENT
                 or item.kind is Kind.FRACTION)
    found.extend(_share_said(text, match) for match in _ONE_IN_SO_MANY.finditer(text))
    for match in _MONTH.finditer(text):
        month = _MONTHS.get(match.group("name") or "") or _MONTH_ABBREVIATIONS[match.group("short")]
        found.append(quantity(text, match.start(), match.end(), {month}, Kind.MONTH, False))
    found.extend(quantity(text, match.start(), match.end(), {24}, Kind.NUMBER, False)
                 for match in _ROUND_THE_CLOCK.finditer(text))
    # Years and months said together ("two years and six months"): one span, which holds the years said in it
    years_and_months = [quantity(text, match.start(), match.end(), {_months_said(match)}, Kind.DURATION, False,
                                 measure=("months", 0)) for match in _YEARS_AND_MONTHS.finditer(text)]
    found.extend(years_and_months)
    inside = {item.span.start for item in years_and_months}
    for match in _SPAN_SAID.finditer(text):
        if match.start() in inside:
            continue
        count, unit = _in_smaller_unit(match)
        found.append(quantity(text, match.start(), match.end(), {count}, Kind.DURATION, False, measure=(unit, 0)))
    for match in _QUARTER.finditer(text):
        number = int(match.group("digit")) if match.group("digit") else _QUARTER_NUMBERS[match.group("word").lower()]
        found.append(quantity(text, match.start(), match.end(), {number}, Kind.QUARTER, False))
    for pattern, kind in ((_RELATIVE_YEAR, Kind.RELATIVE_YEAR), (_RELATIVE_DAY, Kind.RELATIVE_DAY),
                          (_RELATIVE_MONTHS, Kind.RELATIVE_MONTH), (_TIME_ZONE, Kind.TIME_ZONE)):
        found.extend(Quantity(Span(*match.span()), match.group(), frozenset(), kind, False)
                     for match in pattern.finditer(text))
    found.extend(replace(item, kind=Kind.RUN, definite=False) for item in found
                 if item.kind in (Kind.NUMBER, Kind.ORDINAL) and item.value is not None
                 and _IN_A_ROW_AFTER.match(text, item.span.end))
    return _dates(text, sorted(found, key=lambda item: item.span))


# After a count of things in a row (see Kind.RUN): "two straight weeks", "the third consecutive quarter", "for the
# fifth time in a row", "three games in a row".
_IN_A_ROW_AFTER = re.compile(r"[ \t-]+(?:straight|consecutive|successive)\b"
                             r"|(?:[ \t]+[A-Za-z-]+){1,2}[ \t]+in[ \t]+a[ \t]+row\b", re.IGNORECASE)


# Between a month and its day ("March 6", "Mar. 6", "6 March", "the 6th of March"): a date, written one way.
_MONTH_THEN_DAY = re.compile(r"\.?[ \t\u00a0]+")
_DAY_THEN_MONTH = re.compile(r"[ \t\u00a0]+(?:of[ \t\u00a0]+)?")


# "on the 22nd" said of a day (for 23일): a preposition of time before, and no noun after ("the 5th floor").
_DAY_BY_ITSELF_BEFORE = re.compile(r"\b(?:on|since|from|until|till|by|through|before|after)[ \t]+the[ \t]+$",
                                   re.IGNORECASE)
_DAY_BY_ITSELF_AFTER = re.compile(r"(?:[ \t]*(?:[.,;:)]|$)|[ \t]+(?:and|or|to|in|at|when|as|but|with|after|before"
                                  r"|that|which|where|while|amid|for|from|since|because|during|by|local)\b|[ \t]+[(-])")


def _dates(text: str, found: list[Quantity]) -> list[Quantity]:
    """The quantities with each day of the month read as a day (5 in "March 5" is no count) and as definite, with
    its month: one written beside its month, or an ordinal said of a day ("on the 22nd"). A date is written one way,
    so a day or month the source does not give is one changed (3月5日 as "March 6")."""
    dated = [replace(item, kind=Kind.DAY, definite=True) if item.kind is Kind.ORDINAL and _a_day(item)
             and _DAY_BY_ITSELF_BEFORE.search(text, max(0, item.span.start - 16), item.span.start)
             and _DAY_BY_ITSELF_AFTER.match(text, item.span.end) else item for item in found]
    for index, month in enumerate(found):
        if month.kind is not Kind.MONTH:
            continue
        for neighbour in (index + 1, index - 1):
            if not 0 <= neighbour < len(found) or not _a_day(found[neighbour]):
                continue
            day = found[neighbour]
            between = text[month.span.end:day.span.start] if neighbour > index else text[day.span.end:month.span.start]
            if (_MONTH_THEN_DAY if neighbour > index else _DAY_THEN_MONTH).fullmatch(between):
                dated[neighbour] = replace(day, kind=Kind.DAY, definite=True)
                dated[index] = replace(month, definite=True)
                break
    return dated


def _a_day(item: Quantity) -> bool:
    return item.kind in (Kind.NUMBER, Kind.ORDINAL) and not item.scale and item.value is not None \
        and item.value == int(item.value) and 1 <= item.value <= 31 and item.text[0].isdigit()


def _in_smaller_unit(match: re.Match) -> tuple[Decimal, str]:
    """A span said in a larger unit ("two days", "an hour and a half", "half a year") as a count of the next smaller
    one, and that unit."""
    if match.group("half_unit"):
        size, unit = _SMALLER_UNITS[match.group("half_unit").lower()]
        return Decimal(size) / 2, unit
    count = match.group("count").lower()
    number = mixed_value(count) if count[0].isdigit() else Decimal(_SPAN_COUNTS[count])
    if match.group("and_a_half_before") or match.group("and_a_half"):
        number += Decimal("0.5")
    size, unit = _SMALLER_UNITS[match.group("unit").lower()]
    return number * size, unit


def _time(text: str, start: int) -> Quantity | None:
    """An hour of the day (5:00, 5 p.m., 17:00), read as its hour; None when the number there is not one."""
    match = _TIME.match(text, start)
    if not match or not (match.group("minute") or match.group("half")):
        return None
    hour = int(match.group("hour"))
    if hour > 24:
        return None
    half = match.group("half").lower() if match.group("half") else None  # "PM" as "p.m."
    values = {hour, hour + 12} if half is None and hour < 12 else {hour}
    if half == "p" and hour < 12:
        values = {hour + 12}  # "2 p.m." is 14:00, never 2:00
    if half == "a" and hour == 12 or hour in (0, 24):
        values = {0, 24}  # midnight: "12 a.m.", "0:30", "24:00"
    hedged = "about" if _ROUGHLY_BEFORE.search(text, max(0, start - _HEDGE_REACH), start) else ""
    return quantity(text, start, match.end(), values, Kind.TIME, False, hedged=hedged)


def _months_said(match: re.Match) -> Decimal:
    """The months of a span of years and months said together ("two years and six months": 30)."""
    years, months = match.group("years").lower(), match.group("months").lower()
    years_counted = Decimal(_SPAN_COUNTS[years]) if years in _SPAN_COUNTS else Decimal(years)
    return years_counted * 12 + (_MONTH_COUNTS.get(months) or Decimal(months))


# "a magnitude-5.8 quake": a measure written onto its word, not a code such as F-16 or COVID-19.
_MAGNITUDE_BEFORE = re.compile(r"magnitude[-‐]$", re.IGNORECASE)


def _digits(text: str, match: re.Match) -> Quantity:
    start = match.start()
    value = Decimal(match.group("number").replace(",", ""))
    end = match.end("scale") if match.group("scale") else match.end("number")
    # Digits glued to letters are part of a code or a name (G20, F-16), not a figure; a currency's are ("RMB280"), and
    # a fiscal year's ("FY2026", "FY26").
    fiscal_year = _FISCAL_YEAR_BEFORE.search(text, max(0, start - 3), start) is not None \
        and len(match.group("number")) in (2, 4) and match.group("number").isdigit()
    glued = start > 0 and (text[start - 1].isalpha() or (text[start - 1] in "-‐" and start > 1
                                                        and text[start - 2].isalpha())) \
        and not _CURRENCY_BEFORE.search(text, max(0, start - _CURRENCY_REACH), start) and not fiscal_year \
        and not _MAGNITUDE_BEFORE.search(text, max(0, start - len("magnitude-")), start)
    if fiscal_year:
        years = {value} if len(match.group("number")) == 4 else {value, value + 2000}
        return quantity(text, start, match.end("number"), years, Kind.YEAR, True)
    scale_text = (match.group("scale") or "").strip(" -").lower()
    values, definite = {value}, not glued
    if scale_text in _SCALE_WORDS:
        values = {value * _SCALE_WORDS[scale_text]}
    elif scale_text:
        scaled = value * _SCALE_ABBREVIATIONS[scale_text]
        # "3m" is 3 million after a currency sign, but may be 3 metres otherwise; "1.2bn" is a billion either way
        values = {scaled} if len(scale_text) > 1 or scale_text == "k" \
            or _CURRENCY_BEFORE.search(text, max(0, start - _CURRENCY_REACH), start) \
            else {value, scaled}
    if match.group("percent"):
        kind = Kind.PERCENT
    elif match.group("ordinal"):
        kind, definite, end = Kind.ORDINAL, False, match.end("ordinal")
    elif not scale_text and "," not in match.group("number") and value == int(value) and 1000 <= value <= 2100 \
            and len(match.group("number")) == 4:
        kind = Kind.YEAR
    else:
        kind = Kind.NUMBER
    measure = target_measure(text, end) if kind is Kind.NUMBER else None
    return quantity(text, start, end, values, kind, definite, scale_text, measure, _hedge(text, start))


def _hedge(text: str, start: int) -> str:
    """How the words before the number at `start` say it is approximate ("about", "above", "below"), or ""."""
    hedge = _HEDGE_BEFORE.search(text, max(0, start - _HEDGE_REACH), start)
    if hedge is None:
        return ""
    before = _WORD_BEFORE.search(text, max(0, hedge.start() - _HEDGE_REACH), hedge.start())
    word = before.group(1).lower() if before else ""
    if hedge.group().split()[0].lower() == "over" and word in _OVER_A_TOPIC:
        return ""  # "clashed over 2,300 hectares": what the clash is about, not more than it
    if word in ("no", "not") and hedge.lastgroup in ("above", "below"):
        return "below" if hedge.lastgroup == "above" else "above"  # "no more than", "not less than"
    return hedge.lastgroup


def number_word_like(value: int, model: str) -> str | None:
    """`value` as one number word of the kind `model` is ("three" like "two", "third" like "fourth"); None where
    `model` is no such word or one word does not say the value."""
    lower = model.lower()
    words = _ORDINALS if lower in _ORDINALS else _UNITS | _TENS if lower in _UNITS or lower in _TENS else {}
    return next((word for word, worth in words.items() if worth == value), None)


def _number_words(text: str, taken: list[Span]) -> list[Quantity]:
    """Runs of number words joined by spaces, hyphens or "and" (two hundred and fifty, twenty-first)."""
    covered = ClaimedText(len(text))  # checked per word at the cost of one character, however many are taken
    for span in taken:
        covered.mark(span.start, span.end)
    words = [match for match in _WORD.finditer(text) if covered.is_free(match.start(), match.start() + 1)]
    found = []
    index = 0
    while index < len(words):
        run = _word_run(text, words, index)
        if not run:
            index += 1
            continue
        item = _read_words(text, words[index:index + run])
        if item is not None:
            found.append(item)
        index += run
    return found


def _word_run(text: str, words: list[re.Match], index: int) -> int:
    """How many words from `index` on form one written-out number (0 when none starts there)."""
    def number_word(word: str) -> bool:
        return word in _UNITS or word in _TENS or word in _SCALE_WORDS or word in _ORDINALS or word in _COUNT_NOUNS \
            or (word in _DENOMINATORS and first in _FRACTION_NUMERATORS)

    first = words[index].group().lower()
    count = 0
    if first in ("a", "an", "half") and index + 1 < len(words) and _joined(text, words[index], words[index + 1]):
        following = words[index + 1].group().lower()
        if first == "half" and following in ("a", "an") and index + 2 < len(words) \
                and words[index + 2].group().lower() in _SCALE_WORDS:
            return 3
        if first != "half" and (following in _SCALE_WORDS or following in _COUNT_NOUNS
                                or following in _DENOMINATORS):
            count = 1
    if count == 0 and not (number_word(first) or first in _MULTIPLES or first == "half"):
        return 0
    count += 1
    while index + count < len(words) and count < MAX_NUMBER_WORDS:
        previous, current = words[index + count - 1], words[index + count]
        word = current.group().lower()
        if word == "and" and index + count + 1 < len(words) and previous.group().lower() in _SCALE_WORDS \
                and _joined(text, previous, current) and _joined(text, current, words[index + count + 1]) \
                and words[index + count + 1].group().lower() in (_UNITS | _TENS):
            count += 2
            continue
        if not (number_word(word) and _joined(text, previous, current)) or previous.group().lower() in _ORDINALS:
            break
        if word in _UNITS and previous.group().lower() in _UNITS:
            break  # "one two" is two numbers
        count += 1
    return count


def _joined(text: str, left: re.Match, right: re.Match) -> bool:
    return re.fullmatch(r"\s+|-", text[left.end():right.start()]) is not None


# A share said as so many in so many: "one in five" (20%), "two out of every three" (67%), "1 in 4".
_SMALL_COUNT = "|".join(word for word, value in _UNITS.items() if value) + r"|\d{1,4}"
_ONE_IN_SO_MANY = re.compile(
    rf"\b(?P<part>{_SMALL_COUNT})[ -](?:in|out[ -]of)[ -](?:every[ -])?(?P<whole>{_SMALL_COUNT})\b", re.IGNORECASE)


def _share_said(text: str, match: re.Match) -> Quantity:
    """"One in five" as the percentages a source may give for it (20%; "two in three" 66.7%, 67% or 66%)."""
    part, whole = (Decimal(_UNITS.get(match.group(name).lower(), match.group(name))) for name in ("part", "whole"))
    share = part / whole * 100 if whole else Decimal(0)
    values = {share.quantize(Decimal(1)), share.quantize(Decimal("0.1")), share.to_integral_value(ROUND_DOWN)}
    return quantity(text, match.start(), match.end(), values, Kind.PERCENT_WORDS, False)


def _as_percent(text: str, item: Quantity) -> Quantity:
    """A word for a change or a fraction as the percentages a source may give for it: "doubled" for 100% or 200%,
    "one-third" for 33% or 33.3%, "a quarter" for 25%."""
    change = _CHANGE_IN_PERCENT.get(item.text.lower())
    if change is not None:
        values = set(change)
    else:
        share = min(item.values) * 100  # a fraction's value ("a fifth" also reads as the ordinal 5)
        values = {share.quantize(Decimal(1)), share.quantize(Decimal("0.1")), share.to_integral_value(ROUND_DOWN)}
    return quantity(text, item.span.start, item.span.end, values, Kind.PERCENT_WORDS, False)


def _read_words(text: str, words: list[re.Match]) -> Quantity | None:
    start, end = words[0].start(), words[-1].end()
    tokens = [word.group().lower() for word in words]
    if tokens[0] == "half":
        if tokens[-1] in _SCALE_WORDS and (len(tokens) == 2 or tokens[1:-1] in (["a"], ["an"])):
            # half a million, (a) half million
            return quantity(text, start, end, {Decimal("0.5") * _SCALE_WORDS[tokens[-1]]}, Kind.NUMBER, True,
                            tokens[-1])
        if len(tokens) == 2 and tokens[1] in _COUNT_NOUNS:  # a half-dozen
            return quantity(text, start, end, {Decimal("0.5") * _COUNT_NOUNS[tokens[1]]}, Kind.NUMBER, False)
        # half alone: of a number, or fifty percent (a run that goes on past it is read no further)
        return quantity(text, words[0].start(), words[0].end(), {Decimal("0.5"), Decimal(50)}, Kind.NUMBER, False)
    if len(tokens) == 1 and tokens[0] in _MULTIPLES:
        return quantity(text, start, end, {_MULTIPLES[tokens[0]]}, Kind.NUMBER, False)
    if len(tokens) == 2 and tokens[0] in _FRACTION_NUMERATORS and tokens[1] in _DENOMINATORS:
        # "one-fortieth", "two-thirds", "a quarter": a fraction, not the ordinal forty-one
        numerator, denominator = _FRACTION_NUMERATORS[tokens[0]], _DENOMINATORS[tokens[1]]
        values = {Decimal(numerator) / denominator}
        if tokens[0] in ("a", "an") and tokens[1] in _ORDINALS:
            values.add(Decimal(denominator))  # "a fifth straight quarter": the ordinal too
        return quantity(text, start, end, values, Kind.FRACTION, False)
    total, current, kind, scale = 0, 0, Kind.NUMBER, ""
    for token in tokens:
        if token in ("a", "an", "and"):
            current = current or (1 if token != "and" else 0)
        elif token in _UNITS or token in _TENS:
            current += _UNITS.get(token, 0) + _TENS.get(token, 0)
        elif token == "hundred":
            current = (current or 1) * 100
            scale = scale or token
        elif token in _SCALE_WORDS:
            total += (current or 1) * _SCALE_WORDS[token]
            current, scale = 0, token
        elif token in _COUNT_NOUNS:  # "two dozen", "two decades"
            current = (current or 1) * _COUNT_NOUNS[token]
        elif token in _DENOMINATORS and 0 < current < 10:  # "a quarter million", "three quarters"
            current = Decimal(current) / _DENOMINATORS[token]
        elif token in _ORDINALS:
            current += _ORDINALS[token]
            kind = Kind.ORDINAL
    value = total + current
    definite = bool(scale) and kind is Kind.NUMBER
    return quantity(text, start, end, {value}, kind, definite, scale)
