"""How the articles of a batch render each entity: the glossary's entries (by their mentions) and the names the
sources write in Chinese characters or Hangul (by reading, then by near-miss).

A source name is confirmed where some article renders it by reading (mtqa.entities.source_renderings). In the other
articles whose aligned source segment holds the same name, its rendering is the capitalised run of the target
segment nearest to the renderings already known ("Zhang Jilin" for 张继科, which no reading gives). A name found
by reading inside a longer name confirmed elsewhere in the batch is a rendering of that one: "Zhang Ji" in "Zhang
Ji Colin" renders 张继科 cut short, not a person called 张继.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import ahocorasick
from rapidfuzz import fuzz

from mtqa.entities.covered import ClaimedText
from mtqa.entities.names import NameSpan, name_units
from mtqa.entities.source_renderings import PERSON, SourceRendering, reads_stem
from mtqa.glossary.compile import GOOD_KINDS
from mtqa.model import EntityRenderings, RenderingCount, Segment, Span
from mtqa.text import name_key

if TYPE_CHECKING:
    from mtqa.checks.batch_context import BatchArticle, BatchView

# How close a capitalised run must come to a rendering known from other articles to count as this name's rendering
# (rapidfuzz ratio of the name keys): "Zhang Jilin" (74) and "Zhang Jian" (78) for "Zhang Jike", not "Zhang Yining"
# (60); and it must be about as long: "Zhang" alone (71) is a mention cut short, not a misspelling.
NEAR_MISS = 70.0
MIN_LENGTH_SHARE = 0.75


@dataclass(slots=True)  # not frozen: a batch makes one per mention, and a frozen dataclass is made 3x slower
class Occurrence:
    doc: str
    text: str
    span: Span
    good: bool = False  # a canonical or allowed glossary form, or a place's name with its ending translated
    read: bool = True  # a glossary form, or a reading of the source name; False for a near-miss
    source_span: Span | None = None
    segment: str | None = None

    @property
    def key(self) -> str:
        # Not a cached_property: name_key is memoised, and functools' cached_property takes a lock at first (Python
        # 3.11) that cost more than the key, once per occurrence of a batch.
        return name_key(self.text) or self.text


@dataclass
class Entity:
    """One glossary entry or one source name, and every rendering the batch gives it."""

    id: str
    kind: str
    sources: tuple[str, ...]
    canonical: str | None = None  # the glossary's: the reference whatever the batch says
    occurrences: list[Occurrence] = field(default_factory=list)
    _spelling_cache: tuple[int, dict[str, str]] | None = field(default=None, repr=False, compare=False)
    _table_cache: tuple[int, dict[str, dict[str, list[Occurrence]]]] | None = field(default=None, repr=False,
                                                                                 compare=False)

    @property
    def label(self) -> str:
        """What a message calls it: the source name, or the glossary's canonical form."""
        return self.canonical if self.canonical is not None else self.sources[0]

    def by_rendering(self) -> dict[str, dict[str, list[Occurrence]]]:
        """rendering key -> article -> its occurrences there, in batch order. Built once for all its readers (the
        table, the reference, the batch check), as the spellings are; not to be changed by them."""
        if self._table_cache is None or self._table_cache[0] != len(self.occurrences):
            table: dict[str, dict[str, list[Occurrence]]] = defaultdict(lambda: defaultdict(list))
            for occurrence in self.occurrences:
                table[occurrence.key][occurrence.doc].append(occurrence)
            plain = {key: dict(docs) for key, docs in table.items()}  # plain: a look-up adds nothing
            self._table_cache = (len(self.occurrences), plain)
        return self._table_cache[1]

    def reference_key(self) -> str:
        """The glossary canonical, else the rendering most articles use, else (on a tie) the first."""
        if self.canonical is not None:
            return name_key(self.canonical)
        table = self.by_rendering()
        # A rendering no article reads from the source (a near-miss) or a place's ending translated is no reference
        # while one that reads it in full exists.
        read = {key for key, docs in table.items()
                if any(o.read and not o.good for found in docs.values() for o in found)}
        articles = {key: len(docs) for key, docs in table.items() if key in read or not read}
        return max(articles, key=articles.get)  # the first of the most used: dicts keep batch order

    def spelling(self, key: str) -> str:
        """The rendering as most of its occurrences write it (the canonical form for the glossary's own)."""
        if self.canonical is not None and key == name_key(self.canonical):
            return self.canonical
        return self._spellings()[key]

    def _spellings(self) -> dict[str, str]:
        """Rendering key -> its most common spelling, counted once for all keys (an entity's occurrences are all
        collected before any is asked for)."""
        if self._spelling_cache is None or self._spelling_cache[0] != len(self.occurrences):
            counts: dict[str, Counter] = defaultdict(Counter)
            for occurrence in self.occurrences:
                counts[occurrence.key][occurrence.text] += 1
            self._spelling_cache = (len(self.occurrences),
                                    {key: texts.most_common(1)[0][0] for key, texts in counts.items()})
        return self._spelling_cache[1]

    def table(self) -> EntityRenderings:
        rows = []
        for key, docs in self.by_rendering().items():
            mentions = sum(map(len, docs.values()))  # an entity of a large batch stands in thousands of articles
            rows.append(RenderingCount(self.spelling(key), mentions, tuple(docs)))
        reference = self.reference_key()
        rows.sort(key=lambda row: (name_key(row.text) != reference, -len(row.documents), -row.mentions))
        return EntityRenderings(self.id, self.spelling(reference), self.sources, tuple(rows), self.kind)


def batch_entities(batch: BatchView) -> list[Entity]:
    """Every glossary entry mentioned in the batch and every source name that more than one article's source holds,
    with their renderings."""
    return [*_glossary_entities(batch), *_source_name_entities(batch.articles)]


def renderings_table(batch: BatchView) -> tuple[EntityRenderings, ...]:
    return tuple(entity.table() for entity in batch.entities if entity.occurrences)


def _glossary_entities(batch: BatchView) -> Iterator[Entity]:
    entities: dict[str, Entity] = {}
    for article in batch.articles:
        for rendering in article.renderings:
            entity = entities.get(rendering.entry_id)
            if entity is None:
                entry = batch.entries[rendering.entry_id]
                sources = tuple(form for forms in entry.sources.values() for form in forms)
                entity = entities[entry.id] = Entity(entry.id, entry.type, sources, entry.canonical)
            entity.occurrences.append(Occurrence(article.document.id, rendering.text, rendering.span,
                                                 good=rendering.kind in GOOD_KINDS))
    yield from entities.values()


def _source_name_entities(articles: Sequence[BatchArticle]) -> list[Entity]:
    """Source names confirmed by reading somewhere in the batch, completed by near-miss in the other articles."""
    found: dict[int, list[SourceRendering]] = {}
    for position, article in enumerate(articles):
        if article.document.source and article.segments:
            found[position] = list(article.unclaimed)
    names = {rendering.source: rendering.kind for renderings in found.values() for rendering in renderings}
    if not names:
        return []
    automaton = ahocorasick.Automaton()
    for name in names:
        automaton.add_word(name, name)
    automaton.make_automaton()
    entities = {name: Entity(name, kind, (name,)) for name, kind in names.items()}
    holders: dict[str, set[str]] = defaultdict(set)  # name -> the articles whose aligned source holds it
    unread: list[tuple[BatchArticle, list, dict, list[SourceRendering]]] = []
    for position, renderings in found.items():
        context = articles[position]
        places = _name_places(context, automaton)
        for name, _, _ in places:
            holders[name].add(context.document.id)
        by_place = _assigned(renderings, places)
        for name, segment, source_span in places:
            entity = entities[name]
            rendering = by_place.get((name, source_span.start))
            if rendering is not None:
                # A shorter name's reading inside this one: its stem, or this name cut short ("Zhang Ji").
                stem = rendering.source != name and reads_stem(name, name_units(rendering.text))
                entity.occurrences.append(Occurrence(context.document.id, rendering.text, rendering.span,
                                                     good=stem, read=rendering.source == name or stem,
                                                     source_span=source_span, segment=segment.id))
        unread.append((context, places, by_place, renderings))
    # A place no reading covers is matched against the readings of the whole batch, whichever article holds them:
    # the order of the articles must not decide which of them are flagged.
    readings = {name: [o for o in entity.occurrences if o.read] for name, entity in entities.items()}
    for context, places, by_place, renderings in unread:
        taken = ClaimedText(len(context.text))  # target runs that render a name already
        for rendering in renderings:
            taken.mark(*rendering.span)
        for name, segment, source_span in places:
            if (name, source_span.start) in by_place:
                continue
            run, stem = _stem_run(context, segment, name, taken), True
            if run is None:
                run = _nearest_run(context, segment, readings[name], taken)
                stem = run is not None and _adjective_of_reading(run.key, entities[name].kind, readings[name])
            if run is not None:
                taken.mark(run.start, run.end)
                entities[name].occurrences.append(Occurrence(
                    context.document.id, run.text, Span(run.start, run.end), good=stem, read=stem,
                    source_span=source_span, segment=segment.id))
    kept = [entity for name, entity in entities.items() if len(holders[name]) > 1]
    for entity in kept:  # in batch order, whatever order the near-misses were found in
        order = {article.document.id: index for index, article in enumerate(articles)}
        entity.occurrences.sort(key=lambda o: (order[o.doc], o.span))
    return kept


def _name_places(context: BatchArticle, automaton) -> list[tuple[str, Segment, Span]]:
    """(name, segment, source span) for each known name in the article's aligned source segments, longest first
    where names overlap (张继科 over 张继)."""
    source = context.document.source or ""
    places = []
    for segment in context.segments:
        if segment.source is None:
            continue
        text = source[segment.source.start:segment.source.end]
        matches = sorted(((end - len(name) + 1, end + 1, name) for end, name in automaton.iter(text)),
                         key=lambda m: (m[0], -m[1]))
        reach = -1
        for start, end, name in matches:
            if end <= reach or start < reach:
                continue
            reach = end
            places.append((name, segment, Span(segment.source.start + start, segment.source.start + end)))
    return places


def _assigned(renderings: list[SourceRendering], places: list[tuple[str, Segment, Span]]
              ) -> dict[tuple[str, int], SourceRendering]:
    """Each reading found, under the (name, source start) of the place holding it: its own name, or the longer
    name known elsewhere in the batch that holds it."""
    assigned = {}
    for rendering in renderings:
        for name, _, span in places:
            if span.contains(rendering.source_span):
                assigned.setdefault((name, span.start), rendering)
                break
    return assigned


def _segment_runs(context: BatchArticle, segment: Segment, taken: ClaimedText) -> Iterator[NameSpan]:
    """The capitalised runs of the target segment that render no other name."""
    for run in context.candidates_in_place.inside(*segment.target):
        if taken.is_free(run.start, run.end):
            yield run


def _stem_run(context: BatchArticle, segment: Segment, name: str, taken: ClaimedText) -> NameSpan | None:
    """The longest run reading a place name with its ending translated ("Qingshui River" for 清水河)."""
    runs = [run for run in _segment_runs(context, segment, taken) if reads_stem(name, run.units)]
    return max(runs, key=lambda run: run.end - run.start, default=None)


# The endings that make a place's adjective or people: Taiwan-ese, Korea-n, Mongolia-n, Israel-i, Hong Kong-er.
_ADJECTIVE_ENDINGS = ("ese", "ian", "an", "n", "i", "ish", "er")


def _adjective_of_reading(key: str, kind: str, readings: list[Occurrence]) -> bool:
    """Whether a near run is a place's adjective built on a reading the batch has ("Taiwanese" box office where
    the source has 台灣, read "Taiwan" elsewhere): the same name, not another rendering of it."""
    if kind == PERSON:
        return False
    for known in {o.key for o in readings} - {key}:  # the reading itself is no adjective of it ("Shanxi", "Shanx-i")
        for stem in {known, known[:-1] if known[-1:] in "aeiou" else known}:
            if key.startswith(stem) and key[len(stem):] in _ADJECTIVE_ENDINGS:
                return True
    return False


def _nearest_run(context: BatchArticle, segment: Segment, readings: list[Occurrence], taken: ClaimedText
                 ) -> NameSpan | None:
    """The capitalised run of the target segment nearest to one of the batch's readings of the name, if near
    enough; runs that render another name are not candidates."""
    known = {o.key for o in readings}
    if not known:
        return None
    longest = max(len(o.text.split()) for o in readings)
    best, best_rank = None, (NEAR_MISS, float("-inf"))
    for run in _segment_runs(context, segment, taken):
        if run.tokens > longest + 1:
            continue
        for key in known:
            if len(run.key) < MIN_LENGTH_SHARE * len(key):
                continue
            rank = (fuzz.ratio(run.key, key), -len(run.key))  # the nearest, and of two as near the shorter
            if run.key[:1] == key[:1] and rank >= best_rank:
                best, best_rank = run, rank
    return best
