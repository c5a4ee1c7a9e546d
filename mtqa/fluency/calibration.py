"""The 0-100 fluency score: a sentence's surprisal against what its length predicts, as a percentile of WMT21 MT.

A sentence's mean surprisal falls with its length, because its first words are guessed with no context: on WMT21
zh->en MT output, the total surprisal of n tokens is close to C * n + D (a start-up cost of D nats, then C per
token), with a spread that grows like sqrt(n). So a sentence is measured by

    z = (total - C * n - D) / (S * sqrt(n))

(total and n over its unmasked tokens), and its score is the share of the calibration sentences with a higher z:
100 * (1 - F(z)), F read off the stored quantiles by linear interpolation. 50 is the median sentence of the eight
WMT21 systems, 90 reads more fluently than 90% of them; the human references score a median of 50 too.

Calibration data: the 5,907 sentences of the 8 systems' outputs for the 650 segments of
/work/shared/data/wmt21-zhen-mqm.jsonl, split and scored as mtqa does, nothing masked. C and D are the least-squares
fit of total on n, S the root mean square of (total - C * n - D) / sqrt(n).

A peak is a word whose tokens' summed surprisal reaches `peak_nats`: the 99.5th percentile over the lowercase,
digit-free words (not sentence-initial) of the WMT21 human references, so about one word in 200 of fluent translated
news. The systems' outputs have 1.4 times as many in fp32 (in int8 only 1.04 times): a hint where to look, not
proof.

Each is fitted for SmolLM2-135M-Instruct.Q4_1 in fp32 and in int8 (whose surprisals run higher). Another model
gets the fp32 mapping, which is not calibrated for it: the signature's `cal` field says so. Rerun
`python bench/fluency_correlation.py --calibrate [--quantize]` after changing the model or the scoring.
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
        "wmt21zhen.1", 3.5448, 22.6097, 4.7679,
        (-3.524, -2.395, -1.591, -1.205, -0.976, -0.815, -0.676, -0.558, -0.416, -0.293, -0.174, -0.051, 0.082,
         0.197, 0.330, 0.463, 0.610, 0.801, 1.015, 1.318, 1.724, 2.437, 4.266),
        15.7),
    "int8-dynamic": Calibration(
        "wmt21zhen.1-int8", 3.7318, 23.5307, 4.8327,
        (-3.881, -2.409, -1.592, -1.195, -0.989, -0.825, -0.670, -0.551, -0.417, -0.292, -0.152, -0.019, 0.101,
         0.222, 0.343, 0.468, 0.611, 0.788, 1.021, 1.293, 1.728, 2.408, 4.120),
        17.2),
}
