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
# Compounds of two to four of them, as relations are named: a Korean one starts a word and stands alone or before a
# particle or a word of relations (한미 동맹, 한미일은, 남북관계); a Chinese or Japanese one stands before a word of
# relations (中美关系, 日米首脳会談, 美日韩三国). Elsewhere the characters are words of their own: 남중국해 is the
# South China Sea, 대중 the public, 其中日本 "among them Japan", 今日中に "today", 美中不足 an idiom, 台中 a city.
_RELATIONS = ("关系|關係|関係|贸易|貿易|两国|兩國|両国|首脑|首腦|首脳|峰会|峰會|会谈|會談|会談|合作|协议|協議|协定"
              "|協定|同盟|联合|聯合|共同|军演|軍演|演习|演習|外长|外長|领导人|領導人|对话|對話|对立|對立|対立|摩擦|竞争"
              "|競爭|競争|合意|战略|戰略|経済|经济|經濟|会议|會議|会議|三国|三國|三か国|双方|雙方|间|間|之间|之間|的|の|・|、"
              "|谈判|談判|交渉|边境|邊境|国境|國境|元首|条约|條約|条約|FTA|自贸|自貿|交流|友好|会晤|會晤|通商|协商|協商")
_KOREAN_RELATIONS = ("동맹|관계|정상|외교|연합|훈련|양국|3국|간|회담|무역|협력|공조|합의|갈등|경쟁|국방|군사|공동"
                     "|대화|협상|관세|[은는이가을를의와과도에]")
_KOREAN_COMPOUND = re.compile(rf"(?<![가-힣])([{''.join(_KOREAN)}]{{2,4}})(?=[^가-힣]|$|{_KOREAN_RELATIONS})")
_CHINESE_COMPOUND = re.compile(rf"([{''.join(_CHINESE)}]{{2,4}})(?=\s?(?:{_RELATIONS}))")
# Words that look like compounds and are not: 북한 and 남한 are one Korea each, 남미 and 중미 (중남미) are South and
# Central America.
_KOREAN_WORDS = ("북한", "남한", "남미", "중미", "중남미")
# One country with a visit, a posting, a stance or a side: 방한, 방미, 주한, 주미, 대북, 대남, 미측; 访韩, 驻日, 赴美,
# 对美, 美方, 美军; 訪日, 駐韓, 米側. (대중 is "the public", 주일 "a week", 对中小企业 "for small firms": those
# stay out.)
_KOREAN_SINGLE = re.compile(rf"(?<![가-힣])(?:방([{''.join(_KOREAN)}])|주([한미])|대([북남])|([{''.join(_KOREAN)}])측)")
_CHINESE_SINGLE = re.compile(
    rf"(?:[访訪赴驻駐]([{''.join(_CHINESE)}])|[对對]([美日俄韩韓朝])|([{''.join(_CHINESE)}])[方側侧]|([美日俄韩韓朝])[军軍])")


def abbreviated_countries(source: str) -> frozenset[str]:
    """The folded English names of every country the source names by a one-character name."""
    countries: set[str] = set()
    for pattern, names in ((_KOREAN_COMPOUND, _KOREAN), (_CHINESE_COMPOUND, _CHINESE)):
        for match in pattern.finditer(source):
            if match.group(1).startswith(_KOREAN_WORDS):
                continue
            named = {names[character] for character in match.group(1)}
            if len(named) > 1:  # 한한 or 中中 is no pair of countries
                countries |= named
    for pattern, names in ((_KOREAN_SINGLE, _KOREAN), (_CHINESE_SINGLE, _CHINESE)):
        countries.update(names[next(group for group in match.groups() if group)] for match in pattern.finditer(source))
    return frozenset(name for country in countries for name in _NAMES[country])


def names_abbreviated_country(forms: tuple[str, ...], countries: frozenset[str]) -> bool:
    """Whether one of an entry's forms is the English name of a country the source names by abbreviation."""
    return any(fold(form).strip() in countries for form in forms)
