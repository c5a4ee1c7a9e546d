"""The command line as a CI job and an editor use it: exit codes, formats, config, selection, outputs."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import SEED
from mtqa import cli as cli_module
from mtqa.cli import cli

GLOSSARY = """\
name: cli-test
language: en
entries:
  - {id: forced-labor, type: term, canonical: forced labor, wrong: [job labor]}
  - {id: kishida, type: person, canonical: Fumio Kishida, allowed: [Kishida]}
"""


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "bad.txt").write_text("Victims of job labor met Fumio Kishida.\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text("Victims of forced labor met Fumio Kishida.\n", encoding="utf-8")
    return tmp_path


def run(*args: str):
    """`mtqa check` without the language model: these tests are about the rules, formats and exit codes."""
    return CliRunner().invoke(cli, ["check", "--no-fluency", *args], catch_exceptions=False)


def test_exit_0_when_clean(workspace):
    result = run("good.txt", "--glossary", "glossary.yaml")
    assert result.exit_code == 0, result.output
    assert "PASSED" in result.output


def test_exit_1_when_a_finding_reaches_the_gate(workspace):
    result = run("bad.txt", "--glossary", "glossary.yaml")
    assert result.exit_code == 1
    assert "1:12" in result.output and '"job labor"' in result.output and '"forced labor"' in result.output
    assert "FAILED" in result.output


@pytest.mark.parametrize("hidden", ["\u00ad", "\u200b", "\u2060", "\u200e", "\ufeff", "\u034f"])
def test_an_invisible_character_inside_a_wrong_term_still_fails_the_gate(workspace, hidden):
    (workspace / "hidden.txt").write_text(f"Victims of job la{hidden}bor met Fumio Kishida.\n", encoding="utf-8")
    result = run("hidden.txt", "--glossary", "glossary.yaml")
    assert result.exit_code == 1, result.output
    assert "MTQ305" in result.output and '"labor"' in result.output


def test_a_look_alike_letter_inside_a_wrong_term_still_fails_the_gate(workspace):
    (workspace / "cyrillic.txt").write_text("Victims of job lab\u043er met Fumio Kishida.\n", encoding="utf-8")
    result = run("cyrillic.txt", "--glossary", "glossary.yaml")
    assert result.exit_code == 1, result.output
    assert "MTQ305" in result.output


def test_fail_on_level_decides(workspace):
    (workspace / "caption.txt").write_text("Talks resumed (Reuters file photo).\n", encoding="utf-8")
    assert run("caption.txt", "--glossary", "glossary.yaml").exit_code == 0  # minor < major
    assert run("caption.txt", "--glossary", "glossary.yaml", "--fail-on", "minor").exit_code == 1
    assert run("bad.txt", "--glossary", "glossary.yaml", "--fail-on", "critical").exit_code == 0
    assert run("bad.txt", "--glossary", "glossary.yaml", "--fail-on", "never").exit_code == 0


def test_json_format_schema(workspace):
    result = run("bad.txt", "good.txt", "--glossary", "glossary.yaml", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["schema_version"] == "1.0"
    assert report["tool"]["name"] == "mtqa"
    assert [d["id"] for d in report["documents"]] == ["bad.txt", "good.txt"]
    (finding,) = report["documents"][0]["findings"]
    text = (workspace / "bad.txt").read_text(encoding="utf-8")
    assert text[finding["span"]["start"]:finding["span"]["end"]] == finding["text"] == "job labor"
    assert finding["rule"] == "MTQ102" and finding["name"] == "forbidden-term"
    assert finding["severity"] == "major" and finding["category"] == "terminology"
    assert finding["suggestion"] == "forced labor" and finding["fingerprint"]
    assert (finding["line"], finding["column"]) == (1, 12)
    assert report["summary"]["gate"] == {
        "passed": False, "fail_on": "major", "failing_findings": 1, "reasons": ["1 finding(s) at or above 'major'"],
        "thresholds": [{"name": "fail-on", "limit": "major", "value": 1, "passed": False}]}
    words = report["documents"][0]["words"]
    assert words == 7
    assert report["documents"][0]["mqm"] == {"penalty": round(5 * 1000 / words, 2),
                                             "score": round(100 - 5 * 100 / words, 2)}
    assert report["summary"]["by_rule"] == {"MTQ102 forbidden-term": 1}


def test_output_file_and_json_side_report(workspace):
    result = run("bad.txt", "--glossary", "glossary.yaml", "--output", "out/report.txt", "--json", "out/r.json")
    assert result.exit_code == 1
    assert "job labor" in (workspace / "out" / "report.txt").read_text(encoding="utf-8")
    assert "\x1b[" not in (workspace / "out" / "report.txt").read_text(encoding="utf-8")
    assert json.loads((workspace / "out" / "r.json").read_text(encoding="utf-8"))["summary"]["findings"] == 1
    assert not [p for p in (workspace / "out").iterdir() if p.name.endswith(".tmp")]


def test_never_writes_over_an_input(workspace):
    before = (workspace / "bad.txt").read_bytes()
    result = run("bad.txt", "--glossary", "glossary.yaml", "--output", "bad.txt")
    assert result.exit_code == 2
    assert "bad.txt" in result.output
    assert (workspace / "bad.txt").read_bytes() == before


def test_folder_and_jsonl_inputs(workspace):
    folder = workspace / "batch"
    folder.mkdir()
    (folder / "b.md").write_text("job labor", encoding="utf-8")
    (folder / "a.txt").write_text("forced labor", encoding="utf-8")
    (folder / "notes.yaml").write_text("ignored: true", encoding="utf-8")
    (workspace / "batch.jsonl").write_text(
        json.dumps({"id": "x1", "target": "Job labor again.", "source": "徵用工", "metadata": {"desk": "asia"}})
        + "\n\n" + json.dumps({"id": "x2", "target": "Nothing wrong."}) + "\n", encoding="utf-8")
    result = run("batch", "batch.jsonl", "--glossary", "glossary.yaml", "--format", "json")
    report = json.loads(result.output)
    ids = [d["id"] for d in report["documents"]]
    assert ids == [str(folder / "a.txt").replace(str(workspace) + "/", ""), "batch/b.md", "x1", "x2"]
    assert [len(d["findings"]) for d in report["documents"]] == [0, 1, 1, 0]


def test_crlf_and_bom_spans_index_the_text_as_read(workspace):
    (workspace / "crlf.txt").write_bytes("\ufeffFirst line.\r\nVictims of job\r\nlabor met.\r\n".encode("utf-8"))
    report = json.loads(run("crlf.txt", "--glossary", "glossary.yaml", "--format", "json").output)
    (finding,) = report["documents"][0]["findings"]
    assert finding["text"] == "job\r\nlabor"
    assert (finding["line"], finding["column"]) == (2, 12)


def test_a_file_of_lone_cr_line_ends_is_placed_line_by_line(workspace):
    (workspace / "cr.txt").write_bytes(b"First line.\rSecond line.\rVictims of job labor met.\r")
    report = json.loads(run("cr.txt", "--glossary", "glossary.yaml", "--format", "json").output)
    (finding,) = report["documents"][0]["findings"]
    assert finding["text"] == "job labor"
    assert (finding["line"], finding["column"]) == (3, 12)


def test_config_file_selects_ignores_and_overrides(workspace):
    (workspace / "caption.txt").write_text("job labor (Reuters file photo).\n", encoding="utf-8")
    (workspace / "mtqa.toml").write_text(
        'glossaries = ["glossary.yaml"]\nignore = ["forbidden-term"]\nfail-on = "minor"\n'
        '[severity]\nphoto-caption = "critical"\n', encoding="utf-8")
    report = json.loads(run("caption.txt", "--format", "json").output)
    assert [(f["rule"], f["severity"]) for f in report["documents"][0]["findings"]] == [("MTQ302", "critical")]
    # flags win over the config
    result = run("caption.txt", "--format", "json", "--select", "MTQ1", "--fail-on", "never")
    assert result.exit_code == 0
    assert [f["rule"] for f in json.loads(result.output)["documents"][0]["findings"]] == ["MTQ102"]


def test_pyproject_tool_table(workspace):
    (workspace / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.mtqa]\nglossaries = ["glossary.yaml"]\n'
                                              'select = ["MTQ3"]\n', encoding="utf-8")
    report = json.loads(run("bad.txt", "--format", "json").output)
    assert report["glossaries"] == ["cli-test"]
    assert report["summary"]["findings"] == 0


def test_fluency_precision_comes_from_the_config_and_the_flag_wins(workspace, monkeypatch):
    chosen = []
    import mtqa.checker

    def no_model(checker):
        if not getattr(checker, "noted", False):  # once per run, however often the run asks
            checker.noted = True
            chosen.append(checker.options.fluency.precision)
        return None, None

    monkeypatch.setattr(mtqa.checker.Checker, "_fluency", property(no_model))
    monkeypatch.setattr(cli_module, "_prepare_packaged_model", lambda settings: None)
    invoke = CliRunner().invoke
    assert invoke(cli, ["check", "good.txt", "--glossary", "glossary.yaml"]).exit_code == 0
    (workspace / "mtqa.toml").write_text('fluency-precision = "int8"\n', encoding="utf-8")
    assert invoke(cli, ["check", "good.txt", "--glossary", "glossary.yaml"]).exit_code == 0
    assert invoke(cli, ["check", "good.txt", "--glossary", "glossary.yaml", "--fluency-precision", "fp32"]
                  ).exit_code == 0
    assert chosen == ["auto", "int8", "fp32"]
    (workspace / "mtqa.toml").write_text('fluency-precision = "fp16"\n', encoding="utf-8")
    result = invoke(cli, ["check", "good.txt"])
    assert result.exit_code == 2 and "fluency-precision must be one of auto, fp32, bf16, int8" in result.output


def test_bad_config_is_an_input_error(workspace):
    (workspace / "mtqa.toml").write_text('selct = ["MTQ1"]\n', encoding="utf-8")
    result = run("good.txt")
    assert result.exit_code == 2
    assert "mtqa.toml" in result.output and "selct" in result.output


@pytest.mark.parametrize("name, content, fragment", [
    ("pyproject.toml", '[project]\nname = "x"\n', "no [tool.mtqa] table"),
    ("mtqa.toml", "glossaries = []\n", "'glossaries' is empty"),
    ("mtqa.toml", "boilerplate-patterns = []\n", "'boilerplate-patterns' is empty"),
])
def test_a_named_config_that_would_quietly_change_nothing_is_an_error(workspace, name, content, fragment):
    (workspace / "settings").mkdir()
    (workspace / "settings" / name).write_text(content, encoding="utf-8")
    result = run("good.txt", "--config", f"settings/{name}")
    assert result.exit_code == 2 and fragment in result.stderr


def test_unknown_rule_selector(workspace):
    result = run("good.txt", "--glossary", "glossary.yaml", "--select", "MTQ999")
    assert result.exit_code == 2 and "MTQ999" in result.output


def test_extend_glossary_adds_to_the_set(workspace):
    (workspace / "extra.yaml").write_text(
        "name: extra\nentries:\n  - {id: comfort-women, type: term, canonical: comfort women, "
        "wrong: [consolation women]}\n", encoding="utf-8")
    (workspace / "two.txt").write_text("job labor and consolation women\n", encoding="utf-8")
    report = json.loads(run("two.txt", "--glossary", "glossary.yaml", "--extend-glossary", "extra.yaml",
                            "--format", "json").output)
    assert report["glossaries"] == ["cli-test", "extra"]
    assert [f["text"] for f in report["documents"][0]["findings"]] == ["job labor", "consolation women"]


def test_default_is_the_shipped_glossary(workspace):
    report = json.loads(run(str(SEED), "--format", "json").output)
    assert report["glossaries"] == ["east-asia-news"]


def test_keep_going_checks_the_rest(workspace):
    (workspace / "broken.txt").write_bytes(b"\xff\xfe bad")
    result = run("broken.txt", "bad.txt", "--glossary", "glossary.yaml", "--keep-going", "--format", "json")
    assert result.exit_code == 2
    assert "broken.txt" in result.stderr
    assert json.loads(result.stdout)["documents"][0]["id"] == "bad.txt"


def test_rules_and_explain():
    runner = CliRunner()
    listing = runner.invoke(cli, ["rules"])
    assert listing.exit_code == 0
    for code in ("MTQ101", "MTQ102", "MTQ103", "MTQ104", "MTQ201", "MTQ301"):
        assert code in listing.output
    by_code = runner.invoke(cli, ["explain", "MTQ103"])
    by_name = runner.invoke(cli, ["explain", "name-transliteration"])
    assert by_code.exit_code == 0 and by_code.output == by_name.output
    assert "Bad:" in by_code.output and "Yun Xiyue" in by_code.output and "Good:" in by_code.output
    unknown = runner.invoke(cli, ["explain", "MTQ999"])
    assert unknown.exit_code == 2 and "MTQ999" in unknown.output


def test_github_format_appends_the_step_summary_and_sarif_side_report(workspace, monkeypatch):
    summary = workspace / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run("bad.txt", "--glossary", "glossary.yaml", "--format", "github", "--sarif", "out.sarif")
    assert result.exit_code == 1
    assert result.output.startswith("::error file=bad.txt,line=1,col=12")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n") and "MTQ102" in text
    sarif = json.loads((workspace / "out.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"][0]["ruleId"] == "MTQ102"


def test_languages_for_articles_that_do_not_say(workspace):
    # A TSV file names no language: a Chinese-to-Chinese file (a review pass, say) keeps its CJK text only when the
    # command says the targets are Chinese; a JSONL record's own target_lang wins over the option.
    (workspace / "zh.tsv").write_text("日本首相访问首尔。\t日本首相周一访问了首尔。\n", encoding="utf-8")
    (workspace / "own.jsonl").write_text(json.dumps({"id": "own", "source": "首相访问首尔。", "target_lang": "en",
                                                     "target": "首相访问首尔 on Monday."}) + "\n", encoding="utf-8")
    as_english = json.loads(run("zh.tsv", "own.jsonl", "--glossary", "glossary.yaml", "--format", "json").output)
    as_chinese = json.loads(run("zh.tsv", "own.jsonl", "--glossary", "glossary.yaml", "--format", "json",
                                "--source-lang", "ja", "--target-lang", "zh-Hans").output)

    def untranslated(report):
        return {d["id"]: [f["text"] for f in d["findings"] if f["rule"] == "MTQ303"] for d in report["documents"]}

    assert untranslated(as_english) == {"zh.tsv": ["日本首相周一访问了首尔"], "own": ["首相访问首尔"]}
    assert untranslated(as_chinese) == {"zh.tsv": [], "own": ["首相访问首尔"]}
    bad = run("zh.tsv", "--target-lang", "chinese please")
    assert bad.exit_code == 2 and "is not a language tag" in bad.output
