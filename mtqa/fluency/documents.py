"""Score a batch of documents: sentences -> token surprisals -> sentence and article fluency -> findings."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from mtqa.fluency.calibration import CALIBRATIONS, Calibration
from mtqa.fluency.findings import fluency_findings, median_z
from mtqa.fluency.measure import Measured, measure_sentence
from mtqa.fluency.model import MODEL_NAME
from mtqa.fluency.precision import resolve_precision
from mtqa.fluency.rarity import rarity_version
from mtqa.fluency.sentences import split_sentences
from mtqa.fluency.settings import FluencySettings
from mtqa.glossary.compile import GOOD_KINDS
from mtqa.model import ArticleFluency, Document, Finding, Rendering, Span


@dataclass(frozen=True)
class FluencySummary:
    signature: str
    fields: dict[str, str]
    sentences: int
    cache_hits: int
    model_calls: int
    seconds: float
    capped: dict[str, int] = field(default_factory=dict)  # document id -> ArticleFluency.capped


def load_scorer(settings: FluencySettings):
    """The scorer behind `score_documents`, with its identity (for the signature and the cache keys) but not yet its
    model: that is loaded on the first sentence the cache lacks, so a fully cached run never imports torch. Raises
    MtqaError with a one-line fix when the model is missing or its folder unreadable; a model whose weights fail to
    load raises it at that first sentence."""
    # Imported here: the cache and the model's description are needed only by runs that score fluency.
    from mtqa.fluency.cache import disabled_by_environment
    from mtqa.fluency.model import describe_model, prepare_model
    from mtqa.fluency.scorer import Scorer

    if settings.model is None:
        prepare_model(settings.cache_dir)  # first: where the model cannot be stored, that is the one error to tell
    use_cache = settings.use_cache and not disabled_by_environment()
    cache = _score_cache(settings.cache_dir) if use_cache else None
    source = describe_model(settings.model, settings.cache_dir, cache.file_sha256 if cache else None)
    return Scorer(source, batch_size=settings.batch_size, batch_tokens=settings.batch_tokens,
                  precision=resolve_precision(settings.precision), cache=cache, threads=settings.threads)


def _score_cache(cache_dir: str | None):
    from mtqa.cache_dir import NoCacheFolder, cache_root
    from mtqa.fluency.cache import ScoreCache

    try:
        return ScoreCache(cache_root(cache_dir))
    except NoCacheFolder:  # a user without a home folder, with a model of their own: sentences are scored afresh
        return None


def signature(scorer, settings: FluencySettings, calibration: Calibration | None = None
              ) -> tuple[str, dict[str, str]]:
    """Like sacrebleu's: everything that makes two runs' fluency scores comparable, as a string and a dict."""
    calibrated = scorer.identity["model"] == MODEL_NAME
    calibration = calibration or calibration_for(scorer)
    fields = {**scorer.identity, "batch": f"{settings.batch_size}x{settings.batch_tokens}", "mask": "glossary",
              "rarity": rarity_version(), "cal": calibration.version if calibrated else "none"}
    return "|".join(f"{key}:{value}" for key, value in fields.items()), fields


def calibration_for(scorer):
    """The mapping fitted for the packaged model at the scorer's precision. Other models get the fp32 one too, so
    their scores are on SmolLM2's scale, and their signature says `cal:none`."""
    return CALIBRATIONS.get(scorer.identity["dtype"], CALIBRATIONS["fp32"])


@dataclass(frozen=True)
class DocumentMeasure:
    """One document's measured sentences and the spans other checks report in it: all the batch-wide part needs.
    Depends on this document alone (and the scorer), so documents can be measured apart, in other processes."""

    measured: tuple[Measured, ...]
    reported: tuple[Span, ...]  # renderings of a kind the glossary rejects
    sentences: int  # sentences scored, including those that left nothing to measure


def measure_document(document: Document, renderings: Iterable[Rendering], scorer,
                     calibration: Calibration | None = None) -> DocumentMeasure:
    """One document's sentences scored (through the scorer's cache) and measured."""
    return measure_documents([document], {document.id: renderings}, scorer, calibration)[document.id]


def measure_documents(documents: Iterable[Document], renderings_by_doc: Mapping[str, Iterable[Rendering]], scorer,
                      calibration: Calibration | None = None) -> dict[str, DocumentMeasure]:
    """`measure_document` for each document, with all their sentences scored in one call, so the model's batches
    fill across documents. Glossary renderings of a good kind (canonical, allowed, acronym) are masked; the others
    are left out of the low-fluency judgement and keep their words from being reported again as unexpected
    phrases."""
    documents = list(documents)
    calibration = calibration or calibration_for(scorer)
    sentences = {d.id: split_sentences(d.target) for d in documents}
    texts = [d.target[s.start:s.end] for d in documents for s in sentences[d.id]]
    scored = scorer.score(texts)
    measures, position = {}, 0
    for document in documents:
        renderings = list(renderings_by_doc.get(document.id, ()))
        masks = [r.span for r in renderings if r.kind in GOOD_KINDS]
        reported = [r.span for r in renderings if r.kind not in GOOD_KINDS]
        count = len(sentences[document.id])
        tokens = scored[position:position + count]
        results = (measure_sentence(document.target, span, sentence_tokens, masks, calibration, reported)
                   for span, sentence_tokens in zip(sentences[document.id], tokens, strict=True))
        measures[document.id] = DocumentMeasure(tuple(m for m in results if m is not None), tuple(reported), count)
        position += count
    return measures


def fluency_results(documents: Iterable[Document], measures: Mapping[str, DocumentMeasure], signature_text: str,
                    signature_fields: dict[str, str], settings: FluencySettings, *, cache_hits: int = 0,
                    model_calls: int = 0, seconds: float = 0.0
                    ) -> tuple[dict[str, ArticleFluency], dict[str, list[Finding]], FluencySummary]:
    """The batch-wide part: each article's fluency and findings, judged against the median of the whole batch (one
    measure per document id), and the summary. `cache_hits`, `model_calls` and `seconds` count the scoring behind
    `measures`, for the summary only."""
    documents = list(documents)
    batch_norm = median_z([m for measure in _by_id(documents, measures) for m in measure.measured])
    fluency, findings, capped = {}, {}, {}
    for document in documents:
        measure = measures[document.id]
        ms = list(measure.measured)
        if not ms:
            continue
        findings[document.id], capped[document.id] = fluency_findings(
            document, ms, batch_norm, list(measure.reported), settings.max_low_fluency, settings.max_unexpected)
        fluency[document.id] = ArticleFluency(_article_score(ms), tuple(m.fluency for m in ms), capped[document.id])
    sentences = sum(measures[d.id].sentences for d in documents)
    summary = FluencySummary(signature_text, signature_fields, sentences, cache_hits, model_calls, seconds, capped)
    return fluency, findings, summary


def score_documents(documents: Iterable[Document], renderings_by_doc: Mapping[str, Iterable[Rendering]], scorer,
                    settings: FluencySettings, calibration: Calibration | None = None
                    ) -> tuple[dict[str, ArticleFluency], dict[str, list[Finding]], FluencySummary]:
    """Fluency per document id, fluency findings per document id, and a summary with the signature: `measure_documents`
    then `fluency_results`. A document without a sentence to score gets no fluency. `calibration` replaces the
    scorer's own (benchmarks try others)."""
    began, calls, hits = time.perf_counter(), scorer.calls, scorer.cache_hits
    documents = list(documents)
    calibration = calibration or calibration_for(scorer)
    measures = measure_documents(documents, renderings_by_doc, scorer, calibration)
    text, fields = signature(scorer, settings, calibration)
    return fluency_results(documents, measures, text, fields, settings, cache_hits=scorer.cache_hits - hits,
                           model_calls=scorer.calls - calls, seconds=time.perf_counter() - began)


def _by_id(documents: list[Document], measures: Mapping[str, DocumentMeasure]) -> list[DocumentMeasure]:
    """Each id's measure once, in the order the ids first appear."""
    return [measures[doc_id] for doc_id in dict.fromkeys(d.id for d in documents)]


def _article_score(measured: list[Measured]) -> float:
    """The mean of the sentence scores, each weighted by the tokens it was measured on."""
    total = sum(m.fluency.tokens for m in measured)
    return round(math.fsum(m.fluency.score * m.fluency.tokens for m in measured) / total, 1)
