"""The source-aware rules on real MT output: WMT21 zh->en, eight systems, checked with their Chinese sources.

    python bench/source_aware.py [SOURCE] [--sample 30] [--seed 1] [--held-out]

Checks every system's articles (one per system and document, segments line-aligned with the source) and the human
references with the shipped glossary, and prints per system the counts of missing-term (MTQ106), number-mismatch
(MTQ401), untranslated and empty-translation (MTQ303, MTQ304) and batch-inconsistent-rendering (MTQ202) findings, with
the batch term accuracy. The human references are the false-alarm floor: each finding there is a slip of the
reference or a false alarm. `--held-out` keeps only documents nt21-zhen-16 and later (the source-aware rules were
developed on the first sixteen). A random draw of `--sample` findings of these rules is written with the source and
reference segments to bench/out/source-aware-sample.tsv, to be read by hand.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from precision import mt_documents, reference_documents  # noqa: E402
from wmt21_to_jsonl import DEFAULT_SOURCE, read_documents  # noqa: E402

from mtqa.alignment import SegmentIndex  # noqa: E402
from mtqa.glossary import load_glossaries, shipped_glossary_paths  # noqa: E402
from mtqa.glossary.compile import CompiledGlossary  # noqa: E402
from mtqa.pipeline import check_batch  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
RULES = {"MTQ106": "missing-term", "MTQ401": "number-mismatch", "MTQ303": "untranslated",
         "MTQ304": "empty-translation", "MTQ202": "batch-inconsistent"}
FIRST_HELD_OUT = 16


def held_out(doc: str) -> bool:
    return int(doc.rsplit("-", 1)[1]) >= FIRST_HELD_OUT


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", default=str(DEFAULT_SOURCE))
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--held-out", action="store_true")
    args = parser.parse_args(argv)
    documents = read_documents(Path(args.source))
    if args.held_out:
        documents = {doc: segments for doc, segments in documents.items() if held_out(doc)}
    glossary = CompiledGlossary(load_glossaries(shipped_glossary_paths()))
    mt = check_batch(mt_documents(documents), glossary)
    references = check_batch(reference_documents(documents), glossary)

    references_by_segment = {s["seg_id"]: s["ref"] for segments in documents.values() for s in segments}
    counts: dict[str, Counter] = {}
    accuracy = {}
    rows = []
    for report, system_of in ((mt, lambda d: d.metadata["system"]), (references, lambda d: "human reference")):
        by_system: dict[str, list] = {}
        for result in report.results:
            by_system.setdefault(system_of(result.document), []).append(result)
        for system, results in sorted(by_system.items()):
            counts[system] = Counter(f.rule for r in results for f in r.findings if f.rule in RULES)
            scored = [r.term_accuracy for r in results if r.term_accuracy is not None]
            accuracy[system] = sum(scored[1:], scored[0]) if scored else None
            for result in results:
                for finding in result.findings:
                    if finding.rule in RULES and system != "human reference":
                        rows.append(_row(result.document, finding, references_by_segment))
    print(f"{'system':<18}" + "".join(f"{name:>20}" for name in RULES.values()) + f"{'term accuracy':>20}")
    for system, counter in counts.items():
        score = accuracy[system]
        shown = f"{score.score:.3f} ({score.matched}/{score.total})" if score and score.total else "-"
        print(f"{system:<18}" + "".join(f"{counter[code]:>20}" for code in RULES) + f"{shown:>20}")
    OUT.mkdir(exist_ok=True)
    sample = random.Random(args.seed).sample(rows, min(args.sample, len(rows)))
    path = OUT / "source-aware-sample.tsv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["article", "segment", "rule", "text", "suggestion", "message", "source", "target",
                         "reference"])
        writer.writerows(sorted(sample))
    print(f"\n{len(sample)} of {len(rows)} MT findings drawn at random: {path}")
    return 0


def _row(document, finding, references_by_segment: dict[int, str]) -> list[str]:
    segment = SegmentIndex.of(document).at(finding.span.start)
    number = int(segment.id) - 1 if segment is not None else None
    seg_ids = document.metadata.get("seg_ids") or []
    source = document.source[segment.source.start:segment.source.end] if segment and segment.source else ""
    target = document.target[segment.target.start:segment.target.end] if segment else ""
    where = seg_ids[number] if number is not None and number < len(seg_ids) else ""
    reference = references_by_segment.get(where, "")
    return [document.id, str(where), finding.rule, finding.text, finding.suggestion or "", finding.message, source,
            target, reference]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
