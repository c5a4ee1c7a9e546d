"""Where a target offset stands: in the input file (for CI annotations and SARIF) and for a reader of the report."""

from __future__ import annotations

from typing import NamedTuple

from mtqa.alignment import SegmentIndex
from mtqa.memo import cached_property
from mtqa.model import Document
from mtqa.text import LineIndex


class Position(NamedTuple):
    line: int
    column: int | None  # None where the file holds the text escaped, tagged or inside a JSON string


class Locator:
    """Positions of target offsets. A plain article's lines are the file's; a bilingual file's target stands at its
    segment's line (plus the line breaks inside the segment's text); a JSONL article stands on its record's line."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._segments = SegmentIndex(document.segments) if document.segments else None

    @cached_property
    def _lines(self) -> LineIndex:
        return LineIndex(self.document.target)  # made where a position is asked for: most articles have no finding

    @property
    def points_into_file(self) -> bool:
        """Whether file positions come from the file's own structure (segment lines, a JSONL record's line) rather
        than from the article's text, which is then the whole file."""
        return self.document.line is not None or any(s.line is not None for s in self.document.segments)

    def file_position(self, offset: int) -> Position:
        """The line (and column, where known) of the input file."""
        in_segment = self._segment_position(offset)
        if in_segment is not None:
            return in_segment
        if self.document.line is not None:
            return Position(self.document.line, None)
        return self.text_position(offset)

    def position(self, offset: int) -> Position:
        """What a report shows a reader: the file's line and column, except inside a JSONL record, whose one line
        says little; there, the line and column within the article's text."""
        in_segment = self._segment_position(offset)
        return in_segment if in_segment is not None else self.text_position(offset)

    def place_in_article(self, offset: int, segment: str | None) -> str:
        """Where in its article a finding stands, for a message that names the article: the segment of a bilingual
        file, else the line and column within the article's text."""
        if self.document.segments and segment is not None:
            return f"segment {segment}"
        line, column = self.text_position(offset)
        return f"{line}:{column}"

    def shown_position(self, offset: int) -> str:
        """`line:column`, or `line` where the column in the file is not known."""
        line, column = self.position(offset)
        return f"{line}:{column}" if column is not None else str(line)

    def text_position(self, offset: int) -> Position:
        """The line and column inside the article's own text."""
        return Position(*self._lines.line_col(offset))

    def _segment_position(self, offset: int) -> Position | None:
        if self._segments is None:
            return None
        segment = self._segments.at(offset) or self._segments.at(max(0, offset - 1))
        if segment is None or segment.line is None:
            return None
        # Counted with the article's line index, not in the segment's text: a long segment with many findings was
        # sliced and counted again for each.
        line, column_in_text = self._lines.line_col(offset)
        breaks = line - self._lines.line_col(segment.target.start)[0]
        if segment.column is None:
            column = None
        elif breaks:
            column = column_in_text
        else:
            column = segment.column + offset - segment.target.start
        return Position(segment.line + breaks, column)
