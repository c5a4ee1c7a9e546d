"""The installed versions of the libraries mtqa names in its reports and cache keys."""

from __future__ import annotations

import functools
import importlib.metadata


@functools.cache
def installed_version(distribution: str) -> str | None:
    """The version of an installed distribution, None when it is not installed. Asked once per process: each look-up
    walks the installed packages' metadata (a few milliseconds), and a run asks for the same ones several times."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None
