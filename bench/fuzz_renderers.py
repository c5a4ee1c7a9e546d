"""Coverage-guided fuzzing of the renderers: random reports -> every format -> is the output still valid?

    python bench/fuzz_renderers.py -max_total_time=180    # a few minutes; crashes land in bench/out/fuzz/renderers/

An input is decoded into one to three articles (ids, paths, text, metadata from arbitrary Unicode), findings of
random rules on random spans of them (the span invariant holds, as the pipeline guarantees), renderings, metrics,
fluency scores, skipped inputs and a gate verdict. Every renderer must then give output that its consumer accepts:
JSON and GitLab JSON parse (no NaN), SARIF validates against the 2.1.0 schema, JUnit parses as XML, every GitHub
line is a workflow command that mtqa wrote, no text-report line starts a workflow command, the HTML carries no
article text unescaped, the step summary no Markdown link from an id, and everything encodes as UTF-8 (what
writing a report does). A broken promise is an AssertionError, which the harness counts as a crash.

Article text here has no lone surrogates: the readers refuse them (bench/fuzz_readers.py covers that path).
"""

from __future__ import annotations

import io
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz_harness import ROOT, fuzz  # noqa: E402

with atheris.instrument_imports(include=["mtqa"]):
    from mtqa.fingerprint import fingerprinted
    from mtqa.gate import GateSettings, judge
    from mtqa.model import (
        ArticleFluency,
        Document,
        DocumentResult,
        Finding,
        Metric,
        Peak,
        Rendering,
        Report,
        SentenceFluency,
        SkippedInput,
        Span,
    )
    from mtqa.report import FORMATS
    from mtqa.report.github import step_summary
    from mtqa.report.html import render_html
    from mtqa.report.text_report import render_text
    from mtqa.rules import RULES

import jsonschema  # noqa: E402

SARIF = jsonschema.Draft7Validator(json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text()))
# Planted into ids and text: none of them may reach an output unescaped.
TAG = "<fuzz-tag>"
LINK = "[fuzz](https://evil.example/)"
COMMAND = "\n::fuzz-command::"
GITHUB_LINE = re.compile(r"::(error|warning|notice)( [^:\n]*)?::[^\n]*")
SIGNATURE = "nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.4.2"
PATHS = [None, "article.txt", "batch.jsonl", "folder/a b.md"]


def text(fdp: atheris.FuzzedDataProvider, limit: int) -> str:
    value = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, limit))
    if fdp.ConsumeIntInRange(0, 3) == 0:
        value += fdp.PickValueInList([TAG, LINK, COMMAND])
    return value


def span(fdp: atheris.FuzzedDataProvider, length: int) -> Span:
    start = fdp.ConsumeIntInRange(0, length)
    return Span(start, fdp.ConsumeIntInRange(start, length))


def document_result(fdp: atheris.FuzzedDataProvider, number: int) -> DocumentResult:
    target = text(fdp, 300)
    path = fdp.PickValueInList(PATHS)
    document = Document(id=f"{number}{text(fdp, 30)}", target=target, path=path,
                        reference=text(fdp, 50) if fdp.ConsumeBool() else None,
                        metadata={"mtqa_ignore": [text(fdp, 10)]} if fdp.ConsumeBool() else {})
    findings = []
    for _ in range(fdp.ConsumeIntInRange(0, 6)):
        rule = fdp.PickValueInList(list(RULES))
        where = span(fdp, len(target))
        findings.append(Finding(
            rule=rule.code, name=rule.name, severity=rule.severity, category=rule.category,
            message=text(fdp, 40), doc=document.id, span=where, text=target[where.start:where.end],
            suggestion=text(fdp, 20) if fdp.ConsumeBool() else None,
            related=tuple(span(fdp, len(target)) for _ in range(fdp.ConsumeIntInRange(0, 2))),
            confidence=fdp.ConsumeProbability(), entry_id=text(fdp, 10) if fdp.ConsumeBool() else None))
    findings.sort(key=lambda f: (f.span.start, f.span.end, f.rule))
    renderings = []
    for _ in range(fdp.ConsumeIntInRange(0, 3)):
        where = span(fdp, len(target))
        renderings.append(Rendering(text(fdp, 10), text(fdp, 20), target[where.start:where.end],
                                    fdp.PickValueInList(["canonical", "allowed", "wrong", "variant"]), where))
    fluency = None
    if fdp.ConsumeBool():
        sentences = tuple(
            SentenceFluency(span(fdp, len(target)), fdp.ConsumeFloatInRange(0, 100), fdp.ConsumeFloatInRange(0, 20),
                            peaks=(Peak(span(fdp, len(target)), fdp.ConsumeFloatInRange(0, 30)),),
                            tokens=fdp.ConsumeIntInRange(0, 40))
            for _ in range(fdp.ConsumeIntInRange(0, 3)))
        fluency = ArticleFluency(fdp.ConsumeFloatInRange(0, 100), sentences, capped=fdp.ConsumeIntInRange(0, 3))
    # The signature is sacrebleu's, never text from input.
    metrics = (Metric("chrF++", fdp.ConsumeFloatInRange(0, 100), SIGNATURE),) if fdp.ConsumeBool() else ()
    return DocumentResult(document, tuple(fingerprinted(findings)), tuple(renderings), metrics, fluency,
                          suppressed=fdp.ConsumeIntInRange(0, 2))


def render_all(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    results = tuple(document_result(fdp, number) for number in range(fdp.ConsumeIntInRange(1, 3)))
    skipped = tuple(SkippedInput(text(fdp, 20), text(fdp, 30), fdp.ConsumeIntInRange(1, 9) if fdp.ConsumeBool()
                                 else None) for _ in range(fdp.ConsumeIntInRange(0, 2)))
    report = Report(results=results, glossaries=(text(fdp, 10),), metrics=results[0].metrics, skipped=skipped,
                    fluency_skipped=text(fdp, 20) if fdp.ConsumeBool() else None)
    gate = GateSettings(fail_on=fdp.PickValueInList(["minor", "major", "critical", "never"]),
                        max_penalty=fdp.ConsumeFloatInRange(0, 1e6) if fdp.ConsumeBool() else None,
                        min_chrf=fdp.ConsumeFloatInRange(0, 100) if fdp.ConsumeBool() else None)
    verdict = judge(report, gate)
    outputs = {name: render(report, verdict) for name, render in FORMATS.items()}
    outputs["html"] = render_html(report, verdict)
    outputs["summary"] = step_summary(report, verdict)
    stream = io.StringIO()
    render_text(report, verdict, stream, colour=False)
    outputs["text"] = stream.getvalue()
    for output in outputs.values():
        output.encode("utf-8")  # what writing the report does
    for name in ("json", "gitlab", "sarif"):
        json.loads(outputs[name], parse_constant=_refuse_constant)
    if len(data) % 4 == 0:  # the schema check is a third of the time: a quarter of the inputs keep the pace up
        SARIF.validate(json.loads(outputs["sarif"]))
    ET.fromstring(outputs["junit"].encode("utf-8"))
    for line in outputs["github"].splitlines():
        assert GITHUB_LINE.fullmatch(line), f"github line not written by mtqa: {line!r}"
    for line in outputs["text"].splitlines():
        assert not line.lstrip().startswith("::"), f"text report line starts a workflow command: {line!r}"
    assert TAG not in outputs["html"], "article text unescaped in the HTML report"
    assert LINK not in outputs["summary"], "a Markdown link from input in the step summary"


def _refuse_constant(name: str) -> None:
    raise AssertionError(f"{name} in a JSON report")


if __name__ == "__main__":
    fuzz("renderers", render_all, [bytes(range(256)) * 4, b"\x01" * 64, b"Yoon Suk-yue <b>" * 20])
