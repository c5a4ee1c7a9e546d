"""JSON read as input: each key at most once per object, and every failure one InputError naming the place.

The standard parser keeps the last of two equal keys (`{"id": "a", "id": "b"}` is read as id "b") without a word;
every mtqa reader of JSON (articles, references, baselines) refuses such an object instead, naming the key.
"""

from __future__ import annotations

import json
import re
import sys
from json.decoder import scanstring

from mtqa.display import shown
from mtqa.errors import InputError


class DuplicateKey(Exception):
    """A JSON object names `key` twice."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def loads(text: str) -> object:
    """json.loads, raising DuplicateKey for the first object found to repeat a key."""
    return _DECODER.decode(text)


def load_input(text: str, where: str, line: int | None = None) -> object:
    """`text` parsed; InputError naming `where` and the line (`line` when `text` is one line of a file) for a
    repeated key, malformed JSON, nesting the parser cannot follow, or a number of thousands of digits."""
    try:
        return loads(text)
    except DuplicateKey as error:
        raise InputError(where, f"duplicate key '{shown(error.key)}' in a JSON object",
                         line=line or duplicate_key_line(text)) from None
    except json.JSONDecodeError as error:
        raise InputError(where, f"not valid JSON ({error.msg})", line=line or error.lineno) from None
    # The stdlib parser recurses once per level of nesting and refuses integers of more digits than Python converts.
    except RecursionError:
        raise InputError(where, "JSON nested too deeply to read", line=line) from None
    except ValueError:
        raise InputError(where, f"JSON number too long (thousands of digits; at most "
                                f"{sys.get_int_max_str_digits()})", line=line) from None


def _unique(pairs: list[tuple[str, object]]) -> dict[str, object]:
    value = dict(pairs)
    if len(value) != len(pairs):  # the usual object costs one C-level dict and one comparison
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return value


_DECODER = json.JSONDecoder(object_pairs_hook=_unique)  # made once: json.loads with a hook builds one per call

_STRUCTURE = re.compile(r'["{}\[\]]')
_KEY_END = re.compile(r"\s*:")


def duplicate_key_line(text: str) -> int | None:
    """The 1-based line of the first key that repeats an earlier key of its object, in JSON `text`; None if none.
    It walks the text only from string to bracket, so it is meant for the error path, after `loads` refused it."""
    objects: list[set[str] | None] = []  # per open container: the keys met so far, None for an array
    position = 0
    while match := _STRUCTURE.search(text, position):
        char, position = match.group(), match.end()
        if char == '"':
            string, position = scanstring(text, position)
            keys = objects[-1] if objects else None
            if keys is not None and _KEY_END.match(text, position):
                if string in keys:
                    return text.count("\n", 0, match.start()) + 1
                keys.add(string)
        elif char in "{[":
            objects.append(set() if char == "{" else None)
        elif objects:
            objects.pop()
    return None
