"""Plain-text and Markdown articles: one file, one article, id = the path as given (shown as text)."""

from __future__ import annotations

from pathlib import Path

from mtqa.io.decode import read_utf8
from mtqa.io.names import display_path
from mtqa.model import MARKDOWN, Document

MARKDOWN_SUFFIX = ".md"


def read_text_document(path: str) -> Document:
    markup = MARKDOWN if Path(path).suffix.lower() == MARKDOWN_SUFFIX else None
    return Document(id=display_path(path), target=read_utf8(path), path=display_path(path), markup=markup)
