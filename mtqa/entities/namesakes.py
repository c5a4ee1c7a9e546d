"""What a story says to tell two people of one name apart: "no relation", "not to be confused with", "the two men,
who share the same name, are not related". A name said so beside its namesake is no misspelling of it."""

from __future__ import annotations

import bisect
import functools
import re

# "Not related" of people only: to a person, to each other, or said of the two ("are not related, the court said"),
# not of a matter ("not related to the case").
_NAMESAKES_SAID = re.compile(
    r"\b(?:no[ \t]+relation|not[ \t]+to[ \t]+be[ \t]+confused"
    r"|(?:not[ \t]+related|unrelated)(?=[ \t]*[,.;]|[ \t]+to[ \t]+(?:him|her|them|each[ \t]+other|one[ \t]+another"
    r"|the[ \t]+(?:former|late|other|two|ex-|(?:[a-z-]+[ \t]+){0,3}(?:minister|president|lawmaker|legislator|officer"
    r"|official|player|professor|chairman|chairwoman|chief|governor|mayor|general|actor|actress|singer|coach|judge"
    r"|prosecutor|defendant|suspect|man|woman|leader|envoy|ambassador|executive|secretary|spokes(?:man|woman|person)"
    r"|director|commander|captain|scientist|researcher|member|politician|premier|candidate|athlete|writer))\b))"
    r"|(?:share[sd]?|sharing)[ \t]+(?:the[ \t]+same|a)[ \t]+(?:[A-Za-z]+[ \t]+)?name"
    r"|same[ \t]+(?:Korean|Chinese|Japanese|Hangul)[ \t]+name|namesakes?)\b", re.IGNORECASE)
# A sentence ends at a full stop before a capital or a quotation (not "Dec. 3"), or at a line's end.
_SENTENCE_BREAK = re.compile(r"[.!?。][\"”’)]?\s+(?=[A-Z\"“‘(])|\n")
# How far around a name its sentences are looked at: a long line is no sentence.
_SENTENCE_REACH = 300


def namesakes_said_around(text: str, start: int, end: int) -> bool:
    """Whether the sentence that holds text[start:end], or the one after it ("Col. Kim Yong-hyeon was acquitted.
    The officer is not related to the former minister."), says two people share a name."""
    said = _statements(text)
    if not said:
        return False  # most stories: asked once, not at each name of a long one
    window_start = max(0, start - _SENTENCE_REACH)
    breaks = [match.end() for match in _SENTENCE_BREAK.finditer(text, window_start, start)]
    sentence_start = breaks[-1] if breaks else window_start
    window_end = min(len(text), end + 2 * _SENTENCE_REACH)
    following = [match.start() for match in _SENTENCE_BREAK.finditer(text, end, window_end)]
    sentence_end = following[1] if len(following) > 1 else window_end
    first = bisect.bisect_left(said, sentence_start)
    return first < len(said) and said[first] < sentence_end


@functools.lru_cache(maxsize=8)  # the articles being checked (a thread each), asked once per name
def _statements(text: str) -> list[int]:
    """Where the text says two people share a name, in order."""
    lowered = text.lower()
    if "relat" not in lowered and "confus" not in lowered and "name" not in lowered:
        return []  # what every statement holds, looked for faster than the expression runs
    return [match.start() for match in _NAMESAKES_SAID.finditer(text)]
