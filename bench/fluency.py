"""Speed and memory of fluency scoring, against a naive loop and against the machine's matrix-multiply ceiling in
the model's own precision.

    python bench/fluency.py                      # 2,000 WMT21 sentences, 2 threads; ~9 minutes on 2 cores
    python bench/fluency.py --sentences 300 --naive 50 --threads 1

Prints, all measured in this one run:
- per precision, the ceiling: the GFLOP/s of the model's own matrix multiplies (each linear layer and the output
  layer, on `--batch-tokens` rows, in the kernels that precision runs: fp32, bf16, or int8 with the layers that stay
  fp32), the best of before and after scoring; and for reference a plain 2048 x 2048 multiply;
- mtqa's Scorer (batched by length, inference mode, output layer only where a next token follows, no cache):
  sentences/s, tokens/s, and tokens/s x 2 x parameters as GFLOP/s and as a share of its own precision's ceiling;
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
    parser.add_argument("--precisions", default="bf16,int8", help="besides fp32, where the CPU has them [bf16,int8]")
    args = parser.parse_args()
    print("$ python " + " ".join(sys.argv))
    texts = _sentences(args.data, args.sentences)
    print(f"{len(texts)} sentences, {sum(map(len, texts)):,} characters, {args.threads} threads")

    fp32 = _in_child(_mtqa, args, texts, "fp32")
    sample = texts[::max(1, len(texts) // args.naive)][:args.naive]
    naive = _in_child(_naive, args, sample)
    others = {precision: _in_child(_mtqa, args, texts, precision) for precision in args.precisions.split(",")
              if precision and (precision != "bf16" or native_bf16())}

    flops = fp32["flops_per_token"]
    print(f"model: {flops / 2e6:.1f} M parameters, {flops / 1e6:.0f} MFLOP/token; "
          f"{fp32['load_seconds']:.2f} s to load; RSS {fp32['rss_loaded']:.2f} GiB once loaded")
    for precision, run in {"fp32": fp32, **others}.items():
        square = f"; a plain 2048x2048 matmul {run['square']:.0f} GFLOP/s" if run["square"] else ""
        print(f"ceiling {precision}: the model's matmuls on {args.batch_tokens} rows {run['ceiling']:.0f} GFLOP/s "
              f"(best of {run['ceilings'][0]:.0f} before and {run['ceilings'][1]:.0f} after scoring){square}")

    def report(name, run):
        tokens = sum(len(t) for t in run["tokens"])
        gflops = tokens / run["seconds"] * flops / 1e9
        print(f"{name}: {run['seconds']:.1f} s, {len(texts) / run['seconds']:.1f} sentences/s, "
              f"{tokens / run['seconds']:.0f} tokens/s = {gflops:.0f} GFLOP/s = {gflops / run['ceiling']:.0%} of its "
              f"own ceiling; {run['padding']:.0%} of the positions computed are padding; peak RSS {run['rss']:.2f} GiB")
        return len(texts) / run["seconds"]

    rate = report(f"mtqa fp32, batches of at most {args.batch_size} sentences and {args.batch_tokens} tokens", fp32)
    print(f"second pass from the sqlite cache: {fp32['cached_seconds']:.2f} s, "
          f"{len(texts) / fp32['cached_seconds']:,.0f} sentences/s, no model load and no model call")
    naive_rate = len(sample) / naive["seconds"]
    print(f"naive, one sentence at a time, {len(sample)} of the sentences: {naive_rate:.1f} sentences/s; peak RSS "
          f"{naive['rss']:.2f} GiB; mtqa fp32 is {rate / naive_rate:.1f}x faster")
    if "bf16" in args.precisions and "bf16" not in others:
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


def _ceiling(model, rows: int, repeats: int = 10) -> float:
    """GFLOP/s of the model's linear layers (the output layer included) on `rows` token positions, each timed alone
    at its best in the kernel the model's precision runs it with: the most the model's multiplies can reach here."""
    import torch

    shapes: dict[tuple, int] = {}  # (layer type, in, out, dtype) -> how many layers
    layers = {}
    for module in model.modules():
        if hasattr(module, "in_features") and hasattr(module, "out_features"):
            weight = getattr(module, "weight", None)
            dtype = weight.dtype if isinstance(weight, torch.Tensor) else torch.float32  # int8: fp32 activations
            shape = (type(module).__name__, module.in_features, module.out_features, dtype)
            shapes[shape] = shapes.get(shape, 0) + 1
            layers.setdefault(shape, module)
    flops = seconds = 0.0
    with torch.inference_mode():
        for shape, count in shapes.items():
            _, features_in, features_out, dtype = shape
            x = torch.randn(rows, features_in).to(dtype)
            layers[shape](x)
            best = min(_timed(layers[shape], x)[0] for _ in range(repeats))
            flops += count * 2 * rows * features_in * features_out
            seconds += count * best
    return flops / seconds / 1e9


def _square(dtype, n: int = 2048, repeats: int = 10) -> float:
    import torch

    a, b = torch.randn(n, n).to(dtype), torch.randn(n, n).to(dtype)
    a @ b
    return 2 * n**3 / min(_timed(torch.mm, a, b)[0] for _ in range(repeats)) / 1e9


def _mtqa(args, texts: list[str], precision: str) -> dict:
    import torch

    from mtqa.fluency.cache import ScoreCache
    from mtqa.fluency.model import describe_model
    from mtqa.fluency.scorer import Scorer

    torch.set_num_threads(args.threads)
    scorer = Scorer(describe_model(args.model), batch_size=args.batch_size, batch_tokens=args.batch_tokens,
                    precision=precision, threads=args.threads)
    load_seconds, loaded = _timed(scorer.load)
    run = {"load_seconds": load_seconds, "rss_loaded": _rss(),
           "flops_per_token": 2 * sum(p.numel() for p in loaded.model.parameters())}
    # The machine is shared and a ceiling measured once can catch it busy: measure before and after, keep the best.
    run["ceilings"] = [_ceiling(loaded.model, args.batch_tokens)]
    scorer.score(texts[:16])  # warm-up: the first calls allocate
    run["seconds"], run["tokens"] = _timed(scorer.score, texts)
    run["rss"] = _rss()
    run["ceilings"].append(_ceiling(loaded.model, args.batch_tokens))
    run["ceiling"] = max(run["ceilings"])
    run["square"] = _square({"fp32": torch.float32, "bf16": torch.bfloat16}[precision]) if precision != "int8" else 0
    run["padding"] = _padding(scorer, loaded, texts)
    with tempfile.TemporaryDirectory() as folder:
        cache = ScoreCache(Path(folder))
        cached = Scorer(scorer.source, batch_size=args.batch_size, batch_tokens=args.batch_tokens,
                        precision=precision, cache=cache)
        cache.put_many({cached.key(text): tokens for text, tokens in zip(texts, run["tokens"], strict=True)})
        run["cached_seconds"], served = _timed(cached.score, texts)
        assert served == run["tokens"] and cached.loads == cached.calls == 0, "the cache alone serves the scores"
        cache.close()
    return run


def _padding(scorer, loaded, texts: list[str]) -> float:
    """The share of the positions in the scorer's batches that are padding (rows added up to MIN_POSITIONS aside)."""
    from mtqa.fluency.scorer import padded_width

    ids = loaded.tokenizer(texts, add_special_tokens=False, truncation=True,
                           max_length=scorer.max_tokens - 1)["input_ids"]
    batches = scorer._batches(ids)
    computed = sum(len(batch) * padded_width(max(len(ids[i]) for i in batch)) for batch in batches)
    return 1 - sum(1 + len(row) for row in ids) / computed


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
