"""Markdown articles are checked as the page shows them, and reported as the file has them.

Emphasis, entities, inline HTML, links, quotes and list bullets around a wrong term, a name or web furniture must not
hide it; markup inside a word is reported as such; ordinary Markdown gives no finding; every finding's span is a span
of the file as written, which every report shows; a .txt file is read as before.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.cli import cli
from mtqa.io import load_documents
from mtqa.markdown_view import markdown_parser, rendered_view
from mtqa.model import MARKDOWN

# Each hides a finding from a check that reads the file as plain text; the rule that must report it.
HIDING = {
    "emphasis": ("They used job **labor** in the camps.\n", "MTQ102"),
    "underscores": ("They used __job__ _labor_ in the camps.\n", "MTQ102"),
    "nested-emphasis": ("They used ***job*** ~~*labor*~~ in the camps.\n", "MTQ102"),
    "space-entity": ("They used job&nbsp;labor in the camps.\n", "MTQ102"),
    "code-span": ("They used job `labor` in the camps.\n", "MTQ102"),
    "link": ("They used job [labor](https://example.org) in the camps.\n", "MTQ102"),
    "link-with-title": ('They used [job labor](https://example.org/a_b "job labor") in the camps.\n', "MTQ102"),
    "reference-link": ("They used job [labor][1] in the camps.\n\n[1]: https://example.org\n", "MTQ102"),
    "image": ("![They used job labor in the camps](camp.png)\n", "MTQ102"),
    "html-around": ("They used job <b>labor</b> in the camps.\n", "MTQ102"),
    "quote-across-lines": ("> They used job\n> labor in the camps.\n", "MTQ102"),
    "code-span-across-quoted-lines": ("> They used `job\n> labor` in the camps.\n", "MTQ102"),
    "table-cell": ("| what | note |\n| --- | --- |\n| job labor | in the camps |\n", "MTQ102"),
    "name-emphasis": ("President Yun *Xiyue* spoke.\n", "MTQ103"),
    "name-heading": ("# Yun Xiyue visits Seoul\n\nThe visit ended.\n", "MTQ103"),
    "name-list": ("- Yun Xiyue spoke.\n- Talks ended.\n", "MTQ103"),
    # Past the parser's deepest nesting its tokens stop, but a page shows the rest: those lines are read on their own.
    "deep-quote": ("> " * 25 + "They used job **labor** in the camps.\n", "MTQ102"),
    "deep-list": ("- " * 25 + "President Yun *Xiyue* spoke.\n", "MTQ103"),
    "bold-furniture": ("The minister left.\n\n**Please read on...**\n", "MTQ301"),
    "quoted-furniture": ("The minister left.\n\n> Article continues below\n", "MTQ301"),
    "listed-furniture": ("The minister left.\n\n* _Continue reading_\n", "MTQ301"),
    "html-furniture": ("The minister left.\n\n<div>\nPlease read on...\n</div>\n", "MTQ301"),
    # Markup or an entity inside a word cannot be blanked without cutting the word: it is reported itself.
    "entity-in-word": ("They used job lab&#111;r in the camps.\n", "MTQ305"),
    "empty-tags-in-word": ("They used job la<span></span>bor in the camps.\n", "MTQ305"),
    "emphasis-in-word": ("They used job la**bor** in the camps.\n", "MTQ305"),
    "comment-in-word": ("They used job la<!-- x -->bor in the camps.\n", "MTQ305"),
    "hyphen-entity-in-name": ("President Yoon Suk&#8209;yue spoke.\n", "MTQ305"),
}

CLEAN = """\
# Seoul and Tokyo agree to resume *shuttle diplomacy*

**SEOUL, March 21** -- President Yoon Suk Yeol and Prime Minister Fumio Kishida agreed on Thursday to resume
regular visits, the [presidential office](https://www.president.go.kr/news?id=12_34 "Office of the President") said.

> "We will look to the future," Yoon told reporters.

The two leaders discussed:

- trade in *semiconductors* and **batteries**;
- the victims of forced labor during the war, and
- North Korea's missile tests.

1. The first meeting is set for May.
2. A second is planned for the autumn.

Officials said the fund, run by the `victims_support_foundation` and listed at `https://example.org/fund_a`, would
pay 5 * 3 billion won over five years.* Shares of AT&T, [Samsung](https://example.org)'s and *Yonhap*'s rose
2.1 percent; CO<sub>2</sub> fell.

| Item | Amount |
| --- | --- |
| Fund | 15 billion won |

![Yoon and Kishida shake hands](https://example.org/photo_1.jpg)

<!-- editor: check the figures -->

\\* Figures are estimates.
"""


def check(paths: list[str], *options: str) -> tuple[int, dict]:
    result = CliRunner().invoke(cli, ["check", "--no-fluency", "--jobs", "1", "--format", "json", *options, *paths],
                                catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def written(workspace, name: str, text: str) -> str:
    (workspace / name).write_bytes(text.encode("utf-8"))
    return name


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def assert_spans_are_the_files(workspace, report: dict) -> None:
    """Each finding's text is what the file holds at its span, and its line and column say where."""
    for document in report["documents"]:
        text = (workspace / document["id"]).read_bytes().decode("utf-8")
        for finding in document["findings"]:
            start, end = finding["span"]["start"], finding["span"]["end"]
            assert text[start:end] == finding["text"], finding
            line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
            assert finding["line"] == text[:line_start].count("\n") + text[:line_start].replace("\r\n", "").count(
                "\r") + 1, finding
            assert finding["column"] == start - line_start + 1, finding


@pytest.mark.parametrize("case", list(HIDING))
def test_markup_around_or_inside_a_finding_fails_the_gate(workspace, case):
    text, rule = HIDING[case]
    code, report = check([written(workspace, "article.md", text)])
    assert code == 1, report
    assert rule in [f["rule"] for f in report["documents"][0]["findings"]], report["documents"][0]["findings"]
    assert_spans_are_the_files(workspace, report)


@pytest.mark.parametrize("case", ["emphasis", "entity-in-word", "empty-tags-in-word", "bold-furniture"])
def test_a_text_file_is_checked_as_written(workspace, case):
    """The same text in a .txt file is no Markdown: its asterisks and tags are characters like any other."""
    text, rule = HIDING[case]
    code, report = check([written(workspace, "article.txt", text)])
    assert rule not in [f["rule"] for f in report["documents"][0]["findings"]]
    assert load_documents(["article.txt"])[0].markup is None


def test_the_readers_mark_markdown_articles(workspace):
    written(workspace, "a.md", "A.\n")
    written(workspace, "b.MD", "B.\n")
    written(workspace, "c.txt", "C.\n")
    written(workspace, "d.jsonl", '{"id": "d", "target": "job **labor**"}\n')
    markups = {document.id: document.markup for document in load_documents(["a.md", "b.MD", "c.txt", "d.jsonl"])}
    assert markups == {"a.md": MARKDOWN, "b.MD": MARKDOWN, "c.txt": None, "d": None}


def test_an_ordinary_markdown_article_is_clean(workspace):
    code, report = check([written(workspace, "clean.md", CLEAN)])
    assert code == 0
    assert report["documents"][0]["findings"] == [], report["documents"][0]["findings"]


def test_markup_inside_a_word_is_reported_as_the_file_has_it_with_the_word_as_shown(workspace):
    code, report = check([written(workspace, "a.md", "Talks ended.\n\nThey used job lab&#111;r and la<b></b>bor.\n")])
    hidden = [(f["text"], f["suggestion"], f["line"], f["column"]) for f in report["documents"][0]["findings"]
              if f["rule"] == "MTQ305"]
    assert hidden == [("lab&#111;r", "labor", 3, 15), ("la<b></b>bor", "labor", 3, 30)]
    assert all("'labor'" in f["message"] for f in report["documents"][0]["findings"] if f["rule"] == "MTQ305")


def test_every_report_shows_the_file_as_written_at_its_own_line_and_column(workspace):
    """CRLF line ends, the text report, JSON, SARIF, GitHub annotations and the HTML report: the finding is
    `job **labor` at line 3, column 11, and its message reads the words as the page shows them."""
    name = written(workspace, "a.md", "# Talks\r\n\r\nThey used job **labor** in the camps.\r\n")
    code, report = check([name], "--sarif", "a.sarif", "--html", "a.html")
    [finding] = [f for f in report["documents"][0]["findings"] if f["rule"] == "MTQ102"]
    assert (finding["text"], finding["line"], finding["column"]) == ("job **labor", 3, 11)
    assert "'job labor'" in finding["message"]
    assert_spans_are_the_files(workspace, report)
    sarif = json.loads((workspace / "a.sarif").read_text(encoding="utf-8"))
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "MTQ102"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (3, 11)
    assert region["snippet"]["text"] == "job **labor"
    html_report = (workspace / "a.html").read_text(encoding="utf-8")
    assert "job **labor" in html_report
    text = CliRunner().invoke(cli, ["check", "--no-fluency", "--jobs", "1", name], catch_exceptions=False).output
    assert '3:11' in text and '"job **labor"' in text
    github = CliRunner().invoke(cli, ["check", "--no-fluency", "--jobs", "1", "--format", "github", name],
                                catch_exceptions=False).output
    assert "file=a.md,line=3,col=11,endLine=3,endColumn=22" in github, github


def test_renderings_read_the_name_as_the_page_shows_it(workspace):
    code, report = check([written(workspace, "a.md", "President Yun *Xiyue* spoke. Yun  Xiyue left.\n")])
    texts = [row["text"] for entity in report["renderings"] for row in entity["renderings"]]
    assert texts == ["Yun Xiyue"]


# The view itself -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "view"), [
    ("job **labor**", "job   labor  "),
    ("job&nbsp;labor", "job      labor"),
    ("> # Yun *Xiyue*\r\n", "    Yun  Xiyue \r\n"),
    ("[labor](https://x.org/a \"t\") `snake_case`", " labor" + " " * 24 + "snake_case "),
    ("AT&T 5 * 3 rose.*", "AT&T 5 * 3 rose.*"),
    ("Plain text, no markup.\n", "Plain text, no markup.\n"),
    ("| job | labor |\n|---|---|\n", "| job | labor |\n         \n"),
    ("a&amp;b lab&#111;r", "a&    b labo     r"),
])
def test_the_view_blanks_markup_one_character_for_one(text, view):
    assert rendered_view(text).text == view


def test_a_markdown_article_without_markup_is_its_own_view():
    text = "The minister left on Monday.\n\nTalks resume in May, officials said.\n" * 100
    assert rendered_view(text).text is text


MARKDOWN_PIECES = ["job", "labor", "Yun", "Xiyue", " ", " ", "\n", "\n\n", "\r\n", "*", "**", "_", "__", "~~", "`",
                   "``", "[", "]", "(", ")", "](u)", '](u "t a")', "![", "<span>", "</span>", "<br>", "<sub>",
                   "</sub>", "<!-- ", " -->", "<div>\n", "</div>", "&amp;", "&#111;", "&nbsp;", "&shy;", "&bogus;",
                   "\\", "\\*", "\\|", "> ", "- ", "1. ", "# ", "|", "\n|--|--|\n", "    ", "\t", "```\n", "[r]",
                   "[r]: /x\n", "<https://a.b/c>", "AT&T", "5 * 3", "snake_case", "'s", "-", "="]


def _shown_by_the_parser(text: str) -> str | None:
    """The characters the parser's tokens show, blanks left out; None where they hold an autolink or HTML block
    (whose text the view takes from the file, not the parser's decoded copy) or reach the parser's deepest nesting
    (past which the view reads lines the parser leaves out)."""
    shown: list[str] = []

    def walk(tokens) -> bool:
        for token in tokens:
            if token.type == "html_block" or token.markup == "autolink" or token.level >= 18:
                return False
            if token.type in ("text", "code_inline", "text_special", "fence", "code_block"):
                shown.append(token.content)
            if token.children and not walk(token.children):
                return False
        return True

    source = text.replace("\r\n", " \n").replace("\r", "\n")
    if not walk(markdown_parser().parse(source)):
        return None
    return "".join("".join(shown).split())


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), min_size=1, max_size=30))
def test_the_view_is_the_file_less_its_markup(pieces):
    """Any mix of Markdown: as long as the file, its line ends where the file's are, and what it shows, blanks
    aside, is what the parser shows (a table's cell walls and soft hyphens aside); every word it reports as
    split is the view's text at its span, blanks aside."""
    text = "".join(pieces)
    view = rendered_view(text)
    assert len(view.text) == len(text)
    assert [i for i, c in enumerate(text) if c in "\r\n"] == [i for i, c in enumerate(view.text) if c in "\r\n"]
    expected = _shown_by_the_parser(text)
    if expected is not None:
        shown = "".join(view.text.split())
        assert shown.replace("|", "").replace("\u00ad", "") == expected.replace("|", "").replace("\u00ad", "")
    for word in view.split_words:
        assert "".join(view.text[word.span.start:word.span.end].split()) == word.rendered
