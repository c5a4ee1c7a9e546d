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

import unicodedata
from collections.abc import Iterator

import regex

from mtqa.checks.context import CheckContext
from mtqa.display import shown
from mtqa.model import Finding, Span

HIDDEN_CHARACTER = "MTQ305"

_INVISIBLE = r"\p{Default_Ignorable_Code_Point}"
# A run of invisible characters with the word around it: letters, digits or marks on either side of the run (it may
# also start or end the word), or a space beside it (the run hides a word's edge: "job\u200b labor").
_HIDDEN_IN_WORD = regex.compile(
    rf"[\p{{L}}\p{{M}}\p{{N}}]*(?:{_INVISIBLE})+[\p{{L}}\p{{M}}\p{{N}}]*(?:(?:{_INVISIBLE})+[\p{{L}}\p{{M}}\p{{N}}]*)*")
# Cyrillic and Greek letters that pass for Latin ones in a Latin word. Science's Greek letters (μSv, β-blockers,
# NF-κB, IFNγ, kΩ) look like no Latin letter and are written so on purpose: they are not among them.
_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁӏАВЕКМНОРСТХІЈЅ" "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧο",
    "aeopcyxijsdlABEKMHOPCTXIJS" "ABEZHIKMNOPTYXo")
_LOOKALIKE_LETTERS = "".join(chr(code) for code in _LOOKALIKES)
# A word of Latin letters with a look-alike among them.
_MIXED_SCRIPT_WORD = regex.compile(
    rf"(?=[\p{{Latin}}\p{{Cyrillic}}\p{{Greek}}]*\p{{Latin}})(?=[\p{{Latin}}\p{{Cyrillic}}\p{{Greek}}]*[{_LOOKALIKE_LETTERS}])"
    r"(?<![\p{L}\p{M}])[\p{Latin}\p{Cyrillic}\p{Greek}]+(?![\p{L}\p{M}])")
_INVISIBLE_CHARACTER = regex.compile(_INVISIBLE)
_FOREIGN_LETTER = regex.compile(r"[\p{Cyrillic}\p{Greek}]")
# Symbols an emoji sequence joins (ZWJ) or styles (variation selectors), and a keycap's enclosing mark (1️⃣).
_SYMBOL = regex.compile(r"[\p{So}\p{Sk}\p{Extended_Pictographic}\p{Emoji_Modifier}]")
_KEYCAP = "\u20e3"
# Letters of Latin script, or digits: the words a hidden character hides from the checks, which read English. A
# joiner inside a Persian, Hindi or Sinhala word (می‌خواهیم, ශ්‍රී), or a variation selector after a Han character
# (葛󠄀), is how those scripts are written.
_LATIN_OR_DIGIT = regex.compile(r"[\p{Latin}\p{Nd}]")


def check_hidden_characters(context: CheckContext) -> Iterator[Finding]:
    text = context.text
    if _INVISIBLE_CHARACTER.search(text):
        yield from _invisible_characters(context)
    if _FOREIGN_LETTER.search(text):
        yield from _mixed_script_words(context)


def _invisible_characters(context: CheckContext) -> Iterator[Finding]:
    text = context.text
    for match in _HIDDEN_IN_WORD.finditer(text):
        word = _INVISIBLE_CHARACTER.sub("", match.group())
        start, end = match.span()
        if _in_emoji(text, match) or not _writes_latin(text, match, word):
            continue
        names = ", ".join(dict.fromkeys(_described(character)
                                        for character in _INVISIBLE_CHARACTER.findall(match.group())))
        place = f"inside '{shown(word)}'" if word else "between words"
        yield context.finding(
            HIDDEN_CHARACTER, Span(start, end),
            f"An invisible character ({names}) {place}: readers do not see it, but it makes the word another "
            "string to search and to these checks; delete it.",
            suggestion=word,
        )


def _in_emoji(text: str, match: regex.Match) -> bool:
    """Whether the invisible characters are an emoji sequence's: right after a symbol (❤️, 👨‍👩‍👧, also "I❤️Seoul"), or a
    keycap's selector before its enclosing mark (1️⃣, #️⃣)."""
    first = _INVISIBLE_CHARACTER.search(match.group())
    place = match.start() + first.start()
    return (place > 0 and _SYMBOL.match(text[place - 1]) is not None) or _KEYCAP in text[place:match.end() + 1]


def _writes_latin(text: str, match: regex.Match, word: str) -> bool:
    """Whether the word around the invisible characters is Latin letters or digits, or, between words, one beside
    them is."""
    if word:
        return _LATIN_OR_DIGIT.search(word) is not None
    start, end = match.span()
    return any(_LATIN_OR_DIGIT.match(text[place]) for place in (start - 1, end) if 0 <= place < len(text))


def _mixed_script_words(context: CheckContext) -> Iterator[Finding]:
    for match in _MIXED_SCRIPT_WORD.finditer(context.text):
        word = match.group()
        readable = word.translate(_LOOKALIKES)
        foreign = ", ".join(dict.fromkeys(_described(letter) for letter in word if letter != letter.translate(
            _LOOKALIKES)))
        yield context.finding(
            HIDDEN_CHARACTER, Span(*match.span()),
            f"'{shown(readable)}' is written with a letter of another script ({foreign}) among its Latin letters: "
            "it looks the same but is another word to search and to these checks.",
            suggestion=readable if not _FOREIGN_LETTER.search(readable) else None,
        )


def _described(character: str) -> str:
    return f"U+{ord(character):04X} {unicodedata.name(character, 'unnamed').lower()}"
