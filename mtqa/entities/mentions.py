"""Find every mention of a glossary entry in an article: listed forms, near-misses and transliterations.

The checks read these mentions; consistency checks group them by entry.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from rapidfuzz import fuzz

from mtqa.entities.name_index import MIN_FUZZY_KEY
from mtqa.entities.names import NameSpan, candidate_spans, near_miss_score
from mtqa.entities.romanize import phonetic_key
from mtqa.glossary.compile import GOOD_KINDS, CompiledGlossary, FormRef
from mtqa.glossary.model import Entry
from mtqa.model import Span
from mtqa.text import FoldedText

VARIANT, TRANSLITERATION, EXPANSION = "variant", "transliteration", "expansion"
MIN_TRANSLITERATION_KEY = 6
# A one-word name has little to confirm a near-miss with ("Poyang" is a lake, not "Pyongyang"): ask for more.
SINGLE_WORD_THRESHOLD = 88.0


@dataclass(frozen=True)
class Mention:
    entry: Entry
    span: Span
    text: str
    kind: str  # canonical, allowed, acronym, wrong, variant, transliteration, expansion
    form: str  # the listed or generated form it matched
    score: float = 100.0
    ref: FormRef | None = None
    repeated: bool = False  # a wrong expansion met again without its acronym
    source_form: str | None = None  # for a transliteration: the source name it was generated from

    @property
    def is_good(self) -> bool:
        return self.kind in GOOD_KINDS


def find_mentions(text: str, folded: FoldedText, glossary: CompiledGlossary, threshold: float,
                  source: str | None = None, candidates: list[NameSpan] | None = None) -> list[Mention]:
    """Mentions of glossary entries in `text`. With a `source`, a near-miss or a transliteration counts only when
    the source really names that entry."""
    exact = [
        Mention(m.ref.entry, Span(m.start, m.end), text[m.start:m.end], m.ref.kind, m.ref.form, ref=m.ref)
        for m in glossary.exact_matches(folded)
    ]
    if candidates is None:
        candidates = candidate_spans(text)
    approximate = _approximate_mentions(candidates, exact, glossary, threshold, source)
    kept_exact = [m for m in exact if not any(m.span.overlaps(a.span) for a in approximate)]
    return sorted(kept_exact + approximate, key=lambda m: m.span)


def _approximate_mentions(candidates: list[NameSpan], exact: list[Mention], glossary: CompiledGlossary,
                          threshold: float, source: str | None) -> list[Mention]:
    found: list[Mention] = []
    exact_starts = [m.span.start for m in exact]  # exact matches do not overlap, so they are ordered by start
    for candidate in candidates:
        inside = bisect.bisect_right(exact_starts, candidate.start) - 1
        if inside >= 0 and exact[inside].span.end >= candidate.end:
            continue  # the candidate is part of a listed form
        span = Span(candidate.start, candidate.end)
        mention = _near_miss(candidate, span, glossary, threshold) or _transliteration(candidate, span, glossary)
        if mention is not None and _confirmed_by_source(mention.entry, source):
            found.append(mention)
    # Longest, then closest, wins where candidates overlap.
    found.sort(key=lambda m: (-(m.span.end - m.span.start), -m.score))
    chosen: list[Mention] = []
    for mention in found:
        if not any(mention.span.overlaps(other.span) for other in chosen):
            if not any(e.span.contains(mention.span) or _other_entry_inside(e, mention) for e in exact):
                chosen.append(mention)
    return chosen


def _other_entry_inside(exact: Mention, mention: Mention) -> bool:
    """A known name of another entry inside the candidate means the candidate is that name plus context."""
    return exact.entry is not mention.entry and mention.span.contains(exact.span)


def _confirmed_by_source(entry: Entry, source: str | None) -> bool:
    """Without a source any near-miss or transliteration stands; with one, the source must name the entry."""
    if source is None or not entry.sources:
        return True
    return any(form in source for forms in entry.sources.values() for form in forms)


def _transliteration(candidate: NameSpan, span: Span, glossary: CompiledGlossary) -> Mention | None:
    if not glossary.transliterations or candidate.tokens > 4 or len(candidate.key) < MIN_TRANSLITERATION_KEY:
        return None
    hit = glossary.transliterations.get(phonetic_key(candidate.key))
    if hit is None or candidate.key in glossary.known_name_keys:
        return None
    entry, rendering, source_form = hit
    return Mention(entry, span, candidate.text, TRANSLITERATION, rendering, source_form=source_form)


def _near_miss(candidate: NameSpan, span: Span, glossary: CompiledGlossary, threshold: float) -> Mention | None:
    key, units, names = candidate.key, candidate.units, glossary.names
    if len(key) < (MIN_FUZZY_KEY if len(units) == 1 else 4):
        return None
    known = glossary.known_name_keys.get(key)
    if known is not None and candidate.text.isupper():
        return None  # a known name in an all-capitals headline
    if len(units) == 1:
        threshold = max(threshold, SINGLE_WORD_THRESHOLD)
    else:
        romanised = names.by_sound.get(phonetic_key(key))
        if known is None and romanised is not None and len(units) == len(romanised.units):
            return Mention(romanised.entry, span, candidate.text, VARIANT, romanised.form,
                           fuzz.ratio(key, romanised.key))
    close = names.close_names(key, units, threshold)
    best: Mention | None = None
    for item in close:
        if known is not None and known is not item.entry:
            return None  # the candidate is another entry's name, spelt differently
        if candidate.text == item.form:
            return None
        verified = near_miss_score(candidate.text, item.form, threshold, list(units), list(item.units))
        if verified is not None and (best is None or verified > best.score):
            best = Mention(item.entry, span, candidate.text, VARIANT, item.form, verified)
    return best
