"""JSON text for the machine formats: always strict JSON, whatever numbers or characters the report holds.

A float that is not finite (NaN, Infinity) has no JSON form; Python would write the non-standard `NaN`, which
strict parsers (GitHub code scanning, GitLab, jq) reject. Such a value means "no number", so it is written as null.

Text stays readable (letters of any script are written as themselves), except the characters that `shown` makes
visible: controls, line and paragraph separators, bidirectional and other invisible format characters, and lone
surrogates (which cannot be encoded as UTF-8 at all). A terminal or a CI log that prints the file would act on those
raw, so they are written as JSON `\\uXXXX` escapes: the text reads safely, and parses back to the same strings.

A report of a large batch is written in pieces (`json_chunks`): a list wrapped in `Streamed` is written item by item
as its items are made, so neither the whole value nor the whole text is ever held; the text is the same.

orjson writes the text, in json.dumps(indent=2)'s layout: the standard library's encoder is pure Python once it
indents, and it took most of a cached re-run's time. A float reads as orjson writes it (`0.00001` for `1e-05`, the
same number). A part orjson refuses (a lone surrogate, an integer beyond 64 bits, a key that is not a string) is
opened and its parts written one by one, so that every float still reads the same wherever it stands.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

import orjson
import regex

from mtqa.display import unsafe_except

INDENT = "  "
# Items of a Streamed list encoded by one call: an article of a report is a few hundred bytes of JSON, and a call of
# its own cost more than the encoding.
ITEMS_PER_RUN = 64
_UNSAFE_IN_STRINGS = unsafe_except("\n")  # the line breaks are the layout's own
_ASCII_BUT_DEL = bytes(range(0x7F))

Pieces = Callable[[object, int], Iterable[str]]
# Dataclasses and dates go to `default`, which refuses them as the standard library's encoder does.
_ORJSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME


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
        yield from _streamed_pieces(value.items, level)  # an item is made to be written whole
    elif _streams(value):
        yield from _opened(value, level, _pieces)
    else:
        yield from _whole(value, level)


def _whole(value: object, level: int) -> Iterator[str]:
    """json.dumps(value, indent=2) as one piece, its lines `level` levels deep, unsafe characters escaped."""
    encoded = _encoded(value)
    if encoded is None:
        yield from _opened(value, level, _whole)
    else:
        yield _at_level(encoded, level)


def _encoded(value: object) -> bytes | None:
    """json.dumps(value, indent=2) by orjson; None where orjson refuses a part (see the module's docstring)."""
    failures: list[BaseException] = []  # orjson tells only that `default` failed, not how (even for ^C)

    def as_json(part: object) -> object:
        try:
            return _as_json(part)
        except BaseException as failure:
            failures.append(failure)
            raise

    try:
        # A float that is not finite comes out as null, as strict JSON needs.
        return orjson.dumps(value, default=as_json, option=_ORJSON_OPTIONS)
    except orjson.JSONEncodeError:
        if failures:
            raise failures[0] from None  # the items of a Streamed list failed, or a type JSON lacks
        return None


def _at_level(encoded: bytes, level: int) -> str:
    """orjson's text with its lines `level` levels deep and its unsafe characters escaped."""
    text = encoded.decode()
    if level:  # JSON text has a line break only between items (never inside a string): each one gains the depth
        text = text.replace("\n", "\n" + INDENT * level)
    return _safe(text)


def _streamed_pieces(items: Iterable[object], level: int) -> Iterator[str]:
    """A Streamed list as _list_pieces writes it with each item whole, a run of items at a time: a run is encoded
    as one list, whose items read as they would one by one. A run that orjson refuses is written item by item."""
    items = iter(items)
    empty = True
    while run := list(islice(items, ITEMS_PER_RUN)):
        encoded = _encoded(run)
        if encoded is None:
            for item in run:
                yield f"{'[' if empty else ','}\n{INDENT * (level + 1)}"
                yield from _whole(item, level + 1)
                empty = False
            continue
        # "[\n  item,\n  item\n]" without its brackets: the items with the separators before them
        yield ("[" if empty else ",") + _at_level(encoded[1:-2], level)
        empty = False
    yield "[]" if empty else f"\n{INDENT * level}]"


def _opened(value: object, level: int, part_pieces: Pieces) -> Iterator[str]:
    """A dict or list written by its brackets here and its parts by `part_pieces`; any other value is one that
    orjson refuses, written by the standard library's encoder."""
    if isinstance(value, Streamed):
        value = _listed(value)  # one inside a part orjson refused: written whole, as a list
    if isinstance(value, dict) and value:
        yield "{"
        for number, (key, item) in enumerate(value.items()):
            yield f"{',' if number else ''}\n{INDENT * (level + 1)}{_key_text(key)}: "
            yield from part_pieces(item, level + 1)
        yield f"\n{INDENT * level}}}"
    elif isinstance(value, (list, tuple)):
        yield from _list_pieces(value, level, part_pieces)
    else:
        yield _safe(json.dumps(value, ensure_ascii=False))


def _list_pieces(items: Iterable[object], level: int, item_pieces: Pieces) -> Iterator[str]:
    empty = True
    for item in items:
        yield f"{'[' if empty else ','}\n{INDENT * (level + 1)}"
        yield from item_pieces(item, level + 1)
        empty = False
    yield "[]" if empty else f"\n{INDENT * level}]"


def _key_text(key: object) -> str:
    # json.dumps's own rules for a key: a number, boolean or null becomes a string; one that is not finite is refused.
    return _safe(json.dumps({key: 0}, ensure_ascii=False, allow_nan=False)[1:-len(": 0}")])


def _safe(text: str) -> str:
    """JSON text with its unsafe characters escaped. Outside strings JSON text is ASCII punctuation, digits, keywords
    and the layout's line breaks; inside them every character below U+0020 is escaped already. So every match lies
    inside a string, where the escape means the same code point."""
    return text if _free_of_unsafe(text) else _UNSAFE_IN_STRINGS.sub(_escape, text)


def _free_of_unsafe(text: str) -> bool:
    """Whether the JSON text holds none of the characters _safe escapes. Of ASCII, only DEL is left unescaped by the
    encoders, so DEL and the characters beyond ASCII are looked at alone: with the other ASCII bytes dropped, what is
    left of UTF-8 is still UTF-8, and the long texts of a report are mostly ASCII."""
    if text.isascii():
        return "\x7f" not in text
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BUT_DEL)
    return _UNSAFE_IN_STRINGS.search(rest.decode("utf-8", "surrogatepass")) is None


def _streams(value: object) -> bool:
    """Whether a Streamed list lies inside `value`."""
    if isinstance(value, Streamed):
        return True
    if isinstance(value, dict):
        return any(_streams(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(_streams(item) for item in value)
    return False


def _as_json(value: object) -> object:
    """What orjson leaves to its `default`, as the standard library's encoder takes it: a Streamed list, a float or
    tuple of a subclass (numpy's float64, a NamedTuple); any other type is refused."""
    if isinstance(value, Streamed):
        return _listed(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _listed(value: Streamed) -> list:
    value.items = list(value.items)  # kept, should a part orjson refuses make it be written again
    return value.items


def _escape(match: regex.Match) -> str:
    # json.dumps with ensure_ascii writes exactly the \uXXXX form (a surrogate pair above U+FFFF).
    return json.dumps(match.group())[1:-1]
