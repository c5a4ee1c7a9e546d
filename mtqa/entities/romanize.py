"""Romanisations of CJK names as machine translation emits them, and the syllable inventories behind them.

Korean: Revised Romanisation and McCune-Reischauer (without diacritics) of each Hangul syllable.
Chinese characters: Mandarin pinyin with every heteronym (pypinyin), so that 尹 gives both yin and yun.
`phonetic_key` folds the spelling differences between these systems (and the common personal spellings such as
"Yoon", "Suk", "Lee") so that one key stands for all of them.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from mtqa.data import shipped_text, shipped_words

SYLLABLES_FILE = "syllables.txt"  # in mtqa/data: derived_syllable_inventory() written out, one a line
HAN_READINGS_FILE = "han_readings.txt"  # in mtqa/data: derived_han_readings() written out (han_readings_text)
_HANGUL_BASE, _HANGUL_LAST = 0xAC00, 0xD7A3
_RR_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_MR_INITIALS = ["k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch", "k", "t", "p", "h"]
_RR_MEDIALS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
               "yu", "eu", "ui", "i"]
_MR_MEDIALS = ["a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
               "yu", "u", "ui", "i"]
_FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
           "ng", "t", "t", "k", "t", "p", "t"]

_JAPANESE_SYLLABLES = (
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo ya yu "
    "yo ra ri ru re ro wa n ga gi gu ge go za ji zu ze zo da de do ba bi bu be bo pa pi pu pe po kya kyu kyo sha shu "
    "sho cha chu cho nya nyu nyo hya hyu hyo mya myu myo rya ryu ryo gya gyu gyo ja ju jo bya byu byo pya pyu pyo"
).split()

# Wade-Giles "hs" is pinyin x ("Hsi" is Xi).
_PHONETIC_DIGRAPHS = (
    ("tch", "j"), ("ch", "j"), ("hs", "x"), ("sh", "s"), ("eo", "o"), ("eu", "u"), ("oo", "u"), ("ou", "u"),
    ("ee", "i"), ("ae", "e"), ("v", "u"),
)
_PHONETIC_LETTERS = str.maketrans({"k": "g", "t": "d", "p": "b", "r": "l", "o": "u"})
# The standard library's re: for these simple patterns on short keys it is several times quicker than regex.
_DOUBLED = re.compile(r"(.)\1+")
_NOT_LETTER = re.compile(r"[^a-z]")
_ASCII_NOT_LETTER = str.maketrans("", "", "".join(chr(code) for code in range(128) if not "a" <= chr(code) <= "z"))


def strip_accents(text: str) -> str:
    if text.isascii():
        return text  # nothing to decompose: the common case, and the quickest
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1 << 17)
def phonetic_key(text: str) -> str:
    """A coarse key that is equal for the usual romanisations of one East Asian name ("Yoon Suk-yeol",
    "Yun Seok-yeol", "Yun Sŏk-yŏl"), and still differs between different names."""
    if text.isascii():
        return _sounds_merged(text.lower().translate(_ASCII_NOT_LETTER))
    return _sounds_merged(_NOT_LETTER.sub("", strip_accents(text).lower()))


def _sounds_merged(letters: str) -> str:
    """Lower-case letters with the spellings of one sound made one: digraphs, then letters, then doubled letters."""
    for old, new in _PHONETIC_DIGRAPHS:
        letters = letters.replace(old, new)
    letters = letters.translate(_PHONETIC_LETTERS)
    return _DOUBLED.sub(r"\1", letters) if _DOUBLED.search(letters) else letters


# Between the texts that phonetic_keys joins: no key holds one, and taken in turn no two of them stand side by side,
# so none can make a doubled letter or a digraph with its neighbours.
_SEPARATORS = ("|", "#")
_ASCII_NOT_LETTER_NOR_SEPARATOR = str.maketrans(
    "", "", "".join(chr(code) for code in range(128) if not "a" <= chr(code) <= "z" and chr(code) not in _SEPARATORS))
_SEPARATOR = re.compile("[" + re.escape("".join(_SEPARATORS)) + "]")


def phonetic_keys(texts: list[str]) -> list[str]:
    """`phonetic_key` of each text, computed for all of them at once: joined into one string, the ASCII texts go
    through each replacement once, not once each, which for the tens of thousands of candidate names of a long
    article is most of the work."""
    joinable = [text.isascii() and not any(mark in text for mark in _SEPARATORS) for text in texts]
    pieces = []
    for index, text in enumerate(texts):
        pieces.append(text if joinable[index] else "")  # the others are keyed one by one below
        pieces.append(_SEPARATORS[index % 2])
    joined = "".join(pieces).lower().translate(_ASCII_NOT_LETTER_NOR_SEPARATOR)
    keys = _SEPARATOR.split(_sounds_merged(joined))[:len(texts)]
    return [key if joined_up else phonetic_key(text)
            for key, text, joined_up in zip(keys, texts, joinable, strict=True)]


def hangul_readings(syllable: str, personal: bool = True) -> tuple[str, ...]:
    """Romanisations of one Hangul syllable (RR and McCune-Reischauer, and with `personal` the spellings personal
    names use besides), or () for anything else."""
    code = ord(syllable) - _HANGUL_BASE
    if not 0 <= code <= _HANGUL_LAST - _HANGUL_BASE:
        return ()
    initial, medial, final = code // 588, (code % 588) // 28, code % 28
    readings = {
        _RR_INITIALS[initial] + _RR_MEDIALS[medial] + _FINALS[final],
        _MR_INITIALS[initial] + _MR_MEDIALS[medial] + _FINALS[final],
    }
    if personal:
        readings.update(_RR_INITIALS[initial] + vowel + _FINALS[final]
                        for vowel in _PERSONAL_MEDIALS.get((initial, medial), ()))
    return tuple(sorted(readings))


# Vowels as personal names spell them where neither system does: 희 "hee", 최 "choi", 우 "woo" (initial, medial).
_SILENT = _RR_INITIALS.index("")
_PERSONAL_MEDIALS: dict[tuple[int, int], tuple[str, ...]] = {
    **{(initial, _RR_MEDIALS.index("ui")): ("ee", "i") for initial in range(len(_RR_INITIALS)) if initial != _SILENT},
    **{(initial, _RR_MEDIALS.index("oe")): ("oi",) for initial in range(len(_RR_INITIALS))},
    (_SILENT, _RR_MEDIALS.index("u")): ("woo", "wu"),
}


def han_readings(character: str) -> tuple[str, ...]:
    """Every Mandarin reading of one Chinese character, without tones ('lv' also as 'lu'), or () for anything else:
    from the table shipped in mtqa/data, which is `derived_han_readings()` written out (a test keeps the two equal).
    Reading it takes a few milliseconds; importing pypinyin took half a second in every process that compiled a
    glossary or read a Chinese source."""
    return _han_table().get(character, ())


@functools.cache
def _han_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in shipped_text(HAN_READINGS_FILE).splitlines():
        readings, characters = line.split("\t")
        table.update(dict.fromkeys(characters, tuple(readings.split(" "))))
    return table


@functools.cache
def pinyin_syllables() -> frozenset[str]:
    """Every Mandarin reading the table holds: the pinyin syllables, tones dropped."""
    return frozenset(reading for readings in _han_table().values() for reading in readings)


def derived_han_readings() -> dict[str, tuple[str, ...]]:
    """pypinyin's readings of every character it knows (every heteronym, tones dropped, 'lv' also as 'lu')."""
    from pypinyin import Style, pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    table = {}
    for code in pinyin_dict:
        character = chr(code)
        readings = pinyin(character, style=Style.NORMAL, heteronym=True)[0]
        if readings != [character]:
            table[character] = tuple(sorted({r.replace("v", "u") for r in readings} | set(readings)))
    return table


def han_readings_text(table: dict[str, tuple[str, ...]]) -> str:
    """The table as HAN_READINGS_FILE holds it: a line for each set of readings, the characters that have it after
    a tab (a few thousand lines, read at the speed of dict.fromkeys rather than line by line for 40,000 characters).
    """
    by_readings: dict[tuple[str, ...], list[str]] = {}
    for character, readings in sorted(table.items()):
        by_readings.setdefault(readings, []).append(character)
    return "".join(f"{' '.join(readings)}\t{''.join(characters)}\n"
                   for readings, characters in sorted(by_readings.items()))


@functools.cache
def syllable_inventory() -> frozenset[str]:
    """Every pinyin, Korean and Japanese syllable, for splitting joined romanised names ("Xiyue", "Keqiang"): the
    list shipped in mtqa/data, which is `derived_syllable_inventory()` written out (a test keeps the two equal).
    Reading it takes a millisecond; deriving it imports all of pypinyin, a quarter of a second in every run."""
    return shipped_words(SYLLABLES_FILE)


def derived_syllable_inventory() -> frozenset[str]:
    """The syllables of pypinyin's readings of every character, of every Hangul syllable, and of Japanese kana."""
    from pypinyin.pinyin_dict import pinyin_dict

    syllables: set[str] = set(_JAPANESE_SYLLABLES)
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            syllables.add(strip_accents(reading).replace("ü", "u"))
    for code in range(_HANGUL_BASE, _HANGUL_LAST + 1):
        # The systems' syllables only: a personal spelling ("Choi") is the same syllable as "Choe", not another.
        syllables.update(hangul_readings(chr(code), personal=False))
    syllables.discard("")
    return frozenset(s for s in syllables if s.isalpha() and s.isascii())


# What personal spellings of Korean syllables write beside the systems' (see korean_syllable_key): an h after the
# vowel ("Ahn" for 안), ck or c for a final k ("Back" for 백, "Lac" for 락), a or ai for ae before it ("Back", "Paik"
# for 백; never before no final: 재 "Jae" and 자 "Ja" are two syllables); and North Korea's own spelling, an h after
# an aspirated initial ("Thaek" for 택, "Phyo" for 표, "Khang" for 캉).
_KOREAN_PERSONAL = ((re.compile(r"(?<=[aeiou])h(?=[nm]?$)"), ""), (re.compile(r"ck$|c$"), "k"),
                    (re.compile(r"a[ei](?=k$)"), "a"), (re.compile(r"^([tkp])h(?=[aeiouwy])"), r"\1"))


@functools.lru_cache(maxsize=1 << 15)  # a long article's names repeat their syllables
def korean_syllable_key(unit: str) -> str | None:
    """One key for the spellings of one Korean syllable in a name, the systems' and personal ones alike ("Wee" and
    "Wi", "Rak" and "Lac", "Ahn" and "An", "Baek" and "Back", "Sung" and "Seong"), or None where `unit` spells no
    Korean syllable."""
    key = _korean_key(unit)
    return key if key in _korean_syllable_keys() else None


def _korean_key(unit: str) -> str:
    for pattern, replacement in _KOREAN_PERSONAL:
        unit = pattern.sub(replacement, unit)
    return phonetic_key(unit)


@functools.cache
def _korean_syllable_keys() -> frozenset[str]:
    """The key of every reading of every Hangul syllable (a few tens of milliseconds, once, when a name asks): the
    11,172 syllables have some 3,600 readings between them, each keyed once."""
    readings = {reading for code in range(_HANGUL_BASE, _HANGUL_LAST + 1) for reading in hangul_readings(chr(code))}
    return frozenset(map(_korean_key, readings))


@functools.lru_cache(maxsize=1 << 15)
def split_syllables(word: str) -> tuple[str, ...] | None:
    """Split a romanised word into the fewest known syllables, or None when it cannot be split."""
    inventory = syllable_inventory()
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            prefix = best[start]
            if prefix is not None and word[start:end] in inventory:
                if best[end] is None or len(prefix) + 1 < len(best[end]):
                    best[end] = [*prefix, word[start:end]]
    found = best[len(word)]
    return tuple(found) if found is not None else None
