"""The folder where mtqa keeps what it can compute again: prepared models and caches.

Caches hold pickles, which run code as they load, and scores that decide a gate. So a cache file is used only when
no other user can have written it: the file and its folder are owned by this user (or by root) and writable by no
group or other user. mtqa makes its folders readable and writable by their owner alone; a shared or planted folder
is one warning and a run without that cache.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_MODE = 0o700


def cache_root(cache_dir: str | os.PathLike | None = None) -> Path:
    """The argument, else $MTQA_CACHE, else $XDG_CACHE_HOME/mtqa, else ~/.cache/mtqa."""
    if cache_dir:
        return Path(cache_dir)
    if os.environ.get("MTQA_CACHE"):
        return Path(os.environ["MTQA_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mtqa"


def make_private_folder(folder: Path) -> None:
    """`folder` and its missing parents made, each readable and writable by this user alone (umask cannot widen
    that); a folder already there is left as it is. OSError as mkdir raises it (a file in the way, no permission)."""
    missing: list[Path] = []
    for level in (folder, *folder.parents):
        if level.is_dir():
            break
        missing.append(level)
    for level in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made by a parallel run meanwhile (or a file: next mkdir says)
            level.mkdir(mode=PRIVATE_MODE)


def distrust(status: os.stat_result) -> str | None:
    """Why a cache file or folder with this status may hold what another user wrote, as "owned by ..." or
    "writable by ..."; None when only this user (or root, who can write anything anyway) can have written it."""
    if not hasattr(os, "geteuid"):
        return None  # Windows: access lists, not owners and mode bits, guard a user's folders
    if status.st_uid not in (os.geteuid(), 0):
        return f"owned by another user (uid {status.st_uid})"
    if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "writable by other users"
    return None


def distrusted_path(path: Path) -> str | None:
    """`distrust` of what is at `path` (followed through links), as "PATH is REASON"; None for nothing there or a
    path that cannot be looked at (whoever opens it says why)."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    reason = distrust(status)
    return f"{path} is {reason}" if reason else None
