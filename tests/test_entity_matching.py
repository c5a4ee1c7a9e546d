"""The entity matcher: which listed forms name their entry where they stand, and which entries a source names."""

from __future__ import annotations

import pytest

from conftest import compile_entries
from mtqa.checks import CheckContext, CheckSettings
from mtqa.model import Document
from mtqa.pipeline import check_batch

GLOSSARY = [
    {"id": "cna", "type": "media", "canonical": "Central News Agency", "acronym": "CNA",
     "sources": {"zh-Hant": "中央社"}},
    {"id": "cho-hyun", "type": "person", "canonical": "Cho Hyun", "allowed": ["Foreign Minister Cho"],
     "sources": {"ko": "조현"}},
    {"id": "lai-ching-te", "type": "person", "canonical": "Lai Ching-te", "allowed": ["Lai", "President Lai"],
     "sources": {"zh-Hant": "賴清德"}},
    {"id": "moon-jae-in", "type": "person", "canonical": "Moon Jae-in", "allowed": ["Moon", "President Moon"],
     "sources": {"ko": "문재인"}},
    {"id": "lee-jae-myung", "type": "person", "canonical": "Lee Jae-myung", "allowed": ["President Lee"],
     "sources": {"ko": "이재명"}},
    {"id": "lee-myung-bak", "type": "person", "canonical": "Lee Myung-bak", "sources": {"ko": "이명박"}},
    {"id": "lee-nak-yon", "type": "person", "canonical": "Lee Nak-yon", "allowed": ["Lee"],
     "sources": {"ko": "이낙연"}},
    {"id": "shinjiro-koizumi", "type": "person", "canonical": "Shinjiro Koizumi", "allowed": ["Koizumi"],
     "sources": {"ja": "小泉進次郎"}},
    {"id": "dpk", "type": "party", "canonical": "Democratic Party of Korea", "allowed": ["Democratic Party"]},
    {"id": "ccp", "type": "party", "canonical": "Chinese Communist Party", "allowed": ["Communist Party"]},
    {"id": "south-korea", "type": "place", "canonical": "South Korea", "sources": {"zh-Hant": "韓國", "ko": "한국"}},
    {"id": "pyongyang", "type": "place", "canonical": "Pyongyang", "sources": {"ko": "평양", "zh-Hans": "平壤"}},
    {"id": "han-zheng", "type": "person", "canonical": "Han Zheng", "sources": {"zh-Hans": "韩正"}},
    {"id": "li-qiang", "type": "person", "canonical": "Li Qiang", "sources": {"zh-Hans": "李强"}},
    {"id": "south-china-sea", "type": "place", "canonical": "South China Sea", "sources": {"zh-Hans": "南海"}},
    {"id": "sea-of-japan", "type": "place", "canonical": "Sea of Japan",
     "sources": {"zh-Hans": "日本海", "ko": "동해"}},
    {"id": "north-korea", "type": "place", "canonical": "North Korea", "sources": {"zh-Hans": "朝鲜", "ko": "북한"}},
    {"id": "japan-coast-guard", "type": "agency", "canonical": "Japan Coast Guard",
     "sources": {"zh-Hans": "日本海上保安厅"}},
    {"id": "cho-kuk", "type": "person", "canonical": "Cho Kuk", "sources": {"ko": "조국"}},
    {"id": "wang-yang", "type": "person", "canonical": "Wang Yang", "sources": {"zh-Hans": "汪洋"}},
    {"id": "national-assembly", "type": "legislature", "canonical": "National Assembly",
     "sources": {"zh-Hans": "国会"}},
    {"id": "diet", "type": "legislature", "canonical": "National Diet", "sources": {"zh-Hans": "国会"}},
]


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):
    return compile_entries(GLOSSARY, tmp_path_factory.mktemp("glossary"))


def mentions(glossary, text: str) -> list[tuple[str, str]]:
    context = CheckContext(Document(id="t", target=text), glossary, CheckSettings())
    return [(m.text, m.entry.id) for m in context.mentions]


@pytest.mark.parametrize(("text", "expected"), [
    # A listed form inside a longer name is that longer name, not the entry.
    ("The Korea Central News Agency said, citing the Central News Agency.",
     [("Central News Agency", "cna")]),
    ("Chief Justice Cho Hyun-dong met Foreign Minister Cho Hyun.", [("Cho Hyun", "cho-hyun")]),
    ("Cho Hyun Dong, a judge, met Cho Hyun.", [("Cho Hyun", "cho-hyun")]),
    ("The Japanese Communist Party and the Chinese Communist Party disagreed.",
     [("Chinese Communist Party", "ccp")]),
    ("The U.S. Democratic Party and the Democratic Party of Japan sent delegates.", []),
    # Titles, nationality words and sentence starters stand before a name without making it longer.
    ("South Korean President Moon Jae-in spoke. Yesterday Moon Jae-in left.",
     [("Moon Jae-in", "moon-jae-in"), ("Moon Jae-in", "moon-jae-in")]),
    ("Taipei-based Central News Agency reported it.", [("Central News Agency", "cna")]),
    # A headline in title case capitalises every word: none of them makes a name longer.
    ("Lai Ching-te Meets Foreign Minister Cho Hyun\nLai Ching-te met Cho Hyun on Monday.",
     [("Lai Ching-te", "lai-ching-te"), ("Cho Hyun", "cho-hyun"), ("Lai Ching-te", "lai-ching-te"),
      ("Cho Hyun", "cho-hyun")]),
    # A short form attaches only to an entity the article introduces, before or after.
    ("Lai said nothing.", []),
    ("Lai said nothing. Later, President Lai Ching-te spoke.",
     [("Lai", "lai-ching-te"), ("Lai Ching-te", "lai-ching-te")]),
    ("The Communist Party met in Beijing.", []),
    ("The Chinese Communist Party met. The Communist Party said...",
     [("Chinese Communist Party", "ccp"), ("Communist Party", "ccp")]),
    # ... and only when nobody else in the article has that short form.
    ("Lai Ching-te spoke. Jimmy Lai was jailed. Lai said nothing.", [("Lai Ching-te", "lai-ching-te")]),
    ("Moon Jae-in met Speaker Moon Hee-sang. Moon said...", [("Moon Jae-in", "moon-jae-in")]),
    ("Shinjiro Koizumi cited Junichiro Koizumi. Koizumi said...", [("Shinjiro Koizumi", "shinjiro-koizumi")]),
    ("Lee Jae-myung met Lee Myung-bak. President Lee said...",
     [("Lee Jae-myung", "lee-jae-myung"), ("Lee Myung-bak", "lee-myung-bak")]),
    ("The Democratic Party of Korea and the U.S. Democratic Party met. The Democratic Party said...",
     [("Democratic Party of Korea", "dpk")]),
    # A short form never swallows a longer name.
    ("President Lee Jae-myung spoke. President Lee said...",
     [("Lee Jae-myung", "lee-jae-myung"), ("President Lee", "lee-jae-myung")]),
    ("Moon Jae-in and Moon said...", [("Moon Jae-in", "moon-jae-in"), ("Moon", "moon-jae-in")]),
])
def test_listed_forms_name_their_entry_only_where_they_stand_for_it(glossary, text, expected):
    assert mentions(glossary, text) == expected


def test_a_bare_surname_does_not_hide_another_persons_misspelt_name(glossary):
    """"Lee" is a short form of Lee Nak-yon here; it must not swallow a misspelt Lee Jae-myung."""
    text = "Lee Nak-yon met Lee Jae-myeong on Monday. Lee said the talks went well."
    report = check_batch([Document(id="t", target=text)], glossary)
    assert [(f.rule, f.text, f.suggestion) for f in report.findings] == [
        ("MTQ101", "Lee Jae-myeong", "Lee Jae-myung")]


def test_short_form_does_not_hide_a_misspelt_full_name(glossary):
    found = mentions(glossary, "Moon Jae-in met President Lee Jae-myeong; Lee said so.")
    assert ("Lee Jae-myeong", "lee-jae-myung") in found
    report = check_batch([Document(id="t", target="Moon Jae-in met President Lee Jae-myeong.")], glossary)
    assert [(f.rule, f.text, f.suggestion) for f in report.findings] == [
        ("MTQ101", "Lee Jae-myeong", "Lee Jae-myung")]


@pytest.mark.parametrize(("source", "named", "not_named"), [
    ("金正恩在平壤会见了韩正。", {"pyongyang", "han-zheng"}, set()),
    ("그들은 인도태평양 전략과 태평양을 논의했다.", set(), {"pyongyang"}),
    ("대표단은 평양에서 회담했다.", {"pyongyang"}, set()),
    ("日韩正式恢复协定。", set(), {"han-zheng"}),
    ("韩正在平壤会见了代表团。", {"han-zheng", "pyongyang"}, set()),
    ("李强调团结。", set(), {"li-qiang"}),
    ("李强在会上强调团结。", {"li-qiang"}, set()),
    ("中南海发表声明。", set(), {"south-china-sea"}),
    ("南海问题", {"south-china-sea"}, set()),
    ("日本海上保安厅称", {"japan-coast-guard"}, {"sea-of-japan"}),
    ("韓國瑜說", set(), {"south-korea"}),
    ("韓國政府說", {"south-korea"}, set()),
    ("조국을 위해 싸웠다.", set(), {"cho-kuk"}),
    ("一片汪洋", set(), {"wang-yang"}),
    ("国会通过了法案。", set(), {"national-assembly", "diet"}),
    # a head noun written onto a country or place makes the name another thing's: a bank, a city, a dynasty
    ("한국은행은 기준금리를 동결했다.", set(), {"south-korea"}),
    ("동해시는 축제를 열었다.", set(), {"sea-of-japan"}),
    ("한국전쟁 때 헤어진 가족", set(), {"south-korea"}),
    ("朝鲜王朝的宫殿对外开放。", set(), {"north-korea"}),
    ("南海区举行了活动。", set(), {"south-china-sea"}),
    ("朝鲜族学生参加了比赛。", set(), {"north-korea"}),
    # but not a word that only starts like one (시장 "market"), nor a particle
    ("한국시장에서 팔렸다.", {"south-korea"}, set()),
    ("한국은 반대했다. 동해에서 훈련했다.", {"south-korea", "sea-of-japan"}, set()),
    ("朝鲜市场开放了。", {"north-korea"}, set()),
])
def test_source_names_an_entry_only_where_its_form_stands_as_a_word(glossary, source, named, not_named):
    found = glossary.source_forms.named_entries(source)
    assert named <= found
    assert not (not_named & found)
