"""Words that tell names apart: titles before a person's name, nationality and designator words that make another
entity, words that start sentences rather than names, and the English-word test for two differing name parts."""

from __future__ import annotations

import functools
import os

import regex

from mtqa.data import shipped_words
from mtqa.entities.romanize import syllable_inventory

# Offices a person is given by: a headline may give one instead of the name ("Chinese premier delivers report").
OFFICES = frozenset(
    "president prime minister premier chancellor chairman chairwoman chairperson chair leader secretary speaker "
    "governor mayor ambassador envoy senator lawmaker legislator spokesman spokeswoman spokesperson commander director "
    "king queen emperor empress prince princess judge prosecutor candidate nominee pope ceo minister-designate "
    "president-elect chairman-elect".split()
)
# Words that stand before a person's name without being part of it: "Prime Minister Kishida", "Gen. Kim".
TITLES = OFFICES | frozenset(
    "presidents ministers general gen lt col maj capt adm marshal comrade supreme vice deputy acting former ex late "
    "foreign defense defence unification finance trade justice interior home first lady mr mrs ms miss dr prof "
    "professor sen rep representative congressman congresswoman chief cabinet head crown counsellor councillor "
    "adviser advisor officer official st saint cardinal archbishop bishop rev father sister sir lord dame councilor "
    "councilman councilwoman commissioner assemblyman assemblywoman magistrate".split()
)
# Nationality, country and compass words: the "Japanese Communist Party" is another party than the "Chinese
# Communist Party", the Tibetan Autonomous Prefecture another place than the Tibet Autonomous Region.
NATIONALITIES = frozenset(
    "american america us u.s. usa british britain uk english chinese china japanese japan korean korea north south "
    "taiwanese taiwan russian russia french france german germany indian india vietnamese vietnam philippine "
    "philippines filipino thai thailand australian australia canadian canada european europe asian asia african "
    "africa mongolian mongolia macanese singaporean singapore malaysian malaysia indonesian "
    "indonesia burmese myanmar cambodian cambodia laotian laos syrian syria iranian iran iraqi iraq israeli israel "
    "ukrainian ukraine turkish turkey italian italy spanish spain dutch polish poland saudi pakistani pakistan "
    "afghan afghanistan east west northern southern eastern western".split()
)
# Generic words that name the kind of a place or body: they tell two names apart, they are not misspelt.
DESIGNATORS = frozenset(
    "city county province provincial district town township village state region prefecture island islands lake "
    "river mountain bay port station office department ministry minister bureau agency administration authority "
    "commission committee council party university school hospital company corporation group bank court street "
    "road bridge airport center centre institute association federation union army navy force forces command "
    "guard police service services board fund foundation society assembly congress parliament senate house "
    "cabinet government network news television radio times post daily herald journal "
    # an office and its holder: the Director of Public Prosecutions is not a public prosecutor
    "prosecutor prosecutors prosecution prosecutions commissioner commissioners director directorate secretary "
    "secretariat inspector inspectorate governor governorate presidency chancellor chancellery registrar "
    "registry".split()
)
# Capitalised at the start of a sentence, never the first word of a name.
SENTENCE_STARTERS = frozenset(
    "the this that these those a his her its their our my your he she it they we you in on at for from to by "
    "with as after before when while but and or if so then since during under over about according last next both "
    "all some many most every each other another such meanwhile however also yesterday today tomorrow earlier "
    "later now still yet instead separately previously currently recently already thus there here where why how "
    "what which who whom whose although though because unlike like despite until unless once only even again "
    "first second finally asked speaking".split()
)
ENGLISH_WORD_ZIPF = 3.0
STEM_SHARE = 0.7  # wordfreq's Zipf scale: 3 is about once per million words
_BRITISH_AMERICAN = ((r"our\b", "or"), (r"([^aeiou])re\b", r"\1er"), (r"is(e|ed|es|ing|ation)\b", r"iz\1"),
                     (r"ence\b", "ense"), (r"ll(ed|ing|or|er)\b", r"l\1"), (r"amme\b", "am"), (r"ogue\b", "og"))


ENGLISH_WORDS_FILE = "english_words.txt"  # in mtqa/data: derived_english_words() written out, one a line


@functools.lru_cache(maxsize=1 << 14)
def is_english_word(word: str) -> bool:
    """A common English word that is not also a romanised East Asian syllable ("yang", "min", "sang" are both)."""
    lower = word.lower()
    if lower in syllable_inventory():
        return False
    if lower.isascii() and lower.isalpha():
        return lower in _english_words()  # wordfreq reads such a word as it is: its answer is in the list
    from wordfreq import zipf_frequency  # half a second to import and read its list: only for the rare other word

    return zipf_frequency(lower, "en") >= ENGLISH_WORD_ZIPF


@functools.cache
def _english_words() -> frozenset[str]:
    """The shipped list (a millisecond to read), equal to `derived_english_words()` (a test keeps them so)."""
    return shipped_words(ENGLISH_WORDS_FILE)


def derived_english_words() -> frozenset[str]:
    """The words of ASCII letters of wordfreq's English list that are common enough (ENGLISH_WORD_ZIPF)."""
    from wordfreq import iter_wordlist, zipf_frequency

    return frozenset(word for word in iter_wordlist("en") if word.isascii() and word.isalpha()
                     and zipf_frequency(word, "en") >= ENGLISH_WORD_ZIPF)


@functools.lru_cache(maxsize=1 << 14)  # name parts are compared again and again in a long article
def _american(word: str) -> str:
    for pattern, replacement in _BRITISH_AMERICAN:
        word = regex.sub(pattern, replacement, word)
    return word


_DEMONYM_ENDINGS = ("an", "n", "ese", "ian", "i", "ish")


def is_demonym_of(longer: str, shorter: str) -> bool:
    """Whether `longer` is the people's word of the place `shorter`: Korea/Korean, Tibet/Tibetan, Vietnam/Vietnamese;
    or either is a nationality word at all (a lenient test, for telling one name from another)."""
    return longer in NATIONALITIES or shorter in NATIONALITIES or made_from_place(longer, shorter)


def country_and_its_people(longer: str, shorter: str) -> bool:
    """Whether `shorter` is a country's name and `longer` its people's word, both as news copy writes them
    (China/Chinese, Korea/Korean, Japan/Japanese, Taiwan/Taiwanese): strict where is_demonym_of is lenient."""
    return shorter in NATIONALITIES and longer in NATIONALITIES and made_from_place(longer, shorter)


def made_from_place(word: str, place: str) -> bool:
    """Whether `word` is made from `place` by a people's ending: Korea/Korean, Taiwan/Taiwanese, Japan/Japanese."""
    return word in peoples_words(place)


@functools.lru_cache(maxsize=1 << 12)
def peoples_words(place: str) -> frozenset[str]:
    """The words a place's people's ending makes of its name: Korean, Taiwanese, Japanese (and Koreaian, never
    written: looked up, not compared, they cost nothing)."""
    return frozenset(stem + ending for stem in (place, place.rstrip("aeiou")) for ending in _DEMONYM_ENDINGS)


def one_stem(a: str, b: str) -> bool:
    """Two forms of one word: they share most of the shorter one as a prefix ("democra-cy"/"democra-tic",
    "affair"/"affairs")."""
    shorter = min(len(a), len(b))
    common = len(os.path.commonprefix([a, b]))
    return common >= 4 and common >= STEM_SHARE * shorter


# Names that sound alike and name two places: Shaanxi is spelt so to tell it from Shanxi, its neighbour.
_DISTINCT_NAMES = frozenset({frozenset({"shanxi", "shaanxi"})})


def different_words(a: str, b: str) -> bool:
    """Two differing name parts that are two different English words (Police/Public, Japanese/Chinese), not one
    word spelt two ways (Defence/Defense, Centre/Center) and not a misspelling of one name."""
    a, b = a.lower(), b.lower()
    if frozenset((a, b)) in _DISTINCT_NAMES:
        return True
    if one_stem(a, b):
        return False  # forms of one word (Korea/Korean, Democracy/Democratic): for the caller to judge
    if a in DESIGNATORS or b in DESIGNATORS or a in NATIONALITIES or b in NATIONALITIES:
        return _american(a) != _american(b)
    return is_english_word(a) and is_english_word(b) and _american(a) != _american(b)


def spelling_variants(a: str, b: str) -> bool:
    """Two phrases that differ only in British and American spelling ("Quarantine Centre"/"Quarantine Center")."""
    ours, theirs = a.lower().split(), b.lower().split()
    return len(ours) == len(theirs) and ours != theirs and all(
        _american(x) == _american(y) for x, y in zip(ours, theirs, strict=True))
