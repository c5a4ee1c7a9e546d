"""The one way every XML input (XLIFF, TMX, TBX) is parsed: nothing outside the file is read and nothing expands.

The parser never loads a DTD, never substitutes a declared entity and never touches the network. A document whose
DOCTYPE declares entities or attributes (whose defaults libxml2 applies whatever the options), or that refers to an
entity only an unread external DTD could define, is refused, so that a billion-laughs file or an external-entity
reference ends the run with one line naming the file, not with a hang, a memory blow-up or the contents of another
file. A DOCTYPE that merely names an external DTD, as TMX and XLIFF tools write, is accepted: the DTD is not read.
The predefined references (`&amp;`) and character references (`&#x4E2D;`) are part of XML itself and are decoded as
usual. Comments and processing instructions are dropped: they are never article text.
"""

from __future__ import annotations

import re

from lxml import etree

from mtqa.display import clipped
from mtqa.errors import InputError
from mtqa.io.decode import read_bytes
from mtqa.io.names import display_path

_DOCTYPE = b"<!DOCTYPE"
_ENTITY = b"<!ENTITY"
_ATTLIST = b"<!ATTLIST"
# lxml repeats the place at the end of its message; the error line names it once.
_PLACE_SUFFIX = re.compile(r",? line \d+, column \d+$")
# libxml2's advice to lift its size limits names a parser option that mtqa users cannot set.
_HUGE_ADVICE = re.compile(r",? (?:try|use) XML_PARSE_HUGE(?: option)?", re.IGNORECASE)
_OVER_A_LIMIT = re.compile(r"XML_PARSE_HUGE|too big|too long|Excessive depth", re.IGNORECASE)
_LIMITS = ("the parser's safety limits: about 10 MB in one text, attribute, comment or CDATA section, 50,000 "
           "characters in a name, 256 levels of nesting")


def parse_xml(path: str) -> etree._Element:
    """The root element of the XML file `path`. Raises InputError naming the file and line for a file that is
    not a regular file, is empty or malformed, declares entities or refers to one that only an external DTD
    could define."""
    return parse_xml_bytes(read_bytes(path), path)


def parse_xml_bytes(data: bytes, path: str) -> etree._Element:
    """The root element of the XML document `data` read from `path` (named in errors); the encoding is the one
    the document declares (by its XML declaration or byte-order mark), UTF-8 by default."""
    if not data.strip():
        raise InputError(display_path(path), "empty file, expected an XML document", line=1)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        # The parser gave up on declared entities (an amplification limit), in whichever encoding they are written.
        if _line_of(data, _DOCTYPE) is not None and _line_of(data, _ENTITY) is not None:
            raise _declared_entities(data, path) from None
        raise InputError(display_path(path), _syntax_problem(error), line=error.lineno or None) from None
    except (ValueError, LookupError) as error:  # an unknown or unsupported declared encoding
        raise InputError(display_path(path), f"unreadable XML: {clipped(str(error))}", line=1) from None
    _refuse_entities(root, data, path)
    return root


def _parser() -> etree.XMLParser:
    # A new parser per file: lxml parsers keep state and are not to be shared across threads.
    # collect_ids stays on: with it off, libxml2 tries to fetch an external DTD named by the DOCTYPE.
    return etree.XMLParser(resolve_entities=False, load_dtd=False, dtd_validation=False, attribute_defaults=False,
                           no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)


def _refuse_entities(root: etree._Element, data: bytes, path: str) -> None:
    """Entity declarations are refused whether they are used or not. A DOCTYPE naming an external DTD (as TMX and
    XLIFF tools write: `<!DOCTYPE tmx SYSTEM "tmx14.dtd">`) is accepted, since the DTD is never read; but a
    reference to an entity that only such a DTD could define is refused, since its text would be lost."""
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None and any(True for _ in docinfo.internalDTD.iterentities()):
        raise _declared_entities(data, path)
    if docinfo.internalDTD is not None:
        # libxml2 gives every element the defaults of the DOCTYPE's own attribute list, whatever the parser's
        # options: one line of it marked every unit translate="no", and the units were skipped. lxml does not list
        # an attribute list of an undeclared element, so the document's text is searched for one, decoded as the
        # document declares (in UTF-7 its bytes spell no "<!ATTLIST").
        text = _decoded(data, docinfo.encoding, path)
        found = text.find(_ATTLIST.decode())
        if found >= 0:
            raise InputError(display_path(path), "refused: the DOCTYPE declares attributes, whose defaults would "
                             "change what the document says; attribute declarations are not read, for safety",
                             line=text.count("\n", 0, found) + 1)
    for reference in root.iter(etree.Entity):
        raise InputError(display_path(path), f"refused: the entity reference {clipped(reference.text)} is "
                         "defined by no declaration mtqa reads (external DTDs are not read, for safety)",
                         line=reference.sourceline)


def _decoded(data: bytes, encoding: str | None, path: str) -> str:
    """The document's text in the encoding libxml2 read it in; InputError for one Python cannot read. UTF-16 and
    UTF-32 without a byte-order mark are read in the byte order their first character shows, as libxml2 reads them
    (Python's codecs would take the machine's)."""
    name = (encoding or "utf-8").lower().replace("_", "-")
    if name in ("utf-16", "utf-32") and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        name += "-be" if data[:1] == b"\x00" else "-le"
    try:
        return data.decode(name, errors="replace")
    except LookupError:
        raise InputError(display_path(path), f"unreadable XML: its encoding '{clipped(encoding or '', 40)}' is not "
                         "one mtqa reads", line=1) from None


def _declared_entities(data: bytes, path: str) -> InputError:
    """The refusal of a document whose DOCTYPE declares entities, naming the first declaration's line."""
    return InputError(display_path(path), "refused: the DOCTYPE declares entities; entity declarations are not read, "
                      "for safety", line=_line_of(data, _ENTITY) or _line_of(data, _DOCTYPE) or 1)


def _line_of(data: bytes, marker: bytes) -> int | None:
    """The 1-based line of `marker` in `data`, in UTF-8, UTF-16 or UTF-32 (which libxml2 reads); None if absent."""
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        found = data.find(marker.decode().encode(encoding))
        if found >= 0:
            return data.count("\n".encode(encoding), 0, found) + 1
    return None


def _syntax_problem(error: etree.XMLSyntaxError) -> str:
    """What is wrong, in words: a document over one of the parser's size limits is not malformed, only too large."""
    message = error.msg or str(error)
    reason = clipped(_HUGE_ADVICE.sub("", _PLACE_SUFFIX.sub("", message).strip()).strip())
    if _OVER_A_LIMIT.search(message):
        return f"too large to read: {reason} ({_LIMITS})"
    return f"malformed XML: {reason or 'not well-formed'}"
