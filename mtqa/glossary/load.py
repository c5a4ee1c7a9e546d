"""Reading glossary YAML files into validated Entries, with file and line in every error."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

from mtqa.errors import InputError
from mtqa.glossary.model import Entry, Glossary, WrongForm
from mtqa.model import Severity
from mtqa.text import fold

_LINE = "__line__"
_ENTRY_KEYS = {"id", "type", "canonical", "allowed", "acronym", "sources", "wrong", "case_sensitive", "note", _LINE}


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the line of every mapping, so errors can point at an entry."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


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
                raise InputError(path, f"duplicate entry id, first defined at {seen[entry.id].origin}", line, entry.id)
            seen[entry.id] = entry
            entries.append(entry)
    _check_forms_unique(entries)
    return Glossary(entries=tuple(entries), names=tuple(names), paths=tuple(paths))


def load_glossary_file(path: str) -> tuple[str, list[Entry]]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(path, "glossary file not found") from None
    except UnicodeDecodeError:
        raise InputError(path, "glossary is not valid UTF-8") from None
    except OSError as error:
        raise InputError(path, error.strerror or "cannot read glossary") from None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "malformed YAML"
        raise InputError(path, f"malformed YAML: {problem}", mark.line + 1 if mark else None) from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise InputError(path, "a glossary is a mapping with an 'entries' list", 1)
    name = data.get("name") or Path(path).stem
    entries = [_entry(raw, path) for raw in data["entries"]]
    return str(name), entries


def _entry(raw: object, path: str) -> Entry:
    if not isinstance(raw, dict):
        raise InputError(path, "each entry must be a mapping")
    line = raw.get(_LINE)
    entry_id = raw.get("id")

    def fail(message: str) -> InputError:
        return InputError(path, message, line, str(entry_id) if entry_id is not None else None)

    if not isinstance(entry_id, (str, int)) or not str(entry_id).strip():
        raise fail("entry without an 'id'")
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise fail(f"unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    canonical = raw.get("canonical")
    if not isinstance(canonical, str) or not canonical.strip():
        raise fail("entry without 'canonical'")
    entry_type = str(raw.get("type") or "term")
    allowed = tuple(_strings(raw.get("allowed"), "allowed", fail))
    wrong = tuple(_wrong_form(item, fail) for item in _as_list(raw.get("wrong")))
    sources = {}
    raw_sources = raw.get("sources") or {}
    if not isinstance(raw_sources, dict):
        raise fail("'sources' must map language tags to forms")
    for tag, forms in raw_sources.items():
        if tag != _LINE:
            sources[str(tag)] = tuple(_strings(forms, f"sources.{tag}", fail))
    acronym = raw.get("acronym")
    if acronym is not None and not isinstance(acronym, str):
        raise fail("'acronym' must be a string")
    case_sensitive = raw.get("case_sensitive")
    if case_sensitive is None:
        case_sensitive = entry_type != "term"
    elif not isinstance(case_sensitive, bool):
        raise fail("'case_sensitive' must be true or false")
    good = {_key(form, case_sensitive) for form in (canonical, *allowed)}
    for form in wrong:
        if _key(form.text, case_sensitive) in good:
            raise fail(f"'{form.text}' is listed both as allowed and as wrong")
    note = raw.get("note")
    return Entry(
        id=str(entry_id),
        type=entry_type,
        canonical=canonical.strip(),
        allowed=allowed,
        acronym=acronym.strip() if acronym else None,
        sources=sources,
        wrong=wrong,
        case_sensitive=case_sensitive,
        note=str(note).strip() if note else None,
        origin=f"{path}:{line}",
    )


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
    return [item.strip() for item in items]


def _wrong_form(item: object, fail) -> WrongForm:
    if isinstance(item, str) and item.strip():
        return WrongForm(item.strip())
    if isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"].strip():
        severity = item.get("severity")
        try:
            parsed = Severity(severity) if severity else None
        except ValueError:
            raise fail(f"unknown severity '{severity}' (use minor, major or critical)") from None
        note = item.get("note")
        return WrongForm(item["text"].strip(), str(note) if note else None, parsed)
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
