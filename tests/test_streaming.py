"""A batch is read as it is checked and its reports are written as they are made: memory follows the largest
window of articles, not the batch, and nothing of what a run reports changes."""

from __future__ import annotations

import contextlib
import json
import math
import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import mtqa
import mtqa.engines.local
import mtqa.io.decode
from mtqa.cli import cli
from mtqa.display import UNSAFE
from mtqa.errors import InputError, MtqaError
from mtqa.model import Document
from mtqa.report.jsontext import Streamed, json_chunks, json_text

WINDOW = 4

GLOSSARY = ("name: t\nlanguage: en\nentries:\n  - id: lee-jae-myung\n    type: person\n"
            "    canonical: Lee Jae-myung\n    sources: {ko: [이재명]}\n")


@pytest.fixture
def small_windows(monkeypatch):
    monkeypatch.setattr(mtqa.engines.local, "WINDOW_ARTICLES", WINDOW)


@pytest.fixture
def glossary(tmp_path) -> str:
    path = tmp_path / "g.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return str(path)


def articles(count: int) -> list[Document]:
    spellings = ("Lee Jae-myung", "Lee Jae-myeong")
    return [Document(id=f"a{n}", target=f"President {spellings[n % 5 == 4]} spoke in Seoul on day {n}.\nHe left.",
                     source="이재명 대통령") for n in range(count)]


def test_the_checks_start_before_the_batch_is_read_and_report_what_the_whole_batch_gives(small_windows, glossary,
                                                                                       monkeypatch):
    checker = mtqa.Checker(mtqa.CheckerConfig(glossaries=(glossary,), use_cache=False))
    given_out, read_when_checked = [], []

    def stream():
        for document in articles(30):
            given_out.append(document.id)
            yield document

    start = checker.start_analysis
    monkeypatch.setattr(checker, "start_analysis", lambda documents, *args: (
        read_when_checked.append(len(given_out)) or start(documents, *args)))
    streamed = checker.check(stream())
    assert read_when_checked[0] <= WINDOW + 1  # the first window, and no more than one article past it
    assert streamed == checker.check(articles(30))
    # The batch-wide table counts the articles of every window.
    assert [(row.text, len(row.documents)) for entity in streamed.renderings for row in entity.rows] == [
        ("Lee Jae-myung", 24), ("Lee Jae-myeong", 6)]


def test_a_bad_line_late_in_a_jsonl_batch_stops_the_run_after_checking_began_and_writes_no_report(
        small_windows, glossary, tmp_path, monkeypatch):
    batch = tmp_path / "b.jsonl"
    lines = [json.dumps({"id": d.id, "target": d.target}) for d in articles(20)]
    batch.write_text("\n".join([*lines, "{not json"]) + "\n", encoding="utf-8")
    checker = mtqa.Checker(mtqa.CheckerConfig(glossaries=(glossary,), use_cache=False))
    windows = []
    start = checker.start_analysis
    monkeypatch.setattr(checker, "start_analysis", lambda documents, *args: (
        windows.append(len(documents)) or start(documents, *args)))
    with pytest.raises(InputError) as raised:
        checker.check(mtqa.load_documents([str(batch)]))
    assert raised.value.line == 21
    assert windows and max(windows) <= WINDOW  # checked in windows before the bad line was read

    report = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["check", str(batch), "--glossary", glossary, "--no-fluency", "--no-cache",
                                      "--json", str(report)])
    assert result.exit_code == 2
    assert "b.jsonl:21:" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["b.jsonl", "g.yaml"]


@pytest.mark.parametrize("jobs", ["1", "2", "dask"])
def test_an_error_of_the_first_window_is_reported_before_a_bad_line_after_it_with_any_number_of_jobs(
        small_windows, glossary, tmp_path, jobs):
    """Workers are sized by reading ahead; that never reads past the first window, so the first error met is the
    one a run of one process meets: here a bad pattern file, found as the first window is checked."""
    batch = tmp_path / "b.jsonl"
    lines = [json.dumps({"id": d.id, "target": d.target}) for d in articles(8)]
    batch.write_text("\n".join([*lines, "{not json"]) + "\n", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("patterns:\n  - id: broken\n    rule: boilerplate\n    pattern: 'Please (read'\n"
                                       "    message: a sign-off\n", encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text(f'boilerplate-patterns = ["{tmp_path / "bad.yaml"}"]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(batch), "--glossary", glossary, "--no-fluency", "--no-cache",
                                      "--config", str(tmp_path / "mtqa.toml"),
                                      *(["--engine", "dask", "--jobs", "2"] if jobs == "dask" else ["--jobs", jobs])])
    assert result.exit_code == 2
    assert "bad.yaml" in result.stderr and "b.jsonl" not in result.stderr, result.stderr


def test_a_cache_that_is_no_database_is_one_warning_however_many_windows_open_it(small_windows, glossary, tmp_path):
    batch = tmp_path / "b.jsonl"
    batch.write_text("".join(json.dumps({"id": d.id, "target": d.target}) + "\n" for d in articles(3 * WINDOW)),
                     encoding="utf-8")
    (tmp_path / "cache").mkdir(mode=0o700)
    (tmp_path / "cache" / "results.sqlite3").write_bytes(b"not a database, " * 400)
    result = CliRunner().invoke(cli, ["check", str(batch), "--glossary", glossary, "--no-fluency", "--format",
                                      "json"], env={"MTQA_CACHE": str(tmp_path / "cache"), "MTQA_NO_CACHE": ""})
    assert result.exit_code in (0, 1)
    assert result.stderr.count("result cache") == 1, result.stderr


def test_duplicates_and_bad_lines_under_keep_going_are_listed_once_the_stream_is_read(glossary, tmp_path):
    batch = tmp_path / "b.jsonl"
    batch.write_text('{"id": "a", "target": "One."}\n{"id": "a", "target": "Two."}\n[]\n{"id": "b", "target": "T."}\n',
                     encoding="utf-8")
    loaded = mtqa.load_documents([str(batch)], keep_going=True)
    assert loaded.skipped == ()  # nothing read yet
    report = mtqa.Checker(mtqa.CheckerConfig(glossaries=(glossary,), use_cache=False)).check(loaded)
    assert [r.document.id for r in report.results] == ["a", "b"]
    assert [(s.line, s.reason.split(" (")[0]) for s in report.skipped] == [
        (2, "duplicate document id 'a'"), (3, "expected a JSON object")]


def test_a_batch_is_read_once_unless_its_documents_are_kept(tmp_path):
    batch = tmp_path / "b.jsonl"
    batch.write_text('{"id": "a", "target": "One."}\n', encoding="utf-8")
    loaded = mtqa.load_documents([str(batch)])
    assert loaded.has_articles() and [d.id for d in loaded] == ["a"]
    with pytest.raises(MtqaError):
        list(loaded)
    assert [d.id for d in list(mtqa.load_documents([str(batch)]))] == ["a"]  # list() asks for a length first
    kept = mtqa.load_documents([str(batch)])
    assert len(kept) == 1 and list(kept) == list(kept) == kept.documents


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40).map(lambda data: data.replace(b"x", b"\r").replace(b"y", b"\n")),
       st.integers(1, 7))
def test_lines_read_a_block_at_a_time_are_the_lines_of_the_whole_file(tmp_path_factory, data, block):
    path = tmp_path_factory.mktemp("lines") / "f.jsonl"
    path.write_bytes(data)
    original = mtqa.io.decode.BLOCK_SIZE
    mtqa.io.decode.BLOCK_SIZE = block
    try:
        assert list(mtqa.io.decode.read_lines(str(path))) == data.splitlines()
    finally:
        mtqa.io.decode.BLOCK_SIZE = original


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=20)


def streamed_anywhere(value, draw_flags):
    """`value` with some of its lists (and lists inside dicts) wrapped in Streamed."""
    if isinstance(value, dict):
        return {key: streamed_anywhere(item, draw_flags) for key, item in value.items()}
    if isinstance(value, list):
        items = [streamed_anywhere(item, draw_flags) for item in value]
        return Streamed(iter(items)) if draw_flags() else items
    return value


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES, st.randoms(use_true_random=False))
def test_json_written_in_pieces_is_the_json_written_whole(value, random):
    whole = json_text(value)
    assert "".join(json_chunks(streamed_anywhere(value, lambda: random.random() < 0.6))) == whole


def finite_only(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: finite_only(item) for key, item in value.items()}
    if isinstance(value, list):
        return [finite_only(item) for item in value]
    return value


_STRING_OR_NUMBER = re.compile(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?')


def floats_as_repr_writes_them(text: str) -> str:
    """JSON text with every float written as Python's repr writes it (orjson writes 1e-05 as 0.00001)."""
    def written(match: re.Match) -> str:
        token = match.group()
        return token if token.startswith('"') or not set(token) & set(".eE") else repr(float(token))
    return _STRING_OR_NUMBER.sub(written, text)


def standard_text(value) -> str:
    """The standard library's indented JSON of `value`, unsafe characters escaped, as json_text must write it."""
    standard = json.dumps(finite_only(value), ensure_ascii=False, indent=2)
    return UNSAFE.sub(lambda match: "\n" if match.group() == "\n" else json.dumps(match.group())[1:-1], standard)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_json_text_is_the_standard_librarys_indented_json_with_unsafe_characters_escaped(value):
    text = json_text(value)
    assert floats_as_repr_writes_them(text) == standard_text(value) + "\n"
    assert json.loads(text) == json.loads(standard_text(value))
    assert json_text(Streamed([value, [Streamed([value])]])) == json_text([value, [[value]]])


def test_parts_orjson_refuses_are_written_as_the_standard_library_writes_them_and_floats_alike_everywhere():
    value = {"big": 2**70, 1: [1e-05, "\ud800\u202e"], None: {2.5: True}, "float": 1e-05}
    text = json_text(value)
    assert floats_as_repr_writes_them(text) == standard_text(value) + "\n"
    assert text.count("0.00001") == 2  # the float inside the refused part reads as the one outside it
    assert "\\ud800\\u202e" in text and "\u202e" not in text


def test_an_error_from_the_items_of_a_streamed_list_is_not_taken_for_a_number_that_is_not_finite():
    def failing():
        yield 1.5
        raise ValueError("the items could not be made")

    with pytest.raises(ValueError, match="could not be made"):
        json_text(Streamed(iter([{"a": Streamed(failing())}])))
    with pytest.raises(ValueError, match="Out of range"):
        json_text({float("nan"): 1})  # a key has no null to stand for it


def test_an_interrupt_while_a_streamed_list_inside_an_item_is_made_is_not_swallowed():
    def interrupted():
        yield 1
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        json_text(Streamed([{"a": Streamed(interrupted())}]))


def test_values_of_subclasses_are_written_as_the_standard_library_writes_them_and_other_types_refused():
    import dataclasses

    import numpy

    from mtqa.model import Span

    value = {"score": numpy.float64(1.5), "span": Span(1, 2), "nan": numpy.float64("nan")}
    assert json.loads(json_text(value)) == {"score": 1.5, "span": [1, 2], "nan": None}

    @dataclasses.dataclass
    class Point:
        x: int

    with pytest.raises(TypeError, match="Point is not JSON serializable"):
        json_text({"point": Point(1)})


def test_reports_in_pieces_equal_the_reports_made_whole(glossary):
    from mtqa.report import FORMATS, IN_PIECES, report_pieces

    checker = mtqa.Checker(mtqa.CheckerConfig(glossaries=(glossary,), use_cache=False))
    report = checker.check(articles(12))
    verdict = checker.judge(report)
    for name in FORMATS:
        pieces = list(report_pieces(name, report, verdict))
        assert "".join(pieces) == FORMATS[name](report, verdict)
        assert len(pieces) > 2 or name not in IN_PIECES  # in pieces where the format is written so


def test_a_dask_run_reads_the_batch_a_window_at_a_time_and_reports_what_the_whole_batch_gives(
        small_windows, glossary, monkeypatch):
    pytest.importorskip("distributed")
    from mtqa.engines import dask_engine

    checker = mtqa.Checker(mtqa.CheckerConfig(glossaries=(glossary,), use_cache=False, engine="dask", jobs=2))
    given_out, read_when_sent = [], []

    def stream():
        for document in articles(30):
            given_out.append(document.id)
            yield document

    on_workers, finished = dask_engine._window_started, dask_engine._window_finished
    waited_for = []  # the windows started when each was waited for
    monkeypatch.setattr(dask_engine, "_window_started", lambda *args: (
        read_when_sent.append(len(given_out)) or on_workers(*args)))
    monkeypatch.setattr(dask_engine, "_window_finished", lambda *args: (
        waited_for.append(len(read_when_sent)) or finished(*args)))
    streamed = checker.check(stream())
    assert read_when_sent[0] <= WINDOW + 1 and len(read_when_sent) > 1  # before, the whole batch was read first
    # Each window waited for once the next is with the workers, that they need not wait while it is read.
    assert waited_for == [*range(2, len(read_when_sent) + 1), len(read_when_sent)]
    local = mtqa.Checker(mtqa.CheckerConfig(glossaries=(glossary,), use_cache=False)).check(articles(30))
    assert streamed == local


def test_a_long_streamed_list_written_a_run_of_items_at_a_time_reads_as_the_list_written_whole():
    from mtqa.report.jsontext import ITEMS_PER_RUN

    items = [{"n": n, "text": f"item {n} é"} for n in range(ITEMS_PER_RUN * 3 + 5)]
    items[3]["text"] = "right\u202eto left"  # escaped inside a run that is otherwise plain
    items[ITEMS_PER_RUN + 1]["big"] = 2**70  # a run orjson refuses: written item by item
    items[ITEMS_PER_RUN * 2]["text"] = "lone \ud800 and DEL \x7f"
    value = {"top": Streamed(iter(items)), "deeper": [{"list": Streamed(iter(items))}], "empty": Streamed(iter([]))}
    plain = {"top": items, "deeper": [{"list": items}], "empty": []}
    assert "".join(json_chunks(value)) == json_text(plain)
    assert floats_as_repr_writes_them(json_text(plain)) == standard_text(plain) + "\n"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_encoded_text_is_found_free_of_unsafe_characters_exactly_when_it_is(text):
    import orjson

    from mtqa.report.jsontext import _UNSAFE_IN_STRINGS, _free_of_unsafe

    # The standard library's encoder writes what orjson refuses, lone surrogates included.
    encoded = [json.dumps({"text": text}, ensure_ascii=False)]
    with contextlib.suppress(orjson.JSONEncodeError):
        encoded.append(orjson.dumps({"text": text}).decode())
    for each in encoded:
        assert _free_of_unsafe(each) == (_UNSAFE_IN_STRINGS.search(each) is None)


@pytest.mark.parametrize("change", ["cut at a line's end", "added to"])
def test_a_batch_file_written_while_it_is_read_is_an_input_error(tmp_path, monkeypatch, change):
    # Cut at a line's end, the rest of the batch was never read, and the report of the lines before it checked clean.
    monkeypatch.setattr(mtqa.io.decode, "BLOCK_SIZE", 64)
    lines = [json.dumps({"id": str(number), "target": "Yoon Suk-yue met reporters."}) + "\n" for number in range(50)]
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    stream = iter(mtqa.load_documents([str(path)]))
    next(stream)
    if change == "added to":
        with path.open("a", encoding="utf-8") as batch:
            batch.write(lines[0].replace('"0"', '"50"'))
    else:
        with path.open("r+b") as batch:
            batch.truncate(len("".join(lines[:20]).encode()))
    with pytest.raises(InputError, match=r"batch\.jsonl: written while it was read"):
        list(stream)
