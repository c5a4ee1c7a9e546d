"""TMX 1.4 translation memories: the whole file one article, each `tu` one segment.

The source `tuv` is the one in the header's `srclang` (its `xml:lang`, or the TMX 1.1 `lang`, compared without
regard to case); with `srclang="*all*"` or none, each unit's first `tuv`. The target language is the first other
language met in the file: a memory holding several target languages is read for that one, and a unit without it
has an empty target. Segment ids are the units' `tuid`, else their position (1-based). Inline markup as in XLIFF
1.2 (mtqa.io.inline): `hi` text is article text, the native code of `bpt`, `ept`, `it`, `ph` and `ut` is not.
"""

from __future__ import annotations

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


def tmx_documents(path: str) -> list[Document]:
    """The article of the TMX file `path` (none when it holds no unit); InputError naming the line for a file that
    is not TMX or a unit without its source language."""
    root = parse_xml(path)
    if local_name(root) != "tmx":
        raise InputError(display_path(path), f"not a TMX file: the root element is <{shown(local_name(root))}>, "
                         "expected <tmx>", line=root.sourceline)
    header, body = root.find("header"), root.find("body")
    if body is None:
        raise InputError(display_path(path), "not a TMX file: no <body>", line=root.sourceline)
    source_lang = (header.get("srclang") if header is not None else None) or _ANY_SOURCE
    target_lang = None
    texts = []
    for position, unit in enumerate(body.iterchildren("tu"), start=1):
        variants = list(unit.iterchildren("tuv"))
        source = _source_variant(variants, source_lang, unit, path)
        if target_lang is None:
            target_lang = next((_lang(v) for v in variants if v is not source and _lang(v)), None)
        target = next((v for v in variants if v is not source and _same_lang(_lang(v), target_lang)), None)
        target_seg = target.find("seg") if target is not None else None
        line = next(e for e in (target_seg, target, unit) if e is not None).sourceline
        texts.append(SegmentText(unit.get("tuid") or str(position), _seg_text(source, path),
                                 _seg_text(target, path), line))
    if not texts:
        return []
    first_source_lang = source_lang if source_lang != _ANY_SOURCE else _lang(_first_variant(body))
    return [segmented_document(texts, id=display_path(path), path=display_path(path),
                               source_lang=first_source_lang, target_lang=target_lang)]


def _source_variant(variants: list[etree._Element], source_lang: str, unit: etree._Element,
                    path: str) -> etree._Element | None:
    if source_lang == _ANY_SOURCE:
        return variants[0] if variants else None
    source = next((v for v in variants if _same_lang(_lang(v), source_lang)), None)
    if source is None:
        raise InputError(display_path(path), f"translation unit without a <tuv> in the source language "
                         f"'{shown(source_lang[:40])}' (the header's srclang)", line=unit.sourceline)
    return source


def _seg_text(variant: etree._Element | None, path: str) -> str:
    seg = variant.find("seg") if variant is not None else None
    return inline_text(seg, path) if seg is not None else ""


def _lang(variant: etree._Element | None) -> str | None:
    return None if variant is None else variant.get(_XML_LANG) or variant.get("lang")


def _same_lang(one: str | None, other: str | None) -> bool:
    return one is not None and other is not None and one.casefold() == other.casefold()


def _first_variant(body: etree._Element) -> etree._Element | None:
    unit = body.find("tu")
    return unit.find("tuv") if unit is not None else None
