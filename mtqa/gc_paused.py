"""The garbage collector paused while a large tree of objects is built (a glossary read or unpickled, an article
checked)."""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def collection_paused():
    """The cyclic garbage collector off while a large tree of new objects is built: each of its passes walks every
    object made so far, which made reading a 50,000-entry glossary several times slower. Nothing built here forms
    a cycle that could need it, or few enough to wait: the next collection after the pause finds them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
