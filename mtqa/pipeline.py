"""The analysis: documents + glossary -> checks -> selection and severities -> fingerprints -> suppressions ->
reference metrics -> Report."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from mtqa.checks import CHECKS, CheckContext, CheckSettings
from mtqa.fingerprint import fingerprinted
from mtqa.glossary.compile import CompiledGlossary
from mtqa.metrics import batch_metrics, document_metrics
from mtqa.model import Document, DocumentResult, Finding, Rendering, Report, Severity
from mtqa.selection import RuleSelection
from mtqa.suppressions import UNUSED, Baseline, apply_suppressions


@dataclass(frozen=True)
class CheckOptions:
    selection: RuleSelection = field(default_factory=RuleSelection)
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    settings: CheckSettings = field(default_factory=CheckSettings)
    baseline: Baseline | None = None


def check_batch(documents: list[Document], glossary: CompiledGlossary, options: CheckOptions | None = None
                ) -> Report:
    options = options or CheckOptions()
    enabled = options.selection.enabled_codes()
    checks = [check for check in CHECKS if check.codes & enabled]
    results = []
    for document in documents:
        context = CheckContext(document, glossary, options.settings)
        findings = check_document(document, context, options, checks, enabled)
        result = DocumentResult(document, tuple(findings), renderings=_renderings(context),
                                metrics=document_metrics(document))
        results.append(apply_suppressions(result, options.baseline, report_unused=UNUSED in enabled))
    return Report(results=tuple(results), glossaries=glossary.glossary.names, metrics=batch_metrics(documents))


def check_document(document: Document, context: CheckContext, options: CheckOptions, checks, enabled
                   ) -> list[Finding]:
    findings = [
        finding
        for check in checks
        for finding in check.function(context)
        if finding.rule in enabled
    ]
    findings = [
        replace(f, severity=options.severity_overrides[f.rule]) if f.rule in options.severity_overrides else f
        for f in findings
    ]
    findings.sort(key=lambda f: (f.span.start, f.span.end, f.rule))
    return fingerprinted(findings)


def _renderings(context: CheckContext) -> tuple[Rendering, ...]:
    mentions = sorted([*context.mentions, *context.expansion_mentions], key=lambda m: m.span)
    return tuple(Rendering(m.entry.id, m.entry.canonical, m.text, m.kind, m.span) for m in mentions)
