"""With a source: a glossary name in the target where the source names another entity of the same kind.

"East Sea" is an accepted name of the Sea of Japan, but with a Chinese source reading 东海 (the East China Sea) it
is the wrong sea: the source decides which entity an ambiguous rendering stands for.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from mtqa.checks.context import CheckContext
from mtqa.entities.country_abbreviations import abbreviated_countries, names_abbreviated_country
from mtqa.entities.loose_renderings import LooseText, entry_rendered, loosely_rendered
from mtqa.glossary.model import Entry
from mtqa.model import Finding, Segment
from mtqa.text import fold

SOURCE_ENTITY_MISMATCH = "MTQ105"
# People are left out: a source often names a person by a form the glossary does not list (a bare surname).
_CHECKED_TYPES = frozenset({"place", "organization", "agency", "legislature", "party", "media", "agreement", "event"})


def check_source_entities(context: CheckContext) -> Iterator[Finding]:
    source = context.source_names
    if source is None:
        return
    rendered = {mention.entry.id for mention in context.mentions}
    by_id = context.glossary.by_id
    named = [by_id[entry_id] for entry_id in sorted(source.entry_ids) if entry_id in by_id]
    # An entity the target names however loosely is rendered: the dateline's "(Yonhap)" or "(CNA)" for 연합뉴스 or
    # 中央社 leaves no agency for another name to be mistaken for. Asked once per entity: the text is searched whole.
    loosely: dict[str, bool] = {}
    prepared = functools.cache(lambda: LooseText(context.text))  # once, for all the entities asked about

    def unrendered(other: Entry) -> bool:
        # Described counts as rendered: 中南海 given as "Beijing's leaders" leaves no place for "Taipei" to be
        # mistaken for.
        if other.id not in loosely:
            loosely[other.id] = other.id in rendered or _rendered(prepared(), other)
        return not loosely[other.id]

    abbreviated = _AbbreviatedCountries(context)  # 한미: South Korea and the United States
    in_segment = _NamedInSegments(context)

    for mention in context.mentions:
        entry = mention.entry
        if not mention.is_good or entry.type not in _CHECKED_TYPES or not entry.sources or source.may_name(entry) \
                or names_abbreviated_country(entry.good_forms, abbreviated.around(mention.span.start)):
            continue  # the source may well name it: by a form of its own, one it shares (国会), or one character
        kind = [other for other in named if other.type == entry.type and not _capital_of(entry, other)]
        # In an aligned segment, what its own source names and its own target leaves unrendered first: the headline's
        # "East China Sea" renders no 东海 of the next line given as "the Sea of Japan".
        others = [other for other in kind if in_segment.names_unrendered(mention.span.start, other)] \
            if in_segment.aligned(mention.span.start) else []
        if len(others) != 1:
            others = [other for other in kind if unrendered(other)]
        if len(others) != 1:
            continue  # nothing else named, or no telling which
        (other,) = others
        forms = ", ".join(dict.fromkeys(f for forms in other.sources.values() for f in forms))
        yield context.finding(
            SOURCE_ENTITY_MISMATCH, mention.span,
            f"'{mention.text}' is a name of {entry.canonical}, which the source does not name; the source names "
            f"{other.canonical} ({forms})",
            suggestion=other.canonical, entry_id=other.id,
        )


class _NamedInSegments:
    """The entities an aligned segment's source names, and whether its target renders them, found once per segment."""

    def __init__(self, context: CheckContext) -> None:
        self._context = context
        self._named: dict[str, frozenset[str]] = {}
        self._targets: dict[str, LooseText] = {}

    def aligned(self, offset: int) -> bool:
        return _source_segment_at(self._context, offset) is not None

    def names_unrendered(self, offset: int, entity: Entry) -> bool:
        context = self._context
        segment = _source_segment_at(context, offset)
        named = self._named.get(segment.id)
        if named is None:
            named = self._named[segment.id] = context.glossary.source_forms.entries_in(context.source_of(segment))[0]
            self._targets[segment.id] = LooseText(context.text[segment.target.start:segment.target.end])
        target = self._targets[segment.id]
        return entity.id in named and not _rendered(target, entity)


def _rendered(target: LooseText, entity: Entry) -> bool:
    """Whether the target renders the entity, however loosely, or describes it."""
    return entry_rendered(target, entity) or loosely_rendered(target, entity.descriptions)


def _source_segment_at(context: CheckContext, offset: int) -> Segment | None:
    """The aligned segment with a source that holds a target offset, or None."""
    segment = context.segment_index.at(offset) if context.segments else None
    return segment if segment is not None and segment.source is not None else None


class _AbbreviatedCountries:
    """The countries the source names by one character, where a mention stands: in its aligned segment's source, or
    in the whole source of an article that is not aligned (한미 in one line renders no "South Korea" in another)."""

    def __init__(self, context: CheckContext) -> None:
        self._context = context
        self._by_segment: dict[str | None, frozenset[str]] = {}

    def around(self, offset: int) -> frozenset[str]:
        context = self._context
        segment = _source_segment_at(context, offset)
        key = segment.id if segment is not None else None
        found = self._by_segment.get(key)
        if found is None:
            found = self._by_segment[key] = abbreviated_countries(context.source_of(segment))
        return found


# Capitals that news names for their countries' governments ("Pyongyang rejected the proposal" for 북한), by the
# glossary's canonical names, folded.
_CAPITALS = {"pyongyang": {"north korea", "dprk", "democratic people's republic of korea"},
             "seoul": {"south korea", "republic of korea"}, "beijing": {"china", "people's republic of china"},
             "taipei": {"taiwan", "republic of china"}, "tokyo": {"japan"}, "washington": {"united states", "u.s."},
             "moscow": {"russia"}}


def _capital_of(entry: Entry, other: Entry) -> bool:
    """Whether the mentioned entity is the capital of the entity the source names, which it stands for."""
    return fold(other.canonical) in _CAPITALS.get(fold(entry.canonical), ())
