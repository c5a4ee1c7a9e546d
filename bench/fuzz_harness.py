"""What the atheris harnesses (`bench/fuzz_*.py`) share: seed corpora, a scratch file, and crash bookkeeping.

A harness calls `fuzz(name, target, seeds)`. Each input goes to `target(data)`; mtqa's own errors (MtqaError and
its InputError/ConfigError) are the expected way to refuse bad input, anything else is a crash. By default a run
keeps going after a crash so that a few minutes find every distinct one, not only the first: each new crash
(exception type and the innermost mtqa frame) is saved under bench/out/fuzz/NAME/crashes/ as the input (.bin) and
its traceback (.txt). With MTQA_FUZZ_STRICT=1 the first crash stops the run the usual libFuzzer way, which is what
replaying one saved input wants: `MTQA_FUZZ_STRICT=1 python bench/fuzz_readers.py bench/out/fuzz/readers/crashes/X.bin`.
A segmentation fault, a timeout or running out of memory still ends the run; libFuzzer saves that input under
bench/out/fuzz/NAME/ (crash-*, timeout-*, oom-*).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "fuzz"
# A few KB is enough to reach every branch of the parsers and keeps one execution in the millisecond range.
DEFAULTS = ("-max_len=4096", "-timeout=20", "-rss_limit_mb=3072")


def repository_files(*patterns: str) -> list[bytes]:
    """Small valid inputs from the repository (tests/, glossaries/, mtqa/data/) as seeds."""
    seeds = []
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file() and path.stat().st_size <= 64_000:
                seeds.append(path.read_bytes())
    return seeds


class Scratch:
    """One temporary folder per run; `write(name, data)` gives the path of a file holding `data`."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="mtqa-fuzz-"))

    def write(self, name: str, data: bytes) -> str:
        path = self.folder / name
        path.write_bytes(data)
        return str(path)


class CrashLog:
    """Distinct crashes of one run, saved as they are found."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seen: set[str] = set()

    def record(self, data: bytes, error: BaseException) -> None:
        signature = _signature(error)
        if signature in self.seen:
            return
        self.seen.add(signature)
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = hashlib.sha1(signature.encode()).hexdigest()[:12]
        (self.folder / f"{stem}.bin").write_bytes(data)
        text = "".join(traceback.format_exception(error))
        (self.folder / f"{stem}.txt").write_text(f"{signature}\n\n{text}", encoding="utf-8")
        print(f"\n#CRASH {signature} -> {self.folder / stem}.bin", file=sys.stderr, flush=True)


def _escaped(word: bytes) -> str:
    """A token as a libFuzzer dictionary writes it: printable ASCII as is, everything else as \\xNN."""
    return "".join(chr(b) if 32 <= b < 127 and b not in b'"\\' else f"\\x{b:02x}" for b in word)


def _signature(error: BaseException) -> str:
    """The exception type and the innermost frame inside mtqa (else the innermost frame at all)."""
    frames = traceback.extract_tb(error.__traceback__)
    inside = [frame for frame in frames if f"{os.sep}mtqa{os.sep}" in frame.filename] or frames
    where = f"{Path(inside[-1].filename).name}:{inside[-1].lineno}" if inside else "?"
    return f"{type(error).__name__} at {where}"


def fuzz(name: str, target: Callable[[bytes], None], seeds: Iterable[bytes], words: Iterable[bytes] = ()) -> None:
    """Run libFuzzer over `target` with the seeds in bench/out/fuzz/NAME/corpus (written there if missing) and
    `words` as its dictionary: tokens that mutations splice in (YAML aliases, JSON escapes, TOML tables)."""
    from mtqa.errors import MtqaError

    folder = OUT / name
    corpus = folder / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        path = corpus / f"seed-{hashlib.sha1(seed).hexdigest()[:16]}"
        if not path.exists():
            path.write_bytes(seed)
    strict = os.environ.get("MTQA_FUZZ_STRICT") == "1"
    crashes = CrashLog(folder / "crashes")

    def one_input(data: bytes) -> None:
        try:
            target(data)
        except MtqaError:
            pass
        except Exception as error:  # noqa: BLE001 - anything but mtqa's own errors is what the fuzzer looks for
            if strict:
                raise
            crashes.record(data, error)

    args = [sys.argv[0], *DEFAULTS, f"-artifact_prefix={folder}{os.sep}"]
    words = list(words)
    if words:
        dictionary = folder / "dictionary"
        dictionary.write_text("".join(f'"{_escaped(word)}"\n' for word in words), encoding="ascii")
        args.append(f"-dict={dictionary}")
    args += sys.argv[1:]
    if not any(not arg.startswith("-") for arg in sys.argv[1:]):
        args.append(str(corpus))
    atheris.Setup(args, one_input)
    atheris.Fuzz()  # libFuzzer ends the process itself; its last line counts the runs
