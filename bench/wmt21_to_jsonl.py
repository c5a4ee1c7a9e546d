"""Convert the WMT21 zh->en MQM development set into mtqa JSONL: one article per (system, document).

    python bench/wmt21_to_jsonl.py [SOURCE] [--output bench/out/wmt21.jsonl]

Each article's `target` is one system's translation of one document, a segment per line in seg_id order, so that
mtqa's findings can be traced back to segments (line n = metadata.seg_ids[n-1]) and compared with the human MQM
scores kept in `metadata.mqm`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT / "../shared/data/wmt21-zhen-mqm.jsonl"
DEFAULT_OUTPUT = ROOT / "bench/out/wmt21.jsonl"


def read_documents(path: Path) -> dict[str, list[dict]]:
    """Segments grouped by document, in file order, each document's segments sorted by seg_id."""
    documents: dict[str, list[dict]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                segment = json.loads(line)
                documents.setdefault(segment["doc"], []).append(segment)
    for segments in documents.values():
        segments.sort(key=lambda segment: segment["seg_id"])
    return documents


def articles(documents: dict[str, list[dict]]) -> list[dict]:
    systems = sorted({system for segments in documents.values() for segment in segments for system in segment["mt"]})
    result = []
    for system in systems:
        for doc, segments in documents.items():
            missing = [segment["seg_id"] for segment in segments if system not in segment["mt"]]
            if missing:
                raise SystemExit(f"{system} has no translation of segment(s) {missing} in {doc}")
            result.append({
                "id": f"{system}/{doc}",
                "target": "\n".join(segment["mt"][system] for segment in segments),
                "source": "\n".join(segment["src"] for segment in segments),
                "source_lang": "zh-Hans",
                "reference": "\n".join(segment["ref"] for segment in segments),
                "metadata": {
                    "system": system,
                    "doc": doc,
                    "seg_ids": [segment["seg_id"] for segment in segments],
                    "mqm": [segment["mqm"].get(system) for segment in segments],
                },
            })
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="WMT21 MQM segments (JSONL)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="mtqa JSONL to write")
    args = parser.parse_args(argv)
    # Joining segments with "\n" keeps one segment per line only if no segment has a line break of its own.
    records = articles(read_documents(args.source))
    for record in records:
        for field in ("target", "source", "reference"):
            if record[field].count("\n") != len(record["metadata"]["seg_ids"]) - 1:
                raise SystemExit(f"{record['id']}: a segment of the {field} contains a line break")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    systems = len({record["metadata"]["system"] for record in records})
    print(f"wrote {len(records)} articles ({systems} systems x {len(records) // max(systems, 1)} documents) "
          f"to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
