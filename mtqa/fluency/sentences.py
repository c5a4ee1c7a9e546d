"""Split news text into sentences, as spans of the untouched text.

pysbd knows news abbreviations (U.S., Jan., No. 2, Gov.) and quotes. Sentences never cross a line break, since
news paragraphs, headlines and captions stand on lines of their own. A dateline or agency tag that opens a line is
left out of the sentence: it is a formula, not prose, and would only add surprisal.
"""

from __future__ import annotations

import functools
import re

import pysbd

from mtqa.model import Span

DATELINE = re.compile(
    r"""\[[^\]\n]{1,60}\]\s*                          # [Central News Agency]
      | [A-Z]{2}[A-Z.'\ -]*                             # SEOUL, NEW YORK
        (?:,[^\n()]{1,40}?)?                            # , March 21 / , South Korea
        (?:\s*\([^)\n]{1,40}\))?                        # (Yonhap)
        \s*(?:--|—|–)\s*                                # the dash that ends it
    """,
    re.VERBOSE,
)


@functools.cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    for line in re.finditer(r"[^\n]+", text):
        body, offset = line.group(), line.start()
        dateline = DATELINE.match(body)
        cursor = dateline.end() if dateline else 0
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
            end = found + len(piece)
            if len(spans) > first and not any(c.isspace() for c in piece):
                # A one-word piece is a wrong split ("at 3 p.m. | Monday."): join it to the sentence before.
                spans[-1] = Span(spans[-1].start, offset + end)
            else:
                spans.append(Span(offset + found, offset + end))
            cursor = end
    return spans
