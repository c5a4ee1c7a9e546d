"""File names as text that every report can hold.

On POSIX a file name is bytes; Python hands over the bytes that are not UTF-8 as lone surrogates (U+DC80-U+DCFF),
which no UTF-8 report, terminal or JSON encoder can write. The name shown keeps the valid UTF-8 as is and writes each
other byte as a visible escape (`caf\\xe9.txt`); the file itself is still opened under its real name.
"""

from __future__ import annotations

import os


def display_path(path: str) -> str:
    """`path` with every byte that is not UTF-8 written as `\\xNN`; an already clean path comes back unchanged."""
    if path.isascii():
        return path
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no file name produced (typed as text): shown as its code point
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
