"""The currency an amount is in, on each side of an aligned segment: 8.7万亿日元 given as "8.7 trillion won" is another
amount, however right its figure.

Only currencies written beside a number count (日元 in "日元贬值" is no amount), and a segment is compared only where
each side names one currency: a translation that adds a conversion ("100 billion yen ($670 million)") or a source
that gives two says more than this check can pair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtqa.model import Span

# A CJK amount's last character: a digit or a numeral, with its scale.
# (A Korean scale word counts after digits only: the 조 of 노조원, a union member, is none.)
_CJK_AMOUNT_END = r"(?:[0-9０-９][0-9０-９.,]*\s?[천백십만억조]{1,3}|[0-9０-９零〇一二三四五六七八九十百千万亿億萬兆.])"
# Currency words after a CJK amount, longest first where one holds another (美元 before 元). Korean 원 and 엔 stand
# alone or before a particle: 원칙 (principle) and 엔진 (engine) are other words.
_KOREAN_AFTER = r"(?=$|[^가-힣]|[은는이가을를의에와과도만씩대화]|으로|어치|짜리)"
_SOURCE_CURRENCIES = {
    "JPY": ("日元", "日圓", "日圆", "円", "エン"),
    "KRW": ("韩元", "韓元", "韩币", "韓幣", "ウォン"),
    "CNY": ("人民币", "人民幣", "人民元", "위안"),
    "EUR": ("欧元", "歐元", "유로", "ユーロ"),
    "TWD": ("新台币", "新台幣", "台币", "台幣", "台湾ドル", "台湾元", "대만달러"),
    "HKD": ("港元", "港币", "港幣", "香港ドル", "홍콩달러"),
    "GBP": ("英镑", "英鎊", "파운드", "ポンド"),
    "RUB": ("卢布", "盧布", "루블", "ルーブル"),
    "USD": ("美元", "美金", "米ドル", "미국 달러"),
    "DOLLAR": ("달러", "ドル"),  # a dollar, most often the U.S. one
}
_SOURCE_WORD = {word: code for code, words in _SOURCE_CURRENCIES.items() for word in words}
_SOURCE_CURRENCY = re.compile(
    rf"{_CJK_AMOUNT_END}\s?(?P<word>" + "|".join(sorted(map(re.escape, _SOURCE_WORD), key=len, reverse=True))
    + rf"|(?P<korean>원|엔){_KOREAN_AFTER}|(?P<yuan>元)(?![首老帅帥年旦素宵件朝代气氣凶兇勋勳]))")

# In English: a symbol or code before the figure, or a word after it (its scale word between).
_TARGET_BEFORE = {"US$": "USD", "U.S.$": "USD", "NT$": "TWD", "HK$": "HKD", "S$": "SGD", "A$": "AUD", "C$": "CAD",
                  "$": "DOLLAR", "€": "EUR", "£": "GBP", "₩": "KRW", "¥": "YEN_OR_YUAN", "￥": "YEN_OR_YUAN",
                  "RMB": "CNY", "CNY": "CNY", "USD": "USD", "JPY": "JPY", "KRW": "KRW", "EUR": "EUR", "TWD": "TWD",
                  "HKD": "HKD", "GBP": "GBP"}
_TARGET_AFTER = {"won": "KRW", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "euro": "EUR", "euros": "EUR",
                 "pound": "GBP", "pounds": "GBP", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB",
                 "dollar": "DOLLAR", "dollars": "DOLLAR", "u.s. dollars": "USD", "us dollars": "USD",
                 "taiwan dollars": "TWD", "new taiwan dollars": "TWD", "hong kong dollars": "HKD",
                 "singapore dollars": "SGD"}
_SCALE = r"(?:\s?(?:thousand|million|billion|trillion|mln|bln|tln|trln|bn|mn|tn|tril\.|bil\.|[mbk])\b)?"
# A people's word before a currency's own ("South Korean won", "Chinese yuan"): the currency word decides.
_PEOPLES = r"(?:(?:south[ \t]+)?korean|japanese|chinese|american|australian|canadian|singaporean)[ \t]+"
_TARGET_CURRENCY = re.compile(
    r"(?<![A-Za-z])(?P<before>" + "|".join(sorted(map(re.escape, _TARGET_BEFORE), key=len, reverse=True))
    + r")\s?\d"
    r"|\d" + _SCALE + rf"\s(?:{_PEOPLES})?(?P<after>"
    + "|".join(sorted(map(re.escape, _TARGET_AFTER), key=len, reverse=True)) + r")\b", re.IGNORECASE)
# A target currency each source currency may be written as: "$" and "dollars" for any dollar, ¥ for yen or yuan.
_DOLLARS = frozenset({"USD", "TWD", "HKD", "SGD", "AUD", "CAD", "DOLLAR"})
_NAMES = {"YUAN": "yuan", "JPY": "yen", "KRW": "won", "CNY": "yuan", "EUR": "euros", "TWD": "New Taiwan dollars",
          "HKD": "Hong Kong dollars", "GBP": "pounds", "RUB": "rubles", "USD": "U.S. dollars", "DOLLAR": "dollars"}


@dataclass(frozen=True)
class CurrencyChanged:
    source: Span  # the source's currency word
    source_word: str
    target: Span  # the target's
    target_word: str
    expected: str  # the source's currency in English


def currency_for_another(source: str, source_span: Span, target: str, target_span: Span) -> CurrencyChanged | None:
    """The target's currency where an aligned segment's source names one currency beside its amounts and the target
    one other, neither a way of writing the other."""
    given = [(code, match) for match in _SOURCE_CURRENCY.finditer(source, source_span.start, source_span.end)
             if (code := _source_code(match)) is not None]
    said = [(_target_code(match), match) for match in _TARGET_CURRENCY.finditer(target, target_span.start,
                                                                                 target_span.end)]
    if len({code for code, _ in given}) != 1 or len({code for code, _ in said}) != 1:
        return None
    (code, source_match), (other, target_match) = given[0], said[0]
    if _written_as(code, other):
        return None
    group = "before" if target_match.group("before") else "after"
    word = "korean" if source_match.group("korean") else "yuan" if source_match.group("yuan") else "word"
    return CurrencyChanged(Span(*source_match.span(word)), source_match.group(word), Span(*target_match.span(group)),
                           target_match.group(group), _NAMES.get(code, code))


def _source_code(match: re.Match) -> str | None:
    if match.group("korean"):
        return "KRW" if match.group("korean") == "원" else "JPY"
    if match.group("yuan"):
        return "YUAN"  # 元 is the yuan, Taiwan's dollar (1兆元, NT$1 trillion) or Hong Kong's
    return _SOURCE_WORD.get(match.group("word"))


def _target_code(match: re.Match) -> str:
    if match.group("before"):
        return _TARGET_BEFORE.get(match.group("before"), _TARGET_BEFORE.get(match.group("before").upper(), ""))
    return _TARGET_AFTER[" ".join(match.group("after").lower().split())]


# What a bare 元 may be written as.
_YUAN = frozenset({"CNY", "TWD", "HKD", "DOLLAR", "YEN_OR_YUAN"})


def _written_as(source: str, target: str) -> bool:
    if source == target or (source == "YUAN" and target in _YUAN):
        return True
    if source in _DOLLARS and target in _DOLLARS:
        return "DOLLAR" in (source, target)  # "$" for NT$: the story's dollar; but US$ is not NT$
    return target == "YEN_OR_YUAN" and source in ("JPY", "CNY")
