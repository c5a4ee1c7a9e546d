"""A package's public names, each imported from its module on first use: importing the package stays cheap."""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_names(package: str, modules: dict[str, str]) -> Callable[[str], object]:
    """A module `__getattr__` for `package` that finds each name of `modules` (name -> module) in its module."""

    def __getattr__(name: str) -> object:
        if name in modules:
            return getattr(importlib.import_module(modules[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
