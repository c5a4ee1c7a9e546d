"""Mentions of glossary acronyms' expansions: a definition that differs from the glossary's, and the same wrong
expansion repeated later without its acronym."""

from __future__ import annotations

from rapidfuzz import fuzz

from mtqa.entities.definitions import spells_acronym
from mtqa.entities.mentions import EXPANSION, Mention
from mtqa.entities.names import CONNECTORS
from mtqa.glossary.compile import CompiledGlossary
from mtqa.glossary.model import Entry
from mtqa.model import Span
from mtqa.text import FoldedText


def find_expansion_mentions(text: str, folded: FoldedText, expansions: list, glossary: CompiledGlossary
                            ) -> list[Mention]:
    """Expansions of glossary acronyms that differ from the canonical one, beside the acronym and repeated alone."""
    found: list[Mention] = []
    wrong_phrases: dict[str, Mention] = {}
    for expansion in expansions:
        entry = glossary.acronyms.get(expansion.acronym)
        if entry is None or _folded_phrase(expansion.text) in {_folded_phrase(f) for f in entry.good_forms}:
            continue
        if spells_acronym(expansion.text, expansion.acronym) and not _shares_words(expansion.text, entry):
            continue  # another body with the same acronym ("Trans-Pacific Partnership (TPP)")
        span = Span(expansion.start, expansion.end)
        score = fuzz.ratio(_folded_phrase(expansion.text), _folded_phrase(entry.canonical))
        mention = Mention(entry, span, expansion.text, EXPANSION, entry.canonical, score)
        found.append(mention)
        wrong_phrases.setdefault(_folded_phrase(expansion.text), mention)
    for phrase, first in wrong_phrases.items():
        position = folded.folded.find(phrase)
        while position != -1:
            end = position + len(phrase)
            start_original, end_original = folded.to_original(position, end)
            span = Span(start_original, end_original)
            if folded.at_word_boundaries(position, end) and not any(m.span.overlaps(span) for m in found):
                found.append(Mention(first.entry, span, text[span.start:span.end], EXPANSION, first.form,
                                     first.score, repeated=True))
            position = folded.folded.find(phrase, end)
    return sorted(found, key=lambda m: m.span)


def _shares_words(phrase: str, entry: Entry) -> bool:
    words = set(_folded_phrase(phrase).split()) - CONNECTORS
    return any(words & set(_folded_phrase(form).split()) for form in entry.good_forms)


def _folded_phrase(phrase: str) -> str:
    words = FoldedText(phrase).folded.split()
    while words and words[0] in ("the", "a", "an"):
        words.pop(0)
    return " ".join(words)
