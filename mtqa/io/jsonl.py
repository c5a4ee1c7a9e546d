"""JSON Lines batches: one article per line with `id`, `target` and optional source, reference, metadata."""

from __future__ import annotations

import json
from collections.abc import Iterator

from mtqa.errors import InputError
from mtqa.io.decode import decode_utf8
from mtqa.model import Document

_OPTIONAL_TEXT = ("source", "source_lang", "reference")


def read_jsonl(path: str) -> list[Document]:
    return [_document(record, path, number) for number, record in jsonl_records(path)]


def jsonl_records(path: str) -> Iterator[tuple[int, object]]:
    """(line number, parsed value) for every non-blank line; UTF-8 and JSON errors name the file and line."""
    try:
        with open(path, "rb") as handle:
            raw_lines = handle.read().split(b"\n")
    except OSError as error:
        raise InputError(path, error.strerror or "cannot read") from None
    if raw_lines and raw_lines[0].startswith(b"\xef\xbb\xbf"):
        raw_lines[0] = raw_lines[0][3:]
    for number, raw in enumerate(raw_lines, start=1):
        line = decode_utf8(raw, path, line=number).strip()
        if not line:
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(path, f"not valid JSON ({error.msg})", line=number) from None


def _document(record: object, path: str, number: int) -> Document:
    if not isinstance(record, dict):
        raise InputError(path, "expected a JSON object", line=number)
    target = record.get("target")
    if not isinstance(target, str):
        raise InputError(path, "missing string field 'target'", line=number)
    doc_id = record.get("id", f"{path}:{number}")
    if not isinstance(doc_id, (str, int)):
        raise InputError(path, "field 'id' must be a string", line=number)
    fields = {}
    for name in _OPTIONAL_TEXT:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(path, f"field '{name}' must be a string", line=number)
        fields[name] = value
    metadata = record.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise InputError(path, "field 'metadata' must be an object", line=number)
    return Document(id=str(doc_id), target=target, metadata=metadata, path=path, **fields)
