"""`cached_property` as Python 3.12 has it: functools' of Python 3.11 holds one lock per property, shared by every
instance of the class, while it computes a value, so threads checking articles of their own waited for each other
(and a worker forked meanwhile inherited the lock held: mtqa.fork_gate now keeps forks from such moments).

Without the lock, two threads reading one instance's property at once may both compute it; the values here are
made from the instance alone, so either is the same. (`Checker`, whose values threads share and must read once, keeps
functools' lock.)"""

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
