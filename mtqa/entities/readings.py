"""The source readings of a name's syllables, which tell romanisation drift from another person's name.

"Tsai Ying-wen" is Tsai Ing-wen (蔡英文) spelt in pinyin: ying is a reading of 英. "Wang Yong" is not Wang Yang
(汪洋): yong is a proper syllable, but no reading of 洋, so it names someone else. A misspelling that is no syllable
at all ("Wang Yagn") is left to the spelling test.
"""

from __future__ import annotations

import functools
import itertools

from rapidfuzz.distance import Indel

from mtqa.entities.romanize import han_readings, hangul_readings, phonetic_key, split_syllables, syllable_inventory
from mtqa.entities.surnames import korean_surnames
from mtqa.glossary.model import Entry
from mtqa.text import HAN, HANGUL

MAX_SYLLABIFICATIONS = 32
Readings = tuple[frozenset[str], ...]  # each syllable's source readings, as spelt and as phonetic keys


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
    for form in korean:
        if len(form) == len(syllables):
            for position, syllable in enumerate(form):
                readings[position].update(_spelt_and_keyed(hangul_readings(syllable)))
            # The family name as its bearers spell it: "Choi" for 최, "Rhee" for 이.
            readings[0].update(_spelt_and_keyed(korean_surnames().get(form[0], ())))
    return tuple(frozenset(r) for r in readings)


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
    for syllables in _syllabifications(tuple(candidate_units), len(readings)):
        judged = [_judge(s, keys, len(readings)) for s, keys in zip(syllables, readings, strict=True)]
        if all(judged):
            return False
        if False in judged and None not in judged:
            verdict = True
    return verdict


def _judge(syllable: str, keys: frozenset[str], length: int) -> bool | None:
    """True: a reading of the character, or (in a name of three syllables or more) one letter away from one;
    False: another proper syllable; None: a misspelling the readings cannot place."""
    if phonetic_key(syllable) in keys or (length > 2 and _typo(syllable, keys)):
        return True
    return False if syllable in syllable_inventory() else None


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
