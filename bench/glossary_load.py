"""Seconds to load and compile the synthetic glossary of 500, 5,000 and 50,000 entries, three ways:

    python bench/glossary_load.py                      # 500, 5,000, 50,000 entries, best of 3
    python bench/glossary_load.py --entries 500 5000 --repeat 5

- cold, pure-Python YAML: no cache, PyYAML's pure-Python loader and the garbage collector left running, as mtqa
  loaded glossaries before: the baseline;
- cold, libyaml: no cache, the YAML read through libyaml's parser, the collector paused while loading;
- warm cache: the compiled glossary read back from the cache folder (a temporary one, filled first).

Each figure is the time `load_compiled_glossary` takes in a fresh process, imports and start-up left out, so that a
run's own leftovers (a large heap, warm memo tables) do not help or hinder the next. The glossaries come from
bench/synthetic.py (bench/out/, written when missing). Compare the ratios to the baseline, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import synthetic  # noqa: E402  (bench/ is on sys.path when this file is run as a script)

MODES = ("cold, pure-Python YAML", "cold, libyaml", "warm cache")


def measure(path: str, mode: str, cache: str) -> float:
    """Seconds for one load in this process (the child's side)."""
    os.environ["MTQA_CACHE"] = cache
    import contextlib

    import mtqa.glossary.cache
    import mtqa.yaml_input
    from mtqa.glossary.cache import load_compiled_glossary

    if mode == MODES[0]:
        mtqa.yaml_input.FAST_LOADER = None
        mtqa.yaml_input.collection_paused = mtqa.glossary.cache.collection_paused = contextlib.nullcontext
    start = time.perf_counter()
    load_compiled_glossary([path], use_cache=mode == MODES[2])
    return time.perf_counter() - start


def in_child(path: str, mode: str, cache: str) -> float:
    command = [sys.executable, __file__, "--child", path, mode, cache]
    done = subprocess.run(command, capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(synthetic.ROOT)})
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(measure(*sys.argv[2:5])))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[500, 5000, 50000], help="glossary sizes")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, the best kept (default 3)")
    args = parser.parse_args(argv)

    print(f"{'entries':>8} {'file MB':>8} " + " ".join(f"{mode:>23}" for mode in MODES) + "  speed-up warm, libyaml")
    for entries in args.entries:
        path, _ = synthetic.corpus_paths(synthetic.DEFAULT_OUT, entries, 1, 1, 1)
        if not path.exists():
            synthetic.generate(entries, 1, 1, 1)
        with tempfile.TemporaryDirectory() as cache:
            in_child(str(path), MODES[2], cache)  # fills the cache
            best = {mode: float("inf") for mode in MODES}
            for _ in range(max(1, args.repeat)):
                for mode in MODES:  # alternated, so that a busy machine slows all three alike
                    best[mode] = min(best[mode], in_child(str(path), mode, cache))
        megabytes = Path(path).stat().st_size / 1e6
        print(f"{entries:>8} {megabytes:>8.2f} " + " ".join(f"{best[mode]:>22.2f}s" for mode in MODES) +
              f"  {best[MODES[0]] / best[MODES[2]]:.0f}x, {best[MODES[0]] / best[MODES[1]]:.1f}x")


if __name__ == "__main__":
    main()
