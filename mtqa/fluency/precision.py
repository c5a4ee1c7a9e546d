"""The number format the fluency model computes in: fp32 (the default), bf16 or int8.

fp32 scores a sentence to the same bits whatever batch it lands in (mtqa.fluency.scorer), so a cached re-run, a run
with workers and a fresh run report the same. bf16 halves the work per multiply-add on CPUs with AVX512-BF16 or AMX
and scores within rounding of fp32 (sentence surprisal Pearson 0.9998 on WMT21), but its rounding moves with the
shape of each batch (a token's surprisal by up to about 1 nat): the same article can score a little differently
beside other articles, from the cache or on other workers. Elsewhere PyTorch emulates bf16, several times slower
than fp32. int8 runs fast on any x86-64 CPU but ranks translations less well (bench/README.md), and its activations
are quantised per batch. `auto` is fp32; `native_bf16` tells where asking for bf16 pays. The signature records the
format: scores compare only within one.
"""

from __future__ import annotations

from pathlib import Path

PRECISIONS = ("auto", "fp32", "bf16", "int8")
NATIVE_BF16_FLAGS = {"avx512_bf16", "amx_bf16"}


def resolve_precision(precision: str) -> str:
    """`auto` becomes fp32, the one format whose scores do not move with the batch; the others stay as they are."""
    return "fp32" if precision == "auto" else precision


def native_bf16(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    try:
        lines = cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:  # not Linux: no way to tell, so no bf16
        return False
    return any(line.startswith("flags") and NATIVE_BF16_FLAGS & set(line.split()) for line in lines)
