"""Term accuracy: mtqa's figures equal a plain count of the same definition, per article and for the batch, and every
output format shows them."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import compile_entries
from mtqa.cli import cli
from mtqa.entities.term_dictionary import term_dictionary
from mtqa.gate import judge
from mtqa.model import Document, TermAccuracy
from mtqa.pipeline import check_batch
from mtqa.report.github import render_github, step_summary
from mtqa.report.gitlab import render_gitlab
from mtqa.report.html import render_html
from mtqa.report.junit import render_junit
from mtqa.report.sarif import render_sarif
from mtqa.report.text_report import render_text

BATCH = Path(__file__).parent / "term_accuracy" / "batch.jsonl"


# ------------------------------------------------------------------------------------------ the independent count

def plain_count(record: dict) -> tuple[int, int] | None:
    """(matched, total) by the definition, written out: segments are the lines when source and target have as many
    non-blank lines (two or more), else the whole article; per segment and term, the source occurrences (substring,
    any letter case) and the target matches of any allowed form (lower-cased, not inside a longer word, overlapping
    matches counted once, the leftmost and then the longest kept); matched is the smaller of the two."""
    source, target = record.get("source"), record["target"]
    if not source:
        return None
    source_lines = [line for line in source.split("\n") if line.strip()]
    target_lines = [line for line in target.split("\n") if line.strip()]
    if len(source_lines) == len(target_lines) >= 2:
        pairs = list(zip(source_lines, target_lines, strict=True))
    else:
        pairs = [(source, target)]
    matched = total = 0
    for source_part, target_part in pairs:
        for source_form, target_forms in record.get("terms", {}).items():
            occurrences = source_part.lower().count(source_form.lower())
            if occurrences == 0:
                continue
            spans = []
            for form in target_forms:
                pattern = r"(?<!\w)" + re.escape(form.lower()) + r"(?!\w)"
                spans += [(m.start(), m.end()) for m in re.finditer(pattern, target_part.lower())]
            kept = []
            for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
                if not kept or start >= kept[-1][1]:
                    kept.append((start, end))
            matched += min(len(kept), occurrences)
            total += occurrences
    return matched, total


def records() -> list[dict]:
    return [json.loads(line) for line in BATCH.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def json_report(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("report") / "report.json"
    result = CliRunner().invoke(cli, ["check", str(BATCH), "--format", "json", "-o", str(out), "--no-fluency"],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return json.loads(out.read_text(encoding="utf-8"))


def score(matched: int, total: int) -> float | None:
    return round(matched / total, 3) if total else None


def test_each_article_equals_the_plain_count(json_report):
    by_id = {document["id"]: document["term_accuracy"] for document in json_report["documents"]}
    for record in records():
        expected = plain_count(record)
        shown = by_id[record["id"]]
        if expected is None:
            assert shown is None, record["id"]
            continue
        assert (shown["matched"], shown["total"]) == expected, record["id"]
        assert (round(shown["score"], 3) if shown["score"] is not None else None) == score(*expected), record["id"]


def test_the_batch_equals_the_plain_count(json_report):
    counted = [plain_count(record) for record in records()]
    matched = sum(c[0] for c in counted if c is not None)
    total = sum(c[1] for c in counted if c is not None)
    summary = json_report["summary"]["term_accuracy"]
    assert (summary["matched"], summary["total"]) == (matched, total)
    assert round(summary["score"], 3) == score(matched, total)


def test_the_fixture_exercises_the_definition():
    """Repeated terms, a missing one, more target matches than source occurrences, an article without alignment,
    one without a term and one without a source: the comparison above means something only if they are there."""
    counted = {record["id"]: plain_count(record) for record in records()}
    assert counted["no-source"] is None and counted["no-term"] == (0, 0)
    assert all(0 < matched < total for matched, total in
               (counted[key] for key in ("chips-aligned", "summit-unaligned", "ml-de", "treaty-partial")))


# ------------------------------------------------------------------------------------------ the dictionary

def test_glossary_forms_of_the_source_language_and_the_articles_own_terms(tmp_path):
    glossary = compile_entries([
        {"id": "seoul", "type": "place", "canonical": "Seoul", "sources": {"zh-Hans": "首尔", "ko": "서울"}},
        {"id": "gsomia", "type": "agreement", "canonical": "General Security of Military Information Agreement",
         "acronym": "GSOMIA", "sources": {"ko": "군사정보보호협정"}},
        {"id": "cho-kuk", "type": "person", "canonical": "Cho Kuk", "sources": {"ko": "조국"}},
    ], tmp_path)
    document = Document(id="a", target="x", source="y", source_lang="ko", terms={"서울": ("the capital",)})
    terms = {term.source: term.targets for term in term_dictionary(document, glossary.glossary)}
    # ko forms only; 조국 ("fatherland") is a common word; the article's own forms add to the glossary's
    assert terms == {"서울": ("Seoul", "the capital"),
                     "군사정보보호협정": ("General Security of Military Information Agreement", "GSOMIA")}
    chinese = Document(id="b", target="x", source="y", source_lang="zh-CN")
    assert {term.source for term in term_dictionary(chinese, glossary.glossary)} == {"首尔"}
    german = Document(id="c", target="x", source="y", target_lang="de", terms={"首尔": ("Seoul",)})
    assert [(t.source, t.entries) for t in term_dictionary(german, glossary.glossary)] == [("首尔", ())]


def test_an_articles_own_terms_cannot_make_a_wrong_form_of_the_glossary_right(tmp_path):
    """A record's `terms` naming the glossary's own wrong form lifted term accuracy from 0 to 1."""
    glossary = compile_entries([{"id": "forced-labor", "type": "term", "canonical": "forced labor",
                                 "wrong": ["job labor"], "sources": {"zh-Hans": "强制劳动"}}], tmp_path)
    document = Document(id="a", target="They used job labor.", source="他们使用了强制劳动。", source_lang="zh-Hans",
                        terms={"强制劳动": ("Job Labor", "compulsory labor")})
    terms = {term.source: term.targets for term in term_dictionary(document, glossary.glossary)}
    assert terms == {"强制劳动": ("forced labor", "compulsory labor")}
    [result] = check_batch([document], glossary).results
    assert (result.term_accuracy.matched, result.term_accuracy.total) == (0, 1)


def test_without_a_source_there_is_no_term_accuracy_and_with_one_there_always_is(tmp_path):
    glossary = compile_entries([], tmp_path)
    report = check_batch([Document(id="a", target="Hello."), Document(id="b", target="Hello.", source="你好。")],
                         glossary)
    assert [r.term_accuracy for r in report.results] == [None, TermAccuracy(0, 0)]
    assert report.term_accuracy == TermAccuracy(0, 0)


# ------------------------------------------------------------------------------------------ every format

@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    glossary = compile_entries([], tmp_path_factory.mktemp("glossary"))
    documents = [Document(id=r["id"], target=r["target"], source=r.get("source"), path="batch.jsonl",
                          terms={k: tuple(v) for k, v in r.get("terms", {}).items()}) for r in records()]
    report = check_batch(documents, glossary)
    return report, judge(report, "major")


def test_text_report_gives_each_article_and_the_batch(checked, tmp_path):
    report, verdict = checked
    out = tmp_path / "report.txt"
    with out.open("w", encoding="utf-8") as stream:
        render_text(report, verdict, stream, colour=False)
    text = out.read_text(encoding="utf-8")
    assert "term accuracy 0.857 (6 of 7 source term occurrences rendered)" in text  # chips-aligned
    assert "no dictionary term" not in text  # an article without a term gets no line of its own
    total = report.term_accuracy
    assert f"term accuracy {total.score:.3f} ({total.matched} of {total.total} " in text.split("Summary")[1]


def test_sarif_junit_github_gitlab_and_html_carry_it(checked):
    report, verdict = checked
    total = report.term_accuracy
    line = f"term accuracy {total.score:.3f} ({total.matched} of {total.total} source term occurrences rendered)"

    properties = json.loads(render_sarif(report, verdict))["runs"][0]["properties"]
    assert properties["term_accuracy"] == {"score": total.score, "matched": total.matched, "total": total.total}
    articles = {article["id"]: article["term_accuracy"] for article in properties["articles"]}
    assert articles["no-source"] is None and articles["chips-aligned"]["matched"] == 6

    suite = ET.fromstring(render_junit(report, verdict)).find("testsuite")
    values = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert (values["term_accuracy_matched"], values["term_accuracy_total"]) == (str(total.matched), str(total.total))
    case = next(c for c in suite.iter("testcase") if c.get("name") == "chips-aligned")
    assert {p.get("name"): p.get("value") for p in case.find("properties")}["term_accuracy"] == "0.8571"

    assert f"::notice title=mtqa term accuracy::{line}" in render_github(report, verdict)
    assert line.capitalize() in step_summary(report, verdict)
    issues = json.loads(render_gitlab(report, verdict))
    assert [i["description"] for i in issues if i["check_name"] == "mtqa term accuracy"] == [line]

    html = render_html(report, verdict)
    assert f"{total.score:.3f}<span class=\"muted\">, {total.matched} of {total.total} source term" in html
    assert "0.857<span class=\"muted\">, 6 of 7 source term" in html


def test_an_articles_own_terms_are_found_as_if_the_dictionary_were_searched_whole(tmp_path):
    # The glossaries' forms are searched with finders made once per glossary, an article's own with its own: the
    # places found must be those one search of the article's whole dictionary finds.
    from mtqa.entities.term_matches import FormFinder, _occurrences, term_uses
    from mtqa.text import FoldedText

    glossary = compile_entries([
        {"id": "seoul", "type": "place", "canonical": "Seoul", "sources": {"zh-Hans": "首尔"}},
        {"id": "moon", "type": "person", "canonical": "Moon Jae-in", "sources": {"zh-Hans": "文在寅"}},
    ], tmp_path)
    document = Document(
        id="a", source="首尔市长说，文在寅总统访问了首尔和釜山。\n釜山港很大。", source_lang="zh-Hans",
        target="The mayor of the capital said President Moon visited seoul and Busan.\nThe port of Pusan is big.",
        terms={"首尔": ("the capital", "Seoul"), "文在寅": ("President Moon",), "釜山": ("Busan", "Pusan")})
    terms = term_dictionary(document, glossary.glossary)
    whole = FoldedText(document.target)
    expected = _occurrences(whole, [(FormFinder([term.targets for term in terms]), range(len(terms)))],
                            whole.at_word_boundaries)
    found: dict[str, tuple] = {}
    for use in term_uses(document, glossary):  # one use per term and aligned line
        found[use.term.source] = found.get(use.term.source, ()) + use.target_spans
    assert found == {term.source: tuple(expected.get(index, ())) for index, term in enumerate(terms)}
    assert [document.target[s.start:s.end] for s in found["首尔"]] == ["the capital", "seoul"]
    assert [document.target[s.start:s.end] for s in found["釜山"]] == ["Busan", "Pusan"]


def test_a_sourced_articles_work_does_not_grow_with_the_glossary(tmp_path):
    # Every article with a source rebuilt the glossary's whole term dictionary and its finders, and walked every
    # term: 7 ms per one-sentence article with the shipped glossary, 329 ms with 4,000 entries.
    from test_linear_scaling import python_calls

    def glossary(entries: int):
        folder = tmp_path / str(entries)
        folder.mkdir()
        return compile_entries([{"id": f"agency-{n}", "type": "organization", "canonical": f"Agency {n}",
                                 "sources": {"zh-Hans": f"第{n}机构"}} for n in range(entries)], folder)

    articles = [Document(id=f"a{n}", source=f"第{n}机构今天开会。", target=f"Agency {n} met today.",
                         source_lang="zh-Hans") for n in range(20)]
    calls = {}
    for entries in (200, 800):
        compiled = glossary(entries)
        check_batch(articles[:1], compiled)  # what a glossary's terms cost, once
        calls[entries] = python_calls(articles, compiled)
        report = check_batch(articles, compiled)
        assert all(result.term_accuracy.matched == 1 for result in report.results)
    assert calls[800] < 1.1 * calls[200], calls


def test_articles_naming_ever_new_source_languages_keep_no_more_glossary_terms(tmp_path):
    # Each source language's glossary terms are kept for the run: a hostile batch naming a new language on every
    # line kept a copy of the glossary's forms for each.
    from mtqa.entities import term_dictionary as dictionary

    # (A source in Latin script: one in Han script that names another language is looked up as any language.)
    glossary = compile_entries([{"id": "seoul", "type": "place", "canonical": "Seoul", "sources": {"fr": "Séoul"}}],
                               tmp_path)
    articles = [Document(id=f"a{n}", source="Séoul.", target="Seoul.", source_lang=f"x{n}") for n in range(60)]
    check_batch(articles, glossary)
    kept = dictionary._BY_GLOSSARY[glossary]
    assert len(kept) == dictionary.MAX_LANGUAGES
