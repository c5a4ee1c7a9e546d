"""An error raised where articles are checked (a worker process, a Dask worker), carried back to the client as a
value and raised there, so that it reads as it would in a run of one process.

Returned rather than raised: an exception whose class takes more than its message (mtqa.errors.InputError) cannot
be rebuilt from a pickle, which breaks a process pool, and Dask logs a raised one with its traceback on every worker.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass

from mtqa.errors import MtqaError


@dataclass(frozen=True)
class Failure:
    error: BaseException

    def raise_here(self):
        raise self.error


def guarded(work: Callable[[], object]) -> object:
    """The result of `work()`, or a Failure holding what it raised (MemoryError included), in a form that pickles."""
    try:
        return work()
    except Exception as error:  # noqa: BLE001 - every error is the client's to report
        return Failure(_portable(error))


def unwrapped(outcome: object) -> object:
    if isinstance(outcome, Failure):
        outcome.raise_here()
    return outcome


def _portable(error: Exception) -> Exception:
    """The error itself where it survives a pickle; else one of a class that does, with the same message."""
    try:
        pickle.loads(pickle.dumps(error))
        return error.with_traceback(None)
    except Exception:  # noqa: BLE001 - any failure to rebuild it means it cannot travel as it is
        if isinstance(error, MtqaError):
            return MtqaError(str(error))
        return RuntimeError(f"{type(error).__name__}: {error}")
