"""Leftover web-page furniture and photo captions, from an editable pattern file.

Patterns anchored to a whole line (starting with ^) are furniture on a line of its own; they are tried, as one
combined expression, only at the start of short lines, which keeps this check cheap on long articles. The others
run over the whole text, and only when one of their `requires` words occurs in it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

import regex
import yaml

from mtqa.checks.context import CheckContext
from mtqa.errors import InputError
from mtqa.model import Finding, Span
from mtqa.rules import get_rule

_RULE_CODES = {"boilerplate": "MTQ301", "photo-caption": "MTQ302"}
MAX_FURNITURE_LINE = 200
_FLAGS = regex.IGNORECASE | regex.MULTILINE


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
            if 0 < line_end - line_start <= MAX_FURNITURE_LINE:
                match = pattern_set.line_expression.match(text, line_start, line_end)
                if match is not None:
                    index = int(match.lastgroup[1:])
                    yield pattern_set.patterns[index], *_reported_span(match, f"t{index}")
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
    shipped = resources.files("mtqa.data").joinpath("boilerplate.yaml")
    patterns = list(_parse(shipped.read_text(encoding="utf-8"), "mtqa/data/boilerplate.yaml"))
    for path in extra_files:
        try:
            with open(path, encoding="utf-8") as handle:
                patterns.extend(_parse(handle.read(), path))
        except OSError as error:
            raise InputError(path, error.strerror or "cannot read pattern file") from None
    alternatives = [
        f"(?P<p{index}>{pattern.pattern.replace('(?P<text>', f'(?P<t{index}>')})"
        for index, pattern in enumerate(patterns) if pattern.whole_line
    ]
    return PatternSet(
        patterns=tuple(patterns),
        line_expression=regex.compile("|".join(alternatives), _FLAGS) if alternatives else None,
        inline=tuple((p, regex.compile(p.pattern, _FLAGS)) for p in patterns if not p.whole_line),
    )


def _parse(text: str, path: str) -> Iterator[BoilerplatePattern]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(path, "malformed YAML", mark.line + 1 if mark else None) from None
    if not isinstance(data, dict) or not isinstance(data.get("patterns"), list):
        raise InputError(path, "a pattern file is a mapping with a 'patterns' list")
    for item in data["patterns"]:
        if not isinstance(item, dict) or not {"id", "pattern"} <= set(item):
            raise InputError(path, "each pattern needs 'id' and 'pattern'")
        rule = get_rule(str(item.get("rule", "boilerplate")))
        if rule is None or rule.code not in _RULE_CODES.values():
            raise InputError(path, f"pattern '{item['id']}': rule must be boilerplate or photo-caption")
        try:
            regex.compile(item["pattern"], _FLAGS)
        except regex.error as error:
            raise InputError(path, f"pattern '{item['id']}': bad regular expression ({error})") from None
        requires = tuple(str(word).lower() for word in item.get("requires", ()))
        yield BoilerplatePattern(str(item["id"]), rule.code, item["pattern"], str(item.get("message", "boilerplate")),
                                 requires)
