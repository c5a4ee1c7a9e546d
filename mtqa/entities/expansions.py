"""Mentions of glossary acronyms' expansions: a definition that differs from the glossary's, and the same wrong
expansion repeated later without its acronym.

A definition beside a glossary acronym is judged against the entry's canonical and allowed forms:

- one of them (case, hyphens, a leading article and a plural acronym's plural aside), or one of them after a
  qualifier ("Chinese Nationalist Party" for "Nationalist Party"): right;
- sharing at least half its content words with one of them: the glossary's name with a word changed, wrong;
- otherwise, spelling the acronym: another body with the same initials ("Syrian Democratic Forces (SDF)" is not
  Japan's Self-Defense Forces), not an error;
- otherwise, sharing some content word: a translation's own expansion ("Military Intelligence Protection Agreement
  (GSOMIA)"), wrong;
- otherwise: no definition of the acronym at all ("President Tsai Ing-wen (DPP)" gives a party, not a name).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from mtqa.entities.definitions import Expansion
from mtqa.entities.expansion_words import CLOSE_SHARE, FUNCTION_WORDS, phrase_key, phrase_words, word_share
from mtqa.entities.mentions import EXPANSION, Mention
from mtqa.glossary.compile import CompiledGlossary
from mtqa.glossary.model import Entry
from mtqa.model import Span
from mtqa.text import FoldedText

# Words that may stand before an allowed form to say whose body it is: a nationality, a country, a region.
_MAX_QUALIFIERS = 2


def find_expansion_mentions(text: str, folded: FoldedText, expansions: list[Expansion], glossary: CompiledGlossary
                            ) -> list[Mention]:
    """Expansions of glossary acronyms that differ from the canonical one, beside the acronym and repeated alone."""
    found: list[Mention] = []
    wrong_phrases: dict[str, Mention] = {}
    for expansion in expansions:
        entry = glossary.acronyms.get(expansion.acronym)
        if entry is None or not is_wrong_expansion(expansion, entry):
            continue
        span = Span(expansion.start, expansion.end)
        suggestion = _suggestion(entry, expansion.plural)
        score = fuzz.ratio(phrase_key(expansion.text), phrase_key(suggestion))
        mention = Mention(entry, span, expansion.text, EXPANSION, suggestion, score)
        found.append(mention)
        wrong_phrases.setdefault(phrase_key(expansion.text), mention)
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


def is_wrong_expansion(expansion: Expansion, entry: Entry) -> bool:
    """Whether a definition given beside the entry's acronym is a wrong expansion of it (see the module's doc)."""
    words = phrase_words(expansion.text, expansion.plural)
    if any(_names_form(words, phrase_words(form, expansion.plural)) for form in entry.good_forms):
        return False
    share = max(word_share(expansion.text, form, expansion.plural) for form in entry.good_forms)
    if share >= CLOSE_SHARE:
        return True
    return not expansion.spelled and share > 0


def _names_form(words: tuple[str, ...], form: tuple[str, ...]) -> bool:
    """The form itself, or a form of two words or more after a qualifier or two that tell whose body it is
    ("Chinese Nationalist Party" for the allowed "Nationalist Party", "Korean Workers' Party")."""
    if words == form:
        return True
    extra = len(words) - len(form)
    return (len(form) >= 2 and 0 < extra <= _MAX_QUALIFIERS and words[extra:] == form
            and not any(word in FUNCTION_WORDS for word in words[:extra]))


def _suggestion(entry: Entry, plural: bool) -> str:
    """The canonical form, in the plural where the acronym is ("ICBMs")."""
    if plural and not entry.canonical.endswith("s"):
        return entry.canonical + "s"
    return entry.canonical
