"""Plain data passed between the stages of a check. No I/O, no presentation."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from mtqa.memo import cached_property

MARKDOWN = "markdown"  # Document.markup of a Markdown article


class Severity(enum.StrEnum):
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def weight(self) -> int:
        """MQM penalty weight."""
        return {"minor": 1, "major": 5, "critical": 25}[self.value]

    @property
    def rank(self) -> int:
        return {"minor": 1, "major": 2, "critical": 3}[self.value]


class Category(enum.StrEnum):
    TERMINOLOGY = "terminology"
    ACCURACY = "accuracy"
    FLUENCY = "fluency"
    STYLE = "style"
    LOCALE = "locale"
    OTHER = "other"


class Span(NamedTuple):
    """Half-open code-point offsets into a document's untouched target text."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Segment:
    """One aligned unit of a bilingual article (a translation unit, a TSV line, a paragraph pair): where its texts
    stand in the article's joined source and target, and where its target stands in the input file."""

    id: str
    target: Span  # in Document.target (text with inline tags removed)
    source: Span | None = None  # in Document.source
    line: int | None = None  # 1-based line of the input file where the target text begins
    column: int | None = None  # 1-based column there, when the file holds the text unescaped and untagged


@dataclass(frozen=True)
class Document:
    """One article. `target` is the text exactly as read (inline tags removed); every span indexes it."""

    id: str
    target: str
    source: str | None = None
    source_lang: str | None = None
    reference: str | None = None
    metadata: Mapping[str, object] = field(default_factory=dict)
    path: str | None = None
    segments: tuple[Segment, ...] = ()  # from a bilingual file; empty for plain articles
    line: int | None = None  # the input file's line holding the whole article (a JSONL record); None for a file
    target_lang: str | None = None
    terms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # the article's own term dictionary
    # MARKDOWN for a Markdown article: the checks read it as rendered (mtqa.markdown_view), spans index it as written.
    markup: str | None = None

    @cached_property
    def words(self) -> int:
        """The translation's words (runs of characters other than spaces), by which scores are counted per 1,000
        words: counted once, as every report and the gate ask for it."""
        return len(self.target.split())


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    severity: Severity
    category: Category
    message: str
    doc: str
    span: Span
    text: str
    suggestion: str | None = None
    related: tuple[Span, ...] = ()
    confidence: float = 1.0
    entry_id: str | None = None
    fingerprint: str = ""
    segment: str | None = None  # the id of the aligned segment holding the span
    source_span: Span | None = None  # in Document.source: what the source says there


@dataclass(frozen=True)
class Rendering:
    """One mention of a glossary entry, right or wrong: the rows of the batch's renderings table."""

    entry_id: str
    canonical: str
    text: str
    kind: str  # canonical, allowed, acronym, wrong, variant, transliteration, expansion
    span: Span


@dataclass(frozen=True)
class RenderingCount:
    """One way a batch renders an entity: how often, and in which articles (in batch order)."""

    text: str
    mentions: int
    documents: tuple[str, ...]


@dataclass(frozen=True)
class EntityRenderings:
    """A row group of the batch's renderings table: a glossary entry (its id) or a name found in the sources (the
    source name), the reference rendering, and every rendering the batch gives it (the reference first, then the
    renderings most articles use)."""

    entity: str
    reference: str
    sources: tuple[str, ...]
    rows: tuple[RenderingCount, ...]
    kind: str = ""  # the glossary type, or person/place/organisation for a source name

    @property
    def inconsistent(self) -> bool:
        return len(self.rows) > 1


@dataclass(frozen=True)
class Metric:
    """A reference-based score (BLEU, chrF++, TER) with the sacrebleu signature that makes it comparable."""

    name: str
    score: float
    signature: str


@dataclass(frozen=True)
class Peak:
    """A token far more surprising to the language model than its sentence."""

    span: Span
    surprisal: float  # nats


JUDGED_TOKENS = 6  # sentences with fewer tokens (headlines, captions, fragments) are too short to judge


@dataclass(frozen=True)
class SentenceFluency:
    span: Span
    score: float  # 0-100
    mean_surprisal: float  # nats per token
    peaks: tuple[Peak, ...] = ()
    mean_rarity: float = 0.0  # the words' English rarity, nats per token: the score judges surprisal beyond it
    tokens: int = 0  # the tokens behind the means (masked renderings left out)


@dataclass(frozen=True)
class ArticleFluency:
    score: float  # 0-100
    sentences: tuple[SentenceFluency, ...] = ()
    capped: int = 0  # fluency findings left out by the per-article caps

    def weakest(self, count: int = 3) -> list[SentenceFluency]:
        """The lowest-scoring sentences long enough to judge (all sentences when none is), worst first."""
        judged = [s for s in self.sentences if s.tokens >= JUDGED_TOKENS] or list(self.sentences)
        return sorted(judged, key=lambda s: s.score)[:count]


@dataclass(frozen=True)
class TermAccuracy:
    """How many source occurrences of dictionary terms the target renders by an allowed form, the way the
    terminology shared tasks count it: per term, target matches capped at the source occurrences."""

    matched: int = 0
    total: int = 0

    @property
    def score(self) -> float | None:
        return self.matched / self.total if self.total else None

    def __add__(self, other: TermAccuracy) -> TermAccuracy:
        return TermAccuracy(self.matched + other.matched, self.total + other.total)


@dataclass(frozen=True)
class DocumentResult:
    document: Document
    findings: tuple[Finding, ...]
    renderings: tuple[Rendering, ...] = ()
    metrics: tuple[Metric, ...] = ()
    fluency: ArticleFluency | None = None
    suppressed: int = 0  # findings hidden by a baseline or the article's own mtqa_ignore
    term_accuracy: TermAccuracy | None = None  # None without a source to count terms in


@dataclass(frozen=True)
class SkippedInput:
    """An input left unchecked under --keep-going: a file, or one line of a JSONL batch (`line` set)."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}" if self.line is not None else f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class Report:
    results: tuple[DocumentResult, ...]
    glossaries: tuple[str, ...] = ()
    metrics: tuple[Metric, ...] = ()  # batch-level, over all articles with a reference
    fluency_run: Mapping[str, object] = field(default_factory=dict)  # signature and number of sentences scored
    skipped: tuple[SkippedInput, ...] = ()  # bad inputs left out under --keep-going: the run is incomplete
    fluency_skipped: str | None = None  # why fluency was not scored although it was on (the model is not installed)
    renderings: tuple[EntityRenderings, ...] = ()  # how the batch renders each entity it names

    @property
    def complete(self) -> bool:
        return not self.skipped

    @property
    def fluency_signature(self) -> str | None:
        """The model, weights hash, libraries and settings behind the fluency scores; None when none ran."""
        return self.fluency_run.get("signature")

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    @property
    def term_accuracy(self) -> TermAccuracy | None:
        """Over every article with a source; None when none has one."""
        counted = [r.term_accuracy for r in self.results if r.term_accuracy is not None]
        return sum(counted, TermAccuracy()) if counted else None
