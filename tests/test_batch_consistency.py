"""MTQ202 batch-inconsistent-rendering across the articles of a run, and the batch's renderings table."""

from __future__ import annotations

import json

from conftest import check_command, compile_entries
from mtqa.model import Document
from mtqa.pipeline import check_batch

ZHANG = "标题\n张继科在比赛中获胜。"
YOON = "제목\n윤석열 대통령은 회담이 잘 됐다고 말했다."
YOON_ENTRY = {"id": "yoon-suk-yeol", "type": "person", "canonical": "Yoon Suk Yeol", "allowed": ["President Yoon"],
              "sources": {"ko": ["윤석열"]}}


def article(number: int, target_line: str, source: str = ZHANG) -> Document:
    return Document(f"a{number}", f"Headline\n{target_line}", source)


def run(documents, tmp_path, entries=()):
    report = check_batch(list(documents), compile_entries(list(entries), tmp_path))
    for finding in report.findings:
        result = next(r for r in report.results if r.document.id == finding.doc)
        assert result.document.target[finding.span.start:finding.span.end] == finding.text
    return report, [f for f in report.findings if f.rule == "MTQ202"]


def test_a_source_name_rendered_another_way_in_some_articles(tmp_path):
    documents = [article(1, "Zhang Jike won the match."), article(2, "Zhang Jike won the match."),
                 article(3, "Zhang Jike won again."), article(4, "Zhang Jilin won the match."),
                 article(5, "Zhang Jian won the match.")]
    report, findings = run(documents, tmp_path)
    assert [(f.doc, f.text, f.suggestion) for f in findings] == [
        ("a4", "Zhang Jilin", "Zhang Jike"), ("a5", "Zhang Jian", "Zhang Jike")]
    assert findings[0].message == ("'Zhang Jilin' for 张继科: 3 of 5 articles write 'Zhang Jike', 1 'Zhang Jilin', "
                                   "1 'Zhang Jian'")
    source = documents[3].source
    assert source[findings[0].source_span.start:findings[0].source_span.end] == "张继科"
    assert findings[0].segment == "2"
    assert findings[0].severity.value == "major"  # no reading of 张继科: another name
    [table] = [e for e in report.renderings if e.entity == "张继科"]
    assert table.reference == "Zhang Jike" and table.kind == "person"
    assert [(row.text, row.mentions, row.documents) for row in table.rows] == [
        ("Zhang Jike", 3, ("a1", "a2", "a3")), ("Zhang Jilin", 1, ("a4",)), ("Zhang Jian", 1, ("a5",))]


def test_the_order_of_the_articles_decides_nothing(tmp_path):
    """A near-miss is measured against every reading the batch has, not only those of the articles before it:
    files given in another order, or renamed in a folder, must not turn a finding (and a gate) on or off."""
    documents = [article(1, "Zhang Jian won the match."), article(2, "Zhang Jike won the match."),
                 article(3, "Zhang Jilin won the match."), article(4, "Zhang Jike won again.")]

    def found(batch) -> tuple[list, list]:
        report, findings = run(batch, tmp_path)
        [table] = [e for e in report.renderings if e.entity == "张继科"]
        # The message names renderings of equal counts in the order the batch first gives them; the rest is equal.
        return (sorted((f.doc, f.text, f.suggestion, f.severity.value) for f in findings),
                sorted((row.text, row.mentions, sorted(row.documents)) for row in table.rows))

    first = found(documents)
    assert [(doc, text) for doc, text, _, _ in first[0]] == [("a1", "Zhang Jian"), ("a3", "Zhang Jilin")]
    for order in ([3, 2, 1, 0], [1, 0, 3, 2], [2, 3, 0, 1]):
        assert found([documents[index] for index in order]) == first


def test_another_romanisation_is_reported_once_per_article_and_minor(tmp_path):
    documents = [article(1, "Zhang Jike won."), article(2, "Zhang Jike won."),
                 Document("a3", "Headline\nJike Zhang won; Jike Zhang smiled.", "标题\n张继科获胜；张继科笑了。")]
    _, findings = run(documents, tmp_path)
    [finding] = findings
    assert (finding.doc, finding.text, finding.severity.value) == ("a3", "Jike Zhang", "minor")
    assert len(finding.related) == 1  # the second "Jike Zhang" of that article


def test_consistent_renderings_and_typographic_variants_are_clean(tmp_path):
    documents = [article(1, "Zhang Jike won."), article(2, "ZHANG Jike won."), article(3, "Zhang Ji-ke won.")]
    report, findings = run(documents, tmp_path)
    assert findings == []
    [table] = report.renderings
    assert not table.inconsistent


def test_a_name_in_one_article_only_is_clean(tmp_path):
    documents = [article(1, "Zhang Jike won."), article(2, "The team won.", "标题\n球队获胜。")]
    report, findings = run(documents, tmp_path)
    assert findings == [] and report.renderings == ()


def test_a_rendering_cut_short_belongs_to_the_longer_name(tmp_path):
    documents = [article(1, "Zhang Jike and Lin Xiaozhai team up.", "标题\n张继科林小宅组队。"),
                 article(2, "Zhang Jike and Lin Xiaozhai team up.", "标题\n张继科林小宅组队。"),
                 article(3, "Zhang Ji Colin Small House team up.", "标题\n张继科林小宅组队。")]
    report, findings = run(documents, tmp_path)
    assert [(f.doc, f.text, f.suggestion) for f in findings] == [("a3", "Zhang Ji", "Zhang Jike")]
    assert "张继" not in {e.entity for e in report.renderings}


def test_a_korean_name_without_a_glossary(tmp_path):
    documents = [article(1, "President Yoon Suk-yeol said the talks went well.", YOON),
                 article(2, "President Yoon Suk-yeol said the talks went well.", YOON),
                 article(3, "President Yun Seok-yeol said the talks went well.", YOON),
                 article(4, "President Yoon Suk-yol said the talks went well.", YOON)]
    _, findings = run(documents, tmp_path)
    assert [(f.doc, f.text, f.suggestion, f.severity.value) for f in findings] == [
        ("a3", "Yun Seok-yeol", "Yoon Suk-yeol", "minor"), ("a4", "Yoon Suk-yol", "Yoon Suk-yeol", "minor")]


def test_glossary_entity_allowed_forms_are_no_inconsistency(tmp_path):
    documents = [article(1, "Yoon Suk Yeol said the talks went well.", YOON),
                 article(2, "Yoon Suk Yeol arrived. President Yoon said the talks went well.", YOON)]
    report, findings = run(documents, tmp_path, [YOON_ENTRY])
    assert findings == []
    [table] = report.renderings
    assert table.entity == "yoon-suk-yeol" and table.reference == "Yoon Suk Yeol"
    assert {row.text for row in table.rows} == {"Yoon Suk Yeol", "President Yoon"}


def test_a_rendering_a_glossary_rule_reports_is_not_reported_again(tmp_path):
    entry = {**YOON_ENTRY, "wrong": ["Yun Xiyue"]}
    documents = [article(1, "Yoon Suk Yeol said the talks went well.", YOON),
                 article(2, "Yun Xiyue said the talks went well.", YOON)]
    report, findings = run(documents, tmp_path, [entry])
    assert [f.rule for f in report.findings if f.text == "Yun Xiyue"] == ["MTQ102"]
    assert findings == []


def test_the_renderings_table_in_the_json_and_text_reports(tmp_path):
    batch = tmp_path / "batch.jsonl"
    lines = ["Zhang Jike won.", "Zhang Jike won.", "Zhang Jilin won."]
    batch.write_text("".join(json.dumps({"id": f"a{n}", "target": f"Headline\n{line}", "source": ZHANG},
                                        ensure_ascii=False) + "\n" for n, line in enumerate(lines, 1)),
                     encoding="utf-8")
    result = check_command(str(batch), "--format", "json")
    data = json.loads(result.stdout)
    assert data["renderings"] == [{
        "entity": "张继科", "kind": "person", "reference": "Zhang Jike", "sources": ["张继科"],
        "renderings": [{"text": "Zhang Jike", "mentions": 2, "documents": ["a1", "a2"]},
                       {"text": "Zhang Jilin", "mentions": 1, "documents": ["a3"]}]}]
    [finding] = [f for d in data["documents"] for f in d["findings"] if f["rule"] == "MTQ202"]
    assert finding["doc"] == "a3" and finding["line"] == 2
    text = check_command(str(batch), "--format", "text").stdout
    assert "张继科 (person): 'Zhang Jike' x2 in 2 articles, 'Zhang Jilin' x1 in 1 article" in text


def test_one_article_against_another_is_no_evidence_for_a_near_miss(tmp_path):
    documents = [article(1, "Zhang Jike won the match."), article(2, "Zhang Jilin won the match.")]
    _, findings = run(documents, tmp_path)
    assert findings == []


def test_a_glossary_entity_no_article_writes_canonically(tmp_path):
    entry = {**YOON_ENTRY, "wrong": ["Yun Xiyue"]}
    documents = [article(1, "Yun Xiyue said the talks went well.", YOON), article(2, "Yun Xiyue said so.", YOON)]
    report, findings = run(documents, tmp_path, [entry])
    assert findings == []  # the glossary rule reports both
    [table] = report.renderings
    assert table.reference == "Yoon Suk Yeol" and [row.text for row in table.rows] == ["Yun Xiyue"]


def test_a_finding_names_ten_other_renderings_and_counts_the_rest(tmp_path):
    # Each finding listed every rendering of the batch: with thousands of spellings the report grew with the square
    # of the batch (198 MB for 8,000 articles). The renderings table keeps them all.
    spellings = [f"Zhang Ji{letters}" for letters in ("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "l", "m",
                                                      "n", "o", "p")]
    documents = [article(n, "Zhang Jike won the match.") for n in range(1, 4)]
    documents += [article(10 + n, f"{spelling} won the match.") for n, spelling in enumerate(spellings)]
    report, findings = run(documents, tmp_path)
    assert len(findings) == 15
    assert findings[0].message == (
        "'Zhang Jia' for 张继科: 3 of 18 articles write 'Zhang Jike', "
        + ", ".join(f"1 '{spelling}'" for spelling in spellings[:10]) + ", and 5 other renderings")
    assert {finding.message.split(": ", 1)[1] for finding in findings} == {findings[0].message.split(": ", 1)[1]}
    [table] = [e for e in report.renderings if e.entity == "张继科"]
    assert len(table.rows) == 16
