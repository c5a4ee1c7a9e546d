"""JSON text for the machine formats: always strict JSON, whatever numbers or characters the report holds.

A float that is not finite (NaN, Infinity) has no JSON form; Python would write the non-standard `NaN`, which
strict parsers (GitHub code scanning, GitLab, jq) reject. Such a value means "no number", so it is written as null.

Text stays readable (letters of any script are written as themselves), except the characters that `shown` makes
visible: controls, line and paragraph separators, bidirectional and other invisible format characters, and lone
surrogates (which cannot be encoded as UTF-8 at all). A terminal or a CI log that prints the file would act on those
raw, so they are written as JSON `\\uXXXX` escapes: the text reads safely, and parses back to the same strings.
"""

from __future__ import annotations

import json
import math

import regex

from mtqa.display import UNSAFE


def json_text(value: object) -> str:
    """`value` as indented, strict JSON text, ending in a newline."""
    text = json.dumps(_finite(value), ensure_ascii=False, indent=2, allow_nan=False)
    # Outside strings JSON text is ASCII punctuation, digits, keywords and the indentation's line breaks; inside
    # them json.dumps has escaped every character below U+0020 already. So every other match lies inside a string,
    # where the escape means the same code point.
    return UNSAFE.sub(_escape, text) + "\n"


def _escape(match: regex.Match) -> str:
    char = match.group()
    # json.dumps with ensure_ascii writes exactly the \uXXXX form (a surrogate pair above U+FFFF).
    return char if char == "\n" else json.dumps(char)[1:-1]


def _finite(value: object) -> object:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value
