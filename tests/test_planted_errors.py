"""Fifteen machine-translated articles and three bilingual items with planted errors of every family the rules cover
(tests/planted/expected.yaml), checked with the shipped glossary and with a user's glossary that lists only
canonical, allowed, acronym and source forms: every planted error that glossary can tell is found, with the
expected suggestion, and no correct name is flagged."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
import yaml

from mtqa.glossary import load_glossaries, shipped_glossary_paths
from mtqa.glossary.compile import CompiledGlossary
from mtqa.io import load_documents
from mtqa.pipeline import check_batch

PLANTED = Path(__file__).parent / "planted"
EXPECTED = yaml.safe_load((PLANTED / "expected.yaml").read_text(encoding="utf-8"))
GLOSSARIES = {
    "shipped": ("user-glossary", lambda: shipped_glossary_paths()),
    "user": ("wrong-list", lambda: [str(PLANTED / "glossary.yaml")]),
}


@pytest.fixture(scope="module", params=sorted(GLOSSARIES))
def run(request):
    lacking, paths = GLOSSARIES[request.param]
    glossary = CompiledGlossary(load_glossaries(paths()))
    documents = load_documents([str(PLANTED / "articles"), str(PLANTED / "bilingual.jsonl")])
    report = check_batch(documents, glossary)
    return request.param, lacking, {Path(r.document.id).name: r for r in report.results}


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Whole-word occurrences, so that "Xi Jinpin" is not found inside "Xi Jinping"."""
    pattern = (r"(?<!\w)" if needle[:1].isalnum() else "") + regex.escape(needle) + \
        (r"(?!\w)" if needle[-1:].isalnum() else "")
    return [match.span() for match in regex.finditer(pattern, text)]


def _on(finding, spans, *, related: bool = False) -> bool:
    places = [finding.span, *(finding.related if related else ())]
    return any(s.start < end and start < s.end for s in places for start, end in spans)


@pytest.mark.parametrize("article", sorted(EXPECTED))
def test_every_planted_error_is_found(run, article):
    name, lacking, results = run
    result = results[article]
    text = result.document.target
    for error in EXPECTED[article].get("planted") or []:
        if error.get("requires") == lacking:
            continue
        spans = [span for t in error.get("texts") or [error["text"]] for span in _occurrences(text, t)]
        if "occurrence" in error:
            spans = [spans[error["occurrence"] - 1]]
        assert spans, f"{error} is not in the article"
        group = "texts" in error
        units = [spans] if group else [[span] for span in spans]
        for unit in units:
            hits = [f for f in result.findings if f.rule == error["family"] and _on(f, unit, related=group)]
            assert hits, f"{name} glossary: missed {error} at {unit}: {[(f.rule, f.text) for f in result.findings]}"
            if "suggestion" in error:
                assert any(f.suggestion == error["suggestion"] for f in hits), (error, hits)


@pytest.mark.parametrize("article", sorted(EXPECTED))
def test_no_correct_name_is_flagged(run, article):
    name, lacking, results = run
    result = results[article]
    clean = list(EXPECTED[article].get("clean") or [])
    if lacking == "wrong-list":  # the user's glossary knows these names
        clean += EXPECTED[article].get("clean_with_user_glossary") or []
    text = result.document.target
    planted = [span for error in EXPECTED[article].get("planted") or []
               for t in error.get("texts") or [error["text"]] for span in _occurrences(text, t)]
    for correct in clean:
        # "Tsai" inside the planted "Tsai Ying-wen" is part of the error, not a correct name.
        spans = [(start, end) for start, end in _occurrences(text, correct)
                 if not any(s <= start and end <= e for s, e in planted)]
        flagged = [(f.rule, f.text) for f in result.findings if _on(f, spans)]
        assert not flagged, f"{name} glossary: {correct!r} flagged: {flagged}"
