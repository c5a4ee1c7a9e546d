"""Where a finding about a whole unit of text points: a term or a number the translation of a segment, a paragraph
or an article leaves out has no words of its own to mark.

A unit of at most MAX_ANCHOR characters is marked whole. A longer one is marked by its first sentence (on its first
line of prose: a headline, a dateline or a credit line is passed over), cut at a word's end to MAX_ANCHOR characters
where the sentence is longer still. A finding's `text` is its span's text, and every report quotes it: one long
paragraph that leaves out hundreds of terms was quoted once for each (200 KB of input made a JSON report of 218 MB).
Bounded, a report grows with the number of findings, not with findings times paragraph length.
"""

from __future__ import annotations

import regex

from mtqa.fluency.sentences import split_sentences
from mtqa.model import Span

MAX_ANCHOR = 300  # characters: a long news sentence; most paragraphs of one or two sentences are marked whole
# The text searched for the first sentence: enough after MAX_ANCHOR for the sentence splitter to tell an
# abbreviation's full stop ("U.S.") from a sentence's end.
_LOOKED_AT = 4 * MAX_ANCHOR
_LAST_BLANK = regex.compile(r"\s", flags=regex.REVERSE)
_GRAPHEME = regex.compile(r"\X")


class UnitAnchors:
    """The anchors of one text's units, each found once however many findings a unit holds."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._found: dict[Span, Span] = {}

    def __call__(self, unit: Span) -> Span:
        found = self._found.get(unit)
        if found is None:
            found = self._found[unit] = unit_anchor(self._text, unit)
        return found


def unit_anchor(text: str, unit: Span) -> Span:
    """The span that marks `unit` of `text`: the unit without the blanks around it, or, for a long one, its first
    sentence, at most MAX_ANCHOR characters long."""
    start, end = unit
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start <= MAX_ANCHOR:
        return Span(start, end)
    first = _first_sentence(text, start, min(end, start + _LOOKED_AT))
    if first is not None:
        start, end = first
    return Span(start, _cut(text, start, end))


def _first_sentence(text: str, start: int, end: int) -> Span | None:
    sentences = split_sentences(text[start:end])
    if not sentences:
        return None
    first = sentences[0]
    return Span(start + first.start, start + first.end)


def _cut(text: str, start: int, end: int) -> int:
    """The end of text[start:end], cut to at most MAX_ANCHOR characters: after the last word that fits, else (one
    word longer than that: a run of CJK script, a URL) after the last whole character (grapheme) that fits."""
    if end - start <= MAX_ANCHOR:
        return end
    limit = start + MAX_ANCHOR
    blank = _LAST_BLANK.search(text, start, limit + 1)  # the last blank at or right after the limit
    if blank is not None:
        cut = blank.start()
        while cut > start and text[cut - 1].isspace():
            cut -= 1
        if cut > start:
            return cut
    cut = start
    for grapheme in _GRAPHEME.finditer(text, start, limit + 1):
        if grapheme.end() > limit:
            break
        cut = grapheme.end()
    return cut if cut > start else limit
