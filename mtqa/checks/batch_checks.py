"""The checks across a batch, with the rule codes each can report: apart from the article checks' registry, so that a
run whose articles all come from the result cache imports none of those."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from mtqa.checks.batch_consistency import check_batch_consistency
from mtqa.checks.batch_context import BatchView
from mtqa.model import Finding


@dataclass(frozen=True)
class BatchCheck:
    """A check across the articles of a run: (what the batch steps see of every article, the findings each already
    has) -> new findings by document id."""

    function: Callable[[BatchView, Mapping[str, list[Finding]]], Mapping[str, list[Finding]]]
    codes: frozenset[str]


BATCH_CHECKS: tuple[BatchCheck, ...] = (
    BatchCheck(check_batch_consistency, frozenset({"MTQ202"})),
)
