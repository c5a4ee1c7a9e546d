"""Shared fixtures. Every finding produced in any test must satisfy the span invariant."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

import mtqa.pipeline
from mtqa.glossary import load_glossaries
from mtqa.glossary.compile import CompiledGlossary

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_40dea2b7941274e3.txt"


@pytest.fixture(scope="session", autouse=True)
def model_cache(tmp_path_factory):
    """One cache folder for the whole run (the prepared model, sentence scores), so that the packaged model is
    prepared once per run and nothing is written to the user's own cache; MTQA_CACHE, when set, is used instead."""
    given = os.environ.get("MTQA_CACHE")
    folder = given or str(tmp_path_factory.mktemp("mtqa-cache"))
    os.environ["MTQA_CACHE"] = folder
    yield folder
    if not given:
        del os.environ["MTQA_CACHE"]


@pytest.fixture(autouse=True)
def nothing_left_frozen():
    """A command run in this process freezes what is alive at its start, as a command's own process may; unfrozen
    after each test, so that one test's leftovers do not pile up out of the collector's reach for the rest."""
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)  # a command run here makes the collector's passes rarer for its process


@pytest.fixture(autouse=True)
def span_invariant(monkeypatch):
    """document.target[span.start:span.end] == finding.text for every finding of every test, related spans too."""
    original = mtqa.pipeline.finalise_findings

    def checked(document, *args, **kwargs):
        findings = original(document, *args, **kwargs)
        for finding in findings:
            assert document.target[finding.span.start:finding.span.end] == finding.text, finding
            assert finding.span.end <= len(document.target)
            for related in finding.related:
                assert 0 <= related.start < related.end <= len(document.target), finding
            assert finding.fingerprint
        return findings

    monkeypatch.setattr(mtqa.pipeline, "finalise_findings", checked)


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


def check_command(*args: str):
    """`mtqa check` in process, without the language model."""
    from click.testing import CliRunner

    from mtqa.cli import cli

    return CliRunner().invoke(cli, ["check", "--no-fluency", *args], catch_exceptions=False)


def assert_one_error_line(result, *fragments: str) -> str:
    """An input or usage error as a user sees it: exit 2, one `mtqa: error:` line holding `fragments`, no
    traceback. `result` is a click CliRunner result or a finished subprocess."""
    code = result.exit_code if hasattr(result, "exit_code") else result.returncode
    assert code == 2, (code, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("mtqa: error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    return lines[0]


GOOD_GLOSSARY = "name: g\nentries:\n  - {id: a, type: term, canonical: forced labor, wrong: [job labor]}\n"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A folder to run in, with a small glossary (g.yaml), a clean article (ok.txt) and one with a finding
    (bad.txt): the good inputs beside which each bad one is tried. Modules with other needs define their own."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.yaml").write_text(GOOD_GLOSSARY, encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Fine text.", encoding="utf-8")
    (tmp_path / "bad.txt").write_text("They used job labor.", encoding="utf-8")
    return tmp_path
