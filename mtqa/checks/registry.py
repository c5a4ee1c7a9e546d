"""Each article's checks, in the order they run, with the rule codes each can report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mtqa.checks.acronyms import check_acronym_consistency, check_acronym_expansions
from mtqa.checks.boilerplate import check_boilerplate, settings_patterns
from mtqa.checks.calques import CALQUE, check_calques, settings_calques
from mtqa.checks.consistency import check_entity_consistency, check_name_consistency
from mtqa.checks.context import BOILERPLATE_RULES, CheckContext, CheckSettings
from mtqa.checks.hidden_characters import HIDDEN_CHARACTER, check_hidden_characters
from mtqa.checks.missing_terms import MISSING_TERM, check_missing_terms
from mtqa.checks.numbers import NUMBER_MISMATCH, check_numbers
from mtqa.checks.source_entities import SOURCE_ENTITY_MISMATCH, check_source_entities
from mtqa.checks.terms import check_terms
from mtqa.checks.untranslated import EMPTY_TRANSLATION, UNTRANSLATED, check_untranslated
from mtqa.model import Finding


@dataclass(frozen=True)
class Check:
    function: Callable[[CheckContext], Iterable[Finding]]
    codes: frozenset[str]
    # What the check loads on first use from the settings alone (its compiled pattern lists): loaded before workers
    # are forked, they inherit it instead of each reading it again.
    prepare: Callable[[CheckSettings], object] | None = None


CHECKS: tuple[Check, ...] = (
    Check(check_terms, frozenset({"MTQ101", "MTQ102", "MTQ103"})),
    Check(check_acronym_expansions, frozenset({"MTQ104"})),
    Check(check_missing_terms, frozenset({MISSING_TERM})),
    Check(check_source_entities, frozenset({SOURCE_ENTITY_MISMATCH})),
    Check(check_boilerplate, BOILERPLATE_RULES, settings_patterns),
    Check(check_calques, frozenset({CALQUE}), settings_calques),
    Check(check_numbers, frozenset({NUMBER_MISMATCH})),
    Check(check_untranslated, frozenset({UNTRANSLATED, EMPTY_TRANSLATION})),
    Check(check_hidden_characters, frozenset({HIDDEN_CHARACTER})),
    Check(check_entity_consistency, frozenset({"MTQ201"})),
    Check(check_name_consistency, frozenset({"MTQ201"})),
    Check(check_acronym_consistency, frozenset({"MTQ203"})),
)
