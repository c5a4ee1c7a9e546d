"""Batches for bench/all.py: synthetic batches of a given size, a copy with a share of articles edited, long
reports with references, and the commands that run mtqa on them in a child process with its peak memory.

Synthetic batches come from bench/synthetic.py and are kept in bench/out/ (the same files bench/rule_stage.py
reuses); everything else goes to the run's own folder.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import synthetic  # bench/ is on sys.path when bench/all.py is run as a script

ROOT = Path(__file__).resolve().parent.parent
CORPUS_ENTRIES = 500  # the synthetic glossary the batches' articles draw their names from
MTQA_CHECK = [sys.executable, "-c", "from mtqa.cli import main; main()", "check"]
FINDINGS_EXIT = 1  # mtqa's gate failed: the run worked and found something


def synthetic_batch(articles: int, words: int = 600, entries: int = CORPUS_ENTRIES) -> Path:
    """The synthetic articles' JSONL, written once and reused."""
    glossary, batch = synthetic.corpus_paths(synthetic.DEFAULT_OUT, entries, articles, words, seed=1)
    if not (glossary.exists() and batch.exists()):
        synthetic.generate(entries, articles, words, seed=1)
    return batch


def synthetic_glossary(entries: int) -> Path:
    glossary, _ = synthetic.corpus_paths(synthetic.DEFAULT_OUT, entries, 1, 600, seed=1)
    if not glossary.exists():
        synthetic.generate(entries, 1, 600, seed=1)
    return glossary


def read_records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def write_records(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


def edited_copy(batch: Path, share: float, out: Path) -> Path:
    """The batch with one sentence added to every (1/share)-th article: the rest are unchanged, byte for byte."""
    step = round(1 / share)
    records = read_records(batch)
    for record in records[::step]:
        record["target"] += "\n\nThe ministry later corrected an earlier statement on the figures."
    return write_records(out, records)


def reports_with_references(out: Path, count: int = 3, size: int = 20_000) -> tuple[Path, Path]:
    """`count` articles of about `size` characters, one paragraph per line, and the same articles with a reference
    of the same shape (every seventh word changed): (without references, with references)."""
    paragraphs = [paragraph for record in read_records(synthetic_batch(40))
                  for paragraph in record["target"].split("\n\n") if len(paragraph) > 200]
    articles, taken = [], 0
    for number in range(count):
        lines: list[str] = []
        while sum(map(len, lines)) < size:
            lines.append(paragraphs[taken % len(paragraphs)])
            taken += 1
        articles.append({"id": f"report-{number + 1}", "target": "\n".join(lines)})
    plain = write_records(out / "reports.jsonl", articles)
    referenced = write_records(out / "reports-with-references.jsonl",
                               [{**article, "reference": _reworded(article["target"])} for article in articles])
    return plain, referenced


def _reworded(text: str) -> str:
    return "\n".join(" ".join("also" if index % 7 == 3 else word for index, word in enumerate(line.split()))
                     for line in text.split("\n"))


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float  # the command's own peak resident memory (ru_maxrss)


# A child's ru_maxrss starts from the RSS of the process that forked it, so the command is started by this small
# launcher rather than by the benchmark, which has mtqa loaded: it prints seconds, peak RSS (KiB) and exit code.
LAUNCHER = """import os, subprocess, sys, time
started = time.perf_counter()
command = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(command.pid, 0)
command.returncode = os.waitstatus_to_exitcode(status)
print(time.perf_counter() - started, usage.ru_maxrss, command.returncode)
"""


def child_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """This environment with `env`, less PYTHONDONTWRITEBYTECODE: a command is timed as an installed mtqa runs, from
    its bytecode cache (compiling its sources anew took about 0.15 s of every start)."""
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**environment, **(env or {})}


def run_child(command: list[str], env: dict[str, str] | None = None, timeout: float | None = None) -> Run:
    """Run a command: its wall time and peak RSS. A failure raises with the last line it printed; exit 1 counts as
    success (mtqa's gate failed on findings)."""
    launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER, *command], cwd=ROOT, env=child_environment(env),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, errors = launcher.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(launcher.pid, signal.SIGKILL)  # the launcher and the command it started
        launcher.communicate()
        raise RuntimeError(f"killed after the time limit of {timeout:.0f} s") from None
    try:
        seconds, peak_kib, code = out.split()
    except ValueError:
        raise RuntimeError(f"the launcher failed: {errors.decode('utf-8', 'replace').strip()[-200:]}") from None
    if int(code) not in (0, FINDINGS_EXIT):
        last = errors.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"exit {code}: {last[-1] if last else 'no message'}")
    return Run(float(seconds), int(peak_kib) / 1024)  # KiB on Linux
