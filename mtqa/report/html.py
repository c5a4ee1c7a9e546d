"""The HTML report: one self-contained file from which an editor fixes a batch (see docs/html.md).

Everything the page shows comes from autoescaped jinja2 templates; the only raw markup is our own CSS and script,
which a Content-Security-Policy pins by hash, so that even a missed escape could neither run script nor load
anything from the network.
"""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache

import jinja2
import regex
from markupsafe import Markup

from mtqa import __version__
from mtqa.display import unsafe_except
from mtqa.entities.covered import SpansInPlace
from mtqa.gate import Verdict, batch_fluency
from mtqa.locations import Locator
from mtqa.model import DocumentResult, Finding, Rendering, Report, Span
from mtqa.report.arguments import takes_report
from mtqa.report.summary import (
    SEVERITY_ORDER,
    batch_words,
    fluency_skipped_line,
    incomplete_line,
    mqm_penalty,
    mqm_score,
    rule_counts,
    severity_counts,
    verdict_line,
)

GLYPHS = {"critical": "◆", "major": "▲", "minor": "●"}  # severity by shape, not only by colour
# Characters that would act raw where the file is printed (controls, separators, bidirectional and invisible format
# characters) are written as character references, which a browser reads back as the same code point, so the text
# and its marks stay exact. Two kinds have no such form and are shown as U+FFFD, one code point for one: a lone
# surrogate (no UTF-8 form at all) and a C1 control (a reference to it means a Windows-1252 character instead).
_REPLACED = regex.compile("[\ud800-\udfff\x80-\x9f]")
_UNSAFE_IN_PAGE = unsafe_except("\t\n")  # the page's own layout; in text a browser shows them as spaces
# The templates' pieces are short (a tag, an attribute): they are joined to about this many characters before the
# unsafe characters are looked for, so that the look-up is one pass per block, not one call per piece.
BLOCK_CHARACTERS = 65_536


@takes_report
def render_html(report: Report, verdict: Verdict) -> str:
    return "".join(html_chunks(report, verdict))


@takes_report
def html_chunks(report: Report, verdict: Verdict) -> Iterator[str]:
    """The HTML report in pieces: each article's part is made as it is written. What the page shows before the
    articles (the worst articles, the renderings tables, the article filter) keeps only a short form of each."""
    env = _environment()
    css, script = (env.loader.get_source(env, name)[0] for name in ("report.css", "report.js"))
    documents = [_summary_view(number, result) for number, result in enumerate(report.results, 1)]
    findings = report.findings
    words = batch_words(report)
    penalty = mqm_penalty(findings, words)
    pieces = env.get_template("report.html.j2").generate(
        version=__version__,
        report=report,
        verdict=verdict,
        documents=documents,
        articles=(_document_view(number, result) for number, result in enumerate(report.results, 1)),
        worst_first=sorted(documents, key=lambda d: (-d["penalty"], -d["finding_count"], d["number"])),
        words=words,
        penalty=penalty,
        quality=mqm_score(penalty),
        counts=severity_counts(findings),
        rules=[(*rule.split(" ", 1), count) for rule, count in rule_counts(findings).items()],  # code, name, count
        severities=[s.value for s in SEVERITY_ORDER],
        glyphs=GLYPHS,
        renderings=_renderings_table(_mention_views(report)),
        source_names=_source_names_table(report, documents),
        fluency=batch_fluency(report),
        has_suppressed=any(d["suppressed"] for d in documents),
        incomplete=incomplete_line(report),
        headline=verdict_line(report, verdict, "Gate passed", "Gate failed"),
        fluency_skipped=fluency_skipped_line(report),
        css=Markup(css),
        script=Markup(script),
        csp=f"default-src 'none'; img-src data:; style-src '{_sha256(css)}'; script-src '{_sha256(script)}'",
    )
    for block in _blocks(pieces):
        yield _UNSAFE_IN_PAGE.sub(_reference, block)


def _blocks(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces joined into blocks of about BLOCK_CHARACTERS, in order."""
    pending, size = [], 0
    for piece in pieces:
        pending.append(piece)
        size += len(piece)
        if size >= BLOCK_CHARACTERS:
            yield "".join(pending)
            pending, size = [], 0
    if pending:
        yield "".join(pending)


def _reference(match: regex.Match) -> str:
    char = match.group()
    return "\ufffd" if _REPLACED.match(char) else f"&#x{ord(char):x};"


def grade(score: float, good: float = 98, fair: float = 90) -> str:
    """A colour class for a 0-100 score. MQM score 98 = 20 penalty points per 1,000 words; 90 = 100."""
    return "good" if score >= good else "fair" if score >= fair else "poor"


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("mtqa.report", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["grade"] = grade
    return env


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _summary_view(number: int, result: DocumentResult) -> dict:
    """What the page shows of an article outside its own part: its scores and counts."""
    findings = list(result.findings)
    words = result.document.words
    penalty = mqm_penalty(findings, words)
    return {
        "number": number,
        "id": result.document.id,
        "words": words,
        "penalty": penalty,
        "quality": mqm_score(penalty),
        "counts": severity_counts(findings),
        "suppressed": result.suppressed,
        "fluency": result.fluency.score if result.fluency else None,
        "finding_count": len(findings),
    }


def _mention_views(report: Report) -> Iterator[dict]:
    """For the renderings table: each article with glossary mentions, its findings and mentions with their keys."""
    for number, result in enumerate(report.results, 1):
        if result.renderings:
            locator = Locator(result.document)
            yield {"number": number, "id": result.document.id,
                   "findings": [{"key": f"{number}-{n}", "f": f} for n, f in enumerate(result.findings, 1)],
                   "mentions": _mentions(number, result, locator)}


def _mentions(number: int, result: DocumentResult, locator: Locator) -> list[tuple]:
    return [(f"{number}-{n}", r, locator.shown_position(r.span.start)) for n, r in enumerate(result.renderings, 1)]


def _document_view(number: int, result: DocumentResult) -> dict:
    document = result.document
    target = document.target
    locator = Locator(document)
    findings = list(result.findings)
    finding_keys = {f.span: f"{number}-{n}" for n, f in reversed(list(enumerate(findings, 1)))}
    mention_keys = {r.span: f"{number}-{n}" for n, r in reversed(list(enumerate(result.renderings, 1)))}

    def anchor(span: Span) -> str | None:
        """Where a link to this span should go: the finding that marks it, else the glossary mention."""
        if span in finding_keys:
            return f"f-{finding_keys[span]}"
        return f"r-{mention_keys[span]}" if span in mention_keys else None

    def place(span: Span) -> str:
        return locator.shown_position(span.start)

    fluency = result.fluency
    weakest = fluency.weakest() if fluency else []
    return {
        **_summary_view(number, result),
        "path": document.path if document.path not in (None, document.id) else None,
        "target": target,
        "source": document.source,
        "source_lang": document.source_lang or "und",
        "metrics": result.metrics,
        "term_accuracy": result.term_accuracy,
        "weakest": [{
            "text": " ".join(target[s.span.start:s.span.end].split()),
            "score": s.score,
            "surprisal": s.mean_surprisal,
            "place": place(s.span),
            "peaks": [(" ".join(target[p.span.start:p.span.end].split()), p.surprisal) for p in s.peaks],
        } for s in weakest],
        "findings": [{
            "key": f"{number}-{n}",
            "n": n,
            "f": finding,
            "place": place(finding.span),
            "related": [{"text": target[s.start:s.end], "place": place(s), "href": anchor(s)} for s in finding.related],
        } for n, finding in enumerate(findings, 1)],
        "mentions": _mentions(number, result, locator),
        "pieces": _pieces(number, target, findings, result.renderings),
    }


def _pieces(number: int, text: str, findings: list[Finding], renderings: tuple[Rendering, ...]) -> list[tuple]:
    """Cut the text at every span boundary, so that overlapping spans become nested layers of flat pieces.

    Returns (text, layers) pairs, layers outermost first, each with kind "m" for a glossary mention (a link target
    only) or "f" for a finding mark. `first` is true on the piece where the span starts: it carries the id, the
    focus stop and the badge. A zero-length span becomes an empty piece.
    """
    spans = [("m", f"{number}-{n}", r.span, None) for n, r in enumerate(renderings, 1)]
    spans += [("f", f"{number}-{n}", f.span, f) for n, f in enumerate(findings, 1)]
    # Mentions outside findings; earlier, then longer spans outside later, shorter ones.
    spans.sort(key=lambda s: (s[0] == "f", s[2].start, -s[2].end))
    cuts = sorted({0, len(text), *(s[2].start for s in spans), *(s[2].end for s in spans)})
    starting = defaultdict(list)
    for span in spans:
        starting[span[2].start].append(span)
    pieces, active = [], []
    for start, end in zip(cuts, [*cuts[1:], None], strict=True):
        active = [s for s in active if s[2].end > start]
        for empty in (s for s in starting[start] if s[2].end == start):
            pieces.append(("", _layers([*active, empty], lambda s, e=empty: s is e)))
        active += [s for s in starting[start] if s[2].end > start]
        active.sort(key=lambda s: (s[0] == "f", s[2].start, -s[2].end))
        if end is not None:
            pieces.append((text[start:end], _layers(active, lambda s, at=start: s[2].start == at)))
    return pieces


def _layers(spans: list[tuple], is_first) -> list[dict]:
    depth = iter(range(len(spans)))  # nesting depth among finding marks: offsets their underlines
    return [{"kind": s[0], "key": s[1], "first": is_first(s), "f": s[3], "depth": next(depth) if s[3] else 0}
            for s in spans]


def _about(finding: Finding, rendering: Rendering) -> bool:
    """Whether a finding calls this rendering wrong: a finding about its entry over it, or one about another entry
    exactly on it. A finding that merely covers it (a boilerplate line, a sentence's fluency) does not."""
    if not finding.span.overlaps(rendering.span) or finding.entry_id is None:
        return False
    return finding.entry_id == rendering.entry_id or finding.span == rendering.span


class _FindingsAbout:
    """The findings of one article that call a rendering wrong (_about), in their order, looked up by entry and by
    place: an article that misspells a name on every line has as many findings as mentions, and trying each finding
    on each mention made the report grow with the square of the article."""

    def __init__(self, findings: list[tuple[str, Finding]]) -> None:
        self._findings = findings
        self._on_span: dict[Span, list[int]] = defaultdict(list)
        by_entry: dict[str, list[int]] = defaultdict(list)
        for index, (_, finding) in enumerate(findings):
            if finding.entry_id is not None:
                self._on_span[finding.span].append(index)
                by_entry[finding.entry_id].append(index)
        # entry -> its findings' indexes, and their spans to ask which overlap a place
        self._by_entry = {entry: (indexes, SpansInPlace([findings[index][1].span for index in indexes]))
                          for entry, indexes in by_entry.items()}

    def of(self, rendering: Rendering) -> list[tuple[str, Finding]]:
        chosen = set(self._on_span.get(rendering.span, ()))
        if rendering.entry_id in self._by_entry:
            indexes, spans = self._by_entry[rendering.entry_id]
            chosen.update(indexes[number] for number in spans.overlapping(*rendering.span))
        return [self._findings[index] for index in sorted(chosen) if _about(self._findings[index][1], rendering)]


def _renderings_table(documents: Iterable[dict]) -> list[dict]:
    """Per glossary entry, each distinct rendering: how often, where, and whether a finding calls it wrong."""
    entries: dict[str, dict] = {}
    for document in documents:
        about = _FindingsAbout([(item["key"], item["f"]) for item in document["findings"]])
        for key, rendering, place in document["mentions"]:
            entry = entries.setdefault(rendering.entry_id, {"id": rendering.entry_id,
                                                            "canonical": rendering.canonical, "rows": {}})
            row = entry["rows"].setdefault(rendering.text, {"text": rendering.text, "kinds": set(), "rules": set(),
                                                            "count": 0, "places": defaultdict(list)})
            flagged = about.of(rendering)
            row["kinds"].add(rendering.kind)
            row["rules"].update(f.rule for _, f in flagged)
            row["count"] += 1
            href = f"f-{flagged[0][0]}" if flagged else f"r-{key}"
            row["places"][(document["number"], document["id"])].append((href, place))
    table = []
    for entry in entries.values():
        rows = sorted(entry["rows"].values(), key=lambda r: (bool(r["rules"]), -r["count"], r["text"]))
        for row in rows:
            row["kinds"] = ", ".join(sorted(row["kinds"]))
            row["rules"] = sorted(row["rules"])
            row["places"] = sorted(row["places"].items())
        table.append({**entry, "rows": rows, "wrong": sum(bool(r["rules"]) for r in rows)})
    # Entries with wrong renderings first, then those rendered several ways.
    return sorted(table, key=lambda e: (-e["wrong"], -len(e["rows"]), e["canonical"].casefold()))


def _source_names_table(report: Report, documents: list[dict]) -> list[dict]:
    """The names found in the sources without a glossary entry, each with how the batch renders it: names rendered
    several ways first. Glossary entries have the table above, which links each mention."""
    glossary_ids = {r.entry_id for result in report.results for r in result.renderings}
    number_of = {d["id"]: d["number"] for d in documents}
    table = []
    for entity in report.renderings:
        if entity.entity in glossary_ids:
            continue
        rows = [{"text": row.text, "mentions": row.mentions, "reference": row.text == entity.reference,
                 "articles": [(number_of[doc], doc) for doc in row.documents if doc in number_of]}
                for row in entity.rows]
        table.append({"name": entity.entity, "kind": entity.kind, "reference": entity.reference, "rows": rows})
    return sorted(table, key=lambda e: (-len(e["rows"]), -sum(r["mentions"] for r in e["rows"]), e["name"]))
