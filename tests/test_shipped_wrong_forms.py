"""The shipped glossary's known wrong renderings are reported where a translation writes them, each with its entry's
canonical form as the suggestion."""

from __future__ import annotations

import pytest

from mtqa.model import Document
from mtqa.pipeline import check_batch


def _forbidden(text: str, glossary) -> list[tuple[str, str]]:
    report = check_batch([Document(id="story", target=text)], glossary)
    return [(f.text, f.suggestion) for f in report.findings if f.rule == "MTQ102"]


@pytest.mark.parametrize(("sentence", "wrong", "canonical"), [
    ("The Together Democratic Party said it would oppose the bill.", "Together Democratic Party",
     "Democratic Party of Korea"),
    ("Lawmakers of the Deobureo Democratic Party walked out.", "Deobureo Democratic Party",
     "Democratic Party of Korea"),
])
def test_literal_renderings_of_korean_party_names(sentence, wrong, canonical, shipped_glossary):
    assert _forbidden(sentence, shipped_glossary) == [(wrong, canonical)]


def test_every_shipped_wrong_form_is_reported(shipped_glossary):
    missed = []
    for entry in shipped_glossary.glossary.entries:
        for form in entry.wrong:
            sentence = f"Officials said on Monday that {form.text} was mentioned."
            if (form.text, entry.canonical) not in _forbidden(sentence, shipped_glossary):
                missed.append(form.text)
    assert missed == []


def test_the_party_s_own_name_is_clean(shipped_glossary):
    text = "The Democratic Party of Korea and the Democratic Party said together they would oppose the bill."
    assert _forbidden(text, shipped_glossary) == []
