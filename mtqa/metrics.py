"""Reference-based scores with sacrebleu: BLEU, chrF++ and (on request) TER per article and for the batch, each with
the sacrebleu signature that records every setting behind the number.

An article's segment statistics are what sacrebleu sums for a corpus score, so they are computed once where the
article is checked (a worker process, a Dask worker) and the batch score is their sum, scored on the client: the
same numbers as one `corpus_score` over the whole batch.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence

from mtqa.display import clipped
from mtqa.errors import MtqaError
from mtqa.model import Document, Metric

METRIC_NAMES = ("BLEU", "chrF++", "TER")
# TER aligns every hypothesis with its reference by edit distance with shifts: on paragraph-length lines it costs
# more than every other check together, so it runs only when asked for.
DEFAULT_METRICS = ("BLEU", "chrF++")

# From this many lines ending in a tokenized period, the text looks tokenized, and BLEU scores it lower (sacrebleu's
# own rule).
TOKENIZED_LINES = 100
SegmentStatistics = dict[str, list]  # metric name -> sacrebleu's statistics, summed over the article's segments


def metric_names(requested: Iterable[str]) -> tuple[str, ...]:
    """The metrics named (case-insensitively, chrF for chrF++), in the order of METRIC_NAMES; MtqaError for others."""
    known = {name.lower(): name for name in METRIC_NAMES} | {"chrf": "chrF++"}
    chosen = set()
    for name in requested:
        if name.strip().lower() not in known:
            raise MtqaError(f"unknown metric '{clipped(name, 60)}' (known: {', '.join(METRIC_NAMES)})")
        chosen.add(known[name.strip().lower()])
    return tuple(name for name in METRIC_NAMES if name in chosen)


@functools.cache
def _metric(name: str):
    from sacrebleu.metrics import BLEU, CHRF, TER  # imported here: only batches with references need it

    # effective_order lets BLEU score short articles without zero n-gram counts; chrF++ is chrF with word bigrams.
    # force: sacrebleu's own warning about tokenized text (three lines for each article, from every worker, naming
    # an option of its own) is said once for the batch instead (tokenized_lines).
    metric = {"BLEU": BLEU(effective_order=True, force=True), "chrF++": CHRF(word_order=2), "TER": TER()}[name]
    # Each segment has one reference. sacrebleu learns this when it reads references, which a process that only sums
    # statistics (from workers, or the result cache) never does; its signature needs it.
    metric.num_refs = 1
    return metric


def segments(document: Document) -> tuple[list[str], list[str]]:
    """Hypothesis and reference segments: line by line when both have the same number of non-empty lines,
    otherwise the whole article as one segment."""
    hypothesis = [line.strip() for line in document.target.splitlines() if line.strip()]
    reference = [line.strip() for line in (document.reference or "").splitlines() if line.strip()]
    if len(hypothesis) != len(reference):
        return [" ".join(hypothesis)], [" ".join(reference)]
    return hypothesis, reference


def tokenized_lines(documents: Iterable[Document]) -> int:
    """How many of the lines BLEU scores end in a tokenized period (" ."), as sacrebleu counts them before it warns
    that the text looks tokenized (TOKENIZED_LINES)."""
    return sum(line.endswith(" .") for document in documents if document.reference
               for line in segments(document)[0])


def document_statistics(document: Document, names: Sequence[str] = DEFAULT_METRICS) -> SegmentStatistics:
    """The article's segment statistics for each metric; empty without a reference."""
    if not document.reference or not names:
        return {}
    from sacrebleu.utils import sum_of_lists

    hypotheses, references = segments(document)
    # sacrebleu's own per-segment statistics, summed: their sum is what corpus_score scores, and one row per article
    # is what a batch keeps (a row per segment held 7 KB per article for the batch's scores). The counts are whole
    # numbers, TER's reference length too with one reference, so summing them first changes no score.
    if not hypotheses:
        return {name: [] for name in names}  # nothing to score (a reference of white space only): no score, as before
    return {name: [sum_of_lists(_metric(name)._extract_corpus_statistics(hypotheses, [references]))]
            for name in names}


def scores(statistics: Mapping[str, list]) -> tuple[Metric, ...]:
    """The scores of summed statistics, in the order of METRIC_NAMES."""
    if not statistics:
        return ()  # an article without a reference
    results = []
    for name in METRIC_NAMES:
        if statistics.get(name):
            metric = _metric(name)
            value = metric._aggregate_and_compute(statistics[name]).score
            results.append(Metric(name, round(value, 2), metric.get_signature().format()))
    return tuple(results)


def batch_scores(statistics: Iterable[SegmentStatistics]) -> tuple[Metric, ...]:
    """The batch's scores: every article's segment statistics together, in batch order."""
    summed: dict[str, list] = {}
    for article in statistics:
        for name, rows in article.items():
            summed.setdefault(name, []).extend(rows)
    return scores(summed)
