"""The analysis, as a map over articles and a reduce over the batch.

Map (`analyse_article`, one article at a time, anywhere: this process, a worker process, a Dask worker): the
article's checks, its glossary renderings and the source names it reads, its reference statistics.
Reduce (`combine`, once, on the client): the batch-wide checks, fluency's batch norm and findings, selection and
severities, fingerprints, suppressions, the batch's reference scores -> Report.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from mtqa.alignment import SegmentIndex
from mtqa.checks import BatchArticle, BatchView, CheckContext, CheckSettings
from mtqa.checks.source_anchors import anchored_in_source
from mtqa.entities.batch_renderings import renderings_table
from mtqa.entities.term_matches import term_accuracy
from mtqa.fingerprint import fingerprinted
from mtqa.fluency.settings import FluencySettings
from mtqa.fork_gate import checking_articles
from mtqa.gc_paused import collection_paused
from mtqa.glossary.compile import CompiledGlossary
from mtqa.markdown_view import as_read
from mtqa.metrics import DEFAULT_METRICS, SegmentStatistics, batch_scores, document_statistics, scores
from mtqa.model import Document, DocumentResult, Finding, Rendering, Report, Severity, TermAccuracy
from mtqa.selection import RuleSelection
from mtqa.suppressions import UNUSED, Baseline, apply_suppressions

# From this many characters on (a news article has a few thousand), an article is checked with the cyclic garbage
# collector paused: see _collector_paused_for.
LONG_ARTICLE = 50_000


@dataclass(frozen=True)
class CheckOptions:
    selection: RuleSelection = field(default_factory=RuleSelection)
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    settings: CheckSettings = field(default_factory=CheckSettings)
    baseline: Baseline | None = None
    fluency: FluencySettings = field(default_factory=FluencySettings)
    metrics: tuple[str, ...] = DEFAULT_METRICS  # reference metrics, by mtqa.metrics name


@dataclass
class ArticleAnalysis:
    """One article checked on its own: everything the reduce step needs of it."""

    batch: BatchArticle
    findings: list[Finding]  # the article's own checks, before the batch-wide ones
    statistics: SegmentStatistics  # reference metrics' segment statistics; empty without a reference
    term_accuracy: TermAccuracy | None
    fluency: object | None = None  # mtqa.fluency.documents.DocumentMeasure, when fluency is scored

    @property
    def document(self) -> Document:
        return self.batch.document


@dataclass(frozen=True)
class FluencyOutcome:
    """What the fluency stage brings to the reduce step: the measures per document id and the run's signature."""

    measures: Mapping[str, object]
    signature: str
    fields: dict[str, str]


def check_batch(documents: Iterable[Document], glossary: CompiledGlossary, options: CheckOptions | None = None,
                scorer=None) -> Report:
    """Check every document in this process; with a fluency `scorer` (mtqa.fluency.load_scorer), also score
    fluency."""
    options = options or CheckOptions()
    analyses = analyse_articles(documents, glossary, options)
    fluency = measure_fluency(analyses, scorer, options.fluency) if scorer is not None else None
    return combine(analyses, glossary, options, fluency)


def analyse_articles(documents: Iterable[Document], glossary: CompiledGlossary, options: CheckOptions
                     ) -> list[ArticleAnalysis]:
    analyses = []
    for document in documents:
        with checking_articles():  # a worker is not forked half-way through it (mtqa.fork_gate)
            analyses.append(analyse_article(document, glossary, options))
    return analyses


def prepare_checks(options: CheckOptions) -> None:
    """Load what the enabled checks build from the settings alone on first use (their compiled pattern lists), so
    that worker processes forked after it inherit it. A bad pattern file raises here as its check would."""
    from mtqa.checks.registry import CHECKS

    enabled = options.selection.enabled_codes()
    with checking_articles():  # nor half-way through compiling a pattern list
        for check in CHECKS:
            if check.prepare is not None and check.codes & enabled:
                check.prepare(options.settings)


def analyse_article(document: Document, glossary: CompiledGlossary, options: CheckOptions) -> ArticleAnalysis:
    from mtqa.checks.registry import CHECKS  # every check's module, imported when the first article is checked

    enabled = options.selection.enabled_codes()
    with _collector_paused_for(document):
        context = CheckContext(document, glossary, options.settings)
        findings = check_document(context, [check for check in CHECKS if check.codes & enabled], enabled)
        renderings = _renderings(context)
        analysis = ArticleAnalysis(BatchArticle.of(context, renderings), findings,
                                   document_statistics(document, options.metrics), _term_accuracy(context))
        # The context's candidate names and mentions freed while the collector is still paused: what the pause
        # hands to the collector's oldest generation is then only what outlives the article (its memos).
        del context
    return analysis


def _collector_paused_for(document: Document) -> contextlib.AbstractContextManager:
    """The cyclic garbage collector paused while a long article is checked: its candidate names and mentions are
    millions of objects, hardly any in a reference cycle, and each full collection would walk them all again (a sixth
    to a quarter of a 1 MB article's time). Only in the main thread: the switch is the whole process's, and threads
    checking articles side by side would keep it off for everyone. What cycles the article leaves are collected
    after it."""
    if len(document.target) >= LONG_ARTICLE and threading.current_thread() is threading.main_thread():
        return collection_paused()
    return contextlib.nullcontext()


# The fluency model (loaded on first use), its sentence cache and its batches are one per process, and the model's
# matrix products already use every core: threads checking batches side by side (a web service's, a Dask worker's)
# measure fluency one batch at a time.
_ONE_FLUENCY_BATCH_AT_A_TIME = threading.Lock()


def measure_fluency(analyses: Sequence[ArticleAnalysis], scorer, settings: FluencySettings) -> FluencyOutcome:
    """Fluency measured for every article that has no measure yet (all its sentences in one batch of model calls),
    and the run's signature."""
    from mtqa.fluency.documents import measure_documents, signature

    missing = [analysis for analysis in analyses if analysis.fluency is None]
    if missing:
        with _ONE_FLUENCY_BATCH_AT_A_TIME:
            measured = measure_documents([a.document for a in missing],
                                         {a.document.id: a.batch.renderings for a in missing}, scorer)
        for analysis in missing:
            analysis.fluency = measured[analysis.document.id]
    text, fields = signature(scorer, settings)
    return FluencyOutcome({a.document.id: a.fluency for a in analyses}, text, fields)


def combine(analyses: Sequence[ArticleAnalysis], glossary: CompiledGlossary, options: CheckOptions,
            fluency: FluencyOutcome | None = None) -> Report:
    """The report of a batch from its articles' analyses, in batch order."""
    from mtqa.checks.batch_checks import BATCH_CHECKS

    enabled = options.selection.enabled_codes()
    findings_by_doc = {a.document.id: list(a.findings) for a in analyses}
    batch = BatchView([a.batch for a in analyses], {entry.id: entry for entry in glossary.entries})
    for batch_check in BATCH_CHECKS:
        if batch_check.codes & enabled:
            _add_findings(findings_by_doc, batch_check.function(batch, findings_by_doc), enabled)
    scored, fluency_findings, run = {}, {}, {}
    if fluency is not None:
        from mtqa.fluency.documents import fluency_results

        scored, fluency_findings, summary = fluency_results(
            [a.document for a in analyses], fluency.measures, fluency.signature, fluency.fields, options.fluency)
        # Only what the scores depend on: cache hits and timings differ from run to run.
        run = {"signature": summary.signature, "sentences": summary.sentences}
    _add_findings(findings_by_doc, fluency_findings, enabled)
    results = []
    for analysis in analyses:
        document = analysis.document
        findings = findings_by_doc[document.id]
        result = DocumentResult(document, tuple(finalise_findings(document, findings, options)),
                                renderings=analysis.batch.renderings, metrics=scores(analysis.statistics),
                                fluency=scored.get(document.id), term_accuracy=analysis.term_accuracy)
        results.append(apply_suppressions(result, options.baseline, report_unused=UNUSED in enabled))
    return Report(results=tuple(results), glossaries=glossary.glossary.names,
                  metrics=batch_scores(a.statistics for a in analyses), fluency_run=run,
                  renderings=renderings_table(batch))


def _add_findings(findings_by_doc: dict[str, list[Finding]], found: Mapping[str, Iterable[Finding]],
                  enabled: frozenset[str]) -> None:
    """The `found` findings of enabled rules added to their articles' own (only those of the batch's articles),
    walking the articles they name, not the batch."""
    for doc, findings in found.items():
        if doc in findings_by_doc:
            findings_by_doc[doc] += [f for f in findings if f.rule in enabled]


def check_document(context: CheckContext, checks, enabled) -> list[Finding]:
    found = [finding for check in checks for finding in check.function(context) if finding.rule in enabled]
    return anchored_in_source(context, found)


def finalise_findings(document: Document, findings: list[Finding], options: CheckOptions) -> list[Finding]:
    """Configured severities, reading order, fingerprints."""
    if not findings:
        return []  # most articles
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
    read = as_read if context.rendered is not None else str  # a Markdown article's as the page shows it
    return tuple(Rendering(m.entry.id, m.entry.canonical, read(m.text), m.kind, m.span) for m in mentions)
