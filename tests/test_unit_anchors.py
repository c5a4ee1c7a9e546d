"""Findings about a whole unit (a term or a number a segment, paragraph or article leaves out) point at a bounded
span: the unit where it is short, its first sentence where it is long. Each finding quotes its span in every report,
so one long paragraph that leaves out hundreds of terms made reports grow as terms times paragraph length."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.checks.anchors import MAX_ANCHOR, unit_anchor
from mtqa.gate import judge
from mtqa.glossary.compile import CompiledGlossary
from mtqa.glossary.model import Glossary
from mtqa.model import Document, Segment, Span
from mtqa.pipeline import check_batch
from mtqa.report import html_chunks, report_pieces

SENTENCE = "The officials met and discussed the matter at length. "
LONG_FIRST = ("Seoul, Oct. 5 (Yonhap) -- President Yoon Suk Yeol met U.S. President Joe Biden in Washington on "
              "Monday, aides said. ")


def text_of(text: str, span: Span) -> str:
    return text[span.start:span.end]


@pytest.mark.parametrize(("text", "expected"), [
    ("  A short paragraph. It is marked whole.\n", "A short paragraph. It is marked whole."),
    (SENTENCE * 2, (SENTENCE * 2).strip()),
    # Long: the first sentence; a dateline is no sentence of its own, and "U.S." ends none.
    (LONG_FIRST + SENTENCE * 10, "President Yoon Suk Yeol met U.S. President Joe Biden in Washington on Monday, "
                                 "aides said."),
    ("BIDEN AND YOON MEET IN WASHINGTON\n" + SENTENCE * 10, SENTENCE.strip()),  # a headline is passed over
    ("\n\n" + SENTENCE * 10 + "\n\n", SENTENCE.strip()),
])
def test_a_unit_is_marked_whole_when_short_and_by_its_first_sentence_when_long(text, expected):
    assert text_of(text, unit_anchor(text, Span(0, len(text)))) == expected


@pytest.mark.parametrize("text", [
    "word " * 400,  # one sentence longer than the bound: cut after the last word that fits
    "They said " + "very " * 100 + "much.",
    "强" * 1000,  # no blank at all: cut at the bound
    "e\u0301" * 400,  # never between a letter and its accent
    "\U0001F469\u200d\U0001F52C" * 200,  # nor inside an emoji sequence
])
def test_a_sentence_longer_than_the_bound_is_cut_to_it_at_a_words_or_a_characters_end(text):
    span = unit_anchor(text, Span(0, len(text)))
    assert span.start == 0 and 0 < span.end - span.start <= MAX_ANCHOR
    if " " in text:
        assert text[span.end] == " " and not text_of(text, span).endswith(" ")
    assert not text[span.end:].startswith(("\u0301", "\u200d"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n强\u0301"), max_size=900), st.data())
def test_an_anchor_lies_in_its_unit_and_is_bounded(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    span = unit_anchor(text, Span(start, end))
    assert start <= span.start <= span.end <= end
    assert span.end - span.start <= MAX_ANCHOR
    trimmed = text[start:end].strip()
    if len(trimmed) <= MAX_ANCHOR:
        assert text_of(text, span) == trimmed
    else:
        assert text_of(text, span).strip()


def _unaligned(terms: int, lines: int = 1) -> Document:
    """An article whose own `terms` are all in its source and none in its target, which is one long paragraph (or
    `lines` of them); the source is not aligned with it."""
    rng = random.Random(1)
    forms: dict[str, tuple[str, ...]] = {}
    while len(forms) < terms:
        forms["".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(4))] = (f"zz{len(forms)}term",)
    paragraph, listed = SENTENCE * (terms // lines), list(forms)
    # One more paragraph in the middle of the source than the target has: not aligned by paragraphs either.
    paragraphs = ["。".join(listed[index::lines]) + "。" for index in range(lines)]
    source = "\n\n".join([*paragraphs[:1], "完。", *paragraphs[1:]] if lines > 1 else paragraphs)
    return Document(id="a", target="\n\n".join([paragraph.strip()] * lines), source=source, source_lang="zh-Hans",
                    terms=forms)


def _aligned_numbers(numbers: int) -> Document:
    """One aligned segment whose source gives `numbers` amounts, of which the long target gives only the first."""
    source = "。".join(f"他们花了{index + 11}亿元" for index in range(numbers)) + "。"
    target = "They spent 1.1 billion yuan. " + SENTENCE * numbers
    return Document(id="a", target=target, source=source, source_lang="zh-Hans",
                    segments=(Segment("1", Span(0, len(target)), Span(0, len(source))),))


def _empty() -> CompiledGlossary:
    return CompiledGlossary(Glossary(entries=()))


@pytest.mark.parametrize(("make", "rule"), [(_unaligned, "MTQ106"), (_aligned_numbers, "MTQ401")])
def test_reports_grow_with_the_input_not_with_findings_times_unit_length(make, rule):
    """The figures behind README's: 100 KB of such input made a JSON report of 55 MB, 200 KB one of 218 MB."""
    sizes = {}
    for count in (100, 400):
        document = make(count)
        report = check_batch([document], _empty())
        findings = [finding for finding in report.findings if finding.rule == rule]
        assert len(findings) >= count - 1
        assert all(finding.text == text_of(document.target, finding.span) for finding in findings)
        assert all(len(finding.text) <= MAX_ANCHOR for finding in findings)
        verdict = judge(report)
        size = len(document.target) + len(document.source)
        sizes[count] = {name: sum(map(len, pieces)) / size for name, pieces in (
            ("json", report_pieces("json", report, verdict)), ("sarif", report_pieces("sarif", report, verdict)),
            ("html", html_chunks(report, verdict)))}
    for name in sizes[100]:
        # Bytes of report per character of input: flat (it grew fourfold with four times the input before).
        assert sizes[400][name] < 1.3 * sizes[100][name], (name, sizes)


def test_a_missing_term_of_an_unaligned_article_points_at_its_paragraphs_first_sentence():
    document = _unaligned(20, lines=2)
    findings = [f for f in check_batch([document], _empty()).findings if f.rule == "MTQ106"]
    second_paragraph = document.target.index("\n\n") + 2
    assert {(f.span.start, f.text) for f in findings} == {(0, SENTENCE.strip()),
                                                         (second_paragraph, SENTENCE.strip())}
    assert "points at the paragraph in the same place (at its first sentence" in findings[0].message


def test_a_short_unit_is_still_marked_whole():
    # The paragraph in the same place, the aligned segment: each whole, as before.
    short = Document(id="a", target="They used workers. Many of them.\n\nThe rest went home.",
                     source="他们使用了强制劳动。\n\n其余的人回家了。\n\n完", source_lang="zh-Hans",
                     terms={"强制劳动": ("forced labor",)})
    [finding] = check_batch([short], _empty()).findings
    assert (finding.rule, finding.text) == ("MTQ106", "They used workers. Many of them.")
    target, source = "  They spent 1.1 billion yuan on it.  ", "他们花了11亿元，其中3亿元用于住房。"
    segment = Document(id="b", target=target, source=source, source_lang="zh-Hans",
                       segments=(Segment("1", Span(0, len(target)), Span(0, len(source))),))
    assert [(f.rule, f.text) for f in check_batch([segment], _empty()).findings] == [
        ("MTQ401", "They spent 1.1 billion yuan on it.")]
