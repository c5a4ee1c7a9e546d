"""Do mtqa's fluency findings point at translations that human raters judged bad?

    python bench/fluency_findings.py [--precision bf16] [--splits 20]

WMT21 zh->en has one MQM score per system and segment, no error categories, so "bad" needs a proxy. WMT21's MQM
charges 5 points for a major error, 1 for a minor one (0.1 for minor punctuation), 25 for a non-translation:

- primary: MQM <= -10, at least two major errors (or one major and five minor ones);
- also shown: MQM <= -5 (at least one major error or five minor ones), and worse than the segment's median system.

For MTQ501 low-fluency and MTQ502 unexpected-phrase it prints, over the MT system-segments: how many carry a
finding, the share of those that are bad (precision), the base rate (the share of all system-segments that are bad)
and the word-weighted base rate (the share of MT words that lie in bad segments: what a finding placed on a random
word would reach, since long segments both collect more errors and offer more places for a finding), the lift
(precision / word-weighted base rate), and the findings per 1,000 words on the MT and on the human references,
which should be near zero.

MTQ502's thresholds (the surprisal a word carries beyond its rarity) are chosen out of sample: for each of
`--splits` random halvings of the 32 documents, the shift of the calibrated thresholds with the best lift on one
half (with at least MIN_FLAGS flagged segments there) is measured on the other half, and the other way round.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import replace

from wmt21_fluency import REFERENCE, Wmt21, arguments, document_splits, load

from mtqa.fluency.documents import calibration_for

PROXIES: dict[str, Callable[[dict, str], bool]] = {
    "MQM <= -10": lambda segment, system: segment["mqm"][system] <= -10,
    "MQM <= -5": lambda segment, system: segment["mqm"][system] <= -5,
    "below the segment's median system": lambda segment, system: (
        segment["mqm"][system] < statistics.median(segment["mqm"].values())),
}
PRIMARY = "MQM <= -10"
SHIFTS = (-2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0)  # nats added to the calibrated MTQ502 thresholds
MIN_FLAGS = 30


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--splits", type=int, default=20)
    args = parser.parse_args()
    data = load(args)
    calibration = calibration_for(data.scorer)
    print(f"MTQ502 thresholds in the calibration: {calibration.peak_excess} nats beyond the word's rarity for words "
          "of 1, 2 and 3 or more tokens\n")
    by_id = data.by_id()
    findings = data.findings()
    for rule in ("MTQ501", "MTQ502"):
        print(f"{rule}, all 32 documents:")
        _report(data, by_id, _counts(findings, rule), {s["doc"] for s in data.segments})

    print("\nMTQ502 threshold chosen on one half of the documents, measured on the other:")
    flagged_at = {}
    for shift in SHIFTS:
        shifted = replace(calibration, peak_excess=tuple(t + shift for t in calibration.peak_excess))
        counts = _counts(data.findings(shifted), "MTQ502")
        flagged_at[shift] = set(counts)
        print(f"  thresholds {shift:+.1f} nats, all documents:")
        _report(data, by_id, counts, {s["doc"] for s in data.segments}, indent="    ")
    held_out = []
    for first, second in document_splits(data.segments, args.splits):
        for train, test in ((first, second), (second, first)):
            measured = {t: _measure(data, by_id, flagged_at[t], train, PRIMARY) for t in SHIFTS}
            eligible = [t for t in SHIFTS if measured[t]["flagged"] >= MIN_FLAGS] or list(SHIFTS)
            best = max(eligible, key=lambda t: measured[t]["lift"])
            held_out.append((best, _measure(data, by_id, flagged_at[best], test, PRIMARY)))
    lifts = [m["lift"] for _, m in held_out]
    chosen = statistics.multimode(t for t, _ in held_out)
    print(f"  held-out lift ({PRIMARY}) over {len(held_out)} folds: mean {statistics.fmean(lifts):.2f}, "
          f"{min(lifts):.2f} to {max(lifts):.2f}; held-out precision mean "
          f"{statistics.fmean(m['precision'] for _, m in held_out):.1%} against a word-weighted base rate of "
          f"{statistics.fmean(m['weighted_base'] for _, m in held_out):.1%}; most often chosen: {chosen}")


def _counts(findings: dict, rule: str) -> dict[tuple[int, str], int]:
    """How many findings of `rule` each (seg_id, system) has, for those with any."""
    counts = {key: sum(f.rule == rule for f in items) for key, items in findings.items()}
    return {key: count for key, count in counts.items() if count}


def _measure(data: Wmt21, by_id: dict, flagged: set, docs: set[str], proxy: str) -> dict:
    bad = PROXIES[proxy]
    pairs = [(s["seg_id"], system) for s in data.segments if s["doc"] in docs for system in data.systems]
    words = {(seg, system): len(by_id[seg]["mt"][system].split()) for seg, system in pairs}
    is_bad = {pair: bad(by_id[pair[0]], pair[1]) for pair in pairs}
    hits = [pair for pair in pairs if pair in flagged]
    precision = sum(is_bad[p] for p in hits) / len(hits) if hits else float("nan")
    weighted_base = sum(words[p] for p in pairs if is_bad[p]) / sum(words.values())
    return {"flagged": len(hits), "precision": precision, "base": sum(is_bad.values()) / len(pairs),
            "weighted_base": weighted_base, "lift": precision / weighted_base if hits else 0.0}


def _report(data: Wmt21, by_id: dict, counts: dict, docs: set[str], indent: str = "  ") -> None:
    for proxy in PROXIES:
        m = _measure(data, by_id, set(counts), docs, proxy)
        print(f"{indent}{proxy:36s} {m['flagged']:4d} segments flagged, {m['precision']:.1%} bad; base rate "
              f"{m['base']:.1%}, word-weighted {m['weighted_base']:.1%}; lift {m['lift']:.2f}")
    inside = [s for s in data.segments if s["doc"] in docs]
    mt_words = sum(len(s["mt"][system].split()) for s in inside for system in data.systems)
    ref_words = sum(len(s["ref"].split()) for s in inside)
    mt_flags = sum(counts.get((s["seg_id"], system), 0) for s in inside for system in data.systems)
    ref_flags = sum(counts.get((s["seg_id"], REFERENCE), 0) for s in inside)
    print(f"{indent}findings per 1,000 words: MT {1000 * mt_flags / mt_words:.2f}, references "
          f"{1000 * ref_flags / ref_words:.2f}")


if __name__ == "__main__":
    main()
