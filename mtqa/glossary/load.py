"""Reading glossary files (YAML, TBX, CSV) into validated Entries, with file and line in every error."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from mtqa.errors import InputError
from mtqa.glossary.contents import MAX_FORM_LENGTH, GlossaryFile, entry_from_fields, is_text
from mtqa.glossary.model import Entry, Glossary
from mtqa.io.names import display_path
from mtqa.text import fold

__all__ = ["MAX_FORM_LENGTH", "load_glossaries", "load_glossary_file", "read_glossary_file", "shipped_glossary_paths"]

DEFAULT_TARGET_LANGUAGE = "en"
TBX_SUFFIXES = (".tbx", ".xml")
CSV_SUFFIXES = (".csv",)


def shipped_glossary_paths() -> list[str]:
    """The glossaries that ship with mtqa, used when neither the command line nor the config names any."""
    folder = resources.files("mtqa.shipped_glossaries")
    return sorted(str(item) for item in folder.iterdir() if item.name.endswith((".yaml", ".yml")))


def load_glossaries(paths: list[str], target_language: str = DEFAULT_TARGET_LANGUAGE) -> Glossary:
    """Load and merge glossary files; an id defined twice, in one file or across files, is an error."""
    files = read_glossary_files(paths, target_language)
    entries = [entry for file in files for entry in file.entries]
    return Glossary(entries=tuple(entries), names=tuple(file.name for file in files), paths=tuple(paths))


def read_glossary_files(paths: list[str], target_language: str = DEFAULT_TARGET_LANGUAGE) -> list[GlossaryFile]:
    """The files, each read by its suffix, checked together: ids and forms unique across all of them."""
    files = [read_glossary_file(path, target_language) for path in paths]
    seen: dict[str, Entry] = {}
    for path, file in zip(paths, files, strict=True):
        for entry in file.entries:
            if entry.id in seen:
                raise InputError(display_path(path), f"duplicate entry id, first defined at {seen[entry.id].origin}",
                                 _origin_line(entry), entry.id)
            seen[entry.id] = entry
    _check_forms_unique([entry for file in files for entry in file.entries])
    return files


def read_glossary_file(path: str, target_language: str = DEFAULT_TARGET_LANGUAGE) -> GlossaryFile:
    """One glossary file, read by its suffix: .tbx and .xml as TBX, .csv as CSV, anything else as YAML.
    `target_language` picks the canonical forms' language in TBX and CSV, which hold several."""
    # Each reader imported when its format is met: a run served by the compiled-glossary cache needs none of them.
    suffix = Path(path).suffix.lower()
    if suffix in TBX_SUFFIXES:
        from mtqa.glossary.tbx import read_tbx

        return read_tbx(path, target_language)
    if suffix in CSV_SUFFIXES:
        from mtqa.glossary.csv_format import read_csv

        return read_csv(path, target_language)
    return read_yaml_glossary(path)


def load_glossary_file(path: str) -> tuple[str, list[Entry]]:
    """The name and entries of one glossary file."""
    file = read_glossary_file(path)
    return file.name, list(file.entries)


def read_yaml_glossary(path: str) -> GlossaryFile:
    from mtqa.yaml_input import read_yaml

    data = read_yaml(path)
    where = display_path(path)  # the file as messages and entry origins name it
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise InputError(where, "a glossary is a mapping with an 'entries' list", 1)
    name = data.get("name")
    if name is not None and not is_text(name):
        raise InputError(where, "'name' must be a string", 1)
    entries = []
    for raw in data["entries"]:
        if not isinstance(raw, dict):
            raise InputError(where, "each entry must be a mapping")
        entries.append(entry_from_fields(raw, where, raw.line))
    return GlossaryFile(name=str(name or Path(path).stem), entries=tuple(entries),
                        language=_header_text(data, "language"), description=_header_text(data, "description"))


def _header_text(data: dict, key: str) -> str | None:
    """A header field that only conversions carry over; anything but text there is left behind."""
    value = data.get(key)
    return (value.strip() or None) if isinstance(value, str) else None


def _origin_line(entry: Entry) -> int | None:
    line = entry.origin.rsplit(":", 1)[1]
    return int(line) if line.isdigit() else None


def _check_forms_unique(entries: list[Entry]) -> None:
    """One spelling may stand for one entry only; otherwise a match could not say whose name it is."""
    owner: dict[str, Entry] = {}
    for entry in entries:
        for form in (*entry.good_forms, *(w.text for w in entry.wrong)):
            key = fold(form).strip()
            other = owner.setdefault(key, entry)
            if other is not entry:
                path = entry.origin.rsplit(":", 1)[0]
                raise InputError(path, f"form '{form}' is also listed by entry '{other.id}' ({other.origin})",
                                 _origin_line(entry), entry.id)
