"""Time the rule stage on one long, name-dense article, at several sizes: the time per KB should stay flat.

    python bench/long_article.py                       # 125, 250, 500 and 1000 KB
    python bench/long_article.py --sizes 250 4000      # chosen sizes, in KB
    python bench/long_article.py --findings out.json   # also write the findings of the largest article

The article is made of capitalised syllable names ("Koriba Natashi"), listed and misspelt glossary names
("Yoon Suk-yue") and filler words, with a line break every 40 chunks, so that almost every word is a candidate
name and most names are distinct: the worst case for the approximate and consistency matching. It is checked with
the shipped glossary, in this process, without fluency.
"""

from __future__ import annotations

import argparse
import json
import random
import time

from mtqa.glossary import load_glossaries, shipped_glossary_paths
from mtqa.glossary.compile import CompiledGlossary
from mtqa.model import Document
from mtqa.pipeline import check_batch

SYLLABLES = ["ba", "ko", "ri", "shi", "ta", "na", "mu", "ye", "jo", "ki", "lu", "pe", "so", "da", "ha", "wo", "ze",
             "xi", "qu", "fa"]
KNOWN_NAMES = ["Yoon Suk Yeol", "Yoon Suk-yue", "Moon Jae-in", "Kim Jong Un", "Yun Xiyue"]
FILLER = ["said", "the", "met", "in", "and", "of", "reporters", "on"]


def name_dense_article(size: int, seed: int = 3) -> str:
    """About `size` characters of text in which over a third of the chunks are made-up capitalised names."""
    rng = random.Random(seed)

    def made_up_name() -> str:
        return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))).capitalize()
                        for _ in range(rng.randint(1, 3)))

    chunks: list[str] = []
    length = 0
    while length < size:
        roll = rng.random()
        chunk = rng.choice(KNOWN_NAMES) if roll < 0.2 else made_up_name() if roll < 0.55 else rng.choice(FILLER)
        chunks.append(chunk)
        length += len(chunk) + 1
        if len(chunks) % 40 == 0:
            chunks.append(".\n")
    return " ".join(chunks)[:size]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[125, 250, 500, 1000], help="article sizes in KB")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--findings", help="write the largest article's findings (JSON) to this file")
    args = parser.parse_args(argv)
    glossary = CompiledGlossary(load_glossaries(shipped_glossary_paths()))
    text = name_dense_article(max(args.sizes) * 1000, args.seed)
    report = None
    for size in sorted(args.sizes):
        document = Document(id=f"long-{size}k", target=text[:size * 1000])
        started = time.perf_counter()
        report = check_batch([document], glossary)
        seconds = time.perf_counter() - started
        findings = sum(len(result.findings) for result in report.results)
        print(f"{size:>6} KB  {seconds:8.2f} s  {seconds / size * 1000:7.2f} ms/KB  {findings} findings", flush=True)
    if args.findings and report is not None:
        with open(args.findings, "w", encoding="utf-8") as out:
            json.dump([[f.rule, f.span.start, f.span.end, f.text, f.message, f.suggestion, f.severity.value,
                        [list(span) for span in f.related]]
                       for result in report.results for f in result.findings], out, indent=0)


if __name__ == "__main__":
    main()
