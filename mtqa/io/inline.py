"""The article text of an XML element that holds inline markup: XLIFF 1.2 and 2.x segments, TMX `seg`.

Inline tags are not article text. Text inside paired markup (1.2 `g`, `mrk`; 2.x `pc`, `mrk`; TMX `hi`, and any
element not listed below) is; the native code that `bpt`, `ept`, `ph`, `it` and `ut` carry is not, nor is `sub`
(a sub-flow translated on its own); placeholders (`x`, `bx`, `ex`, `sc`, `ec`, `sm`, `em`) hold nothing; a 2.x
`<cp hex="..."/>` stands for the character XML cannot hold. Text around any of them (its tail) is article text.
"""

from __future__ import annotations

from lxml import etree

from mtqa.errors import InputError
from mtqa.io.names import display_path

NATIVE_CODE = frozenset({"bpt", "ept", "ph", "it", "ut", "sub", "x", "bx", "ex", "sc", "ec", "sm", "em"})
CODE_POINT = "cp"
_SURROGATES = range(0xD800, 0xE000)


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname


def inline_text(element: etree._Element, path: str) -> str:
    """The text of `element` with its inline tags removed. `path` names the file in errors (a bad `cp`)."""
    parts: list[str] = []
    _collect(element, parts, path)
    return "".join(parts)


def _collect(element: etree._Element, parts: list[str], path: str) -> None:
    # The parser bounds the nesting depth (256 without huge_tree), so recursion cannot run away.
    if element.text:
        parts.append(element.text)
    for child in element:
        if isinstance(child.tag, str):  # an element; comments and processing instructions are dropped by the parser
            name = local_name(child)
            if name == CODE_POINT:
                parts.append(_code_point(child, path))
            elif name not in NATIVE_CODE:
                _collect(child, parts, path)
        if child.tail:
            parts.append(child.tail)


def _code_point(element: etree._Element, path: str) -> str:
    given = element.get("hex", "")
    try:
        code = int(given, 16)
    except ValueError:
        code = -1
    if not 0 <= code <= 0x10FFFF or code in _SURROGATES or given.strip() != given or given[:2].lower() == "0x":
        raise InputError(display_path(path), "<cp> needs a hex attribute naming a Unicode character "
                         f"(got '{given[:20]}')", line=element.sourceline)
    return chr(code)
