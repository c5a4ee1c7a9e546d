"""Running one adversarial case in its own process (forked by forkserver.py), bounded in time and memory, and the
checks every case shares."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

from mtqa.errors import MtqaError
from mtqa.io import BILINGUAL_SUFFIXES, load_documents

from .generate import Case
from .outcome import Run

MEMORY_LIMIT = 4 << 30  # a billion laughs must fail, not take the machine with it
ERROR = "mtqa: error: "
WARNING = "mtqa: warning: "
# Every line of --format github output is a workflow command that mtqa wrote: one of these, one line.
GITHUB_COMMAND = re.compile(r"::(error|warning|notice)( [^:\r\n]*)?::[^\r\n]*")
# Characters from input that must never reach a terminal or a log raw.
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# click's own usage errors (a bad option value) end with this line; it names the option, which is the place.
CLICK_USAGE = re.compile(r"Error: Invalid value for '--[a-z-]+'")


class ForkServer:
    """One forkserver.py process; `run` sends it a request and waits for the answer. Not shared between threads."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("forkserver.py"))],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run(self, request: dict) -> dict:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, "the fork server died"
        return json.loads(answer)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def run_case(case: Case, folder: Path, server: ForkServer) -> tuple[Run, dict[str, str]]:
    """Run the case in `folder` (its inputs already written); also returns the inputs' state before the run."""
    before = snapshot(folder)
    args = [*case.args]
    if args[0] == "check" and "--json" not in args:  # click keeps the last --json: the case's own must win
        args += ["--json", "out/report.json"]  # for the span invariant; out/ is no input
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GITHUB_", "MTQA_NO"))}
    env.update({"MTQA_CACHE": str(folder / "out" / "cache"), "NO_COLOR": "1", "COLUMNS": "120", **case.env})
    streams = folder / "out" / "stdout", folder / "out" / "stderr"
    answer = server.run({"args": args, "cwd": str(folder), "env": env, "timeout": case.timeout,
                         "memory": MEMORY_LIMIT, "stdout": "/dev/full" if case.stdout_full else str(streams[0]),
                         "stderr": str(streams[1])})
    if answer["timed_out"]:
        raise AssertionError(f"no answer within {case.timeout:.0f} s (a hang)")
    stdout = "" if case.stdout_full else streams[0].read_bytes().decode("utf-8", "replace")
    stderr = streams[1].read_bytes().decode("utf-8", "replace")
    return Run(folder, answer["status"], stdout, stderr, answer["seconds"]), before


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under `folder` except out/: its kind, and the hash of a file or the target of a link."""
    state = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] == "out":
            continue
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            state[str(relative)] = "link -> " + os.readlink(path)
        elif stat.S_ISREG(mode):
            state[str(relative)] = "file " + hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            state[str(relative)] = f"kind {stat.S_IFMT(mode):o}"
    return state


def assert_outcome(case: Case, run: Run, before: dict[str, str]) -> None:
    """The promises every case shares, then the case's own expectations."""
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode >= 0, f"killed by signal {-run.returncode}"
    assert run.returncode in case.exits, f"exit {run.returncode}, expected {sorted(case.exits)}:\n{run.stderr[-2000:]}"
    assert snapshot(run.folder) == before, "an input was changed, replaced or removed"
    _assert_no_foreign_commands(case, run)
    if run.returncode == 2:
        _assert_error_lines(case, run)
    else:
        _assert_checked(case, run)
    for expectation in case.expectations:
        expectation(run)


def _assert_error_lines(case: Case, run: Run) -> None:
    lines = run.stderr_lines()
    if CLICK_USAGE.search(run.stderr):  # a bad option value: click's usage message names the option
        assert re.search(case.error or "", lines[-1]), lines
        return
    errors = [line for line in lines if line.startswith(ERROR)]
    others = [line for line in lines if not line.startswith((ERROR, WARNING))]
    assert not others, f"stderr lines that are neither errors nor warnings: {others}"
    assert len(errors) == case.error_lines, f"{len(errors)} error line(s), expected {case.error_lines}: {errors}"
    for line in errors:
        assert case.error and re.search(case.error, line), f"{line!r} does not name {case.error!r}"


def _assert_checked(case: Case, run: Run) -> None:
    if case.args[0] != "check" or "--json" in case.args:
        return
    report = run.report()
    targets = _targets(run.folder)
    for document in report["documents"]:
        assert document["id"] in targets, f"a document mtqa did not read: {document['id']!r}"
        target = targets[document["id"]]
        for finding in document["findings"]:
            span = finding["span"]
            assert 0 <= span["start"] <= span["end"] <= len(target), finding
            assert target[span["start"]:span["end"]] == finding["text"], finding
            for related in finding["related"]:
                assert 0 <= related["start"] <= related["end"] <= len(target), finding


def _assert_no_foreign_commands(case: Case, run: Run) -> None:
    """No line on stdout or stderr starts a workflow command unless mtqa wrote it as one; no raw control char."""
    github = "github" in case.args
    for line in run.stdout.splitlines():
        if github:
            assert GITHUB_COMMAND.fullmatch(line), f"stdout line not written by mtqa: {line!r}"
        else:
            assert not line.lstrip().startswith("::"), f"stdout line starts a workflow command: {line!r}"
    for line in run.stderr.splitlines():
        assert not line.lstrip().startswith("::"), f"stderr line starts a workflow command: {line!r}"
    for name, stream in (("stdout", run.stdout), ("stderr", run.stderr)):
        raw = RAW_CONTROLS.search(stream)
        assert raw is None, f"raw control character {raw.group()!r} on {name}"


def _bilingual_targets(folder: Path, relative: str) -> dict[str, str]:
    """Article id -> target text of a bilingual file, read as mtqa reads it from the case's folder."""
    here = os.getcwd()
    os.chdir(folder)  # ids name the file as the command line gave it: relative to the case's folder
    try:
        return {document.id: document.target for document in load_documents([relative])}
    except MtqaError:
        return {}
    finally:
        os.chdir(here)


def _targets(folder: Path) -> dict[str, str]:
    """Article id -> text as mtqa should have read it: .txt/.md by relative path, .jsonl lines by id."""
    targets = {}
    files = [Path(top, name) for top, _, names in os.walk(folder, followlinks=True) for name in names]
    for path in files:
        if path.relative_to(folder).parts[0] == "out" or not path.is_file():
            continue
        relative = str(path.relative_to(folder))
        if path.suffix in (".txt", ".md"):
            try:
                targets[relative] = path.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError:
                continue
        elif path.suffix in BILINGUAL_SUFFIXES:
            # The tag-free text of a bilingual file has no independent reading simpler than the reader itself: the
            # span invariant is held against the text mtqa's reader gives.
            targets.update(_bilingual_targets(folder, relative))
        elif path.suffix == ".jsonl":
            for line in path.read_bytes().splitlines():
                try:
                    record = json.loads(line)
                except (ValueError, RecursionError):
                    continue
                if isinstance(record, dict) and isinstance(record.get("target"), str):
                    targets[str(record.get("id"))] = record["target"]
    return targets
