"""How a run answers Ctrl-C and SIGTERM: with one line and the shell's exit code, from its first moment."""

from __future__ import annotations

import os
import signal
import sys

EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # the shell's codes for SIGINT and SIGTERM


def answer_signals() -> None:
    """SIGTERM unwinds like an exception, so reports being written remove their temporary files; Ctrl-C raises
    KeyboardInterrupt, as by default. Once either has, the run is ending: a second signal (Ctrl-C pressed twice) is
    ignored, as its exception would break into the clean-up and print a traceback. A worker forked for --jobs
    inherits these handlers until it sets its own, and one ended before then (the run failing as its workers start)
    must end as SIGTERM ends a process by default: silently, without the run's "terminated" line or a traceback."""
    run = os.getpid()

    def terminated(signum, frame) -> None:
        if os.getpid() != run:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        run_over()
        print("mtqa: terminated", file=sys.stderr, flush=True)
        raise SystemExit(EXIT_TERMINATED)

    def interrupted(signum, frame) -> None:
        if os.getpid() == run:  # a worker leaves Ctrl-C to the run, which ends it
            run_over()
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminated)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not where the shell had Ctrl-C ignored
        signal.signal(signal.SIGINT, interrupted)


def run_over() -> None:
    """Ctrl-C and SIGTERM ignored from now on: the run is ending, after a first signal, or over, with its exit code
    decided and its reports written. Raised while the interpreter shuts down, their exception could be caught
    nowhere, and printed "Exception ignored in threading._shutdown" with a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
