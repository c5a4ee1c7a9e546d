"""Time the rendered view of Markdown articles (mtqa.markdown_view) at several sizes: the time per KB should stay
flat, and small beside the checks of the same text.

    python bench/markdown_view.py                  # 250, 500, 1000 and 2000 KB
    python bench/markdown_view.py --sizes 100 400  # chosen sizes, in KB

Rows: a news article written in ordinary Markdown (headings, emphasis, links, lists, a table, entities), the same text
with no markup at all (the view is the text itself), and shapes that make a CommonMark parser work hardest (runs of
brackets, image openers, emphasis delimiters, unclosed links and tags). Then the rule stage on the ordinary article
read as Markdown against the same text read as plain text, with the shipped glossary and without fluency.
"""

from __future__ import annotations

import argparse
import time

from mtqa.glossary import load_glossaries, shipped_glossary_paths
from mtqa.glossary.compile import CompiledGlossary
from mtqa.markdown_view import rendered_view
from mtqa.model import MARKDOWN, Document
from mtqa.pipeline import check_batch

PARAGRAPH = ("## Talks in *Seoul*\n\nPresident **Yoon Suk Yeol** met [Fumio Kishida](https://example.org/k "
             "\"Kishida\") on Thursday; the `victims_fund` pays 5 * 3 billion won&nbsp;a year.\n\n"
             "> \"We agreed,\" Yoon said.\n\n"
             "- trade in *chips*\n- AT&T and Samsung shares\n\n| item | won |\n| --- | --- |\n| fund | 15 |\n\n")
PLAIN = ("Talks in Seoul\n\nPresident Yoon Suk Yeol met Fumio Kishida on Thursday; the victims fund pays fifteen "
         "billion won a year.\n\n\"We agreed,\" Yoon said.\n\nTrade in chips, and shares of two companies.\n\n")
HARD = {"brackets": "[", "image openers": "![", "emphasis delimiters": "a*", "unclosed links": "[a](",
        "unclosed tags": "<a "}


def repeated(unit: str, size: int) -> str:
    return unit * (size // len(unit) + 1)


def timed(function, *args) -> float:
    began = time.perf_counter()
    function(*args)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000], help="sizes in KB")
    sizes = [kb * 1000 for kb in parser.parse_args().sizes]
    print("view, ms per KB:", *(f"{size // 1000} KB" for size in sizes), sep=" | ")
    rows = {"ordinary Markdown": PARAGRAPH, "no markup": PLAIN, **HARD}
    for name, unit in rows.items():
        print(name, *(f"{1000 * timed(rendered_view, repeated(unit, size)) / (size / 1000):.3f}" for size in sizes),
              sep=" | ")
    glossary = CompiledGlossary(load_glossaries(shipped_glossary_paths()))
    size = sizes[0]
    text = repeated(PARAGRAPH, size)
    plain = timed(check_batch, [Document(id="a.txt", target=text)], glossary)
    markdown = timed(check_batch, [Document(id="a.md", target=text, markup=MARKDOWN)], glossary)
    print(f"rule stage on {size // 1000} KB of Markdown: as plain text {plain:.2f} s, as Markdown {markdown:.2f} s")


if __name__ == "__main__":
    main()
