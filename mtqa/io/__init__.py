"""Readers that turn input paths into Documents, one module per format."""

from __future__ import annotations

from pathlib import Path

from mtqa.errors import InputError
from mtqa.io.jsonl import read_jsonl
from mtqa.io.plaintext import read_text_document
from mtqa.model import Document

TEXT_SUFFIXES = (".txt", ".md")


def load_documents(paths: list[str]) -> list[Document]:
    """Every article named by `paths`, in order: files as given, folders' .txt/.md files sorted."""
    documents: list[Document] = []
    for given in paths:
        documents.extend(load_path(given))
    seen: set[str] = set()
    for document in documents:
        if document.id in seen:
            raise InputError(document.path or document.id, f"duplicate document id '{document.id}'")
        seen.add(document.id)
    return documents


def load_path(given: str) -> list[Document]:
    path = Path(given)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
        return [read_text_document(str(p)) for p in files]
    if not path.exists():
        raise InputError(given, "no such file or directory")
    if path.suffix.lower() == ".jsonl":
        return read_jsonl(given)
    return [read_text_document(given)]
