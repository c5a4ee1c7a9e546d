"""Glossary findings anchored on the source: where the aligned source segment names the finding's entry, the finding
carries that occurrence as its `source_span`, so that a reviewer sees what the source says at that place."""

from __future__ import annotations

import bisect
from dataclasses import replace

from mtqa.checks.context import CheckContext
from mtqa.entities.term_matches import source_occurrences
from mtqa.model import Finding, Span

GLOSSARY_FAMILY = "MTQ1"


def anchored_in_source(context: CheckContext, findings: list[Finding]) -> list[Finding]:
    """The findings, each glossary finding with an entry and no source span given the occurrence of one of its
    entry's source forms in the aligned source segment nearest to the finding's place in the target segment."""
    anchors = _Anchors(context)
    return [anchors.anchored(finding) for finding in findings]


class _Anchors:
    """The source occurrences of each entry in each segment, found once however many findings ask (a long segment
    may hold thousands of mentions of one name)."""

    def __init__(self, context: CheckContext) -> None:
        self.context = context
        self._boundaries: dict[int, object] = {}  # segment's source start -> its word boundaries
        self._found: dict[tuple[int, str], list[Span]] = {}  # (segment's source start, entry id) -> occurrences

    def anchored(self, finding: Finding) -> Finding:
        context = self.context
        if finding.source_span is not None or finding.entry_id is None \
                or not finding.rule.startswith(GLOSSARY_FAMILY):
            return finding
        entry = context.glossary.by_id.get(finding.entry_id)
        segment = context.segment_index.at(finding.span.start) if entry is not None else None
        if segment is None or segment.source is None or not entry.sources:
            return finding
        source = context.document.source[segment.source.start:segment.source.end]
        found = self._occurrences(segment.source.start, source, entry)
        if not found:
            return finding
        # Nearest by relative place: word order moves, but a late mention in the target most likely renders a late
        # one.
        place = (finding.span.start - segment.target.start) / max(segment.target.end - segment.target.start, 1)
        at = bisect.bisect_left(found, place * len(source), key=lambda span: span.start)  # found is in source order
        nearest = min(found[max(0, at - 1):at + 1], key=lambda span: abs(span.start / max(len(source), 1) - place))
        return replace(finding,
                       source_span=Span(segment.source.start + nearest.start, segment.source.start + nearest.end))

    def _occurrences(self, start: int, source: str, entry) -> list[Span]:
        key = (start, entry.id)
        if key not in self._found:
            if start not in self._boundaries:
                self._boundaries[start] = self.context.glossary.source_forms.word_boundaries(source)
            forms = [form for forms in entry.sources.values() for form in forms if form.strip()]
            self._found[key] = source_occurrences(source, forms, self._boundaries[start])
        return self._found[key]
