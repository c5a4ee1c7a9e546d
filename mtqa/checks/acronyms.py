"""Acronym checks: wrong expansions of glossary acronyms, and one acronym expanded two ways."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from mtqa.checks.context import CheckContext
from mtqa.entities.definitions import Expansion
from mtqa.entities.expansion_words import CLOSE_SHARE, phrase_words, respelt, word_share
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
    """Acronyms the glossary does not know, expanded two different ways in one article."""
    by_acronym: dict[str, list[Expansion]] = defaultdict(list)
    for expansion in context.expansions:
        if expansion.acronym not in context.glossary.acronyms:
            by_acronym[expansion.acronym].append(expansion)
    for acronym, expansions in by_acronym.items():
        first = expansions[0]
        for later in expansions[1:]:
            if _same_expansion(later, first) or not _both_define_it(later, first):
                continue
            yield context.finding(
                "MTQ203", Span(later.start, later.end),
                f"{acronym} is expanded as '{later.text}' here but as '{first.text}' earlier in the article",
                suggestion=first.text, related=(Span(first.start, first.end),),
            )


def _same_expansion(one: Expansion, other: Expansion) -> bool:
    return phrase_words(one.text, one.plural) == phrase_words(other.text, other.plural)


def _both_define_it(one: Expansion, other: Expansion) -> bool:
    """Whether two phrases are shown to be expansions of one acronym rather than notes beside it ("Sen. John Smith
    (D-NY)" ... "Sen. Jane Doe (D-NY)"): two that spell it are; one that spells it vouches for another that shares a
    word with it; two that spell nothing must share as many words as two renderings of one name do."""
    share = word_share(one.text, other.text)
    spelling = one.spelled + other.spelled
    return spelling == 2 or (spelling == 1 and share > 0) or share >= CLOSE_SHARE
