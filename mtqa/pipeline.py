"""The analysis: documents + glossary -> checks -> selection and severities -> fingerprints -> suppressions ->
reference metrics -> Report."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from mtqa.alignment import SegmentIndex
from mtqa.checks import BATCH_CHECKS, CHECKS, CheckContext, CheckSettings
from mtqa.checks.source_anchors import anchored_in_source
from mtqa.entities.batch_renderings import renderings_table
from mtqa.entities.term_matches import term_accuracy
from mtqa.fingerprint import fingerprinted
from mtqa.fluency.documents import FluencySettings
from mtqa.glossary.compile import CompiledGlossary
from mtqa.metrics import batch_metrics, document_metrics
from mtqa.model import Document, DocumentResult, Finding, Rendering, Report, Severity, TermAccuracy
from mtqa.selection import RuleSelection
from mtqa.suppressions import UNUSED, Baseline, apply_suppressions


@dataclass(frozen=True)
class CheckOptions:
    selection: RuleSelection = field(default_factory=RuleSelection)
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    settings: CheckSettings = field(default_factory=CheckSettings)
    baseline: Baseline | None = None
    fluency: FluencySettings = field(default_factory=FluencySettings)


def check_batch(documents: list[Document], glossary: CompiledGlossary, options: CheckOptions | None = None,
                scorer=None) -> Report:
    """Check every document; with a fluency `scorer` (mtqa.fluency.load_scorer), also score fluency."""
    options = options or CheckOptions()
    enabled = options.selection.enabled_codes()
    checks = [check for check in CHECKS if check.codes & enabled]
    contexts, checked = [], []
    for document in documents:
        context = CheckContext(document, glossary, options.settings)
        contexts.append(context)
        checked.append((document, check_document(context, checks, enabled), _renderings(context)))
    for batch_check in BATCH_CHECKS:
        if batch_check.codes & enabled:
            found = batch_check.function(contexts, {document.id: findings for document, findings, _ in checked})
            for document, findings, _ in checked:
                findings += [f for f in found.get(document.id, ()) if f.rule in enabled]
    fluency, fluency_findings, run = {}, {}, {}
    if scorer is not None:
        from mtqa.fluency import score_documents

        fluency, fluency_findings, summary = score_documents(
            documents, {document.id: renderings for document, _, renderings in checked}, scorer,
            options.fluency)
        # Only what the scores depend on: cache hits and timings differ from run to run.
        run = {"signature": summary.signature, "sentences": summary.sentences}
    results = []
    for context, (document, findings, renderings) in zip(contexts, checked, strict=True):
        findings += [f for f in fluency_findings.get(document.id, ()) if f.rule in enabled]
        result = DocumentResult(document, tuple(finalise_findings(document, findings, options)),
                                renderings=renderings, metrics=document_metrics(document),
                                fluency=fluency.get(document.id), term_accuracy=_term_accuracy(context))
        results.append(apply_suppressions(result, options.baseline, report_unused=UNUSED in enabled))
    return Report(results=tuple(results), glossaries=glossary.glossary.names, metrics=batch_metrics(documents),
                  fluency_run=run, renderings=renderings_table(contexts))


def check_document(context: CheckContext, checks, enabled) -> list[Finding]:
    found = [finding for check in checks for finding in check.function(context) if finding.rule in enabled]
    return anchored_in_source(context, found)


def finalise_findings(document: Document, findings: list[Finding], options: CheckOptions) -> list[Finding]:
    """Configured severities, reading order, fingerprints."""
    findings = [
        replace(f, severity=options.severity_overrides[f.rule]) if f.rule in options.severity_overrides else f
        for f in findings
    ]
    segments = SegmentIndex.of(document)
    findings = [_in_segment(segments, f) for f in findings]
    findings.sort(key=lambda f: (f.span.start, f.span.end, f.rule))
    return fingerprinted(findings)


def _in_segment(segments: SegmentIndex, finding: Finding) -> Finding:
    """The finding with the id of the aligned segment its span stands in, where a check did not say."""
    if finding.segment is not None:
        return finding
    segment = segments.at(finding.span.start)
    return replace(finding, segment=segment.id) if segment else finding


def _term_accuracy(context: CheckContext) -> TermAccuracy | None:
    """How many source occurrences of the article's dictionary terms the target renders; None without a source."""
    return term_accuracy(context.term_uses) if context.document.source else None


def _renderings(context: CheckContext) -> tuple[Rendering, ...]:
    mentions = sorted([*context.mentions, *context.expansion_mentions], key=lambda m: m.span)
    return tuple(Rendering(m.entry.id, m.entry.canonical, m.text, m.kind, m.span) for m in mentions)
