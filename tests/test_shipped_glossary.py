"""The shipped glossary: valid, large enough, and free of the seed's misspellings (the checker finds those)."""

from __future__ import annotations

from conftest import ROOT
from mtqa.glossary import load_glossaries, shipped_glossary_paths
from mtqa.text import HAN, HANGUL


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


def test_shipped_glossary_does_not_list_the_seed_errors():
    text = (ROOT / "glossaries" / "east-asia-news.yaml").read_text(encoding="utf-8").lower()
    for error in ("yoon suk-yue", "yun xiyue", "military intelligence protection agreement",
                  "secret protection of military information agreement"):
        assert error not in text
    entries = load_glossaries(shipped_glossary_paths()).by_id()
    assert not entries["yoon-suk-yeol"].wrong and not entries["gsomia"].wrong
    assert entries["gsomia"].acronym == "GSOMIA"
    assert entries["gsomia"].canonical == "General Security of Military Information Agreement"
