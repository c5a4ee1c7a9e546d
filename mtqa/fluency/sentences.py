"""Split news text into the sentences to judge for fluency, as spans of the untouched text.

pysbd knows news abbreviations (U.S., Jan., No. 2, Gov.) and quotes. Sentences never cross a line break, since
news paragraphs, headlines and captions stand on lines of their own. Headings, captions and credit lines are no
sentences to judge, and a dateline or agency tag that opens a line is left out of its sentence (`mtqa.fluency.prose`).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from mtqa.fluency.prose import dateline_end, is_credit, is_heading
from mtqa.model import Span

if TYPE_CHECKING:
    import pysbd


@functools.cache
def _segmenter() -> pysbd.Segmenter:
    import pysbd  # here: most runs split no sentence (fluency off or cached, no calque met)

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    for line in re.finditer(r"[^\n]+", text):
        body, offset = line.group(), line.start()
        if is_heading(body) or is_credit(body):
            continue
        cursor = dateline_end(body)
        first = len(spans)
        for piece in _segmenter().segment(body[cursor:]):
            piece = piece.strip()
            if not piece:
                continue
            found = body.find(piece, cursor)
            if found < 0:  # pysbd altered the text: keep the rest of the line as one sentence
                rest = body[cursor:].strip()
                if rest:
                    found = body.index(rest, cursor)
                    spans.append(Span(offset + found, offset + found + len(rest)))
                break
            cursor = found + len(piece)
            if is_credit(piece):  # a credit after a sentence: "The two leaders met. (Yonhap)"
                continue
            if len(spans) > first and not any(c.isspace() for c in piece):
                # A one-word piece is a wrong split ("at 3 p.m. | Monday."): join it to the sentence before.
                spans[-1] = Span(spans[-1].start, offset + cursor)
            else:
                spans.append(Span(offset + found, offset + cursor))
    return spans
