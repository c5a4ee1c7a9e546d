"""Consistency within an article: one entity, several renderings."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from mtqa.checks.context import CheckContext
from mtqa.entities.covered import ClaimedText, CoveredSpans
from mtqa.entities.mentions import Mention
from mtqa.entities.name_index import first_sound
from mtqa.entities.names import NameSpan, holds_possessive, near_miss_blocks, near_miss_keys, near_miss_score, text_key
from mtqa.entities.namesakes import namesakes_said_around
from mtqa.entities.romanize import hangul_readings, korean_syllable_key, phonetic_keys, split_syllables
from mtqa.entities.surnames import korean_family_names_spelt, korean_surnames
from mtqa.entities.vocabulary import TITLES, is_english_word, spelling_variants
from mtqa.entities.wade_giles import name_in_pinyin
from mtqa.glossary.compile import REORDERED, WRONG
from mtqa.model import Finding, Severity, Span
from mtqa.text import fold

if TYPE_CHECKING:
    import numpy as np

# Without a glossary to confirm them, two names must be closer to count as one name spelt two ways.
GLOSSARY_FREE_THRESHOLD = 85.0
MAX_NAME_TOKENS = 4
# A misspelling found at every one of its places points to the first places of the usual spelling, not to all of
# them: a name repeated throughout a long article would make the report grow with the square of its length.
MAX_RELATED = 20
# Of the names sharing a near-miss key, each is compared with at most this many others.
NEIGHBOURS = 8
# So many names of one first sound or fewer are paired in plain Python (news has tens at most); more through numpy.
FEW_NAMES = 64


def check_entity_consistency(context: CheckContext) -> Iterator[Finding]:
    """A glossary entity rendered in two or more distinct ways that the glossary does not accept."""
    by_entry: dict[str, list[Mention]] = defaultdict(list)
    for mention in [*context.mentions, *context.expansion_mentions]:
        by_entry[mention.entry.id].append(mention)
    for mentions in by_entry.values():
        mentions.sort(key=lambda m: m.span)
        yield from _two_name_orders(context, mentions)
        bad = [m for m in mentions if not m.is_good]
        first_text = {}  # folded rendering -> how it was first written
        for mention in bad:
            first_text.setdefault(_bad_rendering(mention), mention.text)
        if len(first_text) < 2:
            continue
        second_key = list(first_text)[1]
        second = next(m for m in bad if _bad_rendering(m) == second_key)
        entry = second.entry
        others = ", ".join(f"'{text}'" for key, text in first_text.items() if key != second_key)
        yield context.finding(
            "MTQ201", second.span,
            f"{entry.canonical} is rendered {len(first_text)} different ways in this article: "
            f"'{second.text}' here, also {others}",
            suggestion=entry.canonical, entry_id=entry.id,
            related=tuple(m.span for m in mentions if m is not second),
        )


def _two_name_orders(context: CheckContext, mentions: list[Mention]) -> Iterator[Finding]:
    """A Japanese name written in both orders in one article ("Fumio Kishida" ... "Kishida Fumio"): either order is
    news English, both is inconsistent. Reported at the first of the rarer order (on a tie, the later one)."""
    reordered = [m for m in mentions if m.kind == REORDERED]
    if not reordered:
        return
    swapped_back = {fold(" ".join(reversed(m.form.split()))) for m in reordered}
    listed = [m for m in mentions if m.is_good and m.kind != REORDERED and fold(m.form) in swapped_back]
    if not listed:
        return
    rarer, usual = sorted((reordered, listed), key=lambda order: (len(order), -order[0].span.start))
    entry = rarer[0].entry
    yield context.finding(
        "MTQ201", rarer[0].span,
        f"{entry.canonical} is written in both name orders in this article: '{rarer[0].text}' here, "
        f"'{usual[0].text}' elsewhere; keep one",
        suggestion=usual[0].text, entry_id=entry.id, severity=Severity.MINOR,
        related=tuple(m.span for m in mentions if m is not rarer[0]),
    )


def _bad_rendering(mention: Mention) -> str:
    """The rendering a wrong mention is counted as: a listed wrong form's, however it was respelt ("job-labour" is
    "job labor" again), else its own text."""
    return _rendering(mention.form if mention.kind == WRONG else mention.text)


def check_name_consistency(context: CheckContext) -> Iterator[Finding]:
    """Capitalised names, unknown to the glossary, that are near-duplicates of each other in one article."""
    known = CoveredSpans(m.span for m in (*context.mentions, *context.expansion_mentions))
    # Rendering -> where it stands, (start, end): a Span is made only for what is reported.
    occurrences: dict[str, list[tuple[int, int]]] = defaultdict(list)
    firsts: dict[str, NameSpan] = {}  # rendering -> its first candidate, with its first spelling
    renderings: dict[str, str | None] = {}  # candidate text -> its rendering, or None: names recur in an article
    for candidate in context.candidates:
        if not 2 <= candidate.tokens <= MAX_NAME_TOKENS or known.overlaps(candidate.start, candidate.end):
            continue
        text = candidate.text
        if text not in renderings:
            renderings[text] = _comparable_rendering(candidate)
        key = renderings[text]
        if key is None:
            continue
        occurrences[key].append(candidate[:2])
        firsts.setdefault(key, candidate)
    reported = ClaimedText(len(context.text))  # the characters of the spans reported so far
    typed_v = _pinyin_v_pairs(firsts, context.text)  # first: the ü spelling is the name's, whatever the letters say
    typed_v_found = {frozenset(pair) for pair in typed_v}
    near = [*typed_v, *(pair for pair in _near_pairs(firsts, occurrences) if frozenset(pair) not in typed_v_found)]
    near += _same_sound_pairs(firsts, occurrences, {frozenset(pair) for pair in near})
    near += _korean_reading_pairs(firsts, occurrences, {frozenset(pair) for pair in near})
    pairs = sorted([*near, *_two_systems_pairs(firsts, occurrences, {frozenset(pair) for pair in near})],
                   key=lambda pair: -len(pair[0]))
    if pairs and context.document.source and _HANGUL.search(context.document.source):
        source_names = _KoreanSourceNames(context.document.source)
        pairs = [pair for pair in pairs if not source_names.two_people(*(firsts[name] for name in pair))]
    if pairs:
        pairs = [pair for pair in pairs if not _introduced_apart(context.text, *(occurrences[name] for name in pair))]
    reordered = list(_reordered_pairs(firsts, occurrences))
    for minority, majority in (*pairs, *reordered):
        spans = [Span(*span) for span in occurrences[minority] if reported.claim(*span)]
        if not spans:
            continue
        # What the findings of one pair share, worked out once: a misspelling may stand hundreds of times.
        usual = firsts[majority].text
        related = tuple(Span(*span) for span in occurrences[majority][:MAX_RELATED])
        in_two_orders = (minority, majority) in reordered
        severity = Severity.MINOR if in_two_orders or spelling_variants(minority, majority) else None
        how = "written in two orders" if in_two_orders else "spelt two ways"
        for span in spans:
            yield context.finding(
                "MTQ201", span,
                f"'{context.text[span.start:span.end]}' and '{usual}' look like one name {how} in this article "
                f"(no glossary entry)",
                suggestion=usual, related=related, confidence=0.7, severity=severity,
            )


def _reordered_pairs(firsts: dict[str, NameSpan], occurrences: dict[str, list[tuple[int, int]]]
                     ) -> Iterator[tuple[str, str]]:
    """(minority, majority) pairs of two-word names written both ways round in one article ("Ueda Kazuo" and "Kazuo
    Ueda"), the rarer order, or on a tie the later one, as the minority. Words of English ("North Korea", "Park
    Avenue") and titles are left out: such pairs are phrases, not a name; and so are two single syllables, which are
    as often two Chinese people ("Zhang Li" and "Li Zhang"). One English word is no phrase: a family name may be a
    company's too ("Suzuki Shunichi" and "Shunichi Suzuki")."""
    by_words = {}
    for key, candidate in firsts.items():
        words = candidate.units
        if candidate.tokens == 2 and len(words) == 2 and words[0] != words[1] and all(
                word.isalpha() and word not in TITLES for word in words) \
                and not all(map(is_english_word, words)) and not all(_one_syllable(word) for word in words):
            by_words[words] = key
    for words, key in by_words.items():
        other = by_words.get(words[::-1])
        if other is None or key > other:
            continue  # each pair once
        first, second = sorted((key, other), key=lambda name: (-len(occurrences[name]), occurrences[name][0]))
        yield second, first


def _same_sound_pairs(firsts: dict[str, NameSpan], occurrences: dict[str, list[tuple[int, int]]],
                      found: set[frozenset[str]]) -> Iterator[tuple[str, str]]:
    """(minority, majority) pairs of names of three syllables or more whose spellings are one sound ("Kweon
    Seong-dong" and "Kwon Sung-dong": two romanisations of one Korean name), which the letters alone, more than a
    syllable apart, do not pair; those `found` already aside. Shorter names are left out: the sound merges too much
    for two words ("Shanxi" and "Shaanxi Province", "Legislator Ko" and "Legislator Kuo" are two)."""
    long_names = [key for key, candidate in firsts.items() if sum(unit not in TITLES for unit in candidate.units) >= 3]
    by_sound: dict[str, list[str]] = defaultdict(list)
    # The sounds made in one pass over the names: a long article has tens of thousands.
    for key, sound in zip(long_names, phonetic_keys([firsts[key].key for key in long_names]), strict=True):
        by_sound[sound].append(key)
    for keys in by_sound.values():
        if len(keys) < 2:
            continue
        majority = max(keys, key=lambda name: _prevalence(name, occurrences))
        for minority in keys:
            if minority != majority and frozenset((minority, majority)) not in found:
                yield minority, majority


# Pinyin's ü typed as v, as Chinese input methods take it ("Lv Chao" for 吕超, Lü Chao): the syllables lü, lüe, nü, nüe.
_V_FOR_U_UMLAUT = {"lv": "lü", "lve": "lüe", "nv": "nü", "nve": "nüe"}
# How such a name part starts, capitalised as a candidate name's parts are: looked for as plain substrings, faster
# than any expression over the whole article.
_TYPED_V_STARTS = ("Lv", "LV", "Nv", "NV")


def _pinyin_v_pairs(firsts: dict[str, NameSpan], text: str) -> list[tuple[str, str]]:
    """(v spelling, ü spelling) pairs of one pinyin name written both ways ("Lv Chao" and "Lü Chao"), which are too
    short to pair by their letters; the ü spelling is the name's, whichever is rarer. "Lu Chao" is another family's
    name (卢, not 吕)."""
    if not any(start in text for start in _TYPED_V_STARTS):
        return []  # most articles: one look, not one per name
    typed_v = [(key, candidate.units) for key, candidate in firsts.items()
               if any(unit in _V_FOR_U_UMLAUT for unit in candidate.units)]
    if not typed_v:
        return []
    by_units = {candidate.units: key for key, candidate in firsts.items()}
    pairs = []
    for key, units in typed_v:
        written = by_units.get(tuple(_V_FOR_U_UMLAUT.get(unit, unit) for unit in units))
        if written is not None:
            pairs.append((key, written))
    return pairs


def _korean_reading_pairs(firsts: dict[str, NameSpan], occurrences: dict[str, list[tuple[int, int]]],
                          found: set[frozenset[str]]) -> list[tuple[str, str]]:
    """(minority, majority) pairs of Korean names of three syllables spelt as one name in two romanisations, the
    systems' or a person's own ("Wee Sung-rak" and "Wi Sung-lac", "An Kyu-baek" and "Ahn Gyu-back": 위성락,
    안규백), which are too far apart in letters to pair otherwise; those `found` already aside."""
    by_given_name: dict[tuple[str, ...], list[tuple[str, frozenset[str]]]] = defaultdict(list)
    for key, candidate in firsts.items():
        units = candidate.units
        read = _korean_reading(units) if len(units) == 3 and units[0] not in TITLES else None
        if read is not None:
            families, given = read
            by_given_name[given].append((key, families))
    pairs = []
    for names in by_given_name.values():
        for (one, one_family), (other, other_family) in itertools.combinations(names, 2):
            if not one_family.isdisjoint(other_family) and frozenset((one, other)) not in found:
                pairs.append(_rarer_first(one, other, occurrences))
    return pairs


def _korean_reading(units: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """A romanised name read as a Korean one: the family names its first word spells as Korean family names are
    spelt ("Ahn", "Rhee", "Park"), and the key of each given-name syllable in any of its spellings
    (korean_syllable_key); None where it reads as none."""
    families = korean_family_names_spelt().get(units[0]) if len(units) > 1 else None
    if families is None:
        return None
    given = tuple(korean_syllable_key(unit) for unit in units[1:])
    return (families, given) if all(given) else None


_HANGUL = re.compile("[\uac00-\ud7a3]+")


# A person's age given beside the name, as wire copy introduces people: "Kim Sung-min, 31," or "Kim Sung-min (31)".
_AGE_AFTER = re.compile(r",[ \t]?(?P<age>[1-9][0-9]?|1[01][0-9]),|[ \t]?\((?P<bracketed>[1-9][0-9]?|1[01][0-9])\)")


def _introduced_apart(text: str, one: list[tuple[int, int]], other: list[tuple[int, int]]) -> bool:
    """Whether a story tells two spellings of one name apart as two people: each introduced with an age of its own
    ("Kim Seong-min, 34, and Kim Sung-min, 31"), or a sentence naming one of them says they are namesakes ("not to be
    confused with Jung Woo-young")."""
    ages = [{match.group("age") or match.group("bracketed") for start, end in spans
             if (match := _AGE_AFTER.match(text, end))} for spans in (one, other)]
    if all(ages) and ages[0].isdisjoint(ages[1]):
        return True
    return any(namesakes_said_around(text, start, end) for start, end in (*one, *other))


class _KoreanSourceNames:
    """The Korean names a source may hold, by family name and the keys of their given names' syllables: where the
    source writes two names two ways (김성민 and 김승민), the two spellings of the translation ("Kim Sung-min", "Kim
    Seung-min") name two people, not one name spelt two ways."""

    def __init__(self, source: str) -> None:
        self._source = source
        # syllables -> (family name, given-name keys) -> the source's names
        self._by_key: dict[int, dict[tuple[str, tuple[str, ...]], set[str]]] = {}

    def two_people(self, one: NameSpan, other: NameSpan) -> bool:
        written = self._written(one), self._written(other)
        return all(written) and len(written[0] | written[1]) > 1

    def _written(self, name: NameSpan) -> set[str]:
        """The source's Korean names that `name` (its title aside) may romanise."""
        read = _korean_reading(tuple(itertools.dropwhile(TITLES.__contains__, name.units)))
        if read is None:
            return set()
        families, given = read
        names = self._names(len(given) + 1)
        return {written for family in families for written in names.get((family, given), ())}

    def _names(self, syllables: int) -> dict[tuple[str, tuple[str, ...]], set[str]]:
        """Every run of `syllables` Hangul syllables starting with a family name, by the family name and the keys of
        its given name's readings (worked out for one length of name, and only where a pair asks)."""
        if syllables not in self._by_key:
            family_names = korean_surnames()
            names: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
            for run in _HANGUL.finditer(self._source):
                word = run.group()
                for start in range(len(word) - syllables + 1):
                    name = word[start:start + syllables]
                    if name[0] not in family_names:
                        continue
                    keys = ({korean_syllable_key(reading) for reading in hangul_readings(syllable)}
                            for syllable in name[1:])
                    for given in itertools.product(*keys):
                        names[(name[0], given)].add(name)
            self._by_key[syllables] = names
        return self._by_key[syllables]


def _two_systems_pairs(firsts: dict[str, NameSpan], occurrences: dict[str, list[tuple[int, int]]],
                       found: set[frozenset[str]]) -> Iterator[tuple[str, str]]:
    """(minority, majority) pairs of a name written in Wade-Giles and the one name of the article it reads as in
    pinyin ("Liang Wen-chieh" and "Liang Wenjie", "Ho Li-feng" and "He Lifeng"); those `found` already aside. A
    Wade-Giles name that reads as two of the article's names pairs with neither."""
    by_letters: dict[str, list[str]] = defaultdict(list)
    written_in_wade_giles: list[tuple[str, list[str]]] = []
    for key, candidate in firsts.items():
        units = candidate.units
        if len(units) < 2 or units[0] in TITLES or not all(unit.isalpha() for unit in units):
            continue  # a title's run has its name alone as a candidate too
        readings = name_in_pinyin(units)
        if readings is None:
            by_letters["".join(units)].append(key)
            # A hyphen between given-name syllables is Taiwan's Wade-Giles ("Fu Kun-chi"), whose syllables pinyin
            # may also spell ("chi"): read as Wade-Giles too, it is Fu Kunqi or Fu Kunji.
            readings = name_in_pinyin(units, hyphenated=True) if "-" in candidate.text else None
        if readings is not None:
            written_in_wade_giles.append((key, readings))
    for key, readings in written_in_wade_giles:
        matches = {match for reading in readings for match in by_letters.get(reading, ()) if match != key}
        if len(matches) != 1:
            continue
        other = matches.pop()
        if frozenset((key, other)) in found:
            continue
        yield _rarer_first(key, other, occurrences)


def _prevalence(name: str, occurrences: dict[str, list[tuple[int, int]]]) -> tuple[int, int]:
    """How a rendering ranks as the usual one: the more often, then the earlier, the more usual."""
    return len(occurrences[name]), -occurrences[name][0][0]


def _rarer_first(a: str, b: str, occurrences: dict[str, list[tuple[int, int]]]) -> tuple[str, str]:
    """(minority, majority) of two renderings of one name: the rarer, or on a tie the later, first."""
    return (a, b) if _prevalence(a, occurrences) < _prevalence(b, occurrences) else (b, a)


def _one_syllable(word: str) -> bool:
    syllables = split_syllables(word)
    return syllables is not None and len(syllables) == 1


def _comparable_rendering(candidate: NameSpan) -> str | None:
    """The rendering under which a candidate is compared with the others, or None when it is not compared."""
    if "and" in candidate.units or holds_possessive(candidate.text):
        return None  # "Zhang Jike and Liu Ye", "Kishida's Liberal": two names, more often than one
    return _rendering(candidate.text)


def _near_pairs(firsts: dict[str, NameSpan], occurrences: dict[str, list[tuple[int, int]]]
                ) -> Iterator[tuple[str, str]]:
    """(minority, majority) pairs of near-duplicate names: the rarer rendering, or on a tie the later one. Names of
    one first sound, in order of first appearance, pair by pair; but only the pairs that could pass the test."""
    renderings = list(occurrences)
    letters = None
    by_sound: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(renderings):
        by_sound[first_sound(firsts[key].key)].append(index)
    for members in by_sound.values():  # one first sound at a time, so that only its blocks are held at once
        if len(members) < 2:
            continue  # no pair: the common case in news, where a first sound has one name or none
        if len(members) <= FEW_NAMES:
            close_pairs = _few_close_pairs(members, renderings, firsts)
        else:
            earlier, later = _comparable_pairs(members, renderings, firsts)
            if letters is None:
                letters = _as_array([firsts[key].key for key in renderings])
            # The letter ratio of every pair in one call first: it turns away all but a few of them.
            close = process.cpdist(letters[earlier], letters[later], scorer=fuzz.ratio,
                                   score_cutoff=GLOSSARY_FREE_THRESHOLD)
            close_pairs = ((earlier[index], later[index]) for index in close.nonzero()[0].tolist())
        for first, second in close_pairs:
            a, b = renderings[first], renderings[second]
            if _near_miss_pair(firsts[a], firsts[b]):
                yield _rarer_first(a, b, occurrences)


def _few_close_pairs(members: list[int], renderings: list[str], firsts: dict[str, NameSpan]
                     ) -> Iterator[tuple[int, int]]:
    """The pairs of a few `members` that _comparable_pairs gives and whose letters are close enough, in the same
    order: in plain Python, as a news article's tens of names of one sound cost less so than through numpy's calls
    (and numpy's import). The letters first: they turn away most pairs before any key is made."""
    close = [(first, second) for first, second in itertools.combinations(members, 2)  # (earlier, later), in order
             if fuzz.ratio(firsts[renderings[first]].key, firsts[renderings[second]].key,
                           score_cutoff=GLOSSARY_FREE_THRESHOLD)]
    if not close:
        return
    # Every member's keys where blocks can outgrow the neighbours; else only those of the close pairs' names.
    needed = members if len(members) > NEIGHBOURS + 1 else dict.fromkeys(index for pair in close for index in pair)
    keys = {index: _near_miss_keys(firsts[renderings[index]]) for index in needed}
    if len(members) <= NEIGHBOURS + 1:  # no block can outgrow the neighbours: every pair sharing a key
        yield from ((first, second) for first, second in close if not keys[first].isdisjoint(keys[second]))
        return
    neighbours = _neighbour_pairs(members, renderings, firsts, keys)
    yield from (pair for pair in close if pair in neighbours)


def _neighbour_pairs(members: list[int], renderings: list[str], firsts: dict[str, NameSpan],
                     keys: dict[int, set[str]]) -> set[tuple[int, int]]:
    """The (earlier, later) pairs _comparable_pairs makes of `members`: the names sharing each key, in spelling order,
    each with its next NEIGHBOURS."""
    sharing: dict[str, list[int]] = defaultdict(list)
    for index in sorted(members, key=lambda index: (firsts[renderings[index]].key, renderings[index])):
        for key in keys[index]:
            sharing[key].append(index)
    return {(min(one, other), max(one, other)) for block in sharing.values()
            for place, one in enumerate(block) for other in block[place + 1:place + 1 + NEIGHBOURS]}


def _near_miss_keys(name: NameSpan) -> set[str]:
    return near_miss_keys(name.text, name.units, text_key(name))


def _near_miss_pair(a: NameSpan, b: NameSpan) -> bool:
    """Whether two names without a glossary entry are one name spelt two ways."""
    return near_miss_score(a.text, b.text, GLOSSARY_FREE_THRESHOLD, list(a.units), list(b.units),
                           word_forms=False, keys=(text_key(a), text_key(b))) is not None


def _as_array(values: list[str]) -> np.ndarray:
    import numpy as np  # here: most articles have no two names of one first sound, and every command loads this module

    return np.array(values, dtype=object)


def _comparable_pairs(members: list[int], renderings: list[str], firsts: dict[str, NameSpan]
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (earlier, later) of the `members` that share a near-miss key, in order, as two arrays: every
    pair the test can accept, as long as no block of names sharing a key is larger than NEIGHBOURS + 1.

    In spelling order, each name of a block meets its next NEIGHBOURS: every pair of a block no larger than
    NEIGHBOURS + 1 (news has far smaller ones); in the large blocks of long, name-dense text, the work grows with
    the names and not with their pairs. A long article has millions of such pairs: they are made by numpy."""
    import numpy as np

    in_spelling_order = sorted(members, key=lambda index: (firsts[renderings[index]].key, renderings[index]))
    spelt = [firsts[renderings[index]] for index in in_spelling_order]
    # Each block's names together, in spelling order.
    blocks, ranks = near_miss_blocks([(text_key(first), first.units) for first in spelt])
    names = np.array(in_spelling_order, dtype=np.int64)[ranks]
    # A pair is one number, first * size + second, which sorts as the pair does.
    size = len(renderings)
    codes = [np.empty(0, dtype=np.int64)]
    for distance in range(1, NEIGHBOURS + 1):
        same_block = blocks[distance:] == blocks[:-distance]
        one, other = names[:-distance][same_block], names[distance:][same_block]
        codes.append(np.minimum(one, other) * size + np.maximum(one, other))
    pairs = _distinct(np.concatenate(codes))
    return pairs // size, pairs % size


def _distinct(numbers: np.ndarray) -> np.ndarray:
    """The distinct numbers, in ascending order."""
    import numpy as np

    numbers = np.sort(numbers)
    return numbers[np.concatenate(([True], numbers[1:] != numbers[:-1]))] if len(numbers) else numbers


def _rendering(text: str) -> str:
    # In ASCII, folding only makes line breaks and tabs spaces, which split() drops as it would the spaces: a long
    # article's every candidate name is spared fold's steps.
    return " ".join((text.lower() if text.isascii() else fold(text)).split())
