"""`glossary suggest` over the WMT21 zh->en batch: the top suggestions, each beside the human references.

    python bench/wmt21_to_jsonl.py                      # writes bench/out/wmt21.jsonl
    python bench/glossary_suggest.py [bench/out/wmt21.jsonl] [--top 30] [--half even|odd]

All eight systems' articles are one batch. For each suggestion it prints the source term, its type, how many
distinct source segments and translated pairs hold it, its renderings with their counts, and `ref`: in how many of
the source segments holding the term the human reference contains the canonical rendering (case-insensitive), an
aid for reading the list by hand, not a verdict (a reference may rephrase a name or leave it out). `--half` keeps
the documents of even or odd position only, so that settings tuned on one half can be reported on the other.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from mtqa.alignment import aligned_segments
from mtqa.glossary import load_glossaries, shipped_glossary_paths
from mtqa.glossary.suggest import suggest
from mtqa.io import load_documents

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BATCH = ROOT / "bench/out/wmt21.jsonl"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("batch", nargs="?", type=Path, default=DEFAULT_BATCH, help="mtqa JSONL from wmt21_to_jsonl")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--half", choices=("even", "odd"), help="only the documents of even or odd position")
    args = parser.parse_args(argv)
    if not args.batch.exists():
        raise SystemExit(f"{args.batch}: not found; run python bench/wmt21_to_jsonl.py first")
    documents = load_documents([str(args.batch)])
    if args.half:
        names = sorted({document.metadata["doc"] for document in documents})
        kept = set(names[0 if args.half == "even" else 1::2])
        documents = [document for document in documents if document.metadata["doc"] in kept]
    started = time.perf_counter()
    found = suggest(documents, load_glossaries(shipped_glossary_paths()), min_count=args.min_count, top=args.top)
    seconds = time.perf_counter() - started
    references = _reference_segments(documents)
    print(f"{len(documents)} articles, {len(found)} suggestions in {seconds:.1f} s", file=sys.stderr)
    for rank, suggestion in enumerate(found, start=1):
        segments = [reference for source, reference in references.items() if suggestion.source in source]
        supported = sum(suggestion.canonical.lower() in reference.lower() for reference in segments)
        renderings = " | ".join(f"{r.text} {r.pairs}" for r in suggestion.renderings)
        print(f"{rank:2}. {suggestion.source}\t{suggestion.type}\t{suggestion.source_segments} seg / "
              f"{suggestion.pairs} pairs\tassoc {suggestion.association:.2f}\tref {supported}/{len(segments)}\t"
              f"{renderings}")


def _reference_segments(documents) -> dict[str, str]:
    """Each distinct source segment with its human reference (line-aligned as the converter writes them)."""
    found: dict[str, str] = {}
    for document in documents:
        if not document.reference:
            continue
        references = document.reference.split("\n")
        for number, segment in enumerate(aligned_segments(document)):
            if segment.source is not None and number < len(references):
                found.setdefault(document.source[segment.source.start:segment.source.end], references[number])
    return found


if __name__ == "__main__":
    main()
