"""An index of the glossary's names for approximate matching, built so that a candidate is compared only with the
few names it could be a misspelling of."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from mtqa.entities.letter_sieve import LetterSieve
from mtqa.entities.names import CONNECTORS, MIN_SINGLE_WORD_KEY, name_units
from mtqa.entities.readings import Readings, name_readings
from mtqa.entities.romanize import phonetic_key
from mtqa.entities.vocabulary import TITLES
from mtqa.glossary.model import Entry
from mtqa.text import name_key

# Forms shorter than this (in letters) are too ambiguous to match approximately.
MIN_FUZZY_KEY = MIN_SINGLE_WORD_KEY
MAX_FUZZY_UNITS = 6
# Candidates remembered per index: a batch meets the same capitalised words and names in article after article, and
# with a large glossary each look-up compares the candidate with hundreds of names.
MAX_REMEMBERED = 1 << 16
# A pool of this many names or more is sifted by the letters its names share with the candidate before rapidfuzz
# scores what is left: a large glossary's pools hold thousands of names, of which a candidate comes near a few.
# Smaller pools are scored faster by rapidfuzz alone (the two cost the same at about 250 names).
SIFTED_POOL = 300


@dataclass(frozen=True)
class IndexedName:
    key: str
    units: tuple[str, ...]
    form: str
    entry: Entry
    readings: Readings | None = None  # of its syllables' source characters, where they line up


class NameIndex:
    def __init__(self, entries: tuple[Entry, ...]) -> None:
        # A misspelt multi-part name keeps at least one part intact (the test in names.near_miss_score allows one
        # differing part in three), so multi-part names are found through their parts' sounds.
        self.by_part: dict[str, list[IndexedName]] = defaultdict(list)
        # One-word names have no intact part to go by: they are compared with the one-word names of the same
        # first sound.
        self.single_words: dict[str, list[IndexedName]] = defaultdict(list)
        # Multi-part person names by sound: "Yun Seok-yeol" is another romanisation of "Yoon Suk Yeol".
        self.by_sound: dict[str, IndexedName] = {}
        for entry in entries:
            if not entry.is_name and not _written_as_a_name(entry):
                continue
            full_length = len(name_units(entry.canonical))
            for form in entry.good_forms:
                key, units = name_key(form), tuple(name_units(form))
                if len(key) < MIN_FUZZY_KEY or len(units) > MAX_FUZZY_UNITS:
                    continue
                if form != entry.canonical and len(units) < full_length and \
                        sum(unit not in TITLES for unit in units) < 2 and len(units) > 1:
                    # A titled short form ("President Lee") may be close to someone else's ("President Li"). A
                    # family name alone ("Takaichi") is compared, and its near-misses count only in an article that
                    # introduces the person (mtqa.entities.attachment).
                    continue
                item = IndexedName(key, units, form, entry, name_readings(entry, units))
                if len(units) == 1:
                    self.single_words[first_sound(key)].append(item)
                    continue
                for part in dict.fromkeys(phonetic_key(unit) for unit in units if unit not in CONNECTORS):
                    self.by_part[part].append(item)
                if entry.type == "person":
                    self.by_sound.setdefault(phonetic_key(form), item)
        self.single_word_keys = {sound: [item.key for item in items] for sound, items in self.single_words.items()}
        self.part_keys = {part: [item.key for item in items] for part, items in self.by_part.items()}
        # Each pool's shortest and longest key: a candidate too long or too short for all of them is not compared.
        self.single_word_lengths = _key_lengths(self.single_word_keys)
        self.part_lengths = _key_lengths(self.part_keys)
        self.single_word_sieves = _sieves(self.single_word_keys)
        self.part_sieves = _sieves(self.part_keys)
        self._close: dict[str, tuple[IndexedName, ...]] = {}

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_close": {}}  # what a run looked up is no part of the index

    def close_names(self, key: str, units: tuple[str, ...], threshold: float) -> tuple[IndexedName, ...]:
        """Names at least `threshold` similar to `key` (rapidfuzz ratio): multi-part names sharing a part with the
        candidate, or for a one-word candidate, one-word names of the same first sound."""
        pools: list[str] = []
        if len(units) == 1:
            items, keys, lengths = self.single_words, self.single_word_keys, self.single_word_lengths
            sieves = self.single_word_sieves
            if (sound := first_sound(key)) in keys:
                pools.append(sound)
        else:
            items, keys, lengths = self.by_part, self.part_keys, self.part_lengths
            sieves = self.part_sieves
            # The units' sounds that name a pool, each once, in the units' order: one pass at C speed.
            pools = list(dict.fromkeys(filter(keys.__contains__, map(phonetic_key, units))))
        # Most of a long article's candidates share a part with some name but are far longer than any such name.
        pools = [pool for pool in pools if can_reach(len(key), *lengths[pool], threshold)]
        if not pools:
            return ()  # no name shares a part and is near its length: nothing to compare, nor to remember
        # A string, not a tuple, as the key: a long article remembers tens of thousands of candidates, and strings
        # cost the garbage collector nothing.
        remembered_as = f"{threshold} {key} {' '.join(units)}"
        remembered = self._close.get(remembered_as)
        if remembered is None:
            remembered = tuple(self._close_names(key, pools, items, keys, sieves, threshold))
            if len(self._close) >= MAX_REMEMBERED:
                self._close.clear()
            self._close[remembered_as] = remembered
        return remembered

    @staticmethod
    def _close_names(key: str, pools: list[str], items: dict[str, list[IndexedName]], keys: dict[str, list[str]],
                     sieves: dict[str, LetterSieve], threshold: float) -> list[IndexedName]:
        found: dict[int, IndexedName] = {}
        for pool in pools:
            sieve = sieves.get(pool)
            if sieve is None:
                kept, choices = range(len(keys[pool])), keys[pool]
            else:
                # Only the names the sieve leaves, in the pool's order: rapidfuzz then ranks them as it would rank
                # the whole pool (by score, then by place).
                kept = sieve.reachable(key, threshold).tolist()
                choices = [keys[pool][index] for index in kept]
            for _, _, index in process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=threshold,
                                               limit=None):
                item = items[pool][kept[index]]
                found[id(item)] = item
        return list(found.values())


def _written_as_a_name(entry: Entry) -> bool:
    """A term whose canonical form is capitalised as a name is ("Belt and Road Initiative", "Indo-Pacific"): misspelt
    as a name is ("Belt and Road Initative"), unlike a term of common words ("forced labor")."""
    return entry.canonical[:1].isupper()


def _sieves(pools: dict[str, list[str]]) -> dict[str, LetterSieve]:
    return {pool: LetterSieve(keys) for pool, keys in pools.items() if len(keys) >= SIFTED_POOL}


def _key_lengths(pools: dict[str, list[str]]) -> dict[str, tuple[int, int]]:
    return {pool: (min(map(len, keys)), max(map(len, keys))) for pool, keys in pools.items()}


def can_reach(length: int, shortest: int, longest: int, threshold: float) -> bool:
    """Whether a key of `length` letters can score `threshold` (rapidfuzz's ratio) against some key of `shortest` to
    `longest` letters. The ratio of keys of m and n letters is at most 200 * min(m, n) / (m + n)."""
    slack = 1e-9  # the bound is compared with the score rapidfuzz rounds: where they meet, compare
    return length * threshold <= longest * (200 - threshold) + slack and \
        shortest * threshold <= length * (200 - threshold) + slack


def first_sound(key: str) -> str:
    """The first letter as the phonetic key hears it (k/g, t/d, ch/j ... count as one)."""
    return phonetic_key(key[:2])[:1] or key[:1]
