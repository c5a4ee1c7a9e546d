"""Glossary entries proposed from a bilingual batch: the source names and terms that recur, with the renderings the
translations give them.

The unit of evidence is the aligned segment pair: one source segment and its translation in one article. A batch
of several systems' translations of one source holds that source once per system, so a term's renderings are
counted per pair (each translation votes), while whether a term recurs is counted in distinct source segments: the
same sentence translated eight times is one occurrence, and a term seen in one sentence only cannot be told apart
from the other words of that sentence by co-occurrence.

A term's renderings are found by association: among the target phrases of its pairs (`target_phrases`), the one
most specific to it (Dice coefficient over pairs: 2 * pairs with both / (pairs with the term + pairs with the
phrase)) is taken for the pairs holding it; the next most specific for the pairs left, and so on. A phrase that
another source word of those pairs explains better ("vaccine" beside 钟南山, which goes with 疫苗) is passed over.
Names (people and places) are looked for among name-shaped phrases only. The rendering found in most pairs becomes
the canonical form; the others are listed as `wrong` forms with their counts, for a person to move the acceptable
ones to `allowed`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

import regex
from rapidfuzz import fuzz

from mtqa.alignment import aligned_segments
from mtqa.entities.source_renderings import PERSON, PLACE, reads_as, source_name_renderings
from mtqa.glossary.contents import GlossaryFile
from mtqa.glossary.model import Entry, Glossary, WrongForm
from mtqa.glossary.source_terms import source_words
from mtqa.glossary.target_phrases import target_phrases
from mtqa.model import Document
from mtqa.text import HAN, HANGUL, KANA, fold, name_key

DEFAULT_MIN_COUNT = 2
# A phrase must render the term in at least this many pairs to count as one of its renderings.
MIN_PAIRS = 2
# The least association for a canonical rendering, and for another rendering that is no near-miss of it (set on
# half of the WMT21 documents: at 0.3 a province or a generic word beside a name came in as a rendering of it).
MIN_DICE = 0.3
MIN_OTHER_DICE = 0.5
# Phrases this close in association are a tie, settled for the longer one: "Zhong Nanshan" over "Nanshan".
DICE_TIE = 0.05
# Two renderings this similar (rapidfuzz ratio of their name keys) are one name spelt two ways.
NEAR_MISS_RATIO = 70
MAX_RENDERINGS = 6
NAME_TYPES = frozenset({"person", "place"})
_GLOSSARY_KINDS = {"organisation": "organization"}  # the names' kinds, as glossary types are spelt


@dataclass(frozen=True)
class RenderingCount:
    text: str
    pairs: int  # aligned segment pairs rendering the term so
    articles: int


@dataclass(frozen=True)
class Suggestion:
    source: str
    source_tag: str
    type: str
    renderings: tuple[RenderingCount, ...]  # the majority rendering first
    pairs: int  # aligned segment pairs whose source holds the term
    source_segments: int  # distinct source segments holding it
    articles: int
    association: float  # Dice of the term and its canonical rendering

    @property
    def canonical(self) -> str:
        return self.renderings[0].text

    @property
    def unrendered(self) -> int:
        return self.pairs - sum(rendering.pairs for rendering in self.renderings)


@dataclass(frozen=True)
class _Pair:
    """One aligned segment: a source and its translation in one article."""

    article: int
    source: str
    target: str
    source_tag: str
    readings: dict[str, tuple[str, str]]  # source name -> (its kind, the target run that reads it)


class _Batch:
    """The batch's pairs with the counts association needs: which pairs hold each source word and term, and
    (for the phrases asked for) which pairs hold each target phrase."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.pairs = list(_aligned_pairs(documents))
        self.word_pairs: Counter[str] = Counter()
        self.term_pairs: dict[str, list[int]] = defaultdict(list)
        self.term_types: dict[str, Counter[str]] = defaultdict(Counter)
        for index, pair in enumerate(self.pairs):
            read = source_words(pair.source)
            self.word_pairs.update(read.words)
            # A name read in the target is a name, whatever the segmenter made of it (张继科, 윤석열); where the
            # segmenter tags it, its tag tells the kind (江西 is a place, though 江 is also a family name).
            terms = {name: kind for name, (kind, _) in pair.readings.items()}
            terms.update({term.text: term.type for term in read.terms})
            for term, kind in terms.items():
                self.term_pairs[term].append(index)
                self.term_types[term][kind] += 1
        self.phrase_pairs: dict[str, frozenset[int]] = {}
        self._shape_votes: Counter[str] = Counter()
        self._rivals: dict[str, tuple[tuple[float, str], ...]] = {}

    def source_segments(self, term: str) -> int:
        return len({self.pairs[index].source for index in self.term_pairs[term]})

    def count_phrases(self, wanted: set[str]) -> None:
        found: dict[str, list[int]] = defaultdict(list)
        for index, pair in enumerate(self.pairs):
            phrases = target_phrases(pair.target)
            for key in phrases.keys() & wanted:
                found[key].append(index)
                # Voted here, in the one pass over the pairs: asked per term, a phrase every pair holds (Beijing)
                # was looked up again in every pair for every term, pairs x terms.
                self._shape_votes[key] += 1 if phrases[key].name_shaped else -1
        self.phrase_pairs = {key: frozenset(indexes) for key, indexes in found.items()}

    def name_shaped(self, key: str) -> bool:
        """Whether at least half of the pairs holding phrase `key` write it like a name (so does one no pair holds)."""
        return self._shape_votes[key] >= 0

    def dice(self, term: str, key: str) -> float:
        """How specific phrase `key` is to `term`: 2 * pairs holding both / (pairs holding each, added)."""
        holding = self.phrase_pairs.get(key, frozenset())
        together = len(holding.intersection(self.term_pairs[term]))
        return 2 * together / (len(self.term_pairs[term]) + len(holding)) if together else 0.0

    def rivals(self, key: str) -> tuple[tuple[float, str], ...]:
        """The source words of the pairs holding phrase `key`, by their association with it, strongest first."""
        if key not in self._rivals:
            holding = self.phrase_pairs[key]
            together = Counter(word for index in holding for word in source_words(self.pairs[index].source).words)
            scored = ((2 * count / (self.word_pairs[word] + len(holding)), word) for word, count in together.items())
            self._rivals[key] = tuple(sorted(scored, reverse=True))
        return self._rivals[key]

    def explained_by(self, term: str, key: str, dice: float) -> bool:
        """Whether no other source word goes with phrase `key` more closely than `term` does (words of the term,
        such as 委员会 in 国家卫生健康委员会, are no rivals)."""
        for rival_dice, word in self.rivals(key):
            if rival_dice <= dice + 1e-9:
                return True
            if word not in term and term not in word:
                return False
        return True


def suggest(documents: Iterable[Document], glossary: Glossary, min_count: int = DEFAULT_MIN_COUNT,
            top: int | None = None) -> list[Suggestion]:
    """Entries for the source terms found in at least `min_count` distinct source segments, strongest evidence
    first, leaving out what `glossary` already lists; at most `top` of them."""
    batch = _Batch(documents)
    known_sources = {form for entry in glossary.entries for forms in entry.sources.values() for form in forms}
    terms = sorted(term for term in batch.term_pairs
                   if term not in known_sources and batch.source_segments(term) >= min_count)
    candidates = {term: _candidate_counts(batch, term) for term in terms}
    batch.count_phrases({key for counts in candidates.values() for key in counts})
    found = [suggestion for term in terms if (suggestion := _suggestion(batch, term, candidates[term]))]
    found.sort(key=lambda s: (-s.renderings[0].pairs * s.association, s.source))
    return _without_known_forms(found, glossary)[:top]


def _aligned_pairs(documents: Iterable[Document]) -> Iterator[_Pair]:
    for article, document in enumerate(documents):
        if not document.source:
            continue
        tag = source_language_tag(document)
        segments = tuple(segment for segment in aligned_segments(document) if segment.source is not None)
        # By place in the source (stable, so a segment's readings keep their order), so that each segment finds its
        # own by bisection: tested against all of the document's readings, a segment cost segments x readings.
        readings = sorted(source_name_renderings(document, segments), key=lambda found: found.source_span.start)
        starts = [found.source_span.start for found in readings]
        for segment in segments:
            inside = readings[bisect_left(starts, segment.source.start):bisect_left(starts, segment.source.end)]
            read = {found.source: (_GLOSSARY_KINDS.get(found.kind, found.kind), found.text) for found in inside}
            yield _Pair(article, document.source[segment.source.start:segment.source.end],
                        document.target[segment.target.start:segment.target.end], tag, read)


def source_language_tag(document: Document) -> str:
    """The article's source language as given, else as its script tells: zh for Chinese characters (which could
    be simplified or traditional), ja where kana occur, ko for Hangul."""
    if document.source_lang:
        return document.source_lang
    source = document.source or ""
    if KANA.search(source):
        return "ja"
    if HANGUL.search(source):
        return "ko"
    return "zh" if HAN.search(source) else "und"


def _candidate_counts(batch: _Batch, term: str) -> Counter[str]:
    """The target phrases of the term's pairs seen in at least MIN_PAIRS of them, and the renderings read there."""
    holding = batch.term_pairs[term]
    counts = Counter(key for index in holding for key in target_phrases(batch.pairs[index].target))
    counts = Counter({key: count for key, count in counts.items() if count >= MIN_PAIRS})
    for index in holding:
        if term in batch.pairs[index].readings:
            counts.setdefault(fold(batch.pairs[index].readings[term][1]), 0)
    return counts


@dataclass(frozen=True)
class _Choice:
    """A rendering taken for some of the term's pairs, with its spellings there."""

    key: str
    covered: frozenset[int]
    spellings: Counter[str]


def _suggestion(batch: _Batch, term: str, counts: Counter[str]) -> Suggestion | None:
    kind = batch.term_types[term].most_common(1)[0][0]
    chosen = _renderings(batch, term, counts, names_only=kind in NAME_TYPES)
    if not chosen:
        return None
    chosen.sort(key=lambda choice: (-len(choice.covered), choice.key))
    canonical_key = chosen[0].key
    if kind not in NAME_TYPES and not batch.name_shaped(canonical_key):
        kind = "term"  # a body or proper noun rendered in lower case: "public security bureau"
    renderings = tuple(_rendering(batch, choice) for choice in chosen)
    holding = batch.term_pairs[term]
    return Suggestion(
        source=term,
        source_tag=Counter(batch.pairs[index].source_tag for index in holding).most_common(1)[0][0],
        type=_name_kind(term, kind, renderings[0].text),
        renderings=renderings,
        pairs=len(holding),
        source_segments=batch.source_segments(term),
        articles=len({batch.pairs[index].article for index in holding}),
        association=round(batch.dice(term, canonical_key), 3),
    )


def _renderings(batch: _Batch, term: str, counts: Counter[str], names_only: bool) -> list[_Choice]:
    """The renderings of the term, each with the pairs it is taken for. A name read in the target
    (`source_name_renderings`) is its rendering there; for the other pairs, the most specific phrase is taken for
    the pairs holding it, then the most specific for the pairs left, and so on."""
    # Gathered before freezing: a frozen choice copied for each pair reading it cost pairs x pairs.
    read_in: dict[str, set[int]] = defaultdict(set)
    spelt: dict[str, Counter[str]] = defaultdict(Counter)
    for index in batch.term_pairs[term]:
        if term in batch.pairs[index].readings:
            text = batch.pairs[index].readings[term][1]
            read_in[fold(text)].add(index)
            spelt[fold(text)][text] += 1
    read = {key: _Choice(key, frozenset(indexes), spelt[key]) for key, indexes in read_in.items()}
    chosen = sorted(read.values(), key=lambda choice: -len(choice.covered))
    remaining = set(batch.term_pairs[term]).difference(*(choice.covered for choice in chosen))
    keys = sorted(key for key in counts if key not in read and (not names_only or batch.name_shaped(key)))
    while remaining and len(chosen) < MAX_RENDERINGS:
        taken = frozenset().union(*(choice.covered for choice in chosen))
        best = _best_phrase(batch, term, keys, remaining, taken, chosen[0].key if chosen else None)
        if best is None:
            break
        covered = frozenset(remaining & batch.phrase_pairs[best])
        spellings = Counter(target_phrases(batch.pairs[index].target)[best].text for index in covered)
        chosen.append(_Choice(best, covered, spellings))
        remaining -= covered
    return chosen


def _name_kind(term: str, kind: str, canonical: str) -> str:
    """A person where the rendering says so though the segmenter tags a place: a Chinese name read out in two
    words, family name and given name (钟南山: Zhong Nanshan), where place names are written as one (Shanghai)."""
    words = canonical.lower().split()
    return PERSON if kind == PLACE and len(words) == 2 and reads_as(term, words, PERSON) else kind


def _best_phrase(batch: _Batch, term: str, keys: list[str], remaining: set[int], taken: frozenset[int],
                 first: str | None) -> str | None:
    """The phrase most specific to the term in the pairs not yet taken by a rendering, present in at least
    MIN_PAIRS of them, that no other source word explains better; among phrases about as specific, the one of
    most words. After the first rendering, only a near-miss of it or a phrase still strongly associated."""
    scored = []
    for key in keys:
        # Intersections only, which run over the smaller set: subtracting `taken` from a phrase every pair holds
        # cost a pass over the batch per phrase and term. `remaining` and `taken` are disjoint.
        holding = batch.phrase_pairs[key]
        together = len(holding & remaining)
        if together >= MIN_PAIRS:
            untaken = len(holding) - len(holding & taken)
            scored.append((2 * together / (len(remaining) + untaken), key))
    scored.sort(reverse=True)
    ties: list[tuple[int, str]] = []
    top = None
    for dice, key in scored:
        if top is not None and dice < top - DICE_TIE:
            break
        if first is None and dice < MIN_DICE:
            break
        if first is not None and dice < MIN_OTHER_DICE and not _near_miss(key, first):
            continue
        if not batch.explained_by(term, key, batch.dice(term, key)):
            continue
        top = dice if top is None else top
        ties.append((len(key.split()), key))
    return max(ties)[1] if ties else None


def _near_miss(key: str, other: str) -> bool:
    return fuzz.ratio(name_key(key), name_key(other)) >= NEAR_MISS_RATIO


def _rendering(batch: _Batch, choice: _Choice) -> RenderingCount:
    """The rendering as most of its pairs spell it, with its counts."""
    text = min(choice.spellings, key=lambda spelling: (-choice.spellings[spelling], spelling))
    return RenderingCount(text, len(choice.covered), len({batch.pairs[index].article for index in choice.covered}))


def _without_known_forms(found: list[Suggestion], glossary: Glossary) -> list[Suggestion]:
    """Suggestions whose canonical form no glossary entry or stronger suggestion has, without the other renderings
    that an entry or another suggestion has: every form belongs to one entry, so the suggestions merge with the
    glossary. Canonical forms are claimed first: "Jiangxi" is the canonical of 江西 before it is another
    rendering of 江西省."""
    taken = {fold(form).strip() for entry in glossary.entries
             for form in (*entry.good_forms, *(wrong.text for wrong in entry.wrong))}
    kept = []
    for suggestion in found:
        if fold(suggestion.canonical).strip() not in taken:
            taken.add(fold(suggestion.canonical).strip())
            kept.append(suggestion)
    result = []
    for suggestion in kept:
        others = []
        for rendering in suggestion.renderings[1:]:
            if fold(rendering.text).strip() not in taken:
                taken.add(fold(rendering.text).strip())
                others.append(rendering)
        result.append(replace(suggestion, renderings=(suggestion.renderings[0], *others)))
    return result


_NOT_SLUG = regex.compile(r"[^\p{L}\p{N}]+")


def suggestions_glossary(suggestions: list[Suggestion], articles: int, language: str | None = "en",
                         taken_ids: Iterable[str] = ()) -> GlossaryFile:
    """The suggestions as a glossary file for review; ids unlike `taken_ids` (the glossaries checked with it), so that
    the file can be checked beside them."""
    used: set[str] = set(taken_ids)
    entries = []
    for suggestion in suggestions:
        entries.append(Entry(
            id=_unique_slug(suggestion.canonical, used),
            type=suggestion.type,
            canonical=suggestion.canonical,
            sources={suggestion.source_tag: (suggestion.source,)},
            wrong=tuple(WrongForm(r.text, f"seen {_times(r.pairs)} in {_articles(r.articles)}; review: wrong, "
                                          f"or allowed?") for r in suggestion.renderings[1:]),
            case_sensitive=suggestion.type != "term",
            note=_entry_note(suggestion),
        ))
    return GlossaryFile(name="suggestions", entries=tuple(entries), language=language,
                        description=f"Names and terms suggested from {_articles(articles)}: review each entry; the "
                                    f"wrong forms are the other renderings seen, some of which may be allowed.")


def _entry_note(suggestion: Suggestion) -> str:
    canonical = suggestion.renderings[0]
    note = (f"suggested: {suggestion.source} in {suggestion.source_segments} source segments, translated "
            f"{_times(suggestion.pairs)} in {_articles(suggestion.articles)}; rendered '{canonical.text}' "
            f"{_times(canonical.pairs)} (association {suggestion.association:.2f})")
    if suggestion.unrendered:
        note += f"; no recurring rendering found {_times(suggestion.unrendered)}"
    return note


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _articles(count: int) -> str:
    return "1 article" if count == 1 else f"{count} articles"


def _unique_slug(text: str, used: set[str]) -> str:
    base = _NOT_SLUG.sub("-", text.lower()).strip("-") or "entry"
    slug, number = base, 2
    while slug in used:
        slug, number = f"{base}-{number}", number + 1
    used.add(slug)
    return slug
