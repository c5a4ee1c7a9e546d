"""One long, name-dense article costs work in proportion to its length: the comparisons behind the name checks are
counted, not timed, so the bound holds on any machine."""

from __future__ import annotations

import functools
import itertools
import random
from collections import Counter
from types import SimpleNamespace

import pytest
import rapidfuzz
from hypothesis import given, settings
from hypothesis import strategies as st

import mtqa.checks.consistency
from mtqa.entities.covered import CoveredSpans
from mtqa.model import Document, Span
from mtqa.pipeline import check_batch

# Few family names and many given names: in a long list of people many share a family name, which makes the
# largest blocks of similar names an index has to compare.
FAMILY_NAMES = ["Kim", "Lee", "Park"]
CONSONANTS, VOWELS = "bdklmnrst", "aeio"
VERBS = ["met", "thanked", "called", "praised", "criticised", "answered", "joined", "followed"]
# The same pair in every article: the one misspelling that must still be found among all the other names.
PLANTED = "Mayor Ingrid Sollvik told lawmakers on Tuesday. Ingrid Sollvik said the budget would pass. " \
          "Later Ingrid Solvik added that it was urgent.\n"


def name_dense_article(people: int, seed: int = 7) -> str:
    """Sentences that each name two of `people` made-up people ("Kim Kovarin"), almost all of them distinct; one
    in four is later misspelt by one letter ("Kim Kovarim"), so that the findings grow with the article too."""
    rng = random.Random(seed)

    def given_name() -> str:  # with a "v", which no romanisation has, so that it is one part, not syllables
        c, v = (lambda: rng.choice(CONSONANTS)), (lambda: rng.choice(VOWELS))
        return f"{c().upper()}{v()}v{v()}{c()}{v()}{c()}"

    sentences, misspelt = [], []
    for index in range(people // 2):
        first, second = f"{rng.choice(FAMILY_NAMES)} {given_name()}", f"{rng.choice(FAMILY_NAMES)} {given_name()}"
        sentences.append(f"{first} {rng.choice(VERBS)} {second} on {rng.choice(VERBS)} day.")
        if index % 2 == 0:
            last = rng.choice(CONSONANTS.replace(first[-1], ""))
            sentences.append(f"{first} {rng.choice(VERBS)} them.")
            misspelt.append(f"Later {first[:-1]}{last} spoke again.")
        if index % 40 == 0:
            sentences.extend(misspelt)
            misspelt.clear()
            sentences.append("\n")
    return PLANTED + " ".join(sentences + misspelt)


def counted_work(monkeypatch, text: str, glossary) -> tuple[Counter, list]:
    """The findings on `text`, and how many times each costly comparison ran to get them."""
    counts: Counter = Counter()

    def counting(owner, name: str, kind: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            counts[kind] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, wrapper)

    pair_scores = SimpleNamespace(ratio=rapidfuzz.fuzz.ratio)  # every pair of names compared starts with one
    monkeypatch.setattr(mtqa.checks.consistency, "fuzz", pair_scores)
    counting(pair_scores, "ratio", "name pairs compared")
    for name in ("overlaps", "contains"):
        counting(CoveredSpans, name, "span overlap checks")
    counting(Span, "overlaps", "span overlap checks")
    report = check_batch([Document(id="long", target=text)], glossary)
    monkeypatch.undo()
    return counts, list(report.results[0].findings)


@pytest.mark.parametrize("growth", [2, 4])
def test_work_grows_linearly_with_a_name_dense_article(monkeypatch, shipped_glossary, growth):
    base = 1200
    small, small_findings = counted_work(monkeypatch, name_dense_article(base), shipped_glossary)
    large, large_findings = counted_work(monkeypatch, name_dense_article(base * growth), shipped_glossary)
    assert small["name pairs compared"] > 0 and small["span overlap checks"] > 0
    for kind, count in large.items():
        assert count <= 1.15 * growth * small[kind], (kind, small[kind], count)
    # The findings grow with the article too (it is not a cheaper, blinder check), and the planted misspelling is
    # still found among the thousands of other names.
    assert len(large_findings) >= 0.8 * growth * len(small_findings) > 0
    for findings in (small_findings, large_findings):
        planted = [f for f in findings if f.text == "Ingrid Solvik"]
        assert [(f.rule, f.suggestion) for f in planted] == [("MTQ201", "Ingrid Sollvik")]


def test_a_misspelling_repeated_throughout_points_to_a_bounded_number_of_places(shipped_glossary):
    def related_spans(repeats: int) -> tuple[list, str]:
        text = " ".join("Magnus Hallberg said so. Later Magnus Halberg said no." for _ in range(repeats))
        findings = check_batch([Document(id="long", target=text)], shipped_glossary).results[0].findings
        return [f for f in findings if f.text == "Magnus Halberg"], text

    small, _ = related_spans(100)
    large, text = related_spans(400)
    assert len(small) == 100 and len(large) == 400  # every place of the misspelling is still reported
    assert sum(len(f.related) for f in large) <= 4.5 * sum(len(f.related) for f in small)
    first_places = [text[span.start:span.end] for span in large[-1].related[:3]]
    assert first_places == ["Magnus Hallberg"] * 3 and large[-1].related[0].start == 0


def wrong_expansions_article(lines: int, seed: int = 3) -> str:
    """Lines that each define DPP with a made-up middle word ("Democratic Pravelist Party (DPP)") and repeat that
    wrong expansion later on its own: many distinct wrong phrases, each found beside its acronym and repeated."""
    rng = random.Random(seed)
    out = []
    for _ in range(lines):
        middle = "Pr" + "".join(rng.choice(VOWELS) + rng.choice(CONSONANTS) for _ in range(3)) + "ist"
        out.append(f"The Democratic {middle} Party (DPP) met on Monday. Later the Democratic {middle} Party said "
                   "it would vote.")
    return "\n".join(out)


def test_work_grows_linearly_with_many_wrong_acronym_expansions(monkeypatch, shipped_glossary):
    small, small_findings = counted_work(monkeypatch, wrong_expansions_article(150), shipped_glossary)
    large, large_findings = counted_work(monkeypatch, wrong_expansions_article(600), shipped_glossary)
    assert all(count <= 1.15 * 4 * small[kind] for kind, count in large.items()), (small, large)
    expansions = [f for f in large_findings if f.rule == "MTQ104"]
    assert len(expansions) >= 2 * 600 * 0.9  # beside the acronym and repeated, on (almost) every line
    assert len([f for f in small_findings if f.rule == "MTQ104"]) >= 2 * 150 * 0.9


def python_calls(documents: list[Document], glossary) -> int:
    """Every Python function call a check of `documents` makes: a count, not a time, so it is the same on every
    machine, and any step that compares every item with every other shows as calls growing with the square."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.runcall(check_batch, documents, glossary)
    return pstats.Stats(profile).total_calls


@pytest.mark.parametrize("script", ["zh", "ko"])
def test_a_bilingual_segment_repeating_a_name_costs_work_in_proportion_to_its_length(script, tmp_path, monkeypatch):
    # One segment naming one person thousands of times, misspelt: each mention is a glossary finding whose source
    # span must be found, and each source name a rendering to pair; neither may compare every one with every other.
    from conftest import compile_entries
    from mtqa.io.segments import SegmentText, segmented_document

    glossary = compile_entries([{"id": "yoon", "type": "person", "canonical": "Yoon Suk Yeol",
                                 "sources": {"zh-Hans": "尹锡悦", "ko": "윤석열"}}], tmp_path)
    source_name = "尹锡悦。" if script == "zh" else "윤석열이 말했다. "

    def segment(times: int) -> Document:
        text = SegmentText("1", source_name * times, "Yoon Suk-yue said. " * times, None)
        return segmented_document([text], id="long")

    # Whether a run reads a name is cached below the Python level: a wrapper makes every question a counted call.
    import mtqa.entities.source_renderings as source_renderings

    reads_as = source_renderings._reads_as
    monkeypatch.setattr(source_renderings, "_reads_as", lambda *args: reads_as(*args))
    check_batch([segment(50)], glossary)  # segmenter and readings loaded before counting
    small, large = python_calls([segment(400)], glossary), python_calls([segment(1600)], glossary)
    assert large < 4 * 1.3 * small, (small, large)


def test_many_segments_with_numbers_cost_work_in_proportion_to_their_number():
    # A bilingual file of thousands of units, each with a number: each segment looks only at its own numbers.
    from mtqa.glossary.compile import CompiledGlossary
    from mtqa.glossary.model import Glossary
    from mtqa.io.segments import SegmentText, segmented_document

    glossary = CompiledGlossary(Glossary(entries=()))

    def units(count: int) -> Document:
        return segmented_document([SegmentText(str(n), f"第{n}号文件有{n}页。", f"File {n} has {n} pages, two more "
                                               "than the last one.", None) for n in range(count)], id="units")

    small, large = python_calls([units(500)], glossary), python_calls([units(2000)], glossary)
    assert large < 4 * 1.3 * small, (small, large)


def test_a_line_aligned_article_with_a_finding_on_every_line_costs_work_in_proportion_to_its_length(tmp_path):
    # Every finding is given the segment it stands in: the article's lines are paired with the source's once, not
    # once per finding.
    from conftest import compile_entries

    glossary = compile_entries([{"id": "forced-labor", "type": "term", "canonical": "forced labor",
                                 "wrong": ["job labor"]}], tmp_path)

    def article(lines: int) -> Document:
        return Document(id="long", source="\n".join(f"第{n}段。" for n in range(lines)),
                        target="\n".join(f"Paragraph {n} on job labor." for n in range(lines)))

    small, large = python_calls([article(300)], glossary), python_calls([article(1200)], glossary)
    assert large < 4 * 1.3 * small, (small, large)


class CountingList(list):
    """A list that counts the items read from it, however they are read."""

    def __init__(self, items) -> None:
        super().__init__(items)
        self.read = 0

    def __iter__(self):
        for item in super().__iter__():
            self.read += 1
            yield item

    def __getitem__(self, index):
        self.read += 1
        return super().__getitem__(index)


def test_each_aligned_segment_reads_only_its_own_capitalised_runs():
    # Every segment of a line-aligned article looked through all the article's runs for its own: work grew with
    # segments x runs, 77 s for a 1.6 MB article against 22 s for the same text checked as one segment.
    from mtqa.alignment import aligned_segments
    from mtqa.entities.names import candidate_spans
    from mtqa.entities.source_renderings import source_name_renderings

    def runs_read(lines: int) -> int:
        document = Document(id="aligned", source="\n".join(f"张继科在第{n}场比赛中获胜。" for n in range(lines)),
                            target="\n".join(f"Zhang Jike won Match {n} in Doha." for n in range(lines)))
        candidates = CountingList(candidate_spans(document.target))
        assert source_name_renderings(document, aligned_segments(document), candidates)  # he is read on every line
        return candidates.read

    small, large = runs_read(300), runs_read(1200)
    assert large < 4 * 1.3 * small, (small, large)


@given(spans=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)).map(lambda s: (s[0], s[0] + s[1])),
                      max_size=40),
       start=st.integers(0, 70), length=st.integers(0, 30))
def test_the_spans_inside_a_range_are_those_a_scan_finds_in_the_same_order(spans, start, length):
    from mtqa.entities.covered import SpansInPlace

    end = start + length
    assert SpansInPlace(spans).inside(start, end) == [s for s in spans if start <= s[0] and s[1] <= end]


def test_the_html_reports_renderings_table_grows_linearly_with_an_article_misspelling_a_name_throughout(
        tmp_path, monkeypatch):
    # Each mention was tried against every finding of its article: 67 s to write the page of an 800 KB article.
    import mtqa.report.html
    from conftest import compile_entries
    from mtqa.gate import GateSettings, judge

    glossary = compile_entries([{"id": "yoon", "type": "person", "canonical": "Yoon Suk Yeol",
                                 "wrong": ["Yoon Suk-yue"]}], tmp_path)
    tried = Counter()
    about = mtqa.report.html._about
    monkeypatch.setattr(mtqa.report.html, "_about", lambda *args: tried.update(["about"]) or about(*args))

    def pairs_tried(lines: int) -> int:
        text = "\n".join(f"{'Yoon Suk-yue' if n % 2 else 'Yoon Suk Yeol'} spoke on day {n}." for n in range(lines))
        report = check_batch([Document(id="long", target=text)], glossary)
        tried.clear()
        page = mtqa.report.html.render_html(report, judge(report, GateSettings()))
        assert page.count("Yoon Suk-yue") >= lines // 2
        return tried["about"]

    small, large = pairs_tried(200), pairs_tried(800)
    assert 0 < large < 4 * 1.3 * small, (small, large)


def test_a_line_aligned_article_naming_a_glossary_entry_on_every_line_costs_work_in_proportion(tmp_path):
    # Each line's term use looked through every mention of the article for one of its entry (missing-term).
    from conftest import compile_entries

    glossary = compile_entries([{"id": "seoul", "type": "place", "canonical": "Seoul", "sources": {"zh-Hans": "首尔"},
                                 "wrong": ["Soul City"]}], tmp_path)

    def article(lines: int) -> Document:
        return Document(id="long", source="\n".join(f"首尔第{n}次会议。" for n in range(lines)),
                        source_lang="zh-Hans",
                        target="\n".join(f"Soul City held meeting {n}." for n in range(lines)))

    check_batch([article(20)], glossary)  # what a process builds once (tables, patterns) is no article's work
    small, large = python_calls([article(300)], glossary), python_calls([article(1200)], glossary)
    assert large < 4 * 1.3 * small, (small, large)


@functools.cache
def untrained_characters() -> list[str]:
    """The common Chinese characters jieba's tagging model was never trained on (from its own table)."""
    from jieba.posseg import char_state_tab_P

    return [chr(code) for code in range(0x4E00, 0x9FA6) if chr(code) not in char_state_tab_P]


def test_jiebas_own_search_never_runs_over_two_untrained_characters_side_by_side(monkeypatch):
    # Each such pair cost its pure-Python search 256 x 256 steps (about 5 ms): a source of rare characters took
    # minutes. mtqa's search with numpy takes those runs.
    import jieba.posseg

    from mtqa.entities.chinese_tagger import tagged_words

    runs: list[str] = []
    search = jieba.posseg.viterbi

    def recording(observed, *tables):
        runs.append(observed)
        return search(observed, *tables)

    monkeypatch.setattr(jieba.posseg, "viterbi", recording)
    rng = random.Random(5)
    from jieba.posseg import char_state_tab_P

    rare = "".join(rng.choice(untrained_characters()) for _ in range(400))
    trained = "".join(rng.choice(sorted(char_state_tab_P)) for _ in range(100))  # runs jieba's search takes
    text = rare + "，" + trained + "。" + rare[:100]
    assert "".join(word for word, _ in tagged_words(text)) == text
    assert runs, "jieba's search was not asked at all: the test text no longer reaches it"
    untrained = set(untrained_characters())
    assert not [run for run in runs if any(a in untrained and b in untrained for a, b in itertools.pairwise(run))]


# Simplified and traditional news characters (a third of traditional ones are untrained: 臺灣, 總統), untrained
# rare ones, and punctuation.
CHINESE = "首尔市长吴世勋说尹锡悅在平壤与韓國總統臺灣民眾黨黃國昌今天會見議員經濟發展堃燊钅仝龑，。"


@functools.cache
def jieba_tagger():
    """jieba's own tagger, over the segmenter mtqa's tagger uses."""
    import jieba.posseg

    from mtqa.entities.chinese_tagger import _tagger

    return jieba.posseg.POSTokenizer(_tagger().tokenizer)


@settings(deadline=None)  # the first example loads the segmenter's dictionary
@given(st.text(alphabet=CHINESE, max_size=40) | st.lists(st.sampled_from(untrained_characters()), max_size=12).map(
    "".join))
def test_chinese_text_is_tagged_as_jieba_tags_it(text):
    from mtqa.entities.chinese_tagger import tagged_words

    assert tagged_words(text) == [(pair.word, pair.flag) for pair in jieba_tagger().cut(text)]


@settings(deadline=None)
@given(st.text(alphabet=CHINESE, min_size=1, max_size=30))
def test_the_search_with_numpy_finds_jiebas_route(run):
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P, viterbi

    from mtqa.entities.chinese_tagger import _search

    assert _search().route(run) == viterbi(run, char_state_tab_P, start_P, trans_P, emit_P)[1]


def _own_terms_article(terms: int) -> Document:
    """An unaligned article whose record brings `terms` terms of its own, none of them rendered."""
    rng = random.Random(5)
    syllables = "가나다라마바사아자차카타"
    forms = sorted({"".join(rng.choice(syllables) for _ in range(3)) for _ in range(terms * 2)})[:terms]
    return Document(id="a", source=" ".join(form + "은" for form in forms), source_lang="ko",
                    target="\n".join("The ministry said on Monday that it would act." for _ in range(terms // 2)),
                    terms={form: (f"Term{index}x",) for index, form in enumerate(forms)})


def test_an_articles_own_terms_cost_work_in_proportion_to_the_article(monkeypatch):
    """Each missing term of an unaligned article looked through the whole target, and split both texts into
    paragraphs again: thousands of terms made the check grow with the square of the article's length."""
    import mtqa.checks.missing_terms
    import mtqa.entities.loose_renderings
    from mtqa.glossary.compile import CompiledGlossary
    from mtqa.glossary.model import Glossary

    glossary = CompiledGlossary(Glossary(entries=()))
    work = Counter()
    for module, name in ((mtqa.entities.loose_renderings, "fold"), (mtqa.checks.missing_terms, "_paragraphs")):
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda text, original=original, name=name: (
            work.update({name: len(text)}), original(text))[1])
    read = {}
    for terms in (200, 800):
        work.clear()
        document = _own_terms_article(terms)
        findings = [f for f in check_batch([document], glossary).findings if f.rule == "MTQ106"]
        assert len(findings) == terms
        read[terms] = {name: count / (len(document.target) + len(document.source)) for name, count in work.items()}
    for name in ("fold", "_paragraphs"):
        assert read[800][name] < 1.5 * read[200][name] + 2, (name, read)  # characters per input character: flat


def test_listed_forms_nested_in_each_other_keep_the_matches_in_proportion_to_the_article():
    """A glossary of forms nested in each other ("zq", "zq zq", ...) gave every word of an article a match per form
    (100 forms and 60 KB took 1.2 GB); the longest few ending at one place are kept, and they still name."""
    from mtqa.glossary.compile import MAX_FORMS_ENDING_TOGETHER, CompiledGlossary
    from mtqa.glossary.model import Entry, Glossary
    from mtqa.text import FoldedText

    entries = tuple(Entry(id=f"t{count}", type="term", canonical=" ".join(["zq"] * count), case_sensitive=False)
                    for count in range(1, 101))
    glossary = CompiledGlossary(Glossary(entries=entries))
    words = 2000
    matches = glossary.listed_matches(FoldedText(" ".join(["zq"] * words)))
    assert len(matches) <= MAX_FORMS_ENDING_TOGETHER * words
    assert max(match.end - match.start for match in matches) == len(" ".join(["zq"] * 100))  # the longest kept


def test_a_term_left_out_beside_another_entity_costs_work_in_proportion_to_the_file(monkeypatch):
    """Each line leaving 國民黨 out beside the DPP it renders asked how often the source names the DPP: walking every
    term use of the file each time made a long aligned file cost the square of its length. The term uses walked are
    counted."""
    from mtqa.checks.context import CheckContext
    from mtqa.glossary import load_glossaries, shipped_glossary_paths
    from mtqa.glossary.compile import CompiledGlossary
    from mtqa.io.segments import SegmentText, segmented_document

    glossary = CompiledGlossary(load_glossaries(shipped_glossary_paths()))
    walked = Counter()

    class Walked(list):
        def __iter__(self):
            for item in super().__iter__():
                walked["uses"] += 1
                yield item

    term_uses = CheckContext.term_uses
    monkeypatch.setattr(CheckContext, "term_uses", property(lambda self: Walked(term_uses.__get__(self, CheckContext))))
    per_line = {}
    for lines in (200, 800):
        walked.clear()
        texts = [SegmentText(str(index), "國民黨批評民進黨的能源政策。",
                             "The opposition criticized the Democratic Progressive Party's energy policy.", None)
                 for index in range(1, lines + 1)]
        document = segmented_document(texts, id="big", source_lang="zh-Hant")
        findings = [f for f in check_batch([document], glossary).findings if f.rule == "MTQ106"]
        assert len(findings) == lines  # the KMT left out, on every line
        per_line[lines] = walked["uses"] / lines
    assert per_line[800] < 1.5 * per_line[200], per_line
