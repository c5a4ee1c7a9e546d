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
_ends_with_run = False  # see collect_seldom


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
    one step: left there, all of it would be walked by the collector's first pass, about 5% of a 1 MB article's
    check. A process that ends with its run freezes it, as it froze its glossary; any other moves it to the oldest
    generation, unless it froze objects of its own, which must stay frozen."""
    if _ends_with_run:
        gc.freeze()
    elif gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


# A checked article's objects (strings, tuples, mentions, findings) are nearly all freed by reference counting, not by
# the cyclic collector: its young pass every 700 new objects finds next to nothing and cost 7-9% of the rule stage.
RUN_THRESHOLDS = (50_000, 20, 10)


def collect_seldom() -> None:
    """The cyclic collector's passes made rarer, for a process that ends with its run (the command line and the
    workers it forks), by `mtqa.glossary.cache.held_for_run`: a library caller's process keeps its own settings.
    Cycles still go, every 50,000 new objects instead of every 700."""
    global _ends_with_run
    _ends_with_run = True
    gc.set_threshold(*RUN_THRESHOLDS)
