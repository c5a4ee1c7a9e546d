"""Benchmark mtqa's rule stage on the synthetic corpus against a naive str.find baseline.

    python bench/rule_stage.py                                # 2,000 articles x ~600 words, 5,000-entry glossary
    python bench/rule_stage.py --articles 200 --entries 500   # quick mode, a few seconds
    python bench/rule_stage.py --repeat 3 --profile           # best of 3, then a cProfile of mtqa's pass

The corpus comes from bench/synthetic.py and is reused from bench/out/ when it is there. Documents and glossary
are read with mtqa's own loaders; compiling the glossary is timed apart from `check_batch`, which runs over all
articles in a fresh process each time, as `mtqa check` would (a second pass in one process finds every name already
judged: about 20% faster than any real run). The baseline, run in turns with it so that a busy machine slows both
alike, looks for every listed form (canonical, allowed, wrong) in every article with repeated `str.find`: it finds
exact, case-sensitive occurrences only, the least any glossary checker must do. Compare the ratio between runs,
not the absolute seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import multiprocessing
import os
import pstats
import time
from collections import Counter

# One core: keep any native library that could start threads single-threaded. Set before mtqa is imported.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
                  "RAYON_NUM_THREADS"):
    os.environ[_variable] = "1"

import synthetic  # noqa: E402  (bench/ is on sys.path when this file is run as a script)

from mtqa.glossary import load_glossaries  # noqa: E402
from mtqa.glossary.cache import held_for_run  # noqa: E402
from mtqa.glossary.compile import CompiledGlossary  # noqa: E402
from mtqa.io import load_documents  # noqa: E402
from mtqa.pipeline import check_batch  # noqa: E402
from mtqa.rules import get_rule  # noqa: E402


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def naive_pass(texts: list[str], forms: list[str]) -> int:
    """Every occurrence of every form in every text, by repeated str.find."""
    hits = 0
    for text in texts:
        for form in forms:
            position = text.find(form)
            while position != -1:
                hits += 1
                position = text.find(form, position + 1)
    return hits


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles (default 2000)")
    parser.add_argument("--entries", type=int, default=5000, help="glossary entries (default 5000)")
    parser.add_argument("--words", type=int, default=600, help="approximate words per article (default 600)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--repeat", type=int, default=1, help="time each pass N times, keep the best (default 1)")
    parser.add_argument("--profile", action="store_true", help="profile one more mtqa pass; top 25 by cumulative")
    parser.add_argument("--regenerate", action="store_true", help="write the corpus even if it exists")
    args = parser.parse_args(argv)

    glossary_path, articles_path = synthetic.corpus_paths(synthetic.DEFAULT_OUT, args.entries, args.articles,
                                                          args.words, args.seed)
    if args.regenerate or not (glossary_path.exists() and articles_path.exists()):
        synthetic.generate(args.entries, args.articles, args.words, args.seed)
    documents = load_documents([str(articles_path)])
    load_seconds, glossary = timed(load_glossaries, [str(glossary_path)])
    compile_seconds, compiled = timed(held_for_run, lambda: CompiledGlossary(glossary))  # as mtqa check loads it

    texts = [document.target for document in documents]
    forms = [form for entry in glossary.entries for form in (*entry.good_forms, *(w.text for w in entry.wrong))]
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6

    # Alternate the two passes so that noise from other processes falls on both. Each mtqa pass runs in a fresh
    # process, as `mtqa check` does: a second pass in one process would find every name already judged and
    # remembered, and measure a run that never happens.
    mtqa_seconds = naive_seconds = float("inf")
    spawn = multiprocessing.get_context("spawn")
    for _ in range(max(1, args.repeat)):
        with spawn.Pool(1) as child:
            seconds, counts = child.apply(fresh_pass, (str(glossary_path), str(articles_path)))
        mtqa_seconds = min(mtqa_seconds, seconds)
        seconds, hits = timed(naive_pass, texts, forms)
        naive_seconds = min(naive_seconds, seconds)

    print(f"corpus            {articles_path.relative_to(synthetic.ROOT)}, {glossary_path.relative_to(synthetic.ROOT)}")
    print(f"articles          {len(documents)}")
    print(f"article text      {megabytes:.2f} MB (UTF-8)")
    print(f"glossary          {len(glossary.entries)} entries, {len(forms)} forms; load {load_seconds:.2f} s, "
          f"compile {compile_seconds:.2f} s")
    print(f"repeat            best of {max(1, args.repeat)}")
    print(f"{'':17} {'seconds':>9} {'MB/s':>8} {'articles/s':>11}")
    for label, seconds in (("mtqa rule stage", mtqa_seconds), ("naive str.find", naive_seconds)):
        print(f"{label:17} {seconds:9.2f} {megabytes / seconds:8.3f} {len(documents) / seconds:11.1f}")
    print(f"speed mtqa/naive  {naive_seconds / mtqa_seconds:.2f}x  (naive found {hits} exact occurrences)")
    print(f"findings          {sum(counts.values())}")
    for code, count in sorted(counts.items()):
        print(f"  {code} {get_rule(code).name:<30} {count:>7}")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(check_batch, documents, compiled)
        print()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def fresh_pass(glossary_path: str, articles_path: str) -> tuple[float, Counter]:
    """One timed mtqa pass over the articles in this (fresh) process, the glossary compiled before the clock starts;
    the seconds and the findings counted by rule."""
    documents = load_documents([articles_path])
    compiled = held_for_run(lambda: CompiledGlossary(load_glossaries([glossary_path])))
    seconds, report = timed(check_batch, documents, compiled)
    return seconds, Counter(finding.rule for result in report.results for finding in result.findings)


if __name__ == "__main__":
    main()
