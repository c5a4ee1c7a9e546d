"""The metric unit after a number, on either side: its dimension and the power of ten of its prefix. A translation may
give a measure in a larger or smaller unit of the same system (121.2万千瓦 as "1,212 megawatts", 189㎝ as "1.89
meters", 2만평방미터 as "2 hectares"): the figures are then a power of ten apart, and the same measure."""

from __future__ import annotations

import re
from decimal import Decimal

from mtqa.numbers.quantity import Measure, Quantity

# Units written after a number in Chinese, Japanese and Korean (full-width Latin letters already folded), the longest
# first where one starts another. キロ alone is a kilometre or a kilogram, and is left out.
_SOURCE_UNITS: dict[str, Measure] = {
    # area
    "平方千米": ("m2", 6), "平方公里": ("m2", 6), "平方キロメートル": ("m2", 6), "平方キロ": ("m2", 6),
    "제곱킬로미터": ("m2", 6), "㎢": ("m2", 6), "km²": ("m2", 6), "km2": ("m2", 6),
    "평방킬로미터": ("m2", 6), "평방미터": ("m2", 0),
    "平方米": ("m2", 0), "平方公尺": ("m2", 0), "平方メートル": ("m2", 0), "제곱미터": ("m2", 0), "㎡": ("m2", 0),
    "m²": ("m2", 0), "m2": ("m2", 0),
    "公顷": ("m2", 4), "公頃": ("m2", 4), "ヘクタール": ("m2", 4), "헥타르": ("m2", 4), "ha": ("m2", 4),
    # energy before power: 千瓦时 is kilowatt-hours
    "千瓦时": ("Wh", 3), "千瓦時": ("Wh", 3), "キロワット時": ("Wh", 3), "킬로와트시": ("Wh", 3), "kWh": ("Wh", 3),
    "兆瓦时": ("Wh", 6), "兆瓦時": ("Wh", 6), "MWh": ("Wh", 6), "GWh": ("Wh", 9),
    # power
    "千瓦": ("W", 3), "兆瓦": ("W", 6), "キロワット": ("W", 3), "メガワット": ("W", 6), "ギガワット": ("W", 9),
    "킬로와트": ("W", 3), "메가와트": ("W", 6), "기가와트": ("W", 9), "kW": ("W", 3), "MW": ("W", 6), "GW": ("W", 9),
    "瓦": ("W", 0),
    # pressure and voltage
    "百帕": ("Pa", 2), "千帕": ("Pa", 3), "兆帕": ("Pa", 6), "ヘクトパスカル": ("Pa", 2), "헥토파스칼": ("Pa", 2),
    "hPa": ("Pa", 2), "kPa": ("Pa", 3), "MPa": ("Pa", 6), "帕": ("Pa", 0),
    "千伏": ("V", 3), "キロボルト": ("V", 3), "킬로볼트": ("V", 3), "kV": ("V", 3), "伏": ("V", 0),
    # volume, frequency, energy
    "千升": ("L", 3), "毫升": ("L", -3), "ミリリットル": ("L", -3), "밀리리터": ("L", -3), "リットル": ("L", 0),
    "리터": ("L", 0), "升": ("L", 0),
    "千赫": ("Hz", 3), "兆赫": ("Hz", 6), "赫兹": ("Hz", 0), "赫茲": ("Hz", 0), "ヘルツ": ("Hz", 0),
    "헤르츠": ("Hz", 0),
    "千焦": ("J", 3), "焦耳": ("J", 0), "ジュール": ("J", 0),
    "千卡": ("cal", 3), "大卡": ("cal", 3), "キロカロリー": ("cal", 3), "킬로칼로리": ("cal", 3), "칼로리": ("cal", 0),
    # length
    "千米": ("m", 3), "公里": ("m", 3), "キロメートル": ("m", 3), "킬로미터": ("m", 3), "㎞": ("m", 3), "km": ("m", 3),
    "厘米": ("m", -2), "公分": ("m", -2), "センチメートル": ("m", -2), "センチ": ("m", -2), "센티미터": ("m", -2),
    "센티": ("m", -2), "㎝": ("m", -2), "cm": ("m", -2),
    "毫米": ("m", -3), "ミリメートル": ("m", -3), "밀리미터": ("m", -3), "㎜": ("m", -3), "mm": ("m", -3),
    "メートル": ("m", 0), "미터": ("m", 0), "米": ("m", 0), "公尺": ("m", 0),
    # mass
    "千克": ("g", 3), "公斤": ("g", 3), "キログラム": ("g", 3), "킬로그램": ("g", 3), "㎏": ("g", 3), "kg": ("g", 3),
    "毫克": ("g", -3), "ミリグラム": ("g", -3), "밀리그램": ("g", -3), "mg": ("g", -3),
    "吨": ("g", 6), "噸": ("g", 6), "トン": ("g", 6), "톤": ("g", 6),
    "克": ("g", 0), "グラム": ("g", 0), "그램": ("g", 0),
}
# Spans of time, counted in a unit a translation may say in the next larger one (48時間 as "two days", 24개월 as
# "two years", 90分 as "an hour and a half", 7일간 as "a week"): not metric, so never a power of ten apart.
_TIME_UNITS: dict[str, Measure] = {
    "時間": ("hours", 0), "小时": ("hours", 0), "小時": ("hours", 0), "시간": ("hours", 0),
    "개월": ("months", 0), "か月": ("months", 0), "ヶ月": ("months", 0), "カ月": ("months", 0), "ケ月": ("months", 0),
    "个月": ("months", 0), "個月": ("months", 0),
    "分钟": ("minutes", 0), "分鐘": ("minutes", 0), "分間": ("minutes", 0), "분간": ("minutes", 0),
    # 分 and 분 alone are minutes only before what follows a span (十分 is "very", 1분기 a quarter)
    **{f"分{after}": ("minutes", 0) for after in ("で", "に", "後", "前", "以内", "ほど", "余り", "あまり", "かけ")},
    **{f"분{after}": ("minutes", 0) for after in (" 만에", "만에", " 동안", "동안", " 후", " 뒤", " 이내", " 내")},
    "일간": ("days", 0), "일 동안": ("days", 0), "일동안": ("days", 0), "日間": ("days", 0), "日间": ("days", 0),
    "일 연속": ("days", 0), "일연속": ("days", 0), "日連続": ("days", 0), "天连续": ("days", 0),
    "天": ("days", 0),
}
_SOURCE_UNITS.update(_TIME_UNITS)
TIME_DIMENSIONS = frozenset(dimension for dimension, _ in _TIME_UNITS.values())
# A Latin abbreviation must end there (5km, not 5kms of a name); CJK units stand as they are.
_SOURCE_UNIT = re.compile(r"\s?(" + "|".join(sorted(map(re.escape, _SOURCE_UNITS), key=len, reverse=True))
                          + r")(?![A-Za-z])")

_PREFIXES = {"": 0, "kilo": 3, "mega": 6, "giga": 9, "hecto": 2, "centi": -2, "milli": -3}
_BASES = {"meter": "m", "metre": "m", "gram": "g", "gramme": "g", "watt": "W", "watt-hour": "Wh", "pascal": "Pa",
          "volt": "V", "liter": "L", "litre": "L", "hertz": "Hz", "joule": "J", "calorie": "cal"}
_ABBREVIATIONS: dict[str, Measure] = {
    "km": ("m", 3), "cm": ("m", -2), "mm": ("m", -3), "m": ("m", 0), "kg": ("g", 3), "mg": ("g", -3), "g": ("g", 0),
    "kW": ("W", 3), "MW": ("W", 6), "GW": ("W", 9), "kWh": ("Wh", 3), "MWh": ("Wh", 6), "GWh": ("Wh", 9),
    "hPa": ("Pa", 2), "kPa": ("Pa", 3), "MPa": ("Pa", 6), "kV": ("V", 3), "ha": ("m2", 4),
    "km2": ("m2", 6), "km²": ("m2", 6), "m2": ("m2", 0), "m²": ("m2", 0),
    "ml": ("L", -3), "mL": ("L", -3), "kHz": ("Hz", 3), "MHz": ("Hz", 6), "GHz": ("Hz", 9), "kJ": ("J", 3),
    "kcal": ("cal", 3),
}
_TARGET_UNIT = re.compile(
    r"[ \t\u00a0]?-?[ \t]?(?:"
    r"(?P<square>(?i:square|sq\.?)[ \t-])?(?P<prefix>(?i:kilo|mega|giga|hecto|centi|milli))?"
    r"(?P<base>(?i:met(?:er|re)|gram(?:me)?|watt[- ]hour|watt|pascal|volt|lit(?:er|re)|hertz|joule|calorie))(?i:s)?\b"
    r"|(?P<hectares>(?i:hectares?))\b"
    r"|(?P<tonnes>(?i:(?:metric[ \t])?(?:tonnes?|tons?)))\b"
    r"|(?P<abbreviation>" + "|".join(sorted(map(re.escape, _ABBREVIATIONS), key=len, reverse=True)) + r")(?![\w²])"
    r")")


def source_measure(text: str, end: int) -> Measure | None:
    """The metric unit right after a number ending at `end` of a CJK text."""
    match = _SOURCE_UNIT.match(text, end)
    return _SOURCE_UNITS[match.group(1)] if match else None


def target_measure(text: str, end: int) -> Measure | None:
    """The metric unit right after a number ending at `end` of an English text ("1.89 meters", "2-hectare",
    "1,212 MW", "50 square kilometers")."""
    match = _TARGET_UNIT.match(text, end)
    if match is None:
        return None
    if match.group("hectares"):
        return ("m2", 4)
    if match.group("tonnes"):
        return ("g", 6)
    if match.group("abbreviation"):
        return _ABBREVIATIONS[match.group("abbreviation")]
    base = _BASES[match.group("base").lower().replace(" ", "-")]
    power = _PREFIXES[(match.group("prefix") or "").lower()]
    if match.group("square"):
        return ("m2", 2 * power) if base == "m" else None
    return base, power


def in_base_units(values: frozenset[Decimal], measure: Measure) -> set[tuple[str, Decimal]]:
    """The values in the dimension's base unit, keyed by the dimension: what a measure in another unit compares to."""
    dimension, power = measure
    return {(dimension, (value.scaleb(power)).normalize()) for value in values}


def same_dimension(source: Quantity, target: Quantity) -> bool:
    """Whether both are metric measures of one dimension (a length and a length): a power of ten between them is then
    no coincidence of two small numbers."""
    return bool(source.measure and target.measure) and source.measure[0] == target.measure[0]


def in_target_unit(source: Quantity, target: Quantity) -> Decimal | None:
    """The source's value in the target's unit where both are measures of one dimension (2500克 against "25
    kilograms" is 2.5), else as it is."""
    if source.value is None or not same_dimension(source, target):
        return source.value
    return source.value.scaleb(source.measure[1] - target.measure[1]).normalize()
