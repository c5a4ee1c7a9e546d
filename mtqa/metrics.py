"""Reference-based scores with sacrebleu: BLEU, chrF++ and TER per article and for the batch, each with the
sacrebleu signature that records every setting behind the number."""

from __future__ import annotations

from mtqa.model import Document, Metric


def _metrics():
    from sacrebleu.metrics import BLEU, CHRF, TER  # imported here: only batches with references need it

    # effective_order lets BLEU score short articles without zero n-gram counts; chrF++ is chrF with word bigrams.
    return (("BLEU", BLEU(effective_order=True)), ("chrF++", CHRF(word_order=2)), ("TER", TER()))


def segments(document: Document) -> tuple[list[str], list[str]]:
    """Hypothesis and reference segments: line by line when both have the same number of non-empty lines,
    otherwise the whole article as one segment."""
    hypothesis = [line.strip() for line in document.target.splitlines() if line.strip()]
    reference = [line.strip() for line in (document.reference or "").splitlines() if line.strip()]
    if len(hypothesis) != len(reference):
        return [" ".join(hypothesis)], [" ".join(reference)]
    return hypothesis, reference


def score(hypotheses: list[str], references: list[str]) -> tuple[Metric, ...]:
    results = []
    for name, metric in _metrics():
        value = metric.corpus_score(hypotheses, [references]).score
        results.append(Metric(name, round(value, 2), metric.get_signature().format()))
    return tuple(results)


def document_metrics(document: Document) -> tuple[Metric, ...]:
    if not document.reference:
        return ()
    return score(*segments(document))


def batch_metrics(documents: list[Document]) -> tuple[Metric, ...]:
    hypotheses: list[str] = []
    references: list[str] = []
    for document in documents:
        if document.reference:
            ours, theirs = segments(document)
            hypotheses += ours
            references += theirs
    return score(hypotheses, references) if hypotheses else ()
