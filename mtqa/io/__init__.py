"""Readers that turn input paths into Documents, one module per format."""

from __future__ import annotations

import stat
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from mtqa.display import shown
from mtqa.errors import InputError
from mtqa.io.files import path_status
from mtqa.io.folders import FileIdentity, article_files, file_identity
from mtqa.io.jsonl import jsonl_documents
from mtqa.io.names import display_path
from mtqa.io.plaintext import read_text_document
from mtqa.model import Document, SkippedInput

JSONL_SUFFIX = ".jsonl"
XLIFF_SUFFIXES = (".xlf", ".xliff", ".sdlxliff")
TMX_SUFFIX = ".tmx"
TSV_SUFFIX = ".tsv"
BILINGUAL_SUFFIXES = (*XLIFF_SUFFIXES, TMX_SUFFIX, TSV_SUFFIX)
ARTICLE_SUFFIXES = (".txt", ".md", JSONL_SUFFIX, *BILINGUAL_SUFFIXES)  # what a folder scan reads


def load_batch(paths: list[str], keep_going: bool) -> tuple[list[Document], list[SkippedInput]]:
    """Every article named by `paths`, in order: files as given, folders' .txt/.md/.jsonl files sorted, JSONL line
    by line. A file is read once, under the first name it is given by, however often and by whatever path (another
    spelling, a link, a folder holding it) it is named again.

    Without `keep_going` the first bad input raises InputError naming the file (and line). With it, every good file
    and line is loaded and every bad one is returned as a SkippedInput, in the order met.
    """
    skipped: list[SkippedInput] = []
    return list(stream_batch(paths, keep_going, skipped)), skipped


def stream_batch(paths: list[str], keep_going: bool, skipped: list[SkippedInput],
                 languages: tuple[str | None, str | None] = (None, None)) -> Iterator[Document]:
    """The articles of `load_batch`, read as they are asked for (a JSONL batch line by line), so that a batch need
    not be held whole. A bad input raises when it is met or, with `keep_going`, is appended to `skipped` then. The
    `languages` given (source, target) tell a translation memory that names no source language which way it goes."""
    batch = _Batch(keep_going, skipped, languages)
    for given in paths:
        yield from batch.load(given)


def load_documents(paths: list[str]) -> list[Document]:
    """Every article named by `paths`; the first bad input raises InputError."""
    return load_batch(paths, keep_going=False)[0]


def load_path(given: str) -> list[Document]:
    """Every article named by one path; the first bad input raises InputError."""
    return load_documents([given])


def with_languages(documents: Iterable[Document], source_lang: str | None, target_lang: str | None
                   ) -> Iterable[Document]:
    """The documents, each with `source_lang` and `target_lang` where it does not give its own (a TSV file or a
    plain article says nothing; an XLIFF file or a JSONL record may); given as they are read."""
    if source_lang is None and target_lang is None:
        return documents
    return (replace(document, source_lang=document.source_lang or source_lang,
                    target_lang=document.target_lang or target_lang) for document in documents)


def read_bilingual(path: str, suffix: str, languages: tuple[str | None, str | None] = (None, None)
                   ) -> list[Document]:
    """The articles of a bilingual file (XLIFF, TMX, TSV); a malformed file raises InputError naming the line."""
    if suffix in XLIFF_SUFFIXES:
        from mtqa.io.xliff import xliff_documents

        return xliff_documents(path)
    if suffix == TMX_SUFFIX:
        from mtqa.io.tmx import tmx_documents

        return tmx_documents(path, *languages)
    from mtqa.io.tsv import tsv_documents

    return tsv_documents(path)


class _Batch:
    def __init__(self, keep_going: bool, skipped: list[SkippedInput],
                 languages: tuple[str | None, str | None] = (None, None)) -> None:
        self.keep_going = keep_going
        self.skipped = skipped
        self.languages = languages
        self._first_seen: dict[str, tuple[str | None, int | None]] = {}  # document id -> where it was first read
        self._files_read: set[FileIdentity] = set()

    def load(self, given: str) -> Iterator[Document]:
        skipped_before = len(self.skipped)
        try:
            status = path_status(given)
            if stat.S_ISDIR(status.st_mode):
                files = article_files(given, ARTICLE_SUFFIXES, self.record)
                if not files and len(self.skipped) == skipped_before:
                    # A folder without articles, or a folder named like an article, must not pass as an empty batch.
                    raise InputError(display_path(given), "no article in this folder (no "
                                     f"{', '.join(ARTICLE_SUFFIXES)} file in it or below)")
            else:
                files = [(given, file_identity(status))]
        except InputError as error:  # the path as a whole cannot be read
            self.record(error)
            return
        for path, identity in files:
            if identity not in self._files_read:
                self._files_read.add(identity)
                yield from self._load_file(path)

    def record(self, error: InputError) -> None:
        if not self.keep_going:
            raise error
        self.skipped.append(SkippedInput(error.path, error.detail, error.line))

    def _load_file(self, path: str) -> Iterator[Document]:
        skipped_before = len(self.skipped)
        found = 0
        try:
            for line, document in self._read(path):
                found += 1
                if self._first(document, line):
                    yield document
        except InputError as error:  # the file as a whole cannot be read
            self.record(error)
            return
        if not found and len(self.skipped) == skipped_before:
            self.record(InputError(display_path(path), "no article in this file"))

    def _read(self, path: str) -> Iterator[tuple[int | None, Document]]:
        """(line in its file or None, article) for every article the file holds; bad lines go to `record`."""
        suffix = Path(path).suffix.lower()
        if suffix == JSONL_SUFFIX:
            yield from jsonl_documents(path, self.record)
        elif suffix in BILINGUAL_SUFFIXES:
            for document in read_bilingual(path, suffix, self.languages):
                yield document.line, document
        else:
            yield None, read_text_document(path)

    def _first(self, document: Document, line: int | None) -> bool:
        """Whether the article's id is new to the batch; a repeated id is a bad input."""
        first = self._first_seen.get(document.id)
        if first is not None:
            self.record(InputError(document.path or document.id, f"duplicate document id '{shown(document.id)}' "
                                   f"(first read at {_place(document.id, *first)})", line=line))
            return False
        self._first_seen[document.id] = (document.path, line)  # the place is spelled out only for an error
        return True


def _place(doc_id: str, path: str | None, line: int | None) -> str:
    return f"{path}:{line}" if line is not None else path or doc_id
