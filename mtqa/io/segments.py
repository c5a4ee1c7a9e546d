"""A bilingual article built from its segments: source and target texts joined, each segment's spans into them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from mtqa.model import Document, Segment, Span

SEGMENT_JOINER = "\n"  # between two segments' texts, so that no span of one segment reaches into the next


class SegmentText(NamedTuple):
    """One segment as read: its id, texts (inline tags removed) and the file line where its target text begins (and
    the column, where the file holds the text as is)."""

    id: str
    source: str
    target: str
    line: int | None
    column: int | None = None


def segmented_document(texts: Sequence[SegmentText], **fields: object) -> Document:
    """A Document whose source and target are the segments' texts joined by SEGMENT_JOINER, with their spans;
    `fields` are the Document's other fields (id, path, languages, line)."""
    segments = []
    source_at = target_at = 0
    for text in texts:
        segments.append(Segment(text.id, Span(target_at, target_at + len(text.target)),
                                Span(source_at, source_at + len(text.source)), line=text.line, column=text.column))
        target_at += len(text.target) + len(SEGMENT_JOINER)
        source_at += len(text.source) + len(SEGMENT_JOINER)
    return Document(target=SEGMENT_JOINER.join(t.target for t in texts),
                    source=SEGMENT_JOINER.join(t.source for t in texts), segments=tuple(segments), **fields)
