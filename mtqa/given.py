"""What a library caller hands mtqa, checked as the command line and the readers check theirs: paths, settings and
articles built by hand. A wrong type or value is one clear ConfigError or InputError at the door, not a TypeError
deep inside a check or, worse, a report that is silently wrong."""

from __future__ import annotations

import itertools
import math
import numbers
import operator
import os
import pickle
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from mtqa.display import clipped
from mtqa.errors import ConfigError, InputError, MtqaError
from mtqa.io.json_values import value_problem
from mtqa.io.jsonl import article_terms
from mtqa.language_tags import is_language_tag
from mtqa.model import MARKDOWN, Document, Segment, Severity, Span
from mtqa.selection import RuleSelection, are_names, ignore_codes, refuse_a_rule_named_twice

if TYPE_CHECKING:
    from mtqa.gate import GateSettings
    from mtqa.pipeline import CheckOptions

PathGiven = str | os.PathLike


def given_paths(paths: PathGiven | Iterable[PathGiven], what: str) -> tuple[str, ...]:
    """Paths as strings; one path given alone is one path, not the characters of its name."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = (paths,)
    try:
        return tuple(_path(path, what) for path in paths)
    except TypeError:  # not iterable
        raise ConfigError(f"{what} must be a path or a list of paths, not {type(paths).__name__}") from None


def _path(path: object, what: str) -> str:
    if isinstance(path, (str, bytes, os.PathLike)):
        text = os.fsdecode(path)
        if text:
            return text
    raise ConfigError(f"{what} must be paths (strings or path objects), not {clipped(repr(path), 80)}")


def language(value: object, what: str) -> str | None:
    """A language (a tag such as en or zh-Hans, as a Document holds it), or None; anything else is a ConfigError."""
    if value is not None and not (isinstance(value, str) and is_language_tag(value)):
        raise ConfigError(f"{what} must be a language tag (such as en, zh-Hans, ko) or None, "
                          f"not {clipped(repr(value), 40)}")
    return value


def whole_number(value: object, what: str, low: int, high: int) -> int:
    """An int from low to high; any integer type (numpy's too) is taken, true and false are not."""
    try:
        number = operator.index(value) if not isinstance(value, bool) else None
    except TypeError:
        number = None
    if number is None or not low <= number <= high:
        raise ConfigError(f"{what} must be a whole number from {low} to {high}, not {clipped(repr(value), 80)}")
    return number


def finite_number(value: object, what: str, low: float, high: float = math.inf, *, optional: bool = False
                  ) -> float | None:
    """A finite float from low to high (None where `optional`); any real number type is taken, true and false are
    not."""
    if value is None and optional:
        return None
    try:
        number = float(value) if isinstance(value, numbers.Real) and not isinstance(value, bool) else None
    except OverflowError:  # an int too large for a float
        number = None
    if number is None or not math.isfinite(number) or not low <= number <= high:
        bounds = f"from {low:g} to {high:g}" if math.isfinite(high) else f"of at least {low:g}"
        raise ConfigError(f"{what} must be a finite number {bounds}, not {clipped(repr(value), 80)}")
    return number


def checked_options(options: CheckOptions) -> CheckOptions:
    """The options, refused where a value is of the wrong type or out of range; severities may be given by name
    ("critical") as the config file gives them."""
    from mtqa.metrics import metric_names
    from mtqa.pipeline import CheckOptions
    from mtqa.rules import get_rule

    _of_type(options, CheckOptions, "options", "mtqa.CheckOptions")
    threshold = finite_number(options.settings.fuzzy_threshold, "fuzzy_threshold", 50, 100)
    settings = replace(options.settings, fuzzy_threshold=threshold,
                       **{name: given_paths(getattr(options.settings, name), name)
                          for name in ("boilerplate_files", "calque_files")})
    overrides = {}
    if not isinstance(options.severity_overrides, Mapping):
        raise ConfigError("severity_overrides must map rule codes to severities")
    refuse_a_rule_named_twice(options.severity_overrides, "severity_overrides: ")
    for code, severity in options.severity_overrides.items():
        rule = get_rule(code) if isinstance(code, str) else None
        if rule is None:
            raise ConfigError(f"severity_overrides: unknown rule '{clipped(str(code), 40)}' (see 'mtqa rules')")
        try:
            overrides[rule.code] = Severity(severity)
        except ValueError:
            raise ConfigError(f"severity_overrides: {code} must be one of {', '.join(Severity)}, "
                              f"not {clipped(repr(severity), 40)}") from None
    if not are_names(options.metrics):
        raise ConfigError("metrics must be a tuple of metric names")
    try:
        metrics = metric_names(options.metrics)
    except MtqaError as error:  # which name is unknown
        raise ConfigError(f"metrics: {error}") from None
    _of_type(options.selection, RuleSelection, "selection", "mtqa.selection.RuleSelection")  # checks its own parts
    return replace(options, settings=settings, severity_overrides=overrides, metrics=metrics,
                   baseline=_checked_baseline(options.baseline), fluency=_checked_fluency(options.fluency))


def _of_type(value: object, kind: type, what: str, named: str) -> None:
    if not isinstance(value, kind):
        raise ConfigError(f"{what} must be an {named}, not {clipped(repr(value), 80)}")


def _checked_baseline(baseline: object):
    """A Baseline, or None; a path is the baseline file there, read as --baseline reads it."""
    from mtqa.suppressions import Baseline, load_baseline

    if baseline is None or isinstance(baseline, Baseline):
        return baseline
    if isinstance(baseline, (str, os.PathLike)):
        return load_baseline(_path(baseline, "baseline"))
    raise ConfigError(f"baseline must be a path, an mtqa.suppressions.Baseline or None, "
                      f"not {clipped(repr(baseline), 80)}")


def _checked_fluency(fluency: object):
    from mtqa.fluency.precision import PRECISIONS
    from mtqa.fluency.settings import FluencySettings

    _of_type(fluency, FluencySettings, "fluency", "mtqa.fluency.settings.FluencySettings")
    if fluency.precision not in PRECISIONS:
        raise ConfigError(f"fluency precision must be one of {', '.join(PRECISIONS)}, "
                          f"not {clipped(repr(fluency.precision), 40)}")
    if not isinstance(fluency.use_cache, bool):
        raise ConfigError("fluency use_cache must be True or False")
    paths = {name: _path(getattr(fluency, name), f"fluency {name}")
             for name in ("model", "cache_dir") if getattr(fluency, name) is not None}
    counts = {name: whole_number(getattr(fluency, name), f"fluency {name}", 1, 1 << 20)
              for name in ("batch_size", "batch_tokens")}
    counts |= {name: whole_number(getattr(fluency, name), f"fluency {name}", 0, 1 << 20)
               for name in ("max_low_fluency", "max_unexpected")}
    if fluency.threads is not None:
        counts["threads"] = whole_number(fluency.threads, "fluency threads", 1, 1 << 20)
    return replace(fluency, **paths, **counts)


def checked_gate(gate: GateSettings) -> GateSettings:
    """The gate settings, refused where a value is of the wrong type or out of range; its numbers as floats."""
    from mtqa.config import FAIL_ON_LEVELS
    from mtqa.gate import GateSettings

    _of_type(gate, GateSettings, "gate", "mtqa.GateSettings")
    if gate.fail_on not in FAIL_ON_LEVELS:
        raise ConfigError(f"fail_on must be one of {', '.join(FAIL_ON_LEVELS)}, "
                          f"not {clipped(repr(gate.fail_on), 40)}")
    return replace(gate, max_penalty=finite_number(gate.max_penalty, "max_penalty", 0, optional=True),
                   min_fluency=finite_number(gate.min_fluency, "min_fluency", 0, 100, optional=True),
                   min_chrf=finite_number(gate.min_chrf, "min_chrf", 0, 100, optional=True))


_OPTIONAL_TEXTS = ("source", "source_lang", "reference", "path", "target_lang")


def given_documents(documents: Iterable[Document]) -> Iterator[Document]:
    """Articles a caller built, as they are checked: each a Document whose fields have the types the readers give
    them, with no lone surrogate (no report could be written), and no id given twice (the report would show one
    article in place of the other)."""
    if isinstance(documents, (str, bytes, os.PathLike)):
        raise InputError("documents", "expected a list or other iterable of mtqa.model.Document objects, not a path "
                                      "(mtqa.load_documents reads the articles of files and folders)")
    if isinstance(documents, (Mapping, Document)):
        raise InputError("documents", f"expected a list or other iterable of mtqa.model.Document objects, not one "
                                      f"{type(documents).__name__}")
    if not isinstance(documents, Iterable):
        raise InputError("documents", f"expected a list or other iterable of mtqa.model.Document objects, not "
                                      f"{type(documents).__name__}")
    seen: set[str] = set()
    for number, document in enumerate(documents, start=1):
        document = _checked_document(document, number)
        if document.id in seen:
            raise InputError(f"document {number}", f"duplicate document id '{clipped(document.id, 80)}'")
        seen.add(document.id)
        yield document


def _checked_document(document: object, number: int) -> Document:
    """The document, its segments as a tuple; InputError naming it where a field is wrong."""
    where = f"document {number}"
    if not isinstance(document, Document):
        raise InputError(where, f"expected an mtqa.model.Document, not {type(document).__name__}")
    if not isinstance(document.id, str) or not document.id:
        raise InputError(where, "field 'id' must be a non-empty string")
    if not isinstance(document.target, str):
        raise InputError(_named(document), "field 'target' must be a string")
    for name in _OPTIONAL_TEXTS:
        if not isinstance(getattr(document, name), (str, type(None))):
            raise InputError(_named(document), f"field '{name}' must be a string or None")
    if document.markup not in (None, MARKDOWN):
        raise InputError(_named(document), f"field 'markup' must be '{MARKDOWN}' or None")
    if not isinstance(document.metadata, Mapping):
        raise InputError(_named(document), "field 'metadata' must be a mapping")
    try:
        ignore_codes(document.metadata.get("mtqa_ignore"))
    except ValueError as error:
        raise InputError(_named(document), str(error)) from None
    if not isinstance(document.terms, Mapping) or not all(
            isinstance(source, str) and isinstance(targets, (tuple, list)) and all(isinstance(t, str) for t in targets)
            for source, targets in document.terms.items()):
        raise InputError(_named(document), "field 'terms' must map source forms to tuples of target forms")
    # Then as a JSONL line's: a source form without a usable target form made the missing-term check fail.
    terms = article_terms({source: list(targets) for source, targets in document.terms.items()}, _named(document),
                          None)
    if not isinstance(document.segments, (tuple, list)) or not all(isinstance(s, Segment)
                                                                     for s in document.segments):
        raise InputError(_named(document), "field 'segments' must be a tuple of mtqa.model.Segment")
    if not all(_segment_fits(segment, document) for segment in document.segments):
        raise InputError(_named(document), "a segment's spans must lie in the article's target and source, and its "
                                           "line and column be whole numbers from 1, or None")
    if any(later.target.start < earlier.target.end for earlier, later in itertools.pairwise(document.segments)):
        raise InputError(_named(document), "segments must follow one another in the target, without overlapping")
    if not _line_number(document.line):
        raise InputError(_named(document), "field 'line' must be a whole number from 1, or None")
    # Every text that reports show.
    problem = value_problem({"id": document.id, "target": document.target,
                             **{name: getattr(document, name) for name in _OPTIONAL_TEXTS},
                             "terms": {source: list(targets) for source, targets in document.terms.items()},
                             "segments": [segment.id for segment in document.segments],
                             "metadata": dict(document.metadata)}) or _carried(document.metadata)
    if problem:
        raise InputError(_named(document), problem)
    fields = {} if isinstance(document.segments, tuple) else {"segments": tuple(document.segments)}
    if terms != document.terms or type(document.terms) is not dict:  # forms with spaces around them, in lists, or
        fields["terms"] = terms  # a read-only view (which no worker or cache could take): as a JSONL line's are read
    if type(document.metadata) is not dict:  # a read-only view, say: neither pickled nor cached as it is
        fields["metadata"] = dict(document.metadata)
    return replace(document, **fields) if fields else document


def _carried(metadata: Mapping) -> str | None:
    """Why the metadata could not go where an article goes (pickled to --jobs and Dask workers, written out in the
    result cache's key), or None. Dates, decimals or numpy numbers are fine; a function or a lock is not."""
    try:
        pickle.dumps(dict(metadata), protocol=pickle.HIGHEST_PROTOCOL)
        repr(metadata)  # a whole number of thousands of digits cannot be written out
    except Exception as error:  # noqa: BLE001 - whatever pickling raises, the article cannot travel
        return f"field 'metadata' cannot be passed on to worker processes and caches ({clipped(str(error), 80)})"
    return None


def _segment_fits(segment: Segment, document: Document) -> bool:
    if not isinstance(segment.id, str) or not _line_number(segment.line) or not _line_number(segment.column):
        return False
    source = document.source
    return _span_in(segment.target, document.target) and (
        segment.source is None or (source is not None and _span_in(segment.source, source)))


def _line_number(value: object) -> bool:
    """Whether `value` is a line or column number as reports write it (SARIF's start at 1), or None."""
    return value is None or (type(value) is int and 1 <= value < 1 << 63)


def _span_in(span: object, text: str) -> bool:
    return isinstance(span, Span) and all(isinstance(edge, int) for edge in span) and \
        0 <= span.start <= span.end <= len(text)


def _named(document: Document) -> str:
    """The article as an error names it; made only for an error, as escaping every id would cost a third of the
    check at the door."""
    return f"document '{clipped(document.id, 80)}'"
