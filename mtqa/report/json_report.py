"""The JSON report: a stable, versioned schema for machines (documented in the README).

Beside the documents and the summary, three top-level fields say how much of the batch the report covers:
`complete` (false when inputs were left out under --keep-going), `skipped_inputs` (each `{"path", "line",
"reason"}`; `line` is the line of a JSONL batch, null for a whole file) and `fluency_skipped` (why fluency was on but
not scored, such as a model that is not installed; null otherwise). The text is strict JSON: a number that is not
finite is written as null.
"""

from __future__ import annotations

import platform
from collections.abc import Iterator

from mtqa import __version__
from mtqa.gate import Verdict, batch_fluency
from mtqa.locations import Locator
from mtqa.model import ArticleFluency, DocumentResult, EntityRenderings, Finding, Report, Segment
from mtqa.report.arguments import takes_report
from mtqa.report.jsontext import Streamed, json_chunks
from mtqa.report.summary import (
    batch_words,
    metric_dicts,
    mqm_penalty,
    mqm_score,
    rule_counts,
    severity_counts,
    term_accuracy_dict,
)
from mtqa.versions import installed_version

SCHEMA_VERSION = "1.0"
_LIBRARIES = ("rapidfuzz", "pyahocorasick", "pypinyin", "regex")


@takes_report
def render_json(report: Report, verdict: Verdict) -> str:
    return "".join(json_report_chunks(report, verdict))


@takes_report
def json_report_chunks(report: Report, verdict: Verdict) -> Iterator[str]:
    """The JSON report in pieces, each article's part made as it is written: a large batch's is never held whole."""
    return json_chunks(_report_value(report, verdict, Streamed(map(document_dict, report.results))))


def document_dict(result: DocumentResult) -> dict:
    locator = Locator(result.document)
    findings = list(result.findings)
    words = result.document.words
    return {
        "id": result.document.id,
        "words": words,
        "mqm": _mqm(findings, words),
        "metrics": metric_dicts(result.metrics),
        "counts": severity_counts(findings),
        "suppressed": result.suppressed,
        "fluency": _fluency(result.fluency),
        "term_accuracy": term_accuracy_dict(result.term_accuracy),
        "segments": [_segment_dict(segment) for segment in result.document.segments],
        "findings": [finding_dict(f, locator) for f in findings],
    }


def _report_value(report: Report, verdict: Verdict, documents: Streamed) -> dict:
    findings = report.findings
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": tool_info(),
        "glossaries": list(report.glossaries),
        "complete": report.complete,
        "skipped_inputs": [{"path": s.path, "line": s.line, "reason": s.reason} for s in report.skipped],
        "fluency_skipped": report.fluency_skipped,
        "documents": documents,
        "renderings": Streamed(map(_entity_dict, report.renderings)),  # per entity, its articles' ids: written as made
        "summary": {
            "documents": len(report.results),
            "findings": len(findings),
            "words": batch_words(report),
            "mqm": _mqm(findings, batch_words(report)),
            "metrics": metric_dicts(report.metrics),
            "by_severity": severity_counts(findings),
            "by_rule": rule_counts(findings),
            "suppressed": sum(result.suppressed for result in report.results),
            "fluency": {"score": batch_fluency(report), **report.fluency_run} if report.fluency_run else None,
            "term_accuracy": term_accuracy_dict(report.term_accuracy),
            "gate": {
                "passed": verdict.passed,
                "fail_on": verdict.fail_on,
                "failing_findings": verdict.failing_findings,
                "reasons": list(verdict.reasons),
                "thresholds": [
                    {"name": t.name, "limit": t.limit, "value": t.value, "passed": t.passed}
                    for t in verdict.thresholds
                ],
            },
        },
    }


def _entity_dict(e: EntityRenderings) -> dict:
    """One entity of the batch's renderings table: each rendering with its mentions and articles."""
    return {"entity": e.entity, "kind": e.kind, "reference": e.reference, "sources": list(e.sources),
            "renderings": [{"text": r.text, "mentions": r.mentions, "documents": list(r.documents)} for r in e.rows]}


def _fluency(fluency: ArticleFluency | None) -> dict | None:
    if fluency is None:
        return None
    return {
        "score": fluency.score,
        "capped_findings": fluency.capped,
        "sentences": [
            {
                "span": {"start": s.span.start, "end": s.span.end},
                "score": s.score,
                "mean_surprisal": round(s.mean_surprisal, 3),
                "mean_rarity": round(s.mean_rarity, 3),
                "tokens": s.tokens,
                "peaks": [{"span": {"start": p.span.start, "end": p.span.end}, "surprisal": round(p.surprisal, 3)}
                          for p in s.peaks],
            }
            for s in fluency.sentences
        ],
    }


def _mqm(findings: list[Finding], words: int) -> dict:
    penalty = mqm_penalty(findings, words)
    return {"penalty": penalty, "score": mqm_score(penalty)}


def _segment_dict(segment: Segment) -> dict:
    """A bilingual file's segment: its id, its spans in the article's target and source, its line in the file."""
    source = segment.source
    return {"id": segment.id, "target": {"start": segment.target.start, "end": segment.target.end},
            "source": {"start": source.start, "end": source.end} if source else None,
            "line": segment.line, "column": segment.column}


def finding_dict(finding: Finding, locator: Locator) -> dict:
    line, column = locator.text_position(finding.span.start)
    file_line, file_column = locator.file_position(finding.span.start)
    source = locator.document.source
    source_span = finding.source_span
    return {
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity.value,
        "category": finding.category.value,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "doc": finding.doc,
        "span": {"start": finding.span.start, "end": finding.span.end},
        "line": line,
        "column": column,
        "file_line": file_line,
        "file_column": file_column,
        "segment": finding.segment,
        "text": finding.text,
        "source_span": {"start": source_span.start, "end": source_span.end} if source_span else None,
        "source_text": source[source_span.start:source_span.end] if source_span and source else None,
        "related": [{"start": s.start, "end": s.end} for s in finding.related],
        "entry": finding.entry_id,
        "confidence": round(finding.confidence, 3),
        "fingerprint": finding.fingerprint,
    }


def tool_info() -> dict:
    versions = {name: installed_version(name) for name in _LIBRARIES}
    return {"name": "mtqa", "version": __version__, "python": platform.python_version(), "libraries": versions}
