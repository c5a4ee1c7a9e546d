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
from weakref import WeakKeyDictionary

import ahocorasick

from mtqa.alignment import aligned_segments
from mtqa.entities.attachment import HeadlineLines, renamed_before
from mtqa.entities.source_names import WordBoundaries
from mtqa.entities.term_dictionary import GlossaryTerms, Term, glossary_terms
from mtqa.glossary.compile import CompiledGlossary
from mtqa.language_tags import source_language
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


def term_uses(document: Document, glossary: CompiledGlossary, target: str | None = None) -> list[TermUse]:
    """Every dictionary term found in the source, per aligned unit, in source order; none without a source. The
    renderings are looked for in `target`, the document's target as the checks read it (by default as written)."""
    if not document.source:
        return []
    target = document.target if target is None else target
    listed = glossary_terms(glossary, source_language(document.source_lang, document.source), document.target_lang)
    terms = listed.with_own(document.terms)
    if not terms:
        return []
    segments = tuple(s for s in aligned_segments(document) if s.source is not None)
    units = segments or (Segment("", Span(0, len(document.target)), Span(0, len(document.source))),)
    boundaries = glossary.source_forms.word_boundaries(document.source)
    source_finders, target_finders = _finders(listed, terms, document.terms)
    folded_source = FoldedText(document.source)
    # Only the terms found are looked at: a large glossary's other terms cost an article nothing.
    in_source = _outside_longer_glossary_forms(terms, _occurrences(
        folded_source, source_finders,
        lambda start, end: boundaries.stands_as_word(*folded_source.to_original(start, end))))
    folded_target = FoldedText(target)
    in_target = _naming_their_entries(target, terms, _occurrences(folded_target, target_finders,
                                                                   folded_target.at_word_boundaries))
    source_unit = _UnitIndex([unit.source for unit in units])
    target_unit = _UnitIndex([unit.target for unit in units])
    uses = []
    for index in sorted(in_source):  # in dictionary order, as ties in source order keep it
        term = terms[index]
        by_unit: dict[int, list[Span]] = defaultdict(list)
        for span in in_source[index]:
            unit = source_unit.holding(span)
            if unit is not None:
                by_unit[unit].append(span)
        rendered: dict[int, list[Span]] = defaultdict(list)
        for span in in_target.get(index, ()):
            unit = target_unit.holding(span)
            if unit is not None:
                rendered[unit].append(span)
        for unit, spans in by_unit.items():
            uses.append(TermUse(term, segments[unit] if segments else None, tuple(spans), tuple(rendered[unit])))
    uses.sort(key=lambda use: use.source_spans[0])
    return uses


def _naming_their_entries(text: str, terms: Sequence[Term], found: dict[int, list[Span]]) -> dict[int, list[Span]]:
    """The target forms of each term but a body's form inside another body's longer name: the "Democratic Party" of
    "Together Democratic Party" renders no 더불어민주당. People's names are left as found: a title before one
    ("Commander-in-Chief of the Armed Forces Putin") names no one else."""
    headlines = None
    kept = {}
    for index, spans in found.items():
        entry = terms[index].entry
        if entry is not None and entry.is_name and entry.type != "person":
            headlines = headlines or HeadlineLines(text)
            spans = [span for span in spans if not renamed_before(text, span.start, headlines)]
        kept[index] = spans
    return kept


def _outside_longer_glossary_forms(terms: Sequence[Term], found: dict[int, list[Span]]) -> dict[int, list[Span]]:
    """A glossary form inside a longer glossary form found at the same place is part of that one: 해경 (the Korea
    Coast Guard) in 중국 해경 (China's). The article's own terms count each on its own, as the shared tasks count."""
    longer = sorted(span for index, spans in found.items() if terms[index].entries for span in spans)
    starts = [span.start for span in longer]

    def inside_longer(span: Span) -> bool:
        index = bisect.bisect_right(starts, span.start)
        return any(other.contains(span) and other != span for other in longer[max(index - 8, 0):index])

    return {index: [span for span in spans if not (terms[index].entries and inside_longer(span))]
            for index, spans in found.items()}


def term_accuracy(uses: Iterable[TermUse]) -> TermAccuracy:
    return sum((TermAccuracy(use.matched, len(use.source_spans)) for use in uses), TermAccuracy())


def source_occurrences(source: str, forms: Sequence[str], boundaries: WordBoundaries) -> list[Span]:
    """Where any of `forms` stands as a word in `source`, case-insensitively, leftmost-longest."""
    folded = FoldedText(source)
    return _occurrences(folded, [(FormFinder([forms]), [0])],
                        lambda start, end: boundaries.stands_as_word(*folded.to_original(start, end))).get(0, [])


class FormFinder:
    """Where the forms of several lists occur in a folded text (so case-insensitively): one automaton for them all."""

    def __init__(self, form_lists: Sequence[Sequence[str]]) -> None:
        owners: dict[str, set[int]] = defaultdict(set)
        for index, forms in enumerate(form_lists):
            for form in forms:
                key = fold(form).strip()
                if key:
                    owners[key].add(index)
        self._automaton = None
        if owners:
            self._automaton = ahocorasick.Automaton()
            for key, indexes in owners.items():
                self._automaton.add_word(key, (len(key), tuple(indexes)))
            self._automaton.make_automaton()

    def add_matches(self, folded: FoldedText, is_word: Callable[[int, int], bool], places: Sequence[int],
                    found: dict[int, list[tuple[int, int]]]) -> None:
        """Append each match of list i, where `is_word` says a word stands (folded offsets), to found[places[i]]."""
        if self._automaton is None:
            return
        for last, (length, indexes) in self._automaton.iter(folded.folded):
            start, end = last - length + 1, last + 1
            if is_word(start, end):
                for index in indexes:
                    found.setdefault(places[index], []).append((start, end))


# The finders of each GlossaryTerms' source and target forms, made on first use: the same for every article.
_FINDERS: WeakKeyDictionary[GlossaryTerms, tuple[FormFinder, FormFinder]] = WeakKeyDictionary()

Finders = list[tuple[FormFinder, Sequence[int]]]  # each finder, with the term index of each of its lists


def _finders(listed: GlossaryTerms, terms: Sequence[Term], own: dict[str, tuple[str, ...]]
             ) -> tuple[Finders, Finders]:
    """Finders of the terms' source and target forms: the glossaries' own, made once, and one more per article
    for what its own terms add (new source forms, and target forms a glossary term did not list)."""
    made = _FINDERS.get(listed)
    if made is None:
        made = _FINDERS[listed] = (FormFinder([[term.source] for term in listed.terms]),
                                   FormFinder([term.targets for term in listed.terms]))
    listed_places = range(len(listed.terms))
    sources: Finders = [(made[0], listed_places)]
    targets: Finders = [(made[1], listed_places)]
    if len(terms) > len(listed.terms):
        new_places = range(len(listed.terms), len(terms))
        sources.append((FormFinder([[terms[index].source] for index in new_places]), new_places))
    # The target forms the article's own terms add: all of a new term's, those a glossary term did not list.
    added = {index: list(terms[index].targets) for index in range(len(listed.terms), len(terms))}
    for form in own:
        place = listed.places.get(form)
        if place is not None:
            added[place] = [target for target in terms[place].targets if target not in listed.terms[place].targets]
    if added:
        targets.append((FormFinder(list(added.values())), list(added)))
    return sources, targets


def _occurrences(folded: FoldedText, finders: Finders, is_word: Callable[[int, int], bool]
                 ) -> dict[int, list[Span]]:
    """For each list of forms that occurs (the `finders` say where) as `is_word` says a word stands there (given
    folded offsets), by its index: its places, leftmost-longest, as spans of the original text."""
    found: dict[int, list[tuple[int, int]]] = {}
    for finder, places in finders:
        finder.add_matches(folded, is_word, places, found)
    return {index: [Span(*folded.to_original(*match)) for match in _leftmost_longest(matches)]
            for index, matches in found.items()}


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
