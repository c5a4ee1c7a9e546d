"""YAML that mtqa reads (glossaries, pattern files, its own data), parsed safely, within bounds and strictly.

On top of PyYAML's safe loader, three YAML features are refused because in an mtqa file they can only be an attack
or a mistake:
- anchors and aliases: a few hundred bytes of nested aliases expand to gigabytes when a value is turned into text
  ("billion laughs"), and no mtqa file needs them;
- a mapping key given twice: YAML would keep the last value without a word, hiding what the author wrote first;
- nesting deeper than MAX_DEPTH: the composer recurses once per level, so the depth is counted as the document is
  read and refused long before Python's recursion limit, whatever that limit is.
A value that cannot be built (an integer of thousands of digits, 2001-02-30) is an error at its line as well.

Every mapping comes back as a `YamlMapping`, a dict that knows the line it starts on, so that a reader can name the
line of the entry it rejects.

Where PyYAML has libyaml, a document is first read by a fast path: libyaml's parser gives the events and one Python
loop builds the values from them, with the checks above. Anything that path does not take as plainly good (an
anchor, an alias, an explicit tag, a key given twice, too deep a nesting, a value that fails, a parse error)
sends the whole document to the pure-Python loader, so that every error is reported exactly as before, at its line.
"""

from __future__ import annotations

import re

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from mtqa.errors import InputError
from mtqa.gc_paused import collection_paused

# Glossaries and pattern files nest five or six levels; a hundred leaves room for any hand-written file.
MAX_DEPTH = 100


class YamlMapping(dict):
    """A mapping read from YAML, with the 1-based line it starts on."""

    line: int | None = None


class _Refused(yaml.MarkedYAMLError):
    """Well-formed YAML that mtqa does not accept."""


class _StrictLoader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(problem=f"alias '*{event.anchor}' refused: mtqa files may not use aliases",
                           problem_mark=event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise _Refused(problem=f"anchor '&{event.anchor}' refused: mtqa files may not use anchors or aliases",
                           problem_mark=event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise _Refused(problem=f"nested more than {MAX_DEPTH} levels deep", problem_mark=event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, IndexError) as error:  # IndexError: an empty `!!int ''`
            raise _Refused(problem=f"cannot read this value ({_reason(error)})", problem_mark=node.start_mark) from None


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> YamlMapping:
    mapping = YamlMapping()
    mapping.line = node.start_mark.line + 1
    key_lines: dict[object, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            first = key_lines.get(key)
        except TypeError:
            raise _Refused(problem="a mapping key must be a plain value", problem_mark=key_node.start_mark) from None
        if first is not None:
            raise _Refused(problem=f"duplicate key '{_short(key)}' (first at line {first})",
                           problem_mark=key_node.start_mark)
        key_lines[key] = key_node.start_mark.line + 1
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: str) -> object:
    """The YAML document in the file `path`; InputError naming the file and line for anything wrong with it."""
    # Imported here: mtqa.io reads glossaries, which read YAML, so a module-level import would go round in a circle.
    from mtqa.io.decode import read_utf8
    from mtqa.io.names import display_path

    return load_yaml(read_utf8(path), display_path(path))


def load_yaml(text: str, path: str) -> object:
    """The YAML document in `text`, read from the file `path` names; InputError naming it and the line."""
    with collection_paused():
        if FAST_LOADER is not None:
            try:
                return _fast_load(text)
            except _NotPlain:
                pass  # read again below, where whatever is wrong is reported as it always was
        return _strict_load(text, path)


def _strict_load(text: str, path: str) -> object:
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except _Refused as error:
        raise InputError(path, error.problem, _line(error)) from None
    except yaml.YAMLError as error:
        parts = (getattr(error, "context", None), getattr(error, "problem", None))
        problem = ", ".join(part for part in parts if part) or "cannot parse"
        raise InputError(path, f"malformed YAML: {problem}", _line(error)) from None


def _line(error: yaml.YAMLError) -> int | None:
    mark = getattr(error, "problem_mark", None)
    return mark.line + 1 if mark is not None else None


def _reason(error: Exception) -> str:
    if "integer string conversion" in str(error):
        return "an integer of thousands of digits"
    return str(error)


def _short(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "..."


# --- The fast path: libyaml's events, values built in one loop.

FAST_LOADER = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


_BLOCK_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*#")


class _NotPlain(Exception):
    """The document needs the pure-Python loader: it is wrong, or uses something the fast path leaves to it."""


class _ScalarBuilder(yaml.SafeLoader):
    """SafeLoader's resolver and constructors, for the scalars that are not plain text (numbers, booleans, null,
    dates), so that they come out exactly as the strict loader makes them."""

    def __init__(self) -> None:
        super().__init__("")


def _fast_load(text: str) -> object:
    if "\t" in text or _BLOCK_HEADER_COMMENT.search(text):
        raise _NotPlain  # PyYAML's scanner refuses these (tabs in some places, `|#`), libyaml does not
    try:
        parser = FAST_LOADER(text)
    except Exception as error:  # noqa: BLE001 - a stream libyaml will not take is the strict loader's to report
        raise _NotPlain from error
    try:
        return _build(parser, _ScalarBuilder(), text)
    except _NotPlain:
        raise
    except Exception as error:  # noqa: BLE001 - a parse error, a value that cannot be built: reported by the strict loader
        raise _NotPlain from error
    finally:
        parser.dispose()


def _build(parser, scalars: _ScalarBuilder, text: str) -> object:
    """The single document's value, built from the parser's events with a stack of open collections; an empty
    stream gives None, as yaml.load does."""
    resolve, construct = scalars.resolve, scalars.construct_object
    # Each open collection: [value, key_lines (mappings) or None (sequences), pending key, key waiting for a value].
    stack: list[list] = []
    root: object = None
    documents = 0
    flow = _FlowCollections(text)
    while True:
        event = parser.get_event()
        kind = type(event)
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            # Explicit tags are rare in mtqa files, and libyaml marks some tagged scalars differently: left to the
            # strict loader, like anchors.
            if event.tag is not None or event.anchor is not None or len(stack) >= MAX_DEPTH:
                raise _NotPlain
            if kind is ScalarEvent:
                tag = resolve(ScalarNode, event.value, event.implicit)
                if tag == _STR_TAG:
                    value = event.value
                else:
                    value = construct(ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style),
                                      deep=True)
                _place(stack, value, event)
                if not stack:
                    root = value
                continue
            flow.start(event)
            if kind is MappingStartEvent:
                if resolve(MappingNode, None, event.implicit) != _MAP_TAG:
                    raise _NotPlain
                value = YamlMapping()
                value.line = event.start_mark.line + 1
                stack.append([value, {}, None, False])
            else:
                if resolve(SequenceNode, None, event.implicit) != _SEQ_TAG:
                    raise _NotPlain
                stack.append([[], None, None, False])
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            flow.end(event)
            value = stack.pop()[0]
            _place(stack, value, event)
            if not stack:
                root = value
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _NotPlain  # yaml.load refuses a second document
        elif kind is StreamEndEvent:
            return root
        elif kind is AliasEvent:
            raise _NotPlain
        elif kind is not StreamStartEvent and kind is not DocumentEndEvent:
            raise _NotPlain


class _FlowCollections:
    """Refuses a flow collection (`[...]`, `{...}`) holding a `?`: there PyYAML ends a plain scalar at `?` and reads
    it as an explicit key, libyaml only before a space ("[Why? Because]" is an error to one and a string to the
    other). Elsewhere, as in the regular expressions of pattern files, a `?` reads alike."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.depth = 0  # flow collections open; inside one, every collection is a flow collection
        self.first = 0  # where the outermost one starts

    def start(self, event) -> None:
        if not self.depth and event.flow_style:
            self.first = event.start_mark.index  # in code points, as str indexes
            if self.text[self.first:self.first + 1] not in ("[", "{"):
                raise _NotPlain  # marks counted otherwise than this reads them: nothing is assumed
        if self.depth or event.flow_style:
            self.depth += 1

    def end(self, event) -> None:
        if self.depth:
            self.depth -= 1
            if not self.depth and "?" in self.text[self.first:event.end_mark.index]:
                raise _NotPlain


def _place(stack: list[list], value: object, event) -> None:
    """Put a finished value into the collection that holds it: as a key, as a key's value, or as an item."""
    if not stack:
        return
    top = stack[-1]
    key_lines = top[1]
    if key_lines is None:
        top[0].append(value)
    elif not top[3]:
        try:
            if value in key_lines:
                raise _NotPlain  # a key given twice
        except TypeError:
            raise _NotPlain from None  # a key that is a list or a mapping
        key_lines[value] = True
        top[2], top[3] = value, True
    else:
        top[0][top[2]] = value
        top[2], top[3] = None, False
