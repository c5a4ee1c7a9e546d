"""The analysis: documents + glossary -> checks -> selection and severities -> fingerprinted findings -> Report."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace

from mtqa.checks import CHECKS, CheckContext, CheckSettings
from mtqa.glossary.compile import CompiledGlossary
from mtqa.model import Document, DocumentResult, Finding, Rendering, Report, Severity
from mtqa.selection import RuleSelection
from mtqa.text import fold


@dataclass(frozen=True)
class CheckOptions:
    selection: RuleSelection = field(default_factory=RuleSelection)
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    settings: CheckSettings = field(default_factory=CheckSettings)


def check_batch(documents: list[Document], glossary: CompiledGlossary, options: CheckOptions | None = None
                ) -> Report:
    options = options or CheckOptions()
    enabled = options.selection.enabled_codes()
    checks = [check for check in CHECKS if check.codes & enabled]
    results = []
    for document in documents:
        context = CheckContext(document, glossary, options.settings)
        findings = check_document(document, context, options, checks, enabled)
        results.append(DocumentResult(document, tuple(findings), renderings=_renderings(context)))
    return Report(results=tuple(results), glossaries=glossary.glossary.names)


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
    return _fingerprinted(findings)


def _renderings(context: CheckContext) -> tuple[Rendering, ...]:
    mentions = sorted([*context.mentions, *context.expansion_mentions], key=lambda m: m.span)
    return tuple(Rendering(m.entry.id, m.entry.canonical, m.text, m.kind, m.span) for m in mentions)


def _fingerprinted(findings: list[Finding]) -> list[Finding]:
    """A stable id per finding from rule, document and matched text (not position), so that baselines survive
    edits elsewhere in the article; the n-th repeat of the same text gets its own id."""
    seen: Counter[tuple[str, str, str]] = Counter()
    result = []
    for finding in findings:
        key = (finding.rule, finding.doc, " ".join(fold(finding.text).split()))
        seen[key] += 1
        digest = hashlib.sha256("\x1f".join((*key, str(seen[key]))).encode("utf-8")).hexdigest()[:20]
        result.append(replace(finding, fingerprint=digest))
    return result
