"""bench/all.py: one Markdown table of figures beside their baselines; a row that cannot be measured says why."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
HEADER = "| figure | mtqa | baseline (same run) | ratio | goal |"


def cells(line: str) -> list[str]:
    assert line.startswith("|") and line.endswith("|"), line
    return [cell.strip() for cell in line[1:-1].split("|")]


@pytest.fixture
def bench_all(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    import all as bench_all

    return bench_all


def test_quick_references_row_prints_one_table_of_measured_figures():
    folders_before = set((BENCH / "out").glob("all-*"))
    finished = subprocess.run([sys.executable, "bench/all.py", "--quick", "--only", "references", "--repeat", "1"],
                              cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert finished.returncode == 0, finished.stderr
    lines = finished.stdout.strip().splitlines()
    assert lines[0].startswith("Machine: ") and "cores" in lines[0] and "load average" in lines[0]
    table = [line for line in lines if line.startswith("|")]
    assert table[0] == HEADER
    assert cells(table[1]) == ["---"] * 5
    rows = [cells(line) for line in table[2:]]
    assert [row[0].split(":")[0] for row in rows] == ["references", "references"]
    for figure, mtqa, baseline, ratio, _goal in rows:
        seconds, base = float(mtqa), float(baseline.split()[0])
        assert 0 < seconds < 600 and 0 < base < 600, figure
        # The ratio is of the unrounded seconds: within the rounding of the two figures shown.
        low, high = (seconds - 0.005) / (base + 0.005) - 0.005, (seconds + 0.005) / (base - 0.005) + 0.005
        assert ratio.endswith("x") and low <= float(ratio[:-1]) <= high, (figure, ratio)
    assert rows[0][4] == "< 2x"
    # The run's scratch folder is gone.
    assert set((BENCH / "out").glob("all-*")) <= folders_before


def test_a_row_that_fails_is_one_n_a_row_with_the_reason_and_the_table_goes_on(bench_all, monkeypatch, tmp_path):
    def broken(settings):
        yield bench_all.Row("broken: first figure", "1.00", "2.00", "0.50x", "")
        raise FileNotFoundError("bench/fluency.py: no such file")

    monkeypatch.setitem(bench_all.ROWS, "fluency", broken)
    settings = bench_all.Settings(quick=True, repeat=1, folder=tmp_path)
    rows = list(bench_all.measured("fluency", settings))
    assert rows[0].figure == "broken: first figure"
    assert rows[1].figure == "fluency"
    assert rows[1].mtqa == "n/a (FileNotFoundError: bench/fluency.py: no such file)"
    assert cells(bench_all.table(rows).splitlines()[-1])[1].startswith("n/a (")


def test_best_of_takes_each_measure_least_time_with_the_measures_in_turns(bench_all):
    calls: list[str] = []
    times = {"mtqa": iter([3.0, 1.0, 2.0]), "baseline": iter([5.0, 6.0, 4.0])}

    def measure(name):
        def run():
            calls.append(name)
            return next(times[name])
        return run

    best = bench_all.best_of(3, mtqa=measure("mtqa"), baseline=measure("baseline"))
    assert best == {"mtqa": 1.0, "baseline": 4.0}
    assert calls == ["mtqa", "baseline"] * 3
