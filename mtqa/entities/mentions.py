"""Find every mention of a glossary entry in an article: listed forms, near-misses and transliterations.

The checks read these mentions; consistency checks group them by entry.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from typing import NamedTuple
from weakref import WeakKeyDictionary

import regex
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from mtqa.entities.attachment import HeadlineLines, attached_short_forms, extends_beyond
from mtqa.entities.country_abbreviations import COUNTRY_NAMES
from mtqa.entities.covered import CoveredSpans, first_without_overlap
from mtqa.entities.name_index import MIN_FUZZY_KEY
from mtqa.entities.names import (
    CONNECTORS,
    SINGLE_WORD_THRESHOLD,
    NameSpan,
    another_family_name,
    candidate_spans,
    name_units,
    near_miss_score,
    text_key,
)
from mtqa.entities.namesakes import namesakes_said_around
from mtqa.entities.romanize import han_readings, hangul_readings, phonetic_key, phonetic_keys
from mtqa.entities.source_names import SourceNames
from mtqa.entities.surnames import korean_family_names_spelt
from mtqa.entities.vocabulary import NATIONALITIES, TITLES, peoples_words
from mtqa.entities.wade_giles import is_pinyin, name_in_pinyin, pinyin_readings
from mtqa.glossary.compile import ACRONYM, GOOD_KINDS, REORDERED, CompiledGlossary, FormRef, squeeze_keeping_case
from mtqa.glossary.model import Entry
from mtqa.glossary.variants import place_in_one_word
from mtqa.model import Span
from mtqa.text import WORD, FoldedText, fold, name_key, without_possessive

VARIANT, TRANSLITERATION, EXPANSION = "variant", "transliteration", "expansion"
MIN_TRANSLITERATION_KEY = 6
# A Wade-Giles name of two syllables reads as too many people's names ("Li Chiang": any 李強 or 李江).
MIN_WADE_GILES_SYLLABLES = 3
WADE_GILES_TYPES = frozenset({"person", "place"})
# Candidates judged per glossary and threshold, at most this many: past it, judged afresh.
MAX_JUDGED = 100_000


class Mention(NamedTuple):
    """A place where the article names a glossary entry. A named tuple, not a dataclass: a long article makes
    hundreds of thousands, and a frozen dataclass's __init__ costs four times as much."""

    entry: Entry
    span: Span
    text: str
    kind: str  # canonical, allowed, acronym, wrong, variant, transliteration, expansion
    form: str  # the listed or generated form it matched
    score: float = 100.0
    ref: FormRef | None = None
    repeated: bool = False  # a wrong expansion met again without its acronym
    source_form: str | None = None  # for a transliteration: the source name it was generated from

    @property
    def is_good(self) -> bool:
        return self.kind in GOOD_KINDS


def find_mentions(text: str, folded: FoldedText, glossary: CompiledGlossary, threshold: float,
                  source: SourceNames | None = None, candidates: list[NameSpan] | None = None) -> list[Mention]:
    """Mentions of glossary entries in `text`. With the `source` names, a near-miss or a transliteration counts
    only when the source really names that entry."""
    listed, elsewhere = _listed_mentions(text, folded, glossary)
    if candidates is None:
        candidates = candidate_spans(text)
    approximate = _approximate_mentions(candidates, listed, glossary, threshold, source)
    if source is None:
        approximate = _where_their_country_is_named(approximate, text, listed)
    # A person's name one letter or sound off that the story says is a namesake's ("Col. Kim Yong-hyeon ... The officer
    # is not related to the former minister") is that other person's.
    approximate = [m for m in approximate if not (m.kind == VARIANT and m.entry.type == "person"
                                                  and namesakes_said_around(text, m.span.start, m.span.end))]
    taken = CoveredSpans(m.span for m in approximate)
    kept = [m for m in listed if not taken.overlaps(*m.span)]
    mentions = sorted(kept + approximate, key=lambda m: m.span)
    return attached_short_forms(mentions, elsewhere)


def _where_their_country_is_named(mentions: list[Mention], text: str, listed: list[Mention]) -> list[Mention]:
    """The mentions, less those too weak to name their entry where the article does not speak of the country its
    glossary entry's note places it in. A one-word place's reading needs its country named: two syllables read out
    name many places (吉隆 in Tibet and 基隆 in Taiwan are both "Jilong", the 华联 store chain and 花莲 both
    "Hualian"), and "Jilong" is Keelung only in a story about Taiwan. A body's near-miss is dropped only in a story
    that names another country and not its own: Thailand's "People's Power Party" is not South Korea's People Power
    Party misspelt, while a Seoul politics story that never says "Korea" still misspells it."""
    words: set[str] | None = None
    kept = []
    for mention in mentions:
        needs = _needs_its_country(mention)
        countries = _countries_in(mention.entry.note or "") if needs else frozenset()
        if countries:
            if words is None:  # "Korea's" and "Taiwan-bound" name their country, and so does Taipei named as listed
                words = {part for word in WORD.findall(text) for part in without_possessive(word.lower()).split("-")}
                words.update(country for other in listed for country in _countries_in(other.entry.note or ""))
            if not _names_any(words, countries) and (
                    mention.kind == TRANSLITERATION or _names_any(words, _COUNTRIES - countries)):
                continue
        kept.append(mention)
    return kept


# Countries an article may be set in, by the names and peoples' words a story uses.
_COUNTRIES = frozenset(word for word in (*COUNTRY_NAMES, *NATIONALITIES) if " " not in word and "." not in word
                       and len(word) > 3) - frozenset({"north", "south", "east", "west", "northern", "southern",
                                                       "eastern", "western", "asia", "asian", "europe", "european",
                                                       "africa", "african", "english"})


def _names_any(words: set[str], countries: frozenset[str]) -> bool:
    """Whether the words name one of the countries or its people ("Korea", "Korean"): looked up, not compared with
    each word, as a long article has many."""
    return any(country in words or not words.isdisjoint(peoples_words(country)) for country in countries)


def _needs_its_country(mention: Mention) -> bool:
    if mention.kind == TRANSLITERATION:
        return place_in_one_word(mention.entry, mention.source_form or "")
    return mention.kind == VARIANT and mention.entry.type not in _PERSON_OR_PLACE


# Bodies: a party, ministry, agency or paper, whose near-miss in a story about another country is that country's.
_PERSON_OR_PLACE = frozenset({"person", "place"})


@functools.lru_cache(maxsize=1 << 10)
def _countries_in(note: str) -> frozenset[str]:
    """The countries an entry's note places it in ("Port city in northern Taiwan"): single words only."""
    return frozenset(word for word in (without_possessive(token.lower()) for token in WORD.findall(note))
                     if word in COUNTRY_NAMES and " " not in word and len(word) > 3)


def _listed_mentions(text: str, folded: FoldedText, glossary: CompiledGlossary
                     ) -> tuple[list[Mention], list[Mention]]:
    """Listed forms that name their entry where they stand, longest first where they overlap; and the listed forms
    that stand inside a longer name instead (another person or body with that name or short form)."""
    naming, inside_longer = [], []
    headlines = HeadlineLines(text)
    for match in glossary.listed_matches(folded):
        mention = Mention(match.ref.entry, Span(match.start, match.end), text[match.start:match.end],
                          match.ref.kind, match.ref.form, ref=match.ref)
        if mention.kind != ACRONYM and extends_beyond(text, match.start, match.end, mention.entry, headlines):
            inside_longer.append(mention)
        else:
            naming.append(mention)
    naming.sort(key=lambda m: (m.span.start - m.span.end, m.span.start))  # longest, then leftmost
    return first_without_overlap(naming), inside_longer


def _approximate_mentions(candidates: list[NameSpan], listed: list[Mention], glossary: CompiledGlossary,
                          threshold: float, source: SourceNames | None) -> list[Mention]:
    covered = CoveredSpans(m.span for m in listed)
    # Candidates that are part of a listed form are that form. A name met again (a long article and a batch
    # repeat their names) is judged as it was the first time, at its own place.
    open_candidates = [_without_aspirate_marks(c) if "'" in c.text or "\u2019" in c.text else c
                       for c in candidates if not covered.contains(c.start, c.end)]
    judged_as = [c[2:] for c in open_candidates]  # text, tokens, key, units: all the tests read, but its place
    judged = _judged(glossary, threshold)
    # This article's outcomes are copied out of the shared memo: another thread (a Dask worker's) may start it afresh
    # meanwhile.
    outcomes: dict[tuple, Mention | None] = {}
    unjudged: dict[tuple, NameSpan] = {}
    for seen, candidate in zip(judged_as, open_candidates, strict=True):
        if seen not in outcomes and seen not in unjudged:
            outcome = judged.get(seen, _UNJUDGED)
            if outcome is _UNJUDGED:
                unjudged[seen] = candidate
            else:
                outcomes[seen] = outcome
    sounds = phonetic_keys([candidate.key for candidate in unjudged.values()])
    for (seen, candidate), sound in zip(unjudged.items(), sounds, strict=True):
        outcomes[seen] = judged[seen] = _reordered(candidate, glossary) or \
            _near_miss(candidate, sound, glossary, threshold) or _transliteration(candidate, sound, glossary) or \
            _reordered_misspelt(candidate, glossary, threshold) or _in_wade_giles(candidate, glossary)
    found: list[Mention] = []
    for seen, candidate in zip(judged_as, open_candidates, strict=True):
        mention = outcomes[seen]
        if mention is None or (source is not None and not source.confirms(mention.entry)):
            continue
        if mention.span.start != candidate.start:
            mention = mention._replace(span=Span(candidate.start, candidate.end))
        found.append(mention)
    # The most of a name past its title ("Tsay Ing-wen" rather than "President Tsay" in "President Tsay Ing-wen",
    # which left the given name unchecked), then the longest, then the closest wins where candidates overlap; a
    # candidate holding another entry's listed name is that name plus context.
    found.sort(key=lambda m: (-_untitled_length(m), -(m.span.end - m.span.start), -m.score))
    listed_starts = [m.span.start for m in listed]
    return first_without_overlap(m for m in found if not _other_entry_inside(m, listed, listed_starts))


# What each candidate is (a near-miss, a transliteration, or nothing) depends on its text and the glossary alone,
# the source's confirmation being asked apart: a batch repeats its names from article to article, so each is judged
# once per glossary and threshold. Kept beside the glossary, not in it: the compiled glossary is pickled for caches
# and workers.
_JUDGED: WeakKeyDictionary[CompiledGlossary, dict[float, dict[tuple, Mention | None]]] = WeakKeyDictionary()


_UNJUDGED = object()


# Wade-Giles marks an aspirated initial with an apostrophe ("Li Ch'iang", "Hu Chin-t'ao"), which news copy mostly
# drops: the syllable is one part of the name, not two.
_ASPIRATE_MARK = regex.compile(r"(?<=\b(?:[CcKkPpTt]h?|[Tt][sz]))['\u2019](?=[a-z])")


def _without_aspirate_marks(candidate: NameSpan) -> NameSpan:
    """The candidate with its Wade-Giles aspiration marks left out of its parts and key (its text and place as they
    stand), so that it is compared as the same name written without them."""
    unmarked = _ASPIRATE_MARK.sub("", candidate.text)
    if unmarked == candidate.text:
        return candidate
    units = tuple(name_units(unmarked))
    return candidate._replace(key="".join(units), units=units)


def _judged(glossary: CompiledGlossary, threshold: float) -> dict[tuple, Mention | None]:
    """The memo of candidates judged with this glossary and threshold; a new one once it holds MAX_JUDGED."""
    by_threshold = _JUDGED.get(glossary)
    if by_threshold is None:
        by_threshold = _JUDGED[glossary] = {}
    judged = by_threshold.get(threshold)
    if judged is None or len(judged) > MAX_JUDGED:
        judged = by_threshold[threshold] = {}  # replaced, not cleared: a thread still reading keeps its own
    return judged


def _untitled_length(mention: Mention) -> int:
    first, _, rest = mention.text.partition(" ")
    return len(rest) if rest and first.lower().rstrip(".") in TITLES else len(mention.text)


def _other_entry_inside(mention: Mention, listed: list[Mention], listed_starts: list[int]) -> bool:
    index = bisect.bisect_left(listed_starts, mention.span.start)
    while index < len(listed) and listed[index].span.start < mention.span.end:
        other = listed[index]
        if other.entry is not mention.entry and other.span.end <= mention.span.end and \
                fold(other.text) not in fold(mention.form):
            return True  # "Fukushima" inside "Fukushima Daichi" is part of the name it misspells
        index += 1
    return False


def _reordered(candidate: NameSpan, glossary: CompiledGlossary) -> Mention | None:
    """The candidate as a Japanese name written family name first ("Kishida Fumio" for Fumio Kishida)."""
    hit = glossary.reordered_names.get(candidate.key) if candidate.tokens == 2 else None
    if hit is None:
        return None
    entry, form = hit
    return Mention(entry, Span(candidate.start, candidate.end), candidate.text, REORDERED, form)


def _reordered_misspelt(candidate: NameSpan, glossary: CompiledGlossary, threshold: float) -> Mention | None:
    """The candidate as a Japanese name written family name first and misspelt ("Ishiba Sigeru" for Shigeru Ishiba):
    tried only where one of its two words is a word of such a name, the other then being the misspelt one."""
    if candidate.tokens != 2 or len(candidate.units) != 2 or glossary.reordered_words.isdisjoint(candidate.units):
        return None
    units = candidate.units[::-1]
    swapped = NameSpan(candidate.start, candidate.end, " ".join(reversed(candidate.text.split())), 2, "".join(units),
                       units)
    found = _near_miss(swapped, phonetic_key(swapped.key), glossary, threshold)
    form = glossary.reordered_forms.get(found.entry.id) if found is not None else None
    if form is None:
        return None  # only a Japanese name is written family name first
    return Mention(found.entry, Span(candidate.start, candidate.end), candidate.text, VARIANT, form, found.score)


def _transliteration(candidate: NameSpan, sound: str, glossary: CompiledGlossary) -> Mention | None:
    """The candidate as a generated transliteration of a source name; `sound` is the phonetic key of its key."""
    if not glossary.transliterations or candidate.tokens > 4 or len(candidate.key) < MIN_TRANSLITERATION_KEY:
        return None
    hit = glossary.transliterations.get(sound)
    if hit is None or candidate.key in glossary.known_name_keys:
        return None
    entry, rendering, source_form = hit
    if place_in_one_word(entry, source_form) and (len(candidate.units) > 1 or not _read_letter_for_letter(
            candidate.key, source_form)):
        # Two syllables sound alike too easily ("Xinzhou", in Shanxi, as 新竹's "Xinzhu"): spelt as a reading of the
        # characters, and as one word, or not at all.
        return None
    if _read_in_mandarin(rendering) and not _romanised_chinese(entry.canonical) and (
            not _given_name_in_pinyin(candidate.units)
            or name_in_pinyin(candidate.units, hyphenated="-" in candidate.text) is not None):
        # Machine translation reads a Korean or Japanese name's characters out in Mandarin, in pinyin ("Yun Xiyue"
        # for 尹锡悦): a given name spelt another way ("Lee Young-ae") is a Korean's own name, and one written as Taiwan
        # writes its people's names ("Kang Ching-ho", not 康京和's Kang Kyung-wha) a Taiwanese namesake's, however
        # they sound. A reading in Korean ("Han Deok-su" for 韩德洙, 한덕수) is that person's name in another system.
        return None
    span = Span(candidate.start, candidate.end)
    return Mention(entry, span, candidate.text, TRANSLITERATION, rendering, source_form=source_form)


# Pinyin syllables of one vowel or none (啊, 饿, 嗯): run together with others they would make pinyin of anything
# ("young": you ng, "ae": a e).
_BARE_SYLLABLES = frozenset({"a", "e", "o", "ng", "n", "m", "hm", "hng"})


@functools.lru_cache(maxsize=1 << 14)
def _spelt_in_pinyin(unit: str) -> bool:
    """Whether a name part is pinyin syllables run together ("xiyue": xi yue)."""
    if not unit:
        return True
    return any(is_pinyin(unit[:length]) and unit[:length] not in _BARE_SYLLABLES and _spelt_in_pinyin(unit[length:])
               for length in range(1, min(6, len(unit)) + 1))


def _read_in_mandarin(rendering: str) -> bool:
    """Whether a generated rendering reads every character in Mandarin ("Li Yongge", "Xiyue Yun"), none in Korean
    ("Han Deoksu", "Seokyeol Yun")."""
    return all(map(_spelt_in_pinyin, name_units(rendering)))


def _given_name_in_pinyin(units: tuple[str, ...]) -> bool:
    """Whether the parts but the family name are pinyin, the family name first ("Yun Xiyue") or last ("Xiyue
    Yoon", the order a Western or Japanese name takes)."""
    return all(map(_spelt_in_pinyin, units[1:])) or all(map(_spelt_in_pinyin, units[:-1]))


def _read_letter_for_letter(key: str, source_form: str) -> bool:
    """Whether `key` is the letters of one reading of `source_form`'s characters (Mandarin, or a Hangul form's)."""
    readings = [han_readings(character) or hangul_readings(character) for character in source_form]
    return any("".join(combination) == key for combination in itertools.product(*readings))


def _in_wade_giles(candidate: NameSpan, glossary: CompiledGlossary) -> Mention | None:
    """The candidate as a glossary name of three syllables or more written in Wade-Giles, which Taiwan's sources
    and older copy use: read in pinyin it is a listed name ("Chao Le-chi" for Zhao Leji) or a generated rendering of
    a Chinese name's characters (_romanised_chinese). Its letters are too far from the listed name for a
    near-miss; a candidate that reads as two entries' names is neither's."""
    units = candidate.units
    if len(units) < MIN_WADE_GILES_SYLLABLES or candidate.key in glossary.known_name_keys:
        return None
    readings = name_in_pinyin(units, hyphenated="-" in candidate.text)
    if readings is None:
        return None
    hits: dict[str, tuple[Entry, str, str | None]] = {}
    for reading in readings:
        listed = glossary.known_name_keys.get(reading)
        if listed is not None:
            hits.setdefault(listed.id, (listed, listed.canonical, None))
        generated = glossary.transliterations.get(phonetic_key(reading))
        if generated is not None and _romanised_chinese(generated[0].canonical):
            entry, rendering, source_form = generated
            hits.setdefault(entry.id, (entry, rendering, source_form))
    if len(hits) != 1:
        return None
    entry, form, source_form = next(iter(hits.values()))
    if entry.type not in WADE_GILES_TYPES:
        return None
    return Mention(entry, Span(candidate.start, candidate.end), candidate.text, TRANSLITERATION, form,
                   source_form=source_form or _chinese_form(entry))


@functools.lru_cache(maxsize=4096)
def _romanised_chinese(name: str) -> bool:
    """Whether a glossary name is written as Chinese names are: a family name and a given name (one word or
    hyphenated), each part a pinyin or Wade-Giles syllable ("Lai Ching-te", "Zhao Leji"). Only such a person's
    name is looked for in another romanisation: the Mandarin reading of a Korean or Japanese name's characters in
    Wade-Giles ("Ting Shih-chun" for 丁世均, Chung Sye-kyun) is a Taiwanese namesake's. North Korea writes its
    people's names in three words ("Ri Yong Ho"), whose syllables are Chinese ones too."""
    return len(name.split()) == 2 and all(is_pinyin(unit) or pinyin_readings(unit) for unit in name_units(name))


def _chinese_form(entry: Entry) -> str | None:
    for tag, forms in entry.sources.items():
        if tag.startswith("zh") and forms:
            return forms[0]
    return None


def _near_miss(candidate: NameSpan, sound: str, glossary: CompiledGlossary, threshold: float) -> Mention | None:
    """The candidate as a misspelling of a glossary name; `sound` is the phonetic key of its key."""
    key, units, names = candidate.key, candidate.units, glossary.names
    if len(key) < (MIN_FUZZY_KEY if len(units) == 1 else 4):
        return None
    known = glossary.known_name_keys.get(key)
    if known is not None and candidate.text.isupper():
        return None  # a known name in an all-capitals headline
    if len(units) == 1:
        threshold = max(threshold, SINGLE_WORD_THRESHOLD)
    else:
        # "Li Denghui" sounds as "Lee Teng-hui" does; not a given name alone ("Ju-hyeon" of Kim Ju-hyeon sounds as
        # "Cho Hyun" does), nor another family name after one given name ("Joseph Woo" is not Joseph Wu).
        romanised = names.by_sound.get(sound) if candidate.tokens > 1 else None
        if known is None and romanised is not None and not another_family_name(list(units), list(romanised.units)):
            return Mention(romanised.entry, Span(candidate.start, candidate.end), candidate.text, VARIANT,
                           romanised.form, fuzz.ratio(key, romanised.key))
    korean_family_name = len(units) > 1 and units[0] in glossary.korean_family_spellings
    for entry, form, spellings in glossary.korean_family_names.get(phonetic_key("".join(units[1:])), ()) \
            if korean_family_name else ():
        if units[0] in spellings and (known is None or known is entry) and units[0] != name_key(form.split()[0]):
            return Mention(entry, Span(candidate.start, candidate.end), candidate.text, VARIANT, form,
                           fuzz.ratio(key, name_key(form)))
    close = names.close_names(key, units, threshold)
    candidate_key = text_key(candidate)  # the key near_miss_score compares: not always the one the index is asked with
    best: Mention | None = None
    for item in close:
        if known is not None and known is not item.entry:
            continue  # the candidate is a known name's letters: it is that entry's or nobody's
        if _another_korean_family_name(units, item, glossary):
            continue
        if _as_written(candidate.text) == _as_written(item.form):
            return None  # the form itself, quotes aside, or with a particle capitalised ("Von der Leyen said")
        verified = near_miss_score(candidate.text, item.form, threshold, list(units), list(item.units),
                                   item.readings, keys=(candidate_key, item.key),
                                   person=item.entry.type in _MAY_NAME_A_PERSON)
        if verified is not None and (best is None or verified > best.score):
            best = Mention(item.entry, Span(candidate.start, candidate.end), candidate.text, VARIANT, item.form,
                           verified)
    return best


# Entry types that may be a person's name: a person's, and a term's (the type an entry is given when none is).
_MAY_NAME_A_PERSON = frozenset({"person", "term"})


def _another_korean_family_name(units: tuple[str, ...], item, glossary: CompiledGlossary) -> bool:
    """Whether a candidate's first word spells only other Korean family names than the entry's own, and names another
    person: "Choe Hyon" (최, a North Korean destroyer) is not Cho Hyun (조). A family name one letter off the entry's
    own before its given name as listed is the name misspelt ("Yoo Suk Yeol", "Ki Jong-un")."""
    own = glossary.korean_family_spellings_of.get(item.entry.id)
    first = units[0]
    if own is None or first in own or korean_family_names_spelt().get(first) is None:
        return False
    slip = any(Levenshtein.distance(first, spelling) == 1 for spelling in own)
    return not slip or tuple(units[1:]) != tuple(item.units[1:])


def _as_written(name: str) -> str:
    """A name with quotes and spacing folded and its particles in lower case, which a sentence may capitalise."""
    return " ".join(word.lower() if word.lower() in CONNECTORS else word
                    for word in squeeze_keeping_case(name).split())
