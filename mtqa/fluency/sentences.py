"""Split news text into the sentences to judge for fluency, as spans of the untouched text.

pysbd knows news abbreviations (U.S., Jan., No. 2, Gov.) and quotes. Sentences never cross a line break, since
news paragraphs, headlines and captions stand on lines of their own. Headings, captions and credit lines are no
sentences to judge, and a dateline or agency tag that opens a line is left out of its sentence (`mtqa.fluency.prose`).
"""

from __future__ import annotations

import functools
import re
import threading
from typing import TYPE_CHECKING

import regex

from mtqa.fluency.prose import dateline_end, is_credit, is_heading
from mtqa.model import Span

if TYPE_CHECKING:
    import pysbd


_per_thread = threading.local()


def _segmenter() -> pysbd.Segmenter:
    """This thread's sentence splitter: pysbd's keeps the text it splits on itself, so two threads splitting with
    one would cut each other's sentences."""
    segmenter = getattr(_per_thread, "segmenter", None)
    if segmenter is None:
        import pysbd  # here: most runs split no sentence (fluency off or cached, no calque met)

        segmenter = _per_thread.segmenter = pysbd.Segmenter(language="en", clean=False)
    return segmenter


def split_sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    for line in re.finditer(r"[^\n]+", text):
        body, offset = line.group(), line.start()
        if is_heading(body) or is_credit(body):
            continue
        first = len(spans)
        for start, end in _pieces(body, dateline_end(body)):
            _add_sentences(spans, first, body, start, end, offset)
    return spans


# pysbd rewrites its whole text once per abbreviation it finds, so its cost grows with the square of the text: a
# line of 100 KB took minutes. A line longer than LONG_LINE is given to it in pieces of PIECE characters or more,
# cut where a sentence plainly ends (a lower-case word of four letters or more that pysbd does not know as an
# abbreviation, then . ! or ?, then a capital), or, with no such end before MAX_PIECE, at the last white space.
# News paragraphs are far shorter.
LONG_LINE = 2_000
PIECE = 1_000
MAX_PIECE = 4_000
_PLAIN_END = regex.compile(r"(?<=(?<![\p{L}\p{M}\p{N}.'\u2019\-])(?P<word>\p{Ll}{4,})[.!?][\"\u201d\u2019]?)\s+"
                           r"(?=[\"\u201c\u2018]?\p{Lu})")
_LAST_SPACE = regex.compile(r"\s", flags=regex.REVERSE)


@functools.cache
def _abbreviations() -> frozenset[str]:
    from pysbd.lang.english import English

    return frozenset(abbreviation.lower() for abbreviation in English.Abbreviation.ABBREVIATIONS)


def _pieces(body: str, start: int) -> list[tuple[int, int]]:
    pieces = []
    while len(body) - start > LONG_LINE:
        end = next((found for found in _PLAIN_END.finditer(body, start + PIECE, start + MAX_PIECE)
                    if found.group("word") not in _abbreviations()), None)
        if end is not None:
            pieces.append((start, end.start()))
            start = end.end()
            continue
        space = _LAST_SPACE.search(body, start + PIECE, start + MAX_PIECE)
        cut = space.start() if space is not None else start + MAX_PIECE
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(body)))
    return pieces


def _add_sentences(spans: list[Span], first: int, body: str, start: int, end: int, offset: int) -> None:
    """Append the sentences of body[start:end] (a line at `offset` of the text, whose sentences begin at
    spans[first])."""
    cursor = start
    for piece in _segmenter().segment(body[start:end]):
        piece = piece.strip()
        if not piece:
            continue
        found = body.find(piece, cursor, end)
        if found < 0:  # pysbd altered the text: keep the rest of the piece as one sentence
            rest = body[cursor:end].strip()
            if rest:
                found = body.index(rest, cursor, end)
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
