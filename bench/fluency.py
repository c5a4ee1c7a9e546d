"""Speed and memory of fluency scoring, against a naive loop and against the machine's fp32 matrix-multiply ceiling.

    python bench/fluency.py                      # 2,000 WMT21 sentences, 2 threads; ~9 minutes on 2 cores
    python bench/fluency.py --sentences 300 --naive 50 --threads 1

Prints, all measured in this one run:
- the ceiling: the best GFLOP/s of a plain 2048 x 2048 fp32 matrix multiply;
- mtqa's Scorer (batched by length, inference mode, output layer only where a next token follows, no cache):
  sentences/s, tokens/s, and tokens/s x 2 x parameters as GFLOP/s and as a share of the ceiling;
- the naive baseline on every k-th sentence (`--naive` of them): one sentence at a time through the same model with
  plain `model(**inputs)` and a log-softmax over the logits;
- the same in bf16 (only where the CPU has it natively: elsewhere it is emulated and slow) and in int8: speed, and
  how the sentence scores correlate with fp32's;
- a second pass through the sqlite cache.
Each configuration runs in a fresh process, so that its peak RSS (ru_maxrss, which only grows) is its own.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from scipy.stats import pearsonr, spearmanr

from mtqa.fluency.calibration import CALIBRATIONS
from mtqa.fluency.measure import measure_sentence
from mtqa.fluency.precision import native_bf16
from mtqa.fluency.sentences import split_sentences
from mtqa.model import Span

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "../shared/data/wmt21-zhen-mqm.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--naive", type=int, default=200, help="sentences for the naive baseline")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--batch-tokens", type=int, default=1024)
    parser.add_argument("--model", help="a Hugging Face causal-LM folder [the prepared packaged SmolLM2]")
    args = parser.parse_args()
    print("$ python " + " ".join(sys.argv))
    texts = _sentences(args.data, args.sentences)
    print(f"{len(texts)} sentences, {sum(map(len, texts)):,} characters, {args.threads} threads")

    # The machine is shared and a ceiling measured once can catch it busy: measure before and after, keep the best.
    ceilings = [_in_child(_ceiling, args.threads)]
    fp32 = _in_child(_mtqa, args, texts, "fp32")
    sample = texts[::max(1, len(texts) // args.naive)][:args.naive]
    naive = _in_child(_naive, args, sample)
    others = {precision: _in_child(_mtqa, args, texts, precision) for precision in ("bf16", "int8")
              if precision != "bf16" or native_bf16()}
    ceilings.append(_in_child(_ceiling, args.threads))
    ceiling = max(ceilings)

    print(f"ceiling: fp32 2048x2048 matmul {ceiling:.0f} GFLOP/s (best of {ceilings[0]:.0f} before and "
          f"{ceilings[1]:.0f} after)")
    flops = fp32["flops_per_token"]
    print(f"model: {flops / 2e6:.1f} M parameters, {flops / 1e6:.0f} MFLOP/token; "
          f"{fp32['load_seconds']:.2f} s to load; RSS {fp32['rss_loaded']:.2f} GiB once loaded")

    def report(name, run):
        tokens = sum(len(t) for t in run["tokens"])
        gflops = tokens / run["seconds"] * flops / 1e9
        print(f"{name}: {run['seconds']:.1f} s, {len(texts) / run['seconds']:.1f} sentences/s, "
              f"{tokens / run['seconds']:.0f} tokens/s = {gflops:.0f} GFLOP/s = {gflops / ceiling:.0%} of the fp32 "
              f"ceiling; peak RSS {run['rss']:.2f} GiB")
        return len(texts) / run["seconds"]

    rate = report(f"mtqa fp32, batches of at most {args.batch_size} sentences and {args.batch_tokens} tokens", fp32)
    print(f"second pass from the sqlite cache: {fp32['cached_seconds']:.2f} s, "
          f"{len(texts) / fp32['cached_seconds']:,.0f} sentences/s, no model call")
    naive_rate = len(sample) / naive["seconds"]
    print(f"naive, one sentence at a time, {len(sample)} of the sentences: {naive_rate:.1f} sentences/s; peak RSS "
          f"{naive['rss']:.2f} GiB; mtqa fp32 is {rate / naive_rate:.1f}x faster")
    if "bf16" not in others:
        print("mtqa bf16: skipped, this CPU has no native bf16 (AVX512-BF16 or AMX)")
    for precision, run in others.items():
        other_rate = report(f"mtqa {precision}", run)
        print(f"{precision} is {other_rate / rate:.2f}x fp32 and {other_rate / naive_rate:.1f}x naive")
        _compare(texts, fp32["tokens"], run["tokens"], precision)


def _sentences(path: Path, limit: int) -> list[str]:
    """Distinct sentences of the references and MT outputs, segment by segment, in file order."""
    seen: dict[str, None] = {}
    for line in path.open(encoding="utf-8"):
        segment = json.loads(line)
        for text in [segment["ref"], *segment["mt"].values()]:
            for span in split_sentences(text):
                seen.setdefault(text[span.start:span.end])
                if len(seen) == limit:
                    return list(seen)
    return list(seen)


def _in_child(function, *args):
    """Run `function(*args)` in a fresh interpreter and return its result."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def _ceiling(threads: int, n: int = 2048, repeats: int = 20) -> float:
    import torch

    torch.set_num_threads(threads)
    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    best = min(_timed(torch.mm, a, b)[0] for _ in range(repeats))
    return 2 * n**3 / best / 1e9


def _mtqa(args, texts: list[str], precision: str) -> dict:
    import torch

    from mtqa.fluency.cache import ScoreCache
    from mtqa.fluency.model import load_model
    from mtqa.fluency.scorer import Scorer

    torch.set_num_threads(args.threads)
    load_seconds, loaded = _timed(load_model, args.model)
    run = {"load_seconds": load_seconds, "rss_loaded": _rss(),
           "flops_per_token": 2 * sum(p.numel() for p in loaded.model.parameters())}
    scorer = Scorer(loaded, batch_size=args.batch_size, batch_tokens=args.batch_tokens, precision=precision)
    scorer.score(texts[:16])  # warm-up: the first calls allocate
    run["seconds"], run["tokens"] = _timed(scorer.score, texts)
    run["rss"] = _rss()
    with tempfile.TemporaryDirectory() as folder:
        scorer.cache = ScoreCache(Path(folder))
        scorer.cache.put_many({scorer.key(text): tokens for text, tokens in zip(texts, run["tokens"], strict=True)})
        calls = scorer.calls
        run["cached_seconds"], cached = _timed(scorer.score, texts)
        assert cached == run["tokens"] and scorer.calls == calls, "the cache gives the fresh scores, no model call"
        scorer.cache.close()
    return run


def _naive(args, texts: list[str]) -> dict:
    import torch

    from mtqa.fluency.model import load_model

    torch.set_num_threads(args.threads)
    loaded = load_model(args.model)

    def loop():
        for text in texts:
            ids = [loaded.start_id, *loaded.tokenizer(text, add_special_tokens=False)["input_ids"]]
            inputs = {"input_ids": torch.tensor([ids]), "attention_mask": torch.ones(1, len(ids), dtype=torch.long)}
            logits = loaded.model(**inputs).logits
            logits[0, :-1].log_softmax(-1).gather(1, inputs["input_ids"][0, 1:, None]).neg().tolist()

    seconds, _ = _timed(loop)
    return {"seconds": seconds, "rss": _rss()}


def _compare(texts, fp32, other, precision: str) -> None:
    exact, close = CALIBRATIONS["fp32"], CALIBRATIONS[precision]
    pairs = [(measure_sentence(t, Span(0, len(t)), a, [], exact), measure_sentence(t, Span(0, len(t)), b, [], close))
             for t, a, b in zip(texts, fp32, other, strict=True)]
    pairs = [(a, b) for a, b in pairs if a and b]
    for name, value in (("mean surprisal", lambda m: m.fluency.mean_surprisal), ("score", lambda m: m.fluency.score)):
        x, y = [value(a) for a, _ in pairs], [value(b) for _, b in pairs]
        print(f"{precision} vs fp32 sentence {name}: Pearson {pearsonr(x, y).statistic:.4f}, Spearman "
              f"{spearmanr(x, y).statistic:.4f}, mean difference {statistics.fmean(y) - statistics.fmean(x):+.2f}")


def _timed(function, *args):
    began = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - began, result


def _rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB on Linux


if __name__ == "__main__":
    main()
