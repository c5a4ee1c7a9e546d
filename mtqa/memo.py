"""`cached_property` as Python 3.12 has it: functools' of Python 3.11 holds one lock per property, shared by every
instance of the class, while it computes a value. A worker process forked while another thread of the run computed
one (a web service checking two batches at once, one of them with workers) inherited that lock held, and waited for
it for ever as soon as it computed the same property of an article of its own. It also made threads checking their own
articles wait for each other.

Without the lock, two threads reading one instance's property at once may both compute it; the values here are
made from the instance alone, so either is the same. (`Checker`, whose values threads share and must read once, keeps
functools' lock: its workers only read what was computed before they were forked.)
"""

from __future__ import annotations

import sys

if sys.version_info >= (3, 12):
    from functools import cached_property
else:
    from typing import Any

    _NOT_FOUND = object()

    class cached_property:  # noqa: N801 - the standard library's name
        def __init__(self, function) -> None:
            self.function = function
            self.name: str | None = None
            self.__doc__ = function.__doc__

        def __set_name__(self, owner, name: str) -> None:
            self.name = name

        def __get__(self, instance, owner=None) -> Any:
            if instance is None:
                return self
            cache = instance.__dict__
            value = cache.get(self.name, _NOT_FOUND)
            if value is _NOT_FOUND:
                value = cache[self.name] = self.function(instance)
            return value

__all__ = ["cached_property"]
