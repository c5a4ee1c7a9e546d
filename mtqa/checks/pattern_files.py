"""Pattern files: a list shipped in mtqa.data plus the files a config names, read as one list of entries.

Every entry is a mapping with an id; a malformed file, a value of the wrong type or a bad regular expression is an
input error that names the file (and the line of the entry or of the YAML error). Searches with patterns from these
files have a time limit (`search_timeout`), so that a pattern that backtracks without end cannot hang a CI job.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import ahocorasick
import regex

from mtqa.data import shipped_text
from mtqa.errors import InputError
from mtqa.io.names import display_path
from mtqa.text import caseless, fold
from mtqa.yaml_input import YamlMapping, load_yaml, read_yaml

FLAGS = regex.IGNORECASE | regex.MULTILINE
# The shipped patterns take microseconds per line and about 30 ns per character of an article; seconds can only
# mean catastrophic backtracking, which grows exponentially, not with the length of the text.
SEARCH_TIMEOUT = 2.0
TIMEOUT_PER_CHARACTER = 1e-6


def read_entries(shipped: str, extra_files: tuple[str, ...], key: str) -> Iterator[tuple[YamlMapping, str]]:
    """(entry, path) for every entry under `key` in mtqa/data/`shipped`, then in each of `extra_files`."""
    shipped_path = f"mtqa/data/{shipped}"
    yield from _entries(load_yaml(shipped_text(shipped), shipped_path), shipped_path, key)
    for path in extra_files:
        yield from _entries(read_yaml(path), display_path(path), key)


def compile_pattern(pattern: object, path: str, entry_id: str, line: int | None = None) -> regex.Pattern:
    """A pattern compiled case-insensitively with ^ and $ at line ends, or an input error naming the entry."""
    if not isinstance(pattern, str) or not pattern:
        raise InputError(path, "a pattern must be a non-empty string", line, entry_id)
    try:
        return regex.compile(pattern, FLAGS)
    except regex.error as error:
        raise InputError(path, f"bad regular expression ({error})", line, entry_id) from None


def required_words(item: YamlMapping, path: str, entry_id: str) -> tuple[str, ...]:
    """The entry's `requires`: words one of which must occur in an article for its patterns to be tried (a cheap
    pre-check that spares most articles a search), folded and case-folded as the article's text is for the look-up
    (CheckContext.caseless); empty where it has none."""
    requires = item.get("requires", [])
    requires = [requires] if isinstance(requires, str) else requires
    if not isinstance(requires, list) or not all(isinstance(word, str) and word.strip() for word in requires):
        raise InputError(path, "'requires' must be a list of words", item.line, entry_id)
    return tuple(caseless(fold(word)).strip() for word in requires)


def may_match(requires: tuple[str, ...], occurring: frozenset[str]) -> bool:
    """Whether an entry with these `requires` words is worth trying on an article, `occurring` being the words of
    the list that occur in it (RequiredWords.occurring)."""
    return not requires or not occurring.isdisjoint(requires)


class RequiredWords:
    """The `requires` words of a list's entries, looked up in an article in one pass: asking for each entry's words
    in turn read the article once per word, dozens of times an article."""

    def __init__(self, lists: Iterable[tuple[str, ...]]) -> None:
        words = {word for requires in lists for word in requires}
        self._automaton = ahocorasick.Automaton() if words else None
        for word in words:
            self._automaton.add_word(word, word)
        if self._automaton is not None:
            self._automaton.make_automaton()

    def occurring(self, caseless_text: str) -> frozenset[str]:
        """The words that occur in an article's CheckContext.caseless, anywhere (inside other words too, as `in`
        finds them)."""
        if self._automaton is None:
            return frozenset()
        return frozenset(word for _, word in self._automaton.iter(caseless_text))


def search_timeout(text: str) -> float:
    """Seconds a search over all of `text` may run: a fixed allowance, and more for longer text."""
    return SEARCH_TIMEOUT + len(text) * TIMEOUT_PER_CHARACTER


def too_slow(path: str, entry_id: str, line: int | None, document_id: str) -> InputError:
    """The error for a pattern whose search ran past SEARCH_TIMEOUT."""
    return InputError(path, f"the pattern ran too long on article '{document_id}' "
                            "(it backtracks without end; make its repetitions unambiguous)", line, entry_id)


def _entries(data: object, path: str, key: str) -> Iterator[tuple[YamlMapping, str]]:
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise InputError(path, f"a pattern file is a mapping with a '{key}' list", getattr(data, "line", None))
    for item in data[key]:
        if not isinstance(item, dict):
            raise InputError(path, f"each entry of '{key}' must be a mapping")
        given = item.get("id")
        if not (isinstance(given, str) and given.strip()) and type(given) is not int:  # bool is an int too
            raise InputError(path, f"each entry of '{key}' needs an 'id' (a string)", item.line)
        yield item, path
