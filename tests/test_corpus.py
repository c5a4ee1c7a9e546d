"""Twelve machine-translated news articles with known errors (tests/corpus/expected.yaml), checked with a glossary
that lists only canonical, allowed, acronym and source forms: every error must be found, with the expected
suggestion, and nothing else may be flagged."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mtqa.glossary import load_glossaries
from mtqa.glossary.compile import CompiledGlossary
from mtqa.io import load_documents
from mtqa.pipeline import check_batch

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))["articles"]


@pytest.fixture(scope="module")
def results():
    glossary = CompiledGlossary(load_glossaries([str(CORPUS / "glossary.yaml")]))
    report = check_batch(load_documents([str(CORPUS / "articles")]), glossary)
    return {Path(result.document.id).name: result for result in report.results}


def _occurrences(text: str, part: str) -> list[tuple[int, int]]:
    found, start = [], 0
    while (index := text.find(part, start)) != -1:
        found.append((index, index + len(part)))
        start = index + 1
    return found


def _overlapping(findings, spans):
    return [f for f in findings if any(f.span.start < end and start < f.span.end for start, end in spans)]


@pytest.mark.parametrize("article", sorted(EXPECTED))
def test_every_error_is_found(results, article):
    result = results[article]
    for error in EXPECTED[article].get("errors") or []:
        hits = _overlapping(result.findings, _occurrences(result.document.target, error["text"]))
        assert hits, f"missed {error}"
        if "suggestion" in error:
            assert any(f.suggestion == error["suggestion"] for f in hits), (error, hits)


@pytest.mark.parametrize("article", sorted(EXPECTED))
def test_nothing_else_is_flagged(results, article):
    result = results[article]
    target = result.document.target
    expected = EXPECTED[article]
    error_spans = [span for error in expected.get("errors") or [] for span in _occurrences(target, error["text"])]
    extra = [f for f in result.findings if f not in _overlapping(result.findings, error_spans)]
    assert not extra, [(f.rule, f.text, f.message) for f in extra]
    for clean in expected.get("clean") or []:
        assert not _overlapping(result.findings, _occurrences(target, clean)), clean
