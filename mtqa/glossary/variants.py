"""Renderings generated from an entry's source forms: what machine translation writes for a name it does not know.

Each character of a Chinese (or Japanese kanji) form is read in Mandarin with every heteronym; where the entry also
has a Korean form of the same length, each character may instead take the Korean reading of the aligned syllable,
since MT often mixes the two ("Yun Xiyue" for 尹锡悦: Korean surname reading, Mandarin given name). A Korean form
alone is romanised syllable by syllable. Keys are compared with `phonetic_key`, so spelling systems do not matter.
"""

from __future__ import annotations

import itertools

from mtqa.entities.romanize import han_readings, hangul_readings, phonetic_key
from mtqa.glossary.model import Entry
from mtqa.text import HAN, HANGUL

MAX_RENDERINGS_PER_FORM = 256
# Two-character names give two-syllable renderings that too often belong to someone else ("Yang Hong"); those of a
# place named in one word are kept, written as one word ("Gaoxiong" for 高雄, Kaohsiung), and matched only so
# (place_in_one_word). A place of several words is said otherwise in English ("South China Sea" for 南海), and its
# reading names another ("Nanhai" is a district too).
MIN_CHARACTERS = 3
MIN_PLACE_CHARACTERS = 2
_GENERATED_TYPES = frozenset({"person", "place"})


def generated_renderings(entry: Entry) -> dict[str, tuple[str, str]]:
    """phonetic key -> (a readable rendering, the source form it comes from), for every romanisation of the
    entry's source forms."""
    if entry.type not in _GENERATED_TYPES:
        return {}
    korean_forms = [form.replace(" ", "") for form in entry.sources.get("ko", ()) if _all(HANGUL, form)]
    han_forms = [
        form.replace(" ", "").replace("・", "")
        for tag, forms in entry.sources.items() if tag.startswith(("zh", "ja"))
        for form in forms
    ]
    han_forms = [form for form in dict.fromkeys(han_forms) if _all(HAN, form)]
    renderings: dict[str, tuple[str, str]] = {}
    given_name_first = "ja" in entry.sources
    one_word_place = entry.type == "place" and len(entry.canonical.split()) == 1
    for form in han_forms:
        aligned = [k for k in korean_forms if len(k) == len(form)]
        options = []
        for index, character in enumerate(form):
            readings = set(han_readings(character))
            for korean in aligned:
                readings.update(hangul_readings(korean[index]))
            options.append(sorted(readings))
        _add_combinations(options, form, renderings, given_name_first, one_word_place)
    for korean in korean_forms:
        _add_combinations([list(hangul_readings(syllable)) for syllable in korean], korean, renderings, False,
                          one_word_place)
    return renderings


def place_in_one_word(entry: Entry, source_form: str) -> bool:
    """Whether a generated rendering of the entry is a place's of two characters, which names it only as one word:
    "Gaoxiong" is Kaohsiung, "Gao Xiong" or "Gao-xiong" may be anyone."""
    return entry.type == "place" and len(source_form) < MIN_CHARACTERS


def _all(script, form: str) -> bool:
    return bool(form) and all(script.match(ch) for ch in form)


def _add_combinations(options: list[list[str]], form: str, renderings: dict[str, tuple[str, str]],
                      given_name_first: bool, place: bool = False) -> None:
    """Surname first, as Chinese and Korean names are written in English; Japanese names also given name first. A
    one-word place's readings are one word."""
    if len(options) < (MIN_PLACE_CHARACTERS if place else MIN_CHARACTERS) or not all(options):
        return
    for count, readings in enumerate(itertools.product(*options)):
        if count >= MAX_RENDERINGS_PER_FORM:
            break
        if place:
            rendering = "".join(readings).title()
            renderings.setdefault(phonetic_key(rendering), (rendering, form))
            continue
        surname, given = readings[0], "".join(readings[1:])
        orders = [f"{surname.title()} {given.title()}"]
        if given_name_first:
            orders += [f"{given.title()} {surname.title()}", _japanese_order(readings)]
        for rendering in orders:
            renderings.setdefault(phonetic_key(rendering), (rendering, form))


def _japanese_order(readings: tuple[str, ...]) -> str:
    """Japanese family names are mostly two characters: 岸田文雄 -> 'Wenxiong Antian'."""
    half = len(readings) // 2
    return f"{''.join(readings[half:]).title()} {''.join(readings[:half]).title()}"
