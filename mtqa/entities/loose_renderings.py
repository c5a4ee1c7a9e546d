"""Whether a text renders a glossary entry at all, however loosely: for the source-aware checks, which must not
call an entry missing, or blame another name for it, where the translation does name it."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator

import regex

from mtqa.entities.romanize import han_readings, hangul_readings, phonetic_key
from mtqa.entities.surnames import korean_surnames
from mtqa.entities.vocabulary import TITLES
from mtqa.glossary.model import Entry
from mtqa.text import WORD, fold


def entry_rendered(target: str | LooseText, entry: Entry) -> bool:
    """Whether the target names the entry by any accepted form, loosely written, or by its initials."""
    return loosely_rendered(target, entry.good_forms) or by_initials(str(target), entry)


def loosely_rendered(target: str | LooseText, forms: tuple[str, ...]) -> bool:
    """Whether the target has a form with another inflection or spacing ("Exhibitors Alliance" for "Exhibitor
    Alliance", "Dapeng" for "Da Peng"): the term is rendered, if not exactly, which the accuracy counts and a
    finding that says it is missing would not be true of."""
    if isinstance(target, LooseText):
        return any(target.may_hold(form) and _loose_pattern(form).search(target.folded) for form in forms)
    folded = fold(target)
    return any(_loose_pattern(form).search(folded) for form in forms)


class LooseText:
    """A text asked about many forms (a whole article, each of its terms): folded once, and with its words sorted,
    so that a form whose first word starts none of them is turned away without searching the text for it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        self._pieces = sorted(set(_PIECE.findall(self.folded)))

    def may_hold(self, form: str) -> bool:
        """Whether a word of the text starts as the form's first word does (the loose pattern then may match)."""
        first = _first_loose_word(form)
        index = bisect.bisect_left(self._pieces, first)
        return index < len(self._pieces) and self._pieces[index].startswith(first)

    def matches(self, form: str) -> Iterator[regex.Match]:
        """Where the form stands in the folded text, loosely written (see loosely_rendered)."""
        return _loose_pattern(form).finditer(self.folded) if self.may_hold(form) else iter(())

    def __str__(self) -> str:
        return self.text


# What the loose pattern's words start at: a run of letters, marks and digits after anything else.
_PIECE = regex.compile(r"[\p{L}\p{M}\p{N}]+")


def by_initials(target: str, entry: Entry) -> bool:
    """Whether the target names the entry's body by the initials of its canonical form in brackets, as a dateline
    names an agency ("TAIPEI, Aug. 21 (CNA)" for 中央社): initials the glossary may leave unlisted where they also
    stand for another body (Channel NewsAsia's CNA). In running text they may mean anything ("the PPP model"), but
    for a news agency, which reports are attributed to ("according to CNA")."""
    if entry.type == "person":
        return False
    initials = "".join(word[0] for word in WORD.findall(entry.canonical) if word[0].isupper())
    if len(initials) < 2:
        return False
    # A news agency is cited by its initials in running text too ("according to CNA").
    alone = rf"(?<![\p{{L}}\p{{N}}]){regex.escape(initials)}(?![\p{{L}}\p{{N}}])" if entry.type == "media" else \
        rf"\(\s*{regex.escape(initials)}\s*\)"
    return regex.search(alone, target) is not None


@functools.lru_cache(maxsize=4096)
def _loose_words(form: str) -> tuple[str, ...]:
    return tuple(word.removesuffix("'s").removesuffix("s") if len(word) > 3 else word
                 for word in WORD.findall(fold(form)))


def _first_loose_word(form: str) -> str:
    """The start of the form's first word as its loose pattern has it ("" for a form without words)."""
    words = _loose_words(form)
    return _PIECE.match(words[0]).group() if words and _PIECE.match(words[0]) else ""


@functools.lru_cache(maxsize=4096)
def _loose_pattern(form: str) -> regex.Pattern:
    inflected = r"[\s\-]*".join(regex.escape(word) + r"(?:e?s)?(?:'s?)?" for word in _loose_words(form))
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}]){inflected}(?![\p{{L}}\p{{N}}])")


# One or more titles, however capitalised ("President", "Prime Minister", "former President").
_TITLES = "(?:" + "|".join(sorted(map(regex.escape, TITLES), key=len, reverse=True)) + ")"


def by_title_and_family_name(target: str, entry: Entry) -> bool:
    """Whether the target names a person by a title and the family name, as headlines and later mentions do:
    "President Lee" for Lee Jae-myung, "Prime Minister Kishida" for Fumio Kishida."""
    if entry.type != "person":
        return False
    words = entry.canonical.split()
    if len(words) < 2:
        return False
    return any(_titled_pattern(family).search(target) for family in _family_names(entry, words))


def _family_names(entry: Entry, words: list[str]) -> tuple[str, ...]:
    """The end of the canonical that is the family name: the one that reads the first character of a Chinese or
    Korean source form (习 "Xi" of Xi Jinping, 吳 "Wu" of Joseph Wu: "General Secretary Jinping" is no rendering of Xi
    Jinping); the last for a name written apart in Korean (기시다 후미오) or without such sources (a Western name);
    either where the readings cannot tell (朱 "Chu", a Wade-Giles spelling)."""
    korean = [form.strip() for tag, forms in entry.sources.items() if tag.startswith("ko") for form in forms]
    chinese = [form.strip() for tag, forms in entry.sources.items() if tag.startswith("zh") for form in forms]
    if any(" " in form for form in korean):
        return (words[-1],)
    readings = {phonetic_key(reading) for form in chinese if form for reading in han_readings(form[0])}
    for form in korean:
        if form:
            readings |= {phonetic_key(reading) for reading in
                         (*hangul_readings(form[0]), *korean_surnames().get(form[0], ()))}
    if not readings:
        return (words[-1],)
    reading = [word for word in (words[0], words[-1]) if phonetic_key(word) in readings]
    return tuple(dict.fromkeys(reading or (words[0], words[-1])))


@functools.lru_cache(maxsize=4096)
def _titled_pattern(family: str) -> regex.Pattern:
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?i:{_TITLES})(?:[\s.]+(?i:{_TITLES}))*[\s.]+{regex.escape(family)}"
                         rf"(?![\p{{L}}\p{{N}}\-])")
