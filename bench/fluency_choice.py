"""Which definition of the 0-100 fluency score ranks translations best out of sample.

    python bench/fluency_choice.py [--precision bf16] [--splits 100] [--other-systems]

Document-level 2-fold cross-validation on WMT21 zh->en: the 32 documents are halved at random; each definition is
calibrated on the MT sentences of one half (its constants fitted, its percentile mapping read off) and measured on
the other half, then the other way round, over `--splits` random halvings. The measure is mtqa's: a segment's score
is the token-weighted mean of its sentences' 0-100 scores, and per segment the Kendall tau_b between the systems'
scores and their MQM is averaged over the held-out segments (those where every system has a sentence to judge and
the MQM scores do not all tie). With `--other-systems` the 8 systems are halved too, so that each definition is
measured on other documents and other systems (4 per segment) than it was calibrated on.

The global Kendall tau_b over all held-out system-segments is measured too: it compares translations of different
sources, as the weakest-sentence list and the article score do. Definitions are tried from the simplest up; one
replaces the choice so far only if its gain over it holds on one of the two measures (positive on average, and in
both folds of at least 80% of the splits) and it loses on neither (its mean gain is not negative).
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Callable
from dataclasses import dataclass

import numpy
from scipy.stats import kendalltau
from wmt21_fluency import Sentence, Wmt21, arguments, document_splits, load

from mtqa.fluency.calibration import PERCENTS

HOLDS = 0.8  # the share of splits in which a gain must be positive in both folds


@dataclass(frozen=True)
class Definition:
    name: str
    fit: Callable[[list[Sentence]], Callable[[Sentence], float]]  # training sentences -> badness (higher reads worse)


def _mean_surprisal(train):
    return lambda s: s.total / s.n


def _slor(train):
    return lambda s: (s.total - s.rarity) / s.n


def _length_corrected(with_rarity: bool):
    def fit(train):
        n = numpy.array([s.n for s in train], dtype=float)
        excess = numpy.array([s.total - (s.rarity if with_rarity else 0.0) for s in train])
        (c, d), *_ = numpy.linalg.lstsq(numpy.vstack([n, numpy.ones_like(n)]).T, excess, rcond=None)
        spread = math.sqrt(numpy.mean(((excess - c * n - d) / numpy.sqrt(n)) ** 2))
        return lambda s: (s.total - (s.rarity if with_rarity else 0.0) - c * s.n - d) / (spread * math.sqrt(s.n))
    return fit


DEFINITIONS = (  # simplest first: no constants, a word list, three fitted constants, both
    Definition("mean surprisal", _mean_surprisal),
    Definition("SLOR (surprisal - rarity) per token", _slor),
    Definition("mean surprisal, length-corrected z", _length_corrected(False)),
    Definition("SLOR, length-corrected z", _length_corrected(True)),
)


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--splits", type=int, default=100)
    parser.add_argument("--other-systems", action="store_true",
                        help="also halve the 8 systems: calibrate on 4, measure on the other 4 (tau over 4 systems)")
    args = parser.parse_args()
    data = load(args)
    judged = [s for s in data.segments if all(data.sentences[(s["seg_id"], system)] for system in data.systems)]
    print(f"{len(judged)} segments with a sentence to judge in every system (of {len(data.segments)})\n")

    rng = random.Random(1)
    taus = {d.name: [] for d in DEFINITIONS}  # per split: ((per-segment, global) on one half, on the other)
    for first, second in document_splits(data.segments, args.splits):
        systems = rng.sample(data.systems, len(data.systems))
        some, others = (systems[:4], systems[4:]) if args.other_systems else (data.systems, data.systems)
        folds = ((first, some, second, others), (second, others, first, some))
        for d in DEFINITIONS:
            taus[d.name].append(tuple(
                _held_out_tau(data, d, train, train_systems, [s for s in judged if s["doc"] in test], test_systems)
                for train, train_systems, test, test_systems in folds))

    measures = ("mean per-segment Kendall tau_b", "global Kendall tau_b")
    for index, measure in enumerate(measures):
        print(f"held-out {measure} over {args.splits} splits x 2 folds:")
        for d in DEFINITIONS:
            values = [fold[index] for pair in taus[d.name] for fold in pair]
            print(f"    {d.name:42s} {statistics.fmean(values):+.3f}  (folds {min(values):+.3f} to "
                  f"{max(values):+.3f})")
    chosen = DEFINITIONS[0]
    print("\ngains, tried from the simplest up against the choice so far:")
    for d in DEFINITIONS[1:]:
        verdicts = [_gain(taus[d.name], taus[chosen.name], index) for index in range(len(measures))]
        for measure, (mean, both) in zip(measures, verdicts, strict=True):
            print(f"    {d.name} over {chosen.name}, {measure}: mean {mean:+.3f}, positive in both folds in "
                  f"{both:.0%} of the splits{': holds' if _holds(mean, both) else ''}")
        if any(_holds(*v) for v in verdicts) and all(mean >= 0 for mean, _ in verdicts):
            chosen = d
    print(f"chosen: {chosen.name}")


def _gain(taus: list, baseline: list, index: int) -> tuple[float, float]:
    """The mean gain of one measure over all folds, and the share of splits where it is positive in both folds."""
    gains = [(a[index] - b[index], c[index] - e[index]) for (a, c), (b, e) in zip(taus, baseline, strict=True)]
    both = sum(x > 0 and y > 0 for x, y in gains) / len(gains)
    return statistics.fmean(x for pair in gains for x in pair), both


def _holds(mean: float, both: float) -> bool:
    return mean > 0 and both >= HOLDS


def _held_out_tau(data: Wmt21, definition: Definition, train_docs: set[str], train_systems: list[str],
                  test: list[dict], test_systems: list[str]) -> tuple[float, float]:
    """Calibrate on the `train_systems`' sentences of `train_docs`, then measure on the `test` segments: the mean
    per-segment tau between the `test_systems`' scores and MQM (over the segments where their MQM scores do not all
    tie), and the tau over all the held-out system-segments."""
    train = [s for (_, system), items in data.sentences.items() if system in train_systems for s in items
             if s.document.id.split("/", 1)[1] in train_docs]
    badness = definition.fit(train)
    quantiles = numpy.percentile([badness(s) for s in train], PERCENTS)

    by_id = data.by_id()

    def segment_score(seg_id: int, system: str) -> float:
        items = data.sentences[(seg_id, system)]
        scores = 100 - numpy.interp([badness(s) for s in items], quantiles, PERCENTS)
        return float(numpy.average(scores, weights=[s.n for s in items]))

    scores = {(segment["seg_id"], system): segment_score(segment["seg_id"], system)
              for segment in test for system in test_systems}
    taus = []
    for segment in test:
        if len({segment["mqm"][system] for system in test_systems}) == 1:
            continue
        tau = kendalltau([scores[(segment["seg_id"], system)] for system in test_systems],
                         [segment["mqm"][system] for system in test_systems]).statistic
        taus.append(0.0 if math.isnan(tau) else tau)
    overall = kendalltau(list(scores.values()), [by_id[seg]["mqm"][system] for seg, system in scores]).statistic
    return statistics.fmean(taus), overall


if __name__ == "__main__":
    main()
