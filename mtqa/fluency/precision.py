"""The number format the fluency model computes in: fp32, bf16 (where the CPU multiplies it natively) or int8.

bf16 halves the work per multiply-add on CPUs with AVX512-BF16 or AMX and scores within rounding of fp32 (sentence
surprisal Pearson 0.9998 on WMT21); elsewhere PyTorch emulates it, several times slower than fp32, so `auto` takes
bf16 only where /proc/cpuinfo names the instructions. int8 runs fast on any x86-64 CPU but ranks translations less
well (bench/README.md). The signature records the format: scores compare only within one.
"""

from __future__ import annotations

from pathlib import Path

PRECISIONS = ("auto", "fp32", "bf16", "int8")
NATIVE_BF16_FLAGS = {"avx512_bf16", "amx_bf16"}


def resolve_precision(precision: str) -> str:
    """`auto` becomes bf16 on a CPU that has it natively, else fp32; the others stay as they are."""
    if precision == "auto":
        return "bf16" if native_bf16() else "fp32"
    return precision


def native_bf16(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    try:
        lines = cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:  # not Linux: no way to tell, so no bf16
        return False
    return any(line.startswith("flags") and NATIVE_BF16_FLAGS & set(line.split()) for line in lines)
