"""The phrases of a target segment that could render a source term: runs of 1 to 6 words.

A phrase runs only over spaces between words (and an abbreviation's full stop: "St. Petersburg"): punctuation ends
it ("Xinhua, Beijing" holds no "Xinhua Beijing"). It neither begins nor ends with a function word ("of the
Ministry" is "Ministry"), nor begins with a title ("Mr Xu" is "Xu"), but may hold function words inside ("Bank of
China"). Each phrase is keyed by its folded form, so "Hunan TV" and "Hunan Tv" count as one rendering;
whether it is shaped like a name (every word capitalised, connectors aside) is kept for names, whose renderings
are looked for among name-shaped phrases only.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from mtqa.entities.names import CONNECTORS
from mtqa.entities.vocabulary import TITLES
from mtqa.text import fold, without_possessive

MAX_PHRASE_WORDS = 6
# Words that neither begin nor end a rendering: articles, prepositions, conjunctions, pronouns and auxiliaries.
EDGE_WORDS = CONNECTORS | frozenset(
    "a an or to at by as with from into about than that this these those which who whom whose what it its is are "
    "was were be been has have had will would can could should may might must not no he she they we you i his her "
    "their our your there here also said says".split()
)


# A word as text.WORD has it, and web addresses kept whole: "Chinanews.com" renders 中新网.
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['\u2019\-\u2010\u2011.][\p{L}\p{M}\p{N}]+)*")


# Titles stand before a name without being part of it; "St." begins place names too (St. Petersburg).
_LEADING_TITLES = TITLES - {"st", "saint"}


@dataclass(frozen=True)
class Phrase:
    text: str  # as written, with single spaces between its words
    name_shaped: bool


@functools.lru_cache(maxsize=1 << 14)
def target_phrases(text: str) -> dict[str, Phrase]:
    """Every candidate phrase of a target segment, by folded key (cached: one segment is looked at for every term
    its source holds)."""
    words = [(match.start(), match.end(), match.group()) for match in _WORD.finditer(text)]
    found: dict[str, Phrase] = {}
    for first in range(len(words)):
        if _is_edge_word(words[first][2]) or words[first][2].lower() in _LEADING_TITLES:
            continue
        for last in range(first, min(first + MAX_PHRASE_WORDS, len(words))):
            if last > first and not _joins(text, words[last - 1], words[last][0]):
                break  # punctuation between the words
            if _is_edge_word(words[last][2]) or words[last][2].isdigit():
                continue
            parts = text[words[first][0]:words[last][1]].split()
            parts[-1] = without_possessive(parts[-1])
            phrase = " ".join(parts)
            found.setdefault(fold(phrase), Phrase(phrase, _name_shaped(parts)))
    return found


def _joins(text: str, word: tuple[int, int, str], next_start: int) -> bool:
    """Whether only spaces stand between a word and the next, or the full stop of an abbreviation ("St. Petersburg")."""
    gap = text[word[1]:next_start]
    return not gap.strip() or (gap.rstrip() == "." and len(word[2]) <= 3 and word[2][0].isupper())


def _is_edge_word(word: str) -> bool:
    return word.lower() in EDGE_WORDS


def _name_shaped(parts: list[str]) -> bool:
    """Capitalised words with lower-case connectors between them: "Ministry of Foreign Affairs", "Xi Jinping"."""
    return all(part[0].isupper() or (0 < index < len(parts) - 1 and part in CONNECTORS)
               for index, part in enumerate(parts))
