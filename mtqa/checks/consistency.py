"""Consistency within an article: one entity, several renderings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from rapidfuzz import fuzz

from mtqa.checks.context import CheckContext
from mtqa.entities.covered import CoveredSpans
from mtqa.entities.mentions import Mention
from mtqa.entities.name_index import first_sound
from mtqa.entities.names import holds_possessive, near_miss_score
from mtqa.entities.vocabulary import spelling_variants
from mtqa.model import Finding, Severity, Span
from mtqa.text import fold

# Without a glossary to confirm them, two names must be closer to count as one name spelt two ways.
GLOSSARY_FREE_THRESHOLD = 85.0
MAX_NAME_TOKENS = 4


def check_entity_consistency(context: CheckContext) -> Iterator[Finding]:
    """A glossary entity rendered in two or more distinct ways that the glossary does not accept."""
    by_entry: dict[str, list[Mention]] = defaultdict(list)
    for mention in [*context.mentions, *context.expansion_mentions]:
        by_entry[mention.entry.id].append(mention)
    for mentions in by_entry.values():
        mentions.sort(key=lambda m: m.span)
        bad = [m for m in mentions if not m.is_good]
        first_text = {}  # folded rendering -> how it was first written
        for mention in bad:
            first_text.setdefault(_rendering(mention.text), mention.text)
        if len(first_text) < 2:
            continue
        second_key = list(first_text)[1]
        second = next(m for m in bad if _rendering(m.text) == second_key)
        entry = second.entry
        others = ", ".join(f"'{text}'" for key, text in first_text.items() if key != second_key)
        yield context.finding(
            "MTQ201", second.span,
            f"{entry.canonical} is rendered {len(first_text)} different ways in this article: "
            f"'{second.text}' here, also {others}",
            suggestion=entry.canonical, entry_id=entry.id,
            related=tuple(m.span for m in mentions if m is not second),
        )


def check_name_consistency(context: CheckContext) -> Iterator[Finding]:
    """Capitalised names, unknown to the glossary, that are near-duplicates of each other in one article."""
    known = CoveredSpans(m.span for m in (*context.mentions, *context.expansion_mentions))
    occurrences: dict[str, list[Span]] = defaultdict(list)  # rendering -> where it stands
    surface: dict[str, str] = {}  # rendering -> its first spelling
    name_keys: dict[str, str] = {}
    for candidate in context.candidates:
        if not 2 <= candidate.tokens <= MAX_NAME_TOKENS or known.overlaps(candidate.start, candidate.end):
            continue
        if "and" in candidate.units or holds_possessive(candidate.text):
            continue  # "Zhang Jike and Liu Ye", "Kishida's Liberal": two names, more often than one
        span = Span(candidate.start, candidate.end)
        key = " ".join(fold(candidate.text).split())
        occurrences[key].append(span)
        surface.setdefault(key, candidate.text)
        name_keys.setdefault(key, candidate.key)
    buckets: dict[str, list[str]] = defaultdict(list)
    for key in occurrences:
        buckets[first_sound(name_keys[key])].append(key)
    reported: list[Span] = []
    pairs = sorted(_near_pairs(buckets, surface, occurrences, name_keys), key=lambda pair: -len(pair[0]))
    for minority, majority in pairs:
        for span in occurrences[minority]:
            if any(span.overlaps(r) for r in reported):
                continue
            reported.append(span)
            yield context.finding(
                "MTQ201", span,
                f"'{context.text[span.start:span.end]}' and '{surface[majority]}' look like one name spelt two "
                f"ways in this article (no glossary entry)",
                suggestion=surface[majority], related=tuple(occurrences[majority]), confidence=0.7,
                severity=Severity.MINOR if spelling_variants(minority, majority) else None,
            )


def _near_pairs(buckets: dict[str, list[str]], surface: dict[str, str], occurrences: dict[str, list[Span]],
                name_keys: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(minority, majority) pairs of near-duplicate names: the rarer rendering, or on a tie the later one."""
    for keys in buckets.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                if not fuzz.ratio(name_keys[a], name_keys[b], score_cutoff=GLOSSARY_FREE_THRESHOLD):
                    continue
                if near_miss_score(surface[a], surface[b], GLOSSARY_FREE_THRESHOLD, word_forms=False) is not None:
                    rank_a = (len(occurrences[a]), -occurrences[a][0].start)
                    rank_b = (len(occurrences[b]), -occurrences[b][0].start)
                    yield (a, b) if rank_a < rank_b else (b, a)


def _rendering(text: str) -> str:
    return " ".join(fold(text).split())
