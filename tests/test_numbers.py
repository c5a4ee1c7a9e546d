"""Numbers read from Chinese, Japanese and Korean sources and English translations, compared by value."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.checks.context import CheckContext, CheckSettings
from mtqa.checks.numbers import check_numbers
from mtqa.glossary.compile import CompiledGlossary
from mtqa.glossary.model import Glossary
from mtqa.model import Document
from mtqa.numbers import Changed, Kind, Missing, compare, relation, source_quantities, target_quantities, written_like


def _read(quantities):
    return [(item.text, sorted(item.values), item.kind, item.definite) for item in quantities]


@pytest.mark.parametrize(("source", "text", "value", "kind"), [
    ("增至12亿美元", "12亿", "1200000000", Kind.NUMBER),
    ("约三千万人", "三千万", "30000000", Kind.NUMBER),
    ("1.2万户", "1.2万", "12000", Kind.NUMBER),
    ("3.14159万", "3.14159万", "31415.9", Kind.NUMBER),
    ("两百所", "两百", "200", Kind.NUMBER),
    ("收入１２亿元", "１２亿", "1200000000", Kind.NUMBER),
    ("共32,000人", "32,000", "32000", Kind.NUMBER),
    ("增长百分之三点五", "三点五", "3.5", Kind.PERCENT),
    ("上涨3.5%", "3.5", "3.5", Kind.PERCENT),
    ("上升3个百分点", "3", "3", Kind.PERCENT),
    ("6成是男性", "6", "60", Kind.PERCENT),
    ("二〇二一年", "二〇二一", "2021", Kind.YEAR),
    ("2021年", "2021", "2021", Kind.YEAR),
    ("工作35年", "35", "35", Kind.NUMBER),
    ("7月", "7", "7", Kind.MONTH),
    ("11日", "11", "11", Kind.DAY),
    ("十九大", "十九", "19", Kind.NUMBER),
    ("五十人が参加", "五十", "50", Kind.NUMBER),
    ("八十岁", "八十", "80", Kind.NUMBER),
    ("三千多名", "三千", "3000", Kind.NUMBER),
    ("3만 명", "3만", "30000", Kind.NUMBER),
    ("1억 2천만 원", "1억 2천만", "120000000", Kind.NUMBER),
    ("5조 원", "5조", "5000000000000", Kind.NUMBER),
    ("3.5퍼센트", "3.5", "3.5", Kind.PERCENT),
    ("2021년", "2021", "2021", Kind.YEAR),
    ("7월 11일", "11", "11", Kind.DAY),
    ("12億円", "12億", "1200000000", Kind.NUMBER),
])
def test_a_source_number_is_read_as_its_value(source, text, value, kind):
    found: dict[str, object] = {}
    for item in source_quantities(source):
        found.setdefault(item.text, item)  # its first reading: a span of years is also read as one (below)
    assert found[text].values == {Decimal(value)} and found[text].kind is kind and found[text].definite


@pytest.mark.parametrize("source, months", [
    ("工作35年", 420), ("징역 3년을 선고받았다", 36), ("5年ぶりの開催", 60), ("1年半ぶり", 18), ("三年来", 36),
    ("未來5年內", 60),
])
def test_a_count_of_years_is_also_a_span_of_years(source, months):
    spans = [item for item in source_quantities(source) if item.kind is Kind.DURATION]
    assert [item.values for item in spans] == [{Decimal(months)}]


@pytest.mark.parametrize("source", ["2021年", "3年生", "26年度", "90年代", "3年目", "3년째", "三年级", "第3年", "'25년",
                                    "1년", "十几年", "10여 년", "令和3年"])
def test_a_year_a_grade_or_an_estimate_is_no_span_of_years(source):
    assert not [item for item in source_quantities(source) if item.kind is Kind.DURATION]


@pytest.mark.parametrize("source", ["一带一路", "十四五规划", "三八妇女节", "一些人", "一起", "一直", "统一",
                                    "千万不要", "万一", "成千上万", "九一八", "登陆", "收拾", "五十嵐亮太教授",
                                    "十六銀行", "八十二銀行", "十八洞村", "九十九里浜", "三十三間堂", "四十八願寺"])
def test_numerals_in_idioms_and_names_are_not_numbers_to_report(source):
    assert not [item for item in source_quantities(source) if item.definite]


@pytest.mark.parametrize("source", ["第三", "两位", "十几个", "数十万", "几十", "下午5时", "19时54分", "1美元",
                                    "增长2倍", "三分之一", "千分之五", "G20峰会", "5G网络", "90后", "5兆美元"])
def test_numbers_said_other_ways_are_only_matched_never_reported(source):
    found = source_quantities(source)
    assert found and not [item for item in found if item.definite]


def test_a_chinese_zhao_keeps_both_readings_and_the_afternoon_its_hours():
    assert _read(source_quantities("5兆美元"))[0][1] == [Decimal(5000000), Decimal(5 * 10**12)]
    assert _read(source_quantities("下午5时"))[0][1] == [17]  # the afternoon's hour is on the afternoon's side
    assert _read(source_quantities("上午5时"))[0][1] == [5]
    assert _read(source_quantities("5시에"))[0][1] == [5, 17]  # a bare hour may be either: copy leaves the half out


@pytest.mark.parametrize(("target", "text", "value", "kind", "definite"), [
    ("rose to 1.2 billion dollars", "1.2 billion", "1200000000", Kind.NUMBER, True),
    ("120 million", "120 million", "120000000", Kind.NUMBER, True),
    ("$1.2bn", "1.2bn", "1200000000", Kind.NUMBER, True),
    ("a 50K award", "50K", "50000", Kind.NUMBER, True),
    ("$3m", "3m", "3000000", Kind.NUMBER, True),
    ("150,000 euros", "150,000", "150000", Kind.NUMBER, True),
    ("3.5 percent", "3.5", "3.5", Kind.PERCENT, True),
    ("3.5 per cent", "3.5", "3.5", Kind.PERCENT, True),
    ("3 percentage points", "3", "3", Kind.PERCENT, True),
    ("a 35-year-old", "35", "35", Kind.NUMBER, True),
    ("in 2021", "2021", "2021", Kind.YEAR, True),
    ("two hundred and fifty people", "two hundred and fifty", "250", Kind.NUMBER, True),
    ("half a million", "half a million", "500000", Kind.NUMBER, True),
    ("twelve", "twelve", "12", Kind.NUMBER, False),
    ("a dozen", "a dozen", "12", Kind.NUMBER, False),
    ("the third", "third", "3", Kind.ORDINAL, False),
    ("the 21st", "21st", "21", Kind.ORDINAL, False),
    ("twenty-first", "twenty-first", "21", Kind.ORDINAL, False),
    ("in July", "July", "7", Kind.MONTH, False),
    # a month and its day are a date, written one way: a changed one is a day or month the source does not give
    ("on July 11", "July", "7", Kind.MONTH, True),
    ("on July 11", "11", "11", Kind.DAY, True),
    ("on Jul. 11, 2024", "11", "11", Kind.DAY, True),
    ("on 11 July", "11", "11", Kind.DAY, True),
    ("the 11th of July", "11th", "11", Kind.DAY, True),
    ("in July 2024", "2024", "2024", Kind.YEAR, True),
    ("on July 11 million", "11 million", "11000000", Kind.NUMBER, True),
    ("gives him 3 1/2 years", "3 1/2", "3.5", Kind.NUMBER, True),
    ("gives him 3 1/2 years", "3 1/2 years", "42", Kind.DURATION, False),
    ("for 2\u00bd hours", "2\u00bd hours", "150", Kind.DURATION, False),
    ("up 1-3/4 points", "1-3/4", "1.75", Kind.NUMBER, True),
])
def test_an_english_number_is_read_as_its_value(target, text, value, kind, definite):
    found = {item.text: item for item in target_quantities(target)}
    assert found[text].values == {Decimal(value)} and found[text].kind is kind and found[text].definite is definite


def test_plural_scale_words_are_not_numbers_and_relative_dates_are_found():
    assert not target_quantities("hundreds of people and thousands of others")
    kinds = [item.kind for item in target_quantities("Last year, on Monday, the same day")]
    assert kinds == [Kind.RELATIVE_YEAR, Kind.RELATIVE_DAY, Kind.RELATIVE_DAY]
    assert _read(target_quantities("3m high"))[0][1] == [3, 3000000]  # metres or millions
    assert [item.text for item in target_quantities("at 5:00 p.m.")] == ["5:00 p.m."]
    # A mixed number's digits are no numbers of their own, and a number before or after it is read as ever
    assert [item.text for item in target_quantities("at 7:30 a.m., 3 1/2 hours on, 1/2 of 2024 1/4")] == [
        "7:30 a.m.", "3 1/2", "3 1/2 hours", "1", "2", "2024", "1", "4"]
    assert [item.text for item in target_quantities("on 11/2, 3 3/2")] == ["11", "2", "3", "3", "2"]  # no halves


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("12亿", "120 million", "magnitude"),
    ("3万", "3,000", "magnitude"),
    ("3.5%", "35 percent", "magnitude"),
    ("6.9961", "6.9916", "digits"),
    ("2019年", "2018", "digits"),
    ("320000", "330000", "digits"),
    ("12", "15", ""),  # two digits: another number, not a slip
    ("100", "200", ""),  # one significant digit
    ("3", "30", ""),  # too small to tell
    ("2020年", "202", ""),
    ("3.5%", "35", ""),  # a percentage and a count
])
def test_changed_numbers_are_a_power_of_ten_or_a_digit_apart(source, target, expected):
    assert relation(source_quantities(source)[0], target_quantities(target)[0]) == expected


@pytest.mark.parametrize(("value", "model", "written"), [
    ("1200000000", "120 million", "1.2 billion"),
    ("1200000000", "$120m", "1.2bn"),
    ("12000", "1,200", "12,000"),
    ("3.5", "35", "3.5"),
    ("2019", "2018", "2019"),
])
def test_a_correction_is_written_like_the_number_it_replaces(value, model, written):
    assert written_like(Decimal(value), target_quantities(model)[0]) == written


def test_missing_only_when_the_segment_answers_otherwise_and_nothing_else_could_render_it():
    sources = source_quantities("出口额为12亿美元，进口额为8亿美元。")
    assert [type(result) for result in compare(sources, target_quantities("Exports were $1.2 billion."))] == [Missing]
    assert compare(sources, target_quantities("Trade grew.")) == []  # the whole sentence dropped: another problem
    assert compare(sources, target_quantities("Exports were $1.2 billion, imports 9 units.")) == []


def test_a_changed_number_needs_one_candidate():
    sources = source_quantities("出口额为12亿美元。")
    assert [type(result) for result in compare(sources, target_quantities("Exports: 120 million"))] == [Changed]
    assert compare(sources, target_quantities("Exports: 120 million or 12 billion")) == []


def _check(source: str, target: str):
    document = Document(id="a", target=target, source=source)
    return document, list(check_numbers(CheckContext(document, CompiledGlossary(Glossary(entries=())),
                                                     CheckSettings())))


def test_findings_carry_the_segment_and_the_source_number():
    document, findings = _check("贸易数据\n出口额增至12亿美元。\n进口额为8亿美元，出口额12亿美元。",
                                "Trade figures\nExports rose to 120 million dollars.\nExports were $1.2 billion.")
    changed, missing = findings
    assert (changed.text, changed.suggestion, changed.segment) == ("120 million", "1.2 billion", "2")
    assert document.source[changed.source_span.start:changed.source_span.end] == "12亿"
    assert "12亿" in changed.message and "magnitude" in changed.message
    assert (missing.text, missing.segment, missing.suggestion) == ("Exports were $1.2 billion.", "3", None)
    assert document.source[missing.source_span.start:missing.source_span.end] == "8亿"


def test_without_segments_the_article_is_compared_as_a_whole():
    document, findings = _check("出口额增至12亿美元。", "Exports rose to 120 million dollars.")
    assert [(finding.text, finding.segment) for finding in findings] == [("120 million", None)]


@pytest.mark.parametrize(("source", "target", "flagged"), [
    ("物价上涨了3.8%。", "Prices rose 4.5 percent.", ("4.5", "3.8")),
    ("韩国进行了第37次演习。", "South Korea held its 27th drill.", ("27th", "37th")),
    ("실업률은 3.1%로 집계됐다.", "The jobless rate came to 2.4 percent.", ("2.4", "3.1")),
    ("総理は3月5日に演説した。", "The prime minister spoke on March 6.", ("6", "5")),
])
def test_an_article_of_one_line_each_is_a_line_and_its_translation(source, target, flagged):
    """One line on each side is as aligned as a segment of a longer article: the one number left over on each side
    is that number changed, as in a segment."""
    _, findings = _check(source, target)
    assert [(finding.text, finding.suggestion) for finding in findings] == [flagged]


@pytest.mark.parametrize(("source", "target"), [
    ("物价上涨了3.8%。", "Prices rose 3.8 percent."),
    ("総理は3月5日に演説した。", "The prime minister spoke on Thursday."),
    # two numbers left over on one side: which of them renders the source's is not known
    ("物价上涨了3.8%。", "Prices rose 4.5 percent, against 2.9 percent a year earlier."),
    # the lines of a paragraph against one line are not a line and its translation
    ("物价上涨了3.8%。\n\n工资增长了1.2%。", "Prices rose 4.5 percent, while wages grew."),
])
def test_an_article_of_one_line_each_is_not_flagged_where_its_numbers_agree_or_cannot_be_paired(source, target):
    assert list(_check(source, target)[1]) == []


def test_a_day_and_a_year_are_described_in_plain_digits():
    # Values are normalised decimals: a day 10 was described as "day 1E+1 of the month".
    [day] = _check("总理10日作了报告。", "The premier reported on Oct. 11.")[1]
    assert "(day 10 of the month)" in day.message and day.suggestion == "10"
    [year] = _check("2020年经济增长了2.3%。", "In 2021, the economy grew 2.3 percent.")[1]
    assert "(the year 2020)" in year.message


def test_control_characters_from_the_input_are_shown_escaped():
    _, findings = _check("出口额增至12亿美元。\x1b", "Exports rose to 120 million dollars.")
    assert "\x1b" not in findings[0].message


_VALUES = st.one_of(st.integers(0, 99_999), st.decimals(min_value=0, max_value=10_000, places=3,
                                                        allow_nan=False, allow_infinity=False))
_KINDS = st.sampled_from([Kind.NUMBER, Kind.YEAR, Kind.PERCENT, Kind.DAY])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_VALUES, _KINDS), min_size=1, max_size=12),
       st.lists(st.tuples(_VALUES, _KINDS), max_size=12))
def test_related_targets_are_looked_up_as_trying_every_target_finds_them(sources, targets):
    # The look-up replaced trying every pair, whose cost grew with the square of a segment's numbers.
    from mtqa.numbers.compare import _Related
    from mtqa.numbers.quantity import quantity

    def made(values):
        return [quantity("x" * 99, n, n + 1, [value], kind, True) for n, (value, kind) in enumerate(values)]

    source_numbers, target_numbers = made(sources), made(targets)
    related = _Related(target_numbers)
    for source in source_numbers:
        assert related.to(source) == [target for target in target_numbers if relation(source, target)]


def test_a_segment_of_thousands_of_numbers_pairs_each_changed_number_with_its_own():
    # 3,000 numbers a side on one line took 147 s (every source tried against every target); now about a second.
    from mtqa.numbers.quantity import quantity

    sources = [quantity("x", 0, 1, [n * 1000 + 7], Kind.NUMBER, True) for n in range(1, 3001)]
    targets = [quantity("x", 0, 1, [n * 1000 + 3], Kind.NUMBER, True) for n in range(1, 3001)]
    found = compare(sources, targets)
    assert all(isinstance(each, Changed) and each.relation == "digits" for each in found)
    assert [each.source.value - each.target.value for each in found] == [4] * 3000


def test_numbers_of_more_than_28_digits_are_a_power_of_ten_apart_only_when_their_digits_are_the_same():
    # Dividing at Decimal's 28 digits of precision rounded 99.999...9 / 1000 into a power of ten.
    from mtqa.numbers.compare import _Related
    from mtqa.numbers.quantity import quantity

    source = quantity("x" * 9, 0, 1, ["99.99999999999999999999999999"], Kind.NUMBER, True)
    rounded, exact = (quantity("x" * 9, 5, 6, [value], Kind.NUMBER, True)
                      for value in ("1000", "9999.999999999999999999999999"))
    assert relation(source, rounded) == "" and relation(source, exact) == "magnitude"
    assert _Related([rounded, exact]).to(source) == [exact]


def test_a_number_of_thousands_of_digits_is_compared_at_a_cost_in_proportion_to_its_length():
    # Each look-up key for a slipped or swapped digit copied the whole number: 40,000 digits took 3 GB.
    from mtqa.numbers.compare import _Related, _relation_keys
    from mtqa.numbers.quantity import quantity

    def number(digits: str, start: int = 0):
        return quantity("x" * 9, start, start + 1, [digits], Kind.NUMBER, True)

    long_source, slipped, tenfold = number("12" * 1000), number("12" * 999 + "13", 5), number("12" * 1000 + "0", 7)
    assert sum(len(key[2]) for key in _relation_keys(slipped)) <= 2 * 2000  # the digits held about once
    assert _Related([slipped, tenfold]).to(long_source) == [tenfold]  # a power of ten apart is still found
    within = "1" * 20  # the figures the news prints keep their digit slips
    assert relation(number(within + "2"), number(within + "3")) == "digits"


@pytest.mark.parametrize(("text", "value"), [
    ("A half-dozen people were hurt.", Decimal(6)), ("half a decade ago", None), ("half dozen decades", None),
    ("half one", None), ("half hundred", None), ("half a million", Decimal(500_000)),
])
def test_half_before_any_number_word_is_read_without_failing(text, value):
    # "half" was taken to start "half a million" whatever followed it: "a half-dozen" stopped the run (IndexError).
    found = target_quantities(text)
    assert found
    if value is not None:
        assert value in found[0].values


def test_a_rounded_figure_a_magnitude_off_is_said_to_be_divided_by_a_power_of_ten():
    from mtqa.glossary.compile import CompiledGlossary
    from mtqa.glossary.model import Glossary
    from mtqa.pipeline import check_batch

    document = Document(id="a", target="GDP was 10.15 trillion yuan.\nThe weather was clear.",
                        source="GDP为1015036亿元。\n天气晴朗。")
    findings = check_batch([document], CompiledGlossary(Glossary(entries=()))).findings
    assert [f.message.split(": ", 1)[1] for f in findings] == ["a magnitude dropped (divided by 10)."]


@pytest.mark.parametrize(("source", "target", "found"), [
    ("增长100元。", "It grew by 1" + "0" * 400 + " yuan.", "a magnitude added (multiplied by 100" + ",000" * 132 + ")"),
    ("增长1" + "亿" * 45 + "元。", "It grew by 1 million yuan.", None),
    ("增长1" + "亿" * 20000 + "元。", "It grew by 1 million yuan.", None),
    ("出口额增至12亿美元。", "Exports rose to " + "hundred " * 20000 + "dollars.", None),
])
def test_absurd_figures_are_read_without_failing(source, target, found):
    """A figure of hundreds of digits or scale words is compared in decimals, not floats that overflow; a run of
    thousands of scale words is no number; a run of number words is read a number's length at a time."""
    _, findings = _check(source, target)
    messages = [finding.message for finding in findings]
    assert (found in messages[0]) if found else not any("magnitude" in message for message in messages)


def test_number_words_are_read_in_time_in_proportion_to_their_length():
    short, long = "hundred " * 5000, "hundred " * 20000
    assert max(len(target_quantities(long)), 1) >= 3 * len(target_quantities(short))
    assert all(len(item.text.split()) <= 16 for item in target_quantities(long))
