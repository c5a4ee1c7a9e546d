"""Writing glossary YAML that the loader reads back as the same entries.

Keys come in the order people read them (id, type, canonical, allowed, descriptions, acronym, sources, wrong,
case_sensitive, note); empty fields and a `case_sensitive` equal to its default are left out; one form is written as a
string, several as a list. The YAML has no anchors or aliases, which the loader refuses.
"""

from __future__ import annotations

import yaml

from mtqa.glossary.contents import GlossaryFile, default_case_sensitive
from mtqa.glossary.model import Entry


class _Forms(list):
    """A list of forms, written on one line as in the shipped glossary: [Moon, President Moon]."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        # Lists indented under their key, as in the shipped glossary.
        return super().increase_indent(flow, False)


_Dumper.add_representer(_Forms, lambda dumper, data: dumper.represent_sequence(
    "tag:yaml.org,2002:seq", data, flow_style=True))


def render_yaml(glossary: GlossaryFile) -> str:
    header = {"name": glossary.name}
    if glossary.language:
        header["language"] = glossary.language
    if glossary.description:
        header["description"] = glossary.description
    document = {**header, "entries": [_entry(entry) for entry in glossary.entries]}
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=120)


def _entry(entry: Entry) -> dict:
    fields: dict = {"id": entry.id, "type": entry.type, "canonical": entry.canonical}
    if entry.allowed:
        fields["allowed"] = _Forms(entry.allowed)
    if entry.descriptions:
        fields["descriptions"] = _Forms(entry.descriptions)
    if entry.acronym:
        fields["acronym"] = entry.acronym
    if entry.sources:
        fields["sources"] = {tag: _one_or_list(forms) for tag, forms in entry.sources.items()}
    if entry.wrong:
        fields["wrong"] = [_wrong(form) for form in entry.wrong]
    if entry.case_sensitive != default_case_sensitive(entry.type):
        fields["case_sensitive"] = entry.case_sensitive
    if entry.note:
        fields["note"] = entry.note
    return fields


def _one_or_list(forms: tuple[str, ...]) -> str | _Forms:
    return forms[0] if len(forms) == 1 else _Forms(forms)


def _wrong(form) -> str | dict:
    if form.note is None and form.severity is None:
        return form.text
    fields = {"text": form.text}
    if form.note is not None:
        fields["note"] = form.note
    if form.severity is not None:
        fields["severity"] = form.severity.value
    return fields
