"""Token surprisals for sentences: batched by length, in inference mode, cached by content hash. The model is loaded
on the first sentence the cache does not hold: a re-run of an unchanged batch imports neither torch nor transformers.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import math
import threading
import warnings

from mtqa.errors import MtqaError
from mtqa.fluency.cache import ScoreCache, Tokens
from mtqa.fluency.model import LoadedModel, ModelSource, load_source

# Part of every cache key: raise it when the surprisals this module computes change, so that no cache serves old ones.
SCORER_VERSION = "4"
PRECISIONS = ("fp32", "bf16", "int8")
# A sentence is computed over its tokens and the start token, padded up to a multiple of this: its own width,
# whatever batch it is in. The positions a batch pads with enter attention's sums (masked out, but summed in another
# grouping), so a width that followed the batch's longest sentence would move a sentence's scores with its batch.
WIDTH_STEP = 16
HEAD_ROWS = 128  # token positions per slice of the output layer: a slice's logits stay in the CPU's cache
# A forward pass over fewer positions (rows x width) runs other matrix-multiply kernels, whose sums round otherwise:
# a sentence scored alone or in a small batch would get other fp32 surprisals (by about 1e-5) than in a large one.
# Smaller batches get rows of padding up to this many positions, so that a sentence's fp32 surprisals are the same
# whatever batch it lands in, however many threads score it, and whether the cache held its neighbours.
MIN_POSITIONS = 512


class Scorer:
    """Turns sentences into (start, end, surprisal) per token, offsets relative to the sentence.

    Each sentence is scored on its own, after the start token and over its own width, so that in fp32 its scores do
    not depend on its neighbours, on the batch it lands in, on the threads or on the cache, to the last bit (see
    WIDTH_STEP, MIN_POSITIONS, HEAD_ROWS); bf16's and int8's rounding still moves with a batch's shape. Only its
    first `max_tokens` - 1 tokens are scored. Counts forward passes in `calls`, cached sentences in `cache_hits` and
    model loads in `loads` (at most one, on the first sentence the cache lacks). `identity` (what the cache keys and
    the signature hold) needs no loaded model.
    """

    def __init__(self, source: ModelSource, *, batch_size: int = 64, batch_tokens: int = 1024,
                 max_tokens: int = 256, precision: str = "fp32", cache: ScoreCache | None = None,
                 threads: int | None = None) -> None:
        if precision not in PRECISIONS:
            raise MtqaError(f"unknown fluency precision {precision!r}: use fp32, bf16 or int8")
        self.source = source
        self.precision = precision
        self.threads = threads
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens
        self.max_tokens = max_tokens
        self.cache = cache
        self.identity = {
            "model": source.name,
            "sha256": source.sha256,
            "files": source.files_sha256[:16],  # config and tokenizer
            # The installed versions, read without importing the libraries: the same strings as their __version__.
            "torch": importlib.metadata.version("torch"),
            "transformers": importlib.metadata.version("transformers"),
            "dtype": precision,
            "maxtok": str(max_tokens),
            "scorer": SCORER_VERSION,
        }
        self._key_prefix = "|".join(f"{k}:{v}" for k, v in self.identity.items()) + "\x1f"
        self._loaded: LoadedModel | None = None
        self._loading = threading.Lock()  # threads sharing the scorer load one model, not one each
        self.calls = 0
        self.cache_hits = 0
        self.loads = 0

    def load(self) -> LoadedModel:
        """The model in the scorer's precision, loaded on the first call."""
        if self._loaded is None:
            with self._loading:
                if self._loaded is None:
                    self._load()
        return self._loaded

    def _load(self) -> None:
        import torch

        loaded = load_source(self.source)
        config = loaded.model.config
        if getattr(config, "final_logit_softcapping", None) or getattr(config, "logit_scale", None):
            # _forward applies the output embeddings itself, which skips a model's own logit transform.
            raise MtqaError(f"fluency models that rescale their logits are not supported: {loaded.name}")
        if self.threads:
            torch.set_num_threads(self.threads)
        if self.precision == "int8":
            loaded.model = _quantized(loaded.model)
        elif self.precision == "bf16":
            loaded.model = loaded.model.to(torch.bfloat16)
        self._loaded = loaded
        self.loads += 1

    def key(self, text: str) -> str:
        return hashlib.sha256((self._key_prefix + text).encode("utf-8")).hexdigest()

    def score(self, texts: list[str]) -> list[Tokens]:
        key_of = {text: self.key(text) for text in texts}
        keys = [key_of[text] for text in texts]
        cached = self.cache.get_many(sorted(set(keys))) if self.cache else {}
        # A row that passed its checksum can still have been written by hand: its spans must lie in the sentence.
        known = {key: cached[key] for text, key in key_of.items() if key in cached and _fits(cached[key], len(text))}
        self.cache_hits += sum(key in known for key in keys)
        missing = [text for text, key in key_of.items() if key not in known]
        fresh = dict(zip((key_of[text] for text in missing), self._score_uncached(missing), strict=True))
        if self.cache and fresh:
            self.cache.put_many(fresh)
        return [known[key] if key in known else fresh[key] for key in keys]

    def _score_uncached(self, texts: list[str]) -> list[Tokens]:
        if not texts:
            return []
        encoded = self.load().tokenizer(texts, add_special_tokens=False, return_offsets_mapping=True,
                                        truncation=True, max_length=self.max_tokens - 1)
        ids, offsets = encoded["input_ids"], encoded["offset_mapping"]
        results: list[Tokens] = [()] * len(texts)
        for batch in self._batches(ids):
            surprisals = self._forward([ids[i] for i in batch])
            for i, values in zip(batch, surprisals, strict=True):
                results[i] = tuple((s, e, v) for (s, e), v in zip(offsets[i], values, strict=True))
        return results

    def _batches(self, ids: list[list[int]]) -> list[list[int]]:
        """Indices grouped by padded width (`padded_width`, a function of the sentence alone), shortest first, at
        most `batch_size` sentences and `batch_tokens` positions each (one sentence at least)."""
        by_width: dict[int, list[int]] = {}
        for index in sorted(range(len(ids)), key=lambda i: len(ids[i])):
            by_width.setdefault(padded_width(len(ids[index])), []).append(index)
        batches = []
        for width, members in by_width.items():
            rows = max(1, min(self.batch_size, self.batch_tokens // width))
            batches += [members[start:start + rows] for start in range(0, len(members), rows)]
        return batches

    def _forward(self, batch_ids: list[list[int]]) -> list[list[float]]:
        """Surprisal of every token given the start token and the tokens before it, for one right-padded batch."""
        import torch

        model, start_id = self._loaded.model, self._loaded.start_id
        width = padded_width(max(len(ids) for ids in batch_ids))  # every sentence's own
        rows = max(len(batch_ids), -(-MIN_POSITIONS // width))  # the rows past the batch's: the start token alone
        input_ids = torch.full((rows, width), start_id, dtype=torch.long)
        attention = torch.zeros((rows, width), dtype=torch.long)
        attention[:, 0] = 1
        for row, ids in enumerate(batch_ids):
            input_ids[row, 1:1 + len(ids)] = torch.tensor(ids, dtype=torch.long)
            attention[row, :1 + len(ids)] = 1
        with torch.inference_mode():
            hidden = model.base_model(input_ids=input_ids, attention_mask=attention, use_cache=False)[0]
            # The output layer (a 49k-word vocabulary) only where a real next token follows: no padding rows.
            predicts = attention[:, 1:].bool()
            nll = _surprisals(model.get_output_embeddings(), hidden[:, :-1][predicts], input_ids[:, 1:][predicts])
        self.calls += 1
        return [values.tolist() for values in nll.split([len(ids) for ids in batch_ids])]


def padded_width(tokens: int) -> int:
    """The positions a sentence of `tokens` tokens is computed over: with the start token, rounded up to WIDTH_STEP."""
    return -(-(tokens + 1) // WIDTH_STEP) * WIDTH_STEP


def _surprisals(head, states, targets):
    """-log p(target) from the output layer, `HEAD_ROWS` positions at a time: only a slice of the positions x
    vocabulary logits exists at once, and it is still in the CPU's cache when it is normalised."""
    import torch

    result = torch.empty(len(targets), dtype=torch.float32)
    for start in range(0, len(targets), HEAD_ROWS):
        rows = states[start:start + HEAD_ROWS]
        if len(rows) < HEAD_ROWS:  # the last slice is as tall as the others: the same kernel, the same rounding
            rows = torch.cat([rows, rows.new_zeros((HEAD_ROWS - len(rows), rows.shape[1]))])
        # In fp32 even for a bf16 model: bf16 would round surprisals to steps of 1/16 nat. log_softmax rather than
        # logsumexp less the target's logit: the same arithmetic as the full cross-entropy, to the last bit.
        logits = head(rows).float().log_softmax(-1)[:len(targets) - start]
        result[start:start + HEAD_ROWS] = -logits.gather(1, targets[start:start + HEAD_ROWS, None])[:, 0]
    return result


def _fits(tokens: Tokens, length: int) -> bool:
    return all(0 <= start <= end <= length and math.isfinite(surprisal) for start, end, surprisal in tokens)


def _quantized(model):
    """int8 weights (one scale per output channel) and activations quantised on the fly, for the linear layers but
    the output layer and the MLP down projections: their inputs carry outliers that int8 flattens (quantising the down
    projections too shifts SmolLM2's mean surprisal by +1.2 nats instead of +0.25)."""
    import torch

    qconfig = torch.ao.quantization.per_channel_dynamic_qconfig
    names = {name: qconfig for name, module in model.named_modules()
             if isinstance(module, torch.nn.Linear) and not name.endswith(("down_proj", "lm_head"))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao.quantization is deprecated for torchao, which is not needed here
        return torch.ao.quantization.quantize_dynamic(
            model, names, dtype=torch.qint8, mapping={torch.nn.Linear: torch.ao.nn.quantized.dynamic.Linear},
            inplace=True)
