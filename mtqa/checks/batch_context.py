"""What the batch-wide steps see of each article: small enough to send from a worker process or a Dask worker to
the client, and rebuilt there without the article's full analysis (mtqa.checks.context).

The batch steps (batch consistency, the renderings table) need an article's glossary renderings and the source names
its target reads; those are computed where the article is checked. Its aligned segments and capitalised runs are
cheap to find again and needed only for articles with a source, so they are recomputed on demand rather than sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from mtqa.alignment import aligned_segments
from mtqa.checks.context import CheckContext, build_finding, checked_text
from mtqa.entities.covered import CoveredSpans, SpansInPlace
from mtqa.entities.names import NameSpan, candidate_spans
from mtqa.entities.source_renderings import SourceRendering, source_name_renderings
from mtqa.glossary.model import Entry
from mtqa.memo import cached_property
from mtqa.model import Document, Finding, Rendering, Segment, Span


@dataclass
class BatchArticle:
    document: Document
    renderings: tuple[Rendering, ...]  # glossary mentions and expansion mentions, in reading order
    unclaimed: tuple[SourceRendering, ...] = ()  # source names read in the target that no glossary entry covers

    @classmethod
    def of(cls, context: CheckContext, renderings: tuple[Rendering, ...]) -> BatchArticle:
        return cls(context.document, renderings, tuple(_unclaimed_renderings(context, renderings)))

    @cached_property
    def text(self) -> str:
        """The target as the checks read it (a Markdown article's as rendered)."""
        return checked_text(self.document)

    @cached_property
    def segments(self) -> tuple[Segment, ...]:
        return aligned_segments(self.document)

    @cached_property
    def candidates(self) -> list[NameSpan]:
        return candidate_spans(self.text)

    @cached_property
    def candidates_in_place(self) -> SpansInPlace:
        """The candidates, asked for those of one aligned segment at a time."""
        return SpansInPlace(self.candidates)

    def finding(self, code: str, span: Span, message: str, **details) -> Finding:
        return build_finding(self.document, code, span, message, **details)

    def __getstate__(self) -> dict:
        # The recomputable analyses stay behind: they would cost more to send than to find again.
        return {name: getattr(self, name) for name in ("document", "renderings", "unclaimed")}


@dataclass
class BatchView:
    """Every article of a run, in batch order, and the glossary's entries by id."""

    articles: Sequence[BatchArticle]
    entries: dict[str, Entry] = field(default_factory=dict)

    @cached_property
    def entities(self) -> list:
        """Every entity the batch names, with its renderings: computed once for the batch check and the report."""
        from mtqa.entities.batch_renderings import batch_entities

        return batch_entities(self)


def _unclaimed_renderings(context: CheckContext, renderings: tuple[Rendering, ...]) -> list[SourceRendering]:
    """The article's source names read in its target, less the glossary's (its entities are counted by mention)."""
    if not (context.document.source and context.segments):
        return []
    mentioned = CoveredSpans(r.span for r in renderings)
    source_names = context.source_names
    found = source_name_renderings(context.document, context.segments, context.candidates)
    return [r for r in found if not mentioned.overlaps(*r.span)
            and not (source_names is not None and context.glossary.source_forms.entries_in(r.source)[1])]
