"""How fluency is scored: the model, its cache, threads, batches, precision and how many findings an article gets.
Apart from the scoring code, so that a run with fluency off does not import it."""

from __future__ import annotations

from dataclasses import dataclass


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
