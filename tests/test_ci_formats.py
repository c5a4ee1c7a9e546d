"""The CI formats: SARIF (schema-valid, exact regions, stable fingerprints, fixes), JUnit, GitHub annotations and
job summary, GitLab Code Quality; and the gate's exit codes through the command line with each of them."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from junitparser import Failure, JUnitXml

from conftest import compile_entries
from mtqa.cli import cli
from mtqa.gate import GateSettings, judge
from mtqa.model import Document, Report, Severity
from mtqa.pipeline import CheckOptions, check_batch
from mtqa.report import FORMATS
from mtqa.report.github import render_github, step_summary
from mtqa.report.gitlab import render_gitlab
from mtqa.report.junit import render_junit
from mtqa.report.sarif import FINGERPRINT_KEY, sarif_log
from mtqa.report.summary import with_suggestion
from mtqa.rules import RULES

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
ENTRIES = [
    {"id": "forced-labor", "type": "term", "canonical": "forced labor", "wrong": ["job labor", "labor: 100%, job"]},
    {"id": "kishida", "type": "person", "canonical": "Fumio Kishida", "allowed": ["Kishida"]},
]
# Two misspellings of one name (MTQ101 twice, MTQ201 with related spans), a forbidden term after characters
# outside the BMP (code points, not UTF-16 units), boilerplate and a caption (a minor finding).
ARTICLE = ("Fumio Kishda met reporters. Later Fumio Kishidaa spoke.\n"
           "\U00020bb7\U00020bb7 Victims of job labor protested.\n"
           "Please read on...\n"
           "Talks resumed (Reuters file photo).\n")
BATCH_ARTICLE = "First line.\nJob labor again, said Fumio Kishda."


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):
    return compile_entries(ENTRIES, tmp_path_factory.mktemp("glossary"))


def build(glossary, documents: list[Document], fail_on="major", **options):
    report = check_batch(documents, glossary, CheckOptions(**options))
    return report, judge(report, fail_on)


@pytest.fixture
def mixed(glossary):
    """A file article, a clean one and an article of a JSONL batch."""
    return build(glossary, [
        Document(id="news/a.txt", target=ARTICLE, path="news/a.txt"),
        Document(id="news/clean.txt", target="Fumio Kishida spoke.", path="news/clean.txt"),
        Document(id="x1", target=BATCH_ARTICLE, path="batch.jsonl"),
    ])


# ---------------------------------------------------------------------------------------------------------- SARIF

def validate(log: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"  # hence the Draft 4 validator
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(log)


def line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def test_sarif_is_valid_and_complete(mixed):
    report, verdict = mixed
    log = json.loads(FORMATS["sarif"](report, verdict))
    validate(log)
    (run,) = log["runs"]
    assert log["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True}]
    driver = run["tool"]["driver"]
    assert driver["name"] == "mtqa" and driver["version"]
    assert [r["id"] for r in driver["rules"]] == [rule.code for rule in RULES]
    for entry, rule in zip(driver["rules"], RULES, strict=True):
        assert entry["name"] == rule.name and entry["fullDescription"]["text"] == rule.explanation
        assert rule.bad in entry["help"]["text"] and rule.good in entry["help"]["text"]
        assert entry["properties"]["mqmCategory"] == rule.category.value
        assert entry["defaultConfiguration"]["level"] == ("warning" if rule.severity is Severity.MINOR else "error")
    assert len(run["results"]) == len(report.findings)
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    assert run["properties"]["verdict"] == {
        "passed": False, "fail_on": "major", "failing_findings": verdict.failing_findings,
        "reasons": list(verdict.reasons),
        "thresholds": [{"name": "fail-on", "limit": "major", "value": verdict.failing_findings, "passed": False}]}
    assert run["properties"]["mqm"]["by_severity"]["minor"] == 1


def test_sarif_regions_point_at_the_finding(mixed):
    report, verdict = mixed
    results = sarif_log(report, verdict)["runs"][0]["results"]
    texts = {r.document.id: r.document.target for r in report.results}
    for finding, result in zip(report.findings, results, strict=True):
        (location,) = result["locations"]
        region = location["physicalLocation"]["region"]
        target = texts[finding.doc]
        start, length = region["charOffset"], region["charLength"]
        assert target[start:start + length] == finding.text == region["snippet"]["text"]
        assert (region["startLine"], region["startColumn"]) == line_col(target, start)
        assert (region["endLine"], region["endColumn"]) == line_col(target, start + length)  # exclusive end
        assert result["level"] == ("warning" if finding.severity is Severity.MINOR else "error")
        assert result["partialFingerprints"] == {FINGERPRINT_KEY: finding.fingerprint}
    job = next(r for r in results if r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "job labor")
    assert job["locations"][0]["physicalLocation"]["region"]["startColumn"] == 15  # code points


def test_sarif_locations_fixes_and_related(mixed):
    report, verdict = mixed
    results = sarif_log(report, verdict)["runs"][0]["results"]
    by_rule = {}
    for result in results:
        by_rule.setdefault((result["properties"]["document"], result["ruleId"]), []).append(result)
    job = by_rule["news/a.txt", "MTQ102"][0]
    assert job["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "news/a.txt"}
    assert job["properties"]["regionRelativeTo"] == "file"
    (fix,) = job["fixes"]
    (change,) = fix["artifactChanges"]
    (replacement,) = change["replacements"]
    assert replacement["insertedContent"] == {"text": "forced labor"}
    deleted = replacement["deletedRegion"]
    assert ARTICLE[deleted["charOffset"]:deleted["charOffset"] + deleted["charLength"]] == "job labor"
    boilerplate = by_rule["news/a.txt", "MTQ301"][0]
    assert boilerplate["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {"text": ""}
    (inconsistent,) = by_rule["news/a.txt", "MTQ201"]
    related = [loc["physicalLocation"]["region"] for loc in inconsistent["relatedLocations"]]
    assert {ARTICLE[r["charOffset"]:r["charOffset"] + r["charLength"]] for r in related} >= {"Fumio Kishda"}
    assert len({loc["id"] for loc in inconsistent["relatedLocations"]}) == len(related)
    # an article of a JSONL batch: the batch file, the article named, positions within it, no fix into the file
    for result in by_rule["x1", "MTQ102"] + by_rule["x1", "MTQ101"]:
        (location,) = result["locations"]
        assert location["physicalLocation"]["artifactLocation"] == {"uri": "batch.jsonl"}
        assert location["logicalLocations"] == [{"name": "x1", "kind": "object"}]
        assert result["properties"]["regionRelativeTo"] == "article"
        assert "fixes" not in result
    assert by_rule["x1", "MTQ102"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2


def test_sarif_uris_are_encoded(glossary):
    report, verdict = build(glossary, [Document(id="my news/a#1.txt", target="job labor", path="my news/a#1.txt"),
                                       Document(id="/abs/b.txt", target="job labor", path="/abs/b.txt"),
                                       Document(id="memo-7", target="job labor")])
    log = sarif_log(report, verdict)
    validate(log)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]]
    assert uris == ["my%20news/a%231.txt", "file:///abs/b.txt", "memo-7"]


def test_sarif_fingerprints_survive_unrelated_edits(glossary):
    before = "Victims of job labor met Fumio Kishda.\nPlease read on...\n"
    after = "A new first paragraph about something else entirely.\n\n" + before.replace("met", "later met")

    def fingerprints(text):
        report, verdict = build(glossary, [Document(id="a.txt", target=text, path="a.txt")])
        results = sarif_log(report, verdict)["runs"][0]["results"]
        return {(r["ruleId"], r["partialFingerprints"][FINGERPRINT_KEY]): r["locations"][0]["physicalLocation"]
                ["region"]["startLine"] for r in results}

    old, new = fingerprints(before), fingerprints(after)
    assert old.keys() == new.keys() and len(old) == 3
    assert all(new[key] == old[key] + 2 for key in old)


# ---------------------------------------------------------------------------------------------------------- JUnit

def parse_junit(text: str):
    xml = JUnitXml.fromstring(text.encode("utf-8"))
    (suite,) = list(xml)
    return xml, suite, {case.name: case for case in suite}


def test_junit_one_case_per_article(mixed):
    report, verdict = mixed
    xml, suite, cases = parse_junit(render_junit(report, verdict))
    assert list(cases) == ["news/a.txt", "news/clean.txt", "x1"]
    assert (suite.tests, suite.failures, suite.errors) == (3, 2, 0) == (xml.tests, xml.failures, xml.errors)
    assert cases["news/clean.txt"].is_passed and cases["news/clean.txt"].classname == "mtqa"
    assert cases["x1"].classname == "batch.jsonl"
    (failure,) = cases["news/a.txt"].result
    assert isinstance(failure, Failure)
    majors = [f for f in report.results[0].findings if f.severity is Severity.MAJOR]
    assert failure.message == f"{len(majors)} finding(s) at or above 'major'"
    assert len(failure.text.splitlines()) == len(majors)
    assert "2:15 major MTQ102 forbidden-term 'job labor' -> 'forced labor': " in failure.text
    assert "3:1 major MTQ301 boilerplate 'Please read on...' -> (delete): " in failure.text
    assert "MTQ302 photo-caption '(Reuters file photo)' -> (delete)" in cases["news/a.txt"].system_out
    assert "photo-caption" not in failure.text


def test_junit_follows_fail_on_and_batch_thresholds(glossary, mixed):
    report, _ = mixed
    _, suite, cases = parse_junit(render_junit(report, judge(report, "never")))
    assert suite.failures == 0 and all(case.is_passed for case in cases.values())
    assert "forbidden-term" in cases["news/a.txt"].system_out
    _, suite, cases = parse_junit(render_junit(report, judge(report, GateSettings("never", max_penalty=1.0))))
    assert (suite.tests, suite.failures) == (4, 1)
    assert "max-penalty" in cases["batch thresholds"].result[0].text


def test_junit_counts_written_before_its_cases_are_those_of_the_cases(mixed):
    # The report is written a case at a time, so the suite's counts are worked out before any case is made.
    from dataclasses import replace

    from junitparser import Error, Skipped

    from mtqa.model import SkippedInput

    report, _ = mixed
    incomplete = replace(report, skipped=(SkippedInput("news/broken.txt", "not valid UTF-8"),),
                         fluency_skipped="the fluency model is not installed")
    for gate in ("major", "never", GateSettings("minor", max_penalty=1.0), GateSettings("never", max_penalty=1e9)):
        xml, suite, cases = parse_junit(render_junit(incomplete, judge(incomplete, gate)))
        kinds = [type(result) for case in cases.values() for result in case.result]
        assert suite.tests == len(cases) == len(report.results) + 2 + (not isinstance(gate, str))
        assert (suite.failures, suite.errors, suite.skipped) == (kinds.count(Failure), kinds.count(Error),
                                                                  kinds.count(Skipped)) == (
            xml.failures, xml.errors, kinds.count(Skipped))


def test_junit_survives_characters_xml_cannot_carry(glossary):
    report, verdict = build(glossary, [Document(id="odd\x0bid", target="job labor\x01", path="odd\x0bid")])
    _, suite, cases = parse_junit(render_junit(report, verdict))
    assert list(cases) == ["odd\\x0bid"] and suite.failures == 1  # shown as an escape


# --------------------------------------------------------------------------------------------------------- GitHub

ANNOTATION = re.compile(r"^::(error|warning|notice) ((?:[a-zA-Z]+=[^,:\r\n]*)(?:,[a-zA-Z]+=[^,:\r\n]*)*)::([^\r\n]*)$")


def parse_annotations(text: str) -> list[tuple[str, dict[str, str], str]]:
    assert text.endswith("\n")
    parsed = []
    for line in text.splitlines():
        match = ANNOTATION.match(line)
        assert match, line
        properties = dict(pair.split("=", 1) for pair in match[2].split(","))
        parsed.append((match[1], {k: unescape(v) for k, v in properties.items()}, unescape(match[3])))
    return parsed


def unescape(text: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def test_github_annotations_and_escaping(glossary):
    text = "Fumio Kishda said the\nlabor:\n100%, job rules stay.\n"
    report, verdict = build(glossary, [Document(id="dir/a,b:c.txt", target=text, path="dir/a,b:c.txt"),
                                       Document(id="x1", target=BATCH_ARTICLE, path="batch.jsonl")])
    output = render_github(report, verdict)
    assert "file=dir/a%2Cb%3Ac.txt," in output and "100%25%2C job" not in output  # data keeps ',' and ':'
    annotations = parse_annotations(output)
    by_text = dict(zip([f.text for f in report.findings], report.findings, strict=True))
    (command, properties, message), = [a for a in annotations if "100%" in a[2]]
    finding = by_text["labor:\n100%, job"]
    assert command == "error" and message == with_suggestion(finding)
    assert properties == {"file": "dir/a,b:c.txt", "line": "2", "endLine": "3", "title": "MTQ102 forbidden-term"}
    (_, one_line, _), = [a for a in annotations if a[1].get("title") == "MTQ101 term-variant" and "line" in a[1]]
    assert one_line == {"file": "dir/a,b:c.txt", "line": "1", "col": "1", "endLine": "1", "endColumn": "13",
                        "title": "MTQ101 term-variant"}
    batch = [a for a in annotations if a[1].get("file") == "batch.jsonl"]
    assert batch and all("line" not in props and message.startswith("[x1 2:") for _, props, message in batch)


def test_github_limits_most_severe_first(glossary):
    text = "".join(f"Fumio Kishda and job labor, talk {n} (Reuters file photo).\n" for n in range(7))
    report, verdict = build(glossary, [Document(id="a.txt", target=text, path="a.txt")],
                            severity_overrides={"MTQ101": Severity.CRITICAL})
    counts = {s: sum(f.severity is s for f in report.findings) for s in Severity}
    assert counts == {Severity.CRITICAL: 7, Severity.MAJOR: 7, Severity.MINOR: 7}
    annotations = parse_annotations(render_github(report, verdict))
    commands = [command for command, _, _ in annotations]
    assert commands == ["error"] * 10 + ["warning"] * 7 + ["notice", "notice"]
    assert [p["title"] for _, p, _ in annotations[:7]] == ["MTQ101 term-variant"] * 7  # critical before major
    assert annotations[-2][2].startswith("4 more finding(s)")
    assert annotations[-1][1] == {"title": "mtqa gate"}
    assert annotations[-1][2].startswith("gate failed (fail-on major): 14 finding(s) at or above 'major'")
    # nothing left over: no count notice, only the verdict
    report, verdict = build(glossary, [Document(id="a.txt", target="job labor", path="a.txt")])
    assert [c for c, _, _ in parse_annotations(render_github(report, verdict))] == ["error", "notice"]
    clean = parse_annotations(render_github(*build(glossary, [Document(id="a.txt", target="fine", path="a.txt")])))
    assert clean == [("notice", {"title": "mtqa gate"}, "gate passed (fail-on major)")]


def test_github_step_summary(mixed, glossary):
    report, verdict = mixed
    summary = step_summary(report, verdict)
    assert summary.startswith("## mtqa: failed (fail-on major)")
    assert "| minor | 1 |" in summary and "| MTQ102 forbidden-term | 2 |" in summary
    worst = summary.split("### Worst articles")[1]
    # by penalty: news/a.txt's untranslated 𠮷𠮷 (MTQ303) puts it above x1
    assert worst.index("| news/a.txt | 0 | 6 | 1 | 1409.09 |") < worst.index("| x1 | 0 | 2 | 0 | 1250.0 |")
    assert "news/clean.txt" not in worst
    clean = step_summary(*build(glossary, [Document(id="a|<b>", target="job labor", path="x")], fail_on="never"))
    assert clean.startswith("## mtqa: passed") and "a\\|&lt;b&gt;" in clean


# --------------------------------------------------------------------------------------------------------- GitLab

def test_gitlab_code_quality(mixed):
    report, verdict = mixed
    issues = json.loads(render_gitlab(report, verdict))
    assert len(issues) == len(report.findings)
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    for issue, finding in zip(issues, report.findings, strict=True):
        assert issue["check_name"] == f"{finding.rule} {finding.name}"
        assert issue["severity"] == finding.severity.value
        assert issue["fingerprint"] == finding.fingerprint
    job = next(i for i in issues if i["check_name"] == "MTQ102 forbidden-term")
    assert job["location"] == {"path": "news/a.txt", "lines": {"begin": 2, "end": 2}}
    assert job["description"] == "'job labor' is a wrong rendering of 'forced labor'. Suggestion: 'forced labor'."
    batch = [i for i in issues if i["location"]["path"] == "batch.jsonl"]
    assert batch and all(i["location"]["lines"]["begin"] == 1 and i["description"].startswith("[x1 2:")
                         for i in batch)


def test_gitlab_fingerprints_unique_even_when_findings_share_one(mixed):
    report, verdict = mixed
    first = report.results[0]
    shared = tuple(replace(f, fingerprint="same") for f in first.findings)
    report = Report(results=(replace(first, findings=shared),))
    fingerprints = [issue["fingerprint"] for issue in json.loads(render_gitlab(report, verdict))]
    assert fingerprints[:2] == ["same", "same-2"] and len(set(fingerprints)) == len(fingerprints)


# ------------------------------------------------------------------------------------------------ CLI, exit codes

@pytest.fixture
def workspace(tmp_path, monkeypatch):
    import yaml

    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossary.yaml").write_text(yaml.safe_dump({"name": "ci", "entries": ENTRIES}), encoding="utf-8")
    (tmp_path / "bad.txt").write_text("Victims of job labor met Fumio Kishida.\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text("Victims of forced labor met Fumio Kishida.\n", encoding="utf-8")
    return tmp_path


PARSERS = {
    "sarif": lambda text: validate(json.loads(text)),
    "junit": lambda text: parse_junit(text),
    "github": lambda text: parse_annotations(text) if text else None,
    "gitlab": lambda text: json.loads(text),
}


@pytest.mark.parametrize("output_format", list(PARSERS))
def test_cli_formats_and_exit_codes(workspace, output_format):
    def run(*args):
        return CliRunner().invoke(cli, ["check", "--no-fluency", *args, "--glossary", "glossary.yaml", "--format",
                                        output_format],
                                  catch_exceptions=False)

    passed, failed = run("good.txt"), run("bad.txt")
    assert (passed.exit_code, failed.exit_code) == (0, 1)
    for result in (passed, failed):
        PARSERS[output_format](result.stdout)
    assert "job labor" in failed.stdout
    assert run("bad.txt", "--fail-on", "never").exit_code == 0
    missing = run("missing.txt")
    assert missing.exit_code == 2 and "missing.txt" in missing.stderr
    written = run("bad.txt", "--output", f"out/report.{output_format}")
    assert written.exit_code == 1
    PARSERS[output_format]((workspace / "out" / f"report.{output_format}").read_text(encoding="utf-8"))


def test_github_annotations_clip_a_huge_article_id(glossary):
    # A 10,000-character id (a JSONL id, an XLIFF original) must not make each annotation line 10 KB long.
    huge = "x" * 10_000
    report, verdict = build(glossary, [Document(id=huge, target="Victims of job labor.", path="batch.jsonl", line=3)])
    [finding] = [line for line in render_github(report, verdict).splitlines() if "MTQ102" in line]
    assert len(finding) < 600 and "xxx..." in finding and "line=3" in finding
