"""The HTML report as markup: escaping, every finding marked at its exact offsets, links, renderings, no resources.

The builders here (seed_report, tricky_report) are shared with tests/test_html_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from conftest import ROOT, SEED
from mtqa.checks import CheckSettings
from mtqa.config import load_config
from mtqa.gate import GateSettings, Verdict, judge
from mtqa.glossary import load_glossaries, shipped_glossary_paths
from mtqa.glossary.compile import CompiledGlossary
from mtqa.io import load_path
from mtqa.model import (
    ArticleFluency,
    Category,
    Document,
    DocumentResult,
    Finding,
    Metric,
    Peak,
    Rendering,
    Report,
    SentenceFluency,
    Severity,
    Span,
)
from mtqa.pipeline import CheckOptions, check_batch
from mtqa.report.html import render_html
from mtqa.selection import RuleSelection

XSS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"onmouseover="alert(1)']


def seed_report() -> tuple[Report, Verdict]:
    """The seed article checked as `mtqa check` does with no config: shipped glossary, every rule."""
    config = load_config(None)
    glossary = CompiledGlossary(load_glossaries(shipped_glossary_paths()))
    options = CheckOptions(selection=RuleSelection(select=("MTQ",)), severity_overrides=config.severity,
                           settings=CheckSettings(fuzzy_threshold=config.fuzzy_threshold,
                                                  boilerplate_files=config.boilerplate_patterns))
    report = check_batch(load_path(str(SEED.relative_to(ROOT))), glossary, options)
    return report, judge(report, GateSettings(config.fail_on, config.max_penalty, config.min_fluency, config.min_chrf))


def _finding(doc: Document, start: int, end: int, severity=Severity.MAJOR, rule=("MTQ101", "term-variant"),
             **extra) -> Finding:
    return Finding(rule[0], rule[1], severity, Category.TERMINOLOGY, extra.pop("message", f"about {rule[1]}"),
                   doc.id, Span(start, end), doc.target[start:end], fingerprint=f"{rule[0]}-{start}", **extra)


def tricky_report() -> tuple[Report, Verdict]:
    """Attack payloads everywhere text goes, overlapping spans, a span over a line break, a zero-length span,
    a CJK source, fluency and metrics; and a clean second article."""
    target = ("Yun Xiyue met Kishida. " + XSS[0] + " and " + XSS[1] + " then " + XSS[2] + "\n"
              "Please read\non. The job labor case.")
    doc = Document(id='a<b>"1"&', target=target, source="尹錫悅會見岸田。請繼續往下閱讀。", source_lang="zh-Hant",
                   path="in/<evil>.txt")
    at = target.index
    findings = [
        _finding(doc, 0, 9, rule=("MTQ103", "name-transliteration"), suggestion="Yoon Suk Yeol",
                 message="transliteration " + XSS[1], entry_id="yoon"),
        _finding(doc, 0, 22, Severity.MINOR, rule=("MTQ501", "low-fluency")),  # contains the one above
        _finding(doc, 4, 13, Severity.CRITICAL, rule=("MTQ201", "inconsistent-rendering"),  # straddles both
                 suggestion=XSS[0], related=(Span(0, 9), Span(14, 21))),
        _finding(doc, at(XSS[0]), at(XSS[0]) + len(XSS[0]), suggestion=XSS[2], message=XSS[2]),
        _finding(doc, at(XSS[2]), at(XSS[2]) + len(XSS[2]), Severity.MINOR, message=XSS[0]),
        _finding(doc, at("Please"), at("on.") + 3, rule=("MTQ301", "boilerplate"), suggestion=""),  # over "\n"
        _finding(doc, at("job"), at("job"), Severity.MINOR, rule=("MTQ502", "unexpected-phrase")),  # zero-length
        _finding(doc, at("job"), at("job") + 9, rule=("MTQ102", "forbidden-term"), suggestion="forced labor",
                 entry_id="forced-labor"),
    ]
    findings.sort(key=lambda f: (f.span.start, f.span.end, f.rule))
    renderings = (
        Rendering("yoon", "Yoon Suk Yeol", "Yun Xiyue", "transliteration", Span(0, 9)),
        Rendering("kishida", "Fumio <Kishida>", "Kishida", "allowed", Span(14, 21)),
        Rendering("forced-labor", "forced labor", "job labor", "wrong", Span(at("job"), at("job") + 9)),
    )
    fluency = ArticleFluency(41.5, (SentenceFluency(Span(0, 22), 35.0, 6.2, (Peak(Span(4, 9), 11.0),)),
                                    SentenceFluency(Span(at("The job"), len(target)), 48.0, 5.3)))
    clean = Document(id="clean", target="Fumio Kishida spoke.")
    report = Report(
        results=(
            DocumentResult(doc, tuple(findings), renderings, (Metric("chrF2", 51.23, "chrF2|nc:6|" + XSS[0]),),
                           fluency, suppressed=2),
            DocumentResult(clean, (), (Rendering("kishida", "Fumio <Kishida>", "Fumio Kishida", "canonical",
                                                 Span(0, 13)),), fluency=ArticleFluency(93.0)),
        ),
        glossaries=("east<asia>",),
        metrics=(Metric("BLEU", 23.4, "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.2"),),
        fluency_run={"signature": "smollm2-135m|masked-names", "sentences": 4},
    )
    return report, judge(report, GateSettings(max_penalty=100.0, min_fluency=40.0))


class _Page(HTMLParser):
    """Collects tags, ids, links, the article texts and the text each finding mark covers (screen-reader-only
    labels left out)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[tuple[str, dict]] = []
        self.texts: list[str] = []  # the translation text of each article
        self.marked: dict[str, str] = {}  # finding key -> text under its marks
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag not in ("meta", "link", "br", "input"):
            self.stack.append((tag, attributes))
        if tag == "div" and attributes.get("class") == "text" and attributes.get("lang") == "en":
            self.texts.append("")
        if tag == "mark" and attributes.get("id"):
            self.marked.setdefault(attributes["data-f"], "")

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, (tag, self.stack[-3:])
        self.stack.pop()

    def handle_data(self, data):
        if any("vh" in (a.get("class") or "").split() for _, a in self.stack):
            return
        if any(t == "div" and a.get("class") == "text" and a.get("lang") == "en" for t, a in self.stack):
            self.texts[-1] += data
        for tag, attributes in self.stack:
            if tag == "mark":
                self.marked[attributes["data-f"]] += data


@pytest.fixture(params=["seed", "tricky"])
def rendered(request):
    report, verdict = seed_report() if request.param == "seed" else tricky_report()
    html = render_html(report, verdict)
    return report, html, _Page(html)


def test_every_finding_is_listed_and_marked_at_its_offsets(rendered):
    report, html, page = rendered
    ids = {a.get("id") for _, a in page.tags}
    assert page.texts == [r.document.target for r in report.results]  # the whole text, unchanged
    for number, result in enumerate(report.results, 1):
        for n, finding in enumerate(result.findings, 1):
            key = f"{number}-{n}"
            assert {f"f-{key}", f"li-{key}", f"desc-{key}"} <= ids
            assert page.marked[key] == finding.text, (key, finding)
    assert len(page.marked) == len(report.findings)


def test_overlapping_spans_nest_and_a_zero_length_span_still_gets_a_mark():
    report, verdict = tricky_report()
    page = _Page(render_html(report, verdict))
    first_pieces = [a for t, a in page.tags if t == "mark" and a.get("id")]
    assert sorted(a["id"] for a in first_pieces) == [f"f-1-{n}" for n in range(1, 9)]  # each starts exactly once
    assert first_pieces[0]["id"] == "f-1-2" and first_pieces[1]["id"] == "f-1-1"  # the longer span outside
    zero = next(n for n, f in enumerate(report.results[0].findings, 1) if not f.text)
    assert page.marked[f"1-{zero}"] == ""


def test_all_text_is_escaped_and_nothing_can_run(rendered):
    report, html, page = rendered
    assert html.count("<script") == 1  # ours
    for payload in XSS:
        assert payload not in html
    for tag, attributes in page.tags:
        assert tag in _ALLOWED_TAGS, tag
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        assert not any((value or "").strip().lower().startswith("javascript:") for value in attributes.values())
    if report.results[0].document.id.startswith("a<b>"):
        assert 'a&lt;b&gt;&#34;1&#34;&amp;' in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


_ALLOWED_TAGS = set("""html head meta link title style body a header div h1 h2 h3 h4 p main nav section strong span ul
    li dl dt dd b small table caption thead tbody tr th td code br form fieldset legend label input select option
    article mark ol ins del q em footer script""".split())


def test_loads_nothing_from_anywhere(rendered):
    _, html, page = rendered
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import|url\(", html, re.IGNORECASE)
    for tag, attributes in page.tags:
        for name in ("src", "href", "action", "srcset", "poster"):
            value = attributes.get(name)
            assert value is None or value.startswith(("#", "data:")), (tag, name, value)
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp.startswith("default-src 'none';")


def test_the_content_security_policy_pins_our_style_and_script(rendered):
    _, html, page = rendered
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    for tag in ("style", "script"):
        (body,) = re.findall(rf"<{tag}>(.*?)</{tag}>", html, re.DOTALL)
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        assert f"{tag}-src 'sha256-{digest}'" in csp


def test_every_internal_link_has_a_target(rendered):
    _, _, page = rendered
    ids = [a["id"] for _, a in page.tags if a.get("id")]
    assert len(ids) == len(set(ids))
    for tag, attributes in page.tags:
        href = attributes.get("href")
        if tag == "a" and href:
            assert href[1:] in ids, href


def test_renderings_table_groups_each_entry_and_flags_the_wrong_ones():
    report, verdict = seed_report()
    html = render_html(report, verdict)
    table = html[html.index('<table class="renderings">'):]
    table = table[:table.index("</table>")]
    group = next(body for body in table.split("<tbody>") if "yoon-suk-yeol" in body)
    rows = group.split("<tr ")[1:]
    assert [re.search(r"“(.*?)”", row).group(1) for row in rows] == ["Yoon", "Yoon Suk-yue", "Yun Xiyue"]
    assert 'class="ok"' in rows[0] and '<td class="num">2</td>' in rows[0]
    assert "MTQ101" in rows[1] and "✗ wrong" in rows[1]
    assert "MTQ103" in rows[2] and "MTQ201" in rows[2]
    # A wrong rendering links to its finding's mark; a right one to its mention.
    (finding,) = [n for n, f in enumerate(report.results[0].findings, 1) if f.text == "Yoon Suk-yue"]
    assert f'href="#f-1-{finding}"' in rows[1]
    assert 'href="#r-1-' in rows[0]
    # Entries with wrong renderings come first.
    assert table.index("yoon-suk-yeol") < table.index("republic-of-korea")


def test_overview_is_worst_first_with_scores_fluency_metrics_and_gate():
    report, verdict = tricky_report()
    html = render_html(report, verdict)
    overview = html[html.index('id="overview"'):html.index("</table>", html.index('id="overview"'))]
    assert overview.index('href="#doc-1"') < overview.index('href="#doc-2"')
    assert "✗ Gate failed" in html and verdict.reasons[0].replace("'", "&#39;") in html
    assert '<th scope="row">max-penalty</th><td class="num">100.0</td>' in html
    assert '<th scope="row">min-fluency</th><td class="num">40.0</td>' in html
    assert "BLEU" in html and "tok:13a" in html and "chrF2" in html
    assert "smollm2-135m|masked-names" in html
    assert "Least fluent sentences" in html and "11.0 nats" in html
    assert ">2</td>" in overview  # suppressed
    assert "<b>0.0</b> / 100" in html  # the MQM score of a 2,667 penalty


def test_source_is_shown_beside_the_translation_with_language_tags():
    report, verdict = tricky_report()
    html = render_html(report, verdict)
    assert '<div class="text source" lang="zh-Hant" dir="auto">尹錫悅會見岸田。請繼續往下閱讀。</div>' in html
    assert 'class="panes with-source"' in html
    assert html.count('<div class="text" lang="en">') == 2
    assert "Noto Sans CJK" in html


def test_an_empty_batch_renders():
    html = render_html(Report(results=()), Verdict(True, "major", 0, ()))
    assert "✓ Gate passed" in html
    _Page(html)


def test_a_right_rendering_inside_another_finding_stays_right():
    """A correct name on a boilerplate line, or in a sentence with a fluency finding, is not a wrong rendering."""
    target = "Follow Yonhap News Agency on WeChat\nYonhap News Agency reported it."
    doc = Document(id="a", target=target)
    findings = (
        _finding(doc, 0, target.index("\n"), rule=("MTQ301", "boilerplate"), suggestion=""),
        _finding(doc, target.index("\n") + 1, len(target), Severity.MINOR, rule=("MTQ501", "low-fluency")),
    )
    renderings = tuple(Rendering("yonhap", "Yonhap News Agency", "Yonhap News Agency", "canonical",
                                 Span(start, start + 18)) for start in (7, target.index("\n") + 1))
    report = Report(results=(DocumentResult(doc, findings, renderings),), glossaries=("g",))
    html = render_html(report, judge(report, GateSettings()))
    table = html[html.index('<table class="renderings">'):]
    table = table[:table.index("</table>")]
    assert 'class="ok"' in table and "MTQ301" not in table and "MTQ501" not in table and "✗ wrong" not in table
