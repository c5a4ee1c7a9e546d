"""Properties over random Unicode articles and small random glossaries: every finding's span holds its text, a check
gives the same report twice, and every renderer's output is valid and holds input only as text."""

from __future__ import annotations

import html
import io
import json
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from junitparser import JUnitXml
from markdown_it import MarkdownIt
from test_ci_formats import validate

from mtqa.display import shown
from mtqa.errors import MtqaError
from mtqa.gate import judge
from mtqa.glossary import load_glossaries
from mtqa.glossary.compile import CompiledGlossary
from mtqa.model import Document, Report
from mtqa.pipeline import CheckOptions, check_batch
from mtqa.report import FORMATS
from mtqa.report.github import step_summary
from mtqa.report.html import render_html
from mtqa.report.text_report import render_text
from mtqa.text import fold

# Quick and the same on every run: a fixed sequence of examples, no deadline on a slow shared machine.
PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NAMES = ["Fumio Kishida", "Kishida", "Yoon Suk Yeol", "Yoon Suk-yeol", "Moon Jae-in", "forced labor", "job labor",
         "Xi Jinping", "Korean Central News Agency", "KCNA", "Xinhua", "North Korea", "Tsai Ing-wen", "Kim Jong Un"]
# Readers refuse surrogates and NUL; everything else may come in: controls, separators, astral, RTL, combining.
CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
NEAR_MISSES = ["Kishda", "Fumio Kishidaa", "Fumio Kishda", "Yun Suk-yeol", "Yoon Suk-yue", "Moon Jae-In's",
               "jobs labor", "Tsai Ingwen", "Kim Jong-Un", "Xi Jin-ping", "K.C.N.A.", "Korean Central News"]
PIECES = st.one_of(
    st.text(CHARACTERS, max_size=12),
    st.sampled_from(NAMES),
    st.sampled_from(NEAR_MISSES),
    st.sampled_from(["Please read on...\n", "(Reuters file photo)\r", "SEOUL, March 21 (Reuters) - ", "\U0001f600",
                     "\U00020bb7\u0301", "[x](https://e.example)", "<b>&amp;</b>", "::error::x\n", "\x1b[31m"]),
)
# What comes between pieces: spaces and sentence ends, line ends of every kind, RTL marks and overrides.
SEPARATORS = st.sampled_from([" ", " ", ". ", ", ", "\n", "\r", "\r\n", "\n\n", "\u2028", " \u200f", "\u202e ",
                              "\t", "'s "])
ARTICLES = st.lists(st.tuples(PIECES, SEPARATORS), max_size=25).map(lambda pairs: "".join(a + b for a, b in pairs))
IDS = st.one_of(st.text(CHARACTERS, min_size=1, max_size=15),
                st.sampled_from(["news/a.txt", "a\n::error::x", "[x](https://e.example)![i](https://e.example/p)",
                                 "a|<b>", "\u202ertl.txt"]))
FORMS = st.one_of(st.sampled_from(NAMES), st.text(CHARACTERS, min_size=1, max_size=12))
# Entries like a newsroom's, so that the random articles' names and near misses have something to match.
KNOWN = [
    {"id": "forced-labor", "type": "term", "canonical": "forced labor", "wrong": ["job labor"]},
    {"id": "kishida", "type": "person", "canonical": "Fumio Kishida", "allowed": ["Kishida"]},
    {"id": "yoon", "type": "person", "canonical": "Yoon Suk Yeol", "allowed": ["Yoon Suk-yeol"]},
    {"id": "kcna", "type": "agency", "canonical": "Korean Central News Agency", "acronym": "KCNA"},
    {"id": "tsai", "type": "person", "canonical": "Tsai Ing-wen"},
]


@st.composite
def glossaries(draw) -> list[dict]:
    """Some known entries and up to two random ones, whose forms are unique after folding, as the loader demands."""
    known = draw(st.lists(st.sampled_from(KNOWN), max_size=3, unique_by=lambda entry: entry["id"]))
    seen = {fold(form).strip() for entry in known
            for form in (entry["canonical"], *entry.get("allowed", ()), *entry.get("wrong", ()))}

    def unique(forms: list[str]) -> list[str]:
        kept = []
        for form in forms:
            key = fold(form).strip()
            if form.strip() and key and key not in seen:
                seen.add(key)
                kept.append(form)
        return kept

    entries = list(known)
    for number in range(draw(st.integers(0, 2))):
        canonical = unique([draw(FORMS)])
        if not canonical:
            continue
        entry = {"id": f"e{number}", "type": draw(st.sampled_from(["person", "term", "organization", "place"])),
                 "canonical": canonical[0]}
        allowed = unique(draw(st.lists(FORMS, max_size=2)))
        wrong = unique(draw(st.lists(FORMS, max_size=2)))
        if allowed:
            entry["allowed"] = allowed
        if wrong:
            entry["wrong"] = wrong
        entries.append(entry)
    assume(entries)
    return entries


def compiled(entries: list[dict]) -> CompiledGlossary:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "glossary.yaml"
        path.write_text(yaml.safe_dump({"name": "random", "entries": entries}, allow_unicode=True), encoding="utf-8")
        try:
            return CompiledGlossary(load_glossaries([str(path)]))
        except MtqaError:  # a form the loader refuses (say, one that is only punctuation): not this test's concern
            assume(False)


@st.composite
def batches(draw) -> tuple[list[Document], list[dict]]:
    ids = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    documents = []
    for doc_id in ids:
        path = draw(st.sampled_from([None, doc_id, "batch.jsonl"]))
        documents.append(Document(id=doc_id, target=draw(ARTICLES), path=path))
    return documents, draw(glossaries())


def checked(documents: list[Document], entries: list[dict]) -> Report:
    return check_batch(documents, compiled(entries), CheckOptions())


# ------------------------------------------------------------------------------------------------------ the checks

@PROPERTY
@given(batches())
def test_every_span_holds_its_text_and_a_check_is_deterministic(batch):
    documents, entries = batch
    report = checked(documents, entries)
    targets = {document.id: document.target for document in documents}
    for finding in report.findings:
        target = targets[finding.doc]
        assert target[finding.span.start:finding.span.end] == finding.text
        assert all(0 <= span.start <= span.end <= len(target) for span in finding.related)
    again = checked(documents, entries)
    assert again == report
    verdict = judge(report, "major")
    assert FORMATS["json"](again, verdict) == FORMATS["json"](report, verdict)


# --------------------------------------------------------------------------------------------------- the renderers

def strict_json(text: str):
    def refuse(constant):
        raise AssertionError(f"non-standard JSON constant {constant}")
    return json.loads(text, parse_constant=refuse)


def only_own_lines(text: str, starts: tuple[str, ...] = ()) -> None:
    """No line holds a character that `shown` would make visible; with `starts`, every line begins with one."""
    for line in text.splitlines():
        assert not [char for char in line if shown(char) != char], line
        if starts:
            assert line.startswith(starts), line


TEMPLATE = (Path(__file__).parent.parent / "mtqa" / "report" / "templates" / "report.html.j2").read_text("utf-8")
TEMPLATE_TAGS = set(re.findall(r"<([a-z][a-z0-9]*)", TEMPLATE))
TEMPLATE_ATTRIBUTES = set(re.findall(r"\s([a-z][a-z-]*)=", TEMPLATE)) | {"hidden", "checked"}


class _Page(HTMLParser):
    """Every tag and attribute of the page, each article's id and the text of each article's translation pane
    (less the visually hidden finding labels, which the template writes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.markup: set[tuple[str, str]] = set()
        self.ids: list[str] = []
        self.texts: list[str] = []
        self._into: list[str] | None = None
        self._hidden = False

    def handle_starttag(self, tag, attrs):
        self.markup.update((tag, name) for name, _ in attrs)
        self.markup.add((tag, ""))
        attributes = dict(attrs)
        if tag == "h3" and (attributes.get("id") or "").startswith("h-doc-"):
            self.ids.append("")
            self._into = self.ids
        elif tag == "div" and attributes.get("class") == "text" and attributes.get("lang") == "en":
            self.texts.append("")
            self._into = self.texts
        elif tag == "span" and attributes.get("class") == "vh" and self._into is self.texts:
            self._hidden = True

    def handle_endtag(self, tag):
        if tag in ("h3", "div"):
            self._into = None
        elif tag == "span":
            self._hidden = False

    def handle_data(self, data):
        if self._into is not None and not self._hidden:
            self._into[-1] += data

    def handle_entityref(self, name):
        self.handle_data(html.unescape(f"&{name};"))

    def handle_charref(self, name):
        """As a browser reads a character reference: to its code point, controls included."""
        self.handle_data(chr(int(name[1:], 16) if name[0] in "xX" else int(name)))


def as_read(text: str) -> str:
    return re.sub("[\x80-\x9f\ud800-\udfff]", "\ufffd", text)


def html_holds_input_only_as_text(page: str, report: Report) -> None:
    assert not [char for char in page if char not in "\t\n" and shown(char) != char]  # nothing acts raw
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert {tag for tag, _ in parser.markup} <= TEMPLATE_TAGS
    assert {name for _, name in parser.markup if name} <= TEMPLATE_ATTRIBUTES
    # a C1 control or a lone surrogate shows as U+FFFD, one for one; everything else reads back exactly
    assert parser.ids == [as_read(result.document.id) for result in report.results]
    assert parser.texts == [as_read(result.document.target) for result in report.results]
    assert page.count("<script>") == 1


def summary_holds_input_only_as_text(summary: str) -> None:
    only_own_lines(summary)
    rendered = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(summary)
    assert not re.search(r"<(a|img|em|code|del|script|b)\b", rendered)


@PROPERTY
@given(batches())
def test_every_renderer_writes_valid_output_with_input_only_as_text(batch):
    documents, entries = batch
    report = checked(documents, entries)
    verdict = judge(report, "major")
    strict_json(FORMATS["json"](report, verdict))
    strict_json(FORMATS["gitlab"](report, verdict))
    validate(strict_json(FORMATS["sarif"](report, verdict)))
    (suite,) = JUnitXml.fromstring(FORMATS["junit"](report, verdict).encode("utf-8"))
    assert suite.tests == len(report.results)
    only_own_lines(FORMATS["github"](report, verdict), ("::error ", "::warning ", "::notice "))
    summary_holds_input_only_as_text(step_summary(report, verdict))
    html_holds_input_only_as_text(render_html(report, verdict), report)
    stream = io.StringIO()
    render_text(report, verdict, stream, colour=False)
    only_own_lines(stream.getvalue())
    assert not [line for line in stream.getvalue().splitlines() if line.lstrip().startswith("::")]
