"""One parametrised test over the per-rule case files in tests/cases/.

A case file names a rule, gives a glossary snippet, and lists cases: a text (and optionally its source), or the
`segments` of a bilingual file as [source, target] pairs, optionally the `source_lang`, the `target_lang` and the
article's own `terms` and its `markup` (`markdown`: a .md article, checked as rendered); or, for a rule about a whole
batch, `articles`: a list of such articles, checked together (ids article-1, article-2, ...). Then the findings
expected (by their exact text and, where given, suggestion, severity, segment id, source text and article number), and
texts that must stay clean of that rule; a case that expects nothing and names no clean text must have no finding of
the rule at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import compile_entries
from mtqa.io.segments import SegmentText, segmented_document
from mtqa.model import Document
from mtqa.pipeline import check_batch
from mtqa.rules import get_rule

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, case in enumerate(data["cases"]):
            yield pytest.param(data, case, id=f"{path.stem}-{index}-{case.get('name', '')}".rstrip("-"))


def case_document(case: dict, doc_id: str = "case") -> Document:
    """The case's article: its text and source, or its segments joined as a bilingual file's are."""
    fields = {key: case[key] for key in ("source_lang", "target_lang", "terms", "markup") if key in case}
    if "segments" in case:
        texts = [SegmentText(str(number), source, target, None)
                 for number, (source, target) in enumerate(case["segments"], start=1)]
        return segmented_document(texts, id=doc_id, **fields)
    return Document(id=doc_id, target=case["text"], source=case.get("source"), **fields)


def case_documents(case: dict) -> list[Document]:
    """The case's articles: the batch it gives, or its one article."""
    if "articles" in case:
        return [case_document(article, f"article-{number}") for number, article in enumerate(case["articles"], 1)]
    return [case_document(case)]


def run_case(data: dict, text: str, tmp_path: Path, source: str | None = None,
             documents: list[Document] | None = None):
    glossary = compile_entries(data.get("glossary", []), tmp_path)
    rule = get_rule(data["rule"])
    report = check_batch(documents or [Document(id="case", target=text, source=source)], glossary)
    return [f for f in report.findings if f.rule == rule.code]


@pytest.mark.parametrize(("data", "case"), list(_load_cases()))
def test_rule_case(data, case, tmp_path):
    documents = case_documents(case)
    by_id = {document.id: document for document in documents}
    findings = run_case(data, documents[0].target, tmp_path, documents=documents)
    expected = case.get("expect", [])
    found = [(f.doc, f.text, f.suggestion) for f in findings] if len(documents) > 1 else \
        [(f.text, f.suggestion) for f in findings]
    for item in expected:
        item = item if isinstance(item, dict) else {"text": item}
        matches = [f for f in findings if f.text == item["text"]
                   and ("article" not in item or f.doc == f"article-{item['article']}")]
        assert matches, f"expected {data['rule']} on {item['text']!r}, found {found}"
        if "suggestion" in item:
            assert any(f.suggestion == item["suggestion"] for f in matches), found
        if "severity" in item:
            assert [f.severity.value for f in matches] == [item["severity"]], found
        if "segment" in item:
            assert str(item["segment"]) in [f.segment for f in matches], found
        if "source" in item:
            sources = [by_id[f.doc].source[f.source_span.start:f.source_span.end] for f in matches if f.source_span]
            assert item["source"] in sources, found
    if "count" in case:
        assert len(findings) == case["count"], found
    elif not expected and not case.get("clean"):  # a case that expects nothing is clean of the rule
        assert not findings, found
    for clean in case.get("clean", []):
        holders = [document for document in documents if clean in document.target]
        assert holders, f"{clean!r} is in no article of the case"
        for document in holders:
            start = document.target.index(clean)
            span = (start, start + len(clean))
            overlapping = [f for f in findings if f.doc == document.id and f.span.start < span[1]
                           and span[0] < f.span.end]
            assert not overlapping, f"{clean!r} must stay clean of {data['rule']}, found {found}"
    if not expected and "count" not in case:
        assert not findings, f"expected no {data['rule']} finding, found {found}"


def test_every_rule_has_failing_and_passing_cases():
    covered: dict[str, set[str]] = {}
    for path in CASES_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        kinds = covered.setdefault(get_rule(data["rule"]).code, set())
        for case in data["cases"]:
            kinds.add("failing" if case.get("expect") else "passing")
            if case.get("clean"):
                kinds.add("passing")
    from mtqa.rules import RULES

    for rule in RULES:
        if rule.needs == "text":  # rules that need a model or suppressions have tests of their own
            assert covered.get(rule.code) == {"failing", "passing"}, f"{rule.code} needs failing and passing cases"


def test_every_rule_is_explained():
    from mtqa.rules import RULES

    codes = [rule.code for rule in RULES]
    assert len(set(codes)) == len(codes)
    assert len({rule.name for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert len(rule.explanation) > 100 and rule.bad and rule.good and rule.bad != rule.good, rule.code
