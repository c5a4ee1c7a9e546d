"""Compiled glossaries kept on disk, so that a run with an unchanged glossary skips reading and compiling it.

A compiled glossary is stored under <cache folder>/glossaries/ (a PickleStore: checksummed, written atomically, a
damaged file computed again with one warning) in a file named by a key: the sha256 of every glossary file's bytes
and path (in order), the target language, mtqa's version, FORMAT_VERSION and the environment digest (mtqa's source
code and data files, the Python, the libraries compiling uses). A file that changes in any byte, whatever its size
or time stamp, gives another key. MTQA_NO_CACHE=1 or use_cache=False leave it out.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable

from mtqa.cache_dir import NoCacheFolder, cache_root
from mtqa.gc_paused import collect_seldom, collection_paused
from mtqa.glossary.compile import CompiledGlossary
from mtqa.glossary.load import DEFAULT_TARGET_LANGUAGE, load_glossaries
from mtqa.pickle_store import PickleStore, content_key
from mtqa.sqlite_cache import disabled_by_environment

FOLDER = "glossaries"
SUFFIX = ".glossary"
# Bump when the stored layout or what compiling produces changes in a way the source digest would not show.
FORMAT_VERSION = 1
MAGIC = b"mtqa compiled glossary\n"


def load_compiled_glossary(paths: list[str], *, use_cache: bool = True,
                           target_language: str = DEFAULT_TARGET_LANGUAGE,
                           cache_dir: str | os.PathLike | None = None) -> CompiledGlossary:
    """The glossary files `paths` loaded, merged and compiled, from the cache when it holds them unchanged. Errors in
    the files are reported exactly as `load_glossaries` reports them."""
    return _cached_or_compiled(paths, use_cache, target_language, cache_dir)


def held_for_run(load: Callable[[], CompiledGlossary]) -> CompiledGlossary:
    """The compiled glossary `load` gives, its objects (and all others alive now) moved out of the cyclic garbage
    collector's sight: a run keeps its glossary to the end, and each full collection would otherwise walk its million
    objects again (a quarter of the rule stage's time with 50,000 entries). The collector stays off from loading to
    freezing, so that not even the first young collection walks them (a quarter of a second of a 50,000-entry load
    from the cache). Objects freed by reference counting still go; only a reference cycle that is already garbage
    now would stay until the process ends, which is why only a process that ends with its run (the command line)
    asks for it, not the library. Such a process also has the collector's passes made rarer (`collect_seldom`)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        compiled = load()
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
    collect_seldom()
    return compiled


def _cached_or_compiled(paths: list[str], use_cache: bool, target_language: str,
                        cache_dir: str | os.PathLike | None) -> CompiledGlossary:
    if not use_cache or disabled_by_environment() or not paths:
        return _compiled(paths, target_language)
    key = _key(paths, target_language)
    if key is None:  # a file that cannot be read: the loader says why
        return _compiled(paths, target_language)
    try:
        store = _store(cache_dir)
    except NoCacheFolder:  # a user without a home folder: no cache is used
        return _compiled(paths, target_language)
    compiled = store.get(key, lambda value: isinstance(value, CompiledGlossary))
    if compiled is None:
        compiled = _compiled(paths, target_language)
        if _key(paths, target_language) != key:  # changed while it was read: the result belongs to no key
            return compiled
        store.put(key, compiled)
    compiled.content_key = key
    return compiled


def clear_glossary_cache(cache_dir: str | os.PathLike | None = None) -> int:
    """Remove every stored compiled glossary; the number of files removed. MtqaError naming a file that cannot be."""
    return _store(cache_dir).clear()


def _store(cache_dir: str | os.PathLike | None) -> PickleStore:
    return PickleStore(cache_root(cache_dir) / FOLDER, SUFFIX, MAGIC, "glossary cache", "the compiled glossary",
                       "the glossary is compiled afresh", pause_collector=True)


def _compiled(paths: list[str], target_language: str) -> CompiledGlossary:
    with collection_paused():
        return CompiledGlossary(load_glossaries(list(paths), target_language))


def _key(paths: list[str], target_language: str) -> str | None:
    return content_key((FORMAT_VERSION, "glossary", target_language), paths)
