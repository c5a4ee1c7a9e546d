"""Coverage-guided fuzzing of the article readers and of the checks that read what they return.

    python bench/fuzz_readers.py -max_total_time=180      # a few minutes; crashes land in bench/out/fuzz/readers/

The first byte of an input picks the reader, the rest is the file: a plain-text article, a Markdown article, a
JSONL batch (read, then checked with a small glossary, as `mtqa check` does), a JSONL reference file, or the strict
UTF-8 decoder alone. See bench/fuzz_harness.py for what counts as a crash and how to replay one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz_harness import Scratch, fuzz, repository_files  # noqa: E402

with atheris.instrument_imports(include=["mtqa"]):
    from mtqa.glossary import load_glossaries
    from mtqa.glossary.compile import CompiledGlossary
    from mtqa.io import load_path
    from mtqa.io.decode import decode_utf8
    from mtqa.io.references import attach_references
    from mtqa.model import Document
    from mtqa.pipeline import check_batch

READERS = ("article.txt", "article.md", "batch.jsonl", "references.jsonl", "decode")
scratch = Scratch()
GLOSSARY = CompiledGlossary(load_glossaries([str(Path(__file__).resolve().parent.parent / "glossaries" /
                                                  "east-asia-news.yaml")]))


def read(data: bytes) -> None:
    if not data:
        return
    reader, body = READERS[data[0] % len(READERS)], data[1:]
    if reader == "decode":
        decode_utf8(body, "fuzz.txt")
    elif reader == "references.jsonl":
        documents = [Document(id=str(n), target="A sentence.") for n in range(3)]
        attach_references(documents, scratch.write(reader, body))
    else:
        documents = load_path(scratch.write(reader, body))
        report = check_batch(documents, GLOSSARY)
        for finding in report.findings:
            document = next(r.document for r in report.results if r.document.id == finding.doc)
            assert document.target[finding.span.start:finding.span.end] == finding.text, finding


def seeds() -> list[bytes]:
    texts = repository_files("tests/articles/*.txt", "seeds/*.txt")
    batches = repository_files("tests/**/*.jsonl", "seeds/*.jsonl") or [b'{"id": "a", "target": "Fine."}\n']
    return ([bytes([0]) + text for text in texts] + [bytes([1]) + b"# Title\n\nYoon Suk-yue spoke.\n"]
            + [bytes([2]) + batch for batch in batches]
            + [bytes([3]) + b'{"id": "0", "reference": "A sentence."}\n'] + [bytes([4]) + b"caf\xc3\xa9"])


WORDS = [b'"id"', b'"target"', b'"source"', b'"reference"', b'"metadata"', b'"mtqa_ignore"', b'\\ud800',
         b'\\udfff', b'\\u0000', b'\\n', b'\r\n', b'\r', b'\xef\xbb\xbf', b'\xff\xfe', b'\xe2\x80\x8f',
         b'\xcc\x81', b'\xf0\x9f\x98\x80', b'[[[[[[[[', b'{"a":{"a":', b'1e999', b'Please read on...',
         b'Yoon Suk-yue', b'Advertisement']


if __name__ == "__main__":
    fuzz("readers", read, seeds(), WORDS)
