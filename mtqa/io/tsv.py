"""Tab-separated bilingual files as MT tools exchange them: `source<TAB>target[<TAB>reference]`, one segment a line,
a blank line between documents.

There is no quoting and no escaping: a field is the text between tabs exactly as written, so a tab cannot occur
inside a text, and a quote or backslash is just a character. A first line `source<TAB>target[<TAB>reference]` is a
header and is skipped. Lines end with LF, CRLF or a lone CR; a UTF-8 byte-order mark is dropped.

An empty target field (`source<TAB>`) is kept as an empty segment, a translation that is missing: the
empty-translation rule reports it. A line holding only white space separates documents like an empty one.

Each document is `{path}#{n}` (n from 1), or just the path when the file holds one document. Its segments are its
lines, with the file line as id and the column where the target's first character stands.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from mtqa.errors import InputError
from mtqa.io.decode import decode_utf8, read_bytes
from mtqa.io.names import display_path
from mtqa.io.segments import SEGMENT_JOINER, SegmentText, segmented_document
from mtqa.model import Document

_LINE_END = re.compile(r"\r\n|\r|\n")
_HEADERS = (("source", "target"), ("source", "target", "reference"))


class _Line(NamedTuple):
    segment: SegmentText
    reference: str | None


def tsv_documents(path: str) -> list[Document]:
    """The documents of the TSV file `path`; a line with fewer than 2 or more than 3 fields raises InputError
    naming it."""
    shown_path = display_path(path)
    groups = _line_groups(decode_utf8(read_bytes(path), path), shown_path)
    if len(groups) == 1:
        return [_document(groups[0], shown_path, shown_path)]
    return [_document(lines, f"{shown_path}#{number}", shown_path) for number, lines in enumerate(groups, start=1)]


def _document(lines: list[_Line], doc_id: str, shown_path: str) -> Document:
    """The article of a run of lines. Its reference is None when no line has one; a line without one adds an
    empty line, so that the reference's lines stay paired with the target's."""
    has_reference = any(line.reference is not None for line in lines)
    reference = SEGMENT_JOINER.join(line.reference or "" for line in lines) if has_reference else None
    return segmented_document([line.segment for line in lines], id=doc_id, path=shown_path, reference=reference)


def _line_groups(text: str, shown_path: str) -> list[list[_Line]]:
    """The segment lines of each run of non-blank lines, in file order."""
    groups: list[list[_Line]] = [[]]
    seen_content = False
    for number, line in enumerate(_LINE_END.split(text), start=1):
        if not line.strip():
            if groups[-1]:
                groups.append([])
            continue
        fields = line.split("\t")
        if not seen_content and tuple(field.strip().lower() for field in fields) in _HEADERS:
            seen_content = True
            continue
        seen_content = True
        if not 2 <= len(fields) <= 3:
            found = "no tab" if len(fields) == 1 else f"{len(fields)} fields"
            raise InputError(shown_path, f"expected source<TAB>target or source<TAB>target<TAB>reference, "
                             f"found {found}", line=number)
        source, target = fields[0], fields[1]
        # The file holds the text as is, so offsets within the target are exact columns from its first character.
        groups[-1].append(_Line(SegmentText(str(number), source, target, number, column=len(source) + 2),
                                fields[2] if len(fields) == 3 else None))
    return [lines for lines in groups if lines]
