"""The 0-100 fluency score: a sentence's surprisal beyond its words' rarity, against what its length predicts, as a
percentile of WMT21 MT.

A language model charges a sentence for being disfluent but also for using rare words and names, so the words'
English rarity R (`mtqa.fluency.rarity`) is taken off its total surprisal T (SLOR). What is left falls with the
sentence's length, because its first words are guessed with no context: on WMT21 zh->en MT output, T - R over n
tokens is close to C * n + D (a start-up cost of D nats, then C per token; C is negative because context saves more
than rarity costs), with a spread that grows like sqrt(n). So a sentence is measured by

    z = (T - R - C * n - D) / (S * sqrt(n))

(T and n over its unmasked tokens, R over its unmasked words), and its score is the share of the calibration
sentences with a higher z: 100 * (1 - F(z)), F read off the stored quantiles by linear interpolation. 50 is the
median sentence of the eight WMT21 systems, 90 reads more fluently than 90% of them.

Calibration data: the 5,907 sentences of the 8 systems' outputs for the 650 segments of
/work/shared/data/wmt21-zhen-mqm.jsonl, split and scored as mtqa does, nothing masked. C and D are the least-squares
fit of T - R on n, S the root mean square of (T - R - C * n - D) / sqrt(n).

Why the rarity correction: it lifts the mean per-segment Kendall tau of the score against the human MQM ratings from
0.054 to 0.077 in fp32 (bench/fluency_correlation.py; the README has the figures).

A peak is a word whose tokens' summed surprisal reaches `peak_nats`: the 99.5th percentile over the lowercase,
digit-free words (not sentence-initial) of the WMT21 human references, so about one word in 200 of fluent translated
news. The systems' outputs have 1.4 times as many in fp32 and bf16 (in int8 only 1.08 times): a hint where to
look, not proof.

Each is fitted for SmolLM2-135M-Instruct.Q4_1 in each precision (bf16 and int8 surprisals run a little higher).
Another model gets the fp32 mapping, which is not calibrated for it: the signature's `cal` field says so. Rerun
`python bench/fluency_correlation.py --calibrate [--precision P]` after changing the model, the scoring or the word
list.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

PERCENTS = (0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 99, 100)


@dataclass(frozen=True)
class Calibration:
    version: str
    c: float
    d: float
    s: float
    quantiles: tuple[float, ...]  # of z, at PERCENTS
    peak_nats: float

    def z(self, total: float, tokens: int) -> float:
        """How far a sentence's surprisal lies above what its length predicts, in calibrated standard units."""
        return (total - self.c * tokens - self.d) / (self.s * math.sqrt(tokens))

    def score(self, z: float) -> float:
        """0-100: the percentage of calibration sentences that read less fluently (have a higher z)."""
        q = self.quantiles
        if z <= q[0]:
            return 100.0
        if z >= q[-1]:
            return 0.0
        i = bisect.bisect_right(q, z)
        return 100.0 - (PERCENTS[i - 1] + (PERCENTS[i] - PERCENTS[i - 1]) * (z - q[i - 1]) / (q[i] - q[i - 1]))


CALIBRATIONS = {
    "fp32": Calibration(
        "wmt21zhen.2", -2.3257, 16.8043, 4.8633,
        (-3.262, -2.075, -1.507, -1.209, -1.034, -0.867, -0.738, -0.599, -0.453, -0.321, -0.183, -0.051, 0.074,
         0.223, 0.345, 0.495, 0.639, 0.821, 1.030, 1.311, 1.747, 2.580, 3.825),
        15.7),
    "bf16": Calibration(
        "wmt21zhen.2-bf16", -2.3283, 18.1855, 4.8495,
        (-3.270, -2.074, -1.503, -1.217, -1.032, -0.873, -0.739, -0.601, -0.449, -0.321, -0.181, -0.052, 0.073,
         0.217, 0.349, 0.488, 0.640, 0.821, 1.032, 1.310, 1.739, 2.582, 3.796),
        15.8),
    "int8": Calibration(
        "wmt21zhen.2-int8", -2.1804, 18.8395, 4.8386,
        (-3.136, -2.058, -1.510, -1.203, -1.028, -0.875, -0.731, -0.594, -0.452, -0.311, -0.177, -0.036, 0.089,
         0.209, 0.338, 0.469, 0.625, 0.796, 1.054, 1.347, 1.761, 2.539, 3.840),
        16.8),
}
