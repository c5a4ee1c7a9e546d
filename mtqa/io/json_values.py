"""Limits on a parsed JSON value that every report writer relies on.

JSON may spell a lone UTF-16 surrogate (`"\\ud800"`); Python keeps it in the string, and then no UTF-8 report,
terminal or HTML page can be written. Nesting has no limit in JSON either; metadata is walked by later stages.
Both are refused where the line is read, naming the field.
"""

from __future__ import annotations

import regex

from mtqa.display import shown

MAX_NESTING = 64  # objects and arrays inside a record's fields; real metadata needs a handful

_SURROGATE = regex.compile(r"\p{Cs}")
# Raw UTF-8 cannot hold a surrogate (decoding refuses it), so one can only come from a \uD800-\uDFFF escape.
_SURROGATE_ESCAPE = regex.compile(r"\\u[dD][89a-fA-F]")


def line_problem(line: str, value: object) -> str | None:
    """Why `value`, parsed from the JSON text `line`, cannot be accepted, or None. Fields of an object are named.
    The text is looked at first, so that the usual line, without such escapes or deep nesting, is not walked."""
    may_nest_deep = line.count("{") + line.count("[") > MAX_NESTING
    if may_nest_deep or _SURROGATE_ESCAPE.search(line):
        return value_problem(value)
    return None


def value_problem(value: object) -> str | None:
    """Why the parsed JSONL line `value` cannot be accepted, or None. Fields of an object are named."""
    if not isinstance(value, dict):
        return _problem(value, None)
    for key, field in value.items():
        if _has_surrogate(key):
            return f"lone surrogate {_first_surrogate(key)} in the field name '{shown(key)}', which cannot be encoded"
        problem = _problem(field, key)
        if problem:
            return problem
    return None


def _problem(value: object, key: str | None) -> str | None:
    """The first lone surrogate or excessive nesting in `value` (the field `key`), walked without recursion."""
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if _has_surrogate(item):
                return f"lone surrogate {_first_surrogate(item)} in {_field(key)}, which cannot be encoded as UTF-8"
        elif isinstance(item, (dict, list)):
            if depth >= MAX_NESTING:
                return f"{_field(key)} is nested more than {MAX_NESTING} levels deep"
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)
    return None


def _field(key: str | None) -> str:
    """The field named in a message: made only for a problem, as most values have none."""
    return f"field '{shown(key)}'" if key is not None else "the line"


def _has_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def _first_surrogate(text: str) -> str:
    return shown(_SURROGATE.search(text).group())
