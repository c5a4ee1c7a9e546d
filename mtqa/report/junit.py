"""JUnit XML, for CI systems that show test reports: one test case per article.

An article fails when it has findings at or above the gate's fail-on level; they are listed in the failure, the
findings below that level in system-out. Batch thresholds that fail the gate (max-penalty, min-fluency, ...) fail
one more test case, "batch thresholds", so that the test report fails whenever the gate does.

An input left out under --keep-going is an errored test case (named after its file and line, under the class
"mtqa.skipped"), so that the test report cannot show an incomplete run as all green; a fluency stage that could not
run is a skipped test case, "fluency", with the reason.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from itertools import chain

from mtqa.display import shown
from mtqa.gate import Verdict
from mtqa.locations import Locator
from mtqa.model import DocumentResult, Finding, Report, Severity, SkippedInput, TermAccuracy
from mtqa.report.arguments import takes_report
from mtqa.report.summary import in_container

SUITE = "mtqa"
# Characters XML 1.0 cannot carry at all, not even escaped; article text may contain them.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@takes_report
def render_junit(report: Report, verdict: Verdict) -> str:
    return "".join(junit_chunks(report, verdict))


@takes_report
def junit_chunks(report: Report, verdict: Verdict) -> Iterator[str]:
    """The text of `render_junit` in pieces, a test case at a time: a large batch's report is never held whole."""
    batch = _thresholds_case(verdict)
    fluency = None
    if report.fluency_skipped is not None:
        fluency = ET.Element("testcase", classname=SUITE, name="fluency", time="0")
        ET.SubElement(fluency, "skipped", message=_text(f"fluency not scored: {report.fluency_skipped}"))
    extra = [case for case in (batch, fluency) if case is not None]
    # The suite's counts come first in the file: counted from the findings, before any case is made.
    tests = str(len(report.skipped) + len(report.results) + len(extra))
    failures = str(sum(any(_fails(f, verdict.fail_on) for f in result.findings) for result in report.results)
                   + sum(case.find("failure") is not None for case in extra))
    errors = str(len(report.skipped))
    suites = ET.Element("testsuites", name=SUITE, tests=tests, failures=failures, errors=errors)
    suite = ET.SubElement(suites, "testsuite", name=SUITE, tests=tests, failures=failures, errors=errors,
                          skipped=str(int(fluency is not None)), time="0")
    properties = ET.SubElement(suite, "properties")
    for name, value in (("fail_on", verdict.fail_on), ("passed", str(verdict.passed).lower()),
                        ("complete", str(report.complete).lower()),
                        ("reasons", "; ".join(verdict.reasons)), ("glossaries", ",".join(report.glossaries)),
                        *_metric_properties(report.metrics), *_term_accuracy_properties(report.term_accuracy)):
        ET.SubElement(properties, "property", name=name, value=_text(value))
    ET.indent(suites)
    head = ET.tostring(suites, encoding="unicode", xml_declaration=True)
    end = head.rindex(_SUITE_END)
    yield head[:end]
    cases = chain((_skipped_case(skipped) for skipped in report.skipped),
                  (_article_case(result, verdict.fail_on) for result in report.results), extra)
    for case in cases:
        ET.indent(case, level=2)
        yield _CASE_START + ET.tostring(case, encoding="unicode")
    yield head[end:] + "\n"


# Where the cases go, in the suite written with its properties only.
_SUITE_END = "\n  </testsuite>"
_CASE_START = "\n    "


def _article_case(result: DocumentResult, fail_on: str) -> ET.Element:
    document = result.document
    # Articles of a JSONL batch are grouped under the batch file; single files under the suite.
    classname = document.path if in_container(document) else SUITE
    case = ET.Element("testcase", classname=_text(classname), name=_text(document.id), time="0")
    article_properties = [*_metric_properties(result.metrics), *_term_accuracy_properties(result.term_accuracy)]
    if article_properties:
        properties = ET.SubElement(case, "properties")
        for name, value in article_properties:
            ET.SubElement(properties, "property", name=name, value=_text(value))
    locator = Locator(document)
    failing = [f for f in result.findings if _fails(f, fail_on)]
    others = [f for f in result.findings if not _fails(f, fail_on)]
    if failing:
        failure = ET.SubElement(case, "failure", type="mtqa",
                                message=f"{len(failing)} finding(s) at or above '{fail_on}'")
        failure.text = "\n".join(_line(f, locator) for f in failing)
    if others:
        ET.SubElement(case, "system-out").text = "\n".join(_line(f, locator) for f in others)
    return case


def _term_accuracy_properties(accuracy: TermAccuracy | None) -> list[tuple[str, str]]:
    """term_accuracy (empty when no term occurs in the source) with the counts behind it; none without a source."""
    if accuracy is None:
        return []
    score = "" if accuracy.score is None else f"{accuracy.score:.4f}"
    return [("term_accuracy", score), ("term_accuracy_matched", str(accuracy.matched)),
            ("term_accuracy_total", str(accuracy.total))]


def _skipped_case(skipped: SkippedInput) -> ET.Element:
    name = skipped.path if skipped.line is None else f"{skipped.path}:{skipped.line}"
    case = ET.Element("testcase", classname=f"{SUITE}.skipped", name=_text(name), time="0")
    error = ET.SubElement(case, "error", type="mtqa.input", message=_text(f"not checked: {skipped.reason}"))
    error.text = _text(str(skipped))
    return case


def _metric_properties(metrics) -> list[tuple[str, str]]:
    pairs = []
    for metric in metrics:
        pairs += [(metric.name, f"{metric.score:.2f}"), (f"{metric.name} signature", metric.signature)]
    return pairs


def _thresholds_case(verdict: Verdict) -> ET.Element | None:
    batch = [t for t in verdict.thresholds if t.name != "fail-on"]
    if not batch:
        return None
    case = ET.Element("testcase", classname=SUITE, name="batch thresholds", time="0")
    failed = [t for t in batch if not t.passed]
    if failed:
        failure = ET.SubElement(case, "failure", type="mtqa", message=f"{len(failed)} batch threshold(s) failed")
        failure.text = "\n".join(f"{t.name}: {t.value} (limit {t.limit})" for t in failed)
    return case


def _fails(finding: Finding, fail_on: str) -> bool:
    return fail_on != "never" and finding.severity.rank >= Severity(fail_on).rank


def _line(finding: Finding, locator: Locator) -> str:
    if finding.suggestion is None:
        arrow = ""
    elif finding.suggestion:
        arrow = f" -> '{finding.suggestion}'"
    else:
        arrow = " -> (delete)"
    text = " ".join(finding.text.split())
    place = locator.shown_position(finding.span.start)
    return _text(f"{place} {finding.severity.value} {finding.rule} {finding.name} '{text}'{arrow}: {finding.message}")


def _text(text: str) -> str:
    """Text from input on one line, whether it lands in an attribute or in text content (which a CI log may print
    as it is): line breaks and other unsafe characters made visible, and what XML cannot carry replaced."""
    return _NOT_XML.sub("\ufffd", shown(text))
