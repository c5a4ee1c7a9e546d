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
from collections.abc import Callable, Iterable
from pathlib import Path

from mtqa.errors import MtqaError

PRIVATE_MODE = 0o700


class NoCacheFolder(MtqaError):
    """No folder to keep caches in: none given, and no home folder to find ~/.cache in (a user without one). The
    caches that only save time go without; what needs the folder (the prepared model) says this."""


def cache_root(cache_dir: str | os.PathLike | None = None) -> Path:
    """The argument, else $MTQA_CACHE, else $XDG_CACHE_HOME/mtqa, else ~/.cache/mtqa; NoCacheFolder where none of
    them can be found, or where the one named is a device (MTQA_CACHE=/dev/null, a way to say "no caches")."""
    root = _named_cache_root(cache_dir)
    # The root, or the nearest folder above it that exists (HOME=/dev/null, a service account's, names
    # /dev/null/.cache/mtqa).
    existing = next((path for path in (root, *root.parents) if os.path.lexists(path)), root)
    if os.path.exists(existing) and not os.path.isdir(existing) and not os.path.isfile(existing):
        # Each cache said that another user could write /dev/null ("chmod go-w /dev/null"). A file named by mistake
        # is said by each cache to be no folder.
        raise NoCacheFolder(f"no cache folder: {existing} is not a folder; set MTQA_CACHE to a folder of yours")
    return root


def _named_cache_root(cache_dir: str | os.PathLike | None) -> Path:
    if cache_dir:
        return Path(cache_dir)
    if os.environ.get("MTQA_CACHE"):
        return Path(os.environ["MTQA_CACHE"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "mtqa"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):  # no $HOME and no entry in the user database
        raise NoCacheFolder("no cache folder: this user has no home folder; set MTQA_CACHE to a folder of "
                            "yours") from None
    return home / ".cache" / "mtqa"


def removed_cache_file(path: Path) -> int:
    """1 when the cache's file (or link, FIFO, or empty folder in its place, which a run warns of) at `path` was
    removed, 0 when nothing was there (or a file stands where a folder of the path would); MtqaError naming it when
    it cannot be removed (a folder with files in it is left for its owner to look at)."""
    try:
        try:
            path.unlink()
        except IsADirectoryError:
            path.rmdir()
    except (FileNotFoundError, NotADirectoryError):
        return 0
    except OSError as error:
        raise MtqaError(f"{path}: cannot remove the cache file ({error.strerror or error})") from None
    return 1


def removed_each(removals: Iterable[Callable[[], int]]) -> int:
    """How many files the removals removed, every one of them tried; MtqaError naming the first that failed, once
    the rest are done (one damaged entry does not leave the rest of a cache in place)."""
    removed, failures = 0, []
    for removal in removals:
        try:
            removed += removal()
        except MtqaError as failure:
            failures.append(failure)
    if failures:
        raise MtqaError(f"{failures[0]}" + (f"; {len(failures) - 1} more could not be removed" if len(failures) > 1
                                            else ""))
    return removed


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
    """Why a cache file or folder with this status may hold what another user wrote ("owned by ...", "writable by
    ..."); None when only this user (or root, who can write anything anyway) can have written it."""
    if not hasattr(os, "geteuid"):
        return None  # Windows: access lists, not owners and mode bits, guard a user's folders
    if status.st_uid not in (os.geteuid(), 0):
        return f"owned by another user (uid {status.st_uid})"
    if status.st_mode & stat.S_IWOTH:
        return "writable by every user"
    if status.st_mode & stat.S_IWGRP:
        return f"writable by its group (gid {status.st_gid})"
    return None


def distrusted_path(path: Path) -> str | None:
    """`distrust` of what is at `path` (followed through links), as "PATH is REASON (what to do)"; None for nothing
    there or a path that cannot be looked at (whoever opens it says why)."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return untrusted_note(path, distrust(status))


def distrusted_folder(folder: Path, root: Path) -> str | None:
    """As distrusted_path, for `folder` and each folder between it and `root` (the cache root, which holds it), all
    of which must be this user's alone; and for the folders above the root, in which no other user may be able to
    swap the root for a folder of theirs between a check and a read (a folder such as /tmp, writable by all but
    sticky, keeps its entries to their owners)."""
    levels = [folder, *folder.parents]
    inside = levels[:levels.index(root) + 1] if root in levels else [folder]
    for level in inside:
        problem = distrusted_path(level)
        if problem:
            return problem
    for level in Path(os.path.realpath(inside[-1])).parents:
        try:
            status = os.stat(level)
        except (OSError, ValueError):
            continue
        problem = distrust(status)
        # Above the cache a group is trusted (umask 002 makes ~/.cache group-writable), and so is a sticky folder.
        shared = status.st_mode & stat.S_IWOTH and not status.st_mode & stat.S_ISVTX
        if problem and (problem.startswith("owned") or shared):
            return untrusted_note(level, problem)
    return None


def untrusted_note(path: Path, problem: str | None) -> str | None:
    """"PATH is PROBLEM: what to do about it", or None without a problem."""
    if problem is None:
        return None
    if problem.startswith("owned"):
        return f"{path} is {problem}: use a cache folder of your own (MTQA_CACHE)"
    return f"{path} is {problem}: chmod go-w {path}"
