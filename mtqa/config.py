"""Settings from [tool.mtqa] in pyproject.toml or from mtqa.toml, validated once. Command-line flags win."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from mtqa.errors import ConfigError
from mtqa.fluency.precision import PRECISIONS
from mtqa.model import Severity
from mtqa.rules import get_rule

FAIL_ON_LEVELS = ("minor", "major", "critical", "never")
_KEYS = {"glossaries", "extend-glossaries", "select", "extend-select", "ignore", "severity", "fuzzy-threshold",
         "fail-on", "boilerplate-patterns", "calque-patterns", "max-penalty", "min-fluency", "min-chrf", "fluency",
         "fluency-model", "fluency-precision"}


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
    fluency: bool = True
    fluency_model: str | None = None
    fluency_precision: str = "auto"


def find_config(start: Path | None = None) -> str | None:
    """mtqa.toml, or a pyproject.toml with a [tool.mtqa] table, in the current folder."""
    folder = start or Path.cwd()
    if (folder / "mtqa.toml").is_file():
        return str(folder / "mtqa.toml")
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            return None
        if "mtqa" in data.get("tool", {}):
            return str(pyproject)
    return None


def load_config(path: str | None) -> Config:
    if path is None:
        return Config()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: malformed TOML ({error})") from None
    # pyproject.toml keeps the settings under [tool.mtqa]; mtqa.toml may too, or at its top level.
    nested = data.get("tool", {}).get("mtqa")
    table = nested if nested is not None or Path(path).name == "pyproject.toml" else data
    table = table or {}
    unknown = set(table) - _KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}")
    base = Path(path).parent

    def paths(key: str) -> tuple[str, ...] | None:
        value = table.get(key)
        if value is None:
            return None
        return tuple(str(base / item) for item in _string_list(value, key, path))

    severity = {}
    raw_severity = table.get("severity", {})
    if not isinstance(raw_severity, dict):
        raise ConfigError(f"{path}: 'severity' must be a table of rule = level")
    for selector, level in raw_severity.items():
        rule = get_rule(selector)
        if rule is None:
            raise ConfigError(f"{path}: severity: unknown rule '{selector}'")
        try:
            severity[rule.code] = Severity(level)
        except ValueError:
            raise ConfigError(f"{path}: severity of {selector}: '{level}' is not minor, major or critical") from None
    fail_on = table.get("fail-on", "major")
    if fail_on not in FAIL_ON_LEVELS:
        raise ConfigError(f"{path}: fail-on must be one of {', '.join(FAIL_ON_LEVELS)}")
    threshold = table.get("fuzzy-threshold", 80.0)
    if not isinstance(threshold, (int, float)) or not 50 <= threshold <= 100:
        raise ConfigError(f"{path}: fuzzy-threshold must be a number from 50 to 100")
    limits = {}
    for key in ("max-penalty", "min-fluency", "min-chrf"):
        value = table.get(key)
        if value is not None and (not isinstance(value, (int, float)) or value < 0):
            raise ConfigError(f"{path}: {key} must be a non-negative number")
        limits[key.replace("-", "_")] = float(value) if value is not None else None
    fluency = table.get("fluency", True)
    if not isinstance(fluency, bool):
        raise ConfigError(f"{path}: fluency must be true or false")
    fluency_model = table.get("fluency-model")
    if fluency_model is not None and not isinstance(fluency_model, str):
        raise ConfigError(f"{path}: fluency-model must be a path")
    fluency_precision = table.get("fluency-precision", "auto")
    if fluency_precision not in PRECISIONS:
        raise ConfigError(f"{path}: fluency-precision must be one of {', '.join(PRECISIONS)}")
    select = table.get("select")
    return Config(
        path=path,
        glossaries=paths("glossaries"),
        extend_glossaries=paths("extend-glossaries") or (),
        select=tuple(_string_list(select, "select", path)) if select is not None else None,
        extend_select=tuple(_string_list(table.get("extend-select", []), "extend-select", path)),
        ignore=tuple(_string_list(table.get("ignore", []), "ignore", path)),
        severity=severity,
        fuzzy_threshold=float(threshold),
        fail_on=fail_on,
        boilerplate_patterns=paths("boilerplate-patterns") or (),
        calque_patterns=paths("calque-patterns") or (),
        fluency=fluency,
        fluency_model=str(base / fluency_model) if fluency_model else None,
        fluency_precision=fluency_precision,
        **limits,
    )


def _string_list(value: object, key: str, path: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{path}: '{key}' must be a list of strings")
    return value
