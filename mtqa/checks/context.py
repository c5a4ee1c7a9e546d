"""What a check sees: one document, the compiled glossary, the settings, and analyses shared between checks."""

from __future__ import annotations

from dataclasses import dataclass

from mtqa.alignment import SegmentIndex, aligned_segments
from mtqa.entities.covered import CoveredSpans
from mtqa.entities.definitions import Expansion, find_expansions
from mtqa.entities.expansions import find_expansion_mentions
from mtqa.entities.mentions import Mention, find_mentions
from mtqa.entities.names import NameSpan, candidate_spans
from mtqa.entities.source_names import SourceNames
from mtqa.entities.term_matches import TermUse, term_uses
from mtqa.glossary.compile import CompiledGlossary
from mtqa.io.files import file_versions
from mtqa.markdown_view import RenderedView, as_read, rendered_view
from mtqa.memo import cached_property
from mtqa.model import MARKDOWN, Document, Finding, Segment, Severity, Span
from mtqa.rules import get_rule
from mtqa.text import FoldedText, caseless

# The rules whose checks read CheckSettings' pattern files: boilerplate_files, calque_files.
BOILERPLATE_RULES = frozenset({"MTQ301", "MTQ302"})
CALQUE = "MTQ503"


def pattern_files_read(settings: CheckSettings, enabled: frozenset[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The pattern files the enabled checks read, by role: a check that is off reads none, so its files (perhaps
    missing from this checkout, or another copy on a worker) change nothing."""
    return (("boilerplate", settings.boilerplate_files if BOILERPLATE_RULES & enabled else ()),
            ("calques", settings.calque_files if CALQUE in enabled else ()))


@dataclass(frozen=True)
class CheckSettings:
    fuzzy_threshold: float = 80.0
    boilerplate_files: tuple[str, ...] = ()
    calque_files: tuple[str, ...] = ()
    use_cache: bool = True  # the compiled pattern lists kept on disk (mtqa.checks.pattern_store)
    # The pattern files' versions as a run first found them (mtqa.io.files.file_versions): every article
    # of the run is checked with the lists of those versions, even if a file is written meanwhile. Without them
    # (settings made by hand), each use looks at the files as they are.
    pinned_versions: tuple[tuple[str, tuple | None], ...] = ()

    def versions(self, paths: tuple[str, ...]) -> tuple[tuple[str, tuple | None], ...]:
        if not paths:
            return ()  # the common case, once per article and list: no pattern files of the user's
        pinned = dict(self.pinned_versions)
        return tuple((path, pinned[path]) if path in pinned else file_versions((path,))[0] for path in paths)


class CheckContext:
    def __init__(self, document: Document, glossary: CompiledGlossary, settings: CheckSettings) -> None:
        self.document = document
        # What the checks read: the text itself, or a Markdown article's text as rendered, one character for one
        # (spans index both alike, and findings show the text as written).
        self.rendered = _rendered(document)
        self.text = document.target if self.rendered is None else self.rendered.text
        self.glossary = glossary
        self.settings = settings

    @cached_property
    def segments(self) -> tuple[Segment, ...]:
        """Source and target paired segment by segment; empty when the article can only be compared as a whole."""
        return aligned_segments(self.document)

    @cached_property
    def segment_index(self) -> SegmentIndex:
        """The aligned segment holding a target offset, found by bisection."""
        return SegmentIndex(self.segments)

    def source_of(self, segment: Segment | None) -> str:
        """The source text of an aligned segment, or the whole source where there is no segment (or it has none)."""
        source = self.document.source or ""
        if segment is None or segment.source is None:
            return source
        return source[segment.source.start:segment.source.end]

    @cached_property
    def term_uses(self) -> list[TermUse]:
        """The dictionary terms of the source, per aligned unit, with their renderings: for missing-term and the
        article's term accuracy alike."""
        return term_uses(self.document, self.glossary, self.text)

    @cached_property
    def folded(self) -> FoldedText:
        return FoldedText(self.text)

    @cached_property
    def caseless(self) -> str:
        """The folded text as the pattern lists' `requires` words are looked up in it (mtqa.text.caseless)."""
        return caseless(self.folded.folded)

    @cached_property
    def mentions(self) -> list[Mention]:
        """Glossary mentions, less near-misses inside an acronym's expansion: acronym-expansion reports those."""
        found = find_mentions(self.text, self.folded, self.glossary, self.settings.fuzzy_threshold,
                              self.source_names, self.candidates)
        expansions = CoveredSpans(m.span for m in self.expansion_mentions)
        return [m for m in found if m.is_good or not expansions.overlaps(*m.span)]

    @cached_property
    def source_names(self) -> SourceNames | None:
        """The glossary entries the source names, when there is a source in a script its source forms are written
        in."""
        if not self.document.source or \
                not self.glossary.source_forms.may_name_entries(self.document.source, self.document.target):
            return None
        return SourceNames(self.glossary.source_forms, self.document.source)

    @cached_property
    def candidates(self) -> list[NameSpan]:
        """Every run of capitalised words and its sub-runs: the places a name could be."""
        return candidate_spans(self.text)

    @cached_property
    def expansions(self) -> list[Expansion]:
        return find_expansions(self.text)

    @cached_property
    def expansion_mentions(self) -> list[Mention]:
        return find_expansion_mentions(self.text, self.folded, self.expansions, self.glossary)

    def finding(self, code: str, span: Span, message: str, **details) -> Finding:
        if self.rendered is not None:  # text quoted from the view, read as the page shows it
            message = as_read(message)
        return build_finding(self.document, code, span, message, **details)


def _rendered(document: Document) -> RenderedView | None:
    return rendered_view(document.target) if document.markup == MARKDOWN else None


def checked_text(document: Document) -> str:
    """The document's target as the checks read it: as written, or a Markdown article's as rendered."""
    rendered = _rendered(document)
    return document.target if rendered is None else rendered.text


def build_finding(document: Document, code: str, span: Span, message: str, *, suggestion: str | None = None,
                  related: tuple[Span, ...] = (), entry_id: str | None = None, severity: Severity | None = None,
                  confidence: float = 1.0, source_span: Span | None = None, segment: str | None = None) -> Finding:
    """A finding of rule `code` at `span` of the document's target text, with the rule's registered name,
    category and default severity."""
    rule = get_rule(code)
    if rule is None or not 0 <= span.start <= span.end <= len(document.target):
        raise ValueError(f"bad finding {code} at {span}")
    if source_span is not None and not 0 <= source_span.start <= source_span.end <= len(document.source or ""):
        raise ValueError(f"bad source span {source_span} for {code}")
    return Finding(
        rule=rule.code,
        name=rule.name,
        severity=severity or rule.severity,
        category=rule.category,
        message=message,
        doc=document.id,
        span=span,
        text=document.target[span.start:span.end],
        suggestion=suggestion,
        related=related,
        confidence=confidence,
        entry_id=entry_id,
        source_span=source_span,
        segment=segment,
    )
