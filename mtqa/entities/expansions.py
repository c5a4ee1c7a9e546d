"""Mentions of glossary acronyms' expansions: a definition that differs from the glossary's, and the same wrong
expansion repeated later without its acronym.

A definition beside a glossary acronym is judged against the entry's canonical and allowed forms:

- one of them (case, hyphens, a leading article, a company's legal form and a plural acronym's plural aside), or
  one of them with a qualifier ("Chinese Nationalist Party" for "Nationalist Party"): right;
- spelling the acronym and sharing more than half its content words with one of them: the glossary's name with a
  word changed, wrong; sharing fewer: another body with the same initials ("Syrian Democratic Forces (SDF)" is not
  Japan's Self-Defense Forces, the "Republic of the Congo (ROC)" not the Republic of China), not an error;
- spelling nothing and sharing some content word: a translation's own expansion ("Military Intelligence Protection
  Agreement (GSOMIA)"), wrong;
- otherwise: no definition of the acronym at all ("President Tsai Ing-wen (DPP)" gives a party, not a name).
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick
from rapidfuzz import fuzz

from mtqa.entities.attachment import extends_beyond
from mtqa.entities.covered import ClaimedText
from mtqa.entities.definitions import Expansion, spelled_by_initials
from mtqa.entities.expansion_words import CLOSE_SHARE, FUNCTION_WORDS, phrase_key, phrase_words, word_share
from mtqa.entities.mentions import EXPANSION, Mention
from mtqa.glossary.compile import CompiledGlossary
from mtqa.glossary.model import Entry
from mtqa.model import Span
from mtqa.text import FoldedText, name_key

# A wrong expansion of one word is reported beside its acronym only: alone, the word is too common to be taken for
# a repeat of it ("Group" for "G20 (Group)").
_MIN_REPEATED_WORDS = 2
# Words that may qualify a form to say whose body it is: a nationality, a country, a region.
_MAX_QUALIFIERS = 2
# The last word of a body's name: what it is.
_BODIES = frozenset({"agency", "administration", "ministry", "office", "bureau", "council", "commission", "committee",
                     "service", "guard", "force", "forces", "army", "navy", "party", "bank", "authority", "department",
                     "institute", "association", "federation", "union", "organization", "organisation", "court",
                     "assembly", "parliament", "agreement", "treaty", "pact", "corporation", "company"})
_LEGAL_FORMS = frozenset({"company", "co", "corporation", "corp", "incorporated", "inc", "limited", "ltd", "plc",
                          "llc", "holdings"})


def find_expansion_mentions(text: str, folded: FoldedText, expansions: list[Expansion], glossary: CompiledGlossary
                            ) -> list[Mention]:
    """Expansions of glossary acronyms that differ from the canonical one, beside the acronym and repeated alone."""
    found: list[Mention] = []
    wrong_phrases: dict[str, Mention] = {}
    for expansion in expansions:
        entry = glossary.acronyms.get(expansion.acronym)
        if entry is None or not is_wrong_expansion(expansion, entry):
            continue
        other = glossary.known_name_keys.get(name_key(expansion.text))
        if other is not None and other is not entry:
            continue  # another glossary body with the same initials: "Democratic Party for the People (DPP)"
        span = Span(expansion.start, expansion.end)
        suggestion = _suggestion(entry, expansion.plural)
        score = fuzz.ratio(phrase_key(expansion.text), phrase_key(suggestion))
        mention = Mention(entry, span, expansion.text, EXPANSION, suggestion, score)
        found.append(mention)
        if len(phrase_key(expansion.text).split()) >= _MIN_REPEATED_WORDS:
            wrong_phrases.setdefault(phrase_key(expansion.text), mention)
    taken = ClaimedText(len(text))  # the characters of the mentions found so far
    for mention in found:
        taken.mark(*mention.span)
    places = _occurrences(folded.folded, wrong_phrases) if wrong_phrases else {}
    for phrase, first in wrong_phrases.items():
        for position, end in places[phrase]:
            start_original, end_original = folded.to_original(position, end)
            span = Span(start_original, end_original)
            if folded.at_word_boundaries(position, end) and taken.is_free(*span) \
                    and not extends_beyond(text, span.start, span.end, first.entry):  # "Ground Self-Defense Force"
                found.append(Mention(first.entry, span, text[span.start:span.end], EXPANSION, first.form,
                                     first.score, repeated=True))
                taken.mark(*span)
    return sorted(found, key=lambda m: m.span)


def is_wrong_expansion(expansion: Expansion, entry: Entry) -> bool:
    """Whether a definition given beside the entry's acronym is a wrong expansion of it (see the module's doc)."""
    words = phrase_words(expansion.text, expansion.plural)
    if any(_names_form(words, phrase_words(form, expansion.plural)) for form in entry.good_forms):
        return False
    share = max(word_share(expansion.text, form, expansion.plural) for form in entry.good_forms)
    if expansion.spelled:
        # Spelling the acronym, it takes more than half the words to be this name with a word changed: "Republic of
        # the Congo (ROC)" shares one word of two with the "Republic of China" and is another country. Where the
        # glossary's names give the acronym letters from inside their words, a name sharing a word with them that
        # spells it by its initials is one made up from the acronym ("Demarcated Military Zone (DMZ)" for the
        # Demilitarized Zone): another body's name would not be made from initials its namesake does not have.
        return share > CLOSE_SHARE or (share > 0 and spelled_by_initials(expansion.text, expansion.acronym) and not any(
            spelled_by_initials(form, expansion.acronym) for form in entry.good_forms))
    # Sharing no word, a body's name still defines a body's acronym ("Maritime Safety Agency (JCG)"), where a
    # person's gives his party ("President Tsai Ing-wen (DPP)").
    return share > 0 or (entry.type != "person" and len(words) >= 2 and words[-1] in _BODIES)


def _names_form(words: tuple[str, ...], form: tuple[str, ...]) -> bool:
    """The form itself, less a company's legal form ("Tokyo Electric Power" for "Tokyo Electric Power Company") or a
    qualifier ("Ground Self-Defense Force" for "Japan Ground Self-Defense Force"), or
    a form of two words or more with a qualifier or two that tell whose body it is, before it or after an "of"
    ("Chinese Nationalist Party" for the allowed "Nationalist Party", "Liberal Democratic Party of Japan")."""
    words, form = _without_legal_form(words), _without_legal_form(form)
    if words == form:
        return True
    if len(words) >= 2 and 0 < len(form) - len(words) <= _MAX_QUALIFIERS and form[len(form) - len(words):] == words:
        return True  # the form without its qualifier, which the shortest spelling run leaves out: "Japan" in
        # "Japan Ground Self-Defense Force (GSDF)"
    if len(form) < 2 or not 0 < len(words) - len(form) <= _MAX_QUALIFIERS + 1:
        return False
    before = words[:len(words) - len(form)]
    if words[len(before):] == form and len(before) <= _MAX_QUALIFIERS:
        return not any(word in FUNCTION_WORDS for word in before)
    after = words[len(form):]
    return (words[:len(form)] == form and len(after) >= 2 and after[0] == "of"
            and not any(word in FUNCTION_WORDS for word in after[1:]))


def _without_legal_form(words: tuple[str, ...]) -> tuple[str, ...]:
    """News names a company without its legal form (AP and Reuters style): Co., Corp., Inc., Ltd., Holdings."""
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words = words[:-1]
    return words


def _occurrences(folded: str, phrases: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """Each phrase's places in `folded`, left to right, none overlapping the phrase's previous place: one pass over
    the text for all phrases together."""
    automaton = ahocorasick.Automaton()
    for phrase in phrases:
        automaton.add_word(phrase, phrase)
    automaton.make_automaton()
    places: dict[str, list[tuple[int, int]]] = {phrase: [] for phrase in phrases}
    for last, phrase in automaton.iter(folded):
        start = last + 1 - len(phrase)
        previous = places[phrase]
        if not previous or start >= previous[-1][1]:
            previous.append((start, last + 1))
    return places


def _suggestion(entry: Entry, plural: bool) -> str:
    """The canonical form, in the plural where the acronym is ("ICBMs")."""
    if plural and not entry.canonical.endswith("s"):
        return entry.canonical + "s"
    return entry.canonical
