"""The XLIFF (1.2, sdlxliff, 2.x) and TMX readers: segments, ids, texts without inline tags, spans, file lines,
languages; what a check reports on them; hostile and broken files refused with one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import assert_one_error_line
from conftest import check_command as check
from mtqa.errors import InputError
from mtqa.io import load_documents
from mtqa.io.tmx import tmx_documents
from mtqa.io.xliff import xliff_documents
from mtqa.io.xml_safe import parse_xml
from mtqa.locations import Locator

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path("tests") / "bilingual"  # as a user names them from the repository root
SDL_UNIT = "0c1e6e4a-1a2b-4f42-93b8-6f1b9e3d2a0"

# file -> documents: (id after the path, source language, target language, <file> line,
#                     segments: (id, source text, target text, line where the target text begins))
EXPECTED = {
    "xliff12.xlf": [
        ("#yoon-tokyo.html", "ko-KR", "en-US", 3, [
            ("h1", "윤석열 대통령, 도쿄 도착", "President Yoon Suk-yue arrives in Tokyo", 11),
            ("p1", "윤석열 대통령은 16일 기시다 후미오 일본 총리와 정상회담을 했다.",
             "Yoon Suk Yeol held a summit with Japanese Prime Minister Fumio Kishida on the 16th.", 17),
            ("p2", "양국은 강제징용 문제 & 수출 규제를 논의했다.",
             "The two countries discussed the job labor issue & export controls.", 22),
            ("p3", "회담은 90분 동안 진행됐다.", "The talks lasted 90 minutes.", 26),
            ("p4", "기시다 총리는 회견에서 中국의 반응에 대해 언급하지 않았다.",
             "Kishida did not comment on China\u2019s reaction at the press conference.", 39),
            ("p5", "두 정상은 내년에 다시 만나기로 했다.", "", 41),  # no target: the unit's line
        ]),
        ("#mofa-briefing.html", "zh-CN", "en-US", 47, [
            ("1", "中国外交部发言人毛宁表示欢迎。",
             "Chinese Foreign Ministry spokesperson Mao Ning welcomed the talks.", 51),
        ]),
    ],
    "yonhap.sdlxliff": [
        ("#C:\\Projects\\Desk\\yonhap-0412.docx", "ko-KR", "en-US", 3, [
            (f"{SDL_UNIT}1:1", "윤석열 대통령은 12일 기자회견을 열었다.",
             "President Yoon Suk-yue held a press conference on the 12th.", 20),
            (f"{SDL_UNIT}1:2", "그는 강제징용 해법을 설명했다.", "He explained the solution to job labor.", 20),
            (f"{SDL_UNIT}2:3", "한덕수 총리", "Prime Minister Han Duck-soo", 29),
            (f"{SDL_UNIT}2:4", "도 참석했다.", " also attended.", 29),
            (f"{SDL_UNIT}2:5", "회견은 30분간 이어졌다.", "", 30),
            (f"{SDL_UNIT}3:6", "기시다 총리와 통화했다.", "", 37),
        ]),
    ],
    "xliff20.xlf": [
        ("#f1", "zh-CN", "en", 3, [
            ("u1:s1", "尹锡悦总统3日抵达东京。", "President Yoon Suk-yue arrived in Tokyo on the 3rd.", 15),
            ("u1:s2", "双方讨论了强征劳工问题。", "The two sides discussed the job labor issue.", 23),
            ("u2", "会谈持续了90分钟。", "The talks lasted 90 minutes.", 30),
            ("u4", "韩德洙总理未发表评论。", "", 40),
        ]),
    ],
    "xliff21.xlf": [
        ("#kyodo-0715", "ja", "en-GB", 4, [
            ("1:1", "岸田文雄首相は15日、会見した。",
             "Prime Minister Fumio Kishida held a news conference on the 15th.", 14),
            ("2:a", "徴用工問題について述べた。", "He spoke about the job labor issue.", 20),
            ("2:b", "尹錫悦大統領と\t電話会談した。", "  He held phone talks with President Yoon Suk-yue.", 24),
        ]),
        ("#kyodo-0716", "ja", "en-GB", 28, [
            ("1", "林芳正官房長官は歓迎した。", "Chief Cabinet Secretary Yoshimasa Hayashi\nwelcomed it.", 32),
        ]),
    ],
    "tm.tmx": [
        ("", "zh-CN", "en-US", None, [
            ("xh-1", "尹锡悦总统抵达东京。", "President Yoon Suk-yue arrived in Tokyo.", 9),
            ("2", "强征劳工受害者在首尔集会。", "Victims of job labor rallied in Seoul.", 14),
            ("xh-3", "会谈持续了90分钟。", "The talks lasted 90 minutes.", 21),
            ("xh-4", "韩德洙总理未发表评论。", "", 23),
        ]),
        ("#de-DE", "zh-CN", "de-DE", None, [  # another target language: the units translated into it
            ("xh-3", "会谈持续了90分钟。", "Die Gespräche dauerten 90 Minuten.", 20),
        ]),
    ],
    "omegat.tmx": [
        ("", "ko", "en", None, [
            ("1", "윤석열 대통령이 연설했다.", "President Yoon Suk Yeol gave a speech.", 11),
        ]),
    ],
}


def _read(path: Path):
    return tmx_documents(str(path)) if path.suffix == ".tmx" else xliff_documents(str(path))


def _segment_texts(document):
    return [(s.id, document.source[s.source.start:s.source.end], document.target[s.target.start:s.target.end],
             s.line) for s in document.segments]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_documents_segments_texts_and_lines(name):
    path = FIXTURES / name
    documents = _read(path)
    found = [(d.id, d.source_lang, d.target_lang, d.line, _segment_texts(d)) for d in documents]
    assert found == [(f"{path}{suffix}", source_lang, target_lang, line, segments)
                     for suffix, source_lang, target_lang, line, segments in EXPECTED[name]]
    for document in documents:
        assert document.path == str(path)
        # Segments are joined by one line break, so that no span of one segment reaches into another.
        assert document.target == "\n".join(target for _, _, target, _ in _segment_texts(document))
        assert document.source == "\n".join(source for _, source, _, _ in _segment_texts(document))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_target_text_begins_on_its_segments_line_of_the_file(name):
    file_lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n")
    for document in _read(FIXTURES / name):
        for segment in document.segments:
            words = document.target[segment.target.start:segment.target.end].split()
            if words:
                assert words[0] in file_lines[segment.line - 1], (segment, file_lines[segment.line - 1])


def test_markup_that_is_not_article_text_stays_out():
    texts = " ".join(d.target + d.source for name in EXPECTED for d in _read(FIXTURES / name))
    for hidden in ("<b>", "<br/>", "<w:b>", "<i>",  # native code inside bpt/ept/ph/it
                   "meeting went on",  # alt-trans
                   "earlier translation",  # an XLIFF 2 matches module
                   "연합뉴스", "新华社",  # units marked translate="no"
                   "Check the date", "Raw machine translation", "Target first",  # notes
                   "5e0f5c8a"):  # Trados metadata
        assert hidden not in texts, hidden


def test_a_line_break_inside_a_segment_moves_the_file_line():
    _, second = xliff_documents(str(FIXTURES / "xliff21.xlf"))
    assert Locator(second).file_position(second.target.index("welcomed")).line == 33
    assert Locator(second).file_position(second.target.index("Yoshimasa")).line == 32


def test_check_finds_the_misspelt_name_in_its_segment_and_file_line(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = check(str(FIXTURES / "xliff12.xlf"), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    headline = next(f for d in report["documents"] for f in d["findings"] if f["text"] == "Yoon Suk-yue")
    assert headline["doc"] == "tests/bilingual/xliff12.xlf#yoon-tokyo.html"
    assert (headline["segment"], headline["file_line"]) == ("h1", 11)
    [document] = [d for d in load_documents([str(FIXTURES / "xliff12.xlf")]) if d.id == headline["doc"]]
    span = headline["span"]
    assert document.target[span["start"]:span["end"]] == "Yoon Suk-yue"
    rules = {(f["rule"], f["segment"]) for d in report["documents"] for f in d["findings"]}
    assert {("MTQ102", "p2"), ("MTQ304", "p5")} <= rules  # job labor; the unit without a target


def test_github_annotations_point_at_the_target_line_of_the_xliff_file(monkeypatch):
    monkeypatch.chdir(ROOT)
    output = check(str(FIXTURES / "xliff12.xlf"), "--format", "github").stdout
    [annotation] = [line for line in output.splitlines() if "Yoon Suk-yue" in line]
    assert annotation.startswith("::error file=tests/bilingual/xliff12.xlf,line=11,")
    [job_labor] = [line for line in output.splitlines() if "'job labor'" in line]
    assert "file=tests/bilingual/xliff12.xlf,line=22," in job_labor


def test_a_folder_of_bilingual_files_is_read(tmp_path, monkeypatch):
    for name in ("xliff12.xlf", "yonhap.sdlxliff", "xliff20.xlf", "tm.tmx"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "notes.txt").write_text("Yoon Suk Yeol arrived.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = check(".", "--format", "json")
    ids = sorted(d["id"] for d in json.loads(result.stdout)["documents"])
    assert ids == ["notes.txt", "tm.tmx", "tm.tmx#de-DE", "xliff12.xlf#mofa-briefing.html",
                   "xliff12.xlf#yoon-tokyo.html", "xliff20.xlf#f1",
                   "yonhap.sdlxliff#C:\\Projects\\Desk\\yonhap-0412.docx"]
    found = {(d["id"].split("#")[0], f["text"]) for d in json.loads(result.stdout)["documents"] for f in d["findings"]}
    assert {("tm.tmx", "Yoon Suk-yue"), ("yonhap.sdlxliff", "job labor"), ("xliff20.xlf", "job labor")} <= found


@pytest.mark.parametrize(("name", "line", "message"), [
    ("billion-laughs.xlf", 3, "DOCTYPE declares entities"),
    ("external-entity.xlf", 3, "DOCTYPE declares entities"),
    ("external-dtd.tmx", 9, "entity reference &exfiltrate; is defined by no declaration"),
    ("malformed.xlf", 7, "malformed XML: Opening and ending tag mismatch"),
    ("not-xliff.xlf", 2, "not an XLIFF file: the root element is <html>"),
    ("empty.xlf", 1, "empty file"),
])
def test_hostile_and_broken_files_end_the_run_with_one_line(name, line, message, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = check(str(FIXTURES / name))
    error = assert_one_error_line(result, f"tests/bilingual/{name}:{line}: ", message)
    assert "root:" not in error  # nothing of /etc/passwd


def test_keep_going_reads_the_good_files_beside_a_hostile_one(tmp_path, monkeypatch):
    shutil.copy(FIXTURES / "tm.tmx", tmp_path / "tm.tmx")
    shutil.copy(FIXTURES / "billion-laughs.xlf", tmp_path / "billion-laughs.xlf")
    monkeypatch.chdir(tmp_path)
    report = json.loads(check(".", "--keep-going", "--format", "json").stdout)
    assert [d["id"] for d in report["documents"]] == ["tm.tmx", "tm.tmx#de-DE"]
    assert [(s["path"], s["line"]) for s in report["skipped_inputs"]] == [("billion-laughs.xlf", 3)]


XLIFF_12 = ('<?xml version="1.0" encoding="{encoding}"?>\n'
            '<xliff version="{version}" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
            '<file original="a.html" source-language="zh" target-language="en"><body>\n'
            '<trans-unit id="1"><source>{source}</source><target>{target}</target></trans-unit>\n'
            '</body></file></xliff>\n')


def _xliff12(tmp_path, source="源", target="Target", encoding="UTF-8", version="1.2"):
    path = tmp_path / "made.xlf"
    path.write_bytes(XLIFF_12.format(source=source, target=target, encoding=encoding, version=version)
                     .encode(encoding))
    return str(path)


def test_the_declared_encoding_is_honoured(tmp_path):
    [document] = xliff_documents(_xliff12(tmp_path, source="中国", target="China \u2014 Beijing", encoding="UTF-16"))
    assert (document.source, document.target) == ("中国", "China \u2014 Beijing")
    latin = _xliff12(tmp_path, source="Caf\u00e9", target="Caf\u00e9 culture", encoding="ISO-8859-1")
    [document] = xliff_documents(latin)
    assert document.target == "Caf\u00e9 culture"


def test_a_doctype_without_entities_is_read_and_one_with_them_is_refused_in_any_encoding(tmp_path):
    plain = tmp_path / "plain.xlf"
    plain.write_text(XLIFF_12.format(source="源", target="Target", encoding="UTF-8", version="1.2")
                     .replace("\n", '\n<!DOCTYPE xliff>\n', 1), encoding="utf-8")
    assert xliff_documents(str(plain))[0].target == "Target"
    declared = tmp_path / "declared.xlf"
    declared.write_bytes(XLIFF_12.format(source="源", target="&e;", encoding="UTF-16", version="1.2")
                         .replace("\n", '\n<!DOCTYPE xliff [<!ENTITY e "Target">]>\n', 1).encode("utf-16"))
    with pytest.raises(InputError, match="declares entities"):
        xliff_documents(str(declared))


def test_an_external_dtd_is_never_read_but_the_file_is(tmp_path):
    # As OmegaT and other tools write their memories: the DTD is harmless unread, and it is not fetched.
    path = tmp_path / "project_save.tmx"
    body = (FIXTURES / "omegat.tmx").read_text(encoding="utf-8").split("\n", 1)[1]
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "http://attacker.example/tmx11.dtd">\n' + body,
                    encoding="utf-8")
    plain = tmp_path / "plain.tmx"
    plain.write_text('<?xml version="1.0"?>\n' + body, encoding="utf-8")
    assert [d.target for d in tmx_documents(str(path))] == [d.target for d in tmx_documents(str(plain))]


def test_an_entity_only_an_external_dtd_could_define_is_refused(tmp_path):
    # Its text would be lost: the DTD is not read.
    path = tmp_path / "project_save.tmx"
    body = (FIXTURES / "omegat.tmx").read_text(encoding="utf-8").split("\n", 1)[1]
    body = body.replace("</seg>", " &copy;</seg>", 1)
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx11.dtd">\n' + body, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        tmx_documents(str(path))
    assert "&copy;" in raised.value.detail and "no declaration" in raised.value.detail


@pytest.mark.parametrize(("target", "line", "message"), [
    ('<cp hex="D800"/>', 4, "<cp> needs a hex attribute"),
    ('<cp hex="zz"/>', 4, "<cp> needs a hex attribute"),
    ("&undefined;", 4, "Entity 'undefined' not defined"),
    ("<pc>" * 300 + "</pc>" * 300, 4, "Excessive depth"),
])
def test_bad_inline_content_names_its_line(tmp_path, target, line, message):
    path = tmp_path / "made.xlf"
    path.write_text('<?xml version="1.0"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
                    'srcLang="zh" trgLang="en"><file id="f">\n<unit id="1"><segment><source>源</source>\n'
                    f'<target>{target}</target></segment></unit></file></xliff>\n', encoding="utf-8")
    with pytest.raises(InputError) as raised:
        xliff_documents(str(path))
    assert (raised.value.path, raised.value.line) == (str(path), line)
    assert message in raised.value.detail


def test_an_unknown_xliff_version_is_refused(tmp_path):
    with pytest.raises(InputError, match="XLIFF version '3.0' is not read"):
        xliff_documents(_xliff12(tmp_path, version="3.0"))


def test_a_tmx_unit_without_its_source_language_names_the_unit(tmp_path):
    path = tmp_path / "mixed.tmx"
    path.write_text('<tmx version="1.4"><header srclang="ko"/><body>\n<tu><tuv xml:lang="en"><seg>Hi</seg></tuv>'
                    '</tu></body></tmx>', encoding="utf-8")
    with pytest.raises(InputError, match="source language 'ko'") as raised:
        tmx_documents(str(path))
    assert raised.value.line == 2


def test_the_shared_parser_hands_back_the_root():
    assert parse_xml(str(FIXTURES / "tm.tmx")).tag == "tmx"


# Random article text with random inline tags: the text read must be the text with the tags removed.
_XML_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\ufffe\uffff",
                           min_codepoint=0x9).filter(lambda c: c in "\t\n" or ord(c) >= 0x20)
_TEXT = st.text(_XML_CHARS, max_size=8)
_CODE = st.text(_XML_CHARS, max_size=6)  # native code (a tag's original markup): never article text


def _tagged(version: int):
    """(XML, the text it stands for) strategies for one version's inline markup."""
    paired = ("g", "mrk") if version == 1 else ("pc", "mrk")
    empty = ("x", "bx", "ex") if version == 1 else ("sc", "ec", "ph", "sm", "em")
    leaf = st.one_of(
        _TEXT.map(lambda text: (escape(text), text)),
        st.sampled_from(empty).map(lambda tag: (f'<{tag} id="e"/>', "")),
    )
    if version == 1:
        leaf = leaf | st.tuples(st.sampled_from(("bpt", "ept", "ph", "it")), _CODE).map(
            lambda tag_code: (f'<{tag_code[0]} id="c">{escape(tag_code[1])}</{tag_code[0]}>', ""))
    else:  # a character XML cannot hold, as a code point
        leaf = leaf | st.integers(1, 0x1F).map(lambda code: (f'<cp hex="{code:04X}"/>', chr(code)))

    def wrapped(children):
        return st.tuples(st.sampled_from(paired), children).map(
            lambda tag_inner: (f'<{tag_inner[0]} id="p">{tag_inner[1][0]}</{tag_inner[0]}>', tag_inner[1][1]))

    def joined(parts):
        return "".join(xml for xml, _ in parts), "".join(text for _, text in parts)

    return st.recursive(st.lists(leaf, max_size=4).map(joined), lambda inner: wrapped(inner) | st.lists(
        inner, min_size=1, max_size=3).map(joined), max_leaves=12)


def _units(version: int):
    return st.lists(st.tuples(_tagged(version), _tagged(version)), min_size=1, max_size=4)


def _write_and_read(tmp_path_factory, version, units):
    if version == 1:
        head = ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
                '<file original="a" source-language="zh" target-language="en"><body>\n')
        body = "".join(f'<trans-unit id="u{n}">\n<source>{s[0]}</source>\n<target>{t[0]}</target>\n</trans-unit>\n'
                       for n, (s, t) in enumerate(units))
        tail = "</body></file></xliff>\n"
    else:
        head = ('<xliff version="2.1" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="zh" trgLang="en">\n'
                '<file id="a">\n')
        body = "".join(f'<unit id="u{n}"><segment>\n<source>{s[0]}</source>\n<target>{t[0]}</target>\n'
                       '</segment></unit>\n' for n, (s, t) in enumerate(units))
        tail = "</file></xliff>\n"
    content = head + body + tail
    path = tmp_path_factory.mktemp("made") / "made.xlf"
    path.write_text(content, encoding="utf-8")
    return content, xliff_documents(str(path))


@pytest.mark.parametrize("version", [1, 2])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_random_inline_tags_are_removed_and_spans_and_lines_match(tmp_path_factory, version, data):
    units = data.draw(_units(version))
    content, [document] = _write_and_read(tmp_path_factory, version, units)
    assert [s.id for s in document.segments] == [f"u{n}" for n in range(len(units))]
    searched_from = 0
    for segment, (source, target) in zip(document.segments, units, strict=True):
        assert document.target[segment.target.start:segment.target.end] == target[1]
        assert document.source[segment.source.start:segment.source.end] == source[1]
        target_tag = content.index("<target>", searched_from)
        assert segment.line == content.count("\n", 0, target_tag) + 1
        searched_from = target_tag + 1


def test_an_xliff_11_file_without_namespace_is_read(tmp_path):
    path = tmp_path / "old.xlf"
    path.write_text('<xliff version="1.1"><file original="o" source-language="ko" target-language="en"><body>\n'
                    '<trans-unit id="7"><source>윤석열</source><target>Yoon Suk Yeol</target></trans-unit>'
                    '</body></file></xliff>', encoding="utf-8")
    [document] = xliff_documents(str(path))
    assert _segment_texts(document) == [("7", "윤석열", "Yoon Suk Yeol", 2)]


def test_a_whole_target_for_a_segmented_source_is_one_segment(tmp_path):
    # Some tools write seg-source but a target without its mrk segments: the unit is then the segment.
    path = tmp_path / "whole.sdlxliff"
    path.write_text('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="o">'
                    '<body>\n<trans-unit id="t"><source>가. 나.</source>\n<seg-source><mrk mtype="seg" mid="1">가.'
                    '</mrk> <mrk mtype="seg" mid="2">나.</mrk></seg-source>\n<target>A. B.</target></trans-unit>'
                    '</body></file></xliff>', encoding="utf-8")
    [document] = xliff_documents(str(path))
    assert _segment_texts(document) == [("t", "가. 나.", "A. B.", 4)]


def test_a_tmx_of_many_target_languages_reads_each_unit_a_bounded_number_of_times(tmp_path, monkeypatch):
    # Each language's article walked every unit to find those in its language: 16,000 units in as many languages
    # took 27 s to read, where one language pair of that size takes a fraction of a second.
    import mtqa.io.tmx as tmx

    asked = []

    class Counted(dict):
        def __contains__(self, language):
            asked.append(language)
            return super().__contains__(language)

    made = tmx._Unit.__init__

    def counting(unit, *args):
        made(unit, *args)
        unit.by_lang = Counted(unit.by_lang)

    monkeypatch.setattr(tmx._Unit, "__init__", counting)
    units = 400
    path = tmp_path / "languages.tmx"
    path.write_text('<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="zh"/><body>\n' + "".join(
        f'<tu tuid="{n}"><tuv xml:lang="zh"><seg>朝鲜发射了两枚导弹。</seg></tuv><tuv xml:lang="en-x{n}"><seg>North '
        f'Korea launched {n} missiles.</seg></tuv></tu>\n' for n in range(units)) + "</body></tmx>\n", encoding="utf-8")
    documents = tmx_documents(str(path))
    assert len(documents) == units
    assert len(asked) <= 2 * units
    assert [(d.id.rpartition("#")[2], d.target) for d in documents[1:3]] == [
        ("en-x1", "North Korea launched 1 missiles."), ("en-x2", "North Korea launched 2 missiles.")]
