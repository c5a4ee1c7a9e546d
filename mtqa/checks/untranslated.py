"""Text the translation left in the source language or left out: runs of Chinese, Japanese or Korean script in a
target written in another script, segments copied from their source (MTQ303), and segments whose source has text
but whose target has none (MTQ304)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

import regex

from mtqa.checks.context import CheckContext
from mtqa.checks.originals import CJK_LETTER, MAX_ORIGINAL, PAIRS, LineOriginals
from mtqa.model import Finding, Segment, Severity, Span
from mtqa.text import HANGUL, has_visible_text

UNTRANSLATED = "MTQ303"
EMPTY_TRANSLATION = "MTQ304"

_CJK_CORE = CJK_LETTER.pattern
# What may stand between two pieces of one untranslated passage: spaces, digits, CJK and full-width punctuation
# ("将于2024年5月公布", "你好，李焕英"), never a line break or a Latin word.
_CJK_JOIN = r"[\t\p{Zs}\p{Nd}\u3000-\u303f\uff00-\uffef\u30fb\u2018\u2019\u201c\u201d\u00b7\u2026\u2014\ufe00-\ufe0f" \
    r"\U000e0100-\U000e01ef]"  # and the variation selector that picks a character's glyph (葛󠄀)
_CJK_PASSAGE = regex.compile(rf"{_CJK_CORE}+(?:{_CJK_JOIN}+{_CJK_CORE}+)*")
# No CJK letter lies below U+1100 (Hangul Jamo, the first): a text without such characters holds no passage, which
# the standard library's engine tells several times faster than a search for the passage itself.
FIRST_CJK_LETTER = "\u1100"
_FROM_FIRST_CJK = re.compile(f"[{FIRST_CJK_LETTER}-\U0010ffff]")
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}\u30fc\uff70]")
_LETTER = regex.compile(r"\p{L}")
_LINE_END = regex.compile(r"\r\n|\r|\n")
_TEXT = regex.compile(r"[\p{L}\p{N}]")

# Targets in these languages or scripts are written in CJK script: source script there is no leftover.
_CJK_LANGUAGES = frozenset({"zh", "zho", "chi", "cmn", "yue", "wuu", "lzh", "hak", "nan", "gan", "hsn", "ja", "jpn",
                            "ko", "kor"})
_CJK_SCRIPTS = frozenset({"hani", "hans", "hant", "jpan", "kore", "hang", "hira", "kana", "hrkt"})


def check_untranslated(context: CheckContext) -> Iterator[Finding]:
    yield from _empty_translations(context)
    if writes_cjk(context.document.target_lang):
        return
    copied = list(_copied_segments(context))
    yield from copied
    yield from _cjk_passages(context, {finding.segment for finding in copied})


def writes_cjk(language: str | None) -> bool:
    """Whether a BCP 47 tag names a language written in Han, Kana or Hangul (zh, ja-JP, yue-Hant, ko); a tag with
    another script (zh-Latn, pinyin) does not, and no tag means the usual English target."""
    if not language:
        return False
    subtags = language.strip().lower().replace("_", "-").split("-")
    script = next((tag for tag in subtags[1:] if len(tag) == 4 and tag.isalpha()), None)
    return script in _CJK_SCRIPTS if script else subtags[0] in _CJK_LANGUAGES


def _empty_translations(context: CheckContext) -> Iterator[Finding]:
    """Segments (or, without segments, the whole article) whose source has text and whose target is blank."""
    document = context.document
    source = document.source or ""
    units = [(s.target, s.source, s.id) for s in context.segments if s.source is not None]
    if not context.segments and source:
        units = [(Span(0, len(document.target)), Span(0, len(source)), None)]
    for target, source_span, segment_id in units:
        source_text = source[source_span.start:source_span.end]
        if has_visible_text(document.target[target.start:target.end]) or not _TEXT.search(source_text):
            continue
        yield context.finding(
            EMPTY_TRANSLATION, Span(target.start, target.start),
            f"empty translation: the source '{_abridged(source_text)}' has no translation here",
            source_span=source_span, segment=segment_id,
        )


def _copied_segments(context: CheckContext) -> Iterator[Finding]:
    """Aligned segments whose target repeats their CJK source (spacing aside) instead of translating it."""
    document = context.document
    for segment in context.segments:
        if segment.source is None:
            continue
        source = document.source[segment.source.start:segment.source.end]
        target = document.target[segment.target.start:segment.target.end]
        if not CJK_LETTER.search(source) or source.split() != target.split():
            continue
        start = segment.target.start + len(target) - len(target.lstrip())
        end = segment.target.start + len(target.rstrip())
        yield context.finding(UNTRANSLATED, Span(start, end),
                              f"segment copied from the source, not translated: '{_abridged(target.strip())}'",
                              severity=Severity.CRITICAL, source_span=segment.source, segment=segment.id)


def _is_hashtag(text: str, span: Span) -> bool:
    """Whether the run is a name-sized social media tag: after a # ("#躺平", Weibo's "#躺平#")."""
    return span.start > 0 and text[span.start - 1] in "#＃" and \
        len(CJK_LETTER.findall(text, span.start, span.end)) <= MAX_ORIGINAL


def _cjk_passages(context: CheckContext, copied: set[str | None]) -> Iterator[Finding]:
    """Runs of CJK script outside the `copied` segments, except originals given beside their rendering. Critical
    where the runs make up most of their segment's letters: the segment then tells a reader next to nothing."""
    text = context.text
    if _FROM_FIRST_CJK.search(text) is None or _CJK_PASSAGE.search(text) is None:
        return  # most articles: a passage inside a line is one in the whole text too
    unglossed: list[tuple[Span, Segment | None, Span]] = []
    glossed: set[str] = set()
    for line in _lines(text):
        originals = None
        for match in _CJK_PASSAGE.finditer(text, line.start, line.end):
            span = Span(match.start(), match.end())
            segment = context.segment_index.at(span.start)
            if segment is not None and segment.id in copied:
                continue  # reported as a whole
            if _is_hashtag(text, span):
                continue  # "#躺平": a tag is quoted as people post it
            originals = originals or LineOriginals(text[line.start:line.end])
            if originals.is_glossed(span.start - line.start, span.end - line.start):
                glossed.add(match.group())
                continue
            unglossed.append((span, segment, line))
    by_unit: dict[Span, list[tuple[Span, Segment | None]]] = defaultdict(list)
    for span, segment, line in unglossed:
        if text[span.start:span.end] in glossed and (_quoted(text, span) or span.end - span.start <= MAX_TOPIC_WORD):
            continue  # the word a story is about, glossed once ("金" (kin)), then bare: "金" won, 정 binds them
        by_unit[segment.target if segment else line].append((span, segment))
    source_lang = context.document.source_lang
    for unit, runs in by_unit.items():
        left = sum(len(CJK_LETTER.findall(text, span.start, span.end)) for span, _ in runs)
        mostly = 2 * left > len(_LETTER.findall(text, unit.start, unit.end))
        for span, segment in runs:
            passage = text[span.start:span.end]
            where = ", most of its segment" if mostly else ""
            yield context.finding(
                UNTRANSLATED, span, f"{_language(passage, source_lang)} text left untranslated{where}: '{passage}'",
                severity=Severity.CRITICAL if mostly else Severity.MAJOR,
                source_span=segment.source if segment else None, segment=segment.id if segment else None,
            )


# The longest word a story about words (the kanji of the year, 정, 内卷) may gloss once and then write bare: a longer
# passage is text to translate however often it was glossed.
MAX_TOPIC_WORD = 4


def _quoted(text: str, span: Span) -> bool:
    """Whether the run stands alone in quotes or brackets: “内卷”, 「金」, (金)."""
    return 0 < span.start and span.end < len(text) and text[span.start - 1] in PAIRS \
        and text[span.end] == PAIRS[text[span.start - 1]]


def _language(passage: str, source_lang: str | None) -> str:
    if _KANA.search(passage):
        return "Japanese"
    if HANGUL.search(passage):
        return "Korean"
    primary = (source_lang or "").lower()[:2]
    return {"ja": "Japanese", "ko": "Korean"}.get(primary, "Chinese")


def _lines(text: str) -> Iterator[Span]:
    """The spans of the text's lines, without their line ends (LF, CRLF or CR)."""
    start = 0
    for match in _LINE_END.finditer(text):
        yield Span(start, match.start())
        start = match.end()
    yield Span(start, len(text))


def _abridged(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
