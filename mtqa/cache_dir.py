"""The folder where mtqa keeps what it can compute again: prepared models and caches."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root(cache_dir: str | os.PathLike | None = None) -> Path:
    """The argument, else $MTQA_CACHE, else $XDG_CACHE_HOME/mtqa, else ~/.cache/mtqa."""
    if cache_dir:
        return Path(cache_dir)
    if os.environ.get("MTQA_CACHE"):
        return Path(os.environ["MTQA_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mtqa"
