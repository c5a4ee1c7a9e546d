"""The names and terms a Chinese source segment holds, as candidates for a glossary.

A Chinese segmenter with part-of-speech tags (jieba) marks proper nouns: people (nr), places (ns), organisations
(nt) and other proper nouns (nz). Bodies and places it does not know come out as runs of nouns ending in a word such
as 委员会 (commission), 银行 (bank) or 省 (province): 国家/卫生/健康/委员会 is one term. Single characters are left
out: alone, 王 or 美 is a surname or an abbreviation that no glossary entry could match on its own.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from mtqa.entities.chinese_tagger import tagged_words
from mtqa.text import HAN

# jieba's proper-noun tags and the glossary types they stand for.
PROPER_NOUN_TYPES = {"nr": "person", "nrt": "person", "nrfg": "person", "ns": "place", "nt": "organization",
                     "nz": "term"}
_PERSON_TAGS = frozenset({"nr", "nrt", "nrfg"})
# Words that end the names of bodies and of places. Longer suffixes first, so 委员会 is not read as 会.
ORGANIZATION_SUFFIXES = ("委员会", "基金会", "研究院", "检察院", "联盟", "公司", "大学", "银行", "集团", "协会",
                         "法院", "组织", "部", "局", "署", "厅", "党")
PLACE_SUFFIXES = ("自治区", "省", "市", "县", "州")
# Tags of the words a compound name may be made of: nouns, and the adjectives and noun-verbs that jieba gives to
# words such as 卫生 and 健康 inside them.
_COMPOUND_TAGS = ("n", "vn", "an", "a", "b", "j")
MAX_COMPOUND_WORDS = 4
MAX_TERM_LENGTH = 12


@dataclass(frozen=True)
class SourceTerm:
    text: str
    type: str  # person, place, organization or term


@dataclass(frozen=True)
class SourceWords:
    """One source segment read by the segmenter: its words (punctuation left out) and the terms among them."""

    words: frozenset[str]
    terms: tuple[SourceTerm, ...]


@functools.lru_cache(maxsize=1 << 14)
def source_words(text: str) -> SourceWords:
    """The words and glossary-worthy terms of a source segment (cached: a batch of several systems' translations
    repeats every source)."""
    if not any(HAN.match(ch) for ch in text):
        return SourceWords(frozenset(), ())
    tagged = _joined_foreign_names(tagged_words(text))
    words = frozenset(word for word, flag in tagged if flag != "x" and word.strip())
    terms: list[SourceTerm] = []
    for index, (word, flag) in enumerate(tagged):
        term = _proper_noun(word, flag) or _compound(tagged, index)
        if term is not None and term not in terms:
            terms.append(term)
    return SourceWords(words, tuple(terms))


def _joined_foreign_names(tagged: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A transliterated foreign name the segmenter does not know comes out in pieces, one tagged as such (nrt):
    杜特/尔特 is 杜特尔特 (Duterte)."""
    joined: list[tuple[str, str]] = []
    for word, flag in tagged:
        if joined and _PERSON_TAGS.issuperset((flag, joined[-1][1])) and "nrt" in (flag, joined[-1][1]):
            joined[-1] = (joined[-1][0] + word, "nrt")
        else:
            joined.append((word, flag))
    return joined


def _proper_noun(word: str, flag: str) -> SourceTerm | None:
    if flag not in PROPER_NOUN_TYPES or not _is_han_term(word):
        return None
    suffix_type = _suffix_type(word)
    # 江西省公安厅 is tagged nt and 格尔木市 ns; the suffix says which kind of name it is where the tag says "other".
    kind = PROPER_NOUN_TYPES[flag]
    return SourceTerm(word, suffix_type if kind == "term" and suffix_type else kind)


def _compound(tagged: list[tuple[str, str]], last: int) -> SourceTerm | None:
    """The name of a body or place that ends at word `last`: nouns ending with an organisation or place suffix."""
    word, flag = tagged[last]
    kind = _suffix_type(word)
    if kind is None or not flag.startswith(_COMPOUND_TAGS) or not _ends_a_name(word):
        return None
    first = last
    while first > 0 and last - first + 1 < MAX_COMPOUND_WORDS and tagged[first - 1][1].startswith(_COMPOUND_TAGS):
        first -= 1
    # A name begins with a noun (国家, 中国), not with a modifier such as 大 (big) or 新 (new).
    while first < last and not (tagged[first][1].startswith("n") and len(tagged[first][0]) > 1):
        first += 1
    text = "".join(word for word, _ in tagged[first:last + 1])
    if text in ORGANIZATION_SUFFIXES or text in PLACE_SUFFIXES:
        return None
    return SourceTerm(text, kind) if _is_han_term(text) else None


def _ends_a_name(word: str) -> bool:
    """A one-character suffix ends a name only as a word of its own (国家/卫生/部) or at the end of a longer word
    (公安局); two-character words ending in one are mostly common words: 股市 (stock market), 全部 (all), 布局."""
    return len(word) >= 3 or word in ORGANIZATION_SUFFIXES or word in PLACE_SUFFIXES or \
        any(len(suffix) > 1 and word.endswith(suffix) for suffix in ORGANIZATION_SUFFIXES + PLACE_SUFFIXES)


def _suffix_type(word: str) -> str | None:
    if word.endswith(ORGANIZATION_SUFFIXES):
        return "organization"
    if word.endswith(PLACE_SUFFIXES):
        return "place"
    return None


def _is_han_term(text: str) -> bool:
    return 2 <= len(text) <= MAX_TERM_LENGTH and all(HAN.match(ch) for ch in text)
