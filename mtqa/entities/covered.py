"""A set of text spans that answers 'does this overlap any of them' in logarithmic time."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
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


class ClaimedText:
    """The characters of a text claimed by spans so far. Whether a span is free, and claiming it, cost its length,
    whatever was claimed before: a check that keeps only non-overlapping spans stays linear."""

    def __init__(self, length: int) -> None:
        self._taken = bytearray(length)

    def is_free(self, start: int, end: int) -> bool:
        return self._taken.find(1, start, end) == -1

    def mark(self, start: int, end: int) -> None:
        self._taken[start:end] = b"\x01" * (end - start)

    def claim(self, start: int, end: int) -> bool:
        """Claim [start, end) unless it overlaps a claimed span; whether it was claimed."""
        if not self.is_free(start, end):
            return False
        self.mark(start, end)
        return True


def first_without_overlap(items: Iterable[T]) -> list[T]:
    """The items, taken in the order given (best first), that overlap none taken before; in text order.
    Each item has a `span`. Cost: the total length of the spans (ClaimedText)."""
    items = list(items)
    claimed = ClaimedText(max((item.span[1] for item in items), default=0))
    chosen = [item for item in items if claimed.claim(*item.span)]
    return sorted(chosen, key=lambda item: item.span[0])


class SpansInPlace:
    """Items whose first two fields are a span's start and end (NameSpan, Span), answering 'which lie inside this
    range' in time that grows with the answer, not with all the items: a long article's every aligned segment asks
    for its own capitalised runs. Answers keep the order the items were given in."""

    def __init__(self, items: Sequence[T]) -> None:
        self._items = items
        self._by_start = sorted(range(len(items)), key=lambda index: items[index][0])
        self._starts = [items[index][0] for index in self._by_start]
        # The furthest end of the items up to each, in order of start: where looking further back cannot overlap.
        self._reach = list(itertools.accumulate((items[index][1] for index in self._by_start), max))

    def inside(self, start: int, end: int) -> list[T]:
        first, last = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        return [self._items[index] for index in sorted(self._by_start[first:last]) if self._items[index][1] <= end]

    def overlapping(self, start: int, end: int) -> list[int]:
        """The indexes, in the order given, of the items that overlap [start, end) (as Span.overlaps)."""
        found = []
        position = bisect.bisect_left(self._starts, end) - 1  # the last item starting before `end`
        while position >= 0 and self._reach[position] > start:
            index = self._by_start[position]
            if self._items[index][1] > start:
                found.append(index)
            position -= 1
        return sorted(found)
