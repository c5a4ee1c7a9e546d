"""A concept's target-language terms, each with a status, as TBX and CSV list them: read into an entry's fields,
and written back from an entry.

Terminology files do not name a canonical form; they mark each term preferred, admitted or deprecated. Read:
- the first preferred term is `canonical`; with none preferred, the first admitted or unmarked one is;
- the other preferred, admitted and unmarked terms are `allowed`, in file order;
- the first acronym that is not the canonical form is `acronym` (a file that lists only an acronym gets it as
  canonical);
- terms marked as descriptions (a house style's "the Cabinet" for 行政院) are `descriptions`, whatever their status
  but deprecated;
- deprecated, superseded, forbidden, not-recommended and obsolete terms are `wrong`, each with its note and severity.
Written, an entry's forms come out in that order, so that reading them again gives the same entry.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from mtqa.errors import MtqaError
from mtqa.glossary.model import Entry


class Status(enum.Enum):
    PREFERRED = "preferred"
    ADMITTED = "admitted"
    UNMARKED = ""
    WRONG = "deprecated"


# Status words of TBX-Basic (preferredTerm-admn-sts ...), TBX-Min (preferred, notRecommended, obsolete), ISO 12620's
# normativeAuthorization (standardizedTerm, legalTerm ...) and terminology tools' CSV exports (forbidden), compared
# without case, spaces, hyphens and the -admn-sts suffix.
_STATUS_WORDS = {
    Status.PREFERRED: ("preferred", "preferredterm", "standardizedterm", "standardized"),
    Status.ADMITTED: ("admitted", "admittedterm", "legalterm", "regulatedterm"),
    Status.WRONG: ("deprecated", "deprecatedterm", "supersededterm", "superseded", "forbidden", "forbiddenterm",
                   "notrecommended", "obsolete", "wrong"),
}
_STATUS_BY_WORD = {word: status for status, words in _STATUS_WORDS.items() for word in words}
STATUS_NAMES = ", ".join(words[0] for words in _STATUS_WORDS.values())


def status_named(value: str) -> Status | None:
    """The status a status value stands for: UNMARKED for an empty one, None for one not known."""
    word = re.sub(r"[\s_-]+", "", value.strip().lower().removesuffix("-admn-sts"))
    return _STATUS_BY_WORD.get(word) if word else Status.UNMARKED


@dataclass(frozen=True)
class Term:
    text: str
    status: Status = Status.UNMARKED
    acronym: bool = False  # TBX termType acronym (or initialism); CSV status "acronym"
    description: bool = False  # TBX termNote mtqa-usage "description"; CSV status "description"
    note: str | None = None  # kept for wrong terms: why the form is wrong
    severity: str | None = None


@dataclass(frozen=True)
class Roles:
    """What each of a concept's target-language terms is in the entry."""

    canonical: Term
    allowed: tuple[Term, ...]
    descriptions: tuple[Term, ...]
    acronym: Term | None
    wrong: tuple[Term, ...]

    def fields(self) -> dict:
        """The entry fields (keyed as in glossary YAML) that the terms give."""
        fields: dict = {"canonical": self.canonical.text, "allowed": [term.text for term in self.allowed],
                        "descriptions": [term.text for term in self.descriptions]}
        if self.acronym is not None:
            fields["acronym"] = self.acronym.text
        fields["wrong"] = [{"text": term.text, "note": term.note, "severity": term.severity} for term in self.wrong]
        return fields


def assign_roles(terms: Iterable[Term]) -> Roles | None:
    """The role of each of a concept's target-language terms; None where none of them can be canonical."""
    terms = list(terms)
    descriptions = tuple(term for term in terms if term.description and term.status is not Status.WRONG)
    good = [term for term in terms if term.status is not Status.WRONG and not term.description]
    preferred = next((term for term in good if term.status is Status.PREFERRED), None)
    acronym = next((term for term in good if term.acronym and term.status is not Status.PREFERRED), None)
    canonical = preferred or next((term for term in good if term is not acronym), None) or acronym
    if canonical is None:
        return None
    if canonical is acronym:
        acronym = None
    return Roles(canonical=canonical,
                 allowed=tuple(term for term in good if term is not canonical and term is not acronym),
                 descriptions=descriptions,
                 acronym=acronym,
                 wrong=tuple(term for term in terms if term.status is Status.WRONG))


def entry_terms(entry: Entry) -> list[Term]:
    """The entry's target-language forms as terms, in the order `assign_roles` reads them back."""
    return [
        Term(entry.canonical, Status.PREFERRED),
        *(Term(form, Status.ADMITTED) for form in entry.allowed),
        *([Term(entry.acronym, Status.ADMITTED, acronym=True)] if entry.acronym else []),
        *(Term(form, Status.ADMITTED, description=True) for form in entry.descriptions),
        *(Term(form.text, Status.WRONG, note=form.note, severity=form.severity and form.severity.value)
          for form in entry.wrong),
    ]


def language_matches(tag: str, wanted: str) -> bool:
    """Whether the BCP 47 tag `tag` is the language `wanted` or a variety of it (en-GB for en)."""
    tag, wanted = tag.strip().lower(), wanted.strip().lower()
    return tag == wanted or tag.startswith(wanted + "-")


class MadeUpIds:
    """Ids for the entries a file gives none: the canonical form as a slug (moon-jae-in), numbered when taken (by an
    id the file gives, `taken`, or one made before)."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken = set(taken)
        # Each slug's next number to try: counting up from 1 for every entry made a file of many forms with one slug
        # ("Kim → Jong", "Kim ← Jong") cost the square of its length.
        self._next: dict[str, int] = {}

    def made_up(self, text: str) -> str:
        base = "-".join(re.findall(r"\w+", text.lower())) or "entry"
        number = self._next.get(base, 1)
        candidate = base if number == 1 else f"{base}-{number}"
        while candidate in self._taken:
            number += 1
            candidate = f"{base}-{number}"
        self._next[base] = number + 1
        self._taken.add(candidate)
        return candidate


def refuse_target_language_sources(entries: Iterable[Entry], language: str) -> None:
    """Before writing TBX or CSV: a source form in the target language would be read back as a target term."""
    primary = language.split("-", 1)[0]
    for entry in entries:
        for tag in entry.sources:
            if language_matches(tag, primary):
                raise MtqaError(f"cannot write entry '{entry.id}': its source language '{tag}' is the target "
                                f"language '{language}'")
