"""The seed article, checked with the shipped glossary through the CLI, against what an editor fixes in it."""

from __future__ import annotations

import json

import yaml
from click.testing import CliRunner

from conftest import ROOT, SEED
from mtqa.cli import cli

EXPECTED = yaml.safe_load((ROOT / "seeds" / "expected-findings.yaml").read_text(encoding="utf-8"))


def _seed_report(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["check", str(SEED.relative_to(ROOT)), "--format", "json"],
                                catch_exceptions=False)
    return result, json.loads(result.stdout)


def _overlapping(findings, text, target):
    start = target.index(text)
    end = start + len(text)
    return [f for f in findings if f["span"]["start"] < end and start < f["span"]["end"]]


def test_seed_reports_every_must_and_nothing_clean(monkeypatch):
    result, report = _seed_report(monkeypatch)
    assert result.exit_code == 1
    target = SEED.read_text(encoding="utf-8")
    (document,) = report["documents"]
    findings = document["findings"]
    for finding in findings:
        assert target[finding["span"]["start"]:finding["span"]["end"]] == finding["text"]
    for must in EXPECTED["must"]:
        hits = _overlapping(findings, must["text"], target)
        assert hits, f"missing: {must['text']}"
        assert any(f["suggestion"] == must["suggestion"] for f in hits), (must, hits)
    for clean in EXPECTED["clean"]:
        start = 0
        while (start := target.find(clean, start)) != -1:
            hits = [f for f in findings if f["span"]["start"] < start + len(clean) and start < f["span"]["end"]]
            assert not hits, f"{clean!r} at {start} must stay clean: {hits}"
            start += len(clean)


def test_seed_also_catches_the_photo_caption(monkeypatch):
    _, report = _seed_report(monkeypatch)
    target = SEED.read_text(encoding="utf-8")
    hits = _overlapping(report["documents"][0]["findings"], "(Associated Press file photo)", target)
    assert [f["rule"] for f in hits] == ["MTQ302"]


def test_seed_groups_the_renderings_of_one_person(monkeypatch):
    _, report = _seed_report(monkeypatch)
    target = SEED.read_text(encoding="utf-8")
    (inconsistent,) = [f for f in report["documents"][0]["findings"]
                       if f["rule"] == "MTQ201" and f["entry"] == "yoon-suk-yeol"]
    related = {target[s["start"]:s["end"]] for s in inconsistent["related"]}
    assert "Yoon Suk-yue" in related


def test_seed_reports_its_calques_with_the_idiomatic_english(monkeypatch):
    _, report = _seed_report(monkeypatch)
    target = SEED.read_text(encoding="utf-8")
    idiomatic = {"gradually melting": "thawing", "self-reflection": "remorse"}
    assert set(idiomatic) <= {should["text"] for should in EXPECTED["should"]}
    for text, suggestion in idiomatic.items():
        hits = [f for f in _overlapping(report["documents"][0]["findings"], text, target) if f["rule"] == "MTQ503"]
        assert [(f["severity"], f["suggestion"]) for f in hits] == [("minor", suggestion)], (text, hits)
