"""Chinese and Korean family names (mtqa/data/surnames.yaml): where a source name starts, and the personal
romanisations of Korean family names ("Lee" for 이, "Park" for 박, "Choi" for 최)."""

from __future__ import annotations

import functools

from mtqa.data import shipped_text


@functools.cache
def _surname_data() -> dict:
    from mtqa.yaml_input import load_yaml  # the YAML reader for this one file, read at first use

    return load_yaml(shipped_text("surnames.yaml"), "mtqa/data/surnames.yaml")


@functools.cache
def chinese_surnames() -> frozenset[str]:
    data = _surname_data()["zh"]
    return frozenset(data["single"].replace(" ", "")) | frozenset(data["compound"])


@functools.cache
def korean_surnames() -> dict[str, tuple[str, ...]]:
    """Korean family names, each with its personal romanisations."""
    return {name: tuple(spellings) for name, spellings in _surname_data()["ko"].items()}


@functools.cache
def korean_family_names_spelt() -> dict[str, frozenset[str]]:
    """Each spelling of a Korean family name (its personal romanisations and readings) -> the family names it spells:
    "choe" is 최's, "cho" 조's, "yoo" both 유's and 류'."""
    from mtqa.entities.romanize import hangul_readings

    spelt: dict[str, set[str]] = {}
    for name, spellings in korean_surnames().items():
        for spelling in (*spellings, *(hangul_readings(name) if len(name) == 1 else ())):
            spelt.setdefault(spelling, set()).add(name)
    return {spelling: frozenset(names) for spelling, names in spelt.items()}


@functools.cache
def korean_given_name_syllables() -> frozenset[str]:
    """The Hangul syllables common in Korean given names."""
    return frozenset(_surname_data()["ko-given"]["common"].replace(" ", ""))


@functools.cache
def _other_family_name_spellings() -> frozenset[str]:
    return frozenset(_surname_data()["zh-other-spellings"].split())


@functools.lru_cache(maxsize=1 << 12)
def family_name_spelling(word: str) -> bool:
    """Whether a lower-case word is an East Asian family name as English copy spells it: a pinyin, Korean or Japanese
    syllable, a Wade-Giles one ("hsu", "tsai"), a Korean personal romanisation ("rhee") or a Cantonese or Hokkien one
    ("chan", "wong", "tan")."""
    from mtqa.entities.romanize import syllable_inventory
    from mtqa.entities.wade_giles import pinyin_readings

    return word in syllable_inventory() or word in _other_family_name_spellings() or bool(pinyin_readings(word)) \
        or any(word in spellings for spellings in korean_surnames().values())

