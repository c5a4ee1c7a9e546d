"""Whether a listed form, where it stands, names its glossary entry.

A glossary form inside a longer name is not a mention of the entry: "Central News Agency" in "Korea Central News
Agency", "Cho Hyun" in "Cho Hyun-dong", "Lai" in "Jimmy Lai". And a short form ("Lai", "President Lee",
"Communist Party") names the entry only in an article that introduces the entry (its full form appears, before or
after) and introduces nobody else with that short form.
"""

from __future__ import annotations

import bisect
import functools

import regex

from mtqa.entities.covered import CoveredSpans
from mtqa.entities.names import name_units
from mtqa.entities.romanize import split_syllables
from mtqa.entities.vocabulary import NATIONALITIES, SENTENCE_STARTERS, TITLES, is_english_word
from mtqa.glossary.model import Entry
from mtqa.text import WORD

# The word that ends at a place, read backwards: letters, apostrophes, full stops ("U.S.") and hyphens.
_WORD_BEFORE = regex.compile(r"[\p{L}\p{M}\p{N}'\u2019.\-\u2010\u2011]+", flags=regex.REVERSE)
_LETTERS = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_HYPHENATED = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:[\-\u2010\u2011][\p{L}\p{M}\p{N}]+)*")
_HYPHENS = "-\u2010\u2011"
# Words that carry a body's name on to a capitalised word: "Party of Japan", "Party for the People".
_NAME_CONTINUING = frozenset({"of", "for"})
_CONTINUATION = regex.compile(r"[ \t\u00a0]+(?:the[ \t\u00a0]+)?\p{Lu}")
_SPACES = " \t\u00a0"
_LONGEST_WORD = 64  # characters looked back for the word before a name
_LINE = regex.compile(r"[^\n]+")
_HEADLINE_LENGTH = 200
# A headline in title case: at least this many words of at least this many letters, every one capitalised.
_HEADLINE_WORDS, _HEADLINE_WORD = 3, 4
_SENTENCE_END = ".!?:;\"\u201c\u201d(\u300c\n"
_POSSESSIVE = ("'s", "\u2019s", "s'", "s\u2019")


def extends_beyond(text: str, start: int, end: int, entry: Entry, headlines: HeadlineLines | None = None) -> bool:
    """Whether the name at text[start:end] is part of a longer capitalised or hyphenated name there. In a headline
    in title case every word is capitalised, so there the word before tells nothing ("Kishida Meets Yoon")."""
    if not entry.is_name:
        return False
    person = entry.type == "person"
    in_headline = headlines is not None and headlines.holds(start)
    return (not in_headline and _extended_before(text, start, person)) or _extended_after(text, end, person)


def renamed_before(text: str, start: int, headlines: HeadlineLines) -> bool:
    """Whether a body's name at `start` is part of another body's longer name: a capitalised word right before it
    that is no nationality or country, title, possessive or English word starting the sentence ("Together Democratic
    Party", not "Chinese People's Liberation Army", "Korea's Democratic Party" or "Twelve Democratic Party
    lawmakers"); never in a title-case headline."""
    if headlines.holds(start) or not _extended_before(text, start, person=False):
        return False
    position = start
    while position > 0 and text[position - 1] in _SPACES:
        position -= 1
    word = _word_ending_at(text, position)
    bare = word.lower().rstrip(".")
    if _starts_sentence(text, position - len(word)) and is_english_word(bare):
        return False  # "Twelve People Power Party lawmakers ..."
    return not ({bare, word.lower()} & NATIONALITIES) and bare not in TITLES  # "U.S." as written, "Gov" bare


def _extended_before(text: str, start: int, person: bool) -> bool:
    if start >= 2 and text[start - 1] in _HYPHENS and text[start - 2].isalpha():
        prefix = _word_ending_at(text, start - 1)
        return prefix[:1].isupper()  # "Kim-Cho Hyun" yes; "anti-Yoon", "pro-Beijing" no
    position = start
    while position > 0 and text[position - 1] in _SPACES:
        position -= 1
    if position == start or position == 0:
        return False
    word = _word_ending_at(text, position)
    adjective = "-" in word and not word.rsplit("-", 1)[1][:1].isupper()
    if not word[:1].isupper() or word.endswith(_POSSESSIVE) or adjective:
        return False  # a lower-case word, a possessive ("Taiwan's"), an adjective ("Taipei-based")
    bare = word.lower().rstrip(".")
    if bare in SENTENCE_STARTERS and _starts_sentence(text, position - len(word)):
        return False
    if person:
        return bare not in TITLES and bare not in NATIONALITIES
    return bare not in SENTENCE_STARTERS


def _extended_after(text: str, end: int, person: bool) -> bool:
    if end + 1 < len(text) and text[end] in _HYPHENS and text[end + 1].isalpha():
        part = _LETTERS.match(text, end + 1).group()
        return part[:1].isupper() or (person and _romanised(part))  # "Cho Hyun-dong", "Moon Hee-sang"
    position = end
    while position < len(text) and text[position] in _SPACES:
        position += 1
    word = _HYPHENATED.match(text, position) if position > end else None
    if word is None:
        return False
    if person:  # given-name syllables after a surname: "Lee Myung-bak", "Moon Hee Sang"
        return word.group()[:1].isupper() and _romanised(word.group())
    if word.group() in _NAME_CONTINUING:
        following = _CONTINUATION.match(text, word.end())
        return following is not None  # "Democratic Party of Japan", "Democratic Party for the People"
    return False


def _word_ending_at(text: str, end: int) -> str:
    word = _WORD_BEFORE.match(text, max(0, end - _LONGEST_WORD), end)
    return word.group() if word else ""


def _starts_sentence(text: str, position: int) -> bool:
    limit = max(0, position - _LONGEST_WORD)
    while position > limit and text[position - 1] in _SPACES:
        position -= 1
    return position == 0 or text[position - 1] in _SENTENCE_END


class HeadlineLines:
    """The lines of a text written in title case: a headline or a heading, not a sentence."""

    def __init__(self, text: str) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for line in _LINE.finditer(text):
            if line.end() - line.start() > _HEADLINE_LENGTH:
                continue
            if line.group().rstrip().endswith((".", "?", "!", ":")):
                continue  # a sentence: most lines, told apart without splitting them into words
            words = [w for w in WORD.findall(line.group()) if len(w) >= _HEADLINE_WORD]
            if len(words) >= _HEADLINE_WORDS and all(w[0].isupper() for w in words):
                self._starts.append(line.start())
                self._ends.append(line.end())

    def holds(self, position: int) -> bool:
        index = bisect.bisect_right(self._starts, position) - 1
        return index >= 0 and position < self._ends[index]


@functools.lru_cache(maxsize=1 << 12)
def _romanised(word: str) -> bool:
    """A romanised given name or its part ("Jae-myung", "Hee", "Jinping"), not an English word ("Says")."""
    parts = _LETTERS.findall(word.lower())
    if len(parts) == 1 and is_english_word(parts[0]):
        return False
    return bool(parts) and all(split_syllables(part) is not None for part in parts)


@functools.lru_cache(maxsize=1 << 12)
def core_units(form: str) -> tuple[str, ...]:
    """A form's name parts without titles: "President Lee" -> ("lee",)."""
    return tuple(unit for unit in name_units(form) if unit not in TITLES)


def is_short_form(form: str, entry: Entry) -> bool:
    """An allowed form made of some of the canonical's parts: "Yoon", "President Yoon", "Communist Party"."""
    if form == entry.canonical or form == entry.acronym:
        return False
    ours, full = set(core_units(form)), set(core_units(entry.canonical))
    return bool(ours) and ours < full


def is_generic_form(form: str, entry: Entry) -> bool:
    """An allowed form of two or more common words that other countries' bodies share ("Democratic Party",
    "Nationalist Party"), naming no country or people."""
    units = core_units(form)
    return form != entry.canonical and form != entry.acronym and len(units) >= 2 and all(
        is_english_word(unit) and unit not in NATIONALITIES for unit in units)


def named_only_where_introduced(mention) -> bool:
    """Whether a mention names its entry only in an article that introduces the entry: a listed short form, or a
    near-miss of a generic form ("Democrat Party" is as near "Democratic Party" in a story on Thailand as in one on
    Korea's Democratic Party) or of a family name alone ("Takaiichi" after "Sanae Takaichi")."""
    if mention.ref is not None:
        return mention.ref.short
    return mention.kind == "variant" and (is_generic_form(mention.form, mention.entry) or (
        len(name_units(mention.form)) == 1 and is_short_form(mention.form, mention.entry)))


def contains_units(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """Whether `shorter` occurs as consecutive parts of `longer`."""
    width = len(shorter)
    return width > 0 and any(longer[i:i + width] == shorter for i in range(len(longer) - width + 1))


def attached_short_forms(mentions: list, elsewhere: list) -> list:
    """The mentions less the short forms (named_only_where_introduced) that cannot be told to name their entry: those
    of an entry the article does not introduce by a full form, and those that another name in the article shares
    ("Jimmy Lai" beside "Lai", "Lee Myung-bak" beside "President Lee", the "U.S. Democratic Party" beside
    "Democratic Party").

    `elsewhere` are listed forms found inside longer names."""
    short = [m for m in mentions if named_only_where_introduced(m)]
    if not short:
        return mentions
    short_ids = {id(m) for m in short}
    introduced = {m.entry.id for m in mentions if id(m) not in short_ids}
    by_entry: dict[str, list] = {}
    for mention in mentions:
        by_entry.setdefault(mention.entry.id, []).append(mention)
    shared = _shared_short_forms(short, mentions, elsewhere, by_entry)
    return [m for m in mentions
            if id(m) not in short_ids or (m.entry.id in introduced and (m.entry.id, core_units(m.form)) not in shared)]


def _shared_short_forms(short: list, mentions: list, elsewhere: list, by_entry: dict[str, list]
                        ) -> set[tuple[str, tuple[str, ...]]]:
    """(entry id, short form's parts) that some other name in the article also has."""
    shared = set()
    for mention in {(m.entry.id, core_units(m.form)): m for m in short}.values():
        units = core_units(mention.form)
        own = CoveredSpans(other.span for other in by_entry[mention.entry.id])
        for other in elsewhere:
            if other.entry is mention.entry and core_units(other.form) == units and not own.overlaps(*other.span):
                shared.add((mention.entry.id, units))  # "Lai" inside "Jimmy Lai"
        for other in mentions:
            if other.entry is not mention.entry and contains_units(core_units(other.text), units):
                shared.add((mention.entry.id, units))  # "Lee" inside "Lee Myung-bak", another entry
    return shared
