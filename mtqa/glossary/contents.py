"""What a glossary file holds, and the one validation every format's entries go through.

YAML, TBX and CSV readers all hand `entry_from_fields` the same plain fields (the YAML keys), so an entry means the
same and is refused for the same reasons whatever file it came from; only how the fields are found differs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from mtqa.display import clipped
from mtqa.errors import InputError
from mtqa.glossary.model import Entry, WrongForm
from mtqa.language_tags import is_language_tag
from mtqa.model import Severity
from mtqa.text import fold

ENTRY_KEYS = ("id", "type", "canonical", "allowed", "descriptions", "acronym", "sources", "wrong", "case_sensitive",
              "note")
_WRONG_KEYS = {"text", "note", "severity"}
# The longest listed form. Official names of treaties and bodies run to a few hundred characters; a form far longer
# is a broken file, and each character is one level of the matcher's automaton, whose teardown recurses per level
# and overflows the C stack somewhere above 50,000 characters (1 MB stacks) or 400,000 (8 MB).
MAX_FORM_LENGTH = 1000


@dataclass(frozen=True)
class GlossaryFile:
    """One glossary file: its entries and the header fields a conversion carries over."""

    name: str
    entries: tuple[Entry, ...]
    language: str | None = None  # the language of canonical, allowed and wrong forms
    description: str | None = None


def default_case_sensitive(entry_type: str) -> bool:
    """Glossary YAML and CSV: every type but `term` is a name, matched with its case."""
    return entry_type != "term"


def entry_from_fields(raw: Mapping, path: str, line: int | None) -> Entry:
    """The validated entry that the fields in `raw` (keyed as in glossary YAML) describe, from `path` at `line`."""
    entry_id = raw.get("id")
    shown_id = str(entry_id) if is_text(entry_id) else None

    def fail(message: str) -> InputError:
        return InputError(path, message, line, shown_id)

    if shown_id is None or not shown_id.strip():
        raise fail("entry without an 'id' (a string)")
    unknown = set(raw) - set(ENTRY_KEYS)
    if unknown:
        raise fail(f"unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    canonical = raw.get("canonical")
    if canonical is None or (isinstance(canonical, str) and not canonical.strip()):
        raise fail("entry without 'canonical'")
    if not isinstance(canonical, str):  # a date, a number, true: YAML reads them so unquoted
        raise fail(f"'canonical' must be text, not {type(canonical).__name__} (quote it)")
    _check_length(canonical, "canonical", fail)
    entry_type = _optional_text(raw, "type", fail) or "term"
    allowed = tuple(_strings(raw.get("allowed"), "allowed", fail))
    descriptions = tuple(_strings(raw.get("descriptions"), "descriptions", fail))
    wrong = tuple(_wrong_form(item, fail) for item in _as_list(raw.get("wrong")))
    sources = {}
    raw_sources = raw.get("sources") or {}
    if not isinstance(raw_sources, Mapping):
        raise fail("'sources' must map language tags to forms")
    for tag, forms in raw_sources.items():
        if not isinstance(tag, str) or not is_language_tag(tag):
            raise fail(f"'sources' must map language tags (such as ko or zh-Hans) to forms, not "
                       f"'{clipped(str(tag), 40)}'")
        sources[tag] = tuple(_strings(forms, f"sources.{tag}", fail))
    acronym = _optional_text(raw, "acronym", fail)
    if acronym is not None:
        _check_length(acronym, "acronym", fail)
    case_sensitive = raw.get("case_sensitive")
    if case_sensitive is None:
        case_sensitive = default_case_sensitive(entry_type)
    elif not isinstance(case_sensitive, bool):
        raise fail("'case_sensitive' must be true or false")
    good = {_key(form, case_sensitive) for form in (canonical, *allowed)}
    described = {_key(form, case_sensitive) for form in descriptions}
    for form in wrong:
        if _key(form.text, case_sensitive) in good:
            raise fail(f"'{form.text}' is listed both as allowed and as wrong")
        if _key(form.text, case_sensitive) in described:
            raise fail(f"'{form.text}' is listed both as a description and as wrong")
    return Entry(
        id=shown_id,
        type=entry_type,
        canonical=canonical.strip(),
        allowed=allowed,
        descriptions=descriptions,
        acronym=acronym,
        sources=sources,
        wrong=wrong,
        case_sensitive=case_sensitive,
        note=_optional_text(raw, "note", fail),
        origin=f"{path}:{line}",
    )


def is_text(value: object) -> bool:
    """A string, or a number YAML read from an unquoted id or name (2024): either reads as text."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _optional_text(raw: Mapping, field: str, fail: Callable[[str], InputError]) -> str | None:
    """The stripped string under `field`, None where it is absent or empty; any other kind of value is an error."""
    value = raw.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise fail(f"'{field}' must be a string")
    return value.strip() or None


def _check_length(form: str, field: str, fail: Callable[[str], InputError]) -> None:
    if len(form) > MAX_FORM_LENGTH:
        raise fail(f"a form in '{field}' is {len(form):,} characters long; forms are at most "
                   f"{MAX_FORM_LENGTH:,} characters")


def _key(form: str, case_sensitive: bool) -> str:
    return " ".join(form.split()) if case_sensitive else fold(form).strip()


def _as_list(value: object) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _strings(value: object, field: str, fail: Callable[[str], InputError]) -> list[str]:
    items = _as_list(value)
    if not all(isinstance(item, str) and item.strip() for item in items):
        raise fail(f"'{field}' must be a string or a list of non-empty strings{_yes_no_hint(items)}")
    for item in items:
        _check_length(item, field, fail)
    return [item.strip() for item in items]


def _wrong_form(item: object, fail: Callable[[str], InputError]) -> WrongForm:
    if isinstance(item, str) and item.strip():
        _check_length(item, "wrong", fail)
        return WrongForm(item.strip())
    if isinstance(item, Mapping) and isinstance(item.get("text"), str) and item["text"].strip():
        unknown = set(item) - _WRONG_KEYS
        if unknown:
            raise fail(f"unknown key(s) in a 'wrong' item: {', '.join(sorted(map(str, unknown)))}")
        _check_length(item["text"], "wrong", fail)
        severity = _optional_text(item, "severity", fail)
        try:
            parsed = Severity(severity) if severity else None
        except ValueError:
            raise fail(f"unknown severity '{severity}' (use minor, major or critical)") from None
        return WrongForm(item["text"].strip(), _optional_text(item, "note", fail), parsed)
    raise fail(f"'wrong' items are strings or mappings with 'text'{_yes_no_hint([item])}")


def _yes_no_hint(items: list) -> str:
    """Why a form the file spells as a word may not be a string: YAML reads an unquoted yes, no, on, off, true or
    false as true or false ("No" is a word, and a Korean family name's spelling)."""
    if any(isinstance(item, bool) for item in items):
        return ' (YAML reads an unquoted yes, no, on, off, true or false as true or false: quote the form, as "no")'
    return ""
