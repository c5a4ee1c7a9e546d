"""missing-term: a dictionary term of a source segment that the aligned target does not render at all.

The term accuracy counts every occurrence; a finding asks more, so that an editor can trust it. A unit (an aligned
segment, or the whole article) is reported only when its target renders the term nowhere, and only until the
translation has rendered it once: a second occurrence in the source is often a pronoun or "the treaty" in English,
and once an article has named a person, a film or a body, "he", "the film" or "the ministry" may stand for it (on
human reference translations, most omissions after the first rendering were such). A wrong rendering of the entry
in the unit (a forbidden form, a near-miss, a transliteration) is reported by its own rule instead, an empty or
untranslated target by the untranslated rules, and a source form several glossary entries share says too little
about which rendering is due.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator

import regex

from mtqa.checks.context import CheckContext
from mtqa.display import shown
from mtqa.entities.mentions import Mention
from mtqa.entities.term_dictionary import Term
from mtqa.entities.term_matches import TermUse, term_uses
from mtqa.model import Finding, Span
from mtqa.text import WORD, fold

MISSING_TERM = "MTQ106"


def check_missing_terms(context: CheckContext) -> Iterator[Finding]:
    mentions = sorted(context.mentions, key=lambda m: m.span)
    rendered: set[str] = set()  # the terms the translation has rendered in an earlier unit
    for use in term_uses(context.document, context.glossary):
        rendered_before = use.term.source in rendered
        if use.target_spans:
            rendered.add(use.term.source)
        if use.matched or rendered_before or (use.term.entries and use.term.entry is None):
            continue
        unit = use.segment.target if use.segment else Span(0, len(context.text))
        target = context.text[unit.start:unit.end]
        if not target.strip() or use.term.source in target or _loosely_rendered(target, _renderings(use.term)):
            continue
        entry = use.term.entry
        if entry is not None:
            if entry.type == "place":
                continue  # 中南海 or 青瓦台 stand for a government, which a translation may call Beijing or Seoul
            if any(m.entry is entry and unit.contains(m.span) for m in mentions):
                continue  # rendered by a short form the mention matcher attaches, or wrongly: its own rule says so
            if _names_another_of_its_kind(context, entry, target):
                continue
            if _rendered_before(mentions, entry, unit.start):
                continue
        yield _finding(context, use, unit)


def _renderings(term: Term) -> tuple[str, ...]:
    """The term's forms, and for a glossary name of three words or more its head without the first word: news
    describes "China Coast Guard" ships as "Chinese coast guard" ships."""
    entry = term.entry
    words = entry.canonical.split() if entry is not None else []
    return (*term.targets, " ".join(words[1:])) if len(words) >= 3 else term.targets


def _names_another_of_its_kind(context: CheckContext, entry, target: str) -> bool:
    """Whether the target names another body or agreement of the entry's type where the source has the entry's
    form: a generic form such as 국회 ("national assembly") names Japan's Diet in a story about Japan. People are
    left out: a sentence naming one person often names others."""
    if entry.type == "person":
        return False
    return any(other is not entry and other.type == entry.type and _loosely_rendered(target, other.good_forms)
               for other in context.glossary.entries)


def _loosely_rendered(target: str, forms: tuple[str, ...]) -> bool:
    """Whether the target has a form with another inflection or spacing ("Exhibitors Alliance" for "Exhibitor
    Alliance", "Dapeng" for "Da Peng"): the term is rendered, if not exactly, which the accuracy counts and a
    finding that says it is missing would not be true of."""
    folded = fold(target)
    return any(_loose_pattern(form).search(folded) for form in forms)


@functools.lru_cache(maxsize=4096)
def _loose_pattern(form: str) -> regex.Pattern:
    words = [word.removesuffix("'s").removesuffix("s") if len(word) > 3 else word for word in WORD.findall(fold(form))]
    inflected = r"[\s\-]*".join(regex.escape(word) + r"(?:e?s)?(?:'s?)?" for word in words)
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}]){inflected}(?![\p{{L}}\p{{N}}])")


def _rendered_before(mentions: list[Mention], entry, offset: int) -> bool:
    before = bisect.bisect_left([m.span.start for m in mentions], offset)
    return any(m.entry is entry and m.is_good for m in mentions[:before])


def _finding(context: CheckContext, use: TermUse, unit: Span) -> Finding:
    term, occurrences = use.term, len(use.source_spans)
    span = _trimmed(context.text, unit) if use.segment else _paragraph_at(context, use.source_spans[0])
    where = "segment" if use.segment else "article"
    times = f" ({occurrences} times)" if occurrences > 1 else ""
    others = [f"'{shown(form)}'" for form in term.targets[1:4]]
    alternatives = f" (or {', '.join(others)})" if others else ""
    message = (f"The source {where} has '{shown(term.source)}'{times}, but its translation has no rendering of it: "
               f"expected '{shown(term.suggestion)}'{alternatives}")
    if not use.segment:
        message += "; the article is not aligned with its source, so this points at the paragraph in the same place"
    return context.finding(MISSING_TERM, span, message, suggestion=term.suggestion,
                           entry_id=term.entry.id if term.entry else None, source_span=use.source_spans[0],
                           segment=use.segment.id if use.segment else None)


def _trimmed(text: str, span: Span) -> Span:
    piece = text[span.start:span.end]
    start = span.start + len(piece) - len(piece.lstrip())
    return Span(start, max(start, span.end - (len(piece) - len(piece.rstrip()))))


_PARAGRAPH = re.compile(r"\S(?:[^\n]*\S)?")  # a non-blank line, without the spaces around it


def _paragraph_at(context: CheckContext, source_span: Span) -> Span:
    """Without an alignment, the target paragraph in the same relative place as the source paragraph holding the
    occurrence: a translation may merge or split sentences, but it rarely moves text across paragraphs."""
    targets = _paragraphs(context.text)
    if not targets:
        return Span(0, len(context.text))
    sources = _paragraphs(context.document.source or "")
    index = max(bisect.bisect_right([p.start for p in sources], source_span.start) - 1, 0)
    return targets[min(index * len(targets) // max(len(sources), 1), len(targets) - 1)]


def _paragraphs(text: str) -> list[Span]:
    return [Span(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
