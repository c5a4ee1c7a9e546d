"""Precision where nobody tuned mtqa: findings on professional human translations and on real MT output.

    python bench/precision.py [SOURCE] [--fluency] [--sample 40] [--seed 1]

Reads the WMT21 zh->en MQM set (bench/wmt21_to_jsonl.py), checks with the shipped glossary (and the Chinese source):
- the human reference translations, one article per document: every finding there is a slip of the reference or a
  false alarm, so the figure to watch is findings per 1,000 words;
- the eight MT systems' outputs, one article per system and document: findings per 1,000 words by rule, and how
  often the segments that name/term/consistency findings fall on are ones the raters scored badly (MQM <= -5, at
  least one major error or several minor ones; the data has scores, not error categories), against the base rate.

Writes every finding to bench/out/precision-references.tsv and bench/out/precision-mt.tsv (article, line, rule,
text, suggestion, message, the segment), and a random draw of `--sample` MT findings to
bench/out/precision-mt-sample.tsv, to be read by hand.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wmt21_to_jsonl import DEFAULT_SOURCE, articles, read_documents  # noqa: E402

from mtqa.glossary import load_glossaries, shipped_glossary_paths  # noqa: E402
from mtqa.glossary.compile import CompiledGlossary  # noqa: E402
from mtqa.model import Document  # noqa: E402
from mtqa.pipeline import CheckOptions, check_batch  # noqa: E402
from mtqa.text import WORD  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
BAD_SEGMENT = -5.0  # MQM at or below this: at least one major error, or several minor ones
ENTITY_FAMILIES = ("MTQ1", "MTQ2")  # name, term and consistency rules


def reference_documents(documents: dict[str, list[dict]]) -> list[Document]:
    return [Document(id=f"reference/{doc}", target="\n".join(s["ref"] for s in segments),
                     source="\n".join(s["src"] for s in segments), source_lang="zh-Hans",
                     metadata={"seg_ids": [s["seg_id"] for s in segments]})
            for doc, segments in documents.items()]


def mt_documents(documents: dict[str, list[dict]]) -> list[Document]:
    return [Document(id=record["id"], target=record["target"], source=record["source"], source_lang="zh-Hans",
                     metadata=record["metadata"]) for record in articles(documents)]


def check(documents: list[Document], fluency: bool):
    compiled = CompiledGlossary(load_glossaries(shipped_glossary_paths()))
    scorer = None
    if fluency:
        from mtqa.fluency import load_scorer, prepare_model, prepared_path
        from mtqa.fluency.documents import FluencySettings

        settings = FluencySettings()
        if prepared_path(settings) is None:
            prepare_model(settings)
        scorer = load_scorer(settings)
    return check_batch(documents, compiled, CheckOptions(), scorer)


def finding_rows(report, documents: list[Document]) -> list[dict]:
    by_id = {document.id: document for document in documents}
    rows = []
    for finding in report.findings:
        target = by_id[finding.doc].target
        line = target.count("\n", 0, finding.span.start)
        rows.append({"article": finding.doc, "line": line + 1, "rule": f"{finding.rule} {finding.name}",
                     "severity": finding.severity.value, "text": finding.text,
                     "suggestion": finding.suggestion, "message": finding.message,
                     "segment": target.split("\n")[line]})
    return rows


def write_rows(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["article"], delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)


def words(documents: list[Document]) -> int:
    return sum(len(WORD.findall(document.target)) for document in documents)


def print_rates(title: str, rows: list[dict], word_count: int) -> None:
    print(f"{title}: {len(rows)} findings in {word_count:,} words = {1000 * len(rows) / word_count:.3f} per 1,000")
    for rule, count in sorted(Counter(row["rule"] for row in rows).items()):
        print(f"  {rule:36} {count:5}  {1000 * count / word_count:.3f} per 1,000 words")


def print_segment_agreement(rows: list[dict], documents: list[Document]) -> None:
    """Share of flagged segments the raters scored badly, against the share of all segments."""
    scores = {}
    for document in documents:
        for line, score in enumerate(document.metadata["mqm"], start=1):
            scores[(document.id, line)] = score
    base = sum(score is not None and score <= BAD_SEGMENT for score in scores.values()) / len(scores)
    for label, prefixes in (("name/term/consistency", ENTITY_FAMILIES), ("all rules", ("MTQ",))):
        flagged = {(row["article"], row["line"]) for row in rows if row["rule"].startswith(prefixes)}
        bad = sum(scores[key] is not None and scores[key] <= BAD_SEGMENT for key in flagged)
        share = bad / len(flagged) if flagged else float("nan")
        print(f"  {label}: {len(flagged)} flagged segments, {share:.2f} of them MQM <= {BAD_SEGMENT:g} "
              f"(base rate {base:.2f}, lift {share / base:.2f}x)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="WMT21 MQM segments (JSONL)")
    parser.add_argument("--fluency", action="store_true", help="also score fluency (slow the first time)")
    parser.add_argument("--sample", type=int, default=40, help="MT findings to draw for reading by hand")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    documents = read_documents(args.source)

    references = reference_documents(documents)
    reference_rows = finding_rows(check(references, args.fluency), references)
    write_rows(OUT / "precision-references.tsv", reference_rows)
    print_rates("human references", reference_rows, words(references))

    outputs = mt_documents(documents)
    mt_rows = finding_rows(check(outputs, args.fluency), outputs)
    write_rows(OUT / "precision-mt.tsv", mt_rows)
    print_rates("MT outputs", mt_rows, words(outputs))
    print_segment_agreement(mt_rows, outputs)
    sample = random.Random(args.seed).sample(mt_rows, min(args.sample, len(mt_rows)))
    write_rows(OUT / "precision-mt-sample.tsv", sorted(sample, key=lambda row: (row["article"], row["line"])))
    print(f"findings listed in {OUT}/precision-*.tsv")


if __name__ == "__main__":
    main()
