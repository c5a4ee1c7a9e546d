"""Leftover web-page furniture, photo captions and credit lines, from an editable pattern file.

Patterns anchored to a whole line (starting with ^) are furniture on a line of its own; they are tried, as one
combined expression, only at the start of short lines, which keeps this check cheap on long articles. The others
run over the whole text, and only when one of their `requires` words occurs in it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from mtqa.checks.context import CheckContext
from mtqa.checks.pattern_files import FLAGS, compile_pattern, read_entries
from mtqa.errors import InputError
from mtqa.model import Finding, Span
from mtqa.rules import get_rule

_RULE_CODES = {"boilerplate": "MTQ301", "photo-caption": "MTQ302"}
MAX_FURNITURE_LINE = 200
# Named groups and references to them: renamed per pattern, so that patterns combined into one expression may use
# the same names.
_GROUP_NAME = regex.compile(r"\(\?(?:P[<=]|&|\((?!DEFINE\)))(?P<name>[A-Za-z_]\w*)")


@dataclass(frozen=True)
class BoilerplatePattern:
    id: str
    code: str
    pattern: str
    message: str
    requires: tuple[str, ...] = ()  # lower-case words, one of which must occur for the pattern to be tried

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
    taken: list[Span] = []
    for pattern, start, end in _matches(context, pattern_set):
        while start < end and context.text[start].isspace():
            start += 1
        while end > start and context.text[end - 1].isspace():
            end -= 1
        span = Span(start, end)
        if start == end or any(span.overlaps(other) for other in taken):
            continue
        taken.append(span)
        yield context.finding(pattern.code, span, f"'{context.text[start:end]}' looks like {pattern.message}",
                              suggestion="")


def _matches(context: CheckContext, pattern_set: PatternSet) -> Iterator[tuple[BoilerplatePattern, int, int]]:
    text = context.text
    if pattern_set.line_expression is not None:
        line_start = 0
        while line_start <= len(text):
            line_end = text.find("\n", line_start)
            line_end = len(text) if line_end == -1 else line_end
            # A CRLF line ends before its \r, so that $ in a whole-line pattern holds there as it does for LF.
            body_end = line_end - 1 if line_end > line_start and text[line_end - 1] == "\r" else line_end
            if 0 < body_end - line_start <= MAX_FURNITURE_LINE:
                match = pattern_set.line_expression.match(text, line_start, body_end)
                if match is not None:
                    index = int(match.lastgroup[1:])
                    yield pattern_set.patterns[index], *_reported_span(match, f"text_{index}")
            line_start = line_end + 1
    lowered = context.folded.folded
    for pattern, expression in pattern_set.inline:
        if not pattern.requires or any(word in lowered for word in pattern.requires):
            for match in expression.finditer(text):
                yield pattern, *_reported_span(match, "text")


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


def _parse(item: dict, path: str) -> BoilerplatePattern:
    entry_id = str(item["id"])
    rule = get_rule(str(item.get("rule", "boilerplate")))
    if rule is None or rule.code not in _RULE_CODES.values():
        raise InputError(path, "rule must be boilerplate or photo-caption", entry=entry_id)
    compile_pattern(item.get("pattern"), path, entry_id)
    requires = tuple(str(word).lower() for word in item.get("requires", ()))
    return BoilerplatePattern(entry_id, rule.code, item["pattern"], str(item.get("message", "boilerplate")), requires)
