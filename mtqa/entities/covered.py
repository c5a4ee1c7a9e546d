"""A set of text spans that answers 'does this overlap any of them' in logarithmic time."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


class CoveredSpans:
    """Spans already accounted for, merged, answering 'does this overlap any of them' by bisection."""

    def __init__(self, spans) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self._starts, end) - 1  # the last merged span starting before `end`
        return index >= 0 and self._ends[index] > start

    def contains(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self._starts, start) - 1  # the last merged span starting at or before `start`
        return index >= 0 and self._ends[index] >= end


def first_without_overlap(items: Iterable[T]) -> list[T]:
    """The items, taken in the order given (best first), that overlap none taken before; in text order.
    Each item has a `span`."""
    chosen: list[T] = []
    starts: list[int] = []
    for item in items:
        start, end = item.span
        index = bisect.bisect_left(starts, start)
        if (index == 0 or chosen[index - 1].span.end <= start) and (index == len(chosen) or end <= starts[index]):
            chosen.insert(index, item)
            starts.insert(index, start)
    return chosen
