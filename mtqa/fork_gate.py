"""Worker processes are forked while other threads of the process may be checking articles of their own (a web
service checking two batches at once). A fork copies every lock as it stands: one that another thread held at that
moment (the import of a module the checks load on first use, a tokenizer loading its dictionary, a value being
cached) stays held in the worker for ever, and the worker waits on it as soon as it needs the same.

So threads check one article at a time under a shared hold of this gate, and workers are forked under a sole hold:
a fork waits until no thread is half-way through an article (an article's time at most), and articles wait while it
forks. A forked worker starts with a gate of its own.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator


class _Gate:
    def __init__(self) -> None:
        self._changed = threading.Condition(threading.Lock())
        self._checking = 0  # threads checking an article
        self._forks = 0  # threads forking or waiting to: articles wait for them, so that a fork is not put off

    @contextlib.contextmanager
    def checking(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._forks)
            self._checking += 1
        try:
            yield
        finally:
            with self._changed:
                self._checking -= 1
                self._changed.notify_all()

    @contextlib.contextmanager
    def forking(self) -> Iterator[None]:
        with self._changed:
            self._forks += 1
            try:
                self._changed.wait_for(lambda: not self._checking)
            except BaseException:  # Ctrl-C while waiting: the articles waiting for this fork go on
                self._forks -= 1
                self._changed.notify_all()
                raise
        try:
            yield  # two forks at once are harmless: neither is half-way through an article
        finally:
            with self._changed:
                self._forks -= 1
                self._changed.notify_all()


_GATE = _Gate()


def checking_articles() -> contextlib.AbstractContextManager[None]:
    return _GATE.checking()


def forking_workers() -> contextlib.AbstractContextManager[None]:
    return _GATE.forking()


if hasattr(os, "register_at_fork"):  # the parent's gate is held by the thread that forked, which the worker lacks
    os.register_at_fork(after_in_child=_GATE.__init__)
