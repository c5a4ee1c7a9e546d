"""Whether a text renders a glossary entry at all, however loosely: for the source-aware checks, which must not
call an entry missing, or blame another name for it, where the translation does name it."""

from __future__ import annotations

import functools

import regex

from mtqa.entities.vocabulary import TITLES
from mtqa.glossary.model import Entry
from mtqa.text import WORD, fold

_STANDING_ALONE = r"(?<![\p{{L}}\p{{N}}]){}(?![\p{{L}}\p{{N}}])"  # a word's letters, not part of a longer word


def entry_rendered(target: str, entry: Entry) -> bool:
    """Whether the target names the entry by any accepted form, loosely written, or by its initials."""
    return loosely_rendered(target, entry.good_forms) or by_initials(target, entry)


def loosely_rendered(target: str, forms: tuple[str, ...]) -> bool:
    """Whether the target has a form with another inflection or spacing ("Exhibitors Alliance" for "Exhibitor
    Alliance", "Dapeng" for "Da Peng"): the term is rendered, if not exactly, which the accuracy counts and a
    finding that says it is missing would not be true of."""
    folded = fold(target)
    return any(_loose_pattern(form).search(folded) for form in forms)


def by_initials(target: str, entry: Entry) -> bool:
    """Whether the target names the entry's body by the initials of its canonical form, as news names an agency in
    a dateline ("TAIPEI, Aug. 21 (CNA)" for 中央社): initials the glossary may leave unlisted where they also stand
    for another body (Channel NewsAsia's CNA), which an acronym entry would match everywhere."""
    if entry.type == "person":
        return False
    initials = "".join(word[0] for word in WORD.findall(entry.canonical) if word[0].isupper())
    return len(initials) >= 2 and regex.search(_STANDING_ALONE.format(regex.escape(initials)), target) is not None


@functools.lru_cache(maxsize=4096)
def _loose_pattern(form: str) -> regex.Pattern:
    words = [word.removesuffix("'s").removesuffix("s") if len(word) > 3 else word for word in WORD.findall(fold(form))]
    inflected = r"[\s\-]*".join(regex.escape(word) + r"(?:e?s)?(?:'s?)?" for word in words)
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
    # The family name leads a Chinese or Korean name and ends a Japanese or Western one: either end will do here.
    return any(_titled_pattern(family).search(target) for family in dict.fromkeys((words[0], words[-1])))


@functools.lru_cache(maxsize=4096)
def _titled_pattern(family: str) -> regex.Pattern:
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?i:{_TITLES})(?:[\s.]+(?i:{_TITLES}))*[\s.]+{regex.escape(family)}"
                         rf"(?![\p{{L}}\p{{N}}\-])")
