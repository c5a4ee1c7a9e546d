"""Wade-Giles, in which Taiwan writes most of its people's names ("Liang Wen-chieh"), read as pinyin ("Liang Wenjie"):
one name written in both systems in one article is one name spelt two ways, which its letters alone do not show.

A syllable is read by its initial and its final, as the Wade-Giles tables give them, apostrophes dropped as news copy
drops them (so "chi" may be ji, qi, zhi or chi), and only readings that are pinyin syllables are kept.
"""

from __future__ import annotations

import functools
import itertools

from mtqa.entities.romanize import pinyin_syllables

# Wade-Giles initial -> the pinyin initials it writes (aspiration marks dropped).
_INITIALS = {
    "ch": ("zh", "j", "ch", "q"), "hs": ("x",), "ts": ("z", "c"), "tz": ("z", "c"), "ss": ("s",), "sz": ("s",),
    "sh": ("sh",), "p": ("b", "p"), "t": ("d", "t"), "k": ("g", "k"), "j": ("r",), "y": ("y",), "w": ("w",),
    "m": ("m",), "f": ("f",), "n": ("n",), "l": ("l",), "h": ("h",), "s": ("s",), "": ("",),
}
# Wade-Giles final -> the pinyin finals it may write; after ts, tz and ss, u is pinyin's i (tzu: zi, ssu: si).
_FINALS = {
    "ieh": ("ie",), "ien": ("ian",), "ih": ("i",), "ung": ("ong",), "iung": ("iong",), "ueh": ("ue",), "uei": ("ui",),
    "o": ("o", "e", "uo"), "eh": ("e",), "erh": ("er",), "üeh": ("ue",), "ü": ("u",),
}
_SIBILANT_U = {"ts", "tz", "ss", "sz"}
# Whole syllables the tables write otherwise: yen is yan, yeh ye, yu you (yü is yu, and copy drops the umlaut).
_WHOLE = {"yen": ("yan",), "yeh": ("ye",), "yu": ("you", "yu"), "yü": ("yu",), "yüeh": ("yue",), "yüan": ("yuan",),
          "yün": ("yun",)}
MAX_READINGS = 32  # of a whole name: each of its syllables may be read a few ways


def is_pinyin(syllable: str) -> bool:
    return syllable in pinyin_syllables()


@functools.lru_cache(maxsize=1 << 15)  # a long article's name parts
def pinyin_readings(syllable: str) -> tuple[str, ...]:
    """The pinyin syllables a Wade-Giles syllable writes ("chieh": jie, qie), or () for none."""
    if syllable in _WHOLE:
        return _WHOLE[syllable]
    readings: list[str] = []
    for length in (2, 1, 0):
        initial, final = syllable[:length], syllable[length:]
        if initial not in _INITIALS or not final:
            continue
        finals = ("i",) if final == "u" and initial in _SIBILANT_U else _FINALS.get(final, (final,))
        for new_initial, new_final in itertools.product(_INITIALS[initial], finals):
            reading = new_initial + new_final
            if reading in pinyin_syllables() and reading not in readings:
                readings.append(reading)
    return tuple(readings)


def name_in_pinyin(units: tuple[str, ...], hyphenated: bool = False) -> list[str] | None:
    """The ways a name written in Wade-Giles reads in pinyin, each as its letters joined ("Liang Wen-chieh":
    liangwenjie, liangwenqie); None when it is not such a name: a part that is neither a pinyin syllable nor a
    Wade-Giles one, or no part written as only Wade-Giles writes it (a name all in pinyin is no other system's),
    unless the name is `hyphenated` as only Wade-Giles writes a given name ("Chao Le-chi")."""
    in_wade_giles_only = hyphenated
    for unit in units:  # most names of a long article are neither: the first part that says so ends the test
        if not is_pinyin(unit):
            if not pinyin_readings(unit):
                return None
            in_wade_giles_only = True
    if not in_wade_giles_only:
        return None
    # A part both systems can write ("chu": Wade-Giles's zhu, ju, qu, or pinyin's chu) is read both ways.
    options = [tuple(dict.fromkeys((*((unit,) if is_pinyin(unit) else ()), *pinyin_readings(unit)))) for unit in units]
    return ["".join(combination) for combination in itertools.islice(itertools.product(*options), MAX_READINGS)]
