"""Leftover web-page furniture, photo captions and credit lines, from an editable pattern file.

Patterns anchored to a whole line (starting with ^) are furniture on a line of its own; they are tried, as one
combined expression, only at the start of short lines, which keeps this check cheap on long articles. The others
run over the whole text, and only when one of their `requires` words occurs in it.
"""

from __future__ import annotations

import bisect
import functools
import time
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from mtqa.checks.context import CheckContext
from mtqa.checks.pattern_files import FLAGS, SEARCH_TIMEOUT, compile_pattern, read_entries, search_timeout, too_slow
from mtqa.errors import InputError
from mtqa.model import Finding, Span
from mtqa.rules import get_rule
from mtqa.yaml_input import YamlMapping

_RULE_CODES = {"boilerplate": "MTQ301", "photo-caption": "MTQ302"}
MAX_FURNITURE_LINE = 200
# Named groups and references to them: renamed per pattern, so that patterns combined into one expression may use
# the same names.
_GROUP_NAME = regex.compile(r"\(\?(?:P[<=]|&|\((?!DEFINE\)))(?P<name>[A-Za-z_]\w*)")
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
    requires: tuple[str, ...] = ()  # lower-case words, one of which must occur for the pattern to be tried
    path: str = ""  # the pattern file and line of the entry, for errors
    line: int | None = None

    @property
    def whole_line(self) -> bool:
        return self.pattern.startswith("^")


@dataclass(frozen=True)
class PatternSet:
    patterns: tuple[BoilerplatePattern, ...]
    line_expression: regex.Pattern | None  # every whole-line pattern, as group p<index>
    inline: tuple[tuple[BoilerplatePattern, regex.Pattern], ...]


def check_boilerplate(context: CheckContext) -> Iterator[Finding]:
    pattern_set = load_patterns(context.settings.boilerplate_files)
    taken = _DisjointSpans()
    for pattern, start, end in _matches(context, pattern_set):
        while start < end and context.text[start].isspace():
            start += 1
        while end > start and context.text[end - 1].isspace():
            end -= 1
        if start == end or not taken.claim(start, end):
            continue
        yield context.finding(pattern.code, Span(start, end),
                              f"'{context.text[start:end]}' looks like {pattern.message}", suggestion="")


class _DisjointSpans:
    """Spans that do not overlap, kept in order, so that a new span is compared with one neighbour, not with all
    (an article of thousands of furniture lines stays linear)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def claim(self, start: int, end: int) -> bool:
        """Add [start, end) unless it overlaps a span already added; whether it was added."""
        index = bisect.bisect_left(self._starts, end)  # the spans before `index` start before `end`
        if index > 0 and self._ends[index - 1] > start:
            return False
        self._starts.insert(index, start)
        self._ends.insert(index, end)
        return True


def _matches(context: CheckContext, pattern_set: PatternSet) -> Iterator[tuple[BoilerplatePattern, int, int]]:
    text = _LONE_CR.sub("\n", context.text) if "\r" in context.text else context.text
    if pattern_set.line_expression is not None:
        line_start = 0
        while line_start <= len(text):
            line_end = text.find("\n", line_start)
            line_end = len(text) if line_end == -1 else line_end
            # A CRLF line ends before its \r, so that $ in a whole-line pattern holds there as it does for LF.
            body_end = line_end - 1 if line_end > line_start and text[line_end - 1] == "\r" else line_end
            if 0 < body_end - line_start <= MAX_FURNITURE_LINE:
                try:
                    match = pattern_set.line_expression.match(text, line_start, body_end, timeout=SEARCH_TIMEOUT)
                except TimeoutError:
                    raise _slow_line_pattern(pattern_set, text, line_start, body_end, context.document.id) from None
                if match is not None:
                    index = int(match.lastgroup[1:])
                    yield pattern_set.patterns[index], *_reported_span(match, f"text_{index}")
            line_start = line_end + 1
    lowered = context.folded.folded
    timeout = search_timeout(text)
    for pattern, expression in pattern_set.inline:
        if not pattern.requires or any(word in lowered for word in pattern.requires):
            try:  # the timeout counts from the first search to the last, so the matches are collected first
                spans = [_reported_span(match, "text") for match in expression.finditer(text, timeout=timeout)]
            except TimeoutError:
                raise too_slow(pattern.path, pattern.id, pattern.line, context.document.id) from None
            for start, end in spans:
                yield pattern, start, end


def _slow_line_pattern(pattern_set: PatternSet, text: str, start: int, end: int, document_id: str) -> InputError:
    """The error naming the whole-line pattern that takes longest on text[start:end], each tried alone."""
    slowest, longest = None, -1.0
    for pattern in pattern_set.patterns:
        if pattern.whole_line:
            began = time.perf_counter()
            try:
                regex.compile(pattern.pattern, FLAGS).match(text, start, end, timeout=SEARCH_TIMEOUT)
            except TimeoutError:
                return too_slow(pattern.path, pattern.id, pattern.line, document_id)
            if time.perf_counter() - began > longest:
                slowest, longest = pattern, time.perf_counter() - began
    return too_slow(slowest.path, slowest.id, slowest.line, document_id)


def _reported_span(match: regex.Match, group: str) -> tuple[int, int]:
    """The match, or its named group `text` where the pattern has one."""
    if group in match.re.groupindex and match.start(group) != -1:
        return match.span(group)
    return match.span(match.lastgroup) if match.lastgroup else match.span()


@functools.cache
def load_patterns(extra_files: tuple[str, ...] = ()) -> PatternSet:
    patterns = [_parse(item, path) for item, path in read_entries("boilerplate.yaml", extra_files, "patterns")]
    alternatives = [f"(?P<p{index}>{_namespaced(pattern.pattern, index)})"
                    for index, pattern in enumerate(patterns) if pattern.whole_line]
    return PatternSet(
        patterns=tuple(patterns),
        line_expression=regex.compile("|".join(alternatives), FLAGS) if alternatives else None,
        inline=tuple((p, regex.compile(p.pattern, FLAGS)) for p in patterns if not p.whole_line),
    )


def _namespaced(pattern: str, index: int) -> str:
    """The pattern with every group name suffixed by its index (`text` becomes `text_3`)."""
    return _GROUP_NAME.sub(lambda m: f"{m.group()}_{index}", pattern)


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
    requires = item.get("requires", [])
    requires = [requires] if isinstance(requires, str) else requires
    if not isinstance(requires, list) or not all(isinstance(word, str) and word.strip() for word in requires):
        raise fail("'requires' must be a list of words")
    return BoilerplatePattern(entry_id, rule.code, item["pattern"], message, tuple(w.lower() for w in requires),
                              path, item.line)
