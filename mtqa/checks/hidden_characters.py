"""hidden-character (MTQ305): characters a reader does not see that change what a word is.

A soft hyphen, a zero-width space or joiner, a word joiner, a bidirectional mark or a byte-order mark inside a word,
and a Cyrillic or Greek letter that looks like a Latin one inside a Latin word ("labоr" with a Cyrillic о), look
like the plain word on a page but are another string to search engines, to a CMS's spell-checker and to every check
that reads the text: "job la\u00adbor" escapes the glossary's wrong form. MT output and copy pasted from a layout
program carry them by accident; a file made to pass the gate carries them on purpose. Either way the editor deletes
them, and the word is checked again.

An emoji's joiners and variation selectors (👨‍👩‍👧, ❤️, 1️⃣) join symbols, not letters, and are left alone; so are the
joiners other scripts need (a Persian or Sinhala word) and a Han character's variation selector, and Greek letters
that look like no Latin one (μSv, NF-κB).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import regex

from mtqa.checks.context import CheckContext
from mtqa.display import shown
from mtqa.model import Finding, Span
from mtqa.text import BLANK_OR_INVISIBLE_CLASS, INVISIBLE_CLASS

HIDDEN_CHARACTER = "MTQ305"

_INVISIBLE_CHARACTER = regex.compile(f"[{INVISIBLE_CLASS}]")
_ASCII_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same characters as ranges the standard engine looks for several times faster, to pass over an article without
# any (a test keeps it holding every one of them).
MAY_BE_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U000110bd"
    "\U000110cd\U00013430-\U0001345f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
_INVISIBLE_RUN = regex.compile(f"[{INVISIBLE_CLASS}]+")
# A word with the invisible characters in it, from the run outwards: each word is scanned once, however many runs it
# holds and however long it is (a search for "a word holding one" tried again at each letter of a long word).
_WORD_PART = f"[\\p{{L}}\\p{{M}}\\p{{N}}{INVISIBLE_CLASS}]*"
_WORD_BEFORE = regex.compile(_WORD_PART, flags=regex.REVERSE)
_WORD_AFTER = regex.compile(_WORD_PART)
# Letters that pass for Latin ones among an English word's letters: Cyrillic, Greek and Armenian look-alikes, and
# Latin's own dotless j and click letter (read through NFKC too, for the suggestion). Science's Greek
# letters (μSv, β-blockers, NF-κB, IFNγ, kΩ) look like no Latin letter and are written so on purpose: not among them.
_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁӏԝӀАВЕКМНОРСТХІЈЅ" "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοϳ" "օսոցՕ" "ȷǀ",
    "aeopcyxijsdlwIABEKMHOPCTXIJS" "ABEZHIKMNOPTYXoj" "oungO" "jl")
# Besides them, whole alphabets drawn like Latin capitals (Cherokee, Lisu), Roman-numeral letters, and fullwidth and
# mathematical letters (NFKC reads these as Latin).
_LOOKALIKE_CLASS = "".join(chr(code) for code in _LOOKALIKES) + "\u13a0-\u13f5\ua4d0-\ua4f7\u2160-\u217f" \
    "\uff21-\uff3a\uff41-\uff5a\U0001d400-\U0001d7ff"
_LETTERS = r"\p{Latin}\p{Cyrillic}\p{Greek}\p{Armenian}\p{Cherokee}\p{Lisu}\u2160-\u217f\U0001d400-\U0001d7ff"
# A word holding a look-alike: tried at word starts only, and its look-ahead stops at the first look-alike, so that
# each word is scanned once.
_WORD_WITH_LOOKALIKE = regex.compile(
    rf"(?<![{_LETTERS}\p{{M}}])(?=[{_LETTERS}]*?[{_LOOKALIKE_CLASS}])[{_LETTERS}]+")
_LOOKALIKE = re.compile(f"[{_LOOKALIKE_CLASS}]")
_ASCII_LETTER = re.compile("[A-Za-z]")
# Symbols an emoji sequence joins (ZWJ) or styles (variation selectors), and a keycap's enclosing mark (1️⃣).
_SYMBOL = regex.compile(r"[\p{So}\p{Sk}\p{Extended_Pictographic}\p{Emoji_Modifier}]")
_KEYCAP = "\u20e3"
# Letters of Latin script, or digits: the words a hidden character hides from the checks, which read English. A
# joiner inside a Persian, Hindi or Sinhala word (می‌خواهیم, ශ්‍රී), or a variation selector after a Han character
# (葛󠄀), is how those scripts are written.
_LATIN_OR_DIGIT = regex.compile(r"[\p{Latin}\p{Nd}]")


def check_hidden_characters(context: CheckContext) -> Iterator[Finding]:
    if context.rendered is not None:
        yield from _words_split_by_markup(context)
    text = context.text
    if text.isascii() and not _ASCII_CONTROL.search(text):
        return  # most English articles: one pass in C each
    if MAY_BE_INVISIBLE.search(text):
        yield from _invisible_characters(context)
    if _LOOKALIKE.search(text):
        yield from _mixed_script_words(context)


def _invisible_characters(context: CheckContext) -> Iterator[Finding]:
    text = context.text
    covered = 0  # where the last word looked at ends: a later run inside it is part of it
    for run in _INVISIBLE_RUN.finditer(text):
        if run.start() < covered:
            continue
        start = _WORD_BEFORE.match(text, covered, run.start()).start()
        end = covered = _WORD_AFTER.match(text, run.end()).end()
        found = text[start:end]
        word = _INVISIBLE_CHARACTER.sub("", found)
        if _in_emoji(text, run) or not _writes_latin(text, start, end, word):
            continue
        names = ", ".join(dict.fromkeys(_described(character) for character in _INVISIBLE_CHARACTER.findall(found)))
        place = f"inside '{shown(word)}'" if word else "between words"
        yield context.finding(
            HIDDEN_CHARACTER, Span(start, end),
            f"An invisible character ({names}) {place}: readers do not see it, but it makes the word another "
            "string to search and to these checks; delete it.",
            suggestion=word,
        )


def _words_split_by_markup(context: CheckContext) -> Iterator[Finding]:
    """A Markdown article's words with markup inside them: the checks read the article as rendered, with markup
    blanked, and blanks inside a word would cut it in two."""
    for word in context.rendered.split_words:
        yield context.finding(
            HIDDEN_CHARACTER, word.span,
            f"Markdown or HTML markup inside '{shown(word.rendered)}': the page shows the word whole, but the checks "
            "cannot read it so; write the word without markup inside it (an entity as its character).",
            suggestion=word.rendered,
        )


def _in_emoji(text: str, run: regex.Match) -> bool:
    """Whether the invisible characters are an emoji sequence's: right after a symbol (❤️, 👨‍👩‍👧, also "I❤️Seoul"), or a
    keycap's selector before its enclosing mark (1️⃣, #️⃣)."""
    start, end = run.span()
    return (start > 0 and _SYMBOL.match(text[start - 1]) is not None) or text[end:end + 1] == _KEYCAP


def _writes_latin(text: str, start: int, end: int, word: str) -> bool:
    """Whether the word around the invisible characters is Latin letters or digits, or, between words, the nearest
    visible character on either side is ("job \u200b labor")."""
    if word:
        return _LATIN_OR_DIGIT.search(word) is not None
    before = _LAST_VISIBLE.search(text, max(0, start - _NEIGHBOUR_REACH), start)
    after = _FIRST_VISIBLE.match(text, end, end + _NEIGHBOUR_REACH)
    return any(found is not None and _LATIN_OR_DIGIT.match(found.group("visible"))
               for found in (before, after))


# How far past blanks and other invisible characters the nearest visible neighbour is looked for (a bounded look, so
# that a page of blanks is not scanned once per run).
_NEIGHBOUR_REACH = 64
_LAST_VISIBLE = regex.compile(rf"(?P<visible>[^{BLANK_OR_INVISIBLE_CLASS}])[{BLANK_OR_INVISIBLE_CLASS}]*\Z")
_FIRST_VISIBLE = regex.compile(rf"[{BLANK_OR_INVISIBLE_CLASS}]*(?P<visible>[^{BLANK_OR_INVISIBLE_CLASS}])")


def _mixed_script_words(context: CheckContext) -> Iterator[Finding]:
    for match in _WORD_WITH_LOOKALIKE.finditer(context.text):
        word = match.group()
        readable = unicodedata.normalize("NFKC", word).translate(_LOOKALIKES)
        if not _ASCII_LETTER.search(word):
            continue  # a word of one other script or form (СССР, ΚΚΕ, ｊｏｂ in a CJK quote, 𝑥): no letter of English
            # beside its look-alikes, so no English word disguised
        foreign = ", ".join(dict.fromkeys(_described(letter) for letter in _LOOKALIKE.findall(word)))
        yield context.finding(
            HIDDEN_CHARACTER, Span(*match.span()),
            f"'{shown(readable)}' is written with a letter of another script or form ({foreign}) among its Latin "
            "letters: it looks the same but is another word to search and to these checks.",
            suggestion=readable if readable.isascii() else None,
        )


def _described(character: str) -> str:
    return f"U+{ord(character):04X} {unicodedata.name(character, 'unnamed').lower()}"
