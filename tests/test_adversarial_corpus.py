"""The adversarial corpus (tests/adversarial/generate.py), each case run as `mtqa` in its own process: bad input
ends with exit 2 and one line naming the file and place, anything else is checked correctly, nothing hangs, no
input is touched, and no workflow command reaches the log unless mtqa wrote it."""

from __future__ import annotations

import os
import queue
from concurrent.futures import ThreadPoolExecutor

import pytest
from adversarial.generate import CASES, write_case
from adversarial.runner import ForkServer, assert_outcome, run_case

# Cases that fail until the fix of their mechanism is in; strict, so a fixed one must lose its mark.
NOT_YET_FIXED: dict[str, str] = {}
WORKERS = 2


def _param(case):
    marks = [pytest.mark.xfail(strict=True, reason=NOT_YET_FIXED[case.name])] if case.name in NOT_YET_FIXED else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory):
    """Every selected case run once, two at a time (each is a process of its own), keyed by name."""
    selected = [item.callspec.params["case"] for item in request.session.items
                if getattr(item, "callspec", None) and "case" in item.callspec.params
                and item.module is request.module]
    root = tmp_path_factory.mktemp("adversarial")
    servers = [ForkServer() for _ in range(WORKERS)]
    free = queue.Queue()
    for server in servers:
        free.put(server)

    def run(case):
        folder = root / case.name
        write_case(case, folder)
        server = free.get()
        try:
            return case.name, run_case(case, folder, server)
        except AssertionError as error:  # a hang: reported by the case's own test
            return case.name, error
        finally:
            free.put(server)

    try:
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            # The slowest first, so that the other worker gets through the rest meanwhile.
            ordered = sorted((case for case in selected if not _skipped(case)), key=lambda case: -case.timeout)
            return dict(pool.map(run, ordered))
    finally:
        for server in servers:
            server.close()


def _skipped(case) -> str | None:
    if case.needs_unprivileged and os.geteuid() == 0:
        return "root reads a file whatever its mode"
    return None


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_case(case, outcomes):
    if _skipped(case):
        pytest.skip(_skipped(case))
    outcome = outcomes[case.name]
    if isinstance(outcome, AssertionError):
        raise outcome
    run, before = outcome
    assert_outcome(case, run, before)


def test_case_names_are_unique():
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))
