"""Readers that turn input paths into Documents, one module per format."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

from mtqa.display import shown
from mtqa.errors import InputError
from mtqa.io.files import path_status
from mtqa.io.folders import article_files
from mtqa.io.jsonl import jsonl_documents
from mtqa.io.names import display_path
from mtqa.io.plaintext import read_text_document
from mtqa.model import Document, SkippedInput

TEXT_SUFFIXES = (".txt", ".md")


def load_batch(paths: list[str], keep_going: bool) -> tuple[list[Document], list[SkippedInput]]:
    """Every article named by `paths`, in order: files as given, folders' .txt/.md files sorted, JSONL line by line.

    Without `keep_going` the first bad input raises InputError naming the file (and line). With it, every good file
    and line is loaded and every bad one is returned as a SkippedInput, in the order met.
    """
    batch = _Batch(keep_going)
    for given in paths:
        batch.load(given)
    return batch.documents, batch.skipped


def load_documents(paths: list[str]) -> list[Document]:
    """Every article named by `paths`; the first bad input raises InputError."""
    return load_batch(paths, keep_going=False)[0]


def load_path(given: str) -> list[Document]:
    """Every article named by one path; the first bad input raises InputError."""
    return load_documents([given])


class _Batch:
    def __init__(self, keep_going: bool) -> None:
        self.keep_going = keep_going
        self.documents: list[Document] = []
        self.skipped: list[SkippedInput] = []
        self._first_seen: dict[str, str] = {}  # document id -> where it was first read

    def load(self, given: str) -> None:
        skipped_before = len(self.skipped)
        found = 0
        try:
            is_folder = stat.S_ISDIR(path_status(given).st_mode)
            for line, document in self._read(given, is_folder):
                found += 1
                self._add(document, line)
        except InputError as error:  # the path as a whole cannot be read
            self.record(error)
            return
        if not found and len(self.skipped) == skipped_before:
            # A folder without articles, or a folder named like an article, must not pass as an empty batch.
            self.record(InputError(display_path(given), _nothing_found(given, is_folder)))

    def record(self, error: InputError) -> None:
        if not self.keep_going:
            raise error
        self.skipped.append(SkippedInput(error.path, error.detail, error.line))

    def _read(self, given: str, is_folder: bool) -> Iterator[tuple[int | None, Document]]:
        """(line in its file or None, article) for every article `given` holds; bad parts go to `record`."""
        if is_folder:
            for path in article_files(given, TEXT_SUFFIXES, self.record):
                try:
                    yield None, read_text_document(path)
                except InputError as error:
                    self.record(error)
        elif Path(given).suffix.lower() == ".jsonl":
            yield from jsonl_documents(given, self.record)
        else:
            yield None, read_text_document(given)

    def _add(self, document: Document, line: int | None) -> None:
        place = f"{document.path}:{line}" if line is not None else document.path or document.id
        first = self._first_seen.get(document.id)
        if first is not None:
            self.record(InputError(document.path or document.id,
                                   f"duplicate document id '{shown(document.id)}' (first read at {first})", line=line))
            return
        self._first_seen[document.id] = place
        self.documents.append(document)


def _nothing_found(given: str, is_folder: bool) -> str:
    if is_folder:
        return f"no article in this folder (no {' or '.join(TEXT_SUFFIXES)} file in it or below)"
    return "no article in this file (no JSON line)"
