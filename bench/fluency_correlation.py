"""How well mtqa's fluency scores track human MQM judgements on WMT21 zh->en, and the calibration behind them.

    python bench/fluency_correlation.py                   # the figures below; ~10 min the first time, then cached
    python bench/fluency_correlation.py --calibrate       # also print the constants for mtqa/fluency/calibration.py
    python bench/fluency_correlation.py --precision int8  # the same in another number format [fp32]

Every system's translation of every segment is scored as mtqa scores an article (one article per system and
document, a segment per line, nothing masked). A segment's fluency is the token-weighted mean of its sentences'
scores; an empty translation scores 0. Its fluency deficit, the sum over its sentences of tokens x (100 - score) /
100, adds up like an MQM penalty. Printed:

(a) the mean over segments of Kendall's tau_b between the 8 systems' scores for the segment and their MQM scores
    (segments where all 8 MQM scores tie are left out, a score that ties all 8 counts as tau 0), beside sentence
    chrF against the reference, with paired-bootstrap intervals of the differences;
(b) tau_b over all system-segments, beside target length alone;
(c) Spearman's rho between the 8 systems' mean fluency and their mean MQM;
and how the MQM of segments with a low-fluency or unexpected-phrase finding compares with the rest.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy
import sacrebleu
from scipy.stats import kendalltau, spearmanr

from mtqa.fluency import FluencySettings, load_scorer, score_documents
from mtqa.fluency.calibration import PERCENTS
from mtqa.fluency.documents import calibration_for
from mtqa.fluency.measure import candidate_words, measure_sentence
from mtqa.fluency.precision import PRECISIONS
from mtqa.fluency.sentences import split_sentences
from mtqa.model import Document

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "../shared/data/wmt21-zhen-mqm.jsonl"
REFERENCE = "ref"  # the pseudo-system holding the human references: calibration only, never compared with MQM
CHRF = "reference chrF (needs the reference)"
RAW = "raw mean surprisal (lower is better)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", help="a Hugging Face causal-LM folder [the prepared packaged SmolLM2]")
    parser.add_argument("--cache-dir", help="the fluency cache folder [mtqa's default]")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--precision", choices=PRECISIONS, default="fp32",
                        help="the model's number format [fp32: the reference]")
    parser.add_argument("--calibrate", action="store_true", help="print the calibration constants")
    args = parser.parse_args()
    print("$ python " + " ".join(sys.argv))

    segments = [json.loads(line) for line in args.data.open(encoding="utf-8") if line.strip()]
    systems = sorted(segments[0]["mt"])
    documents, where = _articles(segments, [*systems, REFERENCE])
    settings = FluencySettings(model=args.model, cache_dir=args.cache_dir, threads=args.threads,
                               precision=args.precision)
    scorer = load_scorer(settings)
    began = time.perf_counter()
    _, findings, summary = score_documents(documents, {}, scorer, settings)
    print(f"scored {summary.sentences} sentences in {time.perf_counter() - began:.0f} s "
          f"({summary.cache_hits} from the cache)\nsignature: {summary.signature}\n")

    # The same sentences again (from the cache, or scored once more without it) for per-segment measures.
    sentences = [(doc, span) for doc in documents for span in split_sentences(doc.target)]
    tokens = scorer.score([doc.target[span.start:span.end] for doc, span in sentences])
    per_segment = defaultdict(list)
    for (doc, span), toks in zip(sentences, tokens, strict=True):
        measured = measure_sentence(doc.target, span, toks, [], calibration_for(scorer))
        if measured is not None:
            per_segment[where[doc.id][doc.target.count("\n", 0, span.start)]].append((doc, span, toks, measured))

    if args.calibrate:
        _calibrate(per_segment)
    _correlations(segments, systems, per_segment, documents, findings, where)


def _articles(segments: list[dict], systems: list[str]) -> tuple[list[Document], dict[str, list[tuple]]]:
    """One document per system and WMT document, a segment per line; `where[doc id][line]` is (seg_id, system)."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for segment in segments:
        by_doc[segment["doc"]].append(segment)
    documents, where = [], {}
    for system in systems:
        for name, items in by_doc.items():
            items = sorted(items, key=lambda s: s["seg_id"])
            lines = [s["ref"] if system == REFERENCE else s["mt"][system] for s in items]
            doc_id = f"{system}/{name}"
            documents.append(Document(doc_id, "\n".join(line.replace("\n", " ") for line in lines)))
            where[doc_id] = [(s["seg_id"], system) for s in items]
    return documents, where


def _segment_fluency(items) -> float:
    tokens = sum(m.fluency.tokens for *_, m in items)
    return sum(m.fluency.score * m.fluency.tokens for *_, m in items) / tokens if items else 0.0


def _segment_surprisal(items) -> float:
    tokens = sum(m.fluency.tokens for *_, m in items)
    return sum(m.fluency.mean_surprisal * m.fluency.tokens for *_, m in items) / tokens if items else 99.0


def _deficit(items) -> float:
    """Sum over sentences of tokens x (100 - score) / 100: like an MQM penalty, it grows with the text's length."""
    return sum(m.fluency.tokens * (100 - m.fluency.score) / 100 for *_, m in items) if items else 1e9


def _paired_bootstrap(taus, baseline, resamples: int = 2000) -> tuple[float, float, float]:
    """The 95% interval of mean(taus) - mean(baseline) over segments drawn with replacement, and how often the
    difference is above 0."""
    draws = numpy.random.default_rng(0).integers(0, len(taus), size=(resamples, len(taus)))
    differences = (taus[draws] - baseline[draws]).mean(axis=1)
    low, high = numpy.percentile(differences, [2.5, 97.5])
    return low, high, float((differences > 0).mean())


@functools.cache
def _chrf(hypothesis: str, reference: str) -> float:
    return sacrebleu.sentence_chrf(hypothesis, [reference]).score


def _correlations(segments, systems, per_segment, documents, findings, where) -> None:
    by_id = {s["seg_id"]: s for s in segments}
    signals = {
        RAW: lambda seg, sys: -_segment_surprisal(per_segment[(seg, sys)]),
        "mtqa fluency score": lambda seg, sys: _segment_fluency(per_segment[(seg, sys)]),
        "fluency deficit x tokens (lower better)": lambda seg, sys: -_deficit(per_segment[(seg, sys)]),
        "target length (shorter is better)": lambda seg, sys: -len(by_id[seg]["mt"][sys]),
        CHRF: lambda seg, sys: _chrf(by_id[seg]["mt"][sys], by_id[seg]["ref"]),
    }
    print("(a) mean per-segment Kendall tau_b, 8 systems per segment, against MQM")
    taus = {}
    for name, signal in signals.items():
        taus[name] = []
        for segment in segments:
            scores = [segment["mqm"][system] for system in systems]
            if len(set(scores)) == 1:
                continue
            tau = kendalltau([signal(segment["seg_id"], system) for system in systems], scores).statistic
            taus[name].append(0.0 if math.isnan(tau) else tau)
        print(f"    {name:40s} {statistics.fmean(taus[name]):+.3f}  ({len(taus[name])} segments)")
    print("    differences, by a paired bootstrap over the segments (2,000 resamples):")
    for name in ("mtqa fluency score", "fluency deficit x tokens (lower better)"):
        for baseline in (CHRF, RAW):
            low, high, above = _paired_bootstrap(numpy.array(taus[name]), numpy.array(taus[baseline]))
            print(f"    {name.split(' (')[0]} - {baseline.split(' (')[0]}: 95% interval {low:+.3f} to {high:+.3f}, "
                  f"above 0 in {above:.0%}")

    print("(b) Kendall tau_b over all system-segments against MQM")
    pairs = [(segment["seg_id"], system) for segment in segments for system in systems]
    scores = [by_id[seg]["mqm"][system] for seg, system in pairs]
    for name, signal in signals.items():
        print(f"    {name:40s} {kendalltau([signal(*pair) for pair in pairs], scores).statistic:+.3f}")

    print("(c) system level: Spearman rho between mean fluency and mean MQM, 8 systems")
    fluency = {system: statistics.fmean(_segment_fluency(per_segment[(s["seg_id"], system)]) for s in segments)
               for system in systems}
    mqm = {system: statistics.fmean(s["mqm"][system] for s in segments) for system in systems}
    print(f"    rho {spearmanr([fluency[s] for s in systems], [mqm[s] for s in systems]).statistic:+.3f}")
    for system in sorted(systems, key=mqm.get, reverse=True):
        print(f"    {system:12s} MQM {mqm[system]:+6.2f}  fluency {fluency[system]:5.1f}")

    print("findings against MQM: mean MQM of the system-segments with a finding of the rule, and of the rest")
    targets = {doc.id: doc.target for doc in documents}
    for rule in ("MTQ501", "MTQ502"):
        flagged = {where[doc_id][targets[doc_id].count("\n", 0, f.span.start)]
                   for doc_id, doc_findings in findings.items() if not doc_id.startswith(REFERENCE + "/")
                   for f in doc_findings if f.rule == rule}
        inside = [by_id[seg]["mqm"][system] for seg, system in flagged]
        outside = [by_id[seg]["mqm"][system] for seg, system in pairs if (seg, system) not in flagged]
        print(f"    {rule}: {len(inside)} segments, mean MQM {statistics.fmean(inside) if inside else math.nan:+.2f}"
              f" vs {statistics.fmean(outside):+.2f} for the other {len(outside)}")


def _calibrate(per_segment) -> None:
    mt = [m for (_, system), items in per_segment.items() if system != REFERENCE for *_, m in items]
    n = numpy.array([m.fluency.tokens for m in mt], dtype=float)
    total = numpy.array([(m.fluency.mean_surprisal - m.fluency.mean_rarity) * m.fluency.tokens for m in mt])
    (c, d), *_ = numpy.linalg.lstsq(numpy.vstack([n, numpy.ones_like(n)]).T, total, rcond=None)
    s = math.sqrt(numpy.mean(((total - c * n - d) / numpy.sqrt(n)) ** 2))
    z = (total - c * n - d) / (s * numpy.sqrt(n))
    quantiles = numpy.percentile(z, PERCENTS)
    words = [surprisal for (_, system), items in per_segment.items() if system == REFERENCE
             for doc, span, toks, _ in items for _, surprisal in candidate_words(doc.target, span, toks)]
    peak = numpy.percentile(words, 99.5)
    mt_words = [surprisal for (_, system), items in per_segment.items() if system != REFERENCE
                for doc, span, toks, _ in items for _, surprisal in candidate_words(doc.target, span, toks)]
    print(f"calibration from {len(mt)} MT sentences and {len(words)} reference words:")
    print(f"C, D, S = {c:.4f}, {d:.4f}, {s:.4f}")
    print(f"PEAK_NATS = {peak:.1f}  (MT words at or above it: {numpy.mean(numpy.array(mt_words) >= peak):.2%}, "
          f"reference words: {numpy.mean(numpy.array(words) >= peak):.2%})")
    print("QUANTILES = (" + ", ".join(f"{q:.3f}" for q in quantiles) + ")\n")


if __name__ == "__main__":
    main()
