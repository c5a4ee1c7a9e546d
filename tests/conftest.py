"""Shared fixtures. Every finding produced in any test must satisfy the span invariant."""

from __future__ import annotations

from pathlib import Path

import pytest

import mtqa.pipeline
from mtqa.glossary import load_glossaries
from mtqa.glossary.compile import CompiledGlossary

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_40dea2b7941274e3.txt"


@pytest.fixture(autouse=True)
def span_invariant(monkeypatch):
    """document.target[span.start:span.end] == finding.text for every finding of every test, related spans too."""
    original = mtqa.pipeline.check_document

    def checked(document, *args, **kwargs):
        findings = original(document, *args, **kwargs)
        for finding in findings:
            assert document.target[finding.span.start:finding.span.end] == finding.text, finding
            assert finding.span.end <= len(document.target)
            for related in finding.related:
                assert 0 <= related.start < related.end <= len(document.target), finding
            assert finding.fingerprint
        return findings

    monkeypatch.setattr(mtqa.pipeline, "check_document", checked)


@pytest.fixture(scope="session")
def shipped_glossary() -> CompiledGlossary:
    from mtqa.glossary import shipped_glossary_paths

    return CompiledGlossary(load_glossaries(shipped_glossary_paths()))


def compile_entries(entries: list[dict], tmp_path: Path) -> CompiledGlossary:
    import yaml

    path = tmp_path / "glossary.yaml"
    path.write_text(yaml.safe_dump({"name": "test", "language": "en", "entries": entries}, allow_unicode=True),
                    encoding="utf-8")
    return CompiledGlossary(load_glossaries([str(path)]))
