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
def korean_given_name_syllables() -> frozenset[str]:
    """The Hangul syllables common in Korean given names."""
    return frozenset(_surname_data()["ko-given"]["common"].replace(" ", ""))
