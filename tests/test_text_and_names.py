"""Offset-preserving views, word boundaries, candidate names and the same-name test."""

from __future__ import annotations

import pytest
import regex

from mtqa.entities.names import candidate_spans, near_miss_score
from mtqa.entities.wade_giles import name_in_pinyin, pinyin_readings
from mtqa.text import FoldedText, LineIndex, name_key


@pytest.mark.parametrize(
    "text",
    ["Yoon  Suk\r\nYeol\u2019s", "\u0130stanbul and Yoon\u00a0Suk Yeol", "plain text, no change", "a\u2014b   c"],
)
def test_folded_view_maps_back_to_original_offsets(text):
    folded = FoldedText(text)
    words = list(regex.finditer(r"\S+(?: \S+)?", folded.folded))
    assert words
    for word in words:
        start, end = folded.to_original(*word.span())
        assert " ".join(FoldedText(text[start:end]).folded.split()) == word.group()


def test_word_boundaries_next_to_cjk_and_punctuation():
    folded = FoldedText("受害者job labor（徵用工）and jobs")
    start = folded.folded.index("job labor")
    assert folded.at_word_boundaries(start, start + len("job labor"))
    jobs = folded.folded.index("jobs")
    assert not folded.at_word_boundaries(jobs, jobs + 3)


def test_name_key_ignores_case_spacing_hyphens_and_possessive():
    assert name_key("Yoon Suk-yeol\u2019s") == name_key("yoon suk yeol") == "yoonsukyeol"


def test_line_index_counts_code_points_and_crlf():
    text = "第一行\r\n二 Yoon"
    assert LineIndex(text).line_col(text.index("Yoon")) == (2, 3)


def test_line_index_counts_a_lone_cr_as_a_line_end():
    text = "One.\rTwo.\r\rThree Yoon\r\nFour\nFive Kim"
    index = LineIndex(text)
    assert index.line_col(text.index("Yoon")) == (4, 7)
    assert index.line_col(text.index("Kim")) == (6, 6)


def test_candidates_cross_one_line_break_but_not_punctuation():
    texts = [c.text for c in candidate_spans("Li\nKeqiang met Wang. Yi left")]
    assert "Li\nKeqiang" in texts
    assert "Wang. Yi" not in texts and "Wang Yi" not in texts


@pytest.mark.parametrize(
    ("candidate", "form"),
    [("Yoon Suk-yue", "Yoon Suk Yeol"), ("Cho Jung-dai", "Cho Jung-tai"), ("Li Keqing", "Li Keqiang"),
     ("Kim Jung Un", "Kim Jong Un"), ("Moon Jaein", "Moon Jae-in"), ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
     ("Xi Jingping", "Xi Jinping"), ("Weisel County", "Weiser County")],
)
def test_same_name_misspelt(candidate, form):
    assert near_miss_score(candidate, form, 80) is not None


@pytest.mark.parametrize(
    ("candidate", "form"),
    [("Moon Jae-in", "Yoon Suk Yeol"), ("Kim Yo Jong", "Kim Jong Un"), ("Li Qiang", "Li Keqiang"),
     ("Wang Yang", "Wang Yi"), ("Kim Jong Il", "Kim Jong Un"), ("Lee Jae-yong", "Lee Jae-myung"),
     ("South Korean", "South Korea"), ("North Korea", "South Korea"), ("Yun Xiyue", "Yoon Suk Yeol"),
     ("Yanchuan Budui", "Yanan Budui"), ("Weatherall City", "Weatherall County"), ("Hwasong-15", "Hwasong-17"),
     ("Level III", "Level II"), ("Xinhuanet", "Xinhua"), ("Spanish Foreign Minister", "Spanish Foreign Ministry")],
)
def test_different_names_are_not_near_misses(candidate, form):
    assert near_miss_score(candidate, form, 80) is None


@pytest.mark.parametrize(("syllable", "readings"), [
    ("chieh", ("jie", "qie")), ("hsiao", ("xiao",)), ("tzu", ("zi", "ci")), ("ssu", ("si",)), ("yen", ("yan",)),
    ("kuo", ("guo", "kuo")), ("jen", ("ren",)), ("chih", ("zhi", "ji", "chi", "qi")), ("lien", ("lian",)),
    ("kobari", ()), ("jae", ()),
])
def test_a_wade_giles_syllable_reads_as_the_pinyin_syllables_it_writes(syllable, readings):
    assert pinyin_readings(syllable) == readings


def test_a_name_reads_in_pinyin_only_where_a_part_is_written_as_only_wade_giles_writes_it():
    assert name_in_pinyin(("liang", "wen", "chieh")) == ["liangwenjie", "liangwenqie"]
    assert "zhufenglian" in name_in_pinyin(("chu", "feng", "lien"))  # chu: pinyin's too, read both ways
    assert name_in_pinyin(("li", "qiang")) is None  # all pinyin: no other system's
    assert name_in_pinyin(("kim", "jae", "myung")) is None  # a Korean name: no Wade-Giles reading of jae


def test_the_quick_look_for_invisible_characters_misses_none_the_rule_knows():
    """Articles without a candidate character are passed over by the standard engine's search: it must hold every
    character the hidden-character rule reports, or one would go unseen."""
    from mtqa.checks.hidden_characters import _INVISIBLE_CHARACTER, MAY_BE_INVISIBLE

    missed = [f"U+{code:04X}" for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF
              and _INVISIBLE_CHARACTER.match(chr(code)) and not MAY_BE_INVISIBLE.match(chr(code))]
    assert missed == []
