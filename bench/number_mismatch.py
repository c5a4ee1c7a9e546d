"""number-mismatch (MTQ401) on the WMT21 zh->en MQM set: findings per system, and on the human references.

    python bench/number_mismatch.py [SOURCE] [--documents dev|held-out|all] [--show] [--sample 40] [--seed 1]

Documents nt21-zhen-00..15 are the development half, the others are held out. For each of the eight MT systems and
for the human reference translations (a false-alarm floor: a reference should get almost none), prints the number
of findings, changed and missing ones apart, and findings per 1,000 target words. With --show, prints each finding
(or a random `--sample` of them when there are more) with its source, translation and reference segments, to be
read by hand.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wmt21_to_jsonl import DEFAULT_SOURCE, read_documents  # noqa: E402

from mtqa.checks.context import CheckContext, CheckSettings  # noqa: E402
from mtqa.checks.numbers import check_numbers  # noqa: E402
from mtqa.glossary.compile import CompiledGlossary  # noqa: E402
from mtqa.glossary.model import Glossary  # noqa: E402
from mtqa.model import Document  # noqa: E402
from mtqa.text import WORD  # noqa: E402

REFERENCE = "reference"


def held_out(doc: str) -> bool:
    return int(doc.rsplit("-", 1)[1]) > 15


def translations(documents: dict[str, list[dict]]) -> dict[str, list[tuple[Document, list[str]]]]:
    """By system (and "reference"), one article per document, segments one per line, with the reference lines."""
    systems = sorted({system for segments in documents.values() for segment in segments for system in segment["mt"]})
    result: dict[str, list[tuple[Document, list[str]]]] = {}
    for system in [*systems, REFERENCE]:
        for doc, segments in documents.items():
            lines = [segment["ref"] if system == REFERENCE else segment["mt"][system] for segment in segments]
            document = Document(id=f"{system}/{doc}", target="\n".join(lines),
                                source="\n".join(segment["src"] for segment in segments), source_lang="zh-Hans")
            result.setdefault(system, []).append((document, [segment["ref"] for segment in segments]))
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="WMT21 MQM segments (JSONL)")
    parser.add_argument("--documents", choices=("dev", "held-out", "all"), default="held-out")
    parser.add_argument("--show", action="store_true", help="print the findings (a random sample of them)")
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    documents = {doc: segments for doc, segments in read_documents(args.source).items()
                 if args.documents == "all" or held_out(doc) == (args.documents == "held-out")}
    glossary = CompiledGlossary(Glossary(entries=()))
    shown = []
    print(f"MTQ401 number-mismatch on {len(documents)} documents ({args.documents})")
    print(f"{'system':<14}{'findings':>9}{'changed':>9}{'missing':>9}{'per 1k words':>14}")
    for system, articles in translations(documents).items():
        kinds: Counter[str] = Counter()
        words = 0
        for document, references in articles:
            words += len(WORD.findall(document.target))
            for finding in check_numbers(CheckContext(document, glossary, CheckSettings())):
                changed = finding.suggestion is not None
                kinds["changed" if changed else "missing"] += 1
                shown.append((system, document, references, finding))
        total = sum(kinds.values())
        print(f"{system:<14}{total:>9}{kinds['changed']:>9}{kinds['missing']:>9}{1000 * total / words:>14.2f}")
    if args.show:
        if len(shown) > args.sample:
            shown = random.Random(args.seed).sample(shown, args.sample)
        for _system, document, references, finding in shown:
            line = document.target.count("\n", 0, finding.span.start)
            source_line = document.source.split("\n")[line]
            print(f"\n{document.id} line {line + 1}: {finding.message}"
                  + (f" -> {finding.suggestion}" if finding.suggestion else ""))
            print(f"  source:      {source_line}")
            print(f"  translation: {document.target.split(chr(10))[line]}")
            print(f"  reference:   {references[line]}")


if __name__ == "__main__":
    main()
