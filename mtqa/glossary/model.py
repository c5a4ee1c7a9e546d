"""The glossary as plain data: entries of known names and terms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mtqa.model import Severity

# Entry types whose forms are proper names: matched case-sensitively by default and open to fuzzy matching.
NAME_TYPES = frozenset(
    {"person", "organization", "place", "agreement", "party", "legislature", "agency", "media", "weapon", "event"}
)


@dataclass(frozen=True)
class WrongForm:
    text: str
    note: str | None = None
    severity: Severity | None = None


@dataclass(frozen=True)
class Entry:
    id: str
    type: str
    canonical: str
    allowed: tuple[str, ...] = ()
    # What a house style writes for the source term instead of the name ("the Cabinet" for 行政院, "parliament" for
    # 국회): it renders the term, but names no one, so it is never matched as a mention of the entry.
    descriptions: tuple[str, ...] = ()
    acronym: str | None = None
    sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    wrong: tuple[WrongForm, ...] = ()
    case_sensitive: bool = True
    note: str | None = None
    origin: str = ""  # "file:line", for messages

    @property
    def is_name(self) -> bool:
        return self.type in NAME_TYPES

    @property
    def good_forms(self) -> tuple[str, ...]:
        return (self.canonical, *self.allowed)


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...]
    names: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()

    def by_id(self) -> dict[str, Entry]:
        return {entry.id: entry for entry in self.entries}
