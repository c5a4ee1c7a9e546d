"""How rare a word is in English, in nats: the part of its surprisal that a language model charges however well the
sentence reads. Taking it off the sentence's surprisal is SLOR (Lau, Clark and Lappin 2017): a correct but rare word
("countervailing", "Kronstadt") stops looking disfluent, a common word in the wrong place ("job labor") does not.

Frequencies come from wordfreq's English list, tokenised its own way ("anti-dumping" -> anti + dumping, "U.S." ->
u.s); a word it has never seen counts as MINIMUM, so a garbled name still costs the model more than it is credited.
"""

from __future__ import annotations

import importlib.metadata
import math
from functools import lru_cache

import regex

from mtqa.model import Span
from mtqa.text import WORD

MINIMUM = 1e-8  # the frequency of a word wordfreq has never seen (1 in 100 million words)
# Words as wordfreq counts them: dotted abbreviations ("U.S.") and decimals ("3.5") are one word each.
RARITY_WORD = regex.compile(r"(?:\p{Lu}\.){2,}|\p{N}+(?:[.,]\p{N}+)+|" + WORD.pattern)


def rarity_version() -> str:
    """For the fluency signature: another word list changes the scores."""
    return f"wordfreq-{importlib.metadata.version('wordfreq')}"


def word_rarities(text: str, span: Span) -> list[tuple[Span, float]]:
    """Each word of `text[span.start:span.end]` with its rarity: -ln of its English frequency."""
    return [(Span(match.start(), match.end()), word_rarity(match.group()))
            for match in RARITY_WORD.finditer(text, span.start, span.end)]


@lru_cache(maxsize=200_000)
def word_rarity(word: str) -> float:
    """-ln of the English frequency of `word`, summed over the pieces wordfreq splits it into ("intelligence-sharing"
    -> intelligence + sharing)."""
    # wordfreq loads its word list on first use (~0.2 s): only runs that score fluency pay for it.
    from wordfreq import tokenize, word_frequency

    return math.fsum(-math.log(word_frequency(piece, "en", minimum=MINIMUM)) for piece in tokenize(word, "en"))
