"""Text from input made safe to show where a terminal, a CI log or an annotation reads it.

A raw newline in an article id or a file name would start a new log line, which GitHub reads as a workflow command
(`::stop-commands::`, `::add-mask::`); an escape sequence would drive the terminal; a bidirectional control would
reorder what the reader sees. `shown` writes each such character as a visible escape, and a lone surrogate (which
cannot be encoded at all) the same way. GitHub's runner also reads the older `##[command]` form anywhere in a line
(`##[add-mask]`, `##[stop-commands]`): its bracket is written `\x5b`.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator

import regex

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Control characters, line and paragraph separators, surrogates, and the format characters (Cf: the bidirectional
# controls, zero-width spaces, word joiners, the byte-order mark, the tag characters), which a reader cannot see or
# which reorder what is seen. ZWNJ and ZWJ stay: scripts and emoji sequences need them, and they only join.
_UNSAFE_CLASS = r"\p{Cc}\p{Zl}\p{Zp}\p{Cs}\p{Cf}\u180e\u115f\u1160\u3164\uffa0"
_ALWAYS_KEPT = r"\u200c\u200d"


def unsafe_except(kept: str) -> regex.Pattern:
    """The unsafe characters but those in `kept`, which the caller writes on purpose (a JSON text's line breaks)."""
    return regex.compile(f"[{_UNSAFE_CLASS}--[{_ALWAYS_KEPT}{regex.escape(kept)}]]", regex.VERSION1)


UNSAFE = unsafe_except("")


# The older workflow command form, which the runner looks for anywhere in a line.
_LEGACY_COMMAND, _LEGACY_COMMAND_DEFUSED = "##[", "##\\x5b"


def shown(text: str) -> str:
    """`text` with every unsafe character written as an escape (\\n, \\x1b, \\u2028, \\ud800), and the `##[` of a
    legacy workflow command as `##\\x5b`."""
    return UNSAFE.sub(_escape, text).replace(_LEGACY_COMMAND, _LEGACY_COMMAND_DEFUSED)


def clipped(text: str, limit: int = 160) -> str:
    """`text` shown (see `shown`) and cut to about `limit` characters: an id or a value from input can be megabytes
    long, and one line of a message or a CI annotation must stay readable."""
    return shown(text if len(text) <= limit else text[:limit - 3] + "...")


def _escape(match: regex.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def warn(message: str) -> None:
    """One warning line on stderr; the run goes on. Kept instead where this thread keeps its warnings (a Dask
    worker's task, whose stderr is not the run's)."""
    kept = getattr(_warnings, "kept", None)
    if kept is not None:
        kept.append(message)
        return
    print(f"mtqa: warning: {shown(message)}", file=sys.stderr, flush=True)


_warnings = threading.local()


@contextlib.contextmanager
def warnings_kept() -> Iterator[list[str]]:
    """The warnings this thread says meanwhile, gathered in the list it gives instead of printed."""
    kept: list[str] = []
    previous, _warnings.kept = getattr(_warnings, "kept", None), kept
    try:
        yield kept
    finally:
        _warnings.kept = previous


class CommandSafeStream:
    """A text stream that never lets a line start with `::`, even after indentation, nor hold `##[`: a CI runner reads
    such a line on a job's output as a workflow command (GitHub trims leading spaces first). Input text that would
    begin a line (an article id, a file name, a pattern's message) gets its first colon written as `\\x3a`, and a
    `##[` its bracket as `\\x5b`. Everything else is passed through to the wrapped stream, so that a terminal is still
    recognised as one."""

    def __init__(self, stream) -> None:
        self._stream = stream
        self._pending = ""

    def write(self, text: str) -> int:
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        for line in lines:
            self._stream.write(_defused(line) + "\n")
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(_defused(self._pending))
            self._pending = ""
        self._stream.flush()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _defused(line: str) -> str:
    line = line.replace(_LEGACY_COMMAND, _LEGACY_COMMAND_DEFUSED)  # read anywhere in the line
    body = line.lstrip()
    if not body.startswith("::"):
        return line
    return line[: len(line) - len(body)] + "\\x3a" + body[1:]
