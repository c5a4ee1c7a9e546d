"""MTQ202 on the WMT21 zh->en MQM set: per system, the batch-inconsistent-rendering findings, and how the systems
render the same people (the batch's renderings table, entities rendered more than one way).

    python bench/wmt21_to_jsonl.py            # once: bench/out/wmt21.jsonl
    python bench/batch_consistency.py [--docs held-out|dev|all] [--findings]

The first 16 documents (nt21-zhen-00..15) were used to develop the check; the others are held out.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from mtqa.glossary.compile import CompiledGlossary
from mtqa.glossary.load import load_glossaries
from mtqa.model import Document
from mtqa.pipeline import check_batch

ROOT = Path(__file__).resolve().parent.parent
DEV_DOCUMENTS = 16


def load(path: Path, which: str) -> list[Document]:
    documents = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        number = int(record["metadata"]["doc"].rsplit("-", 1)[1])
        if which == "all" or (number < DEV_DOCUMENTS) == (which == "dev"):
            # No reference: TER over every article is slow, and the check does not read it.
            documents.append(Document(record["id"], record["target"], record["source"], source_lang="zh-Hans",
                                      metadata=record["metadata"]))
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", type=Path, default=ROOT / "bench/out/wmt21.jsonl")
    parser.add_argument("--docs", choices=("held-out", "dev", "all"), default="held-out")
    parser.add_argument("--findings", action="store_true", help="list every MTQ202 finding with its reference line")
    args = parser.parse_args()
    documents = load(args.input, args.docs)
    report = check_batch(documents, CompiledGlossary(load_glossaries([])))
    findings = [f for f in report.findings if f.rule == "MTQ202"]
    systems = Counter(f.doc.split("/")[0] for f in findings)
    print(f"{len(documents)} articles ({args.docs}); MTQ202 findings per system:")
    for system in sorted({d.metadata["system"] for d in documents}):
        print(f"  {system:<12} {systems[system]}")
    print("\nPeople and places rendered more than one way (rendering: articles):")
    for entity in report.renderings:
        if entity.inconsistent:
            rows = ", ".join(f"{row.text}: {len(row.documents)}" for row in entity.rows)
            print(f"  {entity.entity} ({entity.kind}) -> {rows}")
    if args.findings:
        by_id = {d.id: d for d in documents}
        reference = {r["id"]: r["reference"] for r in map(json.loads, args.input.read_text("utf-8").splitlines())}
        print("\nFindings:")
        for finding in findings:
            document = by_id[finding.doc]
            line = document.target.count("\n", 0, finding.span.start)
            print(f"  {finding.doc} [{finding.severity.value}] {finding.message}")
            print(f"      ref: {reference[finding.doc].splitlines()[line][:160]}")


if __name__ == "__main__":
    main()
