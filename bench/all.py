"""Every speed figure of mtqa beside its baseline, measured in the same run, as one Markdown table.

    python bench/all.py                    # every row at full size: about 20-30 minutes on 2 cores
    python bench/all.py --quick            # smaller sizes: a few minutes
    python bench/all.py --only rules jobs  # some rows; --repeat N: best of N (default 3 for quick figures, else 1)

Each figure and its baseline are timed in turns (mtqa, baseline, mtqa, ...) so that a busy machine slows both
alike; compare the ratios between runs, not the seconds. A row that cannot be measured says why, as n/a.
Generated data goes to bench/out/ (synthetic batches, reused) and a fresh folder under bench/out/ (the rest).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import scale

from mtqa.engines.local import cpu_count

ROOT = scale.ROOT
OUT = ROOT / "bench" / "out"
SINGLE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                                        "NUMEXPR_NUM_THREADS", "RAYON_NUM_THREADS")}
RULES_ONLY = ["--no-fluency", "--no-cache", "--format", "json", "-o", os.devnull]


@dataclass(frozen=True)
class Row:
    figure: str
    mtqa: str
    baseline: str
    ratio: str
    goal: str


@dataclass(frozen=True)
class Settings:
    quick: bool
    repeat: int | None  # None: 3 for quick figures, 1 for long ones
    folder: Path  # this run's scratch folder

    def times(self, long: bool = False) -> int:
        return self.repeat or (1 if long else 3)


def best_of(times: int, **measures: Callable[[], float]) -> dict[str, float]:
    """Each measure's best (least) seconds over `times` rounds, the measures taking turns within a round."""
    best = dict.fromkeys(measures, float("inf"))
    for _ in range(max(1, times)):
        for name, measure in measures.items():
            best[name] = min(best[name], measure())
    return best


def mtqa_seconds(*args: str, env: dict[str, str] | None = None) -> Callable[[], float]:
    return lambda: scale.run_child([*scale.MTQA_CHECK, *args], env).seconds


def in_child(name: str, **arguments) -> dict:
    """A measurement run by this script in a fresh interpreter on one thread (see `child_main`)."""
    output = Path(tempfile.mkstemp(dir=OUT, suffix=".json")[1])
    try:
        scale.run_child([sys.executable, __file__, "--child", name, json.dumps(arguments), str(output)], SINGLE_THREAD)
        return json.loads(output.read_text(encoding="utf-8"))
    finally:
        output.unlink(missing_ok=True)


def in_children_at_once(name: str, arguments: list[dict]) -> list[dict]:
    """`in_child` for each of `arguments`, all started at once."""
    with ThreadPoolExecutor(len(arguments)) as waiting:
        return list(waiting.map(lambda each: in_child(name, **each), arguments))


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x"


def fresh_folder(settings: Settings, name: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=settings.folder))


def cache_with_model(settings: Settings) -> Path:
    """An empty mtqa cache folder that still finds the prepared fluency model of the user's cache."""
    folder = fresh_folder(settings, "cache")
    from mtqa.fluency.model import cache_root

    models = cache_root() / "models"
    if models.is_dir():
        (folder / "models").symlink_to(models, target_is_directory=True)
    return folder


# Rows. Each yields its table rows; sizes are (quick, full).

def rules(settings: Settings) -> Iterator[Row]:
    articles = 200 if settings.quick else 2000
    for entries in (500, 5000) if settings.quick else (500, 5000, 50000):
        # Each round in a fresh process, as `mtqa check` runs: a second pass in one process would find every name
        # already judged and remembered (about 20% faster than any real run).
        rounds = [in_child("rules", entries=entries, articles=articles) for _ in range(settings.times())]
        found = {"mtqa": max(each["mtqa"] for each in rounds), "naive": max(each["naive"] for each in rounds),
                 "sample": rounds[0]["sample"]}
        yield Row(f"rules: MB/s per core, {entries:,}-entry glossary, {articles:,} articles",
                  f"{found['mtqa']:.2f}", f"{found['naive']:.2f} (str.find, {found['sample']} articles)",
                  ratio(found["mtqa"], found["naive"]), ">= 5 MB/s" if entries >= 5000 else "")


def glossary(settings: Settings) -> Iterator[Row]:
    for entries in (500, 5000) if settings.quick else (500, 5000, 50000):
        best = best_of(settings.times(long=entries > 5000), **glossary_measures(settings, entries))
        goal = "< 1 s" if entries == 50000 else ""
        for label, name in (("fresh", "no cache"), ("cold", "cold cache"), ("warm", "warm cache")):
            yield Row(f"glossary: load + compile s, {entries:,} entries, {name}", f"{best[label]:.2f}",
                      f"{best['baseline']:.2f} (pure-Python YAML)", ratio(best[label], best["baseline"]), goal)


def glossary_measures(settings: Settings, entries: int) -> dict[str, Callable[[], float]]:
    """Each in a fresh process. `warm` reads the cache folder that `cold` (run just before it) filled."""
    path = str(scale.synthetic_glossary(entries))
    folder: list[str] = []

    def cold() -> float:
        folder[:] = [str(fresh_folder(settings, "glossary"))]
        return in_child("glossary", path=path, cache=folder[0])["seconds"]

    return {"fresh": lambda: in_child("glossary", path=path, cache=None)["seconds"],
            "baseline": lambda: in_child("glossary", path=path, cache=None, baseline=True)["seconds"],
            "cold": cold,
            "warm": lambda: in_child("glossary", path=path, cache=folder[0])["seconds"]}


def long_article(settings: Settings) -> Iterator[Row]:
    sizes = (250, 500) if settings.quick else (250, 500, 1000, 2000)
    # Each size in a fresh process, as `mtqa check` meets one article: in one process, the names of a smaller size
    # (the same text's start) would already be judged and remembered when the next size is checked.
    found = best_of(settings.times(long=True), **{str(size): lambda size=size: in_child("long_article", size=size)[
        "seconds"] for size in sizes})
    for smaller, size in zip((None, *sizes), sizes, strict=False):
        seconds = found[str(size)]
        goal = "~2x per doubling" + ("; < 5 s" if size == 2000 else "")
        if smaller is None:
            yield Row(f"long article: s, {size:,} KB", f"{seconds:.2f}", "", "", "")
        else:
            yield Row(f"long article: s, {size:,} KB", f"{seconds:.2f}", f"{found[str(smaller)]:.2f} ({smaller} KB)",
                      ratio(seconds, found[str(smaller)]), goal)


def references(settings: Settings) -> Iterator[Row]:
    plain, referenced = scale.reports_with_references(fresh_folder(settings, "references"))
    common = ["--jobs", "1", *RULES_ONLY]
    best = best_of(settings.times(),
                   without=mtqa_seconds(str(plain), *common),
                   with_references=mtqa_seconds(str(referenced), *common),
                   with_ter=mtqa_seconds(str(referenced), *common, "--metrics", "BLEU,chrF++,TER"))
    yield Row("references: s, 3 reports of 20 KB, references (BLEU, chrF++)", f"{best['with_references']:.2f}",
              f"{best['without']:.2f} (no references)", ratio(best["with_references"], best["without"]), "< 2x")
    yield Row("references: s, the same with BLEU, chrF++ (default)", f"{best['with_references']:.2f}",
              f"{best['with_ter']:.2f} (+ TER, the old default)", ratio(best["with_references"], best["with_ter"]), "")


def fluency(settings: Settings) -> Iterator[Row]:
    sentences, naive = (40, 4) if settings.quick else (300, 30)
    command = [sys.executable, "bench/fluency.py", "--sentences", str(sentences), "--naive", str(naive),
               "--threads", str(cpu_count())]
    log = settings.folder / "fluency.txt"
    with log.open("w", encoding="utf-8") as out:
        finished = subprocess.run(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, timeout=1800, check=False)
    text = log.read_text(encoding="utf-8")
    if finished.returncode != 0:
        raise RuntimeError(f"bench/fluency.py exit {finished.returncode}: {text.strip().splitlines()[-1:]}")
    naive_rate = re.search(r"naive, one sentence at a time.*?: ([\d.]+) sentences/s", text)
    for precision in ("fp32", "bf16"):
        line = re.search(rf"^mtqa {precision}\b.*$", text, re.MULTILINE)
        skipped = re.search(rf"^mtqa {precision}: skipped, (.*)$", text, re.MULTILINE)
        if line is None or skipped:
            reason = skipped.group(1) if skipped else "bench/fluency.py printed no such line"
            yield Row(f"fluency: sentences/s, {precision}", f"n/a ({reason})", "", "", "")
            continue
        rate = float(re.search(r"([\d.]+) sentences/s", line.group()).group(1))
        base = float(naive_rate.group(1)) if naive_rate else None
        yield Row(f"fluency: sentences/s, {precision}, {sentences} WMT21 sentences, {cpu_count()} threads",
                  f"{rate:.1f}", f"{base:.1f} (one sentence at a time, fp32)" if base else "n/a (no naive line)",
                  ratio(rate, base) if base else "", "")
        share = re.search(r"= (\d+) GFLOP/s = (\d+)% of (its own|the \w+) ceiling", line.group())
        ceiling = re.search(rf"^ceiling {precision}: .*? (\d+) GFLOP/s", text, re.MULTILINE)
        if share is None:
            yield Row(f"fluency: share of the matmul ceiling, {precision}", "n/a (no share printed)", "", "", "")
            continue
        of = "its own" if share.group(3) == "its own" else f"the {share.group(3).split()[1]}"
        yield Row(f"fluency: GFLOP/s, {precision}, share of {of} matmul ceiling", share.group(1),
                  f"{ceiling.group(1)} (the model's matmuls alone)" if ceiling else "",
                  f"{share.group(2)}%", ">= 50% of own ceiling")


def fluency_cache(settings: Settings) -> Iterator[Row]:
    cache = {"MTQA_CACHE": str(cache_with_model(settings))}
    with_fluency = mtqa_seconds("seeds/", "--fluency", "--format", "json", "-o", os.devnull, env=cache)
    without = mtqa_seconds("seeds/", "--no-fluency", "--format", "json", "-o", os.devnull, env=cache)
    with_fluency(), without()  # warm the cache
    best = best_of(settings.times(), with_fluency=with_fluency, without=without)
    yield Row("fluency cache: s, seeds/ with fluency, warm cache", f"{best['with_fluency']:.2f}",
              f"{best['without']:.2f} (--no-fluency)", ratio(best["with_fluency"], best["without"]), "<= 1.5x")


def memory(settings: Settings) -> Iterator[Row]:
    """Peak RSS of `check` on short articles: at two sizes, the growth per article beyond the smaller run (what
    memory the batch adds, the fixed base of code, glossary and word lists left out), and with a pool and with the
    other report formats at the larger size."""
    large = 10_000 if settings.quick else 100_000
    small = large // 10
    peaks, sizes = {}, {}
    for articles in (small, large):
        batch = scale.synthetic_batch(articles, words=40)
        loaded = scale.run_child([sys.executable, "-c", "import json, sys; records = "
                                  "[json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]", str(batch)])
        checked = scale.run_child([*scale.MTQA_CHECK, str(batch), "--jobs", "1", *RULES_ONLY])
        peaks[articles], sizes[articles] = checked.peak_rss_mb, batch.stat().st_size
        yield Row(f"memory: peak RSS MB, {articles:,} short articles ({sizes[articles] / 1e6:.1f} MB JSONL), --jobs 1",
                  f"{checked.peak_rss_mb:.0f}", f"{loaded.peak_rss_mb:.0f} (the JSONL loaded with json)",
                  ratio(checked.peak_rss_mb, loaded.peak_rss_mb), "")
    yield Row(f"memory: growth of peak RSS, {small:,} -> {large:,} articles", f"{peaks[large]:.0f}",
              f"{peaks[small]:.0f}", ratio(peaks[large], peaks[small]), "proportional to the batch at most (10x)")
    per_article = (peaks[large] - peaks[small]) * 2**20 / (large - small)
    record = (sizes[large] - sizes[small]) / (large - small)
    yield Row(f"memory: bytes of peak RSS per article beyond the {small:,}-article run", f"{per_article:,.0f}",
              f"{record:,.0f} (its JSONL record)", ratio(per_article, record), "")
    batch = str(scale.synthetic_batch(large, words=40))
    for label, options in (("--jobs 2 (the largest process)", ["--jobs", "2", *RULES_ONLY]),
                           ("--format sarif", ["--jobs", "1", *RULES_ONLY, "--format", "sarif"]),
                           ("--format text", ["--jobs", "1", *RULES_ONLY, "--format", "text"]),
                           ("--html", ["--jobs", "1", *RULES_ONLY, "--html", os.devnull])):
        checked = scale.run_child([*scale.MTQA_CHECK, batch, *options])
        yield Row(f"memory: peak RSS MB, {large:,} short articles, {label}", f"{checked.peak_rss_mb:.0f}",
                  f"{peaks[large]:.0f} (--jobs 1, JSON)", ratio(checked.peak_rss_mb, peaks[large]), "")


def jobs_batch(settings: Settings) -> Path:
    return scale.synthetic_batch(400 if settings.quick else 2000)


def jobs(settings: Settings) -> Iterator[Row]:
    batch = str(jobs_batch(settings))
    best = best_of(settings.times(long=not settings.quick),
                   one=mtqa_seconds(batch, "--jobs", "1", *RULES_ONLY),
                   two=mtqa_seconds(batch, "--jobs", "2", *RULES_ONLY))
    yield Row(f"jobs: s, {Path(batch).name}, --jobs 2, whole command ({machine_load()})", f"{best['two']:.2f}",
              f"{best['one']:.2f} (--jobs 1)", f"{best['one'] / best['two']:.2f}x faster", "")
    records = scale.read_records(Path(batch))
    halves = [{"batch": str(scale.write_records(settings.folder / f"half-{number}.jsonl", part)), "jobs": 1}
              for number, part in enumerate((records[:len(records) // 2], records[len(records) // 2:]))]
    cpu: dict[int, list[float]] = {1: [], 2: []}

    def stage_seconds(jobs: int) -> float:
        measured = in_child("jobs_stage", batch=batch, jobs=jobs)
        cpu[jobs].append(measured["cpu"])
        return measured["seconds"]

    stage = best_of(settings.times(long=not settings.quick), one=lambda: stage_seconds(1), two=lambda: stage_seconds(2),
                    halves=lambda: max(child["seconds"] for child in in_children_at_once("jobs_stage", halves)))
    yield Row(f"jobs: s, the same, --jobs 2, rule stage alone ({machine_load()})", f"{stage['two']:.2f}",
              f"{stage['one']:.2f} (--jobs 1)", f"{stage['one'] / stage['two']:.2f}x faster", ">= 1.7x faster")
    # What two processes that share nothing get from this machine's two cores: the most --jobs 2 could reach here.
    yield Row("jobs: s, the rule stage of each half of the batch in its own --jobs 1 process, both at once (the "
              "machine's own ceiling for two workers)", f"{stage['halves']:.2f}", f"{stage['one']:.2f} (--jobs 1)",
              f"{stage['one'] / stage['halves']:.2f}x faster; --jobs 2 reaches "
              f"{stage['halves'] / stage['two']:.0%} of it", "")
    # The work the pool adds (each worker's start and lazily built tables, the articles and analyses sent between
    # processes), which the machine's noise does not hide: on two free cores of one speed, --jobs 2 would be 2x this.
    extra = min(cpu[2]) / min(cpu[1])
    yield Row("jobs: CPU s of the rule stage, --jobs 2 (parent and workers)", f"{min(cpu[2]):.2f}",
              f"{min(cpu[1]):.2f} (--jobs 1)", f"{extra:.2f}x the work: {2 / extra:.2f}x faster on two free cores",
              "")


def result_cache(settings: Settings) -> Iterator[Row]:
    yield from rerun_rows(settings, jobs_batch(settings), settings.times(long=not settings.quick))
    if not settings.quick:  # where the batch outweighs a run's fixed costs (start-up, the first changed article)
        yield from rerun_rows(settings, scale.synthetic_batch(20000, words=150), 1)
    # mtqa check's default: fluency on, where the model's sentences are most of what a re-run saves.
    yield from rerun_rows(settings, scale.synthetic_batch(40 if settings.quick else 200, words=150), 1, fluency=True)


def rerun_rows(settings: Settings, original: Path, times: int, fluency: bool = False) -> Iterator[Row]:
    """A re-run with 5% of the articles edited, and one with none (what every re-run pays), beside the cold run."""
    options = ["--jobs", "1", "--fluency" if fluency else "--no-fluency", "--format", "json", "-o", os.devnull]
    reruns: dict[str, list[float]] = {"edited": [], "unchanged": []}

    def cold_then_rerun() -> float:
        # The same file edited in place: an article's path is part of its cache key. A cold cache still holds the
        # fluency model as prepared once on this machine: preparing it is not a run's cost.
        folder = cache_with_model(settings)
        batch = str(shutil.copy(original, folder / original.name))
        cache = {"MTQA_CACHE": str(folder)}
        cold_seconds = mtqa_seconds(batch, *options, env=cache)()
        scale.edited_copy(original, 0.05, Path(batch))
        reruns["edited"].append(mtqa_seconds(batch, *options, env=cache)())
        reruns["unchanged"].append(mtqa_seconds(batch, *options, env=cache)())
        return cold_seconds

    cold = best_of(times, cold=cold_then_rerun)["cold"]
    label = "fluency on (the default)" if fluency else "--no-fluency"
    for what, goal in (("5% of", "about 0.05-0.10x"), ("none of", "")):
        seconds = min(reruns["edited" if what == "5% of" else "unchanged"])
        yield Row(f"result cache: s, re-run with {what} {original.name} edited, {label}", f"{seconds:.2f}",
                  f"{cold:.2f} (cold cache)", ratio(seconds, cold), goal)


def batch_growth(settings: Settings) -> Iterator[Row]:
    """Milliseconds per article beyond a one-article run's, so that the start-up does not hide the growth."""
    sizes = (200, 2000) if settings.quick else (200, 2000, 20000)
    one = settings.folder / "one-article.jsonl"
    largest = scale.synthetic_batch(sizes[-1], words=150)
    scale.write_records(one, scale.read_records(largest)[:1])
    per_article = {}
    for articles in sizes:
        batch = str(scale.synthetic_batch(articles, words=150))
        best = best_of(settings.times(long=articles > 2000),
                       start_up=mtqa_seconds(str(one), "--jobs", "1", *RULES_ONLY),
                       run=mtqa_seconds(batch, "--jobs", "1", *RULES_ONLY))
        per_article[articles] = (best["run"] - best["start_up"]) / (articles - 1) * 1000
        first = sizes[0]
        yield Row(f"batch growth: ms per article beyond start-up, {articles:,} articles of ~150 words, --jobs 1 "
                  f"({best['run']:.1f} s, one article {best['start_up']:.1f} s)", f"{per_article[articles]:.2f}",
                  f"{per_article[first]:.2f} ({first} articles)", ratio(per_article[articles], per_article[first]),
                  "flat (~1x)")


def dask(settings: Settings) -> Iterator[Row]:
    batch = jobs_batch(settings)
    articles = len(scale.read_records(batch))
    start_up = ("import time; from distributed import Client, LocalCluster; t = time.perf_counter(); "
                "c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None); "
                "Client(c).close(); c.close(); print(time.perf_counter() - t)")
    best = best_of(settings.times(long=not settings.quick),
                   one=mtqa_seconds(str(batch), "--jobs", "1", *RULES_ONLY),
                   dask=mtqa_seconds(str(batch), "--engine", "dask", "--jobs", "2", *RULES_ONLY),
                   start_up=lambda: scale.run_child([sys.executable, "-c", start_up]).seconds)
    yield Row(f"dask: s, {batch.name}, --engine dask --jobs 2 ({machine_load()})", f"{best['dask']:.2f}",
              f"{best['one']:.2f} (--jobs 1)", f"{best['one'] / best['dask']:.2f}x faster", "")
    yield Row("dask: articles/s per worker", f"{articles / best['dask'] / 2:.1f}",
              f"{articles / best['one']:.1f} (--jobs 1)", ratio(articles / best["dask"] / 2, articles / best["one"]),
              "")
    yield Row("dask: s, start and stop a local 2-worker cluster (in the dask figure above)",
              f"{best['start_up']:.2f}", "", "", "")
    if settings.quick:
        return
    # What an archive's worker does once the cluster's and the run's fixed costs are spread over many articles.
    archive = scale.synthetic_batch(20000, words=150)
    best = best_of(1, one=mtqa_seconds(str(archive), "--jobs", "1", *RULES_ONLY),
                   dask=mtqa_seconds(str(archive), "--engine", "dask", "--jobs", "2", *RULES_ONLY))
    yield Row(f"dask: articles/s per worker, {archive.name} ({machine_load()})", f"{20000 / best['dask'] / 2:.1f}",
              f"{20000 / best['one']:.1f} (--jobs 1)", ratio(20000 / best["dask"] / 2, 20000 / best["one"]), "")


ROWS: dict[str, Callable[[Settings], Iterator[Row]]] = {
    "rules": rules, "glossary": glossary, "long_article": long_article, "references": references,
    "fluency": fluency, "fluency_cache": fluency_cache, "memory": memory, "jobs": jobs,
    "result_cache": result_cache, "batch_growth": batch_growth, "dask": dask,
}


def measured(name: str, settings: Settings) -> Iterator[Row]:
    """The row's figures; whatever stops it becomes one n/a row with the reason, and the table goes on."""
    try:
        yield from ROWS[name](settings)
    except Exception as error:  # noqa: BLE001 - any failure of one row must leave the others standing
        reason = " ".join(str(error).split())[:160] or type(error).__name__
        yield Row(name, f"n/a ({type(error).__name__}: {reason})", "", "", "")


# Measurements run in a child interpreter.

def child_rules(entries: int, articles: int) -> dict:
    from mtqa.checker import Checker, CheckerConfig
    from mtqa.io import load_documents
    from mtqa.pipeline import check_batch

    glossary_path, batch_path = synthetic_corpus(entries, articles)
    checker = Checker(CheckerConfig(glossaries=(str(glossary_path),), use_cache=False))
    documents = load_documents([str(batch_path)])
    set_up_as_mtqa_check(checker)
    forms = [form for entry in checker.glossary.glossary.entries
             for form in (*entry.good_forms, *(wrong.text for wrong in entry.wrong))]
    # The naive pass costs forms x text: a sample of the articles keeps it to seconds at 50,000 entries.
    sample = [d.target for d in documents[:max(5, round(len(documents) * min(1.0, 1000 / entries)))]]
    compiled = checker.glossary
    mtqa_seconds = timed(check_batch, documents, compiled)
    naive_seconds = timed(naive_finder(), sample, forms)
    megabytes = sum(len(d.target.encode("utf-8")) for d in documents) / 1e6
    sample_megabytes = sum(len(text.encode("utf-8")) for text in sample) / 1e6
    return {"mtqa": megabytes / mtqa_seconds, "naive": sample_megabytes / naive_seconds, "sample": len(sample)}


def set_up_as_mtqa_check(checker) -> None:
    """The glossary loaded, and the process set up, as `mtqa check` does before checking (`held_for_run`)."""
    from mtqa.glossary.cache import held_for_run

    held_for_run(lambda: checker.glossary)


def naive_finder() -> Callable[[list[str], list[str]], int]:
    """bench/rule_stage.py's naive pass: every occurrence of every form by repeated str.find."""
    from rule_stage import naive_pass

    return naive_pass


def synthetic_corpus(entries: int, articles: int) -> tuple[Path, Path]:
    import synthetic

    paths = synthetic.corpus_paths(synthetic.DEFAULT_OUT, entries, articles, 600, 1)
    if not all(path.exists() for path in paths):
        synthetic.generate(entries, articles, 600, 1)
    return paths


def child_glossary(path: str, cache: str | None, baseline: bool = False) -> dict:
    if cache:
        os.environ["MTQA_CACHE"] = cache
    from mtqa.checker import Checker, CheckerConfig
    from mtqa.glossary import load_glossaries
    from mtqa.glossary.compile import CompiledGlossary

    if baseline:  # mtqa's strict loader (a SafeLoader subclass, pure Python), then compiled: no libyaml, no cache
        import mtqa.yaml_input

        mtqa.yaml_input.FAST_LOADER = None  # where mtqa has a libyaml fast path, leave it out
        return {"seconds": timed(lambda: CompiledGlossary(load_glossaries([path])))}
    from mtqa.glossary.cache import held_for_run

    checker = Checker(CheckerConfig(glossaries=(path,), use_cache=cache is not None))
    return {"seconds": timed(lambda: held_for_run(lambda: checker.glossary))}  # as `mtqa check` loads it


def child_long_article(size: int) -> dict:
    from long_article import name_dense_article

    from mtqa.checker import Checker
    from mtqa.model import Document
    from mtqa.pipeline import check_batch

    checker = Checker()
    set_up_as_mtqa_check(checker)
    document = Document(id=f"long-{size}k", target=name_dense_article(size * 1000))
    compiled = checker.glossary
    return {"seconds": timed(check_batch, [document], compiled)}


def child_jobs_stage(batch: str, jobs: int) -> dict:
    """The map step alone (every article's own checks, in `jobs` processes), as `mtqa check` runs it: from reading
    the batch to the last analysis, without start-up, glossary loading, the batch-wide steps or the report."""
    from mtqa.checker import Checker, CheckerConfig, load_documents
    from mtqa.engines.local import local_analyses

    checker = Checker(CheckerConfig(fluency=False, use_cache=False, jobs=jobs))
    set_up_as_mtqa_check(checker)  # the glossary loaded before the clock starts
    cpu_before = cpu_seconds()
    seconds = timed(lambda: local_analyses(checker, load_documents([batch])))
    return {"seconds": seconds, "cpu": cpu_seconds() - cpu_before}


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the workers, once their pool is shut down)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(function: Callable, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


CHILDREN = {"rules": child_rules, "glossary": child_glossary, "long_article": child_long_article,
            "jobs_stage": child_jobs_stage}


def child_main(name: str, arguments: str, output: str) -> None:
    Path(output).write_text(json.dumps(CHILDREN[name](**json.loads(arguments))), encoding="utf-8")


# The table.

def machine_load() -> str:
    load = os.getloadavg()[0]
    free = cpu_count() - load
    return f"load {load:.1f} on {cpu_count()} cores: {'2 cores free' if free >= 2 else 'fewer than 2 cores free'}"


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), model)
    except OSError:
        pass
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"Machine: {model}, {cpu_count()} cores available of {os.cpu_count()}; load average {load}"


def table(rows: list[Row]) -> str:
    lines = ["| figure | mtqa | baseline (same run) | ratio | goal |", "|---|---|---|---|---|"]
    lines += [f"| {r.figure} | {r.mtqa} | {r.baseline} | {r.ratio} | {r.goal} |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes: a few minutes in all")
    parser.add_argument("--only", nargs="+", choices=list(ROWS), metavar="ROW",
                        help=f"measure only these rows: {', '.join(ROWS)}")
    parser.add_argument("--repeat", type=int, help="best of N for every figure [3 for quick figures, else 1]")
    parser.add_argument("--keep", action="store_true", help="keep this run's folder under bench/out/")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(*args.child)
        return
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    OUT.mkdir(parents=True, exist_ok=True)
    settings = Settings(args.quick, args.repeat, Path(tempfile.mkdtemp(prefix="all-", dir=OUT)))
    # No run reads or fills the user's own cache: each gets this run's folder, or its own where a row says so.
    os.environ["MTQA_CACHE"] = str(cache_with_model(settings))
    print(machine(), flush=True)
    started = time.perf_counter()
    rows: list[Row] = []
    try:
        for name in args.only or ROWS:
            rows.extend(measured(name, settings))
            print(f"  {name}: done after {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(settings.folder, ignore_errors=True)
    print(f"{'Quick sizes' if args.quick else 'Full sizes'}; {time.perf_counter() - started:.0f} s in all; "
          f"load average now {', '.join(f'{value:.2f}' for value in os.getloadavg())}\n")
    print(table(rows))


if __name__ == "__main__":
    main()
