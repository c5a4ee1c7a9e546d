"""Compiled pattern lists (boilerplate, calques) kept on disk, so that a process that checks articles does not parse
their regular expressions again: the `regex` module parses in Python (50-100 ms for the shipped lists, in every run
and every worker), while a stored pattern is rebuilt from its compiled code without parsing.

A list is stored under <cache folder>/patterns/ (a PickleStore) in a file named by a key (`content_key`): the list's
name, FORMAT_VERSION, mtqa's version and environment digest (its code and data, the shipped lists among them, the
Python and the regex version) and the path and bytes of every extra pattern file. A list that does not compile is
never stored: its error is raised as without the store. MTQA_NO_CACHE=1 or `use_cache=False` leave the store out.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from mtqa.cache_dir import cache_root
from mtqa.pickle_store import PickleStore, content_key
from mtqa.sqlite_cache import disabled_by_environment

FOLDER = "patterns"
SUFFIX = ".patterns"
# Bump when what the lists compile to changes in a way the source digest would not show.
FORMAT_VERSION = 1
MAGIC = b"mtqa compiled patterns\n"

Compiled = TypeVar("Compiled")


def stored_compiled(name: str, extra_files: tuple[str, ...], kind: type, compile_lists: Callable[[], Compiled],
                    use_cache: bool = True) -> Compiled:
    """What `compile_lists()` makes of the shipped list `name` and `extra_files`, from the store when it holds it for
    the files' present bytes; `kind` is the type it returns."""
    if not use_cache or disabled_by_environment():
        return compile_lists()
    key = _key(name, extra_files)
    if key is None:  # a file that cannot be read: compiling says why
        return compile_lists()
    store = _store(cache_root())
    compiled = store.get(key)
    if not isinstance(compiled, kind):
        compiled = compile_lists()
        if _key(name, extra_files) == key:  # else changed while it was read: the result belongs to no key
            store.put(key, compiled)
    return compiled


def clear_pattern_cache(cache_dir: str | os.PathLike | None = None) -> int:
    """Remove every stored pattern list; the number of files removed. MtqaError naming a file that cannot be."""
    return _store(cache_root(cache_dir)).clear()


@functools.cache
def _store(root: Path) -> PickleStore:
    """One store per cache folder and process, all lists together: a folder that cannot be written is one warning."""
    return PickleStore(root / FOLDER, SUFFIX, MAGIC, object, "pattern cache", "the compiled patterns",
                       "the patterns are compiled afresh")


def _key(name: str, extra_files: tuple[str, ...]) -> str | None:
    return content_key((FORMAT_VERSION, name), extra_files)
