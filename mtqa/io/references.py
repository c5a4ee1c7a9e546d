"""Reference translations given apart from the articles (--reference FILE|DIR), matched by document id."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from mtqa.errors import InputError
from mtqa.io.decode import read_utf8
from mtqa.io.jsonl import jsonl_records
from mtqa.model import Document


def attach_references(documents: list[Document], given: str) -> list[Document]:
    """A folder holds one reference file per article, named like the article file (or its id); a .jsonl file
    has lines with `id` and `reference`; any other file is the reference of the only article checked."""
    path = Path(given)
    if path.is_dir():
        return [_with(document, _from_folder(path, document)) for document in documents]
    if not path.is_file():
        raise InputError(given, "no such reference file or directory")
    if path.suffix.lower() == ".jsonl":
        references = _from_jsonl(given)
        return [_with(document, references.get(document.id)) for document in documents]
    if len(documents) != 1:
        raise InputError(given, "a single reference file needs a single article; use a folder or a .jsonl file")
    return [_with(documents[0], read_utf8(given))]


def _with(document: Document, reference: str | None) -> Document:
    return replace(document, reference=reference) if reference is not None else document


def _from_folder(folder: Path, document: Document) -> str | None:
    for name in (Path(document.id).name, document.id):
        candidate = folder / name
        if candidate.is_file():
            return read_utf8(str(candidate))
    return None


def _from_jsonl(path: str) -> dict[str, str]:
    references = {}
    for number, record in jsonl_records(path):
        if not isinstance(record, dict) or not isinstance(record.get("reference"), str) or "id" not in record:
            raise InputError(path, "expected an object with 'id' and a string 'reference'", line=number)
        references[str(record["id"])] = record["reference"]
    return references
