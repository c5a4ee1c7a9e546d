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
from mtqa.glossary.compile import GOOD_KINDS
from mtqa.model import ArticleFluency, Document, Finding, Rendering


@dataclass(frozen=True)
class FluencySettings:
    model: str | None = None  # a local Hugging Face causal-LM folder; None: the prepared packaged SmolLM2
    cache_dir: str | None = None  # None: $MTQA_CACHE, else $XDG_CACHE_HOME/mtqa, else ~/.cache/mtqa
    use_cache: bool = True  # the sqlite cache of sentence scores in the cache folder (MTQA_NO_CACHE=1 turns it off)
    threads: int | None = None  # torch threads; None: torch's default (the physical cores)
    batch_size: int = 64  # sentences per forward pass, at most ...
    batch_tokens: int = 1024  # ... and padded tokens per forward pass, at most
    precision: str = "auto"  # fp32, bf16 or int8 (mtqa.fluency.precision); auto: bf16 where the CPU has it
    max_low_fluency: int = 3  # findings per article
    max_unexpected: int = 3


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
    """The model behind `score_documents`. Raises MtqaError with a one-line fix when it is missing or broken."""
    # torch and transformers take seconds to import: only runs that score fluency pay for them.
    from mtqa.fluency.cache import ScoreCache, disabled_by_environment
    from mtqa.fluency.model import cache_root, load_model, prepare_model
    from mtqa.fluency.scorer import Scorer

    if settings.model is None:
        prepare_model(settings.cache_dir)  # first: where the model cannot be stored, that is the one error to tell
    use_cache = settings.use_cache and not disabled_by_environment()
    cache = ScoreCache(cache_root(settings.cache_dir)) if use_cache else None
    if settings.threads:
        import torch

        torch.set_num_threads(settings.threads)
    loaded = load_model(settings.model, settings.cache_dir, cache.file_sha256 if cache else None)
    return Scorer(loaded, batch_size=settings.batch_size, batch_tokens=settings.batch_tokens,
                  precision=resolve_precision(settings.precision), cache=cache)


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


def score_documents(documents: Iterable[Document], renderings_by_doc: Mapping[str, Iterable[Rendering]], scorer,
                    settings: FluencySettings, calibration: Calibration | None = None
                    ) -> tuple[dict[str, ArticleFluency], dict[str, list[Finding]], FluencySummary]:
    """Fluency per document id, fluency findings per document id, and a summary with the signature. Glossary
    renderings of a good kind (canonical, allowed, acronym) are masked; the others are left out of the low-fluency
    judgement and keep their words from being reported again as unexpected phrases. A document without a sentence
    to score gets no fluency. `calibration` replaces the scorer's own (benchmarks try others)."""
    began, calls, hits = time.perf_counter(), scorer.calls, scorer.cache_hits
    documents = list(documents)
    sentences = {d.id: split_sentences(d.target) for d in documents}
    texts = [d.target[s.start:s.end] for d in documents for s in sentences[d.id]]
    scored = iter(scorer.score(texts))
    calibration = calibration or calibration_for(scorer)
    measured: dict[str, list[Measured]] = {}
    reported: dict[str, list] = {}
    for document in documents:
        renderings = list(renderings_by_doc.get(document.id, ()))
        masks = [r.span for r in renderings if r.kind in GOOD_KINDS]
        reported[document.id] = [r.span for r in renderings if r.kind not in GOOD_KINDS]
        results = (measure_sentence(document.target, span, next(scored), masks, calibration, reported[document.id])
                   for span in sentences[document.id])
        measured[document.id] = [m for m in results if m is not None]
    batch_norm = median_z([m for ms in measured.values() for m in ms])
    fluency, findings, capped = {}, {}, {}
    for document in documents:
        ms = measured[document.id]
        if not ms:
            continue
        findings[document.id], capped[document.id] = fluency_findings(
            document, ms, batch_norm, reported[document.id], settings.max_low_fluency, settings.max_unexpected)
        fluency[document.id] = ArticleFluency(_article_score(ms), tuple(m.fluency for m in ms), capped[document.id])
    text, fields = signature(scorer, settings, calibration)
    summary = FluencySummary(text, fields, len(texts), scorer.cache_hits - hits, scorer.calls - calls,
                             time.perf_counter() - began, capped)
    return fluency, findings, summary


def _article_score(measured: list[Measured]) -> float:
    """The mean of the sentence scores, each weighted by the tokens it was measured on."""
    total = sum(m.fluency.tokens for m in measured)
    return round(math.fsum(m.fluency.score * m.fluency.tokens for m in measured) / total, 1)
