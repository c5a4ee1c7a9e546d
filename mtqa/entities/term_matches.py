"""Where an article's dictionary terms stand in its source and how often the aligned target renders them.

Term accuracy counts as the terminology shared tasks do. We matched the exact-match accuracy of the WMT21 terminology
task (mahfuzibnalam/terminology_evaluation, `compare_EXACT`: every annotated source occurrence needs a target match
of one of its forms that no other occurrence has taken) and the term success rate of the WMT23 and WMT25 tasks
(source and hypothesis lower-cased, the term counted where its source form occurs): per segment and term, the
occurrences rendered are the target matches of any allowed form, capped at the source occurrences, and the total is
the source occurrences. Source forms count where they stand as words (a Chinese segmenter's boundaries for Han),
target forms at word boundaries, both case-insensitively, on every segment aligned with the source, or over the
whole article when it has no alignment.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from mtqa.alignment import aligned_segments
from mtqa.entities.source_names import WordBoundaries
from mtqa.entities.term_dictionary import Term, term_dictionary
from mtqa.glossary.compile import CompiledGlossary
from mtqa.model import Document, Segment, Span, TermAccuracy
from mtqa.text import FoldedText, fold


@dataclass(frozen=True)
class TermUse:
    """One term in one aligned unit: a segment, or the whole article when it has none."""

    term: Term
    segment: Segment | None
    source_spans: tuple[Span, ...]  # its occurrences in Document.source
    target_spans: tuple[Span, ...]  # its allowed forms in the unit's target, none overlapping another

    @property
    def matched(self) -> int:
        return min(len(self.target_spans), len(self.source_spans))

    @property
    def missing(self) -> int:
        return len(self.source_spans) - self.matched


def term_uses(document: Document, glossary: CompiledGlossary) -> list[TermUse]:
    """Every dictionary term found in the source, per aligned unit, in source order; none without a source."""
    if not document.source:
        return []
    terms = term_dictionary(document, glossary.glossary)
    if not terms:
        return []
    segments = tuple(s for s in aligned_segments(document) if s.source is not None)
    units = segments or (Segment("", Span(0, len(document.target)), Span(0, len(document.source))),)
    boundaries = glossary.source_forms.word_boundaries(document.source)
    in_source = _outside_longer_glossary_forms(
        terms, _source_occurrences(document.source, [[term.source] for term in terms], boundaries))
    in_target = _target_occurrences(document.target, [term.targets for term in terms])
    source_unit = _UnitIndex([unit.source for unit in units])
    target_unit = _UnitIndex([unit.target for unit in units])
    uses = []
    for index, term in enumerate(terms):
        by_unit: dict[int, list[Span]] = defaultdict(list)
        for span in in_source[index]:
            unit = source_unit.holding(span)
            if unit is not None:
                by_unit[unit].append(span)
        rendered: dict[int, list[Span]] = defaultdict(list)
        for span in in_target[index]:
            unit = target_unit.holding(span)
            if unit is not None:
                rendered[unit].append(span)
        for unit, spans in by_unit.items():
            uses.append(TermUse(term, segments[unit] if segments else None, tuple(spans), tuple(rendered[unit])))
    uses.sort(key=lambda use: use.source_spans[0])
    return uses


def _outside_longer_glossary_forms(terms: Sequence[Term], found: list[list[Span]]) -> list[list[Span]]:
    """A glossary form inside a longer glossary form found at the same place is part of that one: 해경 (the Korea
    Coast Guard) in 중국 해경 (China's). The article's own terms count each on its own, as the shared tasks count."""
    longer = sorted(span for term, spans in zip(terms, found, strict=True) if term.entries for span in spans)
    starts = [span.start for span in longer]

    def inside_longer(span: Span) -> bool:
        index = bisect.bisect_right(starts, span.start)
        return any(other.contains(span) and other != span for other in longer[max(index - 8, 0):index])

    return [[span for span in spans if not (term.entries and inside_longer(span))]
            for term, spans in zip(terms, found, strict=True)]


def term_accuracy(uses: Iterable[TermUse]) -> TermAccuracy:
    return sum((TermAccuracy(use.matched, len(use.source_spans)) for use in uses), TermAccuracy())


def source_occurrences(source: str, forms: Sequence[str], boundaries: WordBoundaries) -> list[Span]:
    """Where any of `forms` stands as a word in `source`, case-insensitively, leftmost-longest."""
    return _source_occurrences(source, [forms], boundaries)[0]


def _source_occurrences(source: str, form_lists: Sequence[Sequence[str]], boundaries: WordBoundaries
                        ) -> list[list[Span]]:
    folded = FoldedText(source)

    def stands_as_word(start: int, end: int) -> bool:
        return boundaries.stands_as_word(*folded.to_original(start, end))

    return _occurrences(folded, form_lists, stands_as_word)


def _target_occurrences(target: str, form_lists: Sequence[Sequence[str]]) -> list[list[Span]]:
    folded = FoldedText(target)
    return _occurrences(folded, form_lists, folded.at_word_boundaries)


def _occurrences(folded: FoldedText, form_lists: Sequence[Sequence[str]], is_word: Callable[[int, int], bool]
                 ) -> list[list[Span]]:
    """For each list of forms, where its forms occur in the folded text (so case-insensitively) as `is_word` says a
    word stands there (given folded offsets), leftmost-longest; as spans of the original text."""
    owners: dict[str, set[int]] = defaultdict(set)
    for index, forms in enumerate(form_lists):
        for form in forms:
            key = fold(form).strip()
            if key:
                owners[key].add(index)
    found: list[list[tuple[int, int]]] = [[] for _ in form_lists]
    if owners:
        automaton = ahocorasick.Automaton()
        for key, indexes in owners.items():
            automaton.add_word(key, (len(key), tuple(indexes)))
        automaton.make_automaton()
        for last, (length, indexes) in automaton.iter(folded.folded):
            start, end = last - length + 1, last + 1
            if is_word(start, end):
                for index in indexes:
                    found[index].append((start, end))
    return [[Span(*folded.to_original(*match)) for match in _leftmost_longest(matches)] for matches in found]


def _leftmost_longest(matches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The matches that overlap none before them, taking the longest where several start together."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(matches, key=lambda match: (match[0], -match[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


class _UnitIndex:
    """The unit whose span holds a span, by bisection over the units' starts."""

    def __init__(self, spans: list[Span]) -> None:
        self._spans = spans
        self._starts = [span.start for span in spans]

    def holding(self, span: Span) -> int | None:
        position = bisect.bisect_right(self._starts, span.start) - 1
        if position >= 0 and self._spans[position].contains(span):
            return position
        return None
