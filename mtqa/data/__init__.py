"""Data shipped with mtqa: pattern files, surnames, and word lists derived from libraries once and written out."""

from __future__ import annotations

from importlib import resources


def shipped_text(name: str) -> str:
    """The text of the data file `name` (mtqa/data/`name`)."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def shipped_path(name: str) -> str:
    """Where the data file `name` lies (mtqa/data/`name`)."""
    return str(resources.files(__name__).joinpath(name))


def shipped_words(name: str) -> frozenset[str]:
    """The words of a shipped word list, one a line."""
    return frozenset(shipped_text(name).split())
