"""The garbage collector paused while a large tree of objects is built (a glossary read or unpickled, an article
checked)."""

from __future__ import annotations

import contextlib
import gc
import threading

# The collector is one switch for the whole process: the pauses of several threads are counted, so that the first
# to start notes whether it was on and the last to end turns it back on. Each thread noting and restoring it alone
# could leave it off for good (one thread turns it back on just before another, which found it off, turns it off).
_lock = threading.Lock()
_paused = 0
_was_enabled = False


@contextlib.contextmanager
def collection_paused():
    """The cyclic garbage collector off while a large tree of new objects is built: each of its passes walks every
    object made so far, which made reading a 50,000-entry glossary several times slower. Nothing built here forms
    a cycle that could need it, or few enough to wait: the next collection after the pause finds them."""
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                _hand_over_kept()
                gc.enable()


def _hand_over_kept() -> None:
    """What the pause made and kept (a glossary, the memos of names judged) moved out of the youngest generation in
    one step, to the oldest: left there, all of it would be walked by the collector's first pass, about 5% of a 1 MB
    article's check. Not where the process has frozen objects (the command line freezes its glossary, a server
    what it holds before forking): unfreezing would hand those back to the collector. Nothing is frozen here, so a
    cycle that is already garbage is still collected."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


# A checked article's objects (strings, tuples, mentions, findings) are nearly all freed by reference counting, not by
# the cyclic collector: its young pass every 700 new objects finds next to nothing and cost 7-9% of the rule stage.
RUN_THRESHOLDS = (50_000, 20, 10)


def collect_seldom() -> None:
    """The cyclic collector's passes made rarer, for a process that ends with its run (the command line and the
    workers it forks), by `mtqa.glossary.cache.held_for_run`: a library caller's process keeps its own settings.
    Cycles still go, every 50,000 new objects instead of every 700."""
    gc.set_threshold(*RUN_THRESHOLDS)
