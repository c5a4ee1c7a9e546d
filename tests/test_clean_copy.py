"""Twenty-one correct wire stories and five bilingual items dense with what a name matcher finds hard (namesakes of
glossary people, bodies whose names contain glossary names, short forms, acronym definitions in every position,
datelines and credits done right, source forms inside other words): checked with the shipped glossary, nothing is
flagged."""

from __future__ import annotations

from pathlib import Path

from mtqa.glossary import load_glossaries, shipped_glossary_paths
from mtqa.glossary.compile import CompiledGlossary
from mtqa.io import load_documents
from mtqa.pipeline import check_batch

CLEAN = Path(__file__).parent / "clean_copy"


def test_correct_wire_copy_has_no_finding():
    glossary = CompiledGlossary(load_glossaries(shipped_glossary_paths()))
    documents = load_documents([str(CLEAN / "articles"), str(CLEAN / "bilingual.jsonl")])
    report = check_batch(documents, glossary)
    assert len(report.results) == 27
    flagged = [(Path(f.doc).name, f.rule, f.text, f.suggestion) for f in report.findings]
    assert flagged == []
