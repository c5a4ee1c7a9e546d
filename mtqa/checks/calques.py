"""Calques: literal renderings of Chinese, Korean and Japanese news phrases, from an editable list.

Each entry maps phrase patterns to the idiomatic English (a substitution rule, as in Vale), with an optional
sentence context that must hold and one that must not: "relations are gradually melting" is a calque of 融冰,
"the ice is gradually melting" is not.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from mtqa.checks.context import CALQUE, CheckContext, CheckSettings
from mtqa.checks.pattern_files import (
    RequiredWords,
    compile_pattern,
    may_match,
    read_entries,
    required_words,
    search_timeout,
    too_slow,
)
from mtqa.checks.pattern_store import stored_compiled
from mtqa.entities.covered import ClaimedText
from mtqa.errors import InputError
from mtqa.fluency.sentences import split_sentences
from mtqa.io.files import file_versions
from mtqa.model import Finding, Span
from mtqa.text import with_plain_spaces


@dataclass(frozen=True)
class Calque:
    id: str
    expression: regex.Pattern
    suggestion: str
    note: str
    context: regex.Pattern | None = None  # the sentence must match this
    unless: regex.Pattern | None = None  # and must not match this
    path: str = ""  # the pattern file and line of the entry, for errors
    line: int | None = None
    requires: tuple[str, ...] = ()  # case-folded words (required_words), one of which must occur for it to be tried

    def holds_in(self, sentence: str, document_id: str) -> bool:
        """Whether the sentence around a match meets the entry's context and unless patterns."""
        return ((self.context is None or _search(self.context, sentence, self, document_id))
                and (self.unless is None or not _search(self.unless, sentence, self, document_id)))


def check_calques(context: CheckContext) -> Iterator[Finding]:
    versions = context.settings.versions(context.settings.calque_files)
    occurring = _required_words(versions, context.settings.use_cache).occurring(context.caseless)
    tried = [calque for calque in _load_calques(versions, context.settings.use_cache)
             if may_match(calque.requires, occurring)]
    if not tried:
        return  # most articles
    text = with_plain_spaces(context.text)  # as written, but for its spaces: offsets hold
    sentences = _Sentences(text)
    taken = ClaimedText(len(text))
    timeout = search_timeout(text)
    for calque in tried:
        try:  # the timeout counts from the first search to the last, so the matches are collected first
            matches = list(calque.expression.finditer(text, timeout=timeout))
        except TimeoutError:
            raise too_slow(calque.path, calque.id, calque.line, context.document.id) from None
        for match in matches:
            narrowed = "text" in match.re.groupindex and match.start("text") != -1
            span = Span(*match.span("text")) if narrowed else Span(*match.span())
            if span.start == span.end or not taken.is_free(*span):
                continue
            sentence = sentences.around(span)
            if not calque.holds_in(sentence, context.document.id) or _SAID_AS_A_SAYING.search(sentence):
                continue
            taken.mark(*span)
            found = context.text[span.start:span.end]
            yield context.finding(CALQUE, span, f"'{found}' is a literal rendering: {calque.note}",
                                  suggestion=_in_case_of(found, calque.suggestion))


# A saying quoted as one, word for word on purpose, as English news quotes a Korean or Chinese proverb: "In Korea we
# have a saying that when whales fight, the shrimp's back is broken", "as the Chinese proverb goes".
_SAID_AS_A_SAYING = regex.compile(r"\b(?:(?:a|an|the|old|our|their|famous|popular|well-known)[ \t]+(?:[\p{L}-]+[ \t]+)?"
                                  r"(?:saying|proverb|adage|idiom|maxim)s?|sayings?[ \t]+goes|proverbially)\b",
                                  regex.IGNORECASE)


def _search(expression: regex.Pattern, text: str, calque: Calque, document_id: str) -> bool:
    try:
        return expression.search(text, timeout=search_timeout(text)) is not None
    except TimeoutError:
        raise too_slow(calque.path, calque.id, calque.line, document_id) from None


def _in_case_of(found: str, suggestion: str) -> str:
    """The suggestion capitalised where the calque starts with a capital ("The above" -> "The")."""
    return suggestion[:1].upper() + suggestion[1:] if found[:1].isupper() and suggestion else suggestion


_LINE_BREAK = regex.compile("\n")


class _Sentences:
    """The sentence around a span, split line by line and only for lines that hold a candidate."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Line starts, found once: looking back for the line break before each match cost the match's offset, and
        # a long article on one line holds thousands of matches.
        self._line_starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]
        self._lines: dict[int, tuple[list[Span], list[int]]] = {}  # line start -> its sentences and their starts

    def around(self, span: Span) -> str:
        line_start = self._line_starts[bisect.bisect_right(self._line_starts, span.start) - 1]
        line_end = self.text.find("\n", span.end)
        line_end = len(self.text) if line_end == -1 else line_end
        if line_start not in self._lines:
            line = self.text[line_start:line_end]
            sentences = [Span(s.start + line_start, s.end + line_start) for s in split_sentences(line)]
            self._lines[line_start] = sentences, [sentence.start for sentence in sentences]
        sentences, starts = self._lines[line_start]
        index = bisect.bisect_right(starts, span.start) - 1  # the last sentence starting at or before the span
        if index >= 0 and span.start < sentences[index].end:
            return self.text[sentences[index].start:max(sentences[index].end, span.end)]
        return self.text[line_start:line_end]


def settings_calques(settings: CheckSettings) -> tuple[Calque, ...]:
    """The calques the settings name, as the check uses them."""
    return _load_calques(settings.versions(settings.calque_files), settings.use_cache)


def load_calques(extra_files: tuple[str, ...] = (), use_cache: bool = True) -> tuple[Calque, ...]:
    """The shipped calques and those of `extra_files`, compiled; from the pattern cache where it holds them."""
    return _load_calques(file_versions(extra_files), use_cache)


@functools.cache
def _load_calques(versions: tuple[tuple[str, tuple | None], ...], use_cache: bool) -> tuple[Calque, ...]:
    extra_files = tuple(path for path, _ in versions)
    return stored_compiled("calques.yaml", extra_files, _are_calques, lambda: _compiled(extra_files), use_cache)


@functools.cache
def _required_words(versions: tuple[tuple[str, tuple | None], ...], use_cache: bool) -> RequiredWords:
    return RequiredWords(calque.requires for calque in _load_calques(versions, use_cache))


def _are_calques(value: object) -> bool:
    """Whether a stored value is a tuple of calques as _compiled makes it (a foreign one would fail mid-run)."""
    return isinstance(value, tuple) and all(isinstance(calque, Calque) and isinstance(calque.expression, regex.Pattern)
                                            for calque in value)


def _compiled(extra_files: tuple[str, ...]) -> tuple[Calque, ...]:
    calques = []
    for item, path in read_entries("calques.yaml", extra_files, "calques"):
        entry_id, line = str(item["id"]), item.line
        swap = item.get("swap")
        if not isinstance(swap, dict) or not swap:
            raise InputError(path, "a calque needs 'swap': phrase patterns mapped to their English", line, entry_id)
        context = compile_pattern(item["context"], path, entry_id, line) if "context" in item else None
        unless = compile_pattern(item["unless"], path, entry_id, line) if "unless" in item else None
        requires = required_words(item, path, entry_id)
        for pattern, suggestion in swap.items():
            if not isinstance(suggestion, str):
                raise InputError(path, f"the English for '{pattern}' must be a string", line, entry_id)
            calques.append(Calque(entry_id, compile_pattern(pattern, path, entry_id, line), suggestion,
                                  str(item.get("note", "a literal rendering")), context, unless, path, line,
                                  requires))
    return tuple(calques)
