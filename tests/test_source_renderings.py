"""Source names without a glossary, paired with their renderings in the aligned target by reading."""

from __future__ import annotations

import pytest

from mtqa.alignment import aligned_segments
from mtqa.entities.source_renderings import reads_as, source_name_renderings
from mtqa.model import Document


def renderings(source: str, target: str) -> list[tuple[str, str, str]]:
    document = Document("a", target, source)
    found = source_name_renderings(document, aligned_segments(document))
    for item in found:
        assert document.target[item.span.start:item.span.end] == item.text
        assert document.source[item.source_span.start:item.source_span.end] == item.source
    return [(item.source, item.text, item.kind) for item in found]


@pytest.mark.parametrize("rendering", ["Zhang Jike", "Zhang Ji-ke", "ZHANG Jike", "Jike Zhang", "Zhang Ji Ke"])
def test_a_chinese_name_is_read_however_it_is_spaced_cased_or_ordered(rendering):
    assert renderings("标题\n张继科获胜。", f"Headline\n{rendering} won.") == [("张继科", rendering, "person")]


@pytest.mark.parametrize("rendering", ["Yoon Suk-yeol", "Yun Seok-yeol", "Yoon Suk Yeol", "Lee Jae-myung"])
def test_a_korean_name_is_read_in_any_usual_romanisation(rendering):
    source = "이재명" if rendering.startswith("Lee") else "윤석열"
    assert renderings(f"제목\n{source} 대통령은 말했다.", f"Title\nPresident {rendering} said.") == [
        (source, rendering, "person")]


def test_heteronyms_count_as_readings():
    # 曾 reads zeng as a family name, ceng as a word; 单 reads shan as a family name.
    assert renderings("一\n曾国藩和单田芳", "One\nZeng Guofan and Shan Tianfang") == [
        ("曾国藩", "Zeng Guofan", "person"), ("单田芳", "Shan Tianfang", "person")]


def test_a_name_the_target_does_not_read_is_no_source_name():
    # "Zhang Jilin" is a misspelling, "Colin" no reading: neither confirms 张继科 (the batch check finds those).
    assert renderings("一\n张继科获胜。", "One\nZhang Jilin won.") == []
    assert renderings("一\n张继科获胜。", "One\nZhang won, said Colin.") == []


def test_the_longest_name_read_wins_and_a_target_run_renders_one_name():
    assert renderings("一\n张继科和林小宅", "One\nZhang Jike and Lin Xiaozhai") == [
        ("张继科", "Zhang Jike", "person"), ("林小宅", "Lin Xiaozhai", "person")]
    # Only a shorter name is read: the rendering cut short names it.
    assert renderings("一\n张继科林小宅", "One\nZhang Ji Colin") == [("张继", "Zhang Ji", "person")]


def test_places_keep_the_segmenters_kind_and_common_words_are_no_names():
    assert renderings("一\n成都市长王毅说", "One\nChengdu mayor Wang Yi said") == [
        ("成都", "Chengdu", "place"), ("王毅", "Wang Yi", "person")]
    assert renderings("一\n他向中国人民致意", "One\nHe Greeted the People of China") == []


def test_without_a_source_or_alignment_there_is_nothing_to_pair():
    assert renderings("", "Zhang Jike won.") == []
    assert renderings("张继科获胜。", "Zhang Jike won.\nAgain.") == []  # one line against two: not aligned


@pytest.mark.parametrize(("name", "units", "expected"), [
    ("习近平", ("xi", "jinping"), True),
    ("习近平", ("xi", "jingping"), False),
    ("汪洋", ("wang", "yong"), False),
    ("朴槿惠", ("park", "geun", "hye"), False),  # Chinese characters are read in Mandarin only
    ("박근혜", ("park", "geun", "hye"), True),
    ("湖南", ("hunan",), True),
    ("湖南", ("nan", "hu"), False),
])
def test_reads_as(name, units, expected):
    kind = "place" if name == "湖南" else "person"
    assert reads_as(name, units, kind) is expected


_SURNAMES = dict(zip("王李张刘陈杨黄赵周吴", "Wang Li Zhang Liu Chen Yang Huang Zhao Zhou Wu".split(), strict=True))
_GIVEN = dict(zip("伟强明华军平刚杰涛斌辉鹏宇浩凯",
                  "Wei Qiang Ming Hua Jun Ping Gang Jie Tao Bin Hui Peng Yu Hao Kai".split(), strict=True))
_SPELT = _SURNAMES | _GIVEN


def _one_segment_naming(count: int, given_first_every: int = 0) -> Document:
    source, target = [], []
    for n in range(count):
        family, first, second = list(_SURNAMES)[n % 10], list(_GIVEN)[n // 10 % 15], list(_GIVEN)[n // 150 % 15]
        given = _SPELT[first] + _SPELT[second].lower()
        written = f"{given} {_SPELT[family]}" if given_first_every and n % given_first_every == 0 else \
            f"{_SPELT[family]} {given}"
        source.append(f"{family}{first}{second}说。")
        target.append(f"{written} said.")
    # A second line: source and target are then paired line by line, the first line one long segment.
    return Document(id="a", source="".join(source) + "\n完。", target=" ".join(target) + "\nEnd.")


def test_a_name_is_tested_only_against_runs_that_open_with_a_reading_of_it_and_finds_what_every_run_finds():
    # Tested against every distinct run, a segment naming thousands of people cost names x runs.
    from mtqa.entities.names import candidate_spans
    from mtqa.entities.source_renderings import _Readers, _reads_as

    document = _one_segment_naming(600, given_first_every=3)
    readers = _Readers(candidate_spans(document.target))
    for name in {document.source[start:start + 3] for start in range(0, len(document.source), 4)}:
        for kind in ("person", "place"):
            everywhere = [units for units in readers._groups if _reads_as(name, units, kind)]
            assert [units for units in readers._openings_of(name) if _reads_as(name, units, kind)] == everywhere


def test_a_segment_naming_thousands_of_people_reads_each_name():
    # 18 GB for a 55,000-character segment (a cached closure per name tried, each a reference cycle kept while
    # the collector was paused), and minutes of comparisons.
    document = _one_segment_naming(3000)
    found = source_name_renderings(document, aligned_segments(document))
    assert len(found) == 3000 and all(each.text.split()[0] == _SPELT[each.source[0]] for each in found)


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("노무현 전 대통령이 말했다.", "Former President Roh Moo-hyun spoke.", [("노무현", "Roh Moo-hyun", "person")]),
    ("노회찬 의원이 말했다.", "Lawmaker Noh Hoe-chan spoke.", [("노회찬", "Noh Hoe-chan", "person")]),
    ("노동당 대회가 열렸다.", "The Workers' Party congress opened.", []),
    ("노력이 필요하다.", "Effort is needed.", []),
])
def test_a_source_word_that_starts_with_a_family_name_spelt_no_is_read(source, target, expected):
    # 노 is spelt "no" among others, which the surname list's YAML read as false: every such article stopped the run.
    assert renderings(f"제목\n{source}", f"Title\n{target}") == expected


def test_every_korean_family_name_spelling_is_text():
    from mtqa.entities.source_renderings import korean_surnames

    spellings = [spelling for spellings in korean_surnames().values() for spelling in spellings]
    assert spellings and all(isinstance(spelling, str) and spelling.isalpha() for spelling in spellings)
    assert "no" in korean_surnames()["노"]


@pytest.mark.parametrize(("source", "rendering"), [
    ("박정희", "Park Chung-hee"), ("김우진", "Kim Woo-jin"), ("최선희", "Choi Sun-hee"), ("이회창", "Lee Hoi-chang")])
def test_a_korean_name_is_read_in_the_spelling_its_bearers_use(source, rendering):
    # Vowels spelt as personal names spell them, which neither romanisation system does: 희 hee, 우 woo, 회 hoi.
    assert renderings(f"제목\n{source} 씨가 말했다.", f"Title\n{rendering} said.") == [(source, rendering, "person")]
