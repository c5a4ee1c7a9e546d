"""The `mtqa` console script. Ctrl-C and SIGTERM are answered from its first moment: importing the command line's
modules takes a few tenths of a second, and a Ctrl-C meanwhile printed a traceback instead of the run's one line."""

from __future__ import annotations

import sys

from mtqa.signals import EXIT_INTERRUPTED, answer_signals


def main() -> None:
    answer_signals()
    try:
        from mtqa.cli import main as command_line
    except KeyboardInterrupt:
        print("mtqa: interrupted", file=sys.stderr, flush=True)
        sys.exit(EXIT_INTERRUPTED)
    command_line()
