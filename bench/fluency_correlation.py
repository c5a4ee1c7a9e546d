"""How well mtqa's fluency scores track human MQM judgements on WMT21 zh->en, and the calibration behind them.

    python bench/fluency_correlation.py                   # ~20 min the first time on 2 cores (fp32), then cached
    python bench/fluency_correlation.py --calibrate       # also print the constants for mtqa/fluency/calibration.py
    python bench/fluency_correlation.py --precision int8  # the same in another number format [fp32]

Every system's translation of every segment is scored as mtqa scores an article (one article per system and
document, a segment per line, nothing masked: bench/wmt21_fluency.py). A segment's fluency is the token-weighted
mean of its sentences' scores; a translation without a sentence to judge (empty, or only a heading) scores 0. Its
fluency deficit, the sum over its sentences of tokens x (100 - score) / 100, adds up like an MQM penalty. Printed:

(a) the mean over segments of Kendall's tau_b between the 8 systems' scores for the segment and their MQM scores
    (segments where all 8 MQM scores tie are left out, a score that ties all 8 counts as tau 0), beside sentence
    chrF against the reference, with paired-bootstrap intervals of the differences;
(b) tau_b over all system-segments, beside target length alone;
(c) Spearman's rho between the 8 systems' mean fluency and their mean MQM.
bench/fluency_findings.py measures the findings, bench/fluency_choice.py the score's definition out of sample.
"""

from __future__ import annotations

import functools
import math
import statistics

import numpy
import sacrebleu
from scipy.stats import kendalltau, spearmanr
from wmt21_fluency import REFERENCE, Sentence, arguments, load

from mtqa.fluency.calibration import PERCENTS
from mtqa.fluency.measure import candidate_words

CHRF = "reference chrF (needs the reference)"
RAW = "raw mean surprisal (lower is better)"


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="print the calibration constants")
    args = parser.parse_args()
    data = load(args)
    print(f"signature: {data.signature()}\n")
    if args.calibrate:
        _calibrate(data.sentences)
    _correlations(data.segments, data.systems, data.sentences)


def _segment_fluency(items: list[Sentence]) -> float:
    return sum(s.measured.fluency.score * s.n for s in items) / sum(s.n for s in items) if items else 0.0


def _segment_surprisal(items: list[Sentence]) -> float:
    return sum(s.total for s in items) / sum(s.n for s in items) if items else 99.0


def _deficit(items: list[Sentence]) -> float:
    """Sum over sentences of tokens x (100 - score) / 100: like an MQM penalty, it grows with the text's length."""
    return sum(s.n * (100 - s.measured.fluency.score) / 100 for s in items) if items else 1e9


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


def _correlations(segments, systems, per_segment) -> None:
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


def _calibrate(per_segment: dict[tuple[int, str], list[Sentence]]) -> None:
    mt = [s for (_, system), items in per_segment.items() if system != REFERENCE for s in items]
    n = numpy.array([s.n for s in mt], dtype=float)
    total = numpy.array([s.total for s in mt])
    (c, d), *_ = numpy.linalg.lstsq(numpy.vstack([n, numpy.ones_like(n)]).T, total, rcond=None)
    s = math.sqrt(numpy.mean(((total - c * n - d) / numpy.sqrt(n)) ** 2))
    z = (total - c * n - d) / (s * numpy.sqrt(n))
    quantiles = numpy.percentile(z, PERCENTS)
    reference = [w for (_, system), items in per_segment.items() if system == REFERENCE
                 for s in items for w in candidate_words(s.document.target, s.span, s.tokens)]
    translated = [w for s in mt for w in candidate_words(s.document.target, s.span, s.tokens)]
    print(f"calibration from {len(mt)} MT sentences and {len(reference)} reference words:")
    print(f"C, D, S = {c:.4f}, {d:.4f}, {s:.4f}")
    peaks = []
    for tokens in (1, 2, 3):  # 3: three or more
        ref = numpy.array([w.excess for w in reference if min(w.tokens, 3) == tokens])
        out = numpy.array([w.excess for w in translated if min(w.tokens, 3) == tokens])
        peaks.append(numpy.percentile(ref, 99.5))
        print(f"  words of {tokens}{'+' if tokens == 3 else ''} tokens: {len(ref)} in the references, peak at "
              f"{peaks[-1]:.1f} nats beyond rarity; MT words at or above it: {numpy.mean(out >= peaks[-1]):.2%}")
    print("PEAK_EXCESS = (" + ", ".join(f"{p:.1f}" for p in peaks) + ")")
    print("QUANTILES = (" + ", ".join(f"{q:.3f}" for q in quantiles) + ")\n")


if __name__ == "__main__":
    main()
