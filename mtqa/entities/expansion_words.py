"""Two expansions compared word by word: the content words they share, and whether they differ only in spelling.

Words spelt alike (Defence/Defense, Organisation/Organization) count as one word, and so does a compound written
solid in one phrase and in two parts in the other (Southeast/South-East/South East).
"""

from __future__ import annotations

import regex
from rapidfuzz import fuzz

from mtqa.entities.names import CONNECTORS
from mtqa.text import fold

# Words this close are one word spelt two ways (Defence/Defense, Force/Forces); "Air"/"Area" (57) are two words.
SAME_WORD_SCORE = 80
# Share of content words (Dice) from which a definition is the glossary's name with words changed rather than
# another name. Changing one word of a name of n words leaves (n-1)/n shared: 1/2 for two words, 2/3 for three,
# 4/5 for "Association of South East Asian Countries". Another body with the same initials rarely shares more than
# a generic word ("Forces", "Party"): "Syrian Democratic Forces" and "Self-Defense Forces" share 1/3.
CLOSE_SHARE = 0.5
FUNCTION_WORDS = CONNECTORS | {"a", "an"}
_ARTICLES = ("the", "a", "an")
# British and American spellings of a word's ending (Organisation/Organization, Labour/Labor), for comparing phrases
# here and for writing a glossary's wrong forms either way (mtqa.glossary.compile).
BRITISH_ENDINGS = (("isation", "ization"), ("ise", "ize"), ("yse", "yze"), ("ence", "ense"), ("our", "or"),
                   ("tre", "ter"), ("ogue", "og"), ("mme", "m"))
_WORD_BREAK = regex.compile(r"[^\p{L}\p{M}\p{N}']+")


def phrase_key(phrase: str) -> str:
    """The phrase folded as the article text is, without a leading article: what a repeat of it is searched by."""
    words = fold(phrase).split()
    while words and words[0] in _ARTICLES:
        words.pop(0)
    return " ".join(words)


def phrase_words(phrase: str, plural: bool = False) -> tuple[str, ...]:
    """The phrase's words as two renderings are compared: folded, split at spaces and hyphens alike, without a
    leading article, and in the singular when it defines a plural acronym ("intercontinental ballistic missiles
    (ICBMs)")."""
    words = [word for word in _WORD_BREAK.split(fold(phrase)) if word.strip("'")]
    while words and words[0] in _ARTICLES:
        words.pop(0)
    if words and words[-1].endswith("'s"):
        words[-1] = words[-1][:-2]  # "the Korean Central News Agency's (KCNA) report"
    if plural and words:
        words[-1] = singular(words[-1])
    return tuple(words)


def singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_words(phrase: str, plural: bool = False) -> list[str]:
    """The phrase's words less connectors and articles, possessive endings dropped."""
    words = [word.removesuffix("'s").strip("'") for word in phrase_words(phrase, plural)]
    return [word for word in words if word and word not in FUNCTION_WORDS]


def word_share(ours: str, theirs: str, plural: bool = False) -> float:
    """Share of content words the two phrases have in common (Dice coefficient, 0 to 1). Words count as one only
    when they are one word spelt the British or the American way, or in the plural: a near-spelling is not enough,
    "Parity" is not "Party"."""
    mine = [_spelling_key(word) for word in content_words(ours, plural)]
    others = [_spelling_key(word) for word in content_words(theirs, plural)]
    mine, others = _joined_compounds(mine, others)
    if not mine or not others:
        return 0.0
    unmatched = list(others)
    shared = 0
    for word in mine:
        if word in unmatched:
            unmatched.remove(word)
            shared += 1
    return 2 * shared / (len(mine) + len(others))


def same_wording(ours: str, theirs: str, our_plural: bool = False, their_plural: bool = False) -> bool:
    """The same words in the same order, connectors included, spelt either way (Organisation/Organization,
    Co-operation/Cooperation) or abbreviated (Corp./Corporation, U.N./United Nations): one expansion written twice,
    not two expansions."""
    mine = [_spelling_key(word) for word in phrase_words(ours, our_plural)]
    others = [_spelling_key(word) for word in phrase_words(theirs, their_plural)]
    mine, others = _joined_compounds(mine, others)  # first: "Co-operation" is no company
    return _unabbreviated(mine) == _unabbreviated(others)


# Abbreviations news style writes inside names, as phrase_words splits them ("U.N." is "u", "n").
_ABBREVIATIONS = {
    ("corp",): ("corporation",), ("co",): ("company",), ("ltd",): ("limited",), ("inc",): ("incorporated",),
    ("intl",): ("international",), ("int'l",): ("international",), ("dept",): ("department",),
    ("govt",): ("government",), ("assn",): ("association",), ("univ",): ("university",), ("natl",): ("national",),
    ("u", "n"): ("united", "nations"), ("u", "s"): ("united", "states"), ("u", "k"): ("united", "kingdom"),
    ("e", "u"): ("european", "union"),
}
_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS))


def _unabbreviated(words: list[str]) -> list[str]:
    """The words with the abbreviations of _ABBREVIATIONS written out."""
    result: list[str] = []
    index = 0
    while index < len(words):
        for width in range(_LONGEST_ABBREVIATION, 0, -1):
            written_out = _ABBREVIATIONS.get(tuple(words[index:index + width]))
            if written_out is not None:
                result.extend(map(_spelling_key, written_out))  # as the words around them are keyed
                index += width
                break
        else:
            result.append(words[index])
            index += 1
    return result


def respelt(ours: str, theirs: str, plural: bool = False) -> bool:
    """The same content words in the same order, some spelt differently ("Terminal High Altitude Area Defence")."""
    mine, others = _joined_compounds(content_words(ours, plural), content_words(theirs, plural))
    return len(mine) == len(others) and all(_alike(a, b) for a, b in zip(mine, others, strict=True))


def _spelling_key(word: str) -> str:
    """One key for the British and American spellings of a word and for its plural: Defence/Defense,
    Organisation/Organization, Centre/Center, Labour/Labor, Programme/Program, Force/Forces."""
    word = singular(word)
    for british, american in BRITISH_ENDINGS:
        if word.endswith(british) and len(word) > len(british) + 2:
            return word[: -len(british)] + american
    return word


def _alike(word: str, other: str) -> bool:
    return word == other or fuzz.ratio(word, other) >= SAME_WORD_SCORE


def _joined_compounds(mine: list[str], others: list[str]) -> tuple[list[str], list[str]]:
    """Join two neighbouring words of either phrase where the other phrase writes them as one."""
    return _join_where_solid(mine, set(others)), _join_where_solid(others, set(mine))


def _join_where_solid(words: list[str], solid: set[str]) -> list[str]:
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] + word in solid:
            joined[-1] += word
        else:
            joined.append(word)
    return joined
