"""Glossary findings anchored on the source: where the aligned source segment names the finding's entry, the finding
carries that occurrence as its `source_span`, so that a reviewer sees what the source says at that place."""

from __future__ import annotations

from dataclasses import replace

from mtqa.alignment import segment_at
from mtqa.checks.context import CheckContext
from mtqa.entities.term_matches import source_occurrences
from mtqa.model import Finding, Span

GLOSSARY_FAMILY = "MTQ1"


def anchored_in_source(context: CheckContext, findings: list[Finding]) -> list[Finding]:
    """The findings, each glossary finding with an entry and no source span given the occurrence of one of its
    entry's source forms in the aligned source segment nearest to the finding's place in the target segment."""
    return [_anchored(context, finding) for finding in findings]


def _anchored(context: CheckContext, finding: Finding) -> Finding:
    if finding.source_span is not None or finding.entry_id is None or not finding.rule.startswith(GLOSSARY_FAMILY):
        return finding
    entry = context.glossary.by_id.get(finding.entry_id)
    segment = segment_at(context.document, finding.span.start) if entry is not None else None
    if segment is None or segment.source is None or not entry.sources:
        return finding
    source = context.document.source[segment.source.start:segment.source.end]
    forms = [form for forms in entry.sources.values() for form in forms if form.strip()]
    found = source_occurrences(source, forms, context.glossary.source_forms.word_boundaries(source))
    if not found:
        return finding
    # Nearest by relative place: word order moves, but a late mention in the target most likely renders a late one.
    place = (finding.span.start - segment.target.start) / max(segment.target.end - segment.target.start, 1)
    nearest = min(found, key=lambda span: abs(span.start / max(len(source), 1) - place))
    return replace(finding, source_span=Span(segment.source.start + nearest.start, segment.source.start + nearest.end))
