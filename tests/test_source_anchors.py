"""Glossary findings carry the source occurrence of their entry in the aligned source segment."""

from __future__ import annotations

import pytest

from conftest import compile_entries
from mtqa.io.segments import SegmentText, segmented_document
from mtqa.model import Document
from mtqa.pipeline import check_batch

ENTRIES = [
    {"id": "forced-labor", "type": "term", "canonical": "forced labor", "case_sensitive": False,
     "wrong": [{"text": "job labor"}], "sources": {"zh-Hans": "强征劳工", "ko": "강제징용"}},
    {"id": "yoon-suk-yeol", "type": "person", "canonical": "Yoon Suk Yeol", "allowed": ["Yoon"],
     "sources": {"zh-Hans": "尹锡悦", "ko": "윤석열"}},
]


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):
    return compile_entries(ENTRIES, tmp_path_factory.mktemp("glossary"))


def bilingual(*pairs: tuple[str, str]) -> Document:
    return segmented_document([SegmentText(str(n), source, target, None) for n, (source, target) in
                               enumerate(pairs, start=1)], id="a")


def source_texts(report, rule: str) -> list[str | None]:
    document = report.results[0].document
    return [document.source[f.source_span.start:f.source_span.end] if f.source_span else None
            for f in report.findings if f.rule == rule]


def test_a_forbidden_term_points_at_the_source_term_of_its_segment(glossary):
    document = bilingual(("强征劳工受害者举行抗议。", "Victims of wartime job labor protested."),
                         ("他们要求道歉。", "They demanded an apology for the job labor."))
    report = check_batch([document], glossary)
    # the second segment's source does not name the entry: its finding has no source span
    assert source_texts(report, "MTQ102") == ["强征劳工", None]
    first = next(f for f in report.findings if f.rule == "MTQ102")
    assert document.segments[0].source.contains(first.source_span)


def test_the_nearest_of_several_occurrences_by_place_in_the_segment(glossary):
    source = "강제징용 피해자들은 기자회견을 열고 윤석열 정부가 강제징용 문제를 외면한다고 비판했다."
    target = ("Victims of forced labor held a press conference and criticised the Yun Xiyue government "
              "for ignoring the job labor issue.")
    report = check_batch([bilingual((source, target), ("그들은 사과를 요구했다.", "They demanded an apology."))],
                         glossary)
    forbidden = next(f for f in report.findings if f.rule == "MTQ102")
    assert forbidden.source_span.start == source.rindex("강제징용")  # the later of the two, as in the target
    assert source_texts(report, "MTQ103") == ["윤석열"]


def test_without_alignment_no_source_span_is_guessed(glossary):
    document = Document(id="a", target="Victims of wartime job labor protested.", source="强征劳工受害者举行抗议。")
    report = check_batch([document], glossary)
    assert source_texts(report, "MTQ102") == [None]
