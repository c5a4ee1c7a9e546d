"""Pattern files: a list shipped in mtqa.data plus the files a config names, read as one list of entries.

Every entry is a mapping; a malformed file, a missing key or a bad regular expression is an input error that names
the file (and line, for YAML errors).
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

import regex
import yaml

from mtqa.errors import InputError

FLAGS = regex.IGNORECASE | regex.MULTILINE


def read_entries(shipped: str, extra_files: tuple[str, ...], key: str) -> Iterator[tuple[dict, str]]:
    """(entry, path) for every entry under `key` in mtqa/data/`shipped`, then in each of `extra_files`."""
    text = resources.files("mtqa.data").joinpath(shipped).read_text(encoding="utf-8")
    yield from _entries(text, f"mtqa/data/{shipped}", key)
    for path in extra_files:
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or "cannot read pattern file"
            raise InputError(path, reason) from None
        yield from _entries(text, path, key)


def compile_pattern(pattern: object, path: str, entry_id: str) -> regex.Pattern:
    """A pattern compiled case-insensitively with ^ and $ at line ends, or an input error naming the entry."""
    if not isinstance(pattern, str) or not pattern:
        raise InputError(path, "a pattern must be a non-empty string", entry=entry_id)
    try:
        return regex.compile(pattern, FLAGS)
    except regex.error as error:
        raise InputError(path, f"bad regular expression ({error})", entry=entry_id) from None


def _entries(text: str, path: str, key: str) -> Iterator[tuple[dict, str]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(path, "malformed YAML", mark.line + 1 if mark else None) from None
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise InputError(path, f"a pattern file is a mapping with a '{key}' list")
    for item in data[key]:
        if not isinstance(item, dict) or "id" not in item:
            raise InputError(path, f"each entry of '{key}' needs an 'id'")
        yield item, path
