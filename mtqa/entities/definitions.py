"""Acronyms and their spelled-out definitions: "Expansion (ACR)" and "ACR (Expansion)" in running text.

Where a definition starts is decided as Schwartz and Hearst do for biomedical abbreviations ("A simple algorithm for
identifying abbreviation definitions in biomedical text", 2003): within a window of at most min(|A| + 5, 2|A|) words
before the parenthesis, the acronym's characters are matched right to left against the window's characters, the
first one at the start of a word; the definition is the shortest word run that accounts for them. That keeps the
words a sentence puts before a name out of it ("Members of the North Atlantic Treaty Organization (NATO)").

Adapted to news: a run whose words' initials spell the acronym is preferred to a character match; letters may come
from hyphenated parts ("Self-Defense Forces"); a plural acronym ("ICBMs") is matched as its singular and its digits
may be written as words ("Group of Seven (G7)"); quotes, line breaks and clause words ("said", "which") bound the
window; a leading article or an owner's possessive ("China's") is no part of the name, a plural possessive
("Workers' Party") is. A translation's own invented expansion spells nothing ("Military Intelligence Protection
Agreement (GSOMIA)"); it is then the capitalised phrase just before the parenthesis, up to the nearest phrase
boundary. After the acronym, the expansion is the opening of the parenthesis that spells it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from mtqa.entities.names import CONNECTORS

# Words of a definition; dotted abbreviations ("U.S.") count as one word, possessives belong to their word.
_WORD = regex.compile(r"(?:\p{Lu}\.){2,}|[\p{L}\p{M}\p{N}]+(?:['\u2019\-\u2010\u2011][\p{L}\p{M}\p{N}]+)*['\u2019]?")
_ACRONYM = r"\p{Lu}[\p{Lu}\p{N}&\-]{1,11}"
_PARENTHESISED_ACRONYM = regex.compile(rf"[(（]\s*({_ACRONYM}s?)\s*[)）]")
_ACRONYM_THEN_PARENTHESIS = regex.compile(rf"\b({_ACRONYM}s?)[ \t\u00a0]*[(（]([^()（）\n]{{5,150}})[)）]")
_CLOSING_QUOTES = {'"': '"', "\u201d": "\u201c", "'": "'", "\u2019": "\u2018", "\u300d": "\u300c", "\u00bb": "\u00ab"}
# Characters no definition runs across: line breaks, brackets, quotes, clause punctuation.
_HARD_BOUNDARY = set("\n\r()[]{}（）;:\"\u201c\u201d\u2018\u300c\u300d\u00ab\u00bb")
# A full stop ends a sentence after a lower-case word, a number or a capitalised word of five letters or more
# ("said.", "2023.", "Korea."), not after an abbreviation ("U.S.", "Gen.", "Corp.").
_SENTENCE_END = regex.compile(r"(?<![\p{L}\p{N}.])(?:\p{Ll}{2,}|\p{N}+|\p{Lu}\p{Ll}{4,})[.!?]$")
_HARD_BOUNDARY_CHARACTER = re.compile("[" + re.escape("".join(sorted(_HARD_BOUNDARY))) + "]")
_CLOSING_MARK = re.compile(r"[.!?\n]")
_ARTICLES = {"the", "a", "an"}
# Words that open a clause or report speech: a definition never runs across them.
_CLAUSE_WORDS = frozenset("said says say told tells that which who whom whose when where while because as if "
                          "than is are was were has have had will would".split())
_FUNCTION_WORDS = CONNECTORS | _ARTICLES
_LEADING_WORDS = _FUNCTION_WORDS | {"its", "their", "his", "her"}
_PART_BREAK = regex.compile(r"[\-\u2010\u2011.]+")  # between the parts of "Self-Defense", "U.S."
_SPACED_HYPHEN = regex.compile(r"[\-\u2010\u2011\u2013]")
# A singular possessive names an owner in front of a name ("Japan's", "the North's"); a plural one describes the
# body and belongs to its name ("Workers' Party", "People's Army").
_PLURAL_POSSESSIVES = {"people's", "women's", "children's", "men's"}
_MAX_WORDS = 12
_MIN_PHRASE_WORDS = 2


@dataclass(frozen=True)
class Expansion:
    acronym: str  # singular, as the glossary lists it ("ICBM" for "ICBMs")
    acronym_start: int
    start: int  # span of the definition
    end: int
    text: str
    spelled: bool = True  # its letters account for the acronym's
    plural: bool = False  # the acronym was written as a plural ("ICBMs")


@dataclass(frozen=True)
class _Acronym:
    singular: str
    plural: bool
    letters: str  # lower-case letters to account for; digits may be written as words, so they are left out

    @classmethod
    def parse(cls, written: str) -> _Acronym:
        plural = written.endswith("s") and not written.endswith("S")
        singular = written[:-1] if plural else written
        letters = "".join(ch.lower() for ch in singular if ch.isalpha())
        return cls(singular, plural, letters)

    @property
    def characters(self) -> str:
        return "".join(ch.lower() for ch in self.singular if ch.isalnum())

    @property
    def window_words(self) -> int:
        size = len(self.characters)
        return min(size + 5, 2 * size)


def find_expansions(text: str) -> list[Expansion]:
    """Every spelled-out definition given beside an acronym in the text."""
    found: list[Expansion] = []
    for match in _PARENTHESISED_ACRONYM.finditer(text):
        acronym = _Acronym.parse(match.group(1))
        definition = _definition_before(text, match.start(), acronym)
        if definition is not None:
            start, end, spelled = definition
            found.append(Expansion(acronym.singular, match.start(1), start, end, text[start:end],
                                   spelled and _gives_numbers(text[start:end], acronym.singular), acronym.plural))
    for match in _ACRONYM_THEN_PARENTHESIS.finditer(text):
        acronym = _Acronym.parse(match.group(1))
        definition = _definition_inside(text, *match.span(2), acronym)
        if definition is not None:
            start, end, spelled = definition
            found.append(Expansion(acronym.singular, match.start(1), start, end, text[start:end],
                                   spelled and _gives_numbers(text[start:end], acronym.singular), acronym.plural))
    return sorted(found, key=lambda expansion: expansion.start)


_LETTERS_OR_DIGITS = regex.compile(r"\p{L}+|\d+")
_DIGITS = regex.compile(r"\d+")
_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                 "sixteen seventeen eighteen nineteen twenty").split()


def _gives_numbers(definition: str, acronym: str) -> bool:
    """Whether the acronym's numbers appear in the definition, as digits or words: "Group of Seven" spells G7,
    "Group of Eight" does not."""
    words = set(_LETTERS_OR_DIGITS.findall(definition.lower()))
    for number in _DIGITS.findall(acronym):
        value = int(number)
        if number not in words and not (value < len(_NUMBER_WORDS) and _NUMBER_WORDS[value] in words):
            return False
    return True


def _definition_before(text: str, paren: int, acronym: _Acronym) -> tuple[int, int, bool] | None:
    end = paren
    while end > 0 and text[end - 1] in " \t\u00a0":  # a line break before the parenthesis starts a new matter
        end -= 1
    quoted = _quoted_before(text, end)
    if quoted is not None:
        start, end = quoted
    else:
        start = _sentence_start(text, end)
    region = list(_WORD.finditer(text, start, end))
    clause = [index for index, word in enumerate(region) if word.group() in _CLAUSE_WORDS]
    words = region[clause[-1] + 1 if clause else 0:][-acronym.window_words:]
    first = _spelling_start(text, words, acronym)
    if first is not None:
        run = [word for word in words if word.start() >= first]
        if len(run) > 1 and (run[0].group().lower() in _ARTICLES or _owner_possessive(run[0].group())):
            # "China's Communist Party (CCP)", "the State Council (TAO)": an owner or an article is no part of the
            # name, and what is left does not spell the acronym (or the match would have been shorter).
            return run[1].start(), run[-1].end(), False
        return first, run[-1].end(), True
    phrase = _whole_quote(region) if quoted is not None else _capitalised_phrase(text, words)
    return None if phrase is None else (*phrase, False)


def _definition_inside(text: str, start: int, end: int, acronym: _Acronym) -> tuple[int, int, bool] | None:
    """ACR (Expansion): the shortest opening of the parenthesis whose words' initials spell the acronym ("CVID
    (complete, verifiable and irreversible denuclearization)", "THAAD (the Terminal High Altitude Area Defense
    system)"), else the parenthesis up to its first clause break; less quotes and a leading article."""
    whole = _without_leading_words(list(_WORD.finditer(text, start, end)))
    # Digits may be written as any number of words ("G20 (Group of Twenty)"): no opening is known to hold them.
    for count in range(1, min(len(whole), _MAX_WORDS) + 1 if acronym.letters == acronym.characters else 0):
        if _initials_start(text, whole[:count], acronym) == whole[0].start():
            return whole[0].start(), whole[count - 1].end(), True
    for index in range(start, end):
        if text[index] in ",;:\u2013\u2014":
            end = index
            break
    words = _without_leading_words(list(_WORD.finditer(text, start, end)))
    if not words or len(words) > _MAX_WORDS:
        return None
    if _spelling_start(text, words, acronym) == words[0].start():
        return words[0].start(), words[-1].end(), True
    if len(words) >= _MIN_PHRASE_WORDS and sum(w.group()[0].isupper() for w in words) >= _MIN_PHRASE_WORDS:
        return words[0].start(), words[-1].end(), False
    return None


def _spelling_start(text: str, words: list, acronym: _Acronym) -> int | None:
    """Where the shortest run of `words` that spells the acronym starts: by its words' initials where they do, as
    most acronyms are made, else by Schwartz and Hearst's character match (syllable acronyms such as TEPCO, letters
    from inside a word). Initials come first because the character match, taking the nearest letters, can start a
    definition inside it ("State-owned Assets Supervision and Administration Commission (SASAC)" would begin at
    "Supervision"). A definition has more letters than its acronym, which it may not merely repeat ("CNN (CNN)")."""
    first = _initials_start(text, words, acronym)
    if first is None:
        first = _shortest_spelling(text, words, acronym)
    if first is None:
        return None
    letters = sum(ch.isalpha() for word in words if word.start() >= first for ch in word.group())
    return first if letters > len(acronym.letters) else None


def _initials_start(text: str, words: list, acronym: _Acronym) -> int | None:
    """The start of the run of words, ending at the last, in which every word gives its initial to the acronym, in
    order: a hyphenated word may give the initials of its later parts too ("Self-Defense"), a connector gives its
    initial where it is the next letter ("Bank of Korea") and is passed over otherwise."""
    remaining = acronym.letters
    for start, parts in reversed(_compounds(text, words)):
        for part in reversed(parts[1:]):
            if remaining and part[0] == remaining[-1]:
                remaining = remaining[:-1]
        if remaining and parts[0][0] == remaining[-1]:
            remaining = remaining[:-1]
        elif len(parts) > 1 or parts[0] not in _FUNCTION_WORDS:
            return None
        if not remaining:
            return start
    return None


def spelled_by_initials(phrase: str, acronym: str) -> bool:
    """Whether the initials of the phrase's words, all of them, spell the acronym ("Demarcated Military Zone" spells
    DMZ; "Demilitarized Zone" gives it letters from inside a word)."""
    words = _without_leading_words(list(_WORD.finditer(phrase)))
    return bool(words) and _initials_start(phrase, words, _Acronym.parse(acronym)) == words[0].start()


def _compounds(text: str, words: list) -> list[tuple[int, list[str]]]:
    """Words with their lower-cased hyphenated parts, a compound with spaced hyphens ("State - owned", as some
    translation engines write it) counting as one word."""
    compounds: list[tuple[int, list[str]]] = []
    for index, word in enumerate(words):
        parts = [part for part in _PART_BREAK.split(word.group().lower()) if part]
        if index and compounds and _SPACED_HYPHEN.fullmatch(text[words[index - 1].end():word.start()].strip()):
            compounds[-1][1].extend(parts)
        else:
            compounds.append((word.start(), parts))
    return compounds


def _shortest_spelling(text: str, words: list, acronym: _Acronym) -> int | None:
    """Schwartz and Hearst's match: the start of the shortest run of `words` (ending at the last) whose characters,
    read right to left, contain the acronym's letters in order, the first letter at the start of a word."""
    if not words or not acronym.letters:
        return None
    window_start = words[0].start()
    position = words[-1].end() - 1
    for index in range(len(acronym.letters) - 1, -1, -1):
        letter = acronym.letters[index]
        while position >= window_start and (
            text[position].lower() != letter
            or (index == 0 and position > window_start and text[position - 1].isalnum())
        ):
            position -= 1
        if position < window_start:
            return None
        position -= 1
    # The first letter may start a hyphenated part ("Self-Defense"); the definition starts with its whole word.
    return next((w.start() for w in words if w.start() <= position + 1 < w.end()), position + 1)


def _quoted_before(text: str, end: int) -> tuple[int, int] | None:
    """The inside of a quotation that ends right before the parenthesis: '"Secret Protection ..." (GSOMIA)'."""
    if end == 0 or text[end - 1] not in _CLOSING_QUOTES:
        return None
    opening = _CLOSING_QUOTES[text[end - 1]]
    position = end - 1
    while (position := text.rfind(opening, max(0, end - 200), position)) != -1:
        # A straight quote or apostrophe opens a quotation only after a space or at the start of a line.
        if opening not in "\"'" or position == 0 or not text[position - 1].isalnum():
            return position + 1, end - 1
    return None


def _sentence_start(text: str, end: int) -> int:
    """Where the sentence holding text[:end] starts, looking back no further than a definition can reach: after the
    last hard boundary, or after a sentence end closing right before a space (or before a line break there, as `$`
    allows) if one comes later."""
    floor = max(0, end - 300)
    hard = -1
    for boundary in _HARD_BOUNDARY_CHARACTER.finditer(text, floor, end):
        hard = boundary.start()
    # A closing mark at or after the boundary ("\n" only at it: it is one) may end a sentence, nearest first.
    marks = [mark.start() for mark in _CLOSING_MARK.finditer(text, max(hard, floor - 1, 0), end - 1)]
    for mark in reversed(marks):
        position = mark + 1  # the space after the sentence end
        if position > hard and text[position].isspace() and \
                _SENTENCE_END.search(text, max(floor, position - 40), position):
            return position + 1
    return hard + 1 if hard != -1 else floor


def _without_leading_words(words: list) -> list:
    while words and words[0].group().lower() in _LEADING_WORDS:
        words = words[1:]
    return words


def _whole_quote(words: list) -> tuple[int, int] | None:
    words = _without_leading_words(words)
    if not _MIN_PHRASE_WORDS <= len(words) <= _MAX_WORDS:
        return None
    return words[0].start(), words[-1].end()


def _capitalised_phrase(text: str, words: list) -> tuple[int, int] | None:
    """The capitalised phrase right before the parenthesis, cut at the nearest phrase boundary going left: any
    punctuation, a lower-case word that is not a connector (a verb, a clause word), an owner's possessive, and an
    "of the" that attaches the name to a head before it ("Lai Ching-te of the ...", "Members of the ...")."""
    chosen: list = []
    for word in reversed(words):
        gap = text[word.end():chosen[0].start()] if chosen else ""
        token = word.group()
        if gap.strip() or len(chosen) >= _MAX_WORDS:
            break
        if not (token[0].isupper() or token in CONNECTORS) or _owner_possessive(token):
            break
        if token == "of" and chosen and chosen[0].group() == "the":
            chosen.pop(0)
            break
        chosen.insert(0, word)
    chosen = _without_leading_words(chosen)
    if len(chosen) < _MIN_PHRASE_WORDS:
        return None
    return chosen[0].start(), chosen[-1].end()


def _owner_possessive(token: str) -> bool:
    folded = token.lower().replace("\u2019", "'")
    return folded.endswith("'s") and folded not in _PLURAL_POSSESSIVES
