"""Which part of the source each part of the target translates: the segments checks compare source with target by."""

from __future__ import annotations

import bisect

from mtqa.model import Document, Segment, Span


def aligned_segments(document: Document) -> tuple[Segment, ...]:
    """The document's own segments (from a bilingual file); else, when source and target have the same number of
    lines (or of non-blank lines), the lines paired in order (a translation made paragraph by paragraph); else none:
    the article can only be compared with its source as a whole."""
    if document.segments:
        return document.segments
    if not document.source:
        return ()
    sources, targets = _line_spans(document.source), _line_spans(document.target)
    if len(sources) == len(targets) >= 2:
        # Line for line, an empty target line standing for a segment left untranslated; lines blank on both sides
        # (paragraph breaks) are no segment.
        pairs = [(number, source, target)
                 for number, (source, target) in enumerate(zip(sources, targets, strict=True), start=1)
                 if not (_blank(document.source, source) and _blank(document.target, target))]
    else:
        sources = [span for span in sources if not _blank(document.source, span)]
        targets = [span for span in targets if not _blank(document.target, span)]
        if len(sources) != len(targets) or len(targets) < 2:
            return ()
        pairs = list(zip(range(1, len(targets) + 1), sources, targets, strict=True))
    return tuple(Segment(str(number), target, source) for number, source, target in pairs)


def _line_spans(text: str) -> list[Span]:
    """The spans of the lines of `text`, without their line ends."""
    spans, start = [], 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        spans.append(Span(start, start + len(content)))
        start += len(line)
    if text.endswith(("\n", "\r")) or not text:
        spans.append(Span(len(text), len(text)))  # the empty line after the last line end
    return spans


def _blank(text: str, span: Span) -> bool:
    return not text[span.start:span.end].strip()


class SegmentIndex:
    """The segment holding a target offset, found by bisection."""

    def __init__(self, segments: tuple[Segment, ...]) -> None:
        self.segments = segments
        self._starts = [segment.target.start for segment in segments]

    def at(self, offset: int) -> Segment | None:
        """The last segment starting at or before `offset` that reaches it (an offset between segments, on the line
        end that joins them, belongs to none)."""
        position = bisect.bisect_right(self._starts, offset) - 1
        if position < 0:
            return None
        segment = self.segments[position]
        return segment if offset <= segment.target.end else None


    @classmethod
    def of(cls, document: Document) -> SegmentIndex:
        """The index of the document's aligned segments: build it once per document, then ask it per offset."""
        return cls(aligned_segments(document))
