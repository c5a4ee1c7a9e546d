"""With a source: a glossary name in the target where the source names another entity of the same kind.

"East Sea" is an accepted name of the Sea of Japan, but with a Chinese source reading 东海 (the East China Sea) it
is the wrong sea: the source decides which entity an ambiguous rendering stands for.
"""

from __future__ import annotations

from collections.abc import Iterator

from mtqa.checks.context import CheckContext
from mtqa.entities.loose_renderings import entry_rendered
from mtqa.glossary.compile import ACRONYM
from mtqa.glossary.model import Entry
from mtqa.model import Finding

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
    for mention in context.mentions:
        entry = mention.entry
        if not mention.is_good or entry.type not in _CHECKED_TYPES or not entry.sources or source.may_name(entry):
            continue  # the source may well name it: by a form of its own, or one it shares (国会)
        if mention.kind == ACRONYM:
            continue  # initials the source does not name stand for something else: "caught on CCTV"
        # An entity the target names however loosely is rendered: the dateline's "(Yonhap)" or "(CNA)" for 연합뉴스
        # or 中央社 leaves no agency for another name to be mistaken for.
        others = [other for other in named if other.type == entry.type and other.id not in rendered
                  and not entry_rendered(context.text, other) and _named_alike(entry, other)]
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


def _named_alike(entry: Entry, other: Entry) -> bool:
    """Whether two entities' source names share a character, as those a translation mistakes for each other do
    (东海 and 日本海 the East Sea, 国会 and 日本国会 the Diet); a capital named for its country (平壤 "Pyongyang" for
    北韩, North Korea) is no such mistake."""
    def characters(item: Entry) -> set[str]:
        return {char for forms in item.sources.values() for form in forms for char in form if not char.isspace()}

    return not characters(entry).isdisjoint(characters(other))
