"""TMX 1.4 translation memories: one article per target language, each `tu` one segment.

The source `tuv` is the one in the header's `srclang` (its `xml:lang`, or the TMX 1.1 `lang`, compared without regard
to case); with `srclang="*all*"` or none, the `--source-lang` given, else the language most units hold that is not
the target language (`--target-lang`, else English), or a unit's first `tuv` not in the target language where it
lacks that language. Every other
language is a target language, so that no translation goes unchecked. The main one, into which most units are
translated (the first met among equals), is the article named by the path: it holds every unit, and a unit without
that language has an empty target (a missing translation). Each other language is an article `{path}#{language}`
holding the units translated into it: a memory seldom translates every unit into every language. A `tuv` without a
language, or a second `tuv` of one language in a unit, is refused: which text is which cannot be told. Segment ids
are the units' `tuid`, else their position (1-based). Inline markup as in XLIFF 1.2 (mtqa.io.inline): `hi` text is
article text, the native code of `bpt`, `ept`, `it`, `ph` and `ut` is not.
"""

from __future__ import annotations

from collections import Counter

from lxml import etree

from mtqa.display import shown
from mtqa.errors import InputError
from mtqa.io.inline import inline_text, local_name
from mtqa.io.names import display_path
from mtqa.io.segments import SegmentText, segmented_document
from mtqa.io.xml_safe import parse_xml
from mtqa.model import Document

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ANY_SOURCE = "*all*"


def tmx_documents(path: str, source_lang: str | None = None, target_lang: str | None = None) -> list[Document]:
    """The articles of the TMX file `path`, one per target language (none when it holds no unit); InputError naming
    the line for a file that is not TMX, a unit without its source language, a `tuv` without a language, or two
    `tuv` of one language in a unit. A file that names no source language is read from `source_lang`, else into
    `target_lang` (English if not given)."""
    root = parse_xml(path)
    if local_name(root) != "tmx":
        raise InputError(display_path(path), f"not a TMX file: the root element is <{shown(local_name(root))}>, "
                         "expected <tmx>", line=root.sourceline)
    header, body = root.find("header"), root.find("body")
    if body is None:
        raise InputError(display_path(path), "not a TMX file: no <body>", line=root.sourceline)
    units = [_Unit(unit, position, path) for position, unit in enumerate(body.iterchildren("tu"), start=1)]
    if not units:
        return []
    declared = (header.get("srclang") if header is not None else None) or _ANY_SOURCE
    source_lang = declared if declared != _ANY_SOURCE else _undeclared_source(units, source_lang, target_lang)
    sources = [unit.source(source_lang, strict=declared != _ANY_SOURCE, target_lang=target_lang or "en")
               for unit in units]
    translated = Counter(lang for unit, source in zip(units, sources, strict=True)
                         for lang, variant in unit.by_lang.items() if variant is not source)
    # The main language first (most units translated into it; Counter keeps the first met among equals).
    target_langs = [lang for lang, _ in translated.most_common()]
    spelling = {lang.casefold(): lang for unit in reversed(units) for lang in unit.spelled}
    shown_path = display_path(path)
    # The units holding each language, in file order: a file of many target languages made each article walk every
    # unit, which cost units x languages.
    holding: dict[str, list[int]] = {}
    for index, unit in enumerate(units):
        for lang in unit.by_lang:
            holding.setdefault(lang, []).append(index)
    documents = []
    for rank, target_lang in enumerate(target_langs or [None]):
        indexes = range(len(units)) if rank == 0 else holding[target_lang]
        texts = [units[index].text(sources[index], target_lang) for index in indexes]
        doc_id = shown_path if rank == 0 else f"{shown_path}#{spelling[target_lang]}"
        documents.append(segmented_document(texts, id=doc_id, path=shown_path, source_lang=source_lang,
                                            target_lang=spelling.get(target_lang)))
    return documents


def _undeclared_source(units: list[_Unit], source_lang: str | None, target_lang: str | None) -> str | None:
    """The source language of a file that names none: the one given, where units have it; else the language most
    units hold (the first met among equals) that is not the target (the one given, else English, into which mtqa
    checks translations). The order of variants says nothing: a memory that lists English first was checked
    backwards, and one unit in a third language ahead of the rest made that language the source. One language for
    the whole file, so that it is read in one direction."""
    held = Counter(lang.casefold() for unit in units for lang in unit.by_lang)
    spelling = {lang.casefold(): lang for unit in reversed(units) for lang in unit.spelled}
    languages = [spelling[lang] for lang, _ in held.most_common()]
    if source_lang and any(_same_language(lang, source_lang) for lang in languages):
        return next(lang for lang in languages if _same_language(lang, source_lang))
    target = target_lang or "en"
    return next((lang for lang in languages if not _same_language(lang, target)), languages[0] if languages else None)


def _same_language(tag: str, given: str) -> bool:
    """Whether `tag` is the language `given` or one of its variants ("en-US" of "en"), regardless of case."""
    tag, given = tag.casefold().replace("_", "-"), given.casefold().replace("_", "-")
    return tag == given or tag.startswith(given + "-")


class _Unit:
    """One `tu`: its variants by language (case-folded), each language once."""

    def __init__(self, unit: etree._Element, position: int, path: str) -> None:
        self.element, self.position, self.path = unit, position, path
        self.by_lang: dict[str, etree._Element] = {}
        self.spelled: list[str] = []  # the languages as the file writes them, in order
        for variant in unit.iterchildren("tuv"):
            lang = _lang(variant)
            if not lang:
                raise InputError(display_path(path), "a <tuv> without xml:lang: its language is needed to tell "
                                 "source from translation", line=variant.sourceline)
            if lang.casefold() in self.by_lang:
                raise InputError(display_path(path), f"two <tuv> in the language '{shown(lang[:40])}' in one "
                                 "translation unit: mtqa cannot tell which one to check", line=variant.sourceline)
            self.by_lang[lang.casefold()] = variant
            self.spelled.append(lang)
        self.first_lang = self.spelled[0] if self.spelled else None

    def source(self, source_lang: str | None, strict: bool, target_lang: str) -> etree._Element | None:
        """The source variant: the one in `source_lang`; else, unless the header named it (`strict`), the first not
        in the target language (a unit of English and French read into English is read from the French)."""
        found = self.by_lang.get(source_lang.casefold()) if source_lang else None
        if found is None and strict:
            raise InputError(display_path(self.path), f"translation unit without a <tuv> in the source language "
                             f"'{shown(source_lang[:40])}' (the header's srclang)", line=self.element.sourceline)
        if found is None and self.spelled:
            first = next((lang for lang in self.spelled if not _same_language(lang, target_lang)), self.first_lang)
            found = self.by_lang[first.casefold()]
        return found

    def text(self, source: etree._Element | None, target_lang: str | None) -> SegmentText:
        """The unit as a segment of the article in `target_lang`; without a variant in it, an empty target."""
        target = self.by_lang.get(target_lang) if target_lang else None
        if target is source:
            target = None
        target_seg = target.find("seg") if target is not None else None
        line = next(e for e in (target_seg, target, self.element) if e is not None).sourceline
        return SegmentText(self.element.get("tuid") or str(self.position), _seg_text(source, self.path),
                           _seg_text(target, self.path), line)


def _seg_text(variant: etree._Element | None, path: str) -> str:
    seg = variant.find("seg") if variant is not None else None
    return inline_text(seg, path) if seg is not None else ""


def _lang(variant: etree._Element | None) -> str | None:
    return None if variant is None else variant.get(_XML_LANG) or variant.get("lang")
