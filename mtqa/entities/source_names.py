"""Which glossary entries a source text names: a source form counts only where it stands as a word.

Chinese has no spaces, so a plain substring test confirms 平壤 inside 太平洋 and 韩正 inside 日韩正式. Here a Han form
must begin and end on the word boundaries of a Chinese segmenter (jieba), a Hangul form must begin a word, neither
may be followed by a head noun that makes the name another thing's (한국은행 is a bank, 朝鲜王朝 a dynasty), a kana
form must not run on into more kana, and a form inside a longer glossary form found at the same place does not
count (日本海 inside 日本海上保安厅). A form that is also a common word (조국 "fatherland", 汪洋 "vast ocean",
`mtqa/data/source_common_words.yaml`) or that several entries share (国会: the National Assembly, the Diet, the
US Congress) confirms nothing by itself.
"""

from __future__ import annotations

import functools
import logging
from collections import defaultdict
from importlib import resources

import ahocorasick
import regex

from mtqa.glossary.model import Entry
from mtqa.memo import cached_property
from mtqa.text import CJK, HAN, HANGUL

_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}\u30fc]")
_LATIN_WORD_CHAR = regex.compile(r"[\p{L}\p{M}\p{N}]")


@functools.cache
def common_words() -> frozenset[str]:
    """Source-language words that are also names a glossary may list."""
    text = resources.files("mtqa.data").joinpath("source_common_words.yaml").read_text(encoding="utf-8")
    from mtqa.yaml_input import load_yaml  # the YAML reader for this one file, read at first use

    data = load_yaml(text, "mtqa/data/source_common_words.yaml")
    return frozenset(word for words in data.values() for word in words)


# A translation has a few words for each Chinese, Japanese or Korean letter of its source at most (each letter is
# a syllable): a "source" with fewer letters than one for this many words of its target is none. Counted in the
# source's first MAX_SCRIPT_SAMPLE characters.
TARGET_WORDS_PER_SOURCE_LETTER = 3
MAX_SCRIPT_SAMPLE = 4000
# A letter of a script other than Chinese, Japanese, Korean and ASCII's (acronyms stand in those sources as they are).
_OTHER_LETTER = regex.compile(r"[^\P{L}\p{Han}\p{Hangul}\p{Hiragana}\p{Katakana}A-Za-z]")


class SourceFormIndex:
    """Every glossary source form, with the entries it may name."""

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        owners: dict[str, set[str]] = defaultdict(set)
        people: set[str] = set()
        for entry in entries:
            for forms in entry.sources.values():
                for form in forms:
                    if form.strip():
                        owners[form.strip()].add(entry.id)
                        if entry.type == "person":
                            people.add(form.strip())
        self._automaton = ahocorasick.Automaton()
        for form, ids in owners.items():
            # A shared or common form still takes its place in the longest match, but names nobody.
            naming = frozenset() if len(ids) > 1 or form in common_words() else frozenset(ids)
            self._automaton.add_word(form, (len(form), naming, frozenset(ids)))
        if owners:
            self._automaton.make_automaton()
        self._has_forms = bool(owners)
        self._longest = max(map(len, owners), default=0)
        # Personal names are what the segmenter's dictionary lacks; places and bodies it mostly has, and adding them
        # would let 韓國 break up 韓國瑜.
        self._han_names = tuple(form for form in sorted(people) if all(HAN.match(ch) for ch in form))
        self._tokenizer = None
        # Whether every source form is written in Chinese, Japanese or Korean script (the shipped glossary's are):
        # then a source without a letter of those scripts names no entry, and says nothing about any.
        self._cjk_forms = all(CJK.search(form) or not _OTHER_LETTER.search(form) for form in owners)

    def may_name_entries(self, source: str, target: str) -> bool:
        """Whether the source is written in a script the glossary's source forms are, as a translation's source is:
        ".", the English text copied in, or that text with one Chinese character added can confirm no name, and
        must not veto every near-miss and transliteration either."""
        if not self._cjk_forms:
            return True
        needed = max(1, len(target.split()) // TARGET_WORDS_PER_SOURCE_LETTER)
        return len(CJK.findall(source, 0, min(len(source), MAX_SCRIPT_SAMPLE))) >= min(needed, MAX_SCRIPT_SAMPLE // 4)

    def __getstate__(self) -> dict:
        # The segmenter is made in the process that segments: one that receives this index (a worker, a cached
        # glossary) makes its own.
        return {**self.__dict__, "_tokenizer": None}

    def named_entries(self, source: str) -> frozenset[str]:
        """The entries the source names: by a form of theirs alone, standing as a word."""
        return self.entries_in(source)[0]

    def entries_in(self, source: str) -> tuple[frozenset[str], frozenset[str]]:
        """(named, possibly named): the entries a form of their own names where it stands as a word, and those any
        of whose forms occurs at all, as a shared or common-word form or inside a longer word that no other form
        claims (国会 in 韩国国会, not 日本海 in 日本海上保安厅)."""
        if not self._has_forms:
            return frozenset(), frozenset()
        found = []
        for last, (length, naming, owners) in self._automaton.iter(source):
            found.append((last - length + 1, last + 1, naming, owners))
        found.sort(key=lambda item: (item[0], -item[1]))
        named: set[str] = set()
        possible: set[str] = set()
        segmenter = self.word_boundaries(source)
        reach = -1  # the end of the longest form found so far: a form inside it is part of that one
        for index, (start, end, naming, owners) in enumerate(found):
            if end <= reach:
                continue
            reach = end
            if segmenter.stands_as_word(start, end):
                named.update(naming)
                possible.update(owners)
            elif not _overlaps_another(found, index, self._longest):
                possible.update(owners)  # inside a word, but no other form claims the place: 国会 in 韩国国会
        return frozenset(named), frozenset(possible)

    def word_boundaries(self, source: str) -> WordBoundaries:
        """Where the source's words begin and end, this glossary's personal names taken as words."""
        return WordBoundaries(source, self._segmenter)

    def _segmenter(self):
        """A Chinese segmenter with this glossary's personal names in its dictionary: the shared one where it knows
        them all, else a copy of it of this glossary's own. Names added to the shared one would move the word
        boundaries of every other glossary checked later in the process (a notebook's, a Dask worker's)."""
        if self._tokenizer is None:
            shared = _tokenizer()
            self._tokenizer = _tokenizer_with(tuple(name for name in self._han_names
                                                    if shared.FREQ.get(name, 0) < NAME_FREQUENCY))
        return self._tokenizer


def _overlaps_another(found: list[tuple[int, int, frozenset, frozenset]], index: int, longest: int) -> bool:
    """Whether another form found overlaps this one (found is ordered by start; only forms starting less than the
    longest form's length before it can reach it)."""
    start, end = found[index][:2]
    before = index - 1
    while before >= 0 and found[before][0] > start - longest:
        if found[before][1] > start:
            return True
        before -= 1
    after = index + 1
    return after < len(found) and found[after][0] < end


class SourceNames:
    """The entries one source text names, for confirming near-misses and transliterations."""

    def __init__(self, index: SourceFormIndex, source: str) -> None:
        self._index = index
        self._source = source

    @cached_property
    def _found(self) -> tuple[frozenset[str], frozenset[str]]:
        return self._index.entries_in(self._source)

    @property
    def entry_ids(self) -> frozenset[str]:
        """The entries the source names by a form of their own."""
        return self._found[0]

    def confirms(self, entry: Entry) -> bool:
        """Without source forms an entry cannot be checked against the source, so it stands."""
        return not entry.sources or entry.id in self.entry_ids

    def may_name(self, entry: Entry) -> bool:
        """Whether any form of the entry occurs in the source at all, so that it cannot be said not to name it."""
        return entry.id in self._found[1]


class WordBoundaries:
    """Where a source text's words begin and end: for Han, the token boundaries of a Chinese segmenter (by default
    the shared one)."""

    def __init__(self, text: str, segmenter=None) -> None:
        self.text = text
        self.segmenter = segmenter or _tokenizer

    @cached_property
    def _han_boundaries(self) -> frozenset[int]:
        boundaries = {0, len(self.text)}
        for _, start, end in self.segmenter().tokenize(self.text):
            boundaries.update((start, end))
        return frozenset(boundaries)

    def stands_as_word(self, start: int, end: int) -> bool:
        text, first, last = self.text, self.text[start], self.text[end - 1]
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if HAN.match(first) or HAN.match(last):
            return start in self._han_boundaries and end in self._han_boundaries and not self._han_head_after(end)
        if HANGUL.match(first):
            # Particles may follow (평양에서), but not a head noun that makes the name another's (한국은행)
            return not (before and HANGUL.match(before)) and not self._hangul_head_after(end)
        if _KANA.match(first) or _KANA.match(last):
            return not (before and _KANA.match(before)) and not (after and _KANA.match(after))
        return not (before and _LATIN_WORD_CHAR.match(before)) and not (after and _LATIN_WORD_CHAR.match(after))

    def _han_head_after(self, end: int) -> bool:
        """Whether a head noun follows as a word of its own: 朝鲜王朝 is a dynasty, 南海区 a district."""
        return any(self.text.startswith(head, end) and end + len(head) in self._han_boundaries for head in _HAN_HEADS)

    def _hangul_head_after(self, end: int) -> bool:
        """Whether a head noun ends the Hangul word, alone or before a particle: 한국은행은 is a bank, 동해시 a city."""
        rest = _HANGUL_RUN.match(self.text, end).group()
        return any(rest.startswith(head) and rest[len(head):] in _PARTICLES for head in _HANGUL_HEADS)


# Head nouns that, written onto a place's or country's name, make the name of another thing: a bank, a city, a
# district, a war, a dynasty, a newspaper, a language or a people (朝鲜族, ethnic Koreans of China).
_HAN_HEADS = ("王朝", "区", "區", "市", "县", "縣", "银行", "銀行", "大学", "大學", "战争", "戰爭", "日报", "日報",
              "电视台", "電視台", "集团", "集團", "语", "語", "族")
_HANGUL_HEADS = ("은행", "시", "구", "대학교", "대학", "전쟁", "왕조", "일보", "신문", "방송", "그룹", "어", "족")
_PARTICLES = frozenset(("", *"은 는 이 가 을 를 의 에 도 와 과 로 만 엔 에서 에게 으로 까지 부터 보다 에는 에도 에서는 "
                             "과의 와의 이다 이며 이고 에서도 측".split()))
_HANGUL_RUN = regex.compile(r"\p{Hangul}*")


# How often a glossary name counts as seen in the segmenter's dictionary: enough for 韩正在平壤 to read 韩正/在/平壤,
# not so much that 日韩正式 reads 日/韩正/式 (common words such as 正式 are counted in the thousands).
NAME_FREQUENCY = 300


@functools.cache
def _tokenizer():
    import jieba  # loaded only for sources with Chinese characters

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@functools.lru_cache(maxsize=8)
def _tokenizer_with(names: tuple[str, ...]):
    """The shared segmenter where `names` is empty, else a copy of it with these names added: one per set of names
    in a process, however many glossaries or checkers hold them. A copy of the word counts costs 15 MB and 15 ms,
    where reading the dictionary again takes 0.8 s; it is handed out only once every name is in it."""
    import jieba

    shared = _tokenizer()
    if not names:
        return shared
    copy = jieba.Tokenizer(shared.dictionary)
    copy.FREQ, copy.total, copy.initialized = dict(shared.FREQ), shared.total, True
    for name in names:
        copy.add_word(name, NAME_FREQUENCY)
    return copy
