"""Coverage-guided fuzzing of the loaders: glossary YAML, config TOML, baseline JSON and pattern files.

    python bench/fuzz_loaders.py -max_total_time=180      # a few minutes; crashes land in bench/out/fuzz/loaders/

The first byte of an input picks the loader, the rest is the file. A glossary that loads is also compiled into
its matchers, as every check does. See bench/fuzz_harness.py for what counts as a crash and how to replay one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz_harness import ROOT, Scratch, fuzz, repository_files  # noqa: E402

with atheris.instrument_imports(include=["mtqa", "yaml"]):
    from mtqa.checks.boilerplate import load_patterns
    from mtqa.checks.calques import load_calques
    from mtqa.config import find_config, load_config
    from mtqa.glossary import load_glossaries
    from mtqa.glossary.compile import CompiledGlossary
    from mtqa.suppressions import load_baseline

LOADERS = ("glossary.yaml", "mtqa.toml", "pyproject.toml", "baseline.json", "boilerplate.yaml", "calques.yaml")
scratch = Scratch()


def load(data: bytes) -> None:
    if not data:
        return
    loader, body = LOADERS[data[0] % len(LOADERS)], data[1:]
    if loader == "glossary.yaml":
        CompiledGlossary(load_glossaries([scratch.write(loader, body)]))
    elif loader == "mtqa.toml":
        load_config(scratch.write(loader, body))
    elif loader == "pyproject.toml":
        # Found the way `mtqa check` finds it: in the current folder, read only when it has [tool.mtqa].
        folder = scratch.folder / "project"
        folder.mkdir(exist_ok=True)
        (folder / loader).write_bytes(body)
        load_config(find_config(folder))
    elif loader == "baseline.json":
        load_baseline(scratch.write(loader, body))
    elif loader == "boilerplate.yaml":
        load_patterns.__wrapped__((scratch.write(loader, body),))  # past the cache: the path is always the same
    else:
        load_calques.__wrapped__((scratch.write(loader, body),))


GLOSSARY = (b"name: g\nlanguage: en\nentries:\n"
            b"  - {id: yoon, type: person, canonical: Yoon Suk Yeol, allowed: [Yoon, President Yoon],\n"
            b"     wrong: [Yoon Suk-yue], sources: {ko: [\xec\x9c\xa4\xec\x84\x9d\xec\x97\xb4]}}\n"
            b"  - {id: fl, type: term, canonical: forced labor, acronym: FL, case_sensitive: false,\n"
            b"     wrong: [{text: job labor, note: literal, severity: critical}], note: a term}\n")


def _first_entries(glossary: bytes, size: int = 2500) -> bytes:
    """A shipped glossary cut after its first few entries: big seeds make every execution slow."""
    cut = glossary.find(b"\n  - ", size)
    return glossary[:cut + 1] if cut > 0 else glossary


def seeds() -> list[bytes]:
    picks = {
        0: [GLOSSARY, _first_entries((ROOT / "glossaries" / "east-asia-news.yaml").read_bytes())],
        1: [b'fail-on = "minor"\nselect = ["MTQ1"]\n[severity]\nMTQ101 = "critical"\n'],
        2: [b'[project]\nname = "x"\n[tool.mtqa]\nmax-penalty = 5.0\nignore = ["MTQ3"]\n'],
        3: [b'{"mtqa_baseline": "1", "created": "2024-01-01T00:00:00+00:00", "findings": '
            b'[{"doc": "a", "rule": "MTQ101", "fingerprint": "f00", "text": "x"}]}\n'],
        4: repository_files("mtqa/data/boilerplate.yaml"),
        5: repository_files("mtqa/data/calques.yaml"),
    }
    return [bytes([kind]) + body for kind, bodies in picks.items() for body in bodies]


WORDS = [b"&a ", b"*a", b"<<: ", b"!!python/object", b"!!binary", b"entries:", b"- {id: ", b"canonical: ",
         b"wrong: ", b"allowed: ", b"sources: ", b"acronym: ", b"note: ", b"case_sensitive: ", b"[tool]",
         b"[tool.mtqa]", b"tool = ", b"mtqa = ", b"max-penalty = ", b"nan", b"inf", b"true", b"severity", b"fail-on",
         b'"findings"', b'"mtqa_baseline"', b'"1"', b"patterns:", b"calques:", b"swap:", b"pattern: ", b"rule: ",
         b"requires: ", b"(?P<text>", b"\\p{", b"\xff"]


if __name__ == "__main__":
    fuzz("loaders", load, seeds(), WORDS)
