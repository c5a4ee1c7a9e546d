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


def value_problem(value: object) -> str | None:
    """Why `value` (one parsed JSONL line) cannot be accepted, or None. Fields of an object are named."""
    if not isinstance(value, dict):
        return _problem(value, "the line")
    for key, field in value.items():
        if _has_surrogate(key):
            return f"lone surrogate {_first_surrogate(key)} in the field name '{shown(key)}', which cannot be encoded"
        problem = _problem(field, f"field '{shown(key)}'")
        if problem:
            return problem
    return None


def _problem(value: object, where: str) -> str | None:
    """The first lone surrogate or excessive nesting in `value`, walked without recursion."""
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if _has_surrogate(item):
                return f"lone surrogate {_first_surrogate(item)} in {where}, which cannot be encoded as UTF-8"
        elif isinstance(item, (dict, list)):
            if depth >= MAX_NESTING:
                return f"{where} is nested more than {MAX_NESTING} levels deep"
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)
    return None


def _has_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def _first_surrogate(text: str) -> str:
    return shown(_SURROGATE.search(text).group())
