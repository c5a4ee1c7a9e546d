"""Text from input made safe to show where a terminal, a CI log or an annotation reads it.

A raw newline in an article id or a file name would start a new log line, which GitHub reads as a workflow command
(`::stop-commands::`, `::add-mask::`); an escape sequence would drive the terminal; a bidirectional control would
reorder what the reader sees. `shown` writes each such character as a visible escape, and a lone surrogate (which
cannot be encoded at all) the same way.
"""

from __future__ import annotations

import sys

import regex

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Control characters, line and paragraph separators, surrogates, and the bidirectional formatting characters.
_UNSAFE = regex.compile(r"[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """`text` with every unsafe character written as an escape (\\n, \\x1b, \\u2028, \\ud800)."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: regex.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def warn(message: str) -> None:
    """One warning line on stderr; the run goes on."""
    print(f"mtqa: warning: {shown(message)}", file=sys.stderr, flush=True)
