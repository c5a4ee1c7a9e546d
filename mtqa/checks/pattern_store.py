"""Compiled pattern lists (boilerplate, calques) kept on disk, so that a process that checks articles does not parse
their regular expressions again: the `regex` module parses in Python (50-100 ms for the shipped lists, in every run
and every worker), while a stored pattern is rebuilt from its compiled code without parsing.

A list is stored under <cache folder>/patterns/ (a PickleStore) in a file named by a key (`content_key`):
FORMAT_VERSION, regex's default version, mtqa's version and environment digest (its code and data, the Python and
the regex version) and the path and bytes of the shipped list and of every extra pattern file. A list that does not
compile is never stored: its error is raised as without the store. MTQA_NO_CACHE=1 or `use_cache=False` leave the
store out, and so does a user without a home folder to find the cache in.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import regex

from mtqa.cache_dir import NoCacheFolder, cache_root
from mtqa.data import shipped_path
from mtqa.pickle_store import PickleStore, content_key
from mtqa.sqlite_cache import disabled_by_environment

FOLDER = "patterns"
SUFFIX = ".patterns"
# Bump when what the lists compile to changes in a way the source digest would not show.
FORMAT_VERSION = 1
MAGIC = b"mtqa compiled patterns\n"

Compiled = TypeVar("Compiled")


def stored_compiled(shipped: str, extra_files: tuple[str, ...], holds: Callable[[object], bool],
                    compile_lists: Callable[[], Compiled], use_cache: bool = True) -> Compiled:
    """What `compile_lists()` makes of the shipped list mtqa/data/`shipped` and `extra_files`, from the store when it
    holds it for the files' present bytes; `holds` tells whether a stored value is such a result."""
    if not use_cache or disabled_by_environment():
        return compile_lists()
    try:
        root = cache_root()
    except NoCacheFolder:  # a user without a home folder: no cache is used
        return compile_lists()
    files = (shipped_path(shipped), *extra_files)
    key = _key(files)
    if key is None:  # a file that cannot be read: compiling says why
        return compile_lists()
    store = _store(root)
    compiled = store.get(key, holds)
    if compiled is None:
        compiled = compile_lists()
        if _key(files) == key:  # else changed while it was read: the result belongs to no key
            store.put(key, compiled)
    return compiled


def clear_pattern_cache(cache_dir: str | os.PathLike | None = None) -> int:
    """Remove every stored pattern list; the number of files removed. MtqaError naming a file that cannot be."""
    return _store(cache_root(cache_dir)).clear()


@functools.cache
def _store(root: Path) -> PickleStore:
    """One store per cache folder and process, all lists together: a folder that cannot be written is one warning."""
    return PickleStore(root / FOLDER, SUFFIX, MAGIC, "pattern cache", "the compiled patterns",
                       "the patterns are compiled afresh")


def _key(files: tuple[str, ...]) -> str | None:
    # The shipped list by its bytes too, not only through the environment digest, which a process works out once: an
    # edit made while it runs must not be stored under the digest of the code before it. regex's default version
    # decides how a pattern without a version flag compiles, and a process may change it.
    return content_key((FORMAT_VERSION, regex.DEFAULT_VERSION), files)
