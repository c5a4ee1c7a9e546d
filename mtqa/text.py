"""Offset-preserving text helpers: folded views, word boundaries, tokens, line/column."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

import regex

# Horizontal spaces other than the plain one (no-break, thin, ideographic), and the invisible breaks between words:
# the pattern lists write a space as [ \t], and "Please\u00a0read on..." is the same furniture; "job \u200b labor"
# shows as "job labor" (inside a word, MTQ305 says so).
_OTHER_SPACES = tuple(chr(code) for code in (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000,
                                              0x200B, 0x2060, 0xFEFF))
# Characters folded to one canonical form for matching; every entry maps one code point to one code point,
# so the folded view keeps the original offsets.
_FOLD_TABLE = str.maketrans(
    {
        "\n": " ", "\r": " ", "\t": " ", "\u2028": " ", "\u2029": " ", **dict.fromkeys(_OTHER_SPACES, " "),
        "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    }
)

# Each folded character and its replacement: a text holds few of them, and replacing those that occur is several
# times faster than str.translate, which looks up every character. No replacement is itself folded, so the order of
# the replacements does not matter.
_FOLDS = tuple((chr(code), replacement) for code, replacement in _FOLD_TABLE.items())
_ASCII_FOLDS = tuple((character, replacement) for character, replacement in _FOLDS if character.isascii())
_SPACE_RUN = re.compile(" {2,}")  # the standard engine finds a literal run faster than `regex`
_OTHER_SPACE = re.compile("[" + "".join(_OTHER_SPACES) + "]")
_OTHER_LINE_BREAK = re.compile("[\u2028\u2029]")
_OTHER_SPACE_OR_LINE_BREAK = re.compile("[" + "".join(_OTHER_SPACES) + "\u2028\u2029]")
# Characters a page does not show: the default-ignorable ones (soft hyphen, zero-width space and joiners, bidirectional
# marks, byte-order mark, variation selectors, tag characters), other format characters (U+FFF9), and the braille
# blank, which shows as a space but is none.
INVISIBLE_CLASS = r"\p{Default_Ignorable_Code_Point}\p{Cf}\u2800\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # and controls
CJK = regex.compile(r"[\p{Han}\p{Hangul}\p{Hiragana}\p{Katakana}]")
HAN = regex.compile(r"\p{Han}")
HANGUL = regex.compile(r"\p{Hangul}")
KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")

# A word: letters, marks and digits, with inner hyphens and apostrophes ("Suk-yeol", "Workers'", "O'Brien").
WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['\u2019\-\u2010\u2011][\p{L}\p{M}\p{N}]+)*")


class _WordChars(dict):
    """Whether a character is a letter or digit of a spaced script, by character. CJK characters are not: a Latin
    word may touch them directly. Texts use a few hundred distinct characters, and every listed form found is tested
    at its ends: a lookup answers most tests."""

    def __missing__(self, ch: str) -> bool:
        if len(self) >= _MAX_WORD_CHARS:
            self.clear()
        known = self[ch] = ch.isalnum() and not CJK.match(ch)
        return known


_MAX_WORD_CHARS = 1 << 16
WORD_CHARS = _WordChars()


def is_word_char(ch: str) -> bool:
    """Letters and digits of spaced scripts. CJK characters are not: a Latin word may touch them directly."""
    return WORD_CHARS[ch]


class FoldedText:
    """A lower-cased, punctuation-folded, whitespace-collapsed view of a text that maps back to the original.

    Matching runs on `folded`; `to_original` turns a folded span into the span of the untouched text.
    """

    __slots__ = ("original", "folded", "_origin", "_shift_at", "_shift")

    def __init__(self, original: str, *, lower: bool = True) -> None:
        self.original = original
        self._origin: list[int] | None = None  # per-character map, only when folding changed lengths
        self._shift_at: list[int] = []  # folded positions after which the original is `_shift` further on
        self._shift: list[int] = []
        view = original.lower() if lower else original
        if len(view) != len(original):
            self._build_slow(lower)
            return
        view = _folded_characters(view)
        if "  " not in view:
            self.folded = view
            return
        # Collapse runs of spaces (paragraph breaks, mostly), remembering how far each later position moved.
        pieces: list[str] = []
        previous = removed = 0
        for run in _SPACE_RUN.finditer(view):
            pieces.append(view[previous:run.start() + 1])
            removed += run.end() - run.start() - 1
            self._shift_at.append(run.start() + 1 - (removed - (run.end() - run.start() - 1)))
            self._shift.append(removed)
            previous = run.end()
        pieces.append(view[previous:])
        self.folded = "".join(pieces)

    def _build_slow(self, lower: bool) -> None:
        out: list[str] = []
        origin: list[int] = []
        previous_space = False
        for index, ch in enumerate(self.original):
            piece = (ch.lower() if lower else ch).translate(_FOLD_TABLE)
            if piece == " ":
                if previous_space:
                    continue
                previous_space = True
            else:
                previous_space = False
            out.append(piece)
            origin.extend([index] * len(piece))
        self.folded = "".join(out)
        self._origin = origin

    def _original_index(self, position: int) -> int:
        """The original offset of the folded character at `position`."""
        if self._origin is not None:
            return self._origin[position]
        run = bisect.bisect_right(self._shift_at, position) - 1
        return position + (self._shift[run] if run >= 0 else 0)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if self._origin is None and not self._shift_at:
            return start, end
        if start >= end:
            position = self._original_index(start) if start < len(self.folded) else len(self.original)
            return position, position
        return self._original_index(start), self._original_index(end - 1) + 1

    def at_word_boundaries(self, start: int, end: int) -> bool:
        text, word_char = self.folded, is_word_char
        if start > 0 and word_char(text[start - 1]) and word_char(text[start]):
            return False
        if end < len(text) and word_char(text[end - 1]) and word_char(text[end]):
            return False
        return True


def _folded_characters(view: str) -> str:
    for character, replacement in _ASCII_FOLDS if view.isascii() else _FOLDS:
        if character in view:
            view = view.replace(character, replacement)
    return view


def with_plain_spaces(text: str) -> str:
    """`text` with every horizontal space written as a plain one, and a line or paragraph separator as a line
    break, one character for one (offsets hold)."""
    if _OTHER_SPACE_OR_LINE_BREAK.search(text) is None:  # most articles: one search, no copy
        return text
    return _OTHER_LINE_BREAK.sub("\n", _OTHER_SPACE.sub(" ", text))


# A character a page shows: neither a blank nor an invisible one (a translation of one zero-width space is empty).
BLANK_OR_INVISIBLE_CLASS = rf"\s{INVISIBLE_CLASS}"
_VISIBLE = regex.compile(f"[^{BLANK_OR_INVISIBLE_CLASS}]")


def has_visible_text(text: str) -> bool:
    return bool(text.strip()) and (text.isascii() or _VISIBLE.search(text) is not None)


def without_possessive(word: str) -> str:
    """The word without a possessive's 's ("Duterte's" renders 杜特尔特 as "Duterte" does; "Korea's" names Korea)."""
    return word[:-2] if len(word) > 2 and word[-2] in "'\u2019" and word[-1] in "sS" else word


def caseless(text: str) -> str:
    """The text as a case-insensitive search may meet it, for pre-checks that ask whether a word occurs at all (no
    offsets): case-folded (ſ as s, ß as ss), with dotless ı as i and combining dots above dropped (İ lower-cases to an
    i and a dot), as the `regex` module's case-insensitive matching equates them."""
    folded = text.casefold()
    if "\u0307" in folded or "\u0131" in folded:
        folded = folded.replace("\u0307", "").replace("\u0131", "i")
    return folded


def fold(text: str) -> str:
    """The folded form of a short string (a glossary form), as FoldedText would index it."""
    view = text.lower()
    if len(view) != len(text):
        return FoldedText(text).folded
    # FoldedText's own steps, without building one: names are folded by the hundred thousand in a long article.
    view = _folded_characters(view)
    return _SPACE_RUN.sub(" ", view) if "  " in view else view


@functools.lru_cache(maxsize=1 << 16)  # names and words recur across a batch's articles
def name_key(text: str) -> str:
    """Key under which case, spaces, hyphens, apostrophes and a possessive 's do not matter."""
    folded = fold(text).strip()
    if folded.endswith("'s"):
        folded = folded[:-2]
    elif folded.endswith("s'"):
        folded = folded[:-1]
    return "".join(filter(str.isalnum, folded))


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


def tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


_LINE_END = re.compile(r"\r\n?|\n")


class LineIndex:
    """1-based line and column (in code points) of an offset. CRLF counts as one line end, and so does a lone CR
    (a file from an old Mac, which editors and CI annotations show line by line)."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        if "\r" in text:
            self._starts.extend(match.end() for match in _LINE_END.finditer(text))
            return
        position = text.find("\n")
        while position != -1:
            self._starts.append(position + 1)
            position = text.find("\n", position + 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
