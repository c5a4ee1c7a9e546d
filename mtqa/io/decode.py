"""Reading input files strictly: regular files only, UTF-8 with or without BOM, nothing else.

`read_utf8` is the one way every reader (articles, references, glossaries, configs, pattern files, baselines) reads
an input text file, so that a FIFO, a device, a folder or a file in another encoding ends the run with one line
naming the file instead of a hang, an endless read or a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from mtqa.errors import InputError
from mtqa.io.files import os_reason, refuse_unless_regular, regular_file_status
from mtqa.io.names import display_path

BLOCK_SIZE = 1 << 20
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# O_NONBLOCK: should the path become a FIFO between the check and the open, the open returns instead of waiting
# for a writer; the descriptor is checked again before a byte is read.
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def read_utf8(path: str) -> str:
    """The file's text with line ends untouched. Raises InputError for anything but a readable UTF-8 text file."""
    return decode_utf8(read_bytes(path), path)


def read_bytes(path: str, accept: Callable[[os.stat_result], None] | None = None) -> bytes:
    """The whole content of the regular file `path`; never opens a FIFO, device, socket or folder. `accept` is
    given the status of the file opened (not of whatever the path names later) and raises to refuse it."""
    return b"".join(read_blocks(path, size=-1, accept=accept))


def read_blocks(path: str, size: int | None = None,
                accept: Callable[[os.stat_result], None] | None = None) -> Iterator[bytes]:
    """The content of the regular file `path`, `size` bytes at a time (BLOCK_SIZE unless given; -1: all at once);
    never opens a FIFO, device, socket or folder. The file is opened on the first block asked for, closed after the
    last. `accept` as for read_bytes."""
    size = size or BLOCK_SIZE
    regular_file_status(path)
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except (OSError, ValueError) as error:
        raise InputError(display_path(path), os_reason(error)) from None
    try:
        status = os.fstat(descriptor)
        refuse_unless_regular(path, status)  # the path may have been replaced since it was checked
        if accept is not None:
            accept(status)
        os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            while block := handle.read(size):
                yield block
                if size < 0:
                    break
        _refuse_if_written_meanwhile(path, status, os.fstat(descriptor))
    except OSError as error:
        raise InputError(display_path(path), os_reason(error)) from None
    finally:
        os.close(descriptor)


def read_lines(path: str) -> Iterator[bytes]:
    """The lines of the regular file `path` without their ends, as `bytes.splitlines` cuts the whole content (at
    LF, CRLF and a lone CR), read a block at a time: a large batch file is never held whole."""
    pending: list[bytes] = []  # the start of a line that has not ended yet
    for block in read_blocks(path):
        if b"\n" not in block and b"\r" not in block:
            pending.append(block)
            continue
        data = b"".join([*pending, block])
        ended = _end_of_whole_lines(data)
        # The lines that have ended are cut in one call: a line copied apart from its end cost as much again.
        yield from data[:ended].splitlines()
        pending = [data[ended:]]
    if pending:
        yield from b"".join(pending).splitlines()


def _refuse_if_written_meanwhile(path: str, before: os.stat_result, after: os.stat_result) -> None:
    """A file cut short or added to while it was read (another program writing it) is an input error: what was read
    is neither the old content nor the new, and a file cut at a line's end read as a shorter batch that checks clean."""
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        raise InputError(display_path(path), "written while it was read (its size or modification time changed); "
                                             "check it again once it is written")


def _end_of_whole_lines(data: bytes) -> int:
    """Where the last line end of `data` ends, 0 for none. A CR that ends `data` does not count: it may be the first
    half of a CRLF whose LF is in the next block."""
    before = len(data) - 1 if data.endswith(b"\r") else len(data)
    return max(data.rfind(b"\n", 0, before), data.rfind(b"\r", 0, before)) + 1


def decode_utf8(data: bytes, path: str, line: int | None = None) -> str:
    """`data` as text; a leading UTF-8 BOM dropped. `line` names the line when `data` is one line of a file."""
    refuse_utf16(data, path, line)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(display_path(path), f"binary content (NUL byte at byte {nul}), expected UTF-8 text",
                         line=line or _line_of(data, nul))
    skip = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = skip + error.start
        raise InputError(display_path(path), f"invalid UTF-8 at byte {offset}",
                         line=line or _line_of(data, offset)) from None


def refuse_utf16(data: bytes, path: str, line: int | None = None) -> None:
    """UTF-16 (and UTF-32) text is refused by name: read as bytes it would only show as NULs or invalid UTF-8."""
    if data.startswith(_UTF16_BOMS):
        raise InputError(display_path(path), "UTF-16 text (byte-order mark), expected UTF-8; convert the file to UTF-8",
                         line=line or 1)


def _line_of(data: bytes, offset: int) -> int:
    """The 1-based line holding byte `offset`, for LF, CRLF and CR-only line ends alike."""
    return (data.count(b"\n", 0, offset) or data.count(b"\r", 0, offset)) + 1
