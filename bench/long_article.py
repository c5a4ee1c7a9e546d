"""Time the rule stage on one long, name-dense article, at several sizes: the time per KB should stay flat.

    python bench/long_article.py                       # 125, 250, 500 and 1000 KB
    python bench/long_article.py --sizes 250 4000      # chosen sizes, in KB
    python bench/long_article.py --findings out.json   # also write the findings of the largest article

The article is made of capitalised syllable names ("Koriba Natashi"), listed and misspelt glossary names
("Yoon Suk-yue") and filler words, with a line break every 40 chunks, so that almost every word is a candidate
name and most names are distinct: the worst case for the approximate and consistency matching. Each size is checked
with the shipped glossary, without fluency, in a fresh process of its own.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time

from mtqa.glossary import load_glossaries, shipped_glossary_paths
from mtqa.glossary.cache import held_for_run
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
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # check one size in this process
    args = parser.parse_args(argv)
    if args.one is not None:
        check_one(args.one, args.seed, args.findings)
        return
    # Each size in a fresh process, as `mtqa check` meets one article: in one process, the names of a smaller size
    # (the same text's start) would already be judged and remembered when the next size is checked.
    largest = max(args.sizes)
    for size in sorted(args.sizes):
        findings = ["--findings", args.findings] if args.findings and size == largest else []
        subprocess.run([sys.executable, __file__, "--one", str(size), "--seed", str(args.seed), *findings], check=True)


def check_one(size: int, seed: int, findings_path: str | None) -> None:
    glossary = held_for_run(lambda: CompiledGlossary(load_glossaries(shipped_glossary_paths())))
    document = Document(id=f"long-{size}k", target=name_dense_article(size * 1000, seed))
    started = time.perf_counter()
    report = check_batch([document], glossary)
    seconds = time.perf_counter() - started
    findings = report.results[0].findings
    print(f"{size:>6} KB  {seconds:8.2f} s  {seconds / size * 1000:7.2f} ms/KB  {len(findings)} findings", flush=True)
    if findings_path:
        with open(findings_path, "w", encoding="utf-8") as out:
            json.dump([[f.rule, f.span.start, f.span.end, f.text, f.message, f.suggestion, f.severity.value,
                        [list(span) for span in f.related]] for f in findings], out, indent=0)


if __name__ == "__main__":
    main()
