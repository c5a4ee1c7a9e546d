"""Leftover web-page furniture and photo captions, from an editable pattern file."""

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


@dataclass(frozen=True)
class BoilerplatePattern:
    id: str
    code: str
    regex: regex.Pattern
    message: str


def check_boilerplate(context: CheckContext) -> Iterator[Finding]:
    taken: list[Span] = []
    for pattern in load_patterns(context.settings.boilerplate_files):
        for match in pattern.regex.finditer(context.text):
            start, end = match.span("text") if "text" in pattern.regex.groupindex else match.span()
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


@functools.cache
def load_patterns(extra_files: tuple[str, ...] = ()) -> tuple[BoilerplatePattern, ...]:
    shipped = resources.files("mtqa.data").joinpath("boilerplate.yaml")
    patterns = list(_parse(shipped.read_text(encoding="utf-8"), "mtqa/data/boilerplate.yaml"))
    for path in extra_files:
        try:
            with open(path, encoding="utf-8") as handle:
                patterns.extend(_parse(handle.read(), path))
        except OSError as error:
            raise InputError(path, error.strerror or "cannot read pattern file") from None
    return tuple(patterns)


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
            compiled = regex.compile(item["pattern"], regex.IGNORECASE | regex.MULTILINE)
        except regex.error as error:
            raise InputError(path, f"pattern '{item['id']}': bad regular expression ({error})") from None
        yield BoilerplatePattern(str(item["id"]), rule.code, compiled, str(item.get("message", "boilerplate")))
