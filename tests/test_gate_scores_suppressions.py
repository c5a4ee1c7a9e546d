"""MQM scores, reference metrics, gate thresholds, baselines and per-article suppressions, through the CLI."""

from __future__ import annotations

import json

import pytest
import sacrebleu
from click.testing import CliRunner

from mtqa.cli import cli

GLOSSARY = "name: g\nentries:\n  - {id: forced-labor, type: term, canonical: forced labor, wrong: [job labor]}\n"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.yaml").write_text(GLOSSARY, encoding="utf-8")
    return tmp_path


def invoke(*args: str):
    """mtqa without the language model, except where a test asks for fluency."""
    return CliRunner().invoke(cli, [*args, "--no-fluency"] if "--fluency" not in args else list(args),
                              catch_exceptions=False)


def report_of(result) -> dict:
    return json.loads(result.stdout)


def write_batch(path, *records) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def test_reference_metrics_with_signatures(workspace):
    write_batch(workspace / "b.jsonl",
                {"id": "a", "target": "The talks resumed on Monday.\nBoth sides agreed.",
                 "reference": "Talks resumed on Monday.\nThe two sides agreed."},
                {"id": "b", "target": "No reference here."})
    default = report_of(invoke("check", "b.jsonl", "--glossary", "g.yaml", "--format", "json"))
    assert [m["name"] for m in default["documents"][0]["metrics"]] == ["BLEU", "chrF++"]  # TER only when asked
    report = report_of(invoke("check", "b.jsonl", "--glossary", "g.yaml", "--format", "json",
                              "--metrics", "BLEU,chrF++,TER"))
    first, second = report["documents"]
    names = [m["name"] for m in first["metrics"]]
    assert names == ["BLEU", "chrF++", "TER"]
    expected_ter = sacrebleu.corpus_ter(["The talks resumed on Monday.", "Both sides agreed."],
                                        [["Talks resumed on Monday.", "The two sides agreed."]]).score
    assert first["metrics"][2]["score"] == round(expected_ter, 2)
    expected_chrf = sacrebleu.corpus_chrf(["The talks resumed on Monday.", "Both sides agreed."],
                                          [["Talks resumed on Monday.", "The two sides agreed."]],
                                          word_order=2).score
    assert first["metrics"][1]["score"] == round(expected_chrf, 2)
    assert "nw:2" in first["metrics"][1]["signature"] and "version:" in first["metrics"][1]["signature"]
    assert second["metrics"] == []
    assert [m["name"] for m in report["summary"]["metrics"]] == names


def test_tokenized_text_is_one_warning_for_the_batch_not_sacrebleus_lines_for_each_article(workspace, capfd):
    # sacrebleu warned in three lines for each article with 100 lines ending in " .", from every worker, naming an
    # option of its own; the score is the same either way.
    lines = [f"Officials met on day {n} ." for n in range(120)]
    references = [f"Officials met on day {n}." for n in range(120)]
    write_batch(workspace / "b.jsonl", *({"id": f"a{k}", "target": "\n".join(lines),
                                          "reference": "\n".join(references)} for k in range(3)))
    result = invoke("check", "b.jsonl", "--glossary", "g.yaml", "--format", "json")
    assert result.stderr.splitlines() == [
        "mtqa: warning: 360 translated lines end in a tokenized period (' .'): BLEU is meant for detokenized text and "
        "scores tokenized text lower"]
    assert "tokenized" not in capfd.readouterr().err  # sacrebleu's logger writes to the process's own stderr
    expected = sacrebleu.corpus_bleu(lines, [references]).score
    assert report_of(result)["documents"][0]["metrics"][0]["score"] == round(expected, 2)


def test_reference_folder_matched_by_file_name(workspace):
    (workspace / "articles").mkdir()
    (workspace / "refs").mkdir()
    (workspace / "articles" / "one.txt").write_text("The talks resumed.", encoding="utf-8")
    (workspace / "refs" / "one.txt").write_text("The talks resumed.", encoding="utf-8")
    report = report_of(invoke("check", "articles", "--glossary", "g.yaml", "--reference", "refs", "--format", "json"))
    assert report["documents"][0]["metrics"][0] == {
        "name": "BLEU", "score": 100.0, "signature": report["documents"][0]["metrics"][0]["signature"]}


def test_min_chrf_gate(workspace):
    write_batch(workspace / "b.jsonl", {"id": "a", "target": "Completely different words.",
                                        "reference": "The talks resumed on Monday."})
    failed = invoke("check", "b.jsonl", "--glossary", "g.yaml", "--min-chrf", "50", "--format", "json")
    assert failed.exit_code == 1
    gate = report_of(failed)["summary"]["gate"]
    assert gate["passed"] is False and gate["reasons"][0].startswith("min-chrf: ")
    passed = invoke("check", "b.jsonl", "--glossary", "g.yaml", "--min-chrf", "1")
    assert passed.exit_code == 0


def test_min_chrf_without_references_is_a_usage_error(workspace):
    write_batch(workspace / "b.jsonl", {"id": "a", "target": "Text."})
    result = invoke("check", "b.jsonl", "--glossary", "g.yaml", "--min-chrf", "50")
    assert result.exit_code == 2 and "--min-chrf needs reference" in result.stderr


def test_max_penalty_gate_and_text_report(workspace):
    (workspace / "a.txt").write_text("Victims of job labor met. " + "Fine words here. " * 30, encoding="utf-8")
    strict = invoke("check", "a.txt", "--glossary", "g.yaml", "--fail-on", "never", "--max-penalty", "1")
    assert strict.exit_code == 1
    assert "max-penalty" in strict.stdout and "quality score" in strict.stdout
    lenient = invoke("check", "a.txt", "--glossary", "g.yaml", "--fail-on", "never", "--max-penalty", "100")
    assert lenient.exit_code == 0


def test_baseline_hides_known_findings_and_fails_on_new_ones(workspace):
    (workspace / "a.txt").write_text("Victims of job labor met.", encoding="utf-8")
    created = invoke("baseline", "create", "base.json", "a.txt", "--glossary", "g.yaml")
    assert created.exit_code == 0
    assert json.loads((workspace / "base.json").read_text())["findings"][0]["text"] == "job labor"
    same = invoke("check", "a.txt", "--glossary", "g.yaml", "--baseline", "base.json", "--format", "json")
    assert same.exit_code == 0
    assert report_of(same)["documents"][0]["suppressed"] == 1
    # unrelated text moves the finding; the baseline still holds; a new problem fails the gate
    (workspace / "a.txt").write_text("New first line.\nVictims of job labor met. More job labor.", encoding="utf-8")
    moved = invoke("check", "a.txt", "--glossary", "g.yaml", "--baseline", "base.json", "--format", "json")
    assert moved.exit_code == 1
    assert [(f["text"], f["line"]) for f in report_of(moved)["documents"][0]["findings"]] == [("job labor", 2)]


def test_unused_baseline_entry_is_reported(workspace):
    (workspace / "a.txt").write_text("Victims of job labor met.", encoding="utf-8")
    invoke("baseline", "create", "base.json", "a.txt", "--glossary", "g.yaml")
    (workspace / "a.txt").write_text("Victims of forced labor met.", encoding="utf-8")
    result = invoke("check", "a.txt", "--glossary", "g.yaml", "--baseline", "base.json", "--format", "json")
    (finding,) = report_of(result)["documents"][0]["findings"]
    assert finding["rule"] == "MTQ901" and finding["severity"] == "minor" and finding["text"] == ""
    assert "base.json" in finding["message"]
    assert result.exit_code == 0


def test_metadata_ignore_and_its_unused_entries(workspace):
    write_batch(workspace / "b.jsonl",
                {"id": "a", "target": "job labor", "metadata": {"mtqa_ignore": ["forbidden-term"]}},
                {"id": "b", "target": "forced labor", "metadata": {"mtqa_ignore": ["MTQ102"]}})
    report = report_of(invoke("check", "b.jsonl", "--glossary", "g.yaml", "--format", "json"))
    first, second = report["documents"]
    assert first["findings"] == [] and first["suppressed"] == 1
    assert [f["rule"] for f in second["findings"]] == ["MTQ901"]
    assert "MTQ102" in second["findings"][0]["message"]


def test_bad_baseline_and_bad_ignore_are_input_errors(workspace):
    (workspace / "a.txt").write_text("text", encoding="utf-8")
    (workspace / "base.json").write_text("{}", encoding="utf-8")
    result = invoke("check", "a.txt", "--glossary", "g.yaml", "--baseline", "base.json")
    assert result.exit_code == 2 and "base.json" in result.stderr
    write_batch(workspace / "b.jsonl", {"id": "a", "target": "x", "metadata": {"mtqa_ignore": ["MTQ999"]}})
    result = invoke("check", "b.jsonl", "--glossary", "g.yaml")
    assert result.exit_code == 2 and "MTQ999" in result.stderr


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "junit", "github", "gitlab"])
def test_metrics_and_failed_thresholds_reach_every_format(workspace, output_format):
    write_batch(workspace / "b.jsonl", {"id": "a", "target": "Completely different words here.",
                                        "reference": "The talks resumed on Monday."})
    result = invoke("check", "b.jsonl", "--glossary", "g.yaml", "--min-chrf", "90", "--format", output_format,
                    "--html", "r.html")
    assert result.exit_code == 1
    for output in (result.stdout, (workspace / "r.html").read_text(encoding="utf-8")):
        assert "nrefs:1|case:mixed|eff:yes|nc:6|nw:2" in output  # the chrF++ signature
        assert "min-chrf" in output


def test_bad_reference_file_names_file_and_line(workspace):
    write_batch(workspace / "b.jsonl", {"id": "a", "target": "Text."})
    (workspace / "refs.jsonl").write_text('{"id": "a", "reference": "Text."}\n["a"]\n', encoding="utf-8")
    result = invoke("check", "b.jsonl", "--glossary", "g.yaml", "--reference", "refs.jsonl")
    assert result.exit_code == 2 and "refs.jsonl:2" in result.stderr


def test_a_fingerprint_survives_an_unencodable_document_id():
    from mtqa.fingerprint import fingerprinted
    from mtqa.model import Category, Finding, Severity, Span

    finding = Finding("MTQ101", "term-variant", Severity.MAJOR, Category.TERMINOLOGY, "m", "news/\udcff.txt",
                      Span(0, 9), "job labor")
    first, again = fingerprinted([finding])[0], fingerprinted([finding])[0]
    assert len(first.fingerprint) == 20 and first.fingerprint == again.fingerprint
    other = fingerprinted([Finding(**{**finding.__dict__, "doc": "news/\udcfe.txt"})])[0]
    assert other.fingerprint != first.fingerprint
