"""What every renderer is given, checked where a library caller gives it: a wrong argument met deep inside a
renderer was a bare AttributeError."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from mtqa.errors import MtqaError
from mtqa.gate import Verdict
from mtqa.model import Report

Renderer = TypeVar("Renderer", bound=Callable)


def takes_report(renderer: Renderer) -> Renderer:
    """The renderer, refusing with one MtqaError a report or verdict that is not one."""

    @functools.wraps(renderer)
    def checked(report, verdict, *args, **kwargs):
        if not isinstance(report, Report):
            raise MtqaError(f"{renderer.__name__} takes the Report that Checker.check returned, not "
                            f"{type(report).__name__}")
        if not isinstance(verdict, Verdict):
            raise MtqaError(f"{renderer.__name__} takes the Verdict that Checker.judge returned, not "
                            f"{type(verdict).__name__}")
        return renderer(report, verdict, *args, **kwargs)

    return checked  # type: ignore[return-value]
