"""TBX glossaries: read TBX v2 (`martif`, TBX-Basic) and TBX v3 (ISO 30042:2019, DCA and DCT styles); write TBX v3,
TBX-Basic dialect, DCA style.

A concept entry is one glossary entry. The langSec of the target language (`en` and its varieties by default) holds
the entry's canonical, allowed, acronym and wrong forms, told apart by administrativeStatus and termType (see
`mtqa.glossary.concepts`); every other langSec gives the entry's source forms under its language tag. Where the
fields go:

- id: the conceptEntry (termEntry) id; an entry without one gets a slug of its canonical form.
- type: `<descrip type="subjectField">`, TBX-Basic's one concept-level classification, which termbase tools show
  and filter by, so a desk's person/place/party split stays usable there.
- note: concept-level `<note>`; read also from `descrip type="definition"` and the target langSec's notes, where
  other tools put it.
- wrong forms: terms whose administrativeStatus is deprecated, superseded, forbidden, not recommended or obsolete;
  each one's `<note>` in its termSec says why.
- three fields that TBX has no data category for, under names of their own: `<admin type="mtqa-caseSensitive">`
  (true/false) on the concept, written only where it differs from the default,
  `<termNote type="mtqa-severity">` (minor/major/critical) on a wrong term, and
  `<termNote type="mtqa-usage">description</termNote>` on an admitted term that is one of the entry's descriptions
  (what a house style writes instead of the name: "the Cabinet" for 行政院), which other tools take as admitted.

An entry that does not say how to match case is case-sensitive when its type is a kind of name and case-insensitive
otherwise: a subject field that is not one of mtqa's types ("medicine") marks a termbase of terms, which match in
any case. An entry written from YAML says so wherever the YAML default (case-sensitive for every type but `term`)
differs, so that YAML -> TBX -> YAML gives the same entries.

The file is parsed as every XML input is (`mtqa.io.xml_safe`): no entity expanded, no DTD loaded, no network, and
a DOCTYPE that declares entities refused: TBX needs none, and they are how "billion laughs" and external-entity
attacks are built.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from mtqa.errors import InputError, MtqaError
from mtqa.glossary.concepts import (
    STATUS_NAMES,
    MadeUpIds,
    Status,
    Term,
    assign_roles,
    entry_terms,
    language_matches,
    refuse_target_language_sources,
    status_named,
)
from mtqa.glossary.contents import GlossaryFile, entry_from_fields
from mtqa.glossary.model import NAME_TYPES, Entry
from mtqa.io.names import display_path
from mtqa.io.xml_safe import parse_xml

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CASE_SENSITIVE = "mtqa-caseSensitive"
SEVERITY = "mtqa-severity"
USAGE, DESCRIPTION = "mtqa-usage", "description"
_STATUS_CATEGORIES = ("administrativeStatus", "normativeAuthorization")
_ACRONYM_TYPES = ("acronym", "initialism")
# Elements whose `type` attribute names the data category (DCA style, and every TBX v2 file).
_CATEGORY_ELEMENTS = ("termNote", "descrip", "admin")
_BASIC_SCHEMA = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
                 "TBXcoreStructV03_TBX-Basic_integrated.rng")


def read_tbx(path: str, target_language: str) -> GlossaryFile:
    """The entries of the TBX file `path`, canonical forms taken from `target_language`'s langSec."""
    where = display_path(path)
    root = parse_xml(path)
    kind = _local(root)
    if kind not in ("martif", "tbx"):
        raise InputError(where, f"not a TBX file: the root element is <{kind}>, expected <tbx> or <martif>",
                         root.sourceline)
    concept, language = ("termEntry", "langSet") if kind == "martif" else ("conceptEntry", "langSec")
    concepts = [element for element in root.iter(etree.Element) if _local(element) == concept]
    ids = MadeUpIds(filter(None, ((element.get("id") or "").strip() for element in concepts)))  # never made up
    entries = [_entry(element, language, target_language, where, ids) for element in concepts]
    found = _target_tag(root, language, target_language)
    return GlossaryFile(name=_first_text(root, "title") or Path(path).stem, entries=tuple(entries),
                        language=found, description=_first_text(root, "sourceDesc"))


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _namespace(element: etree._Element) -> str | None:
    return etree.QName(element).namespace


def _text(element: etree._Element) -> str:
    return "".join(element.itertext()).strip()


def _first_text(root: etree._Element, name: str) -> str | None:
    header = next((child for child in root if _local(child) in ("martifHeader", "tbxHeader")), None)
    if header is None:
        return None
    found = next((element for element in header.iter(etree.Element) if _local(element) == name), None)
    return (_text(found) or None) if found is not None else None


def _language(element: etree._Element) -> str:
    return (element.get(_XML_LANG) or element.get("lang") or "").strip()


def _categories(element: etree._Element, core: str | None) -> Iterator[tuple[str, str, etree._Element]]:
    """(data category, value, element) for the element's own data categories: DCA `<termNote type="...">`,
    DCT `<basic:administrativeStatus>` (an element outside the TBX namespace) and `<note>`. Groups (termGrp,
    descripGrp, ...) are looked into; nested entries and sections are not."""
    for child in element.iterchildren(etree.Element):
        name = _local(child)
        if name in _CATEGORY_ELEMENTS and _namespace(child) == core:
            yield child.get("type", ""), _text(child), child
        elif name == "note" and _namespace(child) == core:
            yield "note", _text(child), child
        elif _namespace(child) != core:
            yield name, _text(child), child
        elif name.endswith("Grp"):
            yield from _categories(child, core)


def _entry(element: etree._Element, language_element: str, target_language: str, where: str,
           ids: MadeUpIds) -> Entry:
    core = _namespace(element)
    line = element.sourceline
    given_id = (element.get("id") or "").strip()

    def fail(message: str, at: int | None = None) -> InputError:
        return InputError(where, message, at or line, given_id or None)

    sections = [child for child in element.iterchildren(etree.Element) if _local(child) == language_element]
    targets = [section for section in sections if language_matches(_language(section), target_language)]
    if len({_language(section).lower() for section in targets}) > 1:
        tags = ", ".join(dict.fromkeys(_language(section) for section in targets))
        raise fail(f"several target-language sections ({tags}); choose one language with --target-lang")
    terms = [term for section in targets for term in _target_terms(section, core, fail)]
    roles = assign_roles(terms)
    if roles is None:
        present = ", ".join(dict.fromkeys(_language(section) or "?" for section in sections)) or "none"
        raise fail(f"no usable term in the target language '{target_language}' (languages here: {present})")
    fields = roles.fields()
    fields["id"] = given_id or ids.made_up(fields["canonical"])
    fields["sources"] = _sources(sections, targets, core)
    notes = []
    for category, value, child in _categories(element, core):
        if category == "subjectField" and "type" not in fields and value:
            fields["type"] = value
        elif category == CASE_SENSITIVE:
            fields["case_sensitive"] = _boolean(value, fail, child.sourceline)
        elif category in ("note", "definition") and value:
            notes.append(value)
    for section in targets:
        notes += [value for category, value, _ in _categories(section, core)
                  if category in ("note", "definition") and value]
    if notes:
        fields["note"] = "\n".join(notes)
    fields.setdefault("case_sensitive", fields.get("type") in NAME_TYPES)
    return entry_from_fields(fields, where, line)


def _target_terms(section: etree._Element, core: str | None, fail) -> Iterator[Term]:
    for holder in section.iterchildren(etree.Element):
        if _local(holder) not in ("termSec", "tig", "ntig"):
            continue
        term = next((element for element in holder.iter(etree.Element) if _local(element) == "term"), None)
        if term is None or not _text(term):
            continue
        status, acronym, description, notes, severity = Status.UNMARKED, False, False, [], None
        for category, value, child in _categories(holder, core):
            if category in _STATUS_CATEGORIES:
                status = status_named(value)
                if status is None:
                    raise fail(f"unknown {category} '{value}' (expected {STATUS_NAMES}, or superseded, forbidden, "
                               "notRecommended, obsolete)", child.sourceline)
            elif category == "termType":
                acronym = value.strip().lower() in _ACRONYM_TYPES
            elif category == "note" and value:
                notes.append(value)
            elif category == SEVERITY:
                severity = value or None
            elif category == USAGE:
                description = value.strip().lower() == DESCRIPTION
        if status is not Status.WRONG and severity is not None:
            raise fail(f"'{_text(term)}' has a severity but is not a wrong term (deprecated or forbidden)",
                       term.sourceline)
        # Only a wrong term's note has a place in an entry: it says why the form is wrong.
        note = "\n".join(notes) if status is Status.WRONG and notes else None
        yield Term(_text(term), status, acronym=acronym, description=description, note=note, severity=severity)


def _sources(sections: list, targets: list, core: str | None) -> dict[str, list[str]]:
    sources: dict[str, list[str]] = {}
    for section in sections:
        tag = _language(section)
        if section in targets or not tag:
            continue
        forms = sources.setdefault(tag, [])
        for holder in section.iterchildren(etree.Element):
            term = next((element for element in holder.iter(etree.Element) if _local(element) == "term"), None)
            if term is not None and _text(term):
                forms.append(_text(term))
    return sources


def _boolean(value: str, fail, line: int | None) -> bool:
    if value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise fail(f"{CASE_SENSITIVE} must be true or false, not '{value}'", line)


def _target_tag(root: etree._Element, language_element: str, target_language: str) -> str | None:
    """The target language as the file writes it (en-US where asked for en), for writing it back the same."""
    for element in root.iter(etree.Element):
        if _local(element) == language_element and language_matches(_language(element), target_language):
            return _language(element)
    return None


def render_tbx(glossary: GlossaryFile, target_language: str) -> str:
    """The glossary as TBX v3 (TBX-Basic, DCA style); the target langSec is tagged `glossary.language`, else
    `target_language`."""
    language = glossary.language or target_language
    refuse_target_language_sources(glossary.entries, language)
    root = etree.Element(f"{{{TBX_NAMESPACE}}}tbx", nsmap={None: TBX_NAMESPACE},
                         attrib={"type": "TBX-Basic", "style": "dca", _XML_LANG: language})
    add = _Builder()
    file_description = add(add(root, "tbxHeader"), "fileDesc")
    add(add(file_description, "titleStmt"), "title", glossary.name)
    if glossary.description:
        add(add(file_description, "sourceDesc"), "p", glossary.description)
    body = add(add(root, "text"), "body")
    for entry in glossary.entries:
        add.entry = entry.id
        _write_entry(add, body, entry, language)
    schema = etree.ProcessingInstruction(
        "xml-model", f'href="{_BASIC_SCHEMA}" type="application/xml" '
                     'schematypens="http://relaxng.org/ns/structure/1.0"')
    root.addprevious(schema)
    xml = etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml.decode("utf-8")


def _write_entry(add: _Builder, body: etree._Element, entry: Entry, language: str) -> None:
    concept = add(body, "conceptEntry", id=entry.id)
    add(concept, "descrip", entry.type, type="subjectField")
    if entry.case_sensitive != (entry.type in NAME_TYPES):
        add(concept, "admin", str(entry.case_sensitive).lower(), type=CASE_SENSITIVE)
    if entry.note:
        add(concept, "note", entry.note)
    section = add(concept, "langSec", **{_XML_LANG: language})
    for term in entry_terms(entry):
        term_section = add(section, "termSec")
        add(term_section, "term", term.text)
        if term.acronym:
            add(term_section, "termNote", "acronym", type="termType")
        add(term_section, "termNote", _STATUS_VALUES[term.status], type="administrativeStatus")
        if term.description:
            add(term_section, "termNote", DESCRIPTION, type=USAGE)
        if term.severity:
            add(term_section, "termNote", term.severity, type=SEVERITY)
        if term.note:
            add(term_section, "note", term.note)
    for tag, forms in entry.sources.items():
        if forms:  # a langSec holds at least one term
            source_section = add(concept, "langSec", **{_XML_LANG: tag})
            for form in forms:
                add(add(source_section, "termSec"), "term", form)


_STATUS_VALUES = {Status.PREFERRED: "preferredTerm-admn-sts", Status.ADMITTED: "admittedTerm-admn-sts",
                  Status.WRONG: "deprecatedTerm-admn-sts"}


class _Builder:
    """Adds TBX elements; text that XML cannot hold (control characters) is an error naming the entry."""

    entry: str | None = None

    def __call__(self, parent: etree._Element, name: str, text: str | None = None, **attributes: str):
        element = etree.SubElement(parent, f"{{{TBX_NAMESPACE}}}{name}")
        try:
            for key, value in attributes.items():
                element.set(key, value)
            if text is not None:
                element.text = text
        except ValueError:
            where = f"entry '{self.entry}'" if self.entry else "the glossary header"
            raise MtqaError(f"cannot write TBX: {where} holds a character that XML cannot carry "
                            f"(a control character) in {name}") from None
        return element
