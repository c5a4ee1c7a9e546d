"""Acronym checks: wrong expansions of glossary acronyms, and one acronym expanded two ways."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from mtqa.checks.context import CheckContext
from mtqa.entities.definitions import Expansion
from mtqa.entities.expansion_words import CLOSE_SHARE, respelt, same_wording, word_share
from mtqa.model import Finding, Severity, Span


def check_acronym_expansions(context: CheckContext) -> Iterator[Finding]:
    for mention in context.expansion_mentions:
        entry = mention.entry
        if mention.repeated:
            message = (f"'{mention.text}' repeats a wrong expansion of {entry.acronym}; "
                       f"the {entry.acronym} is the '{entry.canonical}'")
        else:
            message = f"{entry.acronym} stands for '{entry.canonical}', not '{mention.text}'"
        # A spelling variant of a right name (Defence/Defense) is a minor issue; a changed word is not.
        severity = Severity.MINOR if any(respelt(mention.text, form) for form in entry.good_forms) else None
        yield context.finding("MTQ104", mention.span, message, suggestion=mention.form, entry_id=entry.id,
                              severity=severity)


def check_acronym_consistency(context: CheckContext) -> Iterator[Finding]:
    """Acronyms the glossary does not know, expanded two different ways in one article. The first expansion whose
    letters spell the acronym (else the first of all) is the reference; the others that differ from it are
    reported."""
    by_acronym: dict[str, list[Expansion]] = defaultdict(list)
    for expansion in context.expansions:
        if expansion.acronym not in context.glossary.acronyms:
            by_acronym[expansion.acronym].append(expansion)
    for acronym, expansions in by_acronym.items():
        reference = next((e for e in expansions if e.spelled), expansions[0])
        for other in expansions:
            if other is reference or same_wording(other.text, reference.text, other.plural, reference.plural):
                continue
            if not _both_define_it(other, reference):
                continue
            where = "earlier" if reference.start < other.start else "later"
            yield context.finding(
                "MTQ203", Span(other.start, other.end),
                f"{acronym} is expanded as '{other.text}' here but as '{reference.text}' {where} in the article",
                suggestion=reference.text, related=(Span(reference.start, reference.end),),
            )


def _both_define_it(one: Expansion, other: Expansion) -> bool:
    """Whether two phrases are shown to be expansions of one acronym rather than notes beside it ("Sen. John Smith
    (D-NY)" ... "Sen. Jane Doe (D-NY)") or two bodies with the same initials ("People Power Party (PPP)" and
    "public-private partnership (PPP)"): one that spells it vouches for another that shares a word with it; two that
    spell nothing must share as many words as two renderings of one name do."""
    share = word_share(one.text, other.text)
    spelling = one.spelled + other.spelled
    return (spelling and share > 0) or share >= CLOSE_SHARE
