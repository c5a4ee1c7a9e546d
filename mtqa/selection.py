"""Rule selection as in ruff: select / extend-select / ignore by code prefix or name; the longest selector wins. A
rule that is off by default (`Rule.default_enabled`) is selected only by its full code or its name."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from mtqa.display import clipped
from mtqa.errors import ConfigError
from mtqa.memo import cached_property
from mtqa.rules import RULES, Rule, get_rule


@dataclass(frozen=True)
class RuleSelection:
    select: tuple[str, ...] = ("MTQ",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("select", "extend_select", "ignore"):  # one selector given alone is one, not its characters
            if isinstance(getattr(self, name), str):
                object.__setattr__(self, name, (getattr(self, name),))
            selectors = getattr(self, name)
            if not are_names(selectors):
                raise ConfigError(f"{name} must be rule codes or names, not {clipped(repr(selectors), 60)}")
            # A set or dict keys frozen as a tuple, sorted: the same selection has one form in every process.
            object.__setattr__(self, name, tuple(selectors if isinstance(selectors, Sequence) else sorted(selectors)))
        for selector in (*self.select, *self.extend_select, *self.ignore):
            refuse_unknown_selector(selector)

    def enabled(self, rule: Rule) -> bool:
        chosen = max((_choice(s, rule) for s in (*self.select, *self.extend_select)), default=0)
        dropped = max((_specificity(s, rule) for s in self.ignore), default=0)
        return chosen > dropped

    def enabled_codes(self) -> frozenset[str]:
        return self._enabled_codes

    @cached_property
    def _enabled_codes(self) -> frozenset[str]:
        """Asked once per article; a frozen selection's answer cannot change."""
        return frozenset(rule.code for rule in RULES if self.enabled(rule))


def refuse_unknown_selector(selector: str, where: str = "") -> None:
    """A ConfigError when the selector names no rule; `where` ("mtqa.toml: select: ") says where it was given."""
    if not any(_specificity(selector, rule) for rule in RULES):
        raise ConfigError(f"{where}unknown rule selector '{clipped(selector, 60)}' (see 'mtqa rules')")


def refuse_a_rule_named_twice(keys: Iterable[object], where: str = "") -> None:
    """A ConfigError when two keys of a table keyed by rule (severities) name one rule: a code and a name
    (`MTQ102` and `forbidden-term`), or a code in two cases. Which of the two counted would be the keys' order's
    choice, made without a word. `where` ("mtqa.toml: severity: ") says where the table was given."""
    named: dict[str, str] = {}
    for key in keys:
        rule = get_rule(key) if isinstance(key, str) else None
        if rule is None:
            continue
        if rule.code in named:
            raise ConfigError(f"{where}'{clipped(named[rule.code], 60)}' and '{clipped(key, 60)}' both name "
                              f"{rule.code} ({rule.name}); keep one")
        named[rule.code] = key


def _choice(selector: str, rule: Rule) -> int:
    """How specifically a selector chooses a rule; a prefix never chooses a rule that is off by default."""
    specificity = _specificity(selector, rule)
    return specificity if rule.default_enabled or specificity >= len(rule.code) else 0


def _specificity(selector: str, rule: Rule) -> int:
    """How specifically a selector names a rule: a name counts as the full code; 0 means it does not match."""
    named = get_rule(selector)
    if named is not None and named.name == selector.strip().lower():
        return len(rule.code) + 1 if named is rule else 0
    prefix = selector.strip().upper()
    return len(prefix) if prefix and rule.code.startswith(prefix) else 0


def are_names(value: object) -> bool:
    """Whether `value` is a collection of strings (a tuple, list, set or dict keys), not one string or a mapping."""
    return isinstance(value, Collection) and not isinstance(value, (str, bytes, Mapping)) \
        and all(isinstance(name, str) for name in value)


def ignore_codes(given: object) -> dict[str, str]:
    """An article's metadata.mtqa_ignore (a rule selector or a list of them) as rule code -> selector; a
    ValueError says what is wrong. Readers call it too, so that the error can name the line."""
    if given is None:
        return {}
    selectors = [given] if isinstance(given, str) else given
    if not isinstance(selectors, list) or not all(isinstance(selector, str) for selector in selectors):
        raise ValueError("metadata.mtqa_ignore must be a rule or a list of rules")
    codes = {}
    for selector in selectors:
        rule = get_rule(selector)
        if rule is None:
            raise ValueError(f"metadata.mtqa_ignore: unknown rule '{clipped(selector, 60)}'")
        codes[rule.code] = selector
    return codes
