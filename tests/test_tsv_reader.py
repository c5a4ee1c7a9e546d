"""The TSV reader: documents split on blank lines, spans into the joined texts, file lines and columns, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.errors import InputError
from mtqa.glossary import load_glossaries
from mtqa.glossary.compile import CompiledGlossary
from mtqa.io import load_documents
from mtqa.io.tsv import tsv_documents
from mtqa.locations import Locator
from mtqa.pipeline import check_batch

FIXTURES = Path(__file__).parent / "tsv"


def _segment_texts(document):
    return [(document.source[s.source.start:s.source.end], document.target[s.target.start:s.target.end])
            for s in document.segments]


def test_blank_lines_split_documents_and_the_header_is_skipped():
    path = str(FIXTURES / "two_documents.tsv")
    first, second = tsv_documents(path)
    assert (first.id, second.id) == (f"{path}#1", f"{path}#2")
    assert first.path == second.path == path
    assert first.target == "Yoon Suk Yeol arrived in Tokyo on Monday.\nThe two leaders held talks."
    assert first.source == "尹锡悦周一抵达东京。\n两国领导人举行了会谈。"
    assert first.reference == "Yoon Suk-yeol arrived in Tokyo on Monday.\nThe two leaders held talks."
    assert [s.id for s in first.segments] == ["2", "3"]
    assert [s.id for s in second.segments] == ["6", "7"]
    assert second.reference is None


def test_fields_are_taken_verbatim_without_quoting_or_escapes():
    _, second = tsv_documents(str(FIXTURES / "two_documents.tsv"))
    assert _segment_texts(second)[1] == ('"他说：\\t不"', '"He said: \\t no"')


def test_segment_spans_index_the_joined_texts():
    for document in tsv_documents(str(FIXTURES / "two_documents.tsv")):
        lines = list(zip(document.source.split("\n"), document.target.split("\n"), strict=True))
        assert _segment_texts(document) == lines


def test_lines_and_columns_point_at_the_target_in_the_file():
    path = FIXTURES / "two_documents.tsv"
    file_lines = path.read_text(encoding="utf-8").split("\n")
    for document in tsv_documents(str(path)):
        for segment in document.segments:
            target = document.target[segment.target.start:segment.target.end]
            line = file_lines[segment.line - 1]
            assert line[segment.column - 1:segment.column - 1 + len(target)] == target
    _, second = tsv_documents(str(path))
    offset = second.target.index("welcomed")
    column = len("日本首相岸田文雄表示欢迎。\tJapanese Prime Minister Fumio Kishida ") + 1
    assert tuple(Locator(second).file_position(offset)) == (6, column)


def test_one_document_is_named_by_its_path_with_bom_and_crlf_and_an_empty_target():
    path = str(FIXTURES / "bom_crlf_empty_target.tsv")
    [document] = tsv_documents(path)
    assert document.id == path
    assert document.target == "President Yoon arrived in Tokyo.\n\nThe two countries agreed to cooperate."
    assert "\r" not in document.target and not document.source.startswith("\ufeff")
    empty = document.segments[1]
    assert (empty.id, empty.line, empty.target.start, empty.target.end) == ("2", 2, 33, 33)
    assert document.source[empty.source.start:empty.source.end] == "회담은 두 시간 동안 진행됐다."
    assert document.segments[0].column == len("윤석열 대통령이 도쿄에 도착했다.") + 2  # the BOM is not a column
    assert document.reference is None


@pytest.mark.parametrize(("name", "line", "found"), [("four_fields.tsv", 2, "4 fields"), ("no_tab.tsv", 2, "no tab")])
def test_a_line_with_the_wrong_number_of_fields_is_an_input_error_naming_it(name, line, found):
    path = str(FIXTURES / name)
    with pytest.raises(InputError) as raised:
        tsv_documents(path)
    assert (raised.value.path, raised.value.line) == (path, line)
    assert found in str(raised.value) and "source<TAB>target" in str(raised.value)


def test_a_header_only_later_in_the_file_is_a_segment(tmp_path):
    path = tmp_path / "late.tsv"
    path.write_text("中国\tChina\nsource\ttarget\n", encoding="utf-8")
    [document] = tsv_documents(str(path))
    assert document.target == "China\ntarget"


def test_lone_cr_line_ends_and_white_space_lines_separate_documents(tmp_path):
    path = tmp_path / "cr.tsv"
    path.write_bytes("中国\tChina\r \t \r日本\tJapan\r".encode())
    first, second = tsv_documents(str(path))
    assert (first.target, second.target) == ("China", "Japan")
    assert second.segments[0].line == 3


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.tsv"
    path.write_bytes("中国\tChina\n".encode() + b"caf\xe9\tcafe\n")
    with pytest.raises(InputError) as raised:
        tsv_documents(str(path))
    assert raised.value.line == 2 and "UTF-8" in str(raised.value)


def test_a_file_without_segments_is_refused_by_the_loader(tmp_path):
    path = tmp_path / "header_only.tsv"
    path.write_text("source\ttarget\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="no article in this file"):
        load_documents([str(path)])


def test_the_loader_reads_tsv_files_found_in_a_folder(tmp_path):
    (tmp_path / "batch.tsv").write_text("中国\tChina\n\n日本\tJapan\n", encoding="utf-8")
    documents = load_documents([str(tmp_path)])
    assert [d.target for d in documents] == ["China", "Japan"]


def test_an_empty_target_is_reported_where_it_stands_in_the_file():
    documents = tsv_documents(str(FIXTURES / "bom_crlf_empty_target.tsv"))
    report = check_batch(documents, CompiledGlossary(load_glossaries([])))
    [empty] = [f for f in report.findings if f.rule == "MTQ304"]
    [document] = documents
    assert (empty.segment, empty.text) == ("2", "")
    assert document.source[empty.source_span.start:empty.source_span.end] == "회담은 두 시간 동안 진행됐다."
    assert tuple(Locator(document).file_position(empty.span.start)) == (2, len("회담은 두 시간 동안 진행됐다.\t") + 1)
