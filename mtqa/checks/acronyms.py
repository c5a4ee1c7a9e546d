"""Acronym checks: wrong expansions of glossary acronyms, and one acronym expanded two ways."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from rapidfuzz import fuzz

from mtqa.checks.context import CheckContext
from mtqa.model import Finding, Severity, Span
from mtqa.text import fold

# Words this close are one word spelt two ways (Defence/Defense); an expansion differing only so is a minor issue.
SAME_WORD_SCORE = 80


def check_acronym_expansions(context: CheckContext) -> Iterator[Finding]:
    for mention in context.expansion_mentions:
        entry = mention.entry
        if mention.repeated:
            message = (f"'{mention.text}' repeats a wrong expansion of {entry.acronym}; "
                       f"the {entry.acronym} is the '{entry.canonical}'")
        else:
            message = f"{entry.acronym} stands for '{entry.canonical}', not '{mention.text}'"
        severity = Severity.MINOR if _spelling_only(mention.text, entry.canonical) else None
        yield context.finding("MTQ104", mention.span, message, suggestion=entry.canonical, entry_id=entry.id,
                              severity=severity)


def check_acronym_consistency(context: CheckContext) -> Iterator[Finding]:
    """Acronyms the glossary does not know, expanded two different ways in one article."""
    by_acronym: dict[str, list] = defaultdict(list)
    for expansion in context.expansions:
        if expansion.acronym not in context.glossary.acronyms:
            by_acronym[expansion.acronym].append(expansion)
    for acronym, expansions in by_acronym.items():
        first = expansions[0]
        for later in expansions[1:]:
            if _phrase(later.text) != _phrase(first.text):
                yield context.finding(
                    "MTQ203", Span(later.start, later.end),
                    f"{acronym} is expanded as '{later.text}' here but as '{first.text}' earlier in the article",
                    suggestion=first.text, related=(Span(first.start, first.end),),
                )


def _spelling_only(expansion: str, canonical: str) -> bool:
    ours, theirs = _phrase(expansion).split(), _phrase(canonical).split()
    if ours and ours[0] == "the":
        ours = ours[1:]
    return len(ours) == len(theirs) and all(fuzz.ratio(a, b) >= SAME_WORD_SCORE
                                            for a, b in zip(ours, theirs, strict=True))


def _phrase(text: str) -> str:
    return " ".join(fold(text).split())
