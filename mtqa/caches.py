"""`mtqa cache clear`: every cache mtqa keeps in its cache folder, removed at once. The prepared fluency model is
not a cache of results and stays (preparing it again takes about 30 s); and so does anything mtqa did not write (the
folder may be shared with other files)."""

from __future__ import annotations

import functools
import os

from mtqa.display import warn


def clear_caches(cache_dir: str | None = None) -> int:
    """The number of files removed; MtqaError naming the first file that could not be, after every other has been
    tried (one damaged entry does not leave the rest of the cache in place)."""
    from mtqa.cache_dir import cache_root, removed_cache_file, removed_each
    from mtqa.checks.pattern_store import clear_pattern_cache
    from mtqa.fluency.cache import FILE_NAME as SENTENCE_CACHE
    from mtqa.fluency.cache import ScoreCache
    from mtqa.glossary.cache import clear_glossary_cache
    from mtqa.result_cache import FILE_NAME as RESULT_CACHE
    from mtqa.result_cache import ResultCache
    from mtqa.sqlite_cache import database_files

    root = cache_root(cache_dir)
    files = []
    for database, tables in ((root / RESULT_CACHE, ResultCache.tables), (root / SENTENCE_CACHE, ScoreCache.tables)):
        found = database_files(database, tables)
        if not found and os.path.lexists(database):
            warn(f"{database}: left as it is: not a cache database mtqa wrote, or held by another program (remove "
                 "it yourself)")
        files += found
    return removed_each([*(functools.partial(removed_cache_file, path) for path in files),
                         functools.partial(clear_glossary_cache, cache_dir),
                         functools.partial(clear_pattern_cache, cache_dir)])
