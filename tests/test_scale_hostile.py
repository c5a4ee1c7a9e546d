"""Hostile runs of the process pool, the Dask engine and the result cache: whatever goes wrong, the run ends as a
run of one process would (one `mtqa: error:` line, exit 2, 130 or 143), at once, with no process left behind, and
the cache never serves what a fresh check would not find."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "corpus" / "articles"

# The command line with workers started for any batch, and a check that misbehaves only inside a worker process.
RUNNER = textwrap.dedent("""
    import os, signal, sys, time
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a background job starts with Ctrl-C ignored
    import mtqa.engines.local as local
    import mtqa.pipeline as pipeline
    local.MIN_CHARACTERS_PER_WORKER = 1
    parent, misbehaviour = os.getpid(), os.environ.get("IN_WORKER", "")
    check = pipeline.analyse_article

    def analyse_article(document, glossary, options):
        if os.getpid() != parent:
            if misbehaviour == "die":
                os._exit(3)
            if misbehaviour == "stall":
                time.sleep(600)
            if misbehaviour == "raise":
                raise ValueError("a check went wrong")
        return check(document, glossary, options)

    pipeline.analyse_article = analyse_article
    # A signal sent to the run at a chosen moment of starting the pool: as it forks a worker, or after its thread
    # is made and before it starts.
    moment, _, name = os.environ.get("SIGNAL_AT", "").partition(":")
    if moment == "fork":
        os.register_at_fork(after_in_parent=lambda: os.kill(parent, getattr(signal, name)))
    if moment == "thread":
        import concurrent.futures.process as pool_module
        begin = pool_module._ExecutorManagerThread.start

        def start(thread):
            os.kill(parent, getattr(signal, name))
            begin(thread)

        pool_module._ExecutorManagerThread.start = start
    from mtqa.cli import main
    main()
""")


@pytest.fixture
def runner(tmp_path):
    path = tmp_path / "runner.py"
    path.write_text(RUNNER, encoding="utf-8")
    return path


def start(runner: Path, tmp_path: Path, *args: str, misbehaviour: str = "", cwd: Path = ROOT,
          signal_at: str = "") -> subprocess.Popen:
    env = {**os.environ, "IN_WORKER": misbehaviour, "MTQA_CACHE": str(tmp_path / "cache"), "SIGNAL_AT": signal_at}
    return subprocess.Popen([sys.executable, str(runner), "check", "--no-fluency", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and _parent(entry) == pid:
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _parent(entry: Path) -> int:
    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[1])


def test_a_bad_pattern_file_found_in_a_worker_is_the_one_line_of_a_serial_run(runner, tmp_path):
    (tmp_path / "bad.yaml").write_text('patterns:\n  - id: x\n    pattern: "(unclosed"\n', encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text('boilerplate-patterns = ["bad.yaml"]\n', encoding="utf-8")
    outcomes = []
    for jobs in ("1", "2"):
        process = start(runner, tmp_path, "--no-cache", "--jobs", jobs, str(ARTICLES), cwd=tmp_path)
        outcomes.append((process.wait(60), process.communicate()[1]))
    assert outcomes[0] == outcomes[1]
    code, stderr = outcomes[1]
    assert code == 2
    assert stderr.splitlines() == [f"mtqa: error: {tmp_path / 'bad.yaml'}:2: bad regular expression "
                                   "(missing ) at position 9) (entry 'x')"]


@pytest.mark.parametrize("misbehaviour, line", [
    ("raise", "mtqa: error: unexpected ValueError: a check went wrong (run with MTQA_DEBUG=1 for the traceback)"),
    ("die", "mtqa: error: a worker process ended without finishing its articles (killed, perhaps for want of "
            "memory); try fewer --jobs"),
])
def test_a_worker_that_fails_is_one_error_line_at_once(runner, tmp_path, misbehaviour, line):
    began = time.monotonic()
    process = start(runner, tmp_path, "--no-cache", "--jobs", "2", str(ARTICLES), misbehaviour=misbehaviour)
    code = process.wait(60)
    assert (code, process.communicate()[1].splitlines()) == (2, [line])
    assert time.monotonic() - began < 30


def stalled_run(runner: Path, tmp_path: Path) -> tuple[subprocess.Popen, list[int]]:
    """A --jobs 2 run whose workers are stuck in their first article, and the workers' process ids."""
    process = start(runner, tmp_path, "--no-cache", "--jobs", "2", str(ARTICLES), "--json",
                    str(tmp_path / "report.json"), misbehaviour="stall")
    deadline = time.monotonic() + 60
    while len(children_of(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = children_of(process.pid)
    assert len(workers) >= 2
    time.sleep(1)  # the workers are in their first article
    return process, workers


def assert_ended_with_one_line_and_no_report(process: subprocess.Popen, tmp_path: Path, line: str) -> None:
    assert [text for text in process.communicate()[1].splitlines() if text.strip()] == [line]
    assert [p.name for p in tmp_path.iterdir() if p.name not in ("cache", "runner.py")] == []  # no report, no temp


@pytest.mark.parametrize("signal_number, code, line", [
    (signal.SIGTERM, 143, "mtqa: terminated"),
    (signal.SIGINT, 130, "mtqa: interrupted"),
])
def test_a_signal_ends_the_workers_and_the_run_at_once(runner, tmp_path, signal_number, code, line):
    process, workers = stalled_run(runner, tmp_path)
    if signal_number == signal.SIGINT:
        os.killpg(process.pid, signal_number)  # Ctrl-C in a terminal reaches the whole process group
    else:
        process.send_signal(signal_number)
    began = time.monotonic()
    assert process.wait(30) == code
    assert time.monotonic() - began < 10
    assert_ended_with_one_line_and_no_report(process, tmp_path, line)
    assert not any(Path(f"/proc/{pid}").exists() and _state(pid) != "Z" for pid in workers)


@pytest.mark.parametrize("moment", ["fork", "thread"])
@pytest.mark.parametrize("signal_name, code, line", [
    ("SIGTERM", 143, "mtqa: terminated"),
    ("SIGINT", 130, "mtqa: interrupted"),
])
def test_a_signal_as_the_workers_start_ends_the_run_at_once(runner, tmp_path, moment, signal_name, code, line):
    # Handled inside a fork, the signal's exception was only printed ("Exception ignored in ...") and the run went
    # on to the end; between the making of the pool's thread and its start, it left a pool that could not be shut
    # down ("cannot join thread before it is started").
    process = start(runner, tmp_path, "--no-cache", "--jobs", "2", str(ARTICLES), "--json",
                    str(tmp_path / "report.json"), misbehaviour="stall", signal_at=f"{moment}:{signal_name}")
    began = time.monotonic()
    assert process.wait(60) == code
    assert time.monotonic() - began < 30
    assert_ended_with_one_line_and_no_report(process, tmp_path, line)


@pytest.mark.parametrize("first, second, code, line", [
    (signal.SIGINT, signal.SIGINT, 130, "mtqa: interrupted"),
    (signal.SIGTERM, signal.SIGINT, 143, "mtqa: terminated"),
    (signal.SIGINT, signal.SIGTERM, 130, "mtqa: interrupted"),
])
def test_a_second_signal_while_the_run_ends_is_ignored(runner, tmp_path, first, second, code, line):
    # Ctrl-C pressed twice: the second broke into the clean-up with a traceback (or a second line and exit code).
    process, _ = stalled_run(runner, tmp_path)
    os.killpg(process.pid, first)
    time.sleep(0.02)
    os.killpg(process.pid, second)
    assert process.wait(30) == code
    assert_ended_with_one_line_and_no_report(process, tmp_path, line)


def test_workers_end_with_a_run_killed_outright(runner, tmp_path):
    # SIGKILL (a CI job's timeout) gives the run no chance to end its workers: the kernel ends them, and the run's
    # output pipes, which they held open, close, so that whoever reads them is not kept waiting.
    process, workers = stalled_run(runner, tmp_path)
    process.kill()
    process.communicate(timeout=30)  # both pipes at their end: no worker holds them
    deadline = time.monotonic() + 10
    while any(_state(pid) != "Z" for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(_state(pid) == "Z" for pid in workers)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


# The result cache

def test_a_new_version_of_a_library_behind_the_findings_or_scores_is_a_cache_miss(monkeypatch):
    import importlib.metadata

    import mtqa
    from mtqa.versions import installed_version

    checker = mtqa.Checker(mtqa.CheckerConfig(glossaries=(str(ROOT / "tests" / "corpus" / "glossary.yaml"),)))
    before = checker.signature()
    version = importlib.metadata.version
    for library in ("sacrebleu", "rapidfuzz", "jieba"):
        with monkeypatch.context() as patched:
            patched.setattr(importlib.metadata, "version", lambda name, library=library: (
                "99.0" if name == library else version(name)))
            installed_version.cache_clear()  # as a new process would find the library upgraded
            assert checker.signature() != before, library
        installed_version.cache_clear()
    assert checker.signature() == before


def test_a_new_numpy_is_a_miss_of_the_compiled_glossary_cache(monkeypatch):
    # A compiled glossary holds numpy arrays, which numpy 1 cannot unpickle from numpy 2.
    import importlib.metadata

    from mtqa.pickle_store import content_key, environment_digest
    from mtqa.versions import installed_version

    glossary = str(ROOT / "tests" / "corpus" / "glossary.yaml")
    before = content_key(("glossary",), [glossary])
    version = importlib.metadata.version
    with monkeypatch.context() as patched:
        patched.setattr(importlib.metadata, "version", lambda name: "1.24.0" if name == "numpy" else version(name))
        installed_version.cache_clear()
        environment_digest.cache_clear()  # as a new process would find numpy changed
        assert content_key(("glossary",), [glossary]) != before
    installed_version.cache_clear()
    environment_digest.cache_clear()
    assert content_key(("glossary",), [glossary]) == before


def test_cache_clear_with_an_empty_folder_name_clears_nothing(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from mtqa.cli import cli

    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    (tmp_path / "results.sqlite3").write_bytes(b"")
    result = CliRunner().invoke(cli, ["cache", "clear", "--cache-dir", ""])  # "$UNSET_VARIABLE"
    assert result.exit_code == 2
    assert "an empty value" in result.output
    assert (tmp_path / "results.sqlite3").exists()
