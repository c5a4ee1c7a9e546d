"""Consistency across a batch: one entity, rendered one way in most articles and another way in some."""

from __future__ import annotations

from collections.abc import Mapping

from mtqa.checks.batch_context import BatchArticle, BatchView
from mtqa.display import shown
from mtqa.entities.batch_renderings import Entity, Occurrence
from mtqa.entities.covered import CoveredSpans
from mtqa.model import Finding, Severity

# What the glossary rules and the in-article consistency rule report already: the same span is not reported twice.
REPORTED_ELSEWHERE = frozenset({"MTQ101", "MTQ102", "MTQ103", "MTQ104", "MTQ201"})
MAX_RELATED = 20
MAX_LISTED = 10  # other renderings named in a finding's message


def check_batch_consistency(batch: BatchView, findings: Mapping[str, list[Finding]]
                            ) -> dict[str, list[Finding]]:
    """Each rendering of an entity other than its reference, once per article that uses it: at its first
    occurrence there, with the others as related spans and the batch's counts in the message."""
    by_doc = {article.document.id: article for article in batch.articles}
    reported = _ReportedSpans(findings)
    new: dict[str, list[Finding]] = {}
    for entity in batch.entities:
        table = entity.by_rendering()
        if len(table) < 2:
            continue
        reference = entity.reference_key()
        counts = _counts(entity, table, reference)  # the same for each of the entity's findings: made once
        for key, docs in table.items():
            if key == reference:
                continue
            if len(table.get(reference, ())) < 2 and not any(o.read for found in docs.values() for o in found):
                continue  # one article against another, and this one reads no source: no telling which is right
            for doc, occurrences in docs.items():
                unreported = [o for o in occurrences if not o.good and not reported.overlaps(doc, o.span)]
                if unreported:
                    new.setdefault(doc, []).append(
                        _finding(by_doc[doc], entity, unreported[0], occurrences, counts, reference))
    return new


class _ReportedSpans:
    """The spans each article's findings report already, gathered for an article the first time it is asked about:
    most articles render no entity two ways."""

    def __init__(self, findings: Mapping[str, list[Finding]]) -> None:
        self._findings = findings
        self._spans: dict[str, CoveredSpans] = {}

    def overlaps(self, doc: str, span: tuple[int, int]) -> bool:
        spans = self._spans.get(doc)
        if spans is None:
            found = self._findings.get(doc, ())
            spans = self._spans[doc] = CoveredSpans(f.span for f in found if f.rule in REPORTED_ELSEWHERE)
        return spans.overlaps(*span)


def _counts(entity: Entity, table: dict[str, dict[str, list[Occurrence]]], reference: str) -> str:
    """How many articles write each rendering: the reference and the first MAX_LISTED others, then how many more
    (the renderings table lists them all: a message naming thousands of spellings made the report grow with the
    square of the batch)."""
    articles = len({doc for docs in table.values() for doc in docs})
    counts = [f"{len(table.get(reference, ()))} of {articles} articles write '{shown(entity.spelling(reference))}'"]
    others = [key for key in table if key != reference]
    counts += [f"{len(table[key])} '{shown(entity.spelling(key))}'" for key in others[:MAX_LISTED]]
    if len(others) > MAX_LISTED:
        counts.append(f"and {len(others) - MAX_LISTED} other renderings")
    return ", ".join(counts)


def _finding(article: BatchArticle, entity: Entity, first: Occurrence, occurrences: list[Occurrence], counts: str,
             reference: str) -> Finding:
    return article.finding(
        "MTQ202", first.span, f"'{shown(first.text)}' for {shown(entity.label)}: {counts}",
        suggestion=entity.spelling(reference), entry_id=entity.id if entity.canonical is not None else None,
        related=tuple(o.span for o in occurrences if o is not first)[:MAX_RELATED],
        source_span=first.source_span, segment=first.segment,
        # A reading of the source in another romanisation or order is a matter of house style; a rendering that
        # reads no part of the source as written ("Zhang Jilin" for 张继科) misnames the person.
        severity=Severity.MINOR if first.read else Severity.MAJOR,
    )
