"""XLIFF 1.2 (Trados .sdlxliff included) and XLIFF 2.0/2.1/2.2 files: each `<file>` one article.

Segments, in file order:
- 1.2: every `trans-unit` under `body` (in groups or not); its `source` and `target`. When a `seg-source` splits
  the unit into `<mrk mtype="seg" mid="...">` segments (as Trados does), each is one segment, id `{unit id}:{mid}`,
  with the target's mrk of the same mid (none: not yet translated). Marks that do not pair one to one (a target mid
  the source lacks, a mid missing or given twice, a segment inside another) or target text outside the marks leave
  the unit one segment, so that no target text is dropped or read twice.
- 2.x: every `segment` of every `unit` (`ignorable` is left out), id `{unit id}:{segment id}`, or the unit id
  for a unit's only segment without an id.
Units marked translate="no" (or inside a file or group so marked) are not translations and are left out. A unit
without a target is read with an empty target, for the empty-translation check to report. A unit anywhere else
(inside an element that holds no units, or of another namespace) and a unit or segment of two sources or two
targets are refused: which text is to be checked cannot be told. Metadata of other
namespaces (Trados' sdl:, modules' notes and matches) is ignored.

The article's target and source are its segments' texts joined by newlines (see mtqa.io.segments); each segment
keeps the file line where its target text begins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

from mtqa.display import shown
from mtqa.errors import InputError
from mtqa.io.inline import inline_text, local_name
from mtqa.io.names import display_path
from mtqa.io.segments import SegmentText, segmented_document
from mtqa.io.xml_safe import parse_xml
from mtqa.model import Document

XLIFF_2_NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"  # 2.1 and 2.2 keep the 2.0 core namespace


def xliff_documents(path: str) -> list[Document]:
    """The articles of the XLIFF file `path`; InputError naming the line for a file that is not XLIFF."""
    root = parse_xml(path)
    if local_name(root) != "xliff":
        raise InputError(display_path(path), f"not an XLIFF file: the root element is <{shown(local_name(root))}>, "
                         "expected <xliff>", line=root.sourceline)
    reader = _Reader(path, etree.QName(root).namespace)
    if _major_version(root, path) == 2:  # the languages are the whole file's
        return reader.documents(root, "unit", reader.units_2, "id",
                                lambda file: (root.get("srcLang"), root.get("trgLang")))
    return reader.documents(root, "trans-unit", reader.units_1, "original",
                            lambda file: (file.get("source-language"), file.get("target-language")))


def _major_version(root: etree._Element, path: str) -> int:
    version = (root.get("version") or "").strip()
    if not version:
        return 2 if etree.QName(root).namespace == XLIFF_2_NAMESPACE else 1
    major = version.split(".", 1)[0]
    if major not in ("1", "2"):
        raise InputError(display_path(path), f"XLIFF version '{shown(version[:20])}' is not read (1.x and 2.x are)",
                         line=root.sourceline)
    return int(major)


class _Reader:
    def __init__(self, path: str, namespace: str | None) -> None:
        self.path = path
        self.shown_path = display_path(path)
        self.namespace = namespace

    def tag(self, name: str) -> str:
        """The qualified name of an element of the file's own (core) namespace."""
        return f"{{{self.namespace}}}{name}" if self.namespace else name

    def child(self, element: etree._Element, name: str) -> etree._Element | None:
        return element.find(self.tag(name))

    def text(self, element: etree._Element | None) -> str:
        return inline_text(element, self.path) if element is not None else ""

    def documents(self, root: etree._Element, unit_name: str,
                  units: Callable[[etree._Element], Iterator[SegmentText]], label: str,
                  languages: Callable[[etree._Element], tuple[str | None, str | None]]) -> list[Document]:
        """One article per `<file>` holding a translatable unit, named `{path}#{the file's label attribute}`."""
        documents, used = [], set()
        for element in root.iterchildren():
            if isinstance(element.tag, str) and element.tag != self.tag("file") and not _untranslatable(element):
                self.refuse_units_inside(element, unit_name)
        for position, file in enumerate(root.iterchildren(self.tag("file")), start=1):
            if _untranslatable(file):
                continue
            texts = [text for unit in self.translatable(file, unit_name) for text in units(unit)]
            if not texts:
                continue
            name = _unused(f"{self.shown_path}#{file.get(label) or position}", position, used)
            used.add(name)
            source_lang, target_lang = languages(file)
            documents.append(segmented_document(texts, id=name, path=self.shown_path, line=file.sourceline,
                                                source_lang=source_lang, target_lang=target_lang))
        return documents

    def translatable(self, container: etree._Element, unit_name: str) -> Iterator[etree._Element]:
        """The units under `container` (through `body` and nested groups), in file order, less those marked
        translate="no" or inside a group so marked. A unit anywhere else (inside an element XLIFF does not put
        units in, or of another namespace) is refused: skipped, its translation went unchecked and the file passed."""
        for element in container:
            if not isinstance(element.tag, str) or _untranslatable(element):
                continue
            if element.tag == self.tag(unit_name):
                yield element
            elif element.tag in (self.tag("body"), self.tag("group"), self.tag("bin-unit")):
                # XLIFF 1.2 lets a bin-unit hold the trans-units of its translatable text
                yield from self.translatable(element, unit_name)
            else:
                self.refuse_units_inside(element, unit_name)

    def refuse_units_inside(self, element: etree._Element, unit_name: str) -> None:
        """InputError at the first unit in or at `element`, which is not where XLIFF puts units."""
        hidden = next((found for found in element.iter() if isinstance(found.tag, str)
                       and local_name(found) == unit_name), None)
        if hidden is None:
            return  # metadata: notes, a header, another namespace's module
        where = "of another namespace" if hidden.tag != self.tag(unit_name) else \
            f"inside <{shown(local_name(hidden.getparent()))}>, where XLIFF puts none"
        raise InputError(self.shown_path, f"a <{unit_name}> {where}: mtqa cannot tell whether it is to be checked "
                         "(move it where XLIFF puts one, or mark it translate=\"no\")", line=hidden.sourceline)

    def only_child(self, element: etree._Element, name: str) -> etree._Element | None:
        """The element's one `name` child; a second is refused: only one would be read."""
        found = element.findall(self.tag(name))
        if len(found) > 1:
            raise InputError(self.shown_path, f"two <{name}> in one {local_name(element)}: mtqa cannot tell which one "
                             "to check", line=found[1].sourceline)
        return found[0] if found else None

    def units_1(self, unit: etree._Element) -> Iterator[SegmentText]:
        """The segments of an XLIFF 1.2 trans-unit: its mrk segments when a seg-source splits it and the target's
        mrk segments pair with them by mid, else the unit itself."""
        unit_id = unit.get("id") or f"line {unit.sourceline}"
        target = self.only_child(unit, "target")
        target_line = (target if target is not None else unit).sourceline
        source_marks = self.segment_marks(self.child(unit, "seg-source"))
        target_marks = self.segment_marks(target)
        if source_marks and _pair_by_mid(source_marks, target_marks) and self.only_marks(target, target_marks):
            by_mid = {mark.get("mid"): mark for mark in target_marks}
            for mark in source_marks:
                mid = mark.get("mid")
                target_mark = by_mid.get(mid)
                line = target_mark.sourceline if target_mark is not None else target_line
                yield SegmentText(f"{unit_id}:{mid}", self.text(mark), self.text(target_mark), line)
        else:  # unsegmented, a whole target for a segmented source, or marks that do not pair: the unit is the segment
            yield SegmentText(unit_id, self.text(self.only_child(unit, "source")), self.text(target), target_line)

    def only_marks(self, element: etree._Element | None, marks: list[etree._Element]) -> bool:
        """Whether all of the element's text stands inside its segment marks: text between or after them (a tail
        a tool left unsegmented) would be dropped were the marks read alone."""
        outside = "".join(self.text(element).split()) if element is not None else ""
        return outside == "".join("".join(self.text(mark).split()) for mark in marks)

    def segment_marks(self, element: etree._Element | None) -> list[etree._Element]:
        if element is None:
            return []
        return [mark for mark in element.iter(self.tag("mrk")) if mark.get("mtype") == "seg"]

    def units_2(self, unit: etree._Element) -> Iterator[SegmentText]:
        """The segments of an XLIFF 2.x unit. An ignorable is left out where its target is white space, as between
        segments it is; one with text goes into the translated document as a segment does, and is read as one. A
        segment anywhere but in its unit (inside an extension's element) is refused: it would go unread."""
        unit_id = unit.get("id") or f"line {unit.sourceline}"
        for element in unit:
            if isinstance(element.tag, str) and element.tag not in (self.tag("segment"), self.tag("ignorable")):
                self.refuse_units_inside(element, "segment")
        segments = [element for element in unit.iterchildren(self.tag("segment"), self.tag("ignorable"))
                    if element.tag == self.tag("segment") or self.text(self.child(element, "target")).strip()]
        for position, segment in enumerate(segments, start=1):
            own_id = segment.get("id")
            if own_id:
                segment_id = f"{unit_id}:{own_id}"
            else:
                segment_id = unit_id if len(segments) == 1 else f"{unit_id}:{position}"
            target = self.only_child(segment, "target")
            line = (target if target is not None else segment).sourceline
            yield SegmentText(segment_id, self.text(self.only_child(segment, "source")), self.text(target), line)


def _unused(name: str, position: int, used: set[str]) -> str:
    """`name`, or for the same original twice in one file `{name}#{position}`; should an original be written so
    (`a#3` beside a third `a`), a further number makes it unique."""
    if name not in used:
        return name
    candidate, extra = f"{name}#{position}", 1
    while candidate in used:
        extra += 1
        candidate = f"{name}#{position}.{extra}"
    return candidate


def _pair_by_mid(source_marks: list[etree._Element], target_marks: list[etree._Element]) -> bool:
    """Whether each target segment is the translation of exactly one source segment: every mid given, none twice
    on a side, none only in the target, and no segment inside another. A source segment may lack its target (not
    yet translated). Marks that do not pair so are read as one unit, so that no text is lost or given twice."""
    source_mids = [mark.get("mid") for mark in source_marks]
    target_mids = [mark.get("mid") for mark in target_marks]
    return (all(source_mids) and len(set(source_mids)) == len(source_mids)
            and len(set(target_mids)) == len(target_mids) and set(target_mids) <= set(source_mids)
            and not _nested(source_marks) and not _nested(target_marks))


def _nested(marks: list[etree._Element]) -> bool:
    inside = set(marks)
    return any(ancestor in inside for mark in marks for ancestor in mark.iterancestors())


def _untranslatable(element: etree._Element) -> bool:
    return (element.get("translate") or "").strip().lower() == "no"
