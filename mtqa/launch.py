"""The `mtqa` console script. Ctrl-C and SIGTERM are answered from its first moment: importing the command line's
modules takes a few tenths of a second, and a Ctrl-C meanwhile printed a traceback instead of the run's one line."""

from __future__ import annotations

import sys

from mtqa.signals import EXIT_INTERRUPTED, answer_signals, run_over


def main() -> None:
    answer_signals()
    try:
        from mtqa.cli import main as command_line

        command_line()  # answers Ctrl-C itself from here, but for the moment before it starts to listen
    except KeyboardInterrupt:
        print("mtqa: interrupted", file=sys.stderr, flush=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        run_over()
