"""The shipped glossary: valid, large enough, free of the seed's misspellings (the checker finds those), with the
spellings wire services use, notes that match the record, and the neighbours that keep similar names apart."""

from __future__ import annotations

from collections import defaultdict

import pytest
import regex
from click.testing import CliRunner

from conftest import ROOT
from mtqa.cli import cli
from mtqa.glossary import load_glossaries, shipped_glossary_paths
from mtqa.glossary.load import load_glossary_file
from mtqa.text import HAN, HANGUL, KANA

GLOSSARY = ROOT / "glossaries" / "east-asia-news.yaml"
TITLES = ("President ", "Prime Minister ", "Premier ")


@pytest.fixture(scope="module")
def entries():
    return load_glossaries(shipped_glossary_paths()).by_id()


def test_shipped_glossary_is_valid_and_covers_the_region():
    glossary = load_glossaries(shipped_glossary_paths())
    assert [p.rsplit("/", 1)[-1] for p in glossary.paths] == ["east-asia-news.yaml"]
    assert len(glossary.entries) >= 80
    types = {entry.type for entry in glossary.entries}
    assert {"person", "party", "legislature", "agency", "agreement", "weapon", "term", "place"} <= types
    people = [e for e in glossary.entries if e.type == "person"]
    with_han = [e for e in people if any(HAN.search(f) for tag, fs in e.sources.items() if tag.startswith("zh")
                                         for f in fs)]
    assert len(with_han) >= 0.8 * len(people)
    korean = [e for e in glossary.entries if "ko" in e.sources]
    assert all(HANGUL.search(form) for e in korean for form in e.sources["ko"])


def test_glossary_validate_command_accepts_the_shipped_glossary():
    result = CliRunner().invoke(cli, ["glossary", "validate"])
    assert result.exit_code == 0, result.output
    count = len(load_glossary_file(str(GLOSSARY))[1])
    assert f"{count} entries" in result.output


def test_every_source_form_is_written_in_its_language_script(entries):
    for entry in entries.values():
        assert set(entry.sources) <= {"zh-Hans", "zh-Hant", "ko", "ja"}, entry.id
        for tag, forms in entry.sources.items():
            for form in forms:
                if tag.startswith("zh"):
                    assert HAN.search(form) and not HANGUL.search(form) and not KANA.search(form), (entry.id, form)
                elif tag == "ja":
                    assert (HAN.search(form) or KANA.search(form) or form.isascii()) and not HANGUL.search(form), \
                        (entry.id, form)


def test_no_two_entries_share_a_source_form_within_one_language(entries):
    owners = defaultdict(set)
    for entry in entries.values():
        for tag, forms in entry.sources.items():
            for form in forms:
                owners[(tag, form.replace(" ", ""))].add(entry.id)
    assert {key: ids for key, ids in owners.items() if len(ids) > 1} == {}


def test_shipped_glossary_does_not_list_the_seed_errors(entries):
    text = GLOSSARY.read_text(encoding="utf-8").lower()
    for error in ("yoon suk-yue", "yun xiyue", "military intelligence protection agreement",
                  "secret protection of military information agreement"):
        assert error not in text
    assert not entries["yoon-suk-yeol"].wrong and not entries["gsomia"].wrong
    assert entries["gsomia"].acronym == "GSOMIA"
    assert entries["gsomia"].canonical == "General Security of Military Information Agreement"


def test_unhyphenated_korean_names_used_by_wire_services_are_allowed(entries):
    assert "Lee Jae Myung" in entries["lee-jae-myung"].allowed
    assert "Kim Keon Hee" in entries["kim-keon-hee"].allowed
    assert "Yoon Suk Yeol" == entries["yoon-suk-yeol"].canonical
    for entry_id in ("kim-jong-un", "kim-yo-jong", "kim-jong-nam", "kim-ju-ae", "kim-yong-chol", "pak-pong-ju"):
        entry = entries[entry_id]
        assert entry.canonical.count("-") == 0
        hyphenated = entry.canonical.split(" ", 1)[0] + " " + "-".join(entry.canonical.split(" ")[1:]).capitalize()
        assert hyphenated in entry.allowed, entry_id


def test_title_and_surname_forms_name_only_one_holder_of_the_title(entries):
    """'President Lee' would also be the start of 'former President Lee Myung-bak'."""
    people = [e for e in entries.values() if e.type == "person"]
    for entry in people:
        for form in entry.allowed:
            title = next((t for t in TITLES if form.startswith(t)), None)
            if title is None:
                continue
            surname = form[len(title):]
            others = [other.id for other in people if other is not entry and surname in other.canonical.split()
                      and title.strip().lower() + " of" in (other.note or "").lower()]
            assert others == [], (entry.id, form, others)
    assert all("President Lee" not in e.allowed for e in people)


def test_bare_surnames_are_allowed_only_where_one_reading_dominates(entries):
    people = [e for e in entries.values() if e.type == "person"]
    shared = set()
    for entry in people:
        for form in entry.allowed:
            if " " in form or form not in entry.canonical.split():
                continue
            for other in people:
                if other is not entry and form in other.canonical.split():
                    shared.add((form, entry.id, other.id))
    # Shinjiro Koizumi is the Koizumi of 2019-2026 news; his father is named in full.
    assert shared == {("Koizumi", "shinjiro-koizumi", "junichiro-koizumi")}


def test_dated_notes_match_the_record(entries):
    assert "December 2014 - August 2016 and October 2024 - October 2025" in entries["gen-nakatani"].note
    assert "August 2020 - December 2024" in entries["kim-tok-hun"].note
    assert "end of 2024" in entries["pak-thae-song"].note
    assert "moved back in late December 2025" in entries["cheong-wa-dae"].note
    assert "chief Cabinet secretary on October 21, 2025" in entries["minoru-kihara"].note
    text = GLOSSARY.read_text(encoding="utf-8")
    for stale in ("defense minister 2016-2017", "Premier of North Korea 2020-2023", "at the end of 2023"):
        assert stale not in text


def test_east_sea_follows_the_source_language(entries):
    sea_of_japan, east_china_sea = entries["sea-of-japan"], entries["east-china-sea"]
    assert "East Sea" in sea_of_japan.allowed and "동해" in sea_of_japan.sources["ko"]
    assert {"日本海"} <= set(sea_of_japan.sources["zh-Hans"]) & set(sea_of_japan.sources["ja"])
    assert not {"东海", "東海"} & {f for forms in sea_of_japan.sources.values() for f in forms}
    assert east_china_sea.sources["zh-Hans"] == ("东海",) and east_china_sea.sources["zh-Hant"] == ("東海",)
    assert east_china_sea.sources["ko"] == ("동중국해",) and east_china_sea.sources["ja"] == ("東シナ海",)
    assert "East Sea" not in east_china_sea.good_forms
    holders = {e.id for e in entries.values() for forms in e.sources.values() for f in forms
               if f in ("동해", "东海", "東海")}
    assert holders == {"sea-of-japan", "east-china-sea"}
    assert [e.id for e in entries.values() if "East Sea" in e.good_forms] == ["sea-of-japan"]


NEIGHBOURS = {
    # entry id: acronym (None where the initials are taken by another entry or unreliable)
    "japanese-communist-party": "JCP",
    "korean-central-news-agency": "KCNA",
    "korean-central-television": "KCTV",
    "china-central-television": "CCTV",
    "peoples-republic-of-china": "PRC",
    "us-forces-japan": "USFJ",
    "us-forces-korea": "USFK",
    "korea-coast-guard": "KCG",
    "ground-self-defense-force": "GSDF",
    "maritime-self-defense-force": "MSDF",
    "air-self-defense-force": "ASDF",
    "democratic-party-for-the-people": "DPFP",
    "irbm": "IRBM",
    "srbm": "SRBM",
    "trans-pacific-partnership": None,
    "npc-standing-committee": None,
    "executive-yuan": None,
}


@pytest.mark.parametrize(("entry_id", "acronym"), sorted(NEIGHBOURS.items()))
def test_neighbours_of_shipped_names_are_listed(entries, entry_id, acronym):
    assert entries[entry_id].acronym == acronym


@pytest.mark.parametrize(("entry_id", "pinyin"), [("kuomintang", "Guomindang"),
                                                  ("democratic-progressive-party", "Minjindang")])
def test_taiwans_parties_read_out_in_pinyin_are_wrong_forms(entries, entry_id, pinyin):
    # Machine translation reads 国民党 and 民进党 out as "Guomindang" and "Minjindang": renderings to report.
    assert pinyin in {wrong.text for wrong in entries[entry_id].wrong}


def test_korea_central_news_agency_is_a_known_wrong_form(entries):
    wrong = {w.text: w for w in entries["korean-central-news-agency"].wrong}
    assert "Korea Central News Agency" in wrong and wrong["Korea Central News Agency"].severity.value == "minor"


@pytest.mark.parametrize(("text", "phrase", "entry_id"), [
    ("the People's Republic of China said", "People's Republic of China", "peoples-republic-of-china"),
    ("the Republic of China said", "Republic of China", "republic-of-china"),
    ("the Korea Central News Agency said", "Korea Central News Agency", "korean-central-news-agency"),
    ("the Chosun Central News Agency said", "Chosun Central News Agency", "korean-central-news-agency"),
    ("the Choson Central News Agency said", "Choson Central News Agency", "korean-central-news-agency"),
    ("Taiwan's Central News Agency said", "Central News Agency", "central-news-agency-taiwan"),
    ("the Korean Central News Agency said", "Korean Central News Agency", "korean-central-news-agency"),
    ("the Democratic People's Republic of Korea said", "Democratic People's Republic of Korea", "dprk"),
    ("the Japanese Communist Party said", "Japanese Communist Party", "japanese-communist-party"),
    ("the ruling Communist Party said", "Communist Party", "chinese-communist-party"),
    ("the Democratic Party for the People said", "Democratic Party for the People", "democratic-party-for-the-people"),
    ("the Democratic Party said", "Democratic Party", "democratic-party-of-korea"),
    ("former President Lee Myung-bak said", "Lee Myung-bak", "lee-myung-bak"),
    ("former Prime Minister Junichiro Koizumi said", "Junichiro Koizumi", "junichiro-koizumi"),
    ("Defense Minister Koizumi said", "Koizumi", "shinjiro-koizumi"),
    ("the Maritime Self-Defense Force said", "Maritime Self-Defense Force", "maritime-self-defense-force"),
    ("U.S. Forces Japan said", "U.S. Forces Japan", "us-forces-japan"),
    ("Korean Central Television showed", "Korean Central Television", "korean-central-television"),
    ("the National People's Congress Standing Committee met", "National People's Congress Standing Committee",
     "npc-standing-committee"),
    ("it joined the Trans-Pacific Partnership", "Trans-Pacific Partnership", "trans-pacific-partnership"),
    ("an intermediate-range ballistic missile", "intermediate-range ballistic missile", "irbm"),
    ("Lee Jae Myung said", "Lee Jae Myung", "lee-jae-myung"),
    ("Kim Keon Hee said", "Kim Keon Hee", "kim-keon-hee"),
])
def test_a_name_inside_a_longer_name_goes_to_the_longer_name(entries, text, phrase, entry_id):
    """Listed forms are matched leftmost-longest, as the matcher does: the neighbour's longer name must win."""
    found = []
    for entry in entries.values():
        forms = [*entry.good_forms, *(w.text for w in entry.wrong), *([entry.acronym] if entry.acronym else [])]
        for form in forms:
            flags = 0 if entry.case_sensitive else regex.IGNORECASE
            for match in regex.finditer(rf"(?<![\w-]){regex.escape(form)}(?![\w-])", text, flags):
                found.append((match.start(), -len(form), match.group(), entry.id))
    start = text.index(phrase)
    covering = sorted(item for item in found if item[0] <= start < item[0] - item[1])
    assert covering and covering[0][2:] == (phrase, entry_id), covering
