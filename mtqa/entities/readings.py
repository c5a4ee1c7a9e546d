"""The source readings of a name's syllables, which tell romanisation drift from another person's name.

"Tsai Ying-wen" is Tsai Ing-wen (蔡英文) spelt in pinyin: ying is a reading of 英. "Wang Yong" is not Wang Yang
(汪洋): yong is a proper syllable, but no reading of 洋, so it names someone else. A misspelling that is no syllable
at all ("Wang Yagn") is left to the spelling test.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from mtqa.entities.romanize import (
    han_readings,
    hangul_readings,
    phonetic_key,
    split_syllables,
    syllable_inventory,
)
from mtqa.entities.surnames import korean_given_name_syllables, korean_surnames
from mtqa.glossary.model import Entry
from mtqa.text import HAN, HANGUL

MAX_SYLLABIFICATIONS = 32


@dataclass(frozen=True)
class Readings:
    syllables: tuple[frozenset[str], ...]  # each syllable's source readings, as spelt and as phonetic keys
    # A Korean's name, spelt as its Korean source form is read: there a final n for ng, or ng for n, is another
    # syllable of the language's names (연 "yeon" beside 영 "yeong", 선 beside 성, 전 beside 정), not a slip.
    korean: bool = False


def name_readings(entry: Entry, units: tuple[str, ...]) -> Readings | None:
    """For each syllable of a form of the entry, its source character's readings; None when
    the form does not line up with a Chinese or Korean source form. Japanese names are left out: their kanji are
    read in Japanese, which the Mandarin and Korean readings here do not cover."""
    if "ja" in entry.sources and "ko" not in entry.sources:
        return None
    korean = [f.replace(" ", "") for f in entry.sources.get("ko", ()) if f and all(HANGUL.match(c) for c in f)]
    han = [f.replace(" ", "") for tag, forms in entry.sources.items() if tag.startswith("zh") for f in forms]
    han = [f for f in han if f and all(HAN.match(c) for c in f)]
    lengths = {len(f) for f in korean + han}
    syllables = syllables_for(units, lengths)
    if syllables is None:
        return None
    readings: list[set[str]] = [{phonetic_key(s), s} for s in syllables]  # the listed spelling itself too
    for form in han:
        if len(form) == len(syllables):
            for position, character in enumerate(form):
                readings[position].update(_spelt_and_keyed(han_readings(character)))
    korean_name = False
    for form in korean:
        if len(form) == len(syllables):
            said = [_spelt_and_keyed(hangul_readings(syllable)) for syllable in form]
            # The family name as its bearers spell it: "Choi" for 최, "Rhee" for 이.
            said[0] |= _spelt_and_keyed(korean_surnames().get(form[0], ()))
            for position, spellings in enumerate(said):
                readings[position].update(spellings)
            # A Korean's name is spelt as its Korean form is read ("Kim Yong Chol", 김영철); a Chinese one written in
            # Hangul is not (Xi Jinping, 시진핑: "xi" is no reading of 시).
            korean_name |= all(phonetic_key(s) in spellings for s, spellings in zip(syllables, said, strict=True))
    return Readings(tuple(frozenset(r) for r in readings), korean=korean_name)


def _spelt_and_keyed(readings: tuple[str, ...]) -> set[str]:
    return {form for reading in readings for form in (reading, phonetic_key(reading))}


def syllables_for(units: tuple[str, ...] | list[str], lengths: set[int]) -> list[str] | None:
    """The name's parts as syllables, one per source character: the parts themselves when they already line up
    ("Yoon Suk Yeol"), else the parts split into syllables where they can be ("Xi Jinping" -> xi jin ping,
    "Tsai Yingwen" -> tsai ying wen)."""
    if len(units) in lengths:
        return list(units)
    split: list[str] = []
    for unit in units:
        split.extend(split_syllables(unit) or [unit])
    return split if len(split) in lengths else None


def another_name(candidate_units: list[str], readings: Readings) -> bool | None:
    """True when the candidate differs from the name in a syllable that is a proper syllable but no reading of that
    source character (another person); False when it can be read as the name's syllables, each a reading of its
    character or one slip of the keyboard from one (the same name); None when the readings cannot tell."""
    verdict = None
    count = len(readings.syllables)
    for syllables in _syllabifications(tuple(candidate_units), count):
        # The family name's syllable comes first: a final dropped there is a slip ("Ki Jong-un"), as it is not in a
        # given name ("Jun-seo" is not "Jun-seok").
        judged = [_judge(s, keys, count, readings.korean and position > 0)
                  for position, (s, keys) in enumerate(zip(syllables, readings.syllables, strict=True))]
        if all(judged):
            return False
        if False in judged and None not in judged:
            verdict = True
    return verdict


def _judge(syllable: str, keys: frozenset[str], length: int, korean: bool) -> bool | None:
    """True: a reading of the character, or (in a name of three syllables or more) one letter away from one, but
    for a Korean name's other final (Readings.korean); False: another proper syllable; None: a misspelling the
    readings cannot place."""
    if phonetic_key(syllable) in keys:
        return True
    if length > 2 and _typo(syllable, keys) and not (korean and _other_final(syllable, keys)):
        return True
    return False if syllable in syllable_inventory() else None


def _other_final(syllable: str, keys: frozenset[str]) -> bool:
    """Whether the syllable is one of a Korean given name that a reading is with another final consonant or none:
    "seo" (서) and "seok" (석), "min" and "ming" are other names (Lee Jun-seo is not Lee Jun-seok).
    A syllable no given name holds is a slip: "myun" is a reading of 뮨, and "Jae-myun" is Jae-myung misspelt."""
    return syllable in _given_name_readings() and any(
        _with_final(syllable, reading) or _with_final(reading, syllable) for reading in keys)


# The final consonants whose presence or absence makes another Korean given-name syllable (seo 서, seok 석); an n
# dropped from a syllable ("Kim Jong U", "Moon Jae-i") is a slip of the keyboard, but ng for n (myung, myun) is not.
_FINALS = ("k", "l", "m", "p", "t", "g")


def _with_final(longer: str, shorter: str) -> bool:
    """Whether `longer` is `shorter` with a final consonant added: seok/seo, myung/myun."""
    return len(longer) == len(shorter) + 1 and longer.startswith(shorter) and longer[-1] in _FINALS \
        and (longer[-1] != "g" or shorter.endswith("n"))


def _typo(syllable: str, keys: frozenset[str]) -> bool:
    """One letter left out or put in ("Xi Jingping", "Li Keqing", "Ching-teh"): in a name of three syllables or
    more, a slip of the keyboard rather than another name; a changed vowel ("Yong" for "Yang") is another name, and
    so is another first sound ("Jae-yong" is not "Jae-myung") and any other given name of a two-syllable name
    ("Li Qing" is not "Li Qiang")."""
    return any(Indel.distance(syllable, reading) == 1 and syllable[:1] == reading[:1] for reading in keys)


def _syllabifications(units: tuple[str, ...], count: int) -> list[tuple[str, ...]]:
    """Ways to read the parts as `count` syllables (a part that is no syllable may stay whole): "yingwen" is
    ying-wen or yin-gwen."""
    options = [_splits(unit) for unit in units]
    results: list[tuple[str, ...]] = []
    for combination in itertools.islice(itertools.product(*options), MAX_SYLLABIFICATIONS):
        syllables = tuple(s for split in combination for s in split)
        if len(syllables) == count:
            results.append(syllables)
    return results


@functools.lru_cache(maxsize=1 << 14)
def _splits(word: str) -> tuple[tuple[str, ...], ...]:
    inventory = syllable_inventory()
    found: list[tuple[str, ...]] = [(word,)]

    def extend(start: int, prefix: tuple[str, ...]) -> None:
        if len(found) >= MAX_SYLLABIFICATIONS:
            return
        if start == len(word):
            if len(prefix) > 1:
                found.append(prefix)
            return
        for end in range(start + 1, min(len(word), start + 6) + 1):
            if word[start:end] in inventory:
                extend(end, (*prefix, word[start:end]))

    extend(0, ())
    return tuple(found)


@functools.cache
def _given_name_readings() -> frozenset[str]:
    return frozenset(reading for syllable in korean_given_name_syllables() for reading in hangul_readings(syllable))
