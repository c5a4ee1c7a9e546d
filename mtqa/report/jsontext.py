"""JSON text for the machine formats: always strict JSON, whatever numbers or characters the report holds.

A float that is not finite (NaN, Infinity) has no JSON form; Python would write the non-standard `NaN`, which
strict parsers (GitHub code scanning, GitLab, jq) reject. Such a value means "no number", so it is written as null.
A lone surrogate cannot be encoded as UTF-8; inside a JSON string it is written as its `\\udXXX` escape, which
JSON allows, so the file can still be written and read back losslessly.
"""

from __future__ import annotations

import json
import math
import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(value: object) -> str:
    """`value` as indented, strict JSON text, ending in a newline."""
    text = json.dumps(_finite(value), ensure_ascii=False, indent=2, allow_nan=False)
    # Surrogates can only occur inside strings, where the escape means the same code point.
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def _finite(value: object) -> object:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value
