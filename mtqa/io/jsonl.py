"""JSON Lines batches: one article per line with `id`, `target` and optional source, reference, metadata.

Each line stands alone: a bad line is reported with its number and, when the caller records instead of raising,
the lines after it are still read. Lines are read as the articles are asked for, so a batch is never held whole.
Lines end with LF, CRLF or a lone CR; the last may lack its line end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from mtqa.display import clipped
from mtqa.errors import InputError
from mtqa.glossary.contents import MAX_FORM_LENGTH
from mtqa.io import json_keys
from mtqa.io.decode import decode_utf8, read_lines, refuse_utf16
from mtqa.io.json_values import line_problem
from mtqa.io.names import display_path
from mtqa.language_tags import is_language_tag
from mtqa.model import Document
from mtqa.selection import ignore_codes

OnError = Callable[[InputError], None]

_OPTIONAL_TEXT = ("source", "source_lang", "target_lang", "reference")
_LANGUAGES = ("source_lang", "target_lang")


def raise_error(error: InputError) -> None:
    raise error


def jsonl_documents(path: str, on_error: OnError = raise_error) -> Iterator[tuple[int, Document]]:
    """(line number, article) for every good line; every bad line goes to `on_error` (which raises or records)."""
    shown_path = display_path(path)
    for number, record in jsonl_records(path, on_error):
        try:
            yield number, _document(record, shown_path, number)
        except InputError as error:
            on_error(error)


def jsonl_records(path: str, on_error: OnError = raise_error) -> Iterator[tuple[int, object]]:
    """(line number, parsed value) for every non-blank line that is valid UTF-8 JSON holding only text that can be
    written out again; a line that is not goes to `on_error`. A file that cannot be read at all raises."""
    for number, raw in enumerate(read_lines(path), start=1):  # read as they are asked for, never held whole
        if number == 1:
            refuse_utf16(raw, path)  # a whole file in another encoding is one error, not one per line
        try:
            record = _parse(raw, path, number)
        except InputError as error:
            on_error(error)
            continue
        if record is not _BLANK:
            yield number, record


_BLANK = object()


def _parse(raw: bytes, path: str, number: int) -> object:
    line = decode_utf8(raw, path, line=number).strip()
    if not line:
        return _BLANK
    value = json_keys.load_input(line, display_path(path), line=number)
    problem = line_problem(line, value)
    if problem:
        raise InputError(display_path(path), problem, line=number)
    return value


def _document(record: object, shown_path: str, number: int) -> Document:
    if not isinstance(record, dict):
        raise InputError(shown_path, "expected a JSON object", line=number)
    target = record.get("target")
    if not isinstance(target, str):
        raise InputError(shown_path, "missing string field 'target'", line=number)
    doc_id = record_id(record, f"{shown_path}:{number}")
    if doc_id is None:
        raise InputError(shown_path, "field 'id' must be a string", line=number)
    fields = {}
    for name in _OPTIONAL_TEXT:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(shown_path, f"field '{name}' must be a string", line=number)
        if name in _LANGUAGES and value is not None and not is_language_tag(value):
            raise InputError(shown_path, f"field '{name}' must be a language tag (such as en, zh-Hans, ko), not "
                             f"'{clipped(value, 40)}'", line=number)
        fields[name] = value
    metadata = record.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise InputError(shown_path, "field 'metadata' must be an object", line=number)
    try:
        ignore_codes(metadata.get("mtqa_ignore"))
    except ValueError as error:
        raise InputError(shown_path, str(error), line=number) from None
    terms = article_terms(record.get("terms"), shown_path, number)
    return Document(id=doc_id, target=target, metadata=metadata, path=shown_path, line=number, terms=terms,
                    **fields)


def article_terms(value: object, shown_path: str, number: int) -> dict[str, tuple[str, ...]]:
    """An article's own term dictionary, `{source form: [allowed target forms]}` (a single form may stand alone).
    Forms are held to the glossary's length limit: the matchers built from them are not made for longer ones."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(shown_path, "field 'terms' must map source forms to lists of target forms", line=number)
    terms: dict[str, tuple[str, ...]] = {}
    for source, targets in value.items():
        forms = [targets] if isinstance(targets, str) else targets
        if not source.strip():
            raise InputError(shown_path, "field 'terms' has a term whose source form is empty", line=number)
        if not isinstance(forms, list) or not forms \
                or not all(isinstance(form, str) and form.strip() for form in forms):
            raise InputError(shown_path, f"term '{clipped(source, 60)}' in field 'terms' needs a non-empty list of "
                             "non-empty target forms", line=number)
        too_long = next((form for form in (source, *forms) if len(form.strip()) > MAX_FORM_LENGTH), None)
        if too_long is not None:
            raise InputError(shown_path, f"a form of the term '{clipped(source, 60)}' in field 'terms' is "
                             f"{len(too_long.strip()):,} characters long; forms are at most {MAX_FORM_LENGTH:,} "
                             "characters", line=number)
        key = source.strip()
        if key in terms:  # keys that differ only in white space around them: which forms are meant is unclear
            raise InputError(shown_path, f"term '{clipped(key, 60)}' given twice in field 'terms'", line=number)
        terms[key] = tuple(form.strip() for form in forms)
    return terms


def record_id(record: dict, default: str | None = None) -> str | None:
    """The record's `id` as text (a string or an integer), `default` when it has none, None when it is unusable."""
    value = record.get("id", default)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value)
