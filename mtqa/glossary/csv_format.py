"""CSV glossaries, for spreadsheets: one target-language term a row, the rows of one entry sharing its id.

The header names the columns, in any order (names of the fixed columns in any case):
- language tags (BCP 47: `en`, `zh-Hans`, `ko`, `ja`): the target language's column (`en` or one of its varieties,
  unless another target language is chosen) holds the entry's terms; every other language's column holds source
  forms, one a cell, listed down the entry's rows;
- `id`: rows with the same id are one entry; without the column, or with the cell empty, a row is an entry of its own
  and its id is made from its term (Moon Jae-in -> moon-jae-in);
- `status`: `preferred` (the canonical form), `admitted` (an allowed form), `acronym`, `description` (what a house
  style writes for the source term instead of the name, "the Cabinet" for 行政院), or `deprecated` (a wrong
  rendering; `forbidden`, `superseded`, `notRecommended`, `obsolete` and `wrong` read the same). Empty: the first
  such term of an entry is canonical, the others allowed;
- `note`: on the canonical form's row, the entry's note; on a deprecated row, why that rendering is wrong;
- `severity`: on a deprecated row, how serious using it is (minor, major, critical);
- `type` (person, place, party, term, ...) and `case_sensitive` (true/false; default true for names, false for
  terms): the entry's, on any of its rows; rows that give them must agree;
- `glossary` and `glossary_description`: the glossary's own name and description (YAML's `name` and `description`),
  on any row, and written on the first; rows that give them must agree. Without them the name is the file's stem.
  They are columns, not a line above the header, so the file stays one table that a spreadsheet can sort and filter
  (which moves the row that holds them, harmlessly) and that older files, without the columns, still are.

One form per cell, never a list in one cell: no separator can then clash with a form. A byte-order mark is read and
written (spreadsheets need it to open CJK text as UTF-8). Errors name the file and the line the row starts on.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to a spreadsheet, which runs it
when the file is opened (CSV injection: `=HYPERLINK(...)` in a note sends data away). Such a cell is written with an
apostrophe before it, as spreadsheets themselves mark text that only looks like a formula (`'=x`), and the apostrophe
is removed again on reading; a text that already begins with apostrophes before one of those characters gets one
more, so that every text reads back exactly as written. An apostrophe before anything else is text
(`'s-Hertogenbosch`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mtqa.errors import InputError
from mtqa.glossary.concepts import (
    STATUS_NAMES,
    MadeUpIds,
    Status,
    Term,
    assign_roles,
    entry_terms,
    language_matches,
    refuse_target_language_sources,
    status_named,
)
from mtqa.glossary.contents import MAX_FORM_LENGTH, GlossaryFile, default_case_sensitive, entry_from_fields
from mtqa.glossary.model import Entry
from mtqa.io.decode import read_utf8
from mtqa.io.names import display_path
from mtqa.language_tags import is_language_tag

GLOSSARY_COLUMNS = ("glossary", "glossary_description")  # the glossary's name and description, not an entry's
FIXED_COLUMNS = ("id", "type", "status", "note", "severity", "case_sensitive", *GLOSSARY_COLUMNS)
_ENTRY_COLUMNS = ("type", "case_sensitive")  # the entry's, whichever of its rows gives them
_BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
_STATUS_WORDS = {Status.PREFERRED: "preferred", Status.ADMITTED: "admitted", Status.WRONG: "deprecated"}
# What makes a spreadsheet read a cell as a formula, after any apostrophes that already say "text".
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_TEXT_MARK = "'"


@dataclass
class _Row:
    line: int
    cells: dict[str, str]


@dataclass
class _Group:
    line: int
    given_id: str | None
    rows: list[_Row] = field(default_factory=list)


def read_csv(path: str, target_language: str) -> GlossaryFile:
    """The entries of the CSV glossary `path`, its terms taken from `target_language`'s column."""
    where = display_path(path)
    rows = _rows(read_utf8(path), where)
    first = next(rows, None)
    if first is None:
        raise InputError(where, "empty file: expected a header row of language tags (en, zh-Hans, ...) and columns "
                         "such as id, status, note", 1)
    columns, target = _columns(first[1], target_language, where)
    groups: dict[object, _Group] = {}
    header: dict[str, tuple[str, int]] = {}  # the glossary's own fields: (value, the line that first gave it)
    for line, values in rows:
        if len(values) > len(columns):
            raise InputError(where, f"{len(values)} cells, but the header names {len(columns)} columns", line)
        cells = {column: _read_cell(value) for column, value in zip(columns, values, strict=False) if value.strip()}
        for column in GLOSSARY_COLUMNS:
            value = cells.pop(column, None)
            if value is not None and header.setdefault(column, (value, line))[0] != value:
                raise InputError(where, f"the rows disagree on the {column} ('{header[column][0]}' on line "
                                 f"{header[column][1]}, then '{value}')", line)
        if not cells:
            continue
        given_id = cells.get("id")
        group = groups.setdefault(given_id if given_id is not None else object(), _Group(line, given_id))
        group.rows.append(_Row(line, cells))
    ids = MadeUpIds(group.given_id for group in groups.values() if group.given_id is not None)
    sources = [column for column in columns if column not in FIXED_COLUMNS and column != target]
    entries = tuple(_entry(group, target, sources, where, ids) for group in groups.values())
    name, description = (header[column][0] if column in header else None for column in GLOSSARY_COLUMNS)
    return GlossaryFile(name=name or Path(path).stem, entries=entries, language=target, description=description)


def _rows(text: str, where: str) -> Iterator[tuple[int, list[str]]]:
    """(line the row starts on, cells) for each row; a quoting error names its line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problem = f"malformed CSV: {error}"
            if "field limit" in str(error):  # the csv module's own bound, far above any form or note
                problem = (f"a cell of more than {csv.field_size_limit():,} characters (glossary forms are at most "
                           f"{MAX_FORM_LENGTH:,})")
            raise InputError(where, problem, reader.line_num or line) from None
        yield line, values
        line = reader.line_num + 1


def _columns(header: list[str], target_language: str, where: str) -> tuple[list[str], str]:
    columns = []
    for name in (cell.strip() for cell in header):
        column = name.lower() if name.lower() in FIXED_COLUMNS else name
        if column not in FIXED_COLUMNS and not is_language_tag(column):
            raise InputError(where, f"unknown column '{name}': expected language tags (en, zh-Hans, ko, ...) and "
                             f"{', '.join(FIXED_COLUMNS)}", 1)
        if column in columns:
            raise InputError(where, f"column '{name}' given twice", 1)
        columns.append(column)
    targets = [column for column in columns if column not in FIXED_COLUMNS
               and language_matches(column, target_language)]
    if len(targets) != 1:
        problem = "no column" if not targets else f"several columns ({', '.join(targets)})"
        raise InputError(where, f"{problem} for the target language '{target_language}'; choose one with "
                         "--target-lang", 1)
    return columns, targets[0]


def _entry(group: _Group, target: str, sources: list[str], where: str, ids: MadeUpIds) -> Entry:
    def fail(message: str, line: int) -> InputError:
        return InputError(where, message, line, group.given_id)

    fields: dict = {}
    terms: list[Term] = []
    notes: dict[int, str | None] = {}  # by id() of each term: the note on its row
    for row in group.rows:
        for column in _ENTRY_COLUMNS:
            value = row.cells.get(column)
            if value is None:
                continue
            value = _boolean(value, fail, row.line) if column == "case_sensitive" else value
            if fields.setdefault(column, value) != value:
                raise fail(f"the entry's rows disagree on {column} ('{fields[column]}', then '{value}')", row.line)
        term = _term(row, target, fail)
        if term is not None:
            terms.append(term)
            notes[id(term)] = row.cells.get("note")
        elif any(column in row.cells for column in ("status", "note", "severity")):
            raise fail(f"status, note and severity belong to a term, and this row has none in the {target} column",
                       row.line)
    roles = assign_roles(terms)
    if roles is None:
        raise fail(f"no preferred, admitted or unmarked term in the {target} column", group.line)
    for term in (*roles.allowed, *roles.descriptions, *([roles.acronym] if roles.acronym else [])):
        if notes[id(term)]:
            raise fail(f"a note on '{term.text}' has no place: an entry's note goes on its canonical form's row, "
                       "and a wrong rendering's on its own", group.line)
    fields.update(roles.fields())
    fields["note"] = notes[id(roles.canonical)]
    fields["id"] = group.given_id or ids.made_up(roles.canonical.text)
    fields["sources"] = {column: forms for column in sources
                         if (forms := [row.cells[column] for row in group.rows if column in row.cells])}
    return entry_from_fields(fields, where, group.line)


def _term(row: _Row, target: str, fail) -> Term | None:
    text = row.cells.get(target)
    if text is None:
        return None
    word = row.cells.get("status", "")
    acronym, description = (word.strip().lower() == role for role in ("acronym", "description"))
    status = Status.UNMARKED if acronym or description else status_named(word)
    if status is None:
        raise fail(f"unknown status '{word}' (expected {STATUS_NAMES}, acronym, description, or empty)", row.line)
    severity = row.cells.get("severity")
    if severity is not None and status is not Status.WRONG:
        raise fail(f"'{text}' has a severity but is not a wrong rendering (status deprecated)", row.line)
    note = row.cells.get("note") if status is Status.WRONG else None
    return Term(text, status, acronym=acronym, description=description, note=note, severity=severity)


def _boolean(value: str, fail, line: int) -> bool:
    try:
        return _BOOLEANS[value.strip().lower()]
    except KeyError:
        raise fail(f"case_sensitive must be true or false, not '{value}'", line) from None


def render_csv(glossary: GlossaryFile, target_language: str) -> str:
    """The glossary as CSV, its terms in a column tagged `glossary.language`, else `target_language`."""
    target = glossary.language or target_language
    refuse_target_language_sources(glossary.entries, target)
    languages = list(dict.fromkeys(tag for entry in glossary.entries for tag, forms in entry.sources.items()
                                   if forms))
    uses_severity = any(form.severity for entry in glossary.entries for form in entry.wrong)
    uses_case = any(_case_cell(entry) for entry in glossary.entries)
    columns = ["id", "type", target, "status", *languages, "note",
               *(["severity"] if uses_severity else []), *(["case_sensitive"] if uses_case else []),
               "glossary", *(["glossary_description"] if glossary.description else [])]
    rows = [row for entry in glossary.entries for row in _entry_rows(entry, target)] or [{}]
    # The glossary's own fields on the first row (of no entry where there is none).
    rows[0].update({"glossary": glossary.name, "glossary_description": glossary.description or ""})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_written_cell(row.get(column, "")) for column in columns])
    return "\ufeff" + out.getvalue()


def _entry_rows(entry: Entry, target: str) -> list[dict[str, str]]:
    terms = entry_terms(entry)
    depth = max(len(terms), *(len(forms) for forms in entry.sources.values()), 1)
    rows = [{"id": entry.id, "type": entry.type, "case_sensitive": _case_cell(entry)} for _ in range(depth)]
    for row, term in zip(rows, terms, strict=False):
        row[target] = term.text
        row["status"] = "acronym" if term.acronym else "description" if term.description else \
            _STATUS_WORDS[term.status]
        row["note"] = term.note or ""
        row["severity"] = term.severity or ""
    rows[0]["note"] = entry.note or ""
    for tag, forms in entry.sources.items():
        for row, form in zip(rows, forms, strict=False):
            row[tag] = form
    return rows


def _written_cell(text: str) -> str:
    """`text` as a cell no spreadsheet runs as a formula (see the module's note); `_read_cell` undoes it."""
    return _TEXT_MARK + text if _FORMULA_START.match(text) else text


def _read_cell(value: str) -> str:
    """The text of a cell: white space around it dropped, and the apostrophe that marks a formula-like text."""
    text = value.strip()
    return text[len(_TEXT_MARK):] if text.startswith(_TEXT_MARK) and _FORMULA_START.match(text) else text


def _case_cell(entry: Entry) -> str:
    """`case_sensitive` where it differs from the default for the entry's type, else empty."""
    return "" if entry.case_sensitive == default_case_sensitive(entry.type) else str(entry.case_sensitive).lower()
