"""The 0-100 fluency score: a sentence's surprisal against what its length predicts, as a percentile of WMT21 MT.

A sentence's total surprisal T over its n unmasked tokens falls per token with its length, because its first words
are guessed with little context: on WMT21 zh->en MT output, T is close to C * n + D (a start-up cost of D nats, then
C per token), with a spread that grows like sqrt(n). So a sentence is measured by

    z = (T - C * n - D) / (S * sqrt(n))

and its score is the share of the calibration sentences with a higher z: 100 * (1 - F(z)), F read off the stored
quantiles by linear interpolation. 50 is the median sentence of the eight WMT21 systems, 90 reads more fluently than
90% of them.

Why this definition (bench/fluency_choice.py, document-level 2-fold cross-validation, the README has the figures):
the length correction's gain over the plain mean surprisal holds out of sample in the global ranking of
translations and costs nothing in the per-source ranking; taking the words' English rarity off the surprisal (SLOR)
gains in neither once documents and systems are held out, and loses in the global ranking.

Calibration data: the MT sentences of the 8 systems' outputs for the 650 segments of
/work/shared/data/wmt21-zhen-mqm.jsonl, split and scored as mtqa does (headings, captions and datelines left out),
nothing masked. C and D are the least-squares fit of T on n, S the root mean square of (T - C * n - D) / sqrt(n).

A peak is a word whose tokens' summed surprisal exceeds the word's own English rarity (`mtqa.fluency.rarity`) by
`peak_excess` nats: the 99.5th percentile over the lowercase, digit-free words (not sentence-initial) of the WMT21
human references, so about one word in 200 of fluent translated news, apart for words of one, two and three or more
tokens: a word the tokenizer splits costs the model more than its rarity even where it fits ("wechat": " we" + "chat").

Each is fitted for SmolLM2-135M-Instruct.Q4_1 in each precision (bf16 and int8 surprisals run a little higher).
Another model gets the fp32 mapping, which is not calibrated for it: the signature's `cal` field says so. Rerun
`python bench/fluency_correlation.py --calibrate [--precision P]` after changing the model, the scoring or the
sentence splitting.
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
    peak_excess: tuple[float, ...]  # nats beyond its rarity that make a word of 1, 2, 3 or more tokens a peak

    def z(self, total: float, tokens: int) -> float:
        """How far a sentence's surprisal lies above what its length predicts, in calibrated standard units."""
        return (total - self.c * tokens - self.d) / (self.s * math.sqrt(tokens))

    def peak_threshold(self, tokens: int) -> float:
        """The excess that makes a word spelled with `tokens` tokens a peak."""
        return self.peak_excess[min(tokens, len(self.peak_excess)) - 1]

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
        "wmt21zhen.3", 3.5668, 20.4180, 4.6445,
        (-3.619, -2.443, -1.591, -1.206, -0.975, -0.814, -0.675, -0.545, -0.415, -0.284, -0.166, -0.043, 0.082,
         0.211, 0.328, 0.473, 0.611, 0.789, 1.002, 1.279, 1.679, 2.446, 4.405),
        (4.3, 7.5, 10.1)),
    "bf16": Calibration(
        "wmt21zhen.3-bf16", 3.5639, 21.8172, 4.6374,
        (-3.644, -2.450, -1.596, -1.208, -0.979, -0.815, -0.668, -0.543, -0.416, -0.284, -0.175, -0.039, 0.090,
         0.210, 0.332, 0.468, 0.613, 0.789, 1.001, 1.282, 1.687, 2.447, 4.448),
        (4.3, 7.4, 9.9)),
    "int8": Calibration(
        "wmt21zhen.3-int8", 3.7299, 21.8072, 4.6762,
        (-3.723, -2.510, -1.610, -1.230, -0.995, -0.824, -0.668, -0.524, -0.392, -0.263, -0.136, -0.016, 0.107,
         0.228, 0.351, 0.475, 0.621, 0.791, 1.000, 1.271, 1.645, 2.424, 4.860),
        (4.5, 7.1, 12.6)),
}
