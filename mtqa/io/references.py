"""Reference translations given apart from the articles (--reference FILE|DIR), matched by document id.

An article id comes from input (a JSONL line can say `"id": "../../../etc/passwd"`), so it is never trusted as a
path: a reference is looked up only inside the folder, and a file that resolves outside it is refused.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path, PurePath

from mtqa.display import shown
from mtqa.errors import InputError
from mtqa.io.decode import read_utf8
from mtqa.io.files import os_reason, path_status
from mtqa.io.jsonl import jsonl_records, record_id
from mtqa.io.names import display_path
from mtqa.model import Document

# A candidate that is missing (or cannot even be a file name) simply is not this article's reference.
_NOT_THERE = (errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG)


def attach_references(documents: Iterable[Document], given: str) -> list[Document]:
    """A folder holds one reference file per article, named like the article file (or its id); a .jsonl file
    has lines with `id` and `reference`; any other file is the reference of the only article checked."""
    return list(with_references(documents, given))


def with_references(documents: Iterable[Document], given: str) -> Iterator[Document]:
    """`attach_references`, each article given its reference as it is read; the reference file or folder is checked
    (and a .jsonl of references read) at once."""
    try:
        status = path_status(given)
    except InputError:
        raise InputError(display_path(given), "no such reference file or directory") from None
    if stat.S_ISDIR(status.st_mode):
        return (_with(document, _from_folder(given, document)) for document in documents)
    if Path(given).suffix.lower() == ".jsonl":
        references = _from_jsonl(given)
        return (_with(document, references.get(document.id)) for document in documents)
    documents = list(documents)  # the one article this file belongs to: there must be only one
    if len(documents) != 1:
        raise InputError(display_path(given),
                         "a single reference file needs a single article; use a folder or a .jsonl file")
    return iter([_with(documents[0], read_utf8(given))])


def _with(document: Document, reference: str | None) -> Document:
    return replace(document, reference=reference) if reference is not None else document


def _from_folder(folder: str, document: Document) -> str | None:
    root = os.path.realpath(folder)
    for name in _candidate_names(document.id):
        candidate = os.path.join(folder, name)
        if _is_reference_file(candidate, root):
            return read_utf8(candidate)
    return None


def _candidate_names(doc_id: str) -> list[str]:
    """The article's file name, then its whole id when that is a plain relative path (no `..`, not absolute)."""
    whole = PurePath(doc_id)
    names = [whole.name]
    if not whole.is_absolute() and ".." not in whole.parts and doc_id != whole.name:
        names.append(doc_id)
    return [name for name in names if name not in ("", ".", "..")]


def _is_reference_file(candidate: str, root: str) -> bool:
    """Whether `candidate` exists as a file inside the folder `root`; InputError if it resolves outside it."""
    try:
        resolved = os.path.realpath(candidate, strict=True)
    except ValueError:  # a NUL in the id
        return False
    except OSError as error:
        if error.errno in _NOT_THERE:
            return False
        raise InputError(display_path(candidate), os_reason(error)) from None
    if os.path.commonpath([root, resolved]) != root:
        raise InputError(display_path(candidate), "the reference file links outside the reference folder; refused")
    return not os.path.isdir(resolved)


def _from_jsonl(path: str) -> dict[str, str]:
    references: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for number, record in jsonl_records(path):
        doc_id = record_id(record) if isinstance(record, dict) else None
        if doc_id is None or not isinstance(record.get("reference"), str):
            raise InputError(display_path(path), "expected an object with 'id' and a string 'reference'", line=number)
        if doc_id in references:
            raise InputError(display_path(path), f"duplicate reference id '{shown(doc_id)}' (first at line "
                             f"{first_line[doc_id]})", line=number)
        references[doc_id] = record["reference"]
        first_line[doc_id] = number
    return references
