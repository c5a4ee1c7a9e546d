"""Reading glossary YAML files into validated Entries, with file and line in every error."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from mtqa.errors import InputError
from mtqa.glossary.model import Entry, Glossary, WrongForm
from mtqa.io.names import display_path
from mtqa.model import Severity
from mtqa.text import fold
from mtqa.yaml_input import read_yaml

_ENTRY_KEYS = {"id", "type", "canonical", "allowed", "acronym", "sources", "wrong", "case_sensitive", "note"}
_WRONG_KEYS = {"text", "note", "severity"}
# The longest listed form. Official names of treaties and bodies run to a few hundred characters; a form far longer
# is a broken file, and each character is one level of the matcher's automaton, whose teardown recurses per level
# and overflows the C stack somewhere above 50,000 characters (1 MB stacks) or 400,000 (8 MB).
MAX_FORM_LENGTH = 1000


def shipped_glossary_paths() -> list[str]:
    """The glossaries that ship with mtqa, used when neither the command line nor the config names any."""
    folder = resources.files("mtqa.shipped_glossaries")
    return sorted(str(item) for item in folder.iterdir() if item.name.endswith((".yaml", ".yml")))


def load_glossaries(paths: list[str]) -> Glossary:
    """Load and merge glossary files; an id defined twice, in one file or across files, is an error."""
    entries: list[Entry] = []
    names: list[str] = []
    seen: dict[str, Entry] = {}
    for path in paths:
        name, file_entries = load_glossary_file(path)
        names.append(name)
        for entry in file_entries:
            if entry.id in seen:
                line = int(entry.origin.rsplit(":", 1)[1])
                raise InputError(display_path(path), f"duplicate entry id, first defined at {seen[entry.id].origin}",
                                 line, entry.id)
            seen[entry.id] = entry
            entries.append(entry)
    _check_forms_unique(entries)
    return Glossary(entries=tuple(entries), names=tuple(names), paths=tuple(paths))


def load_glossary_file(path: str) -> tuple[str, list[Entry]]:
    data = read_yaml(path)
    where = display_path(path)  # the file as messages and entry origins name it
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise InputError(where, "a glossary is a mapping with an 'entries' list", 1)
    name = data.get("name")
    if name is not None and not _is_text(name):
        raise InputError(where, "'name' must be a string", 1)
    entries = [_entry(raw, where) for raw in data["entries"]]
    return str(name or Path(path).stem), entries


def _entry(raw: object, path: str) -> Entry:
    if not isinstance(raw, dict):
        raise InputError(path, "each entry must be a mapping")
    line = raw.line
    entry_id = raw.get("id")
    shown_id = str(entry_id) if _is_text(entry_id) else None

    def fail(message: str) -> InputError:
        return InputError(path, message, line, shown_id)

    if shown_id is None or not shown_id.strip():
        raise fail("entry without an 'id' (a string)")
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise fail(f"unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    canonical = raw.get("canonical")
    if not isinstance(canonical, str) or not canonical.strip():
        raise fail("entry without 'canonical'")
    _check_length(canonical, "canonical", fail)
    entry_type = _optional_text(raw, "type", fail) or "term"
    allowed = tuple(_strings(raw.get("allowed"), "allowed", fail))
    wrong = tuple(_wrong_form(item, fail) for item in _as_list(raw.get("wrong")))
    sources = {}
    raw_sources = raw.get("sources") or {}
    if not isinstance(raw_sources, dict):
        raise fail("'sources' must map language tags to forms")
    for tag, forms in raw_sources.items():
        if not isinstance(tag, str):
            raise fail("'sources' must map language tags (such as ko or zh-Hans) to forms")
        sources[tag] = tuple(_strings(forms, f"sources.{tag}", fail))
    acronym = _optional_text(raw, "acronym", fail)
    if acronym is not None:
        _check_length(acronym, "acronym", fail)
    case_sensitive = raw.get("case_sensitive")
    if case_sensitive is None:
        case_sensitive = entry_type != "term"
    elif not isinstance(case_sensitive, bool):
        raise fail("'case_sensitive' must be true or false")
    good = {_key(form, case_sensitive) for form in (canonical, *allowed)}
    for form in wrong:
        if _key(form.text, case_sensitive) in good:
            raise fail(f"'{form.text}' is listed both as allowed and as wrong")
    return Entry(
        id=shown_id,
        type=entry_type,
        canonical=canonical.strip(),
        allowed=allowed,
        acronym=acronym,
        sources=sources,
        wrong=wrong,
        case_sensitive=case_sensitive,
        note=_optional_text(raw, "note", fail),
        origin=f"{path}:{line}",
    )


def _is_text(value: object) -> bool:
    """A string, or a number YAML read from an unquoted id or name (2024): either reads as text."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _optional_text(raw: dict, field: str, fail) -> str | None:
    """The stripped string under `field`, None where it is absent or empty; any other kind of value is an error."""
    value = raw.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise fail(f"'{field}' must be a string")
    return value.strip() or None


def _check_length(form: str, field: str, fail) -> None:
    if len(form) > MAX_FORM_LENGTH:
        raise fail(f"a form in '{field}' is {len(form):,} characters long; forms are at most "
                   f"{MAX_FORM_LENGTH:,} characters")


def _key(form: str, case_sensitive: bool) -> str:
    return " ".join(form.split()) if case_sensitive else fold(form).strip()


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _strings(value: object, field: str, fail) -> list[str]:
    items = _as_list(value)
    if not all(isinstance(item, str) and item.strip() for item in items):
        raise fail(f"'{field}' must be a string or a list of non-empty strings")
    for item in items:
        _check_length(item, field, fail)
    return [item.strip() for item in items]


def _wrong_form(item: object, fail) -> WrongForm:
    if isinstance(item, str) and item.strip():
        _check_length(item, "wrong", fail)
        return WrongForm(item.strip())
    if isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"].strip():
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
    raise fail("'wrong' items are strings or mappings with 'text'")


def _check_forms_unique(entries: list[Entry]) -> None:
    """One spelling may stand for one entry only; otherwise a match could not say whose name it is."""
    owner: dict[str, Entry] = {}
    for entry in entries:
        for form in (*entry.good_forms, *(w.text for w in entry.wrong)):
            key = fold(form).strip()
            other = owner.setdefault(key, entry)
            if other is not entry:
                path, line = entry.origin.rsplit(":", 1)
                raise InputError(path, f"form '{form}' is also listed by entry '{other.id}' ({other.origin})",
                                 int(line), entry.id)
