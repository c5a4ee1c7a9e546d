"""Reading bytes as text, strictly: UTF-8 with or without BOM, nothing else."""

from __future__ import annotations

from mtqa.errors import InputError


def read_utf8(path: str) -> str:
    """The file's text with line ends untouched. Raises InputError for binary or non-UTF-8 content."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except IsADirectoryError:
        raise InputError(path, "is a directory, expected a file") from None
    except OSError as error:
        raise InputError(path, error.strerror or "cannot read") from None
    return decode_utf8(data, path)


def decode_utf8(data: bytes, path: str, line: int | None = None) -> str:
    if b"\x00" in data:
        raise InputError(path, "binary content (NUL byte), expected UTF-8 text", line=line)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        at_line = data.count(b"\n", 0, error.start) + 1 if line is None else line
        raise InputError(path, f"invalid UTF-8 at byte {error.start}", line=at_line) from None
