"""Rules that are off by default: a prefix (the default "MTQ" too) leaves them out, their code or name selects
them, and ignore still wins over a less specific selection."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mtqa import selection
from mtqa.rules import RULES
from mtqa.selection import RuleSelection


@pytest.fixture
def preview_rule(monkeypatch):
    """MTQ302 photo-caption, made off by default for the test."""
    rules = tuple(replace(rule, default_enabled=False) if rule.code == "MTQ302" else rule for rule in RULES)
    by_key = {key: rule for rule in rules for key in (rule.code, rule.name)}
    monkeypatch.setattr(selection, "RULES", rules)
    monkeypatch.setattr(selection, "get_rule", lambda key: by_key.get(key.strip().upper()) or by_key.get(key.strip()))
    return by_key["MTQ302"]


def test_a_prefix_leaves_out_a_rule_that_is_off_by_default(preview_rule):
    assert "MTQ302" not in RuleSelection().enabled_codes()
    assert "MTQ301" in RuleSelection().enabled_codes()
    assert "MTQ302" not in RuleSelection(select=("MTQ3",)).enabled_codes()
    assert "MTQ302" not in RuleSelection(select=("MTQ30",)).enabled_codes()


@pytest.mark.parametrize("selector", ["MTQ302", "mtq302", "photo-caption"])
def test_its_code_or_name_selects_it(preview_rule, selector):
    assert "MTQ302" in RuleSelection(select=(selector,)).enabled_codes()
    extended = RuleSelection(extend_select=(selector,)).enabled_codes()
    assert "MTQ302" in extended and "MTQ101" in extended


def test_the_more_specific_of_selection_and_ignore_wins(preview_rule):
    assert "MTQ302" not in RuleSelection(extend_select=("MTQ302",), ignore=("photo-caption",)).enabled_codes()
    assert "MTQ302" in RuleSelection(extend_select=("photo-caption",), ignore=("MTQ3",)).enabled_codes()


def test_every_rule_off_by_default_says_so_in_mtqa_rules_and_explain():
    for rule in RULES:
        assert ("(off by default)" in rule.summary) == (not rule.default_enabled), rule.code
        assert ("Off by default" in rule.explanation) == (not rule.default_enabled), rule.code


def test_the_fluency_findings_are_off_by_default_and_selectable():
    assert not {"MTQ501", "MTQ502"} & RuleSelection().enabled_codes()
    chosen = RuleSelection(extend_select=("MTQ501", "unexpected-phrase")).enabled_codes()
    assert {"MTQ501", "MTQ502"} <= chosen and "MTQ101" in chosen
