"""Settings from [tool.mtqa] in pyproject.toml or from mtqa.toml, validated once. Command-line flags win."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from mtqa.display import clipped
from mtqa.errors import ConfigError, InputError, MtqaError
from mtqa.fluency.precision import PRECISIONS
from mtqa.given import finite_number, whole_number
from mtqa.io.decode import read_bytes, read_utf8
from mtqa.io.names import display_path
from mtqa.metrics import DEFAULT_METRICS, metric_names
from mtqa.model import Severity
from mtqa.rules import get_rule
from mtqa.selection import refuse_a_rule_named_twice, refuse_unknown_selector

FAIL_ON_LEVELS = ("minor", "major", "critical", "never")
MAX_JOBS = 4096  # worker processes: more is a typo, not a machine
_KEYS = {"glossaries", "extend-glossaries", "select", "extend-select", "ignore", "severity", "fuzzy-threshold",
         "fail-on", "boilerplate-patterns", "calque-patterns", "max-penalty", "min-fluency", "min-chrf", "fluency",
         "fluency-model", "fluency-precision", "metrics", "jobs"}


@dataclass(frozen=True)
class Config:
    path: str | None = None
    glossaries: tuple[str, ...] | None = None
    extend_glossaries: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)  # rule code -> severity
    fuzzy_threshold: float = 80.0
    fail_on: str = "major"
    boilerplate_patterns: tuple[str, ...] = ()
    calque_patterns: tuple[str, ...] = ()
    max_penalty: float | None = None
    min_fluency: float | None = None
    min_chrf: float | None = None
    fluency: bool | None = None  # None: not set (on, unless the model is missing); True: asked for by name
    fluency_model: str | None = None
    fluency_precision: str = "auto"
    metrics: tuple[str, ...] = DEFAULT_METRICS  # reference metrics by name
    jobs: int = 0  # worker processes; 0: one per CPU


def find_config(start: Path | None = None) -> str | None:
    """mtqa.toml, or a pyproject.toml with a [tool.mtqa] table, in the current folder.

    A pyproject.toml that cannot be read or parsed is passed over only when nothing in it mentions mtqa: its
    [tool.mtqa] settings must not be dropped without a word.
    """
    folder = start or Path.cwd()
    own = folder / "mtqa.toml"
    if own.exists() or own.is_symlink():  # a folder or a broken link by that name is for load_config to report
        return str(own)
    pyproject = folder / "pyproject.toml"
    if not (pyproject.exists() or pyproject.is_symlink()):
        return None
    try:
        data = _read_toml(str(pyproject))
    except ConfigError:
        if _may_mention_mtqa(str(pyproject)):
            raise
        return None
    tool = data.get("tool")
    return str(pyproject) if isinstance(tool, dict) and "mtqa" in tool else None


def _may_mention_mtqa(path: str) -> bool:
    """Whether the file's bytes name mtqa, in UTF-8 or UTF-16; a file that cannot be read at all might."""
    try:
        data = read_bytes(path)
    except InputError:
        return Path(path).is_file()  # unreadable, not a folder or a device: its settings cannot be ruled out
    return any(word in data for word in (b"mtqa", "mtqa".encode("utf-16-le"), "mtqa".encode("utf-16-be")))


def _read_toml(path: str) -> dict:
    try:
        text = read_utf8(path)
    except InputError as error:
        raise ConfigError(str(error)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problem = _TOML_PLACE.search(str(error))
        if problem is None:
            raise ConfigError(f"{display_path(path)}: malformed TOML: {error}") from None
        raise ConfigError(f"{display_path(path)}:{problem['line']}: malformed TOML: {problem['message']}") from None
    # The stdlib parser recurses once per level of nested arrays and tables, and turns digits into an int without
    # a length limit of its own: both are refused as input errors here.
    except RecursionError:
        raise ConfigError(f"{display_path(path)}: malformed TOML: arrays or tables nested too deeply") from None
    except ValueError as error:
        problem = "an integer of thousands of digits" if "integer string conversion" in str(error) else str(error)
        raise ConfigError(f"{display_path(path)}: malformed TOML: {problem}") from None


def _selectors(value: object, key: str, where: str) -> tuple[str, ...]:
    """A rule selection list, each selector known: a wrong one is told with the file and setting that gave it."""
    selectors = tuple(_string_list(value, key, where))
    for selector in selectors:
        refuse_unknown_selector(selector, f"{where}: {key}: ")
    return selectors


_TOML_PLACE = re.compile(r"^(?P<message>.*) \(at line (?P<line>\d+), column \d+\)$", re.DOTALL)


def load_config(path: str | None) -> Config:
    if path is None:
        return Config()
    table = _settings_table(_read_toml(path), path)
    where = display_path(path)  # the file as messages name it
    unknown = set(table) - _KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown setting(s) {', '.join(sorted(unknown))}")
    base = Path(path).parent

    def paths(key: str) -> tuple[str, ...] | None:
        value = table.get(key)
        if value is None:
            return None
        items = _string_list(value, key, where)
        if not items:  # an empty list would quietly mean the shipped set (glossaries) or nothing (patterns)
            raise ConfigError(f"{where}: '{key}' is empty; leave it out for the default")
        if not all(item.strip() for item in items):  # "" is the config's own folder, never a file
            raise ConfigError(f"{where}: '{key}' holds an empty path")
        if any("\x00" in item for item in items):
            raise ConfigError(f"{where}: '{key}' holds a path with a NUL character")
        return tuple(str(base / item) for item in items)

    severity = {}
    raw_severity = table.get("severity", {})
    if not isinstance(raw_severity, dict):
        raise ConfigError(f"{where}: 'severity' must be a table of rule = level")
    refuse_a_rule_named_twice(raw_severity, f"{where}: severity: ")
    for selector, level in raw_severity.items():
        rule = get_rule(selector)
        if rule is None:
            raise ConfigError(f"{where}: severity: unknown rule '{clipped(selector, 60)}'")
        if level not in [member.value for member in Severity]:  # a list: level may be unhashable
            raise ConfigError(f"{where}: severity of {selector}: '{level}' is not minor, major or critical")
        severity[rule.code] = Severity(level)
    fail_on = table.get("fail-on", "major")
    if fail_on not in FAIL_ON_LEVELS:
        raise ConfigError(f"{where}: fail-on must be one of {', '.join(FAIL_ON_LEVELS)}")
    fluency = table.get("fluency")
    if fluency is not None and not isinstance(fluency, bool):
        raise ConfigError(f"{where}: fluency must be true or false")
    fluency_model = table.get("fluency-model")
    if fluency_model is not None and (not isinstance(fluency_model, str) or not fluency_model.strip()
                                      or "\x00" in fluency_model):
        # "" would quietly mean the packaged model, as no setting does: most likely an unset variable
        raise ConfigError(f"{where}: fluency-model must be a path (leave it out for the packaged model)")
    fluency_precision = table.get("fluency-precision", "auto")
    if fluency_precision not in PRECISIONS:
        raise ConfigError(f"{where}: fluency-precision must be one of {', '.join(PRECISIONS)}")
    select = table.get("select")
    try:
        metrics = metric_names(_string_list(table["metrics"], "metrics", where)) if "metrics" in table \
            else DEFAULT_METRICS
    except MtqaError as error:
        raise ConfigError(f"{where}: metrics: {error}") from None
    jobs = whole_number(table.get("jobs", 0), f"{where}: jobs", 0, MAX_JOBS)  # worker processes; 0: one per CPU
    return Config(
        path=path,
        glossaries=paths("glossaries"),
        extend_glossaries=paths("extend-glossaries") or (),
        select=_selectors(select, "select", where) if select is not None else None,
        extend_select=_selectors(table.get("extend-select", []), "extend-select", where),
        ignore=_selectors(table.get("ignore", []), "ignore", where),
        severity=severity,
        fuzzy_threshold=_number(table, "fuzzy-threshold", where, 50, 100, default=80.0),
        fail_on=fail_on,
        boilerplate_patterns=paths("boilerplate-patterns") or (),
        calque_patterns=paths("calque-patterns") or (),
        max_penalty=_number(table, "max-penalty", where, 0),
        min_fluency=_number(table, "min-fluency", where, 0, 100),
        min_chrf=_number(table, "min-chrf", where, 0, 100),
        fluency=fluency,
        fluency_model=str(base / fluency_model) if fluency_model else None,
        fluency_precision=fluency_precision,
        metrics=metrics,
        jobs=jobs,
    )


def _settings_table(data: dict, path: str) -> dict:
    """The settings: [tool.mtqa] in pyproject.toml; in mtqa.toml, [tool.mtqa] where there is one, else the top level
    (not both: the settings at the top level would be passed over without a word)."""
    tool = data.get("tool")
    nested = tool.get("mtqa") if isinstance(tool, dict) else None
    own_file = Path(path).name != "pyproject.toml"
    if nested is None and own_file:
        return data
    outside = [clipped(key, 60) for key in data if key != "tool"]
    if own_file and outside:
        raise ConfigError(f"{display_path(path)}: settings both at the top level ({', '.join(outside)}) and in "
                          "[tool.mtqa]; put them all in one place")
    if tool is not None and not isinstance(tool, dict):
        raise ConfigError(f"{display_path(path)}: 'tool' must be a table, the one that holds [tool.mtqa]")
    if nested is not None and not isinstance(nested, dict):
        raise ConfigError(f"{display_path(path)}: [tool.mtqa] must be a table of settings, not {_kind(nested)}")
    if nested is None:  # named with --config, yet it holds no settings: most likely the wrong file
        raise ConfigError(f"{display_path(path)}: no [tool.mtqa] table in this pyproject.toml")
    return nested


def _number(table: dict, key: str, where: str, low: float, high: float = math.inf,
            default: float | None = None) -> float | None:
    """A finite number from low to high. TOML has nan and inf, which pass or fail every comparison and cannot be
    written into a JSON report; and true is an int to Python, so it is refused by name."""
    value = table.get(key)
    return default if value is None else finite_number(value, f"{where}: {key}", low, high)


def _kind(value: object) -> str:
    return {bool: "true or false", int: "a number", float: "a number", str: "a string", list: "a list"}.get(
        type(value), type(value).__name__)


def _string_list(value: object, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return value
