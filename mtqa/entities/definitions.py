"""Acronyms and their spelled-out expansions: "Expansion (ACR)" and "ACR (Expansion)" in running text."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from mtqa.entities.names import CONNECTORS
from mtqa.text import WORD

# Words of an expansion; dotted abbreviations ("U.S.") count as one word.
_EXPANSION_WORD = regex.compile(r"(?:\p{Lu}\.){2,}|" + WORD.pattern)

_PARENTHESISED_ACRONYM = regex.compile(r"[(（]\s*(\p{Lu}[\p{Lu}\p{N}&\-]{1,11}s?)\s*[)）]")
_ACRONYM_THEN_PARENTHESIS = regex.compile(r"\b(\p{Lu}[\p{Lu}\p{N}&\-]{1,11})\s*[(（]([^()（）\n]{5,150})[)）]")
_CLOSING_QUOTES = {'"': '"', "\u201d": "\u201c", "'": "'", "\u2019": "\u2018", "\u300d": "\u300c", "\u00bb": "\u00ab"}
_MAX_EXPANSION_WORDS = 12
_POSSESSIVE = ("'s", "\u2019s")
_LEADING_FUNCTION_WORDS = CONNECTORS | {"a", "an", "its", "their", "his", "her"}


@dataclass(frozen=True)
class Expansion:
    acronym: str
    acronym_start: int
    start: int  # span of the expansion
    end: int
    text: str


def find_expansions(text: str) -> list[Expansion]:
    """Every spelled-out expansion given beside an acronym in the text."""
    found: list[Expansion] = []
    for match in _PARENTHESISED_ACRONYM.finditer(text):
        span = _expansion_before(text, match.start())
        if span is not None:
            found.append(Expansion(match.group(1), match.start(1), *span, text[span[0]:span[1]]))
    for match in _ACRONYM_THEN_PARENTHESIS.finditer(text):
        start, end = match.span(2)
        inner = text[start:end].strip().strip("\"'\u201c\u201d")
        offset = text.index(inner, start) if inner else start
        if _is_expansion(inner):
            found.append(Expansion(match.group(1), match.start(1), offset, offset + len(inner), inner))
    return found


def _expansion_before(text: str, paren: int) -> tuple[int, int] | None:
    end = paren
    while end > 0 and text[end - 1] in " \t\u00a0":
        end -= 1
    if end > 0 and text[end - 1] in _CLOSING_QUOTES:
        opening = _CLOSING_QUOTES[text[end - 1]]
        start = text.rfind(opening, max(0, end - 200), end - 1)
        if start == -1:
            return None
        inner_start, inner_end = start + 1, end - 1
        return (inner_start, inner_end) if _is_expansion(text[inner_start:inner_end]) else None
    words = list(_EXPANSION_WORD.finditer(text, max(0, end - 200), end))
    chosen: list[regex.Match] = []
    for word in reversed(words):
        gap = text[word.end():(chosen[0].start() if chosen else end)]
        if gap.strip() or len(chosen) >= _MAX_EXPANSION_WORDS:
            break
        if not (word.group()[0].isupper() or word.group() in CONNECTORS) or word.group().endswith(_POSSESSIVE):
            break  # an expansion starts after a possessive: "the North's Terminal High Altitude Area Defense"
        chosen.insert(0, word)
    while chosen and chosen[0].group().lower() in _LEADING_FUNCTION_WORDS:
        chosen.pop(0)
    if len(chosen) < 2:
        return None
    return chosen[0].start(), chosen[-1].end()


def spells_acronym(phrase: str, acronym: str) -> bool:
    """Whether the phrase's capitals (or word initials) spell the acronym: "Trans-Pacific Partnership" -> TPP."""
    letters = [ch for ch in acronym.upper() if ch.isalpha()]
    capitals = [ch for ch in phrase if ch.isupper()]
    initials = [w[0].upper() for w in WORD.findall(phrase) if w.lower() not in CONNECTORS]
    return capitals == letters or initials == letters


def _is_expansion(phrase: str) -> bool:
    words = WORD.findall(phrase)
    return 2 <= len(words) <= _MAX_EXPANSION_WORDS and sum(w[0].isupper() for w in words) >= 2
