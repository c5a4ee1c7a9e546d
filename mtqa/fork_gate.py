"""Worker processes are forked while other threads of the process may be checking articles of their own (a web
service checking two batches at once). A fork copies every lock as it stands: one that another thread held at that
moment (the import of a module the checks load on first use, a tokenizer loading its dictionary, a value being
cached) stays held in the worker for ever, and the worker waits on it as soon as it needs the same.

So threads check one article at a time under a shared hold of this gate, and workers are forked under a sole hold:
a fork waits until no other thread is half-way through an article (an article's time at most), and other threads'
articles wait while it forks. The thread that forks may check articles meanwhile (the locks it holds are its own, and
the worker is its copy). A forked worker starts with a gate of its own.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import Counter
from collections.abc import Iterator


class _Gate:
    def __init__(self) -> None:
        self._changed = threading.Condition(threading.Lock())
        self._checking: Counter[int] = Counter()  # thread -> the articles it is checking
        self._forking: Counter[int] = Counter()  # thread -> its forks, begun or waited for: articles wait for them

    @contextlib.contextmanager
    def checking(self) -> Iterator[None]:
        me = threading.get_ident()
        with self._changed:
            self._changed.wait_for(lambda: not _others(self._forking, me))
            self._checking[me] += 1
        try:
            yield
        finally:
            with self._changed:
                _less(self._checking, me)
                self._changed.notify_all()

    @contextlib.contextmanager
    def forking(self) -> Iterator[None]:
        me = threading.get_ident()
        with self._changed:
            self._forking[me] += 1
            try:
                self._changed.wait_for(lambda: not _others(self._checking, me))
            except BaseException:  # Ctrl-C while waiting: the articles waiting for this fork go on
                _less(self._forking, me)
                self._changed.notify_all()
                raise
        try:
            yield  # two forks at once are harmless: neither thread is half-way through an article
        finally:
            with self._changed:
                _less(self._forking, me)
                self._changed.notify_all()


def _others(counts: Counter[int], me: int) -> bool:
    return any(thread != me for thread in counts)


def _less(counts: Counter[int], thread: int) -> None:
    counts[thread] -= 1
    if not counts[thread]:
        del counts[thread]


_GATE = _Gate()


def checking_articles() -> contextlib.AbstractContextManager[None]:
    return _GATE.checking()


def forking_workers() -> contextlib.AbstractContextManager[None]:
    return _GATE.forking()


if hasattr(os, "register_at_fork"):  # the parent's gate is held by the thread that forked, which the worker lacks
    os.register_at_fork(after_in_child=_GATE.__init__)
