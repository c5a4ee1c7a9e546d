"""The rule stage's shortcuts give what the long way gives: folding by replacement, candidates of a run worked out
once and reused wherever it stands, the CJK pre-check, the sentence start of an acronym's definition."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.checks.originals import CJK_LETTER
from mtqa.checks.untranslated import _CJK_PASSAGE, FIRST_CJK_LETTER
from mtqa.entities.definitions import _sentence_start
from mtqa.entities.names import _candidates_in_run, candidate_spans
from mtqa.text import _FOLD_TABLE, FoldedText

_PIECES = ["Yoon", "Suk", "Yeol", "Lai", "Ching", "te", "of", "de", "the", "Bank", "Korea's", "People\u2019s",
           "Workers'", "O'Brien", "Party", "Kim", "In", "The", "said", "jo", "\u00c9cole", "\u0130zmir", "\u03a3\u03b1",
           " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2019s", "-", "\u2014", ".", ",", "(KEB)", "\u00e9"]
texts = st.lists(st.sampled_from(_PIECES), max_size=30).map(" ".join) | st.text(max_size=40)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_folding_is_lower_case_the_fold_table_and_single_spaces(text):
    folded = FoldedText(text)
    if len(text.lower()) == len(text):
        assert folded.folded == re.sub(" {2,}", " ", text.lower().translate(_FOLD_TABLE))
    for start in range(len(folded.folded)):  # every folded character maps back to one that folds to it
        original, _ = folded.to_original(start, start + 1)
        assert folded.folded[start] in text[original].lower().translate(_FOLD_TABLE)


RUNS = ["Ministry of Foreign Affairs", "Lai Ching te", "Kishida's Liberal Democratic Party", "People's Daily's",
        "Bank of Korea\u2019s of the Year", "Yoon\u00a0Suk Yeol", "Mohammed bin Salman", "Pyongyang"]


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize(("before", "after"), [("", ""), ("He met ", " said."), ("x\n", " at\tnoon")])
def test_a_run_has_the_same_candidates_wherever_it_stands(run, before, after):
    alone = [(c.start, c.end, c.text, c.tokens, c.key, c.units) for c in candidate_spans(run)]
    _candidates_in_run.clear()
    placed = candidate_spans(before + run + after)
    shift = len(before)
    inside = [(c.start - shift, c.end - shift, c.text, c.tokens, c.key, c.units) for c in placed
              if c.start >= shift and c.end <= shift + len(run)]
    assert inside == alone
    assert candidate_spans(before + run + after) == placed  # from the cache, as computed


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, min_size=2, max_size=4))
def test_remembered_runs_give_the_candidates_of_runs_worked_out_afresh(batch):
    # Runs are remembered by their text as matched, across articles: what another article's run left must be what
    # this article's run gives afresh, whatever stands around it.
    warm = [candidate_spans(text) for text in batch]
    for text, found in zip(batch, warm, strict=True):
        _candidates_in_run.clear()
        assert candidate_spans(text) == found


def test_a_syllable_after_a_run_joins_the_readings_that_end_with_the_run():
    texts = [c.text for c in candidate_spans("Lai Ching te arrived. Lai's Ching te left.")]
    # (A possessive's run may end before the syllable too, as "People's Power Party" before "met".)
    assert texts == ["Lai Ching", "Lai Ching te", "Ching te", "Ching te", "Lai's Ching", "Lai's Ching te"]
    again = [c.text for c in candidate_spans("Lai Ching te met Lai Ching.")]  # the same run, once without it
    assert again == ["Lai Ching", "Lai Ching te", "Ching te", "Lai Ching"]


def test_no_cjk_letter_lies_below_the_first():
    below = "".join(chr(code) for code in range(ord(FIRST_CJK_LETTER)) if not 0xD800 <= code < 0xE000)
    assert CJK_LETTER.search(below) is None and _CJK_PASSAGE.search(below) is None
    assert CJK_LETTER.match(FIRST_CJK_LETTER)


@pytest.mark.parametrize(("text", "start"), [
    ("Officials said.\n Korea Exchange Bank", len("Officials said.\n ")),  # `$` holds before a line break
    ("Officials said. Korea Exchange Bank", len("Officials said. ")),
    ("The U.S. Korea Exchange Bank", 0),  # no sentence ends after an abbreviation
    ("He left (late) Korea Exchange Bank", len("He left (late)")),
])
def test_a_definition_starts_after_the_sentence_end_before_it(text, start):
    assert _sentence_start(text, len(text)) == start


@pytest.mark.parametrize("enabled_before", [True, False])
def test_a_long_article_is_checked_with_the_cyclic_collector_paused_in_the_main_thread_only(
        shipped_glossary, monkeypatch, enabled_before):
    # A long article's millions of candidate names would otherwise be walked by every full collection; a news article
    # gains nothing, and threads checking articles side by side would keep the process's collector off for everyone.
    import gc
    import threading

    import mtqa.checks.registry as registry
    from mtqa.model import Document
    from mtqa.pipeline import LONG_ARTICLE, check_batch

    seen = []

    def spy(context):
        seen.append((len(context.text) >= LONG_ARTICLE, gc.isenabled()))
        return iter(())

    monkeypatch.setattr(registry, "CHECKS", (*registry.CHECKS, registry.Check(spy, frozenset({"MTQ101"}))))
    long_text = ("Yoon Suk-yue met reporters in Seoul. " * (LONG_ARTICLE // 30))[:LONG_ARTICLE]
    documents = [Document(id="long", target=long_text), Document(id="news", target="Moon Jae-in said so.")]
    was = gc.isenabled()
    (gc.enable if enabled_before else gc.disable)()
    try:
        check_batch(documents, shipped_glossary)
        assert seen == [(True, False), (False, enabled_before)]
        assert gc.isenabled() is enabled_before
        seen.clear()
        in_a_thread = threading.Thread(target=check_batch, args=(documents[:1], shipped_glossary))
        in_a_thread.start()
        in_a_thread.join()
        assert seen == [(True, enabled_before)]
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("enabled_before", [True, False])
def test_pauses_of_the_collector_in_threads_side_by_side_leave_it_as_it_was(enabled_before):
    # Threads reading glossaries or stored results at once each pause the collector: the process's one switch must
    # end as it was, however their starts and ends interleave (each noting and restoring it alone left it off in 15
    # of 20 such trials).
    import gc
    import sys
    import threading

    from mtqa.gc_paused import collection_paused

    def pause_and_resume() -> None:
        for _ in range(5_000):
            with collection_paused():
                assert not gc.isenabled()

    interval, was = sys.getswitchinterval(), gc.isenabled()
    sys.setswitchinterval(1e-6)  # threads switch between any two steps
    try:
        for _ in range(5):
            (gc.enable if enabled_before else gc.disable)()
            threads = [threading.Thread(target=pause_and_resume) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert gc.isenabled() is enabled_before
    finally:
        sys.setswitchinterval(interval)
        (gc.enable if was else gc.disable)()


def test_what_a_pause_of_the_collector_kept_is_not_walked_by_its_next_young_pass():
    # A long article's memos of judged names outlive its check: left in the youngest generation, all of them were
    # walked by the collector's first pass after the pause (about 5% of a 1 MB article's time).
    import gc

    from mtqa.gc_paused import collection_paused

    class Kept:
        pass

    was = gc.isenabled()
    gc.enable()
    try:
        with collection_paused():
            kept = [Kept() for _ in range(1_000)]
        assert gc.get_count()[0] < 100
        assert not any(each is kept[0] for generation in (0, 1) for each in gc.get_objects(generation=generation))
    finally:
        (gc.enable if was else gc.disable)()


def test_a_pause_of_the_collector_leaves_a_callers_frozen_objects_frozen():
    import gc

    from mtqa.gc_paused import collection_paused

    was = gc.isenabled()
    gc.enable()
    gc.freeze()  # as a server does before it forks its workers
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with collection_paused():
            [object() for _ in range(10)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()


def test_cycles_made_garbage_in_a_pause_of_the_collector_are_still_collected():
    # Frozen at the pause's end in a command's process, they were never collected again: memory grew with the batch.
    import gc

    from mtqa.gc_paused import collect_seldom, collection_paused

    class Cycle:
        def __init__(self) -> None:
            self.me = self

    was, thresholds = gc.isenabled(), gc.get_threshold()
    gc.enable()
    collect_seldom()  # as the command line's process is set up
    try:
        with collection_paused():
            for _ in range(1_000):
                Cycle()
        assert gc.collect() >= 1_000
    finally:
        gc.set_threshold(*thresholds)
        (gc.enable if was else gc.disable)()
