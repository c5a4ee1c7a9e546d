"""Glossaries in TBX and CSV as well as YAML: every field survives a conversion and back, TBX written by other tools
reads as it means, hostile XML is refused, and a check with a TBX glossary finds what it finds with the YAML."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEED, assert_one_error_line
from conftest import check_command as check
from mtqa.cli import cli
from mtqa.glossary.concepts import Status, status_named
from mtqa.glossary.load import load_glossaries, read_glossary_file
from mtqa.glossary.model import Entry, WrongForm
from mtqa.model import Severity

FIXTURES = Path(__file__).parent / "glossary_formats"
SHIPPED = ROOT / "glossaries" / "east-asia-news.yaml"

# Every field, and text that trips up each format: quotes, commas, newlines, CJK, '|', YAML's special words,
# markup characters, a carriage return.
EVERY_FIELD = r'''name: crafted
language: en
description: "Every field, once: \"quoted\", commas, | bars"
entries:
  - id: kcna
    type: media
    canonical: Korean Central News Agency
    allowed: [Korean Central News Agency (KCNA), "North's agency, official"]
    descriptions: [North Korean state media, "the North's mouthpiece, official"]
    acronym: KCNA
    sources:
      zh-Hans: [朝鲜中央通讯社, 朝中社]
      zh-Hant: [朝鮮中央通訊社, 朝中社]
      ko: [조선중앙통신, 조선중앙통신사]
      ja: 朝鮮中央通信
    wrong:
      - text: Korea Central News Agency
        note: "the agency's English name is \"Korean Central News Agency\", with an n"
        severity: minor
      - text: Chosun Central
        severity: critical
      - text: Joseon News|Agency
        note: "two lines:\nthe first, then the second | with a bar, 朝中社, <b>&amp;</b>\r"
      - North Korean Agency
    note: "North Korea's state agency, \"KCNA\":\nnot Taiwan's Central News Agency | 中央社"
  - id: forced-labor
    type: term
    canonical: forced labor
    wrong: [job labor, {text: conscripted labour, note: 'a British spelling, "conscripted"'}]
    case_sensitive: true
  - id: 2024
    type: agency
    canonical: "yes"
    allowed: ["null", "2024"]
    case_sensitive: false
  - id: acme
    type: company
    canonical: ACME Holdings
  - id: ipac
    type: organization
    canonical: IPAC
    note: ' An entry whose only form is its acronym. '
'''


def entries_of(path) -> list[Entry]:
    """The entries as a comparison needs them: without the file and line they came from."""
    return [dataclasses.replace(entry, origin="") for entry in load_glossaries([str(path)]).entries]


def convert(*args: str):
    return CliRunner().invoke(cli, ["glossary", *args], catch_exceptions=False)


@pytest.fixture
def crafted(tmp_path) -> Path:
    path = tmp_path / "crafted.yaml"
    path.write_text(EVERY_FIELD, encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".tbx", ".csv", ".yaml"])
def test_the_shipped_glossary_survives_conversion_and_back(tmp_path, suffix):
    converted, back = tmp_path / f"east-asia-news{suffix}", tmp_path / "back.yaml"
    assert convert("export", str(SHIPPED), "-o", str(converted)).exit_code == 0
    assert convert("import", str(converted), "-o", str(back)).exit_code == 0
    before, after = entries_of(SHIPPED), entries_of(back)
    assert len(before) == 249
    assert after == before
    assert read_glossary_file(str(back)).name == "east-asia-news"


@pytest.mark.parametrize("suffix", [".tbx", ".csv"])
def test_every_field_survives_conversion_and_back(crafted, tmp_path, suffix):
    converted, back = tmp_path / f"crafted{suffix}", tmp_path / "back.yaml"
    assert convert("export", str(crafted), "-o", str(converted)).exit_code == 0
    assert convert("import", str(converted), "-o", str(back)).exit_code == 0
    before = entries_of(crafted)
    assert entries_of(back) == before
    kcna = before[0]
    assert kcna.wrong[2].note.endswith("</b>") and "\n" in kcna.wrong[2].note  # the loader strips the final \r
    assert kcna.wrong[0].severity is Severity.MINOR and kcna.wrong[1].severity is Severity.CRITICAL
    assert [entry.case_sensitive for entry in before] == [True, True, False, True, True]
    assert kcna.descriptions == ("North Korean state media", "the North's mouthpiece, official")
    assert kcna.allowed == ("Korean Central News Agency (KCNA)", "North's agency, official")


def test_the_yaml_written_reads_back_identically_and_keeps_the_key_order(crafted, tmp_path):
    back = tmp_path / "back.yaml"
    assert convert("import", str(crafted), "-o", str(back)).exit_code == 0
    assert entries_of(back) == entries_of(crafted)
    header = read_glossary_file(str(back))
    assert (header.name, header.language, header.description) == (
        "crafted", "en", 'Every field, once: "quoted", commas, | bars')
    text = back.read_text(encoding="utf-8")
    first = text[text.index("- id: kcna"):text.index("- id: forced-labor")]
    keys = [line.strip().split(":")[0] for line in first.splitlines() if line.startswith("    ") and
            not line.startswith("     ")]
    assert keys == ["type", "canonical", "allowed", "descriptions", "acronym", "sources", "wrong", "note"]
    assert "case_sensitive" not in first  # the default for a name is left out
    assert "&" not in text.replace("&amp;", "") and "*" not in text  # no anchors or aliases


def test_tbx_written_is_tbx_basic_v3_in_dca_style(crafted, tmp_path):
    out = tmp_path / "crafted.tbx"
    assert convert("export", str(crafted), "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">' in text
    assert '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>' in text
    assert '<termNote type="termType">acronym</termNote>' in text
    assert '<descrip type="subjectField">media</descrip>' in text
    assert '<admin type="mtqa-caseSensitive">false</admin>' in text
    assert '<termNote type="mtqa-severity">critical</termNote>' in text


def test_csv_written_is_one_term_a_row_for_a_spreadsheet(crafted, tmp_path):
    out = tmp_path / "crafted.csv"
    assert convert("export", str(crafted), "-o", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheets open CJK text as UTF-8 only with the mark
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "id,type,en,status,zh-Hans,zh-Hant,ko,ja,note,severity,case_sensitive,glossary," \
        "glossary_description"
    assert lines[1].startswith("kcna,media,Korean Central News Agency,preferred,朝鲜中央通讯社,")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[1][-2:] == ["crafted", 'Every field, once: "quoted", commas, | bars']
    assert {tuple(row[-2:]) for row in rows[2:]} == {("", "")}  # the glossary's fields on the first row only
    assert "kcna,media,KCNA,acronym," in raw.decode("utf-8-sig")
    assert "kcna,media,Chosun Central,deprecated,,,,,,critical,,," in lines


EXPECTED_FROM_TERMBASE = [
    Entry(id="c101", type="organization", canonical="Korean Central News Agency", acronym="KCNA",
          sources={"zh-CN": ("朝鲜中央通讯社", "朝中社"), "ko": ("조선중앙통신",)},
          wrong=(WrongForm("Korea Central News Agency", "the agency's English name is Korean Central News Agency"),),
          case_sensitive=True, note="North Korea's state news agency."),
    # A subject field that is no kind of name: a term, matched in any case.
    Entry(id="c102", type="Politics", canonical="comfort women", allowed=("comfort woman",),
          sources={"ja": ("慰安婦",)}, wrong=(WrongForm("consolation women", "literal rendering of 慰安婦"),),
          case_sensitive=False),
]


@pytest.mark.parametrize(("fixture", "first_line"), [("tbx2-martif.tbx", 13), ("tbx3-dca.tbx", 12),
                                                     ("tbx3-dct.tbx", 13)])
def test_tbx_from_termbase_tools_reads_as_it_means(fixture, first_line):
    """TBX v2 (martif, tig and ntig, a definition), v3 DCA (a concept note) and v3 DCT (namespaced data
    categories, a definition in the langSec), all with an en-US target: the same two entries."""
    glossary = read_glossary_file(str(FIXTURES / fixture))
    assert [dataclasses.replace(entry, origin="") for entry in glossary.entries] == EXPECTED_FROM_TERMBASE
    assert (glossary.name, glossary.language) == ("Desk termbase", "en-US")
    assert glossary.entries[0].origin.endswith(f"{fixture}:{first_line}")  # the line an error names


def test_another_target_language_takes_its_terms_as_canonical(tmp_path):
    path = tmp_path / "ko.tbx"
    path.write_text(tbx('<conceptEntry id="nis"><langSec xml:lang="en"><termSec><term>NIS</term></termSec></langSec>'
                        '<langSec xml:lang="ko-KR"><termSec><term>국가정보원</term></termSec>'
                        '<termSec><term>국정원</term></termSec></langSec></conceptEntry>\n'), encoding="utf-8")
    glossary = read_glossary_file(str(path), "ko")
    entry = glossary.entries[0]
    assert (glossary.language, entry.canonical, entry.allowed, entry.sources) == (
        "ko-KR", "국가정보원", ("국정원",), {"en": ("NIS",)})


@pytest.mark.parametrize(
    ("value", "status"),
    [("preferredTerm-admn-sts", Status.PREFERRED), ("standardizedTerm", Status.PREFERRED),
     ("admittedTerm-admn-sts", Status.ADMITTED), ("deprecatedTerm-admn-sts", Status.WRONG),
     ("supersededTerm-admn-sts", Status.WRONG), ("forbidden", Status.WRONG), ("notRecommended", Status.WRONG),
     ("Not recommended", Status.WRONG), ("obsolete", Status.WRONG), ("", Status.UNMARKED), ("sometimes", None)],
)
def test_status_words_of_tbx_dialects_and_tools(value, status):
    assert status_named(value) is status


def tbx(concepts: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}<tbx type="TBX-Basic" style="dca" xml:lang="en" '
            f'xmlns="urn:iso:std:iso:30042:ed-2">\n<tbxHeader><fileDesc/></tbxHeader>\n<text><body>\n'
            f'{concepts}</body></text>\n</tbx>\n')


def test_forbidden_and_not_recommended_terms_are_wrong_and_an_unmarked_first_term_is_canonical(tmp_path):
    path = tmp_path / "statuses.tbx"
    path.write_text(tbx(
        '<conceptEntry id="a"><langSec xml:lang="en">\n'
        '<termSec><term>Taiwan Strait</term></termSec>\n'
        '<termSec><term>Formosa Strait</term><termNote type="administrativeStatus">notRecommended</termNote>'
        '</termSec>\n'
        '<termSec><term>Taiwan Straits</term><termNote type="administrativeStatus">forbidden</termNote></termSec>\n'
        '</langSec></conceptEntry>\n'), encoding="utf-8")
    entry = read_glossary_file(str(path)).entries[0]
    assert (entry.canonical, [form.text for form in entry.wrong]) == (
        "Taiwan Strait", ["Formosa Strait", "Taiwan Straits"])


@pytest.mark.parametrize("fixture", ["billion-laughs.tbx", "external-entity.tbx"])
@pytest.mark.parametrize("command", ["check", "validate", "import"])
def test_entity_declarations_are_refused_with_one_line(workspace, fixture, command):
    path = str(FIXTURES / fixture)
    result = {
        "check": lambda: check("ok.txt", "--glossary", path),
        "validate": lambda: convert("validate", path),
        "import": lambda: convert("import", path, "-o", "out.yaml"),
    }[command]()
    line = assert_one_error_line(result, f"{fixture}:3:", "declares entities")
    assert "root:" not in line and "lollol" not in line
    assert not (workspace / "out.yaml").exists()


@pytest.mark.parametrize(
    ("doctype", "body", "fragments"),
    [
        # A parameter entity would fetch the file while the DTD is read.
        ('<!DOCTYPE tbx [\n<!ENTITY % remote SYSTEM "http://example.com/evil.dtd">\n%remote;\n]>\n', "",
         (":3:", "declares entities")),
        # An external DTD is never read, so an entity it might declare is refused where it is used.
        ('<!DOCTYPE tbx SYSTEM "http://example.com/tbx.dtd">\n',
         '<conceptEntry id="a"><langSec xml:lang="en"><termSec><term>&name;</term></termSec></langSec>'
         '</conceptEntry>\n', (":6:", "entity reference &name; is defined by no declaration")),
    ],
)
def test_entities_that_would_need_a_dtd_are_refused(workspace, doctype, body, fragments):
    (workspace / "terms.tbx").write_text(tbx(body, doctype), encoding="utf-8")
    assert_one_error_line(convert("validate", "terms.tbx"), "terms.tbx", *fragments)


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        (tbx('<conceptEntry id="a"><langSec xml:lang="en">\n<termSec><term>x</term></langSec>\n'),
         ("bad.tbx:6:", "malformed XML", "mismatch")),
        ("<tbx><text>", ("bad.tbx:1:", "malformed XML")),
        ("", ("bad.tbx:1:", "empty file")),
        ('<?xml version="1.0"?>\n<glossary/>', ("bad.tbx:2:", "not a TBX file", "<glossary>")),
        (tbx('\n<conceptEntry id="ko-only"><langSec xml:lang="ko"><termSec><term>국회</term></termSec></langSec>'
             '</conceptEntry>\n'),
         ("bad.tbx:6:", "no usable term in the target language 'en'", "ko", "'ko-only'")),
        (tbx('<conceptEntry id="a"><langSec xml:lang="en"><termSec><term>x</term>\n'
             '<termNote type="administrativeStatus">sometimes</termNote></termSec></langSec></conceptEntry>\n'),
         ("bad.tbx:6:", "unknown administrativeStatus 'sometimes'")),
        (tbx('<conceptEntry id="a"><langSec xml:lang="en-US"><termSec><term>x</term></termSec></langSec>\n'
             '<langSec xml:lang="en-GB"><termSec><term>y</term></termSec></langSec></conceptEntry>\n'),
         ("bad.tbx:5:", "several target-language sections (en-US, en-GB)", "--target-lang")),
        (tbx('<conceptEntry id="a"><langSec xml:lang="en"><termSec><term>x</term></termSec>\n'
             '<termSec><term>x</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>'
             '</termSec></langSec></conceptEntry>\n'),
         ("bad.tbx:5:", "listed both as allowed and as wrong", "'a'")),
    ],
)
def test_a_bad_tbx_file_names_file_and_line(workspace, content, fragments):
    (workspace / "bad.tbx").write_text(content, encoding="utf-8")
    assert_one_error_line(check("ok.txt", "--glossary", "bad.tbx"), *fragments)


CSV_HEADER = "id,type,en,status,zh-Hans,ko,note,severity,case_sensitive\n"


def test_csv_rows_of_one_id_are_one_entry_wherever_they_stand(tmp_path):
    path = tmp_path / "desk.csv"
    path.write_bytes(("\ufeffID,Type,en,Status,zh-Hans,ko,Note,Severity,Case_Sensitive\r\n"
                      "yoon,person,Yoon Suk Yeol,preferred,尹锡悦,윤석열,\"President, 2022-2025\",,\r\n"
                      "nis,agency,National Intelligence Service,,,국가정보원,,,\r\n"
                      "yoon,,Yun Xiyue,deprecated,,,pinyin of 尹锡悦,major,\r\n"
                      "yoon,person,Yoon,admitted,尹,,,,\r\n"
                      ",,comfort women,,慰安妇,,,,\r\n"
                      "nis,,NIS,acronym,,,,,false\r\n"
                      "nis,,the spy agency,Description,,,,,\r\n").encode("utf-8"))
    entries = read_glossary_file(str(path)).entries
    assert [dataclasses.replace(entry, origin="") for entry in entries] == [
        Entry(id="yoon", type="person", canonical="Yoon Suk Yeol", allowed=("Yoon",),
              sources={"zh-Hans": ("尹锡悦", "尹"), "ko": ("윤석열",)},
              wrong=(WrongForm("Yun Xiyue", "pinyin of 尹锡悦", Severity.MAJOR),), note="President, 2022-2025"),
        Entry(id="nis", type="agency", canonical="National Intelligence Service", acronym="NIS",
              descriptions=("the spy agency",), sources={"ko": ("국가정보원",)}, case_sensitive=False),
        Entry(id="comfort-women", type="term", canonical="comfort women", sources={"zh-Hans": ("慰安妇",)},
              case_sensitive=False),
    ]
    assert [entry.origin.rsplit(":", 1)[1] for entry in entries] == ["2", "3", "6"]


def test_csv_without_an_id_column_makes_each_row_an_entry(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("zh-Hans,en\n文在寅,Moon Jae-in\n文在寅总统,President Moon Jae-in\n", encoding="utf-8")
    entries = read_glossary_file(str(path)).entries
    assert [(entry.id, entry.canonical, entry.sources) for entry in entries] == [
        ("moon-jae-in", "Moon Jae-in", {"zh-Hans": ("文在寅",)}),
        ("president-moon-jae-in", "President Moon Jae-in", {"zh-Hans": ("文在寅总统",)})]


@pytest.mark.parametrize("suffix", [".csv", ".tbx", ".yaml"])
@pytest.mark.parametrize("description", [None, "The desk's terms, 2026: \"quoted\", commas"])
def test_the_glossary_name_and_description_survive_conversion_and_back(tmp_path, suffix, description):
    # Named otherwise than its file, which is what the name falls back to.
    source = tmp_path / "desk.yaml"
    source.write_text(json.dumps({"name": "desk-2026", "language": "en", "description": description, "entries": [
        {"id": "a", "type": "term", "canonical": "forced labor", "wrong": ["job labor"]}]}), encoding="utf-8")
    converted, back = tmp_path / f"g{suffix}", tmp_path / "back.yaml"
    assert convert("export", str(source), "-o", str(converted)).exit_code == 0
    assert read_glossary_file(str(converted)).name == "desk-2026"
    assert convert("import", str(converted), "-o", str(back)).exit_code == 0
    header = read_glossary_file(str(back))
    assert (header.name, header.description) == ("desk-2026", description)
    assert entries_of(back) == entries_of(source)


def test_a_glossary_of_no_entries_keeps_its_name_through_csv(tmp_path):
    source, converted = tmp_path / "empty.yaml", tmp_path / "g.csv"
    source.write_text("name: not-yet\nentries: []\n", encoding="utf-8")
    assert convert("export", str(source), "-o", str(converted)).exit_code == 0
    glossary = read_glossary_file(str(converted))
    assert (glossary.name, glossary.entries) == ("not-yet", ())


@pytest.mark.parametrize(("content", "name", "description"), [
    # Written before the columns existed: the file's stem, as always.
    (CSV_HEADER + "a,term,forced labor\n", "sheet", None),
    # Any row may say it (a spreadsheet sorted the rows), and may say it again.
    ("id,en,glossary\nb,boat\na,apple,desk\nc,cat,desk\n", "desk", None),
    # A row with nothing but the glossary's fields is no entry; the fixed columns' names in any case.
    ("id,en,GLOSSARY,Glossary_Description\n,,desk, the desk's \na,apple,,\n", "desk", "the desk's"),
    (CSV_HEADER.strip() + ",glossary\na,term,forced labor,,,,,,,\n", "sheet", None),  # the column left empty
])
def test_csv_glossary_name_comes_from_its_column_else_the_file(tmp_path, content, name, description):
    path = tmp_path / "sheet.csv"
    path.write_text(content, encoding="utf-8")
    glossary = read_glossary_file(str(path))
    assert (glossary.name, glossary.description) == (name, description)
    assert glossary.entries


def test_a_csv_glossary_name_is_the_one_a_report_lists(workspace):
    (workspace / "g.csv").write_text("id,en,status,glossary\na,forced labor,,desk-2026\na,job labor,deprecated,\n",
                                     encoding="utf-8")
    result = check("bad.txt", "--glossary", "g.csv", "--format", "json")
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["glossaries"] == ["desk-2026"]


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ("id,en,glossary\na,apple,desk\nb,boat,\nc,cat,other\n",
         ("bad.csv:4:", "rows disagree on the glossary ('desk' on line 2, then 'other')")),
        ("id,en,glossary_description\na,apple,one\nb,boat,two\n", ("bad.csv:3:", "glossary_description")),
        (CSV_HEADER + 'a,term,x,preferred,,,"an unclosed note\n', ("bad.csv:2:", "malformed CSV")),
        (CSV_HEADER + 'a,term,x,preferred,,,"note" and more,,\n', ("bad.csv:2:", "malformed CSV")),
        (CSV_HEADER + "a,term,x,preferred,,,,,,extra\n", ("bad.csv:2:", "10 cells", "9 columns")),
        (CSV_HEADER + "a,term,x,preferred\na,term,y,sometimes\n", ("bad.csv:3:", "unknown status 'sometimes'")),
        (CSV_HEADER + "a,term,x,preferred\na,term,y,admitted,,,a note\n", ("bad.csv:2:", "note on 'y'")),
        (CSV_HEADER + "a,term,x,preferred\na,term,y,description,,,a note\n", ("bad.csv:2:", "note on 'y'")),
        (CSV_HEADER + "a,term,x,preferred\na,term,y,description\na,term,y,deprecated\n",
         ("bad.csv:2:", "'y' is listed both as a description and as wrong")),
        (CSV_HEADER + "a,term,x,preferred\na,person,y\n", ("bad.csv:3:", "disagree on type", "'a'")),
        (CSV_HEADER + "a,term,x,preferred,,,,,maybe\n", ("bad.csv:2:", "case_sensitive must be true or false")),
        (CSV_HEADER + "a,term,x,preferred,,,,minor\n", ("bad.csv:2:", "'x' has a severity")),
        (CSV_HEADER + "a,term,,,尹,,a note\n", ("bad.csv:2:", "this row has none in the en column")),
        (CSV_HEADER + "a,term,x,deprecated\n", ("bad.csv:2:", "no preferred, admitted or unmarked term")),
        (CSV_HEADER + "a,term,x\na,term,y,deprecated,,,,fatal\n", ("bad.csv:2:", "unknown severity 'fatal'", "'a'")),
        ("id,english,zh-Hans\n", ("bad.csv:1:", "unknown column 'english'")),
        ("id,zh-Hans,ko\n", ("bad.csv:1:", "no column for the target language 'en'")),
        ("id,en-US,en-GB\n", ("bad.csv:1:", "several columns (en-US, en-GB)")),
        ("", ("bad.csv:1:", "empty file")),
        (CSV_HEADER + "a,term,x\nb,term,X\n", ("bad.csv:3:", "form 'X' is also listed by entry 'a'")),
    ],
)
def test_a_bad_csv_file_names_file_and_line(workspace, content, fragments):
    (workspace / "bad.csv").write_text(content, encoding="utf-8")
    assert_one_error_line(check("ok.txt", "--glossary", "bad.csv"), *fragments)


def test_import_merges_several_files_and_refuses_a_duplicate_across_formats(workspace):
    (workspace / "more.csv").write_text("id,en,status\nnis,National Intelligence Service,preferred\n",
                                        encoding="utf-8")
    result = convert("import", "g.yaml", "more.csv", str(FIXTURES / "tbx3-dca.tbx"), "-o", "all.yaml")
    assert result.exit_code == 0, result.output
    assert [entry.id for entry in entries_of(workspace / "all.yaml")] == ["a", "nis", "c101", "c102"]
    (workspace / "clash.csv").write_text("id,en\na,another\n", encoding="utf-8")
    assert_one_error_line(convert("import", "g.yaml", "clash.csv", "-o", "all.yaml"),
                          "clash.csv:2:", "duplicate entry id", "'a'")


def test_the_format_comes_from_to_or_the_output_suffix(workspace):
    assert convert("export", "g.yaml", "-o", "terms.txt", "--to", "csv").exit_code == 0
    assert (workspace / "terms.txt").read_text(encoding="utf-8-sig").startswith("id,type,en,status")
    assert convert("import", str(FIXTURES / "tbx3-dct.tbx"), "-o", "terms.out").exit_code == 0
    assert (workspace / "terms.out").read_text(encoding="utf-8").startswith("name: Desk termbase")
    assert_one_error_line(convert("export", "g.yaml", "-o", "terms.out"), "terms.out", "--to")


def test_conversion_never_writes_over_an_input(workspace):
    before = (workspace / "g.yaml").read_bytes()
    assert_one_error_line(convert("import", "g.yaml", "-o", "g.yaml"), "g.yaml", "over an input")
    assert (workspace / "g.yaml").read_bytes() == before


def test_a_form_xml_cannot_hold_is_an_error_naming_the_entry(workspace):
    (workspace / "ctrl.yaml").write_text('name: c\nentries:\n  - {id: bell, canonical: "ring\\a"}\n',
                                         encoding="utf-8")
    assert_one_error_line(convert("export", "ctrl.yaml", "-o", "ctrl.tbx"), "entry 'bell'", "control character")
    assert not (workspace / "ctrl.tbx").exists()


def test_a_source_in_the_target_language_is_refused_rather_than_read_back_as_a_target_term(workspace):
    (workspace / "en.yaml").write_text("name: e\nentries:\n  - {id: a, canonical: x, sources: {en-GB: y}}\n",
                                       encoding="utf-8")
    assert_one_error_line(convert("export", "en.yaml", "-o", "en.csv"), "entry 'a'", "source language 'en-GB'")


@pytest.mark.parametrize("suffix", [".tbx", ".csv"])
def test_a_check_with_a_converted_glossary_finds_what_it_finds_with_the_yaml(tmp_path, suffix):
    converted = tmp_path / f"east-asia-news{suffix}"
    assert convert("export", str(SHIPPED), "-o", str(converted)).exit_code == 0

    def findings(glossary: Path) -> list[dict]:
        result = check(str(SEED), "--glossary", str(glossary), "--format", "json")
        assert result.exit_code == 1, result.output  # the seed has errors: the gate fails
        return [finding for document in json.loads(result.stdout)["documents"] for finding in document["findings"]]

    expected = findings(SHIPPED)
    assert len(expected) >= 10 and any(finding["entry"] for finding in expected)
    assert findings(converted) == expected


def test_made_up_ids_of_many_entries_with_one_slug_are_numbered_without_counting_from_one_each_time():
    # "Kim → Jong" and "Kim ← Jong" are both kim-jong: each entry counted up past every number taken before it, and
    # 16,000 such entries took 17 s to load.
    from mtqa.glossary.concepts import MadeUpIds

    class Counted(set):
        asked = 0

        def __contains__(self, item):
            Counted.asked += 1
            return super().__contains__(item)

    ids = MadeUpIds({"kim-jong-3"})  # an id the file gives is never made up again
    ids._taken = Counted(ids._taken)
    made = [ids.made_up(f"Kim {chr(0x2190 + n)} Jong") for n in range(2000)]
    assert made[:4] == ["kim-jong", "kim-jong-2", "kim-jong-4", "kim-jong-5"] and len(set(made)) == 2000
    assert ids.made_up("Moon Jae-in") == "moon-jae-in"
    assert Counted.asked <= 2 * 2001 + 1


def test_a_tbx_entry_without_an_id_never_takes_the_id_a_later_entry_gives(tmp_path):
    # The made-up "seoul" clashed with the id given further on: "duplicate entry id", naming an id nobody wrote.
    path = tmp_path / "desk.tbx"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="en" '
                    'xmlns="urn:iso:std:iso:30042:ed-2"><text><body>\n'
                    '<conceptEntry><langSec xml:lang="en"><termSec><term>Seoul</term></termSec></langSec>'
                    '</conceptEntry>\n<conceptEntry id="seoul"><langSec xml:lang="en"><termSec><term>Seoul City'
                    '</term></termSec></langSec></conceptEntry>\n</body></text></tbx>\n', encoding="utf-8")
    entries = load_glossaries([str(path)]).entries
    assert [(entry.id, entry.canonical) for entry in entries] == [("seoul-2", "Seoul"), ("seoul", "Seoul City")]
