"""Fluency: a small causal language model scores every sentence and article, offline on the CPU, and can point at
the sentences and words that read like translationese (rules MTQ501 low-fluency and MTQ502 unexpected-phrase, off
by default).

Importing this package does not import torch; `load_scorer` does.
"""

from __future__ import annotations

from mtqa.fluency.documents import FluencySettings, FluencySummary, load_scorer, score_documents, signature
from mtqa.fluency.model import cache_root, prepare_model, prepared_path

__all__ = ["FluencySettings", "FluencySummary", "cache_root", "load_scorer", "prepare_model", "prepared_path",
           "score_documents", "signature"]
