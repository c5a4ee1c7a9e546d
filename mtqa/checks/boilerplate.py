"""Leftover web-page furniture, photo captions and credit lines, from an editable pattern file.

Patterns anchored to a whole line (starting with ^, after any global inline flags) are furniture on a line of its
own; they are tried only at the start of short lines, which keeps this check cheap on long articles, and the first in
the list that matches a line reports it. Neighbours in the list that behave in an alternation exactly as alone are
tried as one expression; a pattern with groups, global flags or a construct that reaches beyond its own alternative
is tried alone. The others run over the whole text, and only when one of their `requires` words occurs in it.
"""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from mtqa.checks.context import CheckContext, CheckSettings
from mtqa.checks.pattern_files import (
    FLAGS,
    SEARCH_TIMEOUT,
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
from mtqa.io.files import file_versions
from mtqa.model import Finding, Span
from mtqa.rules import get_rule
from mtqa.text import with_plain_spaces
from mtqa.yaml_input import YamlMapping

_RULE_CODES = {"boilerplate": "MTQ301", "photo-caption": "MTQ302"}
MAX_FURNITURE_LINE = 200
TIMEOUT_PER_LINE = 1e-3  # seconds: about a hundred times what the shipped whole-line patterns take on a short line
_PLAIN_FLAGS = regex.compile("", FLAGS).flags
# Global inline flags at the start of a pattern, which a whole-line pattern may have before its ^.
_LEADING_FLAGS = regex.compile(r"(?:\(\?[\w-]+\)\s*)*")
# What reaches beyond a pattern's own alternative in a combined expression: recursion into the whole expression,
# backtracking verbs, and \K (which moves the start of the match, not of the alternative). Looked for as plain text,
# so that an escaped or quoted look-alike only costs the pattern its place in the combined expression.
_REACHES_OUT = regex.compile(r"\(\?(?:R|0)|\\g|\(\*|\\K")
_ENTRY_KEYS = {"id", "rule", "pattern", "message", "requires"}
# A carriage return not followed by a line feed ends a line in old Mac text. Searching a copy where it is a line
# feed (one character for one, so offsets stay the same) gives CR-only text the findings of LF text.
_LONE_CR = regex.compile(r"\r(?!\n)")


@dataclass(frozen=True)
class BoilerplatePattern:
    id: str
    code: str
    pattern: str
    message: str
    requires: tuple[str, ...] = ()  # case-folded words (required_words), one of which must occur for it to be tried
    path: str = ""  # the pattern file and line of the entry, for errors
    line: int | None = None

    @property
    def whole_line(self) -> bool:
        return self.pattern[_LEADING_FLAGS.match(self.pattern).end():].startswith("^")


@dataclass(frozen=True)
class LineExpression:
    """Whole-line patterns tried as one expression: a pattern alone, or patterns that are each a group of it."""
    expression: regex.Pattern
    patterns: tuple[BoilerplatePattern, ...]
    combined: bool

    def pattern_of(self, match: regex.Match) -> BoilerplatePattern:
        return self.patterns[match.lastindex - 1] if self.combined else self.patterns[0]


@dataclass(frozen=True)
class PatternSet:
    patterns: tuple[BoilerplatePattern, ...]
    lines: tuple[LineExpression, ...]  # the whole-line patterns, in their order in the list
    inline: tuple[tuple[BoilerplatePattern, regex.Pattern], ...]


def check_boilerplate(context: CheckContext) -> Iterator[Finding]:
    versions = context.settings.versions(context.settings.boilerplate_files)
    pattern_set = _load_patterns(versions, context.settings.use_cache)
    occurring = _inline_required_words(versions, context.settings.use_cache).occurring(context.caseless)
    taken = ClaimedText(len(context.text))
    for pattern, start, end in _matches(context, pattern_set, occurring):
        while start < end and context.text[start].isspace():
            start += 1
        while end > start and context.text[end - 1].isspace():
            end -= 1
        if start == end or not taken.claim(start, end):
            continue
        yield context.finding(pattern.code, Span(start, end),
                              f"'{context.text[start:end]}' looks like {pattern.message}", suggestion="")


def _matches(context: CheckContext, pattern_set: PatternSet, occurring: frozenset[str]
             ) -> Iterator[tuple[BoilerplatePattern, int, int]]:
    text = with_plain_spaces(_LONE_CR.sub("\n", context.text) if "\r" in context.text else context.text)
    timeout = search_timeout(text)
    if pattern_set.lines:
        # One allowance for all the article's lines, with a little more for each: a pattern that backtracks for a
        # second on each line would otherwise never be stopped, however many lines it took, and the shipped
        # patterns take microseconds a line (an article of 250,000 short lines is no runaway).
        deadline = time.perf_counter() + timeout + text.count("\n") * TIMEOUT_PER_LINE
        line_start = 0
        while line_start <= len(text):
            line_end = text.find("\n", line_start)
            line_end = len(text) if line_end == -1 else line_end
            # A CRLF line ends before its \r, so that $ in a whole-line pattern holds there as it does for LF.
            body_end = line_end - 1 if line_end > line_start and text[line_end - 1] == "\r" else line_end
            if 0 < body_end - line_start <= MAX_FURNITURE_LINE:
                found = _line_match(pattern_set.lines, text, line_start, body_end, context.document.id, deadline)
                if found is not None:
                    yield found
            line_start = line_end + 1
    for pattern, expression in pattern_set.inline:
        if may_match(pattern.requires, occurring):
            try:  # the timeout counts from the first search to the last, so the matches are collected first
                spans = [_reported_span(match) for match in expression.finditer(text, timeout=timeout)]
            except TimeoutError:
                raise too_slow(pattern.path, pattern.id, pattern.line, context.document.id) from None
            for start, end in spans:
                yield pattern, start, end


def _line_match(lines: tuple[LineExpression, ...], text: str, start: int, end: int, document_id: str,
                deadline: float) -> tuple[BoilerplatePattern, int, int] | None:
    """The first whole-line pattern in the list that matches text[start:end], with the span it reports; an error
    naming the slowest pattern once the article's allowance, which ends at `deadline`, is spent."""
    for line in lines:
        try:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError
            match = line.expression.match(text, start, end, timeout=left)
        except TimeoutError:
            # Every pattern is weighed, not only the one the allowance ran out in: a slow pattern spends it on
            # earlier lines, and a fast one tried after it on a later line was named.
            every = tuple(pattern for expression in lines for pattern in expression.patterns)
            raise _slow_line_pattern(every, text, start, end, document_id) from None
        if match is not None:
            return line.pattern_of(match), *_reported_span(match)
    return None


def _slow_line_pattern(patterns: tuple[BoilerplatePattern, ...], text: str, start: int, end: int,
                       document_id: str) -> InputError:
    """The error naming the pattern that takes longest on text[start:end], each tried alone."""
    slowest, longest = patterns[0], -1.0
    for pattern in patterns if len(patterns) > 1 else ():
        began = time.perf_counter()
        try:
            regex.compile(pattern.pattern, FLAGS).match(text, start, end, timeout=SEARCH_TIMEOUT)
        except TimeoutError:
            return too_slow(pattern.path, pattern.id, pattern.line, document_id)
        if time.perf_counter() - began > longest:
            slowest, longest = pattern, time.perf_counter() - began
    return too_slow(slowest.path, slowest.id, slowest.line, document_id)


def _reported_span(match: regex.Match) -> tuple[int, int]:
    """The match, or its named group `text` where the pattern has one and it took part."""
    if "text" in match.re.groupindex and match.start("text") != -1:
        return match.span("text")
    return match.span()


def settings_patterns(settings: CheckSettings) -> PatternSet:
    """The patterns the settings name, as the check uses them."""
    return _load_patterns(settings.versions(settings.boilerplate_files), settings.use_cache)


def load_patterns(extra_files: tuple[str, ...] = (), use_cache: bool = True) -> PatternSet:
    """The shipped patterns and those of `extra_files`, compiled; from the pattern cache where it holds them."""
    return _load_patterns(file_versions(extra_files), use_cache)


@functools.cache
def _load_patterns(versions: tuple[tuple[str, tuple | None], ...], use_cache: bool) -> PatternSet:
    extra_files = tuple(path for path, _ in versions)
    return stored_compiled("boilerplate.yaml", extra_files, _is_pattern_set, lambda: _compiled(extra_files),
                           use_cache)


@functools.cache
def _inline_required_words(versions: tuple[tuple[str, tuple | None], ...], use_cache: bool) -> RequiredWords:
    return RequiredWords(pattern.requires for pattern, _ in _load_patterns(versions, use_cache).inline)


def _is_pattern_set(value: object) -> bool:
    """Whether a stored value is a PatternSet as _compiled makes them (a foreign one would fail mid-run)."""
    return (isinstance(value, PatternSet) and all(isinstance(p, BoilerplatePattern) for p in value.patterns)
            and all(isinstance(line, LineExpression) and isinstance(line.expression, regex.Pattern)
                    for line in value.lines)
            and all(isinstance(p, BoilerplatePattern) and isinstance(expression, regex.Pattern)
                    for p, expression in value.inline))


def _compiled(extra_files: tuple[str, ...]) -> PatternSet:
    patterns = [_parse(item, path) for item, path in read_entries("boilerplate.yaml", extra_files, "patterns")]
    return PatternSet(
        patterns=tuple(patterns),
        lines=_line_expressions([pattern for pattern in patterns if pattern.whole_line]),
        inline=tuple((p, regex.compile(p.pattern, FLAGS)) for p in patterns if not p.whole_line),
    )


def _line_expressions(patterns: list[BoilerplatePattern]) -> tuple[LineExpression, ...]:
    """Each run of neighbours that can share an expression as one, every other pattern alone."""
    lines = []
    for combinable, run in itertools.groupby(patterns, key=_combinable):
        run = tuple(run)
        if combinable:
            alternatives = "|".join(f"({pattern.pattern})" for pattern in run)
            lines.append(LineExpression(regex.compile(alternatives, FLAGS), run, combined=True))
        else:
            lines.extend(LineExpression(regex.compile(p.pattern, FLAGS), (p,), combined=False) for p in run)
    return tuple(lines)


def _combinable(pattern: BoilerplatePattern) -> bool:
    """Whether the pattern, as one alternative among others, matches exactly what it matches alone: it has no
    groups (whose numbers would shift and whose names could collide), no global flags (which would apply to every
    alternative) and nothing that reaches beyond its alternative."""
    alone = regex.compile(pattern.pattern, FLAGS)
    return alone.groups == 0 and alone.flags == _PLAIN_FLAGS and _REACHES_OUT.search(pattern.pattern) is None


def _parse(item: YamlMapping, path: str) -> BoilerplatePattern:
    entry_id = str(item["id"])

    def fail(message: str) -> InputError:
        return InputError(path, message, item.line, entry_id)

    unknown = set(item) - _ENTRY_KEYS
    if unknown:
        raise fail(f"unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    rule_name = item.get("rule", "boilerplate")
    rule = get_rule(rule_name) if isinstance(rule_name, str) else None
    if rule is None or rule.code not in _RULE_CODES.values():
        raise fail("rule must be boilerplate or photo-caption")
    compile_pattern(item.get("pattern"), path, entry_id, item.line)
    message = item.get("message", "boilerplate")
    if not isinstance(message, str) or not message.strip():
        raise fail("'message' must be a string")
    return BoilerplatePattern(entry_id, rule.code, item["pattern"], message, required_words(item, path, entry_id),
                              path, item.line)
