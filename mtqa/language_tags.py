"""Language tags as mtqa takes them from any input: BCP 47's shape (en, zh-Hans, ko-KR), not its registry."""

from __future__ import annotations

import re

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def is_language_tag(text: str) -> bool:
    """Whether `text` is a BCP 47 language tag such as en, zh-Hans or ko-KR."""
    return _LANGUAGE_TAG.fullmatch(text) is not None


_UNDETERMINED = frozenset({"und", "mul", "zxx", "mis"})


def source_language(declared: str | None, source: str | None) -> str | None:
    """The source's language as its glossary terms are looked up by: the declared tag, unless it says nothing (und)
    or the source's own script belies it (a Chinese source labelled ko or en looked up no term, and passed); then
    None, which every glossary language fits."""
    from mtqa.text import HAN, HANGUL, KANA

    primary = declared.split("-")[0].lower() if declared else None
    if primary is None or primary in _UNDETERMINED:
        return None
    if not source:
        return declared
    sample = source[:_SCRIPT_SAMPLE]
    hangul, kana, han = (len(script.findall(sample)) for script in (HANGUL, KANA, HAN))
    letters = hangul + kana + han
    if not letters:
        return declared
    # The script most of its letters are in: a Chinese source with one Hangul syllable or の in it is still Chinese.
    written = "ko" if hangul * 2 >= letters else "ja" if kana * 5 >= letters else "zh"
    return declared if written == primary else None


# How much of a source its script is read from: enough for a headline and its first sentences, not a whole archive.
_SCRIPT_SAMPLE = 2000
