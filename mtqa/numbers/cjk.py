"""Numbers in Chinese, Japanese and Korean text: digits (full-width too), Chinese numerals with their scale words,
Korean digits with 만/억/조, and what the characters around a number make of it (a year, a month, a day, an hour,
a percentage, an ordinal, a fraction, an approximation)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from decimal import Decimal

from mtqa.numbers.measures import TIME_DIMENSIONS, source_measure
from mtqa.numbers.quantity import Kind, Quantity, quantity

# The financial forms (壹, 陆, 拾 ...) are left out: in news text they are mostly words (登陆 "land", 收拾 "tidy").
_DIGIT_NUMERALS = "零〇一二三四五六七八九两兩"
_SCALE_NUMERALS = "十百千万亿兆萬億廿"
_NUMERALS = _DIGIT_NUMERALS + _SCALE_NUMERALS
_ASCII_NUMBER = r"[0-9]+(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_KOREAN_UNIT = r"(?:[천백십]?[조억만]|[천백십])"
# Numerals that are part of a word: 四半期 ("quarter"), 四球 ("a walk" in baseball), and the metric prefixes of units:
# 千米 (km), 千克 (kg), 千瓦 (kW), 千卡 (kcal), 千伏 (kV), 千帕 (kPa), 百帕 (hPa), 兆瓦 (MW).
_NUMERAL = rf"(?!四半期|四球|千[米克瓦卡伏帕赫焦升]|百帕|兆[瓦帕赫])[{_NUMERALS}]"
_NUMBER = re.compile(
    # Korean: digits with scale words, a space allowed between the groups (1억 2천만)
    # and the units after the last of them (8만 7000원)
    # (a number has a few groups at most: bounding them keeps a long run of groups from being read again at each
    # of its places; the units after 천, 백 or 십 are at most as many digits as they leave room for, and no date's)
    rf"(?P<korean>(?:{_ASCII_NUMBER})\s?{_KOREAN_UNIT}(?:\s?(?:{_ASCII_NUMBER})\s?{_KOREAN_UNIT}){{0,7}}"
    rf"(?:(?:(?<=[조억만])\s?[0-9]{{1,4}}|(?<=천)\s?[0-9]{{1,3}}|(?<=백)\s?[0-9]{{1,2}}|(?<=십)\s?[0-9])"
    rf"(?![0-9.,]|\s?[년월일]))?"
    rf"(?![가-힣]{{0,8}}[0-9]))"
    # Chinese and Japanese: digits and numerals mixed (1.2万, 三千万, 1亿2000万, 三点五)
    # (a digit and a numeral digit side by side are no number: the 一 of 統一 before 7-ELEVEn)
    rf"|(?P<han>(?:{_ASCII_NUMBER}|{_NUMERAL})(?:(?<![{_DIGIT_NUMERALS}])(?:{_ASCII_NUMBER})"
    rf"|(?:(?<![0-9])|(?=[{_SCALE_NUMERALS}])){_NUMERAL}|点(?=[{_DIGIT_NUMERALS}]))*)"
)
# Scale words: Korean mapped onto the Chinese ones; 兆 is a trillion in Japanese, Korean (조) and Taiwanese usage but
# a million in some mainland usage, so a Chinese 兆 keeps both readings.
_UNIT_VALUES = {"十": 10, "廿": 20, "百": 100, "千": 1000, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8,
                "兆": 10**12}
# The most scale words one number holds (三千五百六十七万八千九百 has six).
MAX_SCALE_WORDS = 12
_FOR_CN2AN = str.maketrans({"億": "亿", "萬": "万", "兩": "两", "兆": "万亿"})
_DIGITS_THEN_UNITS = re.compile(rf"([0-9]+(?:\.[0-9]+)?)([{_SCALE_NUMERALS}]*)")
# Digits with scale words, group after group, the last group's units perhaps bare: 1.2万, 3兆303億, 1亿2000万, 1万5000
_DIGIT_GROUPS = re.compile(rf"(?:[0-9]+(?:\.[0-9]+)?[{_SCALE_NUMERALS}]+)+(?:[0-9]+)?")
_DIGIT_BY_DIGIT = str.maketrans("零〇一二三四五六七八九", "00123456789")

_PERCENT_AFTER = re.compile(r"\s?(?:%|‰|(?:个)?百分点|퍼센트|프로(?!그))")
# The half of the day before an hour: 上午10时, 오후 3시, 午後2時; the afternoon's hours are read both ways (下午3时 is
# 3 p.m. or 15:00).
_HALF_OF_DAY_BEFORE = re.compile(r"(?:(?P<afternoon>下午|傍晚|午後|오후|저녁)"
                                 r"|(?P<night>晚上|晚间|晚|深夜|半夜|夜间|夜里|夜|밤)"
                                 r"|上午|早上|早晨|凌晨|中午|午前|朝|오전|새벽|아침)\s?$")
_SPAN_OF_HOURS_AFTER = re.compile(r"(?:时间|時間|시간)")
# A number these come before is an estimate or a count of tens, hundreds, thousands: 数百, 上千, 几十, 好几; 成 and 上
# only before numerals (成千上万, 上百), never before digits (赞成75票 is 75 votes in favour).
_APPROXIMATE_BEFORE = ("数", "几", "上", "成", "好", "近百", "逾")
_APPROXIMATE_BEFORE_NUMERALS_ONLY = ("上", "成")
# An ordinal written after its number: 8번째 ("eighth"), 3回目 and 2度目 ("third", "second"), 50周年 ("50th
# anniversary"). A run of days (182日連続) stays a count, which "182 straight days" and "the 182nd" both carry.
_ORDINAL_AFTER = re.compile(r"\s?(?:번째|回目|度目|周年|週年|주년)")
# A span of weeks: not 周年 (an anniversary), 周岁 (an age), 周末 (a weekend) nor 星期一 (Monday).
_SPAN_OF_WEEKS_AFTER = re.compile(r"\s?(?:週間|주간|주일|个星期|個星期|周(?![年岁歲末边邊围圍期刊报報]))")
# A count of years and months said together (1년 6개월, 2年6个月): compared as neither alone.
_YEARS_BEFORE = re.compile(r"[0-9０-９一二三四五六七八九十]\s?[年년]\s?$")
_MONTHS_AFTER = re.compile(r"\s?(?P<months>[0-9０-９]+|[一二三四五六七八九十]+)\s?(?:개월|个月|個月|か月|ヶ月|カ月"
                           r"|月(?!\s?[0-9０-９一二三四五六七八九十]+\s?日))")
# A count of years before a month's number that is a count of months: a sentence of 懲役3年6月 (three years and six
# months), not a date's year (2021年6月, 令和3年6月, which are read as years before this is asked).
_YEARS_OF_A_SPAN_BEFORE = re.compile(r"(?<![0-9０-９])[0-9０-９]{1,2}\s?年\s?$")
_DAY_AFTER_MONTH = re.compile(r"\s?[0-9０-９一二三四五六七八九十]+\s?日")
# Before a count of years that is none: '25년 (2025), 第3年 ("the third year"), 제3년.
_NOT_A_SPAN_BEFORE = ("'", "\u2019", "第", "제")
_DURATION_AFTER = re.compile(r"(?:일간|일\s?동안|일\s?연속|日間|日间|日連続|天连续|天連續)")
# A count of things in a row (see Kind.RUN): after the number and what it counts (2四半期連続, 3주 연속, 4試合連続),
# or as a run of wins, losses or titles (5연승, 3連敗, 三连冠); before it in Chinese and Japanese (连续3年, 連続3回).
_IN_A_ROW_AFTER = re.compile(r"\s?(?:[^\s\d。、，,.!?()（）「」]{0,4}?\s?(?:連続|連續|连续|연속)"
                             r"|(?:連勝|連敗|連覇|연승|연패|连胜|连败|连冠|連冠))")
_IN_A_ROW_BEFORE = re.compile(r"(?:連続|連續|连续)\s?第?\s?$")
# A quarter of the year: 第2四半期, 2분기 (2/4분기 counts it out of four), 第二季度.
_QUARTER_AFTER = re.compile(r"\s?(?:/\s?4\s?)?(?:四半期|분기|季度)")
_OUT_OF_FOUR_BEFORE = re.compile(r"[1-4]\s?/\s?$")
# A span of years, not a year counted by its number: 징역 3년, 3년 만에, 5年ぶり, 三年来, 1年半; never a school year
# (3年生, 3학년 is another word), a fiscal or calendar year (26年度, 3년도), a decade (90年代, 90년대), the Nth year
# (3年目, 3년째: "the third year" as often as "for three years") or a grade (三年级).
_SPAN_OF_YEARS_AFTER = re.compile(r"\s?[年년](?P<half>半)?(?![级級生制度代目째생도대])")
# Korean fractions: 4분의 1 is a quarter (the denominator first, as in 四分之一).
_KOREAN_FRACTION_AFTER = re.compile(r"분의\s?[0-9]")
_KOREAN_FRACTION_BEFORE = re.compile(r"([0-9][0-9,.]*\s?(?:[천백십]?[조억만]|[천백십])?)분의\s?$")
_HOURS_BEFORE = re.compile(r"(?:時間|時|时)\s?$")
_EACH_AFTER = re.compile(r"\s?[가-힣]{0,2}씩")
_DAY_AFTER = re.compile(r"(?:日(?![元圆本])|号(?![线楼院])|號|일)")
# Digits glued to a Latin or Hangul word are part of a name or code: G20, COVID-19, 코로나19, 갤럭시S24 (Korean
# spaces its words, so a count stands apart: 총 3천 명).
_LATIN_BEFORE = re.compile(r"(?:[A-Za-z][-‐]?|[가-힣](?<!제))$")
# A month and day joined by a middle dot, the way events are named: 6·25 전쟁, 3·15晚会, 9·11
_DATE_NAME_AFTER = re.compile(r"\s?[·・‧]\s?[0-9]")
_DATE_NAME_BEFORE = re.compile(r"[0-9]\s?[·・‧]\s?$")
# Numbers that name a day or a service rather than count: 双11 and 双十二 (shopping festivals), 119 구조대, 110番,
# 12315热线, 拨打120
_NAMING_BEFORE = re.compile(r"(?:双|雙|拨打|撥打|致电|致電)$")
# 十一 and 五一 as the holidays on those days: 十一黄金周 is the National Day Golden Week.
_HOLIDAY_AFTER = re.compile(r"[”\"’」』]?\s?(?:黄金周|黃金週|长假|長假|假期|小长假|小長假)")
# What follows a number written in numerals alone: a counter, a unit or a scale word (三名, 五十年, 八十周年, 两千多),
# or 大, a party congress by its number (十九大, the 19th).
# Another character makes the numerals part of a name (五十嵐 Igarashi, 十六銀行 Juroku Bank, 十八洞村 Shibadong).
_COUNTERS = ("人名个個位件次回年月日号號时時分秒点點岁歲歳才周週天届屆期轮輪场場局球元円圆块塊角毛美英欧歐镑鎊币幣台辆"
             "輛架艘枚本部张張条條项項种種类類家所座栋棟层層楼樓户戶倍成割米里公克吨噸斤两兩升度例起宗份只隻头頭匹羽尾"
             "株册冊篇首句字行章节節页頁道题題门門科间間处處国國省市县縣区區镇鎮乡鄉多余餘来來几幾左右上下前后後内內外"
             "强以代世线線路站戦勝敗票席議校社軒戸機基箱袋瓶杯足着組対員隊団曲話巻作品画通番階万千百亿億兆十廿平立方亩"
             "畝坪毫厘寸尺丈斗碗顿頓遍趟批群对對双雙套口棵片粒滴笔筆支枝根大"
             # the first characters of units and currencies: 小时, 摄氏度, 韩元, 港元, 澳元, 加元, 新台币, 卢布
             "小摄攝华華韩港澳加新卢盧瑞泰越印菲马馬")
# A counter that a place's suffix follows is part of the name too: 九十九里浜 (Kujukuri Beach), 三十三間堂 (a temple).
_PLACE_SUFFIXES = "浜濱堂寺宮山川島岛橋桥町湖湾灣峰岳嶽谷坂"
_NAME_AFTER_NUMERALS = re.compile(rf"(?![{_COUNTERS}])[\u3400-\u4dbf\u4e00-\u9fff]|[{_COUNTERS}][{_PLACE_SUFFIXES}]")
# A name before a number in numerals and 号: a craft or a ship (神舟二十一号), not a month's day (五月二十一号).
_NAME_BEFORE_NUMBER = re.compile(r"[\u4e00-\u9fff](?<![月年第])$")
# A minute of a match's second half, which English counts from the kick-off: 후반 43분 is the 88th minute.
_SECOND_HALF_BEFORE = re.compile(r"(?:후반|後半|下半场|下半場)\s?第?\s?$")
# The sen after a price in yen: 5万0512円32銭
_SEN_AFTER = re.compile(r"円([0-9]{1,2})銭")
_SERVICE_NUMBER_AFTER = re.compile(r"\s?(?:热线|熱線|番|구조대|구급대|신고|상황실|종합상황실|急救|报警|報警|전화)")


def fold_width(text: str) -> str:
    """`text` with full-width digits, signs and Latin letters read as ASCII, one character for one character (so
    offsets still hold); the ideographic comma stays, since in CJK text it separates clauses, not thousands."""
    return "".join(unicodedata.normalize("NFKC", char) if "\uff01" <= char <= "\uff5e" and char != "，" else char
                   for char in text)


def source_quantities(text: str, language: str | None = None) -> list[Quantity]:
    """Every number in a Chinese, Japanese or Korean text, in order. The `language` (a BCP 47 tag) settles what 兆
    is: a trillion in Japanese and Taiwanese usage, a trillion or a million in mainland Chinese (and where unknown)."""
    folded = fold_width(text)
    zhao_is_trillion = language is not None and language.lower().startswith(("ja", "ko", "zh-hant", "zh-tw"))
    taiwanese = language is not None and language.lower().startswith(("zh-hant", "zh-tw"))
    found: list[Quantity] = []
    taken = 0
    for match in _NUMBER.finditer(folded):
        start, end = match.span()
        if start < taken:
            continue  # the sen of a price already read
        korean = match.group("korean") is not None
        quantities = _quantities(text, folded, start, end, korean, zhao_is_trillion, taiwanese)
        sen = _SEN_AFTER.match(folded, end)
        if sen and len(quantities) == 1 and quantities[0].value is not None and quantities[0].kind is Kind.NUMBER:
            # 5万0512円32銭 is one price, 50,512.32 yen (a stock index's points)
            quantities = [replace(quantities[0], values=frozenset(
                {(quantities[0].value + Decimal(sen.group(1)) / 100).normalize()}))]
            taken = sen.end()
        found.extend(quantities)
    if "번째" in folded:  # ordinals in native Korean words: 세 번째 ("the third"), 열 번째
        found.extend(quantity(text, match.start(), match.end(), {_KOREAN_NATIVE_ORDINALS[match.group(1)]},
                              Kind.ORDINAL, False) for match in _KOREAN_NATIVE_ORDINAL.finditer(folded))
        found.sort(key=lambda item: item.span)
    return found


# Native Korean numbers before 번째, as Korean writes ordinals up to ten in words (첫 번째 "first", 세 번째 "third").
_KOREAN_NATIVE_ORDINALS = {"첫": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6,
                           "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
_KOREAN_NATIVE_ORDINAL = re.compile(rf"(?<![가-힣])({'|'.join(_KOREAN_NATIVE_ORDINALS)})\s?번째")


def _quantities(text: str, folded: str, start: int, end: int, korean: bool, zhao_is_trillion: bool = False,
                taiwanese: bool = False) -> list[Quantity]:
    run = folded[start:end]
    before, after = folded[max(0, start - 4):start], folded[end:end + 4]
    # The denominator of a fraction (三分之一, Japanese 40分の1) or the 百 of 百分之: read with what follows.
    if after.startswith("分之") or (after.startswith("分の") and not _HOURS_BEFORE.search(before)) \
            or _KOREAN_FRACTION_AFTER.match(after):
        return []  # (1時間40分の遅れ: forty minutes)
    korean_fraction = _KOREAN_FRACTION_BEFORE.search(folded, max(0, start - 16), start)
    if korean_fraction:  # 4분의 1: one quarter
        written = korean_fraction.group(1).replace(" ", "")
        denominator = _korean_value(written) if not written[-1].isdigit() else _value(written, False)
        numerator = _value(run, korean)
        if denominator and numerator is not None:
            return [quantity(text, start, end, {numerator / denominator}, Kind.FRACTION, False)]
        return []
    if before.endswith("分之") or (before.endswith("分の") and not _HOURS_BEFORE.search(folded, max(0, start - 6),
                                                                                  start - 2)):
        written = _fraction_denominator(folded, start - 2)
        denominator = {"百": Decimal(100), "千": Decimal(1000)}.get(written) or _value(written, korean)
        numerator = _value(run, korean)
        if denominator == 100 and numerator is not None:
            return [quantity(text, start, end, {numerator}, Kind.PERCENT, True)]
        if denominator and numerator is not None:
            return [quantity(text, start, end, {numerator / denominator}, Kind.FRACTION, False)]
        return []
    year = _year(run, after)
    if year is not None:
        return [quantity(text, start, end, {year}, Kind.YEAR, True)]
    years = _years_of_another_count(run, folded[max(0, start - 2):start], after, taiwanese)
    if years:
        return [quantity(text, start, end, years, Kind.YEAR, False)]
    value = _value(run, korean)
    if value is None:
        return []
    values = {value}
    if not korean and "兆" in run and not zhao_is_trillion:
        values.add(value / 10**6)
    has_digits = any(char.isdigit() for char in run)
    definite = (has_digits or (len(run) > 1 and any(char in _SCALE_NUMERALS for char in run)))
    if _LATIN_BEFORE.search(before) or re.match(r"[A-Za-z]", after):  # part of a name or code: G20, 5G, COVID-19
        definite = False
    if not has_digits and _NAME_AFTER_NUMERALS.match(after):
        definite = False  # part of a name: 五十嵐, 十六銀行
    approximate = before.endswith(_APPROXIMATE_BEFORE) and not (
        has_digits and before.endswith(_APPROXIMATE_BEFORE_NUMERALS_ONLY))
    if approximate or after.startswith("几"):
        definite = False
    if _EACH_AFTER.match(after) or before.endswith("各"):
        definite = False  # 1천억원씩 두 차례, 各100元: an amount each, which a translation may give as a total
    if _NAMING_BEFORE.search(before) or _SERVICE_NUMBER_AFTER.match(after) or _HOLIDAY_AFTER.match(after):
        # 双11 (Singles' Day), 119 구조대 (rescue workers), 12315热线, 十一黄金周: names a translation may say
        definite = False
    date_name = _DATE_NAME_AFTER.match(after), _DATE_NAME_BEFORE.search(before)
    if any(date_name) and value == int(value) and 1 <= value <= (12 if date_name[0] else 31):
        # 6·25 (the Korean War), 3·15 (consumer rights day): a date that names an event
        return [quantity(text, start, end, values, Kind.MONTH if date_name[0] else Kind.DAY, False)]
    more_than = re.match(rf"[多余]([{_SCALE_NUMERALS}]+)", after)
    if more_than:  # 1100多万: more than 11 million
        for unit in more_than.group(1):
            value *= _UNIT_VALUES[unit]
        values = {value}
    if after.startswith(("분", "分")) and _SECOND_HALF_BEFORE.search(before):
        values.add(value + 45)  # 후반 43분: the 88th minute of the match, as English reports count them
    kind = Kind.NUMBER
    span_of_years = _SPAN_OF_YEARS_AFTER.match(after)
    if _QUARTER_AFTER.match(after) and value == int(value) and 1 <= value <= 4:
        if _OUT_OF_FOUR_BEFORE.search(before):
            return []  # the 4 of 2/4분기
        # "the second quarter"; not a fiscal year's (2025年度第1四半期), which a translation may count otherwise, nor
        # quarters counted in a row (2四半期連続)
        counted = "年度" in before or "연도" in before or _IN_A_ROW_AFTER.match(folded, end)
        kind, definite = (Kind.NUMBER if counted else Kind.QUARTER), False
    elif re.match(r"[:：][0-9]{2}", after) and has_digits and value <= 24:
        kind, definite = Kind.HOUR, False  # 7:30, 12：00
        values = _on_its_half_of_the_day(value, _HALF_OF_DAY_BEFORE.search(before))  # 晚7:30 is 19:30
    elif re.search(r"[0-9][:：]$", before):
        kind, definite = Kind.MINUTE, False  # the minutes of 7:30
    elif re.match(r"[:：][0-9]{2}", after):
        kind, definite = Kind.TIME, False
    elif _PERCENT_AFTER.match(after):
        kind = Kind.PERCENT
    elif before.endswith(("第", "제")) or _ORDINAL_AFTER.match(after):
        kind, definite = Kind.ORDINAL, False  # 第37次, 제3차, 8번째, 3回目, 50周年: "37th", "eighth", "50th"
    elif after.startswith("月") and _YEARS_OF_A_SPAN_BEFORE.search(folded, max(0, start - 5), start) \
            and not _ERA_BEFORE.search(folded, max(0, start - 6), start) \
            and not _DAY_AFTER_MONTH.match(folded, end + 1):
        pass  # the 6 of 懲役3年6月: six months, as in 3年6カ月
    elif after.startswith(("月", "월")) and value == int(value) and 1 <= value <= 12:
        kind = Kind.MONTH
    elif _DURATION_AFTER.match(after):
        pass  # 7일간, 3日間: a count of days ("for a week" says 7), not a day of the month
    elif not has_digits and after.startswith(("号", "號")) and _NAME_BEFORE_NUMBER.search(before):
        definite = False  # 神舟二十一号, 嫦娥六号: a craft's name, which a translation may call "the spaceship"
    elif _DAY_AFTER.match(after) and value == int(value) and 1 <= value <= 31:
        kind = Kind.DAY
    elif after.startswith(("时", "時", "点", "點", "시")) and value == int(value) and value <= 24:
        kind, definite = Kind.TIME, False
        half = _HALF_OF_DAY_BEFORE.search(before)
        if has_digits and not _SPAN_OF_HOURS_AFTER.match(after) and (half or after[0] in "时時시"):
            kind = Kind.HOUR  # 3点 may be three points, 3시간 and 3時間 are three hours
            values = _on_its_half_of_the_day(value, half)
        elif half and (half.group("afternoon") or half.group("night")) and value < 12:
            values = _on_its_half_of_the_day(value, half)
        if value in (0, 24):
            values = {Decimal(0), Decimal(24)}  # midnight, 0시 or 24時
    elif after.startswith(("分", "秒", "분", "초")) and re.search(r"[时時点點시]\s?$", before):
        kind, definite = Kind.MINUTE, False  # the minutes of 19时54分, written 19:54
    elif after.startswith("年代"):
        definite = False
    elif re.match(r"成(?![为立功员绩果本都长型交熟人年就])", after) and value <= 10:
        kind, values = Kind.PERCENT, {value * 10}  # 6成 is six tenths: 60%
    elif after.startswith("后") and value in (0, 50, 60, 70, 80, 90) and len(run) == 2:
        values.add(1900 + value if value else Decimal(2000))  # 90后, people born in the 1990s: "post-90s"
        definite = False
    elif after.startswith(("倍", "배")):  # 增长2倍 may be read "rose by 200%" or "tripled"
        kind = Kind.MULTIPLE
        values.add(value + 1)
    if value == 1 and (kind is Kind.NUMBER or not has_digits) and "." not in run:
        # One of something is said "a", "per", "single" as often as "one"; not a percentage, a date or a decimal in
        # digits (1.0% is no "a").
        definite = False
    measure = source_measure(folded, end) if kind is Kind.NUMBER else None
    if measure and measure[0] not in TIME_DIMENSIONS and not has_digits and value != 1 \
            and not before.endswith(_APPROXIMATE_BEFORE):
        definite = True  # 三千升: a measure in numerals, its 千 the unit's (it was 三千, a scale word)
    if measure is not None and measure[0] == "months" and _YEARS_BEFORE.search(before):
        measure = None  # the 6 of 1년 6개월: a year and a half said in two numbers is no span of six months
    found = [quantity(text, start, end, values, kind, definite, measure=measure)]
    if kind in (Kind.NUMBER, Kind.ORDINAL) and (_IN_A_ROW_AFTER.match(folded, end) or _IN_A_ROW_BEFORE.search(before)):
        found.append(quantity(text, start, end, values, Kind.RUN, False))
    weeks = _SPAN_OF_WEEKS_AFTER.match(after) if kind is Kind.NUMBER and value == int(value) else None
    if weeks and 0 < value < 100:  # 1週間, 2주간, 3个星期: "a week", "two weeks", in days as a target's are
        found.append(quantity(text, start, end, {value * 7}, Kind.DURATION, False, measure=("days", 0)))
    months_after = _MONTHS_AFTER.match(folded, end + span_of_years.end()) if span_of_years else None
    if kind is Kind.NUMBER and span_of_years and value == int(value) and value < 100 \
            and not before.endswith(_NOT_A_SPAN_BEFORE):
        if months_after is not None:
            # Years and months said together (징역 2년 6개월, 有期徒刑3年6个月, 懲役3年6月): one span, in months, as a
            # target's "two and a half years" or "three years and six months" is
            counted = _value(months_after.group("months"), False)
            if counted is not None and counted < 12:
                found.append(quantity(text, start, months_after.end(), {value * 12 + counted}, Kind.DURATION, False,
                                      measure=("months", 0)))
        elif value > 1 or span_of_years.group("half"):
            # Also a span of years, in months as a target's "three years" and "a year and a half" are: compared with
            # the one span its translation gives (1년 alone is said "a year" as often as "one year")
            months = value * 12 + (6 if span_of_years.group("half") else 0)
            found.append(quantity(text, start, end, {months}, Kind.DURATION, False, measure=("months", 0)))
    return found


# The night's hours before this one are the small hours (夜里2点, 2 a.m.); from it on, the evening's (晚上8点, 8 p.m.).
_FIRST_EVENING_HOUR = 6


def _on_its_half_of_the_day(value: Decimal, half: re.Match | None) -> set[Decimal]:
    """A clock hour on the 24-hour clock: 下午3时 is 15:00 and never 3 a.m., 上午10时 10:00; an hour without its half of
    the day may be either (Korean and Japanese copy leave the afternoon out: 3시에 기자회견)."""
    if half is not None and half.group("night") and (value < _FIRST_EVENING_HOUR or value == 12):
        return {Decimal(0), Decimal(24)} if value == 12 else {value}  # 深夜1時 is 1 a.m., 밤 12시 midnight
    if value >= 12:
        return {value}
    if half is None:
        return {value, value + 12}
    return {value + 12} if half.group("afternoon") or half.group("night") else {value}


def _fraction_denominator(folded: str, end: int) -> str:
    """The numerals just before `end` (the 三 of 三分之一)."""
    start = end
    while start > 0 and (folded[start - 1] in _NUMERALS or folded[start - 1].isdigit()):
        start -= 1
    return folded[start:end]


def _year(run: str, after: str) -> Decimal | None:
    """A four-digit year before 年/년, in digits (2021年) or numerals read digit by digit (二〇二一年)."""
    if not after.startswith(("年", "년")) or after.startswith("年代"):
        return None
    digits = run.translate(_DIGIT_BY_DIGIT)
    if len(digits) == 4 and digits.isdigit() and 1000 <= int(digits) <= 2100:
        return Decimal(digits)
    return None


# Years counted another way than the Western calendar's four digits, read both ways (a translation may keep the count
# or give the Western year): a Japanese era's (令和8年, 平成26年度), Taiwan's Republic era (民國114年, and 114年 in a
# Taiwanese text, where three digits before 年 are that era's years), and a fiscal year cut to two digits (26年度,
# 26년도: fiscal 2026).
_REPUBLIC_BASE = 1911  # the year before the Republic of China's first
_ERA_BASES = {"令和": 2018, "平成": 1988, "昭和": 1925, "民國": _REPUBLIC_BASE, "民国": _REPUBLIC_BASE}
_ERA_BEFORE = re.compile(rf"(?:{'|'.join(_ERA_BASES)})\s?[0-9０-９]{{1,2}}\s?年\s?$")  # 令和3年: a year, not a span
_REPUBLIC_ERA = range(100, 131)


def _years_of_another_count(run: str, before: str, after: str, taiwanese: bool) -> set[Decimal] | None:
    if not run.isdigit() or not after.startswith(("年", "년")) or after.startswith(("年代", "年間", "年间", "年来",
                                                                                 "年來", "年前", "年后", "年後")):
        return None
    count = Decimal(run)
    base = _ERA_BASES.get(before)
    if base is not None and (1 <= count <= 99 or (base == _REPUBLIC_BASE and count in _REPUBLIC_ERA)):
        return {count, base + count}
    if taiwanese and count in _REPUBLIC_ERA and after[0] == "年":
        return {count, _REPUBLIC_BASE + count}
    if len(run) == 2 and after.startswith(("年度", "년도")):
        return {count, 2000 + count}
    return None


_KOREAN_GROUP = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)\s?([천백십]?)([조억만]?)")
_KOREAN_SMALL_UNITS = {"천": 1000, "백": 100, "십": 10, "": 1}
_KOREAN_LARGE_UNITS = {"조": 10**12, "억": 10**8, "만": 10**4, "": 1}


def _korean_value(run: str) -> Decimal | None:
    """The value of digits with Korean scale words. 천, 백 and 십 count within the group that 조, 억 or 만 closes:
    10조 4000억 is 10.4 trillion, 2천625억 is 262.5 billion, 1억 2천만 is 120 million, 5만5천900 is 55,900."""
    total, section, position = Decimal(0), Decimal(0), 0
    for group in _KOREAN_GROUP.finditer(run):
        last = group.end() == len(run)
        if group.start() != position or not (group.group(2) or group.group(3) or (last and position)):
            return None  # only the last group, the units after the scale words, goes without a scale word
        try:
            number = Decimal(group.group(1).replace(",", ""))
        except ArithmeticError:
            return None
        section += number * _KOREAN_SMALL_UNITS[group.group(2)]
        if group.group(3):
            total += section * _KOREAN_LARGE_UNITS[group.group(3)]
            section = Decimal(0)
        position = group.end()
        while position < len(run) and run[position].isspace():
            position += 1
    total += section
    return total if position == len(run) and total else None


def _digit_groups_value(plain: str) -> Decimal | None:
    """The value of a _DIGIT_GROUPS run. 十, 百 and 千 count within the group that 万, 亿 or 兆 closes, as in Korean
    (3千5百万 is 35 million), the closing scale words larger first (None otherwise: 3万2亿 is no number). A single
    digit after the last scale word counts in the unit below it, as it is said: 3万5 is 35,000, 1千5 is 1,500."""
    total, section, last_unit, last_large = Decimal(0), Decimal(0), None, None
    for group in _DIGITS_THEN_UNITS.finditer(plain):
        if not group.group(0):
            continue
        value, small, large = Decimal(group.group(1)), Decimal(1), Decimal(1)
        for unit in group.group(2):
            if _UNIT_VALUES[unit] >= 10**4:
                large *= _UNIT_VALUES[unit]
            else:
                small *= _UNIT_VALUES[unit]
        if not group.group(2) and last_unit is not None and len(group.group(1)) == 1 and last_unit >= 100:
            small = last_unit / 10  # 3万5: five thousand
        if large > 1:
            if last_large is not None and large >= last_large:
                return None
            total += (section + value * small) * large
            section, last_large = Decimal(0), large
        else:
            section += value * small
        last_unit = small * large
    return total + section


def _value(run: str, korean: bool) -> Decimal | None:
    """The value of a number written with digits, numerals and scale words, or None for a run of numerals that is
    not a number (an idiom such as 十四五, 千万 "by all means", 万一 "in case"; a name such as 三八 or 八一)."""
    if korean:
        return _korean_value(run)
    plain = run.replace(",", "")
    if not plain or sum(char in _SCALE_NUMERALS for char in plain) > MAX_SCALE_WORDS:
        return None  # no figure has that many: 1亿亿亿... is text, and its value would overflow
    try:
        if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", plain):
            return Decimal(plain)
        if _DIGIT_GROUPS.fullmatch(plain):  # exact for decimals too, where cn2an would round (3.14159万)
            return _digit_groups_value(plain)
    except ArithmeticError:  # an invalid or overflowing value
        return None
    if plain[0] in _SCALE_NUMERALS and plain[0] != "十":
        return None  # 千万, 万一, 百: numbers do not start with a scale word above ten
    if not any(char in _SCALE_NUMERALS or char == "点" for char in plain) and len(plain) > 1 \
            and not any(char.isdigit() for char in plain):
        return None  # numerals read digit by digit outside a year are names and idioms (三八, 九一八)
    try:
        import cn2an  # half a second to import: only sources with Chinese numerals pay for it

        return Decimal(str(cn2an.cn2an(plain.translate(_FOR_CN2AN), "smart")))
    except (ValueError, KeyError, IndexError, ArithmeticError):
        return None
