"""WMT21 zh->en with human MQM scores, scored for fluency as mtqa scores articles: the data that
fluency_correlation.py, fluency_choice.py and fluency_findings.py measure on.

One article per system and WMT document, a segment per line, nothing masked; the human references form a batch of
their own, as does the MT. Sentence scores come from mtqa's fluency cache after the first run.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from mtqa.fluency import FluencySettings, load_scorer, score_documents
from mtqa.fluency.calibration import Calibration
from mtqa.fluency.documents import calibration_for, signature
from mtqa.fluency.measure import Measured, measure_sentence
from mtqa.fluency.precision import PRECISIONS
from mtqa.fluency.sentences import split_sentences
from mtqa.model import Document, Finding, Span

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "../shared/data/wmt21-zhen-mqm.jsonl"
REFERENCE = "ref"  # the pseudo-system holding the human references: never compared with MQM


@dataclass(frozen=True)
class Sentence:
    document: Document
    span: Span
    tokens: tuple
    measured: Measured

    @property
    def total(self) -> float:  # T: the summed surprisal of its tokens
        return self.measured.fluency.mean_surprisal * self.measured.fluency.tokens

    @property
    def rarity(self) -> float:  # R: the summed English rarity of its words
        return self.measured.fluency.mean_rarity * self.measured.fluency.tokens

    @property
    def n(self) -> int:
        return self.measured.fluency.tokens


@dataclass
class Wmt21:
    segments: list[dict]  # the JSONL records: seg_id, doc, src, ref, mt {system: text}, mqm {system: score}
    systems: list[str]
    documents: list[Document]  # MT articles, then the reference articles
    where: dict[str, list[tuple[int, str]]]  # article id -> (seg_id, system) of each line
    sentences: dict[tuple[int, str], list[Sentence]]  # (seg_id, system) -> its scored sentences
    scorer: object
    settings: FluencySettings

    def signature(self) -> str:
        return signature(self.scorer, self.settings)[0]

    def by_id(self) -> dict[int, dict]:
        return {s["seg_id"]: s for s in self.segments}

    def findings(self, calibration: Calibration | None = None) -> dict[tuple[int, str], list[Finding]]:
        """mtqa's fluency findings per (seg_id, system), MT and references scored as separate batches."""
        result = defaultdict(list)
        for batch in (self.mt_documents(), self.reference_documents()):
            _, findings, _ = score_documents(batch, {}, self.scorer, self.settings, calibration=calibration)
            for doc in batch:
                for finding in findings.get(doc.id, ()):
                    result[self.where[doc.id][doc.target.count("\n", 0, finding.span.start)]].append(finding)
        return result

    def mt_documents(self) -> list[Document]:
        return [d for d in self.documents if not d.id.startswith(REFERENCE + "/")]

    def reference_documents(self) -> list[Document]:
        return [d for d in self.documents if d.id.startswith(REFERENCE + "/")]

    def remeasured(self, calibration: Calibration) -> dict[tuple[int, str], list[Sentence]]:
        """The sentences measured again with another calibration (a different peak threshold, say)."""
        return {key: [replace(s, measured=measure_sentence(s.document.target, s.span, s.tokens, [], calibration))
                      for s in items] for key, items in self.sentences.items()}


def arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", help="a Hugging Face causal-LM folder [the prepared packaged SmolLM2]")
    parser.add_argument("--cache-dir", help="the fluency cache folder [mtqa's default]")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--precision", choices=PRECISIONS, default="fp32",
                        help="the model's number format [fp32: the reference]")
    return parser


def load(args: argparse.Namespace) -> Wmt21:
    """Score every system's translation and the reference of every segment (cached after the first run)."""
    print("$ python " + " ".join(sys.argv))
    segments = [json.loads(line) for line in args.data.open(encoding="utf-8") if line.strip()]
    systems = sorted(segments[0]["mt"])
    documents, where = _articles(segments, [*systems, REFERENCE])
    settings = FluencySettings(model=args.model, cache_dir=args.cache_dir, threads=args.threads,
                               precision=args.precision)
    scorer = load_scorer(settings)
    began = time.perf_counter()
    located = [(doc, span) for doc in documents for span in split_sentences(doc.target)]
    tokens = scorer.score([doc.target[span.start:span.end] for doc, span in located])
    print(f"scored {len(located)} sentences in {time.perf_counter() - began:.0f} s ({scorer.cache_hits} from the "
          f"cache)")
    calibration = calibration_for(scorer)
    sentences = defaultdict(list)
    for (doc, span), toks in zip(located, tokens, strict=True):
        measured = measure_sentence(doc.target, span, toks, [], calibration)
        if measured is not None:
            key = where[doc.id][doc.target.count("\n", 0, span.start)]
            sentences[key].append(Sentence(doc, span, toks, measured))
    return Wmt21(segments, systems, documents, where, sentences, scorer, settings)


def _articles(segments: list[dict], systems: list[str]) -> tuple[list[Document], dict[str, list[tuple]]]:
    """One document per system and WMT document, a segment per line; `where[doc id][line]` is (seg_id, system)."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for segment in segments:
        by_doc[segment["doc"]].append(segment)
    documents, where = [], {}
    for system in systems:
        for name, items in by_doc.items():
            items = sorted(items, key=lambda s: s["seg_id"])
            lines = [s["ref"] if system == REFERENCE else s["mt"][system] for s in items]
            doc_id = f"{system}/{name}"
            documents.append(Document(doc_id, "\n".join(line.replace("\n", " ") for line in lines)))
            where[doc_id] = [(s["seg_id"], system) for s in items]
    return documents, where


def document_splits(segments: list[dict], count: int, seed: int = 0) -> list[tuple[set[str], set[str]]]:
    """`count` random halvings of the WMT documents: (one half, the other half)."""
    names = sorted({s["doc"] for s in segments})
    rng = random.Random(seed)
    splits = []
    for _ in range(count):
        shuffled = rng.sample(names, len(names))
        splits.append((set(shuffled[:len(names) // 2]), set(shuffled[len(names) // 2:])))
    return splits
