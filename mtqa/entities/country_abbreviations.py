"""Countries a Chinese, Japanese or Korean source names by one character: in compounds of several (한미 "South Korea
and the United States", 中美, 日米韓, 남북 "the two Koreas") and with the words for a side, a visit or a posting
(美方 "the U.S. side", 방한 "a visit to South Korea", 駐日 "in Japan"). A translation that names those countries in
full renders them: the source does name them, if by no glossary form."""

from __future__ import annotations

import re

from mtqa.text import fold

# The English names of each country, folded, as a glossary may give them.
_NAMES = {
    "south korea": ("south korea", "republic of korea", "korea"),
    "north korea": ("north korea", "democratic people's republic of korea", "dprk"),
    "china": ("china", "people's republic of china", "prc"),
    "japan": ("japan",),
    "united states": ("united states", "united states of america", "u.s.", "us", "america"),
    "russia": ("russia", "russian federation"),
    "taiwan": ("taiwan", "republic of china", "roc"),
}
COUNTRY_NAMES = frozenset(name for names in _NAMES.values() for name in names)
# Each script's one-character names, by country.
_KOREAN = {"한": "south korea", "남": "south korea", "북": "north korea", "중": "china", "일": "japan",
           "미": "united states", "러": "russia"}
_CHINESE = {"韩": "south korea", "韓": "south korea", "朝": "north korea", "中": "china", "日": "japan",
            "美": "united states", "米": "united states", "俄": "russia", "露": "russia", "台": "taiwan"}
# Compounds of two to four of them: a Korean one starts a word (한미 동맹, 한미일은), a Chinese or Japanese one may
# stand anywhere (加强中美关系) but after a day's number (12日中午).
_KOREAN_COMPOUND = re.compile(rf"(?<![가-힣])[{''.join(_KOREAN)}]{{2,4}}")
_CHINESE_COMPOUND = re.compile(rf"(?<![0-9０-９〇一二三四五六七八九十])[{''.join(_CHINESE)}]{{2,4}}")
# Words that look like compounds and are not: 북한 and 남한 are one Korea each, 남미 and 중미 (중남미) are South and
# Central America.
_KOREAN_WORDS = ("북한", "남한", "남미", "중미", "중남미")
# One country with a side, a visit, a posting or a stance: 미측, 방한, 주한, 대북; 美方, 访韩, 驻日, 对朝; 米側, 訪日,
# 駐韓
_KOREAN_SINGLE = re.compile(rf"(?<![가-힣])(?:[방주대]([{''.join(_KOREAN)}])|([{''.join(_KOREAN)}])측)")
_CHINESE_SINGLE = re.compile(rf"(?:[访訪赴驻駐对對来來]([{''.join(_CHINESE)}])|([{''.join(_CHINESE)}])[方側侧军軍])")


def abbreviated_countries(source: str) -> frozenset[str]:
    """The folded English names of every country the source names by a one-character name."""
    countries: set[str] = set()
    for pattern, names in ((_KOREAN_COMPOUND, _KOREAN), (_CHINESE_COMPOUND, _CHINESE)):
        for match in pattern.finditer(source):
            if match.group().startswith(_KOREAN_WORDS):
                continue
            named = {names[character] for character in match.group()}
            if len(named) > 1:  # 한한 or 中中 is no pair of countries
                countries |= named
    for pattern, names in ((_KOREAN_SINGLE, _KOREAN), (_CHINESE_SINGLE, _CHINESE)):
        countries.update(names[match.group(1) or match.group(2)] for match in pattern.finditer(source))
    return frozenset(name for country in countries for name in _NAMES[country])


def names_abbreviated_country(forms: tuple[str, ...], countries: frozenset[str]) -> bool:
    """Whether one of an entry's forms is the English name of a country the source names by abbreviation."""
    return any(fold(form).strip() in countries for form in forms)
