"""Consistency check for the evaluation corpus (not a pytest module; run: python tests/corpus/verify_corpus.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
KINDS = {"misspelling", "transliteration", "acronym-expansion", "boilerplate",
         "inconsistent-unlisted", "inconsistent-acronym"}


def spans(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(needle)) for m in re.finditer(re.escape(needle), text)]


def main() -> int:
    problems: list[str] = []
    glossary = yaml.safe_load((HERE / "glossary.yaml").read_text(encoding="utf-8"))
    expected = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))

    # glossary: unique ids, no `wrong`, no form in two entries
    seen_ids, owner = set(), {}
    for entry in glossary["entries"]:
        if entry["id"] in seen_ids:
            problems.append(f"duplicate id {entry['id']}")
        seen_ids.add(entry["id"])
        if "wrong" in entry:
            problems.append(f"{entry['id']}: has a wrong list")
        for form in [entry["canonical"], *(entry.get("allowed") or [])]:
            if form in owner and owner[form] != entry["id"]:
                problems.append(f"form {form!r} in {owner[form]} and {entry['id']}")
            owner[form] = entry["id"]

    articles_dir = HERE / "articles"
    on_disk = {p.name for p in articles_dir.glob("*.txt")}
    listed = set(expected["articles"])
    if on_disk != listed:
        problems.append(f"articles on disk vs expected.yaml differ: {sorted(on_disk ^ listed)}")

    for name, truth in expected["articles"].items():
        path = articles_dir / name
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        words = len(text.split())
        if not 200 <= words <= 450:
            problems.append(f"{name}: {words} words")
        error_spans = []
        for err in truth.get("errors") or []:
            if err["kind"] not in KINDS:
                problems.append(f"{name}: unknown kind {err['kind']}")
            if err["text"] in owner:
                problems.append(f"{name}: error text {err['text']!r} is a glossary form")
            found = spans(text, err["text"])
            if not found:
                problems.append(f"{name}: error text not found: {err['text']!r}")
            error_spans += found
        for clean in truth.get("clean") or []:
            found = spans(text, clean)
            if not found:
                problems.append(f"{name}: clean text not found: {clean!r}")
            for s, e in found:
                for es, ee in error_spans:
                    if s < ee and es < e:
                        problems.append(f"{name}: clean {clean!r} overlaps an error at {es}")

    for p in problems:
        print("PROBLEM:", p)
    n_err = sum(len(a.get("errors") or []) for a in expected["articles"].values())
    print(f"{len(expected['articles'])} articles, {n_err} error items, {len(glossary['entries'])} glossary entries, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
