"""Glossary checks on single mentions: forbidden terms, near-miss spellings, transliterated names."""

from __future__ import annotations

from collections.abc import Iterator

from mtqa.checks.context import CheckContext
from mtqa.entities.attachment import is_short_form
from mtqa.entities.mentions import TRANSLITERATION, VARIANT
from mtqa.glossary.compile import WRONG
from mtqa.model import Finding


def check_terms(context: CheckContext) -> Iterator[Finding]:
    for mention in context.mentions:
        entry = mention.entry
        if mention.kind == WRONG:
            wrong = mention.ref.wrong if mention.ref else None
            why = f" ({wrong.note})" if wrong and wrong.note else ""
            yield context.finding(
                "MTQ102", mention.span,
                f"'{mention.text}' is a wrong rendering of '{entry.canonical}'{why}",
                suggestion=entry.canonical, entry_id=entry.id, severity=wrong.severity if wrong else None,
            )
        elif mention.kind == VARIANT:
            yield context.finding(
                "MTQ101", mention.span,
                f"'{mention.text}' looks like a misspelling of {_described(entry)} "
                f"(fuzzy match {mention.score:.0f}% to '{mention.form}')",
                suggestion=_corrected_form(mention), entry_id=entry.id, confidence=mention.score / 100,
            )
        elif mention.kind == TRANSLITERATION:
            yield context.finding(
                "MTQ103", mention.span, _transliteration_message(mention),
                suggestion=entry.canonical, entry_id=entry.id, confidence=0.9,
            )


def _transliteration_message(mention) -> str:
    entry = mention.entry
    if mention.form == entry.canonical:  # the listed name itself, in another romanisation
        source = f" ({mention.source_form})" if mention.source_form else ""
        return f"'{mention.text}' is '{entry.canonical}'{source} written in Wade-Giles; English news writes " \
               f"'{entry.canonical}'"
    return f"'{mention.text}' is a transliteration of the source name {mention.source_form} " \
           f"(as in the generated rendering '{mention.form}'); English news writes '{entry.canonical}'"


def _described(entry) -> str:
    note = f", {entry.note.rstrip('.')}" if entry.note and len(entry.note) < 80 else ""
    return f"'{entry.canonical}' ({entry.type}{note})"


def _corrected_form(mention) -> str:
    """The listed form the near-miss misspells when it is a short form ("Fukushima Daichi" -> "Fukushima Daiichi"),
    else the canonical."""
    return mention.form if is_short_form(mention.form, mention.entry) else mention.entry.canonical
