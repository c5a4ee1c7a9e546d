"""Proper-name spans in running text, and the test that tells a misspelt name from a different name."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import regex
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Levenshtein

from mtqa.entities.readings import Readings, another_name
from mtqa.entities.romanize import phonetic_key, split_syllables, syllable_inventory
from mtqa.entities.surnames import family_name_spelling
from mtqa.entities.vocabulary import (
    DESIGNATORS,
    NATIONALITIES,
    SENTENCE_STARTERS,
    TITLES,
    country_and_its_people,
    different_words,
    is_demonym_of,
    is_english_word,
    one_stem,
)
from mtqa.text import WORD, name_key

if TYPE_CHECKING:
    import numpy as np

# Lower-case words that may stand inside a name ("Ministry of Foreign Affairs", "Ho Chi Minh", "bin Salman").
# Name particles too ("Ursula von der Leyen", "Charles de Gaulle", "Mohammed bin Salman").
CONNECTORS = frozenset({"of", "the", "and", "for", "on", "in", "de", "da", "van", "von", "der", "den", "du", "des",
                        "del", "di", "dos", "ter", "zu", "bin", "al", "la", "le"})
MAX_CANDIDATE_TOKENS = 6
# A part this long keeps its identity through one changed letter; a shorter one may become another name (Hunan/Henan).
LONG_PART = 6
# A single word shorter than this is too ambiguous to be a misspelt or transliterated name.
MIN_SINGLE_WORD_KEY = 6
# A one-word name has little to confirm a near-miss with ("Poyang" is a lake, not "Pyongyang"): ask for more.
SINGLE_WORD_THRESHOLD = 88.0
# After a title, a name this long with one letter changed is still a slip ("President Trunp"); shorter, it may be
# initials ("BOK/BOJ Governor") or another name.
MIN_TITLED_PART = 4
# From this many names on, near_miss_blocks numbers their keys with numpy; fewer are numbered as strings.
MANY_NAMES = 64
_UNIT_SPLIT = regex.compile(r"[^\p{L}\p{N}]+")
_POSSESSIVE_INSIDE = regex.compile(r"(?<=\p{L})['\u2019][sS]?\s")
_POSSESSIVE_MARK = regex.compile(r"(?<=\p{L})['\u2019][sS]?(?![\p{L}\p{N}])")
# English endings that make another word from one stem, not another spelling: Korea/Korean, Minister/Ministry,
# Province/Provincial, President/Presidential.
_ENDINGS = ("n", "an", "ian", "ese", "s", "es", "ns", "e", "al", "ial", "y", "ry", "ies", "er", "ers", "ing",
            "ed", "ic", "ical", "ist", "ism", "ity", "ship", "ment", "ly", "ent", "ency", "ence", "ant", "ance",
            "ancy")
_ROMAN_NUMERAL = regex.compile(r"[ivxlc]+")
_MIN_STEM = 4
# Short words that follow a name in a sentence, never as its last syllable written apart ("Liu Hang won the final").
_COMMON_SHORT_WORDS = SENTENCE_STARTERS | frozenset(
    "of and the to in on at is was has had are be been did do does not no yet who why how say says said can may "
    "will was per via vs its off out up one two six ten new old own any few now far too won ran sang".split()
)


class NameSpan(NamedTuple):
    start: int
    end: int
    text: str
    tokens: int
    key: str  # name_key of the text
    units: tuple[str, ...]  # name_units of the text


# A NameSpan from a tuple of its fields, without the Python-level __new__ that a NamedTuple call runs: a long article
# has a hundred thousand candidates, each made twice. It checks neither the count of fields nor fills defaults: every
# call gives all of them.
_name_span = functools.partial(tuple.__new__, NameSpan)


def text_key(span: NameSpan) -> str:
    """name_key of the span's text. Its own key is that for ASCII without an apostrophe (most names): name_key keeps
    a possessive's s inside a name ("peoplespowerparty"), which the span's key drops, and folds more than
    lower-casing does."""
    return span.key if span.text.isascii() and "'" not in span.text else name_key(span.text)


def name_units(text: str) -> list[str]:
    """The lower-cased parts of a name, split at spaces, hyphens and apostrophes; possessives ("People's",
    "Workers'") are dropped."""
    stripped = _POSSESSIVE_MARK.sub("", text.strip())
    return [unit for unit in _UNIT_SPLIT.split(stripped.lower()) if unit]


_SPACE = r"(?:[ \t\u00a0]+(?:\r?\n[ \t\u00a0]*)?|\r?\n[ \t\u00a0]*)"
_CONNECTOR = "(?:" + "|".join(sorted(CONNECTORS)) + ")"


def _run_pattern(capital: str, word: str, small: str) -> str:
    """A run of capitalised words, with connectors inside, separated only by spaces and at most one line break each
    (group 1); and after it, a name's last syllable written apart and in lower case (group 2: "Lai Ching te"). The
    syllable cannot hold the start of another run, so one pass over the text finds both. `capital`, `word` and
    `small` are what character classes hold: capital letters, a word's letters and digits, lower-case letters."""
    rest = rf"[{word}]*(?:['\u2019\-\u2010\u2011][{word}]+)*"
    # The first capital, then that no word character stands before it: an engine looks for the capital quickly.
    first = rf"[{capital}](?<![{word}'\u2019\-][{capital}]){rest}"
    return (rf"({first}(?:{_SPACE}(?:{_CONNECTOR}{_SPACE})*[{capital}]{rest})*)"
            rf"(?:[ \t]+([{small}]{{1,3}})(?![{word}'\u2019\-]))?")


_RUN = regex.compile(_run_pattern(r"\p{Lu}", r"\p{L}\p{M}\p{N}", r"\p{Ll}"))
# In ASCII text those classes hold just these, and the standard engine finds the runs there faster.
_ASCII_RUN = re.compile(_run_pattern("A-Z", "A-Za-z0-9", "a-z"))
_POSSESSIVE = ("'s", "\u2019s", "'S", "\u2019S")


def candidate_spans(text: str, max_tokens: int = MAX_CANDIDATE_TOKENS) -> list[NameSpan]:
    """Every sub-run of capitalised words that could be a name: what fuzzy and transliteration matching try."""
    spans: list[NameSpan] = []
    append = spans.append
    remembered = _candidates_in_run if max_tokens == MAX_CANDIDATE_TOKENS else {}
    for match in (_ASCII_RUN if text.isascii() else _RUN).finditer(text):
        # A run's candidates depend on its own text alone (group 1 and group 2 follow from it, the pattern's
        # look-arounds deciding only where a run starts and ends): runs recur within an article and across a batch,
        # so each is worked out once, at offsets from its start.
        found = remembered.get(matched := match.group())
        if found is None:
            found = _candidates_of_run(matched, match.group(1), match.group(2), max_tokens)
            if len(remembered) >= MAX_REMEMBERED_RUNS:
                remembered.clear()
            remembered[matched] = found
        if found:
            start = match.start()
            for sub_start, sub_end, sub_text, tokens, key, units in found:
                append(_name_span((start + sub_start, start + sub_end, sub_text, tokens, key, units)))
    return spans


# A run as matched (its tail syllable included) -> its candidates at offsets into it, with MAX_CANDIDATE_TOKENS;
# at most MAX_REMEMBERED_RUNS, then started afresh.
_candidates_in_run: dict[str, tuple[NameSpan, ...]] = {}
MAX_REMEMBERED_RUNS = 1 << 14


def _candidates_of_run(matched: str, word: str, syllable: str | None, max_tokens: int) -> tuple[NameSpan, ...]:
    """The candidates of one matched run: `word` its capitalised words (group 1), `syllable` the lower-case syllable
    after it (group 2), at offsets into `matched`."""
    tail = syllable is not None and syllable not in _COMMON_SHORT_WORDS
    if not tail and " " not in word and "\n" not in word and not word.endswith(_POSSESSIVE):
        # One word and nothing after it, the common case (a sentence's first word): what _sub_runs would give.
        if word.lower() in SENTENCE_STARTERS:
            return ()
        key, units = _word_parts(word)
        return (_name_span((0, len(word), word, 1, key, units)),) if len(key) >= MIN_SINGLE_WORD_KEY else ()
    return _run_candidates(matched if tail else word, len(word), max_tokens)


def _run_candidates(written: str, run_end: int, max_tokens: int) -> tuple[NameSpan, ...]:
    """The candidates in one run of capitalised words, `written` as the text holds it with its last syllable after
    `run_end` if it has one, at offsets into `written`."""
    spans: list[NameSpan] = []
    syllable = written[run_end:].lstrip(" \t")
    for run, possessives in _runs_of(written, run_end):
        tail = bool(syllable) and run[-1][1] == run_end  # a run that ends before a possessive's 's is not followed
        if tail:
            run = [*run, (len(written) - len(syllable), len(written))]
        _sub_runs(spans, written, run, possessives, max_tokens, tail)
    return tuple(spans)


def _runs_of(text: str, end: int) -> list[tuple[list[tuple[int, int]], tuple[int, ...]]]:
    """The run of capitalised words at text[:end] as token offset lists, each with the indexes of the
    possessive words inside it. A possessive usually ends a name ("Kishida's Liberal Democratic Party" is two
    names), but some names hold one ("People's Power Party"), so such a run is given both ways: split at its
    possessives (with no possessive inside), and whole."""
    run_text = text[:end]
    if " " not in run_text and "\n" not in run_text and not run_text.endswith(_POSSESSIVE):
        return [([(0, end)], ())]
    runs: list[tuple[list[tuple[int, int]], tuple[int, ...]]] = []
    current: list[tuple[int, int]] = []
    whole: list[tuple[int, int]] = []
    possessives: list[int] = []
    for word in WORD.finditer(text, 0, end):
        word_start, word_end = word.span()
        if word.group().endswith(_POSSESSIVE):
            possessives.append(len(whole))
            current.append((word_start, word_end - 2))
            runs.append((current, ()))
            current = []
        else:
            current.append((word_start, word_end))
        whole.append((word_start, word_end))
    runs.append((current, ()))
    inside = tuple(index for index in possessives if index < len(whole) - 1)
    if inside:
        if possessives[-1] == len(whole) - 1:  # "People's Daily's": the last possessive still ends the name
            whole[-1] = (whole[-1][0], whole[-1][1] - 2)
        runs.append((whole, inside))
    return [(trimmed, inside) for run, inside in runs if (trimmed := _trim(run, text))]


def _sub_runs(spans: list[NameSpan], text: str, run: list[tuple[int, int]], possessives: tuple[int, ...],
              max_tokens: int, tail: bool = False) -> None:
    """Append to `spans` the sub-runs of `run` that could be a name; with a `tail`, its last token is a lower-case
    syllable after the capitalised words, which a name may end before ("People's Power Party | met")."""
    last_word = len(run) - 1 - tail
    words = [text[start:end] for start, end in run]
    parts = [_word_parts(word) for word in words]
    connectors = [word in CONNECTORS for word in words]
    for i, first in enumerate(words):
        if connectors[i] or first.lower() in SENTENCE_STARTERS:
            continue
        key, units = "", ()
        start = run[i][0]
        for j in range(i, min(len(run), i + max_tokens)):
            word_key, word_units = parts[j]
            key += word_key
            units += word_units
            if connectors[j] or (i == j and len(key) < MIN_SINGLE_WORD_KEY):
                continue
            if possessives and ((j < last_word and not connectors[j + 1])
                                or not any(i <= p < j for p in possessives)):
                # The split reading gives this one; or it ends inside a name ("North's Korea Central"), not before
                # a connector ("People's Power Party | on Monday").
                continue
            end = run[j][1]
            spans.append(_name_span((start, end, text[start:end], j - i + 1, key, units)))


def holds_possessive(name: str) -> bool:
    """Whether a possessive stands inside the name, before another word ("People's Power Party")."""
    # No apostrophe, no possessive: testing for the two characters spares most names the regex.
    return ("'" in name or "\u2019" in name) and _POSSESSIVE_INSIDE.search(name) is not None


def _trim(run: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    first, last = 0, len(run)
    while first < last and text[run[first][0]:run[first][1]] in CONNECTORS:
        first += 1
    while last > first and text[run[last - 1][0]:run[last - 1][1]] in CONNECTORS:
        last -= 1
    return run[first:last]


@functools.lru_cache(maxsize=1 << 16)
def _word_parts(word: str) -> tuple[str, tuple[str, ...]]:
    """(name key, units) of one word; words repeat across a batch, so this is cached."""
    units = tuple(unit for unit in _UNIT_SPLIT.split(_POSSESSIVE_MARK.sub("", word).lower()) if unit)
    return "".join(units), units


def near_miss_score(candidate: str, form: str, threshold: float,
                    candidate_units: list[str] | None = None, form_units: list[str] | None = None,
                    readings: Readings | None = None, word_forms: bool = True,
                    keys: tuple[str, str] | None = None, person: bool = True) -> float | None:
    """How close `candidate` is to `form` when it is the same name misspelt, or None when it is another name.

    Similar strings are not enough: "Li Qiang" is 87% like "Li Keqiang" and another man. The names must have the
    same parts (words, or syllables for joined romanised names) and differ in at most one part per three, and a
    differing part must start with the same sound and be at least half the same ("Suk-yue"/"Suk Yeol", not
    "Jae-yong"/"Jae-myung", "Yi"/"Yang" or "Korean"/"Korea"). With the `readings` of the name's source characters,
    a differing syllable that is a reading of its character is drift ("Ying-wen" for 英文 "Ing-wen"), and one that
    is a proper syllable but no reading names someone else ("Wang Yong" is not 汪洋 "Wang Yang"). With
    `word_forms`, another form of a word before a shared head word is drift too ("Taiwan Affair Office"); without a
    glossary name to confirm it, it is not. The names' `keys` (name_key), where the caller has them, spare making
    them again: a long article compares hundreds of thousands of pairs. A `form` known to name no person (a body, a
    place) has no given name before a family name to tell another person by.
    """
    candidate_key, form_key = keys if keys is not None else (name_key(candidate), name_key(form))
    if candidate_key == form_key:
        return 100.0
    score = fuzz.ratio(candidate_key, form_key, score_cutoff=threshold)
    if not score:
        return None
    ours = candidate_units if candidate_units is not None else name_units(candidate)
    theirs = form_units if form_units is not None else name_units(form)
    if ours == theirs and _owner(candidate) != _owner(form):  # the keys apart by a possessive's s
        # "China's Coast Guard" is the China Coast Guard named as a country's, not a misspelling of it; "People's
        # Power Party" for the People Power Party is one.
        return None
    if person and another_family_name(ours, theirs):
        return None  # asked first: the source's readings, lined up with "William Lai", read "William Li" as him
    if readings is not None:
        verdict = another_name(ours, readings)
        if verdict is not None:  # the source's readings decide: drift, or another person
            return None if verdict else score
    if len(ours) != len(theirs):
        ours, theirs = _syllables(ours), _syllables(theirs)
        if len(ours) != len(theirs):
            return None
    differing = [(i, a, b) for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b]
    if len(differing) > max(1, len(ours) // 3):
        return None
    if not differing:
        return score
    shared = [part for part, other in zip(ours, theirs, strict=True) if part == other]
    if shared and all(part in TITLES for part in shared):
        # Only titles in common ("President Truman"/"President Trump", "BOK/BOJ Governor"): they say nothing of who
        # is named, so the rest is held to what a name alone must meet.
        return score if _alone_misspelt([a for _, a, _ in differing], [b for _, _, b in differing], threshold,
                                        unconfirmed=not word_forms) else None
    if _acronym_differs(candidate, form, ours, differing):
        return None  # "Samsung SDI"/"Samsung SDS": initials name one body each
    # Before a shared head word, another form of a word is drift ("Taiwan Affair Office", "Constitution Court");
    # another form of the head word itself names something else ("South Korean", "Foreign Minister/Ministry").
    # Without a glossary name to confirm it, one proper syllable for another is another name, as in a joined name:
    # "Zhang Wen" is not "Zhang Wei", nor "Lee Sang-hoon" "Lee Seung-hoon".
    last = len(ours) - 1
    if not all(_same_part_misspelt(a, b, head_shared=word_forms and i < last, alone=last == 0,
                                   unconfirmed=not word_forms, listed_head=word_forms and not person and 0 < i == last)
               for i, a, b in differing):
        return None
    return score


def another_family_name(ours: list[str], theirs: list[str]) -> bool:
    """Whether two names given name first differ only in their family names, each an East Asian family name as
    English copy spells it: "Eric Chan" and "Eric Chu", "Joseph Woo" and "Joseph Wu" are two people. Not where the
    given name is a romanised syllable: "Xi Jinpin" is Xi Jinping misspelt, and a Chinese name's order is the other."""
    if len(ours) != 2 or len(theirs) != 2 or ours[0] != theirs[0] or ours[1] == theirs[1] \
            or ours[0] in syllable_inventory():
        return False
    return family_name_spelling(ours[1]) and family_name_spelling(theirs[1])


def _alone_misspelt(ours: list[str], theirs: list[str], threshold: float, unconfirmed: bool = False) -> bool:
    """Whether the differing parts of two names that share only titles are one name misspelt, judged as a name alone:
    one letter slipped or two swapped ("Trunp", "Turmp", "Takaishi") or close letters, not merely the same first
    sound ("Truman"/"Trump", "Abiy"/"Abe", "Thaksin"/"Takaichi"). Without a glossary name to confirm it
    (`unconfirmed`), a proper syllable for another is another family name ("Chairman Hung", "Chairman Huang")."""
    if unconfirmed and all(x in syllable_inventory() and y in syllable_inventory() for x, y in zip(ours, theirs,
                                                                                                  strict=True)):
        return False
    a, b = "".join(ours), "".join(theirs)
    if min(len(a), len(b)) < MIN_TITLED_PART or not all(
            _same_part_misspelt(x, y) for x, y in zip(ours, theirs, strict=True)):
        return False  # the test any part meets ("Foreign Ministers" is no misspelling of "Foreign Minister")
    return OSA.distance(a, b) == 1 or \
        (min(len(a), len(b)) >= MIN_SINGLE_WORD_KEY and fuzz.ratio(a, b) >= max(threshold, SINGLE_WORD_THRESHOLD))


def _owner(name: str) -> str | None:
    """The country or people a name is given as the possession of ("China's Coast Guard": china), or None."""
    match = _POSSESSIVE_INSIDE.search(name)
    if match is None:
        return None
    owner = name[:match.start()].split()[-1:]
    return owner[0].lower() if owner and owner[0].lower() in NATIONALITIES else None


def _acronym_differs(candidate: str, form: str, units: list[str], differing: list[tuple[int, str, str]]) -> bool:
    """Whether a differing part is written in capitals in either name, as initials are ("SDI", "BOK")."""
    for name in (candidate, form):
        written = [unit for unit in _UNIT_SPLIT.split(_POSSESSIVE_MARK.sub("", name.strip())) if unit]
        if len(written) != len(units):
            continue  # compared syllable by syllable: no part is written apart
        if any(len(written[i]) <= 5 and written[i].isupper() and written[i].isalpha() for i, _, _ in differing):
            return True
    return False


def near_miss_keys(name: str, units: Sequence[str] | None = None, key: str | None = None) -> set[str]:
    """Keys such that two names `near_miss_score` (without readings) accepts always share at least one: so a name
    need only be compared with the names that share a key with it, not with every other name.

    The score compares the names' parts (units, or syllables where the unit counts differ) position by position and
    lets at most k = max(1, n // 3) of the n positions differ. Where k is 1, the key is every part but one, and of
    that one its first sound or its whole sound (a differing part must keep one of them). Where k is larger, the
    positions are cut into k + 1 runs, of which one is intact in both names: its place and its parts are the key.
    Names whose keys are equal score 100 whatever their parts, so that key is one too. Units and syllables give
    keys of one kind: a name whose units are its syllables gets each key once.

    Keys are strings, fields apart by spaces (no part holds one): a long article has hundreds of thousands of
    them, and strings cost the garbage collector nothing where tuples of tuples do. The name's `units` and `key`
    (name_key), where the caller has them, spare making them again."""
    return _keys_of(name_key(name) if key is None else key, name_units(name) if units is None else list(units))


def _keys_of(key: str, units: list[str]) -> set[str]:
    keys = {"= " + key}
    _add_part_keys(keys, units)
    syllables = _syllables(units)
    if syllables != units:
        _add_part_keys(keys, syllables)
    return keys


def _add_part_keys(keys: set[str], parts: list[str]) -> None:
    count = len(parts)
    shape = _key_shape(count)
    if shape == "any":
        keys.add(f"{count}")
    elif shape == "one":
        for i, part in enumerate(parts):
            others = " ".join(parts[:i] + parts[i + 1:])
            first, whole = _part_sounds(part)
            keys.add(f"{count} {i} {others} first {first}")
            keys.add(f"{count} {i} {others} whole {whole}")
    else:
        for i, (start, end) in enumerate(shape):
            keys.add(f"{count} {i} " + " ".join(parts[start:end]))


def _key_shape(count: int) -> str | list[tuple[int, int]]:
    """How the keys of a name of `count` parts are made, where a third of its parts (at least one) may differ:
    "any" when no part need stay intact (one key: the count, compared with every name this long); "one" when one
    part may differ (a key for each part left out, with that part's first sound, and another with its whole sound);
    else the runs of parts (start, end) of which one must stay intact (a key for each run)."""
    differing = count // 3 or 1
    if count <= differing:
        return "any"
    if differing == 1:
        return "one"
    runs = differing + 1
    return [(count * i // runs, count * (i + 1) // runs) for i in range(runs)]


def near_miss_blocks(names: Sequence[tuple[str, Sequence[str]]]) -> tuple[np.ndarray, np.ndarray]:
    """The keys of `near_miss_keys` of many names, (name key, units) each, as numbers: a block for each key, equal
    for equal keys only, and its name's index in `names`; sorted by block, then by name.

    A long article has hundreds of thousands of keys, and each built as a string costs several Python operations.
    Keys of one shape (the equal key; the count of parts; the count, the place left out and the sound kept; the
    count and the run) differ only in their parts and sounds: numbered, those make the rows of an array, whose equal
    rows numpy finds for all the keys of the shape at once. A pair block * len(names) + name sorts by block, then
    by name."""
    import numpy as np

    if not names or len(names) < MANY_NAMES:  # numpy's path needs a name at least, even where tests lower MANY_NAMES
        pairs = np.array(sorted(_string_key_pairs(names)), dtype=np.int64)
    else:
        keys = _NumberedKeys()
        for owner, (key, units) in enumerate(names):
            keys.add(owner, key, list(units))
        blocks, owners = keys.numbered()
        # Each key of a name once, as near_miss_keys's set holds it.
        pairs = np.sort(blocks * len(names) + owners)
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
    return pairs // max(len(names), 1), pairs % max(len(names), 1)  # no names, no pairs: 1 spares a division by 0


def _string_key_pairs(names: Sequence[tuple[str, Sequence[str]]]) -> set[int]:
    """block * len(names) + name for each key of each name, the keys numbered in order of first use: for a few
    names, faster than numpy's calls, which cost the same for ten names as for ten thousand."""
    numbers: dict[str, int] = {}
    return {numbers.setdefault(key, len(numbers)) * len(names) + owner
            for owner, (whole, units) in enumerate(names) for key in _keys_of(whole, list(units))}


class _NumberedKeys:
    """The near-miss keys of names gathered by shape, their strings (name keys, parts, sounds) as numbers."""

    def __init__(self) -> None:
        # A string gets the next number when first met, later the number it got: map(ids.setdefault, texts,
        # fresh) numbers many at once. Numbers skipped on the way do not matter: equal strings, equal numbers.
        self._key_ids: dict[str, int] = {}
        self._part_ids: dict[str, int] = {}
        self._fresh = itertools.count()
        self._equal: tuple[list[int], list[int]] = ([], [])  # (owners, their name keys' numbers)
        self._by_count: dict[int, tuple[list[int], list[int]]] = {}  # count of parts -> (owners, parts' numbers)

    def add(self, owner: int, key: str, units: list[str]) -> None:
        """The keys of one name, of name key `key`, as near_miss_keys gives them."""
        self._equal[0].append(owner)
        self._equal[1].append(self._key_ids.setdefault(key, next(self._fresh)))
        self._add_parts(owner, units)
        syllables = _syllables(units)
        if syllables != units:
            self._add_parts(owner, syllables)

    def _add_parts(self, owner: int, parts: list[str]) -> None:
        owners, numbers = self._by_count.setdefault(len(parts), ([], []))
        owners.append(owner)
        numbers.extend(map(self._part_ids.setdefault, parts, self._fresh))

    def numbered(self) -> tuple[np.ndarray, np.ndarray]:
        """(block, owner) of every key, shape by shape (`_key_shape`)."""
        import numpy as np

        # The numbers of each part's first and whole sound, at its own number: a distinct part's sounds once.
        base = next(self._fresh) + 1
        first_of, whole_of = np.zeros(base, dtype=np.int64), np.zeros(base, dtype=np.int64)
        sound_ids: dict[str, int] = {}
        for part, number in self._part_ids.items():
            first, whole = _part_sounds(part)
            first_of[number] = sound_ids.setdefault(first, len(sound_ids))
            whole_of[number] = sound_ids.setdefault(whole, len(sound_ids))
        base = max(base, len(sound_ids) + 1)
        shapes: list[tuple[list[int], np.ndarray]] = [
            (self._equal[0], np.array(self._equal[1], dtype=np.int64).reshape(-1, 1))]
        for count, (owners, numbers) in self._by_count.items():
            parts = np.array(numbers, dtype=np.int64).reshape(len(owners), count)
            shape = _key_shape(count)
            if shape == "any":
                shapes.append((owners, parts[:, :0]))
            elif shape == "one":
                for i in range(count):
                    others = np.delete(parts, i, axis=1)
                    shapes.append((owners, np.column_stack((others, first_of[parts[:, i]]))))
                    shapes.append((owners, np.column_stack((others, whole_of[parts[:, i]]))))
            else:
                shapes.extend((owners, parts[:, start:end]) for start, end in shape)
        blocks, owners_of_keys, first_block = [], [], 0
        for owners, rows in shapes:
            numbers = _row_numbers(rows, base)
            blocks.append(numbers + first_block)
            owners_of_keys.append(np.array(owners, dtype=np.int64))
            first_block += int(numbers.max()) + 1
        return np.concatenate(blocks), np.concatenate(owners_of_keys)


def _row_numbers(rows: np.ndarray, base: int) -> np.ndarray:
    """Numbers from 0 for rows of numbers below `base`, equal for equal rows only: the row read as digits in
    `base`, the digits so far numbered afresh before they could overflow."""
    import numpy as np

    numbers = np.zeros(len(rows), dtype=np.int64)
    for column in rows.T:
        if int(numbers.max()) >= (1 << 62) // base:
            numbers = np.unique(numbers, return_inverse=True)[1].reshape(-1)
        numbers = numbers * base + column
    return np.unique(numbers, return_inverse=True)[1].reshape(-1)


@functools.lru_cache(maxsize=1 << 16)
def _part_sounds(part: str) -> tuple[str, str]:
    """A part's first sound and whole sound; parts recur from name to name."""
    return _first_sound(part), phonetic_key(part)


def _first_sound(part: str) -> str:
    return phonetic_key(part[:2])[:1]


def _syllables(units: list[str]) -> list[str]:
    result: list[str] = []
    for unit in units:
        result.extend(split_syllables(unit) or [unit])
    return result


def _same_part_misspelt(a: str, b: str, *, syllable: bool = False, head_shared: bool = False,
                        alone: bool = False, unconfirmed: bool = False, listed_head: bool = False) -> bool:
    if any(ch.isdigit() for ch in a + b) or _ROMAN_NUMERAL.fullmatch(a) or _ROMAN_NUMERAL.fullmatch(b):
        return False  # Hwasong-15 is another missile than Hwasong-17, Level III another level than Level II
    if different_words(a, b):
        return False  # Weatherall County is another body than Weatherall City, Japanese than Chinese
    if phonetic_key(a) == phonetic_key(b):
        return True
    if (syllable or unconfirmed) and a in syllable_inventory() and b in syllable_inventory():
        return False  # one proper syllable for another makes another name: Takashima is not Takeshima
    if min(len(a), len(b)) <= (1 if syllable else 2):
        return False
    if _first_sound(a) != _first_sound(b):
        return False
    shorter, longer = sorted((a, b), key=len)
    if listed_head and _letter_added_to_head(shorter, longer):
        return True  # "Korean Peninsular": the head word of a listed body or place with a letter more names no other
    if not syllable and not alone and _last_letter_dropped(shorter, longer):
        return True  # "Sanae Takaich" for "Sanae Takaichi": beside an intact part, a slip, not another word
    if not syllable and (longer.startswith(shorter) or _stems(a) & _stems(b) or _two_words_of_one_stem(a, b)):
        # Another word (Xinhua/Xinhuanet, Korea/Korean), unless it only qualifies a shared head word ("Taiwan Affair
        # Office"); a people's name (Tibetan, Vietnamese) or a designator (Minister/Ministry) names another body. A
        # country's people's word for its name is that name ("East Chinese Sea", "Japanese Coast Guard"): a listed
        # body or place has one of the two.
        return head_shared and not (a in DESIGNATORS or b in DESIGNATORS) and (
            country_and_its_people(longer, shorter) or not is_demonym_of(longer, shorter))
    if fuzz.ratio(a, b) < 50:
        return False
    if not syllable and not alone and len(shorter) >= LONG_PART and Levenshtein.distance(a, b) == 1:
        return True  # one letter changed in a long part beside an intact one: "Sanae Takaishi" for "Sanae Takaichi"
    if not syllable:
        # A joined romanised name differs in one syllable at most, and that one must be misspelt too:
        # Yanan (yan-an) and Yanchuan (yan-chuan) are two places.
        ours, theirs = split_syllables(a), split_syllables(b)
        if ours and theirs and len(ours) != len(theirs) and not (len(a) == len(b) and OSA.distance(a, b) == 1):
            # A syllable more or less: Yaping (ya-ping) is not Yang, Qiaoming not Qiang. Not one letter slipped or
            # two swapped, which only splits the word otherwise ("Yuen", yu-en, and "Yaun" for Yuan).
            return False
        if ours and theirs and len(ours) == len(theirs) > 1:
            differing = [(x, y) for x, y in zip(ours, theirs, strict=True) if x != y]
            return len(differing) <= 1 and all(_same_part_misspelt(x, y, syllable=True) for x, y in differing)
    return True


def _two_words_of_one_stem(a: str, b: str) -> bool:
    """Two English words that begin alike: "Prosecutor"/"Prosecutions", "Electron"/"Electric" (one letter slipped
    makes no other word: "Electirc" is Electric misspelt)."""
    return one_stem(a, b) and is_english_word(a) and is_english_word(b)


def _last_letter_dropped(shorter: str, longer: str) -> bool:
    """Whether a long name part lost its last letter: no plural's s, no English word or nationality (Korea, Korean;
    Israel, Israeli)."""
    return _one_letter_more(shorter, longer) and longer[-1] != "s" \
        and not any(is_english_word(word) or word in NATIONALITIES for word in (shorter, longer))


def _letter_added_to_head(shorter: str, longer: str) -> bool:
    """Whether a body's or a place's head word took one letter more at its end, making no plural ("Straits"), no
    people's word ("Korean"), no one who works there ("Officer") and no designator: "Peninsular" for Peninsula."""
    return _one_letter_more(shorter, longer) and not longer.endswith(("s", "er", "or")) \
        and not is_demonym_of(longer, shorter) and longer not in DESIGNATORS and shorter not in DESIGNATORS


def _one_letter_more(shorter: str, longer: str) -> bool:
    """Whether a long name part is another with one letter more at its end."""
    return len(shorter) >= LONG_PART - 1 and len(longer) == len(shorter) + 1 and longer.startswith(shorter)


@functools.lru_cache(maxsize=1 << 14)  # the same parts are compared again and again in a long article
def _stems(word: str) -> frozenset[str]:
    stems = {word[: -len(e)] for e in _ENDINGS if word.endswith(e) and len(word) - len(e) >= _MIN_STEM}
    return frozenset({word, *stems})
