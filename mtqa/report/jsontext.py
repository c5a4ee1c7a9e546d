"""JSON text for the machine formats: always strict JSON, whatever numbers or characters the report holds.

A float that is not finite (NaN, Infinity) has no JSON form; Python would write the non-standard `NaN`, which
strict parsers (GitHub code scanning, GitLab, jq) reject. Such a value means "no number", so it is written as null.

Text stays readable (letters of any script are written as themselves), except the characters that `shown` makes
visible: controls, line and paragraph separators, bidirectional and other invisible format characters, and lone
surrogates (which cannot be encoded as UTF-8 at all). A terminal or a CI log that prints the file would act on those
raw, so they are written as JSON `\\uXXXX` escapes: the text reads safely, and parses back to the same strings.

A report of a large batch is written in pieces (`json_chunks`): a list wrapped in `Streamed` is written item by item
as its items are made, so neither the whole value nor the whole text is ever held; the text is the same.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator

import regex

from mtqa.display import unsafe_except

INDENT = "  "
_UNSAFE_IN_STRINGS = unsafe_except("\n")  # the line breaks are the layout's own


class Streamed:
    """A list whose items are made as they are written (a report's articles): json_chunks writes each and lets it
    go. Only json_chunks takes it; json_text writes it as a list."""

    def __init__(self, items: Iterable[object]) -> None:
        self.items = items


def json_text(value: object) -> str:
    """`value` as indented, strict JSON text, ending in a newline."""
    return "".join(json_chunks(value))


def json_chunks(value: object) -> Iterator[str]:
    """The text of `json_text(value)` in pieces, lists wrapped in `Streamed` written item by item."""
    yield from _pieces(value, 0)
    yield "\n"


def _pieces(value: object, level: int) -> Iterator[str]:
    """json.dumps(value, indent=2) as it reads `level` levels deep, opened only where a Streamed list is inside."""
    if isinstance(value, Streamed):
        yield from _list_pieces(value.items, level, _whole)  # an item is made to be written whole
    elif isinstance(value, dict) and _streams(value):
        items = (f"{_safe(json.dumps(key, ensure_ascii=False))}: " for key in value)
        yield "{"
        for number, (key_text, item) in enumerate(zip(items, value.values(), strict=True)):
            yield f"{',' if number else ''}\n{INDENT * (level + 1)}{key_text}"
            yield from _pieces(item, level + 1)
        yield f"\n{INDENT * level}}}"
    elif isinstance(value, (list, tuple)) and _streams(value):
        yield from _list_pieces(value, level, _pieces)
    else:
        yield from _whole(value, level)


def _list_pieces(items: Iterable[object], level: int,
                 item_pieces: Callable[[object, int], Iterable[str]]) -> Iterator[str]:
    empty = True
    for item in items:
        yield f"{'[' if empty else ','}\n{INDENT * (level + 1)}"
        yield from item_pieces(item, level + 1)
        empty = False
    yield "[]" if empty else f"\n{INDENT * level}]"


def _whole(value: object, level: int) -> tuple[str]:
    """json.dumps(value, indent=2) as one piece, its lines `level` levels deep, unsafe characters escaped."""
    try:
        text = json.dumps(value, ensure_ascii=False, indent=len(INDENT), allow_nan=False, default=_listed)
    except ValueError:
        if not _holds_non_finite(value):
            raise  # another error, such as one from the items of a Streamed list
        # A number that is not finite: rare, so only then is the value walked to replace it.
        text = json.dumps(_finite(value), ensure_ascii=False, indent=len(INDENT), allow_nan=False, default=_listed)
    # json.dumps writes a line break only between items (never inside a string): each one gains the depth.
    if level:
        text = text.replace("\n", "\n" + INDENT * level)
    return (_safe(text),)


def _safe(text: str) -> str:
    """JSON text with its unsafe characters escaped. Outside strings JSON text is ASCII punctuation, digits, keywords
    and the layout's line breaks; inside them json.dumps has escaped every character below U+0020 already. So every
    match lies inside a string, where the escape means the same code point."""
    return _UNSAFE_IN_STRINGS.sub(_escape, text)


def _streams(value: object) -> bool:
    """Whether a Streamed list lies inside `value`."""
    if isinstance(value, Streamed):
        return True
    if isinstance(value, dict):
        return any(_streams(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(_streams(item) for item in value)
    return False


def _listed(value: object) -> list:
    """A Streamed list inside a value written whole is written as a list."""
    if isinstance(value, Streamed):
        value.items = list(value.items)  # kept, should a number that is not finite make it be written again
        return value.items
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _escape(match: regex.Match) -> str:
    # json.dumps with ensure_ascii writes exactly the \uXXXX form (a surrogate pair above U+FFFF).
    return json.dumps(match.group())[1:-1]


def _holds_non_finite(value: object) -> bool:
    """Whether a number that is not finite lies inside `value`, where it can be seen (not in the items of a Streamed
    list that json.dumps did not list, which it stopped at)."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, Streamed):
        return isinstance(value.items, list) and _holds_non_finite(value.items)
    if isinstance(value, dict):
        return any(_holds_non_finite(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds_non_finite(item) for item in value)
    return False


def _finite(value: object) -> object:
    if isinstance(value, Streamed):
        return [_finite(item) for item in value.items]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value
