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
"""

from __future__ import annotations

import yaml

from mtqa.errors import InputError
from mtqa.io.decode import read_utf8
from mtqa.io.names import display_path

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
        except (ValueError, OverflowError) as error:
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
    return load_yaml(read_utf8(path), display_path(path))


def load_yaml(text: str, path: str) -> object:
    """The YAML document in `text`, read from the file `path` names; InputError naming it and the line."""
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
