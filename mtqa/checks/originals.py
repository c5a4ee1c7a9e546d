"""Whether a run of Chinese, Japanese or Korean script in a target is an original name given beside its rendering,
as news writing does on purpose: "Yoon Suk Yeol (윤석열)", "the word 'guanxi' (关系)", "《人民日报》 (People's Daily)",
"the film “Hello 北京” (Hello Beijing)". A rendering is text in another script; the original and its rendering stand
side by side, one of them in brackets or quotes.

Everything here works on one line of the target. The line's brackets and quotes are paired once; each run then
looks only at its neighbourhood, so the work stays linear in the length of the line however many runs it holds.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

import regex

CJK_LETTER = regex.compile(r"[\p{Han}\p{Hangul}\p{Hiragana}\p{Katakana}\u3006\u30fc\uff70]")
# A run of CJK letters, each with the variation selector that picks its glyph (葛󠄀: the Han character and U+E0100).
_CJK_RUN = regex.compile(rf"(?:{CJK_LETTER.pattern}[\ufe00-\ufe0f\U000e0100-\U000e01ef]?)+")
_OTHER_LETTER = regex.compile(r"[\p{L}--\p{Han}\p{Hangul}\p{Hiragana}\p{Katakana}\u3006\u30fc\uff70]", regex.V1)
_SENTENCE_END = regex.compile(r"[。！？]")
_SPACES = regex.compile(r"\s*")
_POSSESSIVE_END = regex.compile(r"\p{L}['’]s?$")

PAIRS = {"(": ")", "（": "）", "[": "]", "［": "］", "【": "】", "〔": "〕", "《": "》", "〈": "〉", "「": "」",
          "『": "』", "“": "”", "‘": "’", "«": "»", "\"": "\"", "'": "'", "＂": "＂"}
_CLOSERS = {close: open_ for open_, close in PAIRS.items()}
_GLOSS_BRACKETS = frozenset("(（[［【〔")  # brackets that hold a gloss: "Yoon Suk Yeol (윤석열)", "关系 (guanxi)"
_APOSTROPHES = frozenset("'’")

MAX_ORIGINAL = 25  # CJK letters: a name or a title, not a sentence
SHORT_RUN = 4  # CJK letters that a title in the target's script may keep of its original ("Hello 北京")
_REACH = 160  # characters: how far from a run its brackets, quotes and rendering may stand


class Pair(NamedTuple):
    """A bracket or quote pair: the offsets of its opening and closing characters."""

    open: int
    close: int


class LineOriginals:
    """Tells, for the CJK runs of one line, which are originals given beside their rendering."""

    def __init__(self, line: str) -> None:
        self.line = line
        self._close_of: dict[int, int] = {}
        self._open_of: dict[int, int] = {}
        open_at: dict[str, list[int]] = {}
        for index, char in enumerate(line):
            if (char not in PAIRS and char not in _CLOSERS) or _is_apostrophe(line, index):
                continue
            waiting = open_at.setdefault(_CLOSERS.get(char, char), [])
            if char in _CLOSERS and waiting:  # a straight quote closes the one open before it
                opening = waiting.pop()
                self._close_of[opening], self._open_of[index] = index, opening
            elif char in PAIRS:
                waiting.append(index)
        self._openings = sorted(self._close_of)

    def is_glossed(self, start: int, end: int) -> bool:
        """Whether the CJK run `line[start:end]` is an original name or title given beside its rendering."""
        unit = self._original_unit(start, end)
        if unit is None:  # a bare original needs its rendering in brackets right after it: "关系 (guanxi)"
            return _is_name_sized(self.line[start:end]) and self._rendering_after(end, glosses_only=True)
        if self._rendering_after(unit.close + 1, glosses_only=False):
            return True
        return self._rendering_before(unit.open, in_gloss_bracket=self.line[unit.open] in _GLOSS_BRACKETS)

    def _original_unit(self, start: int, end: int) -> Pair | None:
        """The brackets or quotes around the run, widened to brackets that hold nothing else ("(《人民日报》)"),
        when what they hold can be an original: name-sized, and mostly CJK or keeping only short CJK runs."""
        pair = self._enclosing(start, end)
        if pair is None or not _can_be_original(self.line[pair.open + 1:pair.close]):
            return None
        while (outer := self._enclosing(pair.open, pair.close + 1)) is not None \
                and not self.line[outer.open + 1:pair.open].strip() \
                and not self.line[pair.close + 1:outer.close].strip():
            pair = outer
        return pair

    def _enclosing(self, start: int, end: int) -> Pair | None:
        """The innermost pair near the run that holds `line[start:end]`."""
        position = bisect.bisect_left(self._openings, start) - 1
        while position >= 0 and self._openings[position] >= start - _REACH:
            opening = self._openings[position]
            close = self._close_of[opening]
            if close >= end:
                return Pair(opening, close) if close - opening <= 2 * _REACH else None
            position -= 1
        return None

    def _rendering_after(self, offset: int, glosses_only: bool) -> bool:
        """Whether brackets or quotes holding a rendering follow `offset` (after spaces)."""
        opening = _SPACES.match(self.line, offset).end()
        if opening >= len(self.line) or (glosses_only and self.line[opening] not in _GLOSS_BRACKETS):
            return False
        close = self._close_of.get(opening)
        return close is not None and close - opening <= _REACH and _is_rendering(self.line[opening + 1:close])

    def _rendering_before(self, offset: int, in_gloss_bracket: bool) -> bool:
        """Whether the text before `offset` ends with a rendering: text in brackets or quotes, a capitalised
        name, or, before a bracketed original, any word ("the concept of guanxi (关系)")."""
        last = offset - 1
        while last >= 0 and self.line[last].isspace():
            last -= 1
        if last < 0:
            return False
        opening = self._open_of.get(last)
        if opening is not None:
            return last - opening <= _REACH and _is_rendering(self.line[opening + 1:last])
        while last >= 0 and self.line[last] == ".":  # "Samsung Co."
            last -= 1
        if last < 0 or not _OTHER_LETTER.match(self.line[last]):
            return False
        first = last
        while first > 0 and last - first < _REACH and not self.line[first - 1].isspace():
            first -= 1
        if _POSSESSIVE_END.search(self.line, first, last + 1):
            return False  # "Yamazaki's 「ゴジラ」": the owner of the title, not its rendering
        return in_gloss_bracket or self.line[first].isupper()


def _can_be_original(content: str) -> bool:
    if not _is_name_sized(content):
        return False
    cjk = len(CJK_LETTER.findall(content))
    other = len(_OTHER_LETTER.findall(content))
    return cjk >= other or max(map(len, _CJK_RUN.findall(content))) <= SHORT_RUN


def _is_name_sized(text: str) -> bool:
    return len(CJK_LETTER.findall(text)) <= MAX_ORIGINAL and not _SENTENCE_END.search(text)


def _is_rendering(text: str) -> bool:
    return bool(_OTHER_LETTER.search(text)) and not CJK_LETTER.search(text)


def _is_apostrophe(line: str, index: int) -> bool:
    """A ' or ’ between two letters ("People's", "O’Brien") is an apostrophe, not a quote."""
    return (line[index] in _APOSTROPHES and 0 < index < len(line) - 1
            and line[index - 1].isalpha() and line[index + 1].isalpha())
