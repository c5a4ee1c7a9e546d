"""The shortcuts of name matching give the answers of the plain way: keys computed in one pass over many texts,
names judged once per glossary, blocks of names numbered by hash, and the findings of a long name-dense article."""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mtqa.entities.mentions as mentions_module
import mtqa.entities.names as names_module
from bench.long_article import name_dense_article
from mtqa.entities.mentions import VARIANT, find_mentions
from mtqa.entities.names import candidate_spans, name_units, near_miss_blocks, near_miss_keys
from mtqa.entities.romanize import phonetic_key, phonetic_keys
from mtqa.model import Document
from mtqa.pipeline import check_batch
from mtqa.text import FoldedText, fold, name_key

GOLDEN = Path(__file__).resolve().parent / "golden"
# Letters that make digraphs and doubled letters, the joining marks, spaces and accented letters.
NAME_TEXT = st.text(alphabet="acehkostuvy|#- 'ŏéİ", max_size=8)


@given(st.lists(NAME_TEXT, max_size=12))
def test_phonetic_keys_of_many_texts_are_each_texts_phonetic_key(texts):
    # Texts holding the marks that join the others ("Li|Qiang") included: they must not shift the keys after them.
    assert phonetic_keys(texts) == [phonetic_key(text) for text in texts]


def test_phonetic_keys_keep_neighbours_apart():
    # An empty key between two others, a doubled letter and a digraph across two texts.
    texts = ["ab", "", "", "ba", "c", "h", "Yoon", "o", "Seok-yeol", "Sŏk"]
    assert phonetic_keys(texts) == [phonetic_key(text) for text in texts]


def test_a_misspelling_met_again_is_a_mention_at_each_of_its_places(shipped_glossary):
    text = "Yoon Suk-yue met reporters. Later Yoon Suk-yue said no. Yoon Suk-yue left."
    mentions = [m for m in find_mentions(text, FoldedText(text), shipped_glossary, 80.0) if m.kind == VARIANT]
    assert [(m.span.start, m.span.end) for m in mentions] == [
        (start, start + len("Yoon Suk-yue")) for start in (0, 34, 56)]
    assert all(text[m.span.start:m.span.end] == m.text == "Yoon Suk-yue" for m in mentions)
    assert len({m.entry.id for m in mentions}) == 1


# Articles that share names at other places and in other company: misspelt, in a possessive, in an all-capitals
# headline, before a name particle, and a known name's own letters.
SHARED_NAMES = [
    "Yoon Suk-yue met Kishida Fumio. The Ministry of Foreign Affairs said Yoon Suk-yue would return.",
    "SEOUL - Later, Yoon Suk-yue's aide met Li Qiang and Moon Jae-in in Seoul.",
    "YOON SUK-YUE VISITS TOKYO\n\nYoon Suk-yue arrived. Moon Jae-In and Yun Xiyue spoke; Ursula Von der Leyen too.",
    "Li Qiang and Li Keqiang met. Kishida Fumio said Yoon Suk-yue and Yun Xiyue were one man.",
]


def _all_mentions(texts: list[str], glossary, fresh_each: bool) -> list[list]:
    found = []
    for text in texts:
        if fresh_each:
            mentions_module._JUDGED.clear()
        found.append(find_mentions(text, FoldedText(text), glossary, 80.0))
    return found


@pytest.mark.parametrize("max_judged", [mentions_module.MAX_JUDGED, 3])
def test_names_judged_once_per_batch_are_each_articles_own_mentions(shipped_glossary, monkeypatch, max_judged):
    # A name judged in one article is the same mention in the next, at its own place there; a memo started afresh
    # past its size gives the same answers.
    alone = _all_mentions(SHARED_NAMES, shipped_glossary, fresh_each=True)
    assert any(m.kind == VARIANT for mentions in alone for m in mentions)
    monkeypatch.setattr(mentions_module, "MAX_JUDGED", max_judged)
    mentions_module._JUDGED.clear()
    assert _all_mentions(SHARED_NAMES * 2, shipped_glossary, fresh_each=False) == alone * 2


def test_names_judged_while_another_thread_starts_the_memo_afresh_are_the_same(shipped_glossary, monkeypatch):
    # A Dask worker's threads share one glossary, and so one memo: one of them may start it afresh (or it may be
    # emptied) while another is judging an article's names.
    alone = _all_mentions(SHARED_NAMES, shipped_glossary, fresh_each=True)
    judge = mentions_module._near_miss

    def judged_while_emptied(*args):
        for memos in mentions_module._JUDGED.values():
            for memo in memos.values():
                memo.clear()
        return judge(*args)

    monkeypatch.setattr(mentions_module, "_near_miss", judged_while_emptied)
    assert _all_mentions(SHARED_NAMES * 2, shipped_glossary, fresh_each=False) == alone * 2


def test_a_long_name_dense_article_keeps_its_findings(shipped_glossary):
    # Written by the straightforward matching that came before the shortcuts: every finding, place and message.
    report = check_batch([Document(id="long", target=name_dense_article(50_000))], shipped_glossary)
    found = [[f.rule, f.span.start, f.span.end, f.text, f.message, f.suggestion, f.severity.value,
              [list(span) for span in f.related]] for f in report.results[0].findings]
    with gzip.open(GOLDEN / "name_dense.json.gz", "rt", encoding="utf-8") as file:
        assert found == json.load(file)


# Spaces and line breaks of every kind, quotes, dashes, letters whose lower case is longer (İ) or depends on its
# place (Σ), and accents.
FOLDED_TEXT = st.text(alphabet="aZ İΣς\n\r\t\u00a0\u2009\u2019\u2013-'é", max_size=12)


@given(FOLDED_TEXT)
def test_fold_is_what_folded_text_holds(text):
    assert fold(text) == FoldedText(text).folded


NAMED_TEXT = ("Yoon Suk-yue met Lai Ching te and the People's Power Party's Kim in Seoul. Workers' Party leader "
              "O'Brien, Ursula von der Leyen and SIGMA ΟΔΟΣ Σ Café Zoë of the Ministry of\nForeign Affairs said.")


def test_a_candidates_units_are_its_texts_name_units():
    # The consistency check keys names by the units their candidates carry, instead of splitting them again.
    for candidate in candidate_spans(NAMED_TEXT + " " + name_dense_article(5_000)):
        assert candidate.units == tuple(name_units(candidate.text))
        assert near_miss_keys(candidate.text, candidate.units) == near_miss_keys(candidate.text)


@pytest.mark.parametrize("text", [NAMED_TEXT, "People's Power Party leader Han met the National People's Congress.",
                                  "Müller met Straße's mayor and ÆRØ İstanbul, Dvořák of the ﬁnance Ministry."])
def test_a_candidates_text_key_is_its_texts_name_key(text):
    # The near-miss tests compare name keys; a candidate's own key drops an inner possessive's s and folds less.
    from mtqa.entities.names import text_key

    candidates = candidate_spans(text)
    assert candidates
    assert [text_key(candidate) for candidate in candidates] == [name_key(c.text) for c in candidates]


def _partition_by_keys(names) -> list[list[int]]:
    """The names (by index) sharing each near-miss key, the plain way: string keys."""
    sharing = defaultdict(list)
    for owner, (name, units) in enumerate(names):
        for key in near_miss_keys(name, units):
            sharing[key].append(owner)
    return sorted(sharing.values())


def _partition_by_blocks(names) -> list[list[int]]:
    blocks, owners = near_miss_blocks([(name_key(name), units) for name, units in names])
    pairs = list(zip(blocks.tolist(), owners.tolist(), strict=True))
    assert pairs == sorted(set(pairs))  # by block, then by name, each once
    sharing = defaultdict(list)
    for block, owner in pairs:
        sharing[block].append(owner)
    return sorted(sharing.values())


@pytest.mark.parametrize("many_names", [0, 1 << 30])  # every list numbered by numpy; every list as strings
def test_numbered_near_miss_blocks_are_the_string_keys_blocks(monkeypatch, many_names):
    monkeypatch.setattr(names_module, "MANY_NAMES", many_names)
    candidates = candidate_spans(NAMED_TEXT + " " + name_dense_article(20_000))
    names = [(c.text, c.units) for c in {c.text: c for c in candidates}.values()]
    assert _partition_by_blocks(names) == _partition_by_keys(names)
    assert _partition_by_blocks(names[:3]) == _partition_by_keys(names[:3])
    assert _partition_by_blocks([]) == []


# Few letters, so that names share parts, sounds and whole keys; one to nine parts: every shape of key.
PARTS = st.lists(st.text(alphabet="akoshnu", min_size=1, max_size=5), min_size=1, max_size=9)


@given(st.lists(PARTS, max_size=30))
def test_numbered_near_miss_blocks_are_the_string_keys_blocks_of_any_names(parts_of_names):
    names = [(" ".join(parts).title(), name_units(" ".join(parts))) for parts in parts_of_names]
    expected = _partition_by_keys(names)
    assert _partition_by_blocks(names) == expected
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(names_module, "MANY_NAMES", 0)  # numbered by numpy however few they are
        assert _partition_by_blocks(names) == expected


# Parts of made-up names that are near-misses of each other (Park/Pak, Sung/Seung/Song, Min/Ming), and some that are
# not, so that an article has a few names of one first sound, some of them one name spelt two ways.
NAME_PARTS = st.sampled_from(["Park", "Pak", "Paek", "Sung", "Seung", "Song", "Ho", "Hoo", "Min", "Ming", "Jun",
                              "Joon", "Bora", "Borah", "Kwon", "Kwan"])
NEWS_NAMES = st.lists(st.tuples(st.lists(NAME_PARTS, min_size=2, max_size=3), st.integers(1, 3)), max_size=12)


def _name_consistency(text: str, glossary) -> list:
    report = check_batch([Document(id="a", target=text)], glossary)
    return [(f.span, f.message, f.suggestion, f.related, f.severity) for f in report.results[0].findings
            if f.rule == "MTQ201"]


@given(names=NEWS_NAMES)
def test_a_few_names_of_one_sound_are_paired_as_through_numpy(shipped_glossary, names):
    # Up to FEW_NAMES names of one first sound are paired in plain Python, more through numpy's blocks: the same
    # pairs, the same findings in the same order.
    import mtqa.checks.consistency as consistency

    text = " ".join(f"{' '.join(parts)} said so." for parts, times in names for _ in range(times))
    plain = _name_consistency(text, shipped_glossary)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(consistency, "FEW_NAMES", 1)
        assert _name_consistency(text, shipped_glossary) == plain


# Tens of names of one first sound whose parts but the last are shared ("Park Sung Hao", "Park Seung Hu"): a key's
# block outgrows the NEIGHBOURS each name is compared with, so the limit decides which pairs are compared.
CROWDED_NAMES = st.lists(st.tuples(st.sampled_from(["Sung", "Seung"]), st.text(alphabet="aeiounm", min_size=1,
                                                                             max_size=3)),
                         min_size=10, max_size=45, unique=True)


@settings(max_examples=40, deadline=None)
@given(names=CROWDED_NAMES, repeated=st.integers(0, 9))
def test_tens_of_names_of_one_sound_are_paired_as_through_numpy(shipped_glossary, names, repeated):
    # Up to FEW_NAMES (64) names of one first sound are paired in plain Python, news articles' tens among them,
    # which then never import numpy; the same pairs, findings and order as numpy's blocks give.
    import mtqa.checks.consistency as consistency

    def no_numpy(*args):
        raise AssertionError("tens of names are paired without numpy")

    written = [f"Park {middle} H{last}" for middle, last in names]
    text = " ".join(f"{name} said so." for name in written + written[:repeated])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(consistency, "_comparable_pairs", no_numpy)
        plain = _name_consistency(text, shipped_glossary)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(consistency, "FEW_NAMES", 1)
        assert _name_consistency(text, shipped_glossary) == plain


def test_a_few_names_spelt_two_ways_are_found_in_plain_python(shipped_glossary, monkeypatch):
    import mtqa.checks.consistency as consistency

    def no_numpy(*args):
        raise AssertionError("a few names are paired without numpy")

    monkeypatch.setattr(consistency, "_comparable_pairs", no_numpy)
    text = "Park Seung-ho met Kwon Bora. Park Seung-ho left. Later Park Sung-ho and Pak Min spoke."
    assert [(text[span.start:span.end], suggestion) for span, _, suggestion, _, _ in
            _name_consistency(text, shipped_glossary)] == [("Park Sung-ho", "Park Seung-ho")]


@given(st.text(alphabet="abkou", max_size=30), st.text(alphabet="abkou", min_size=1, max_size=30),
       st.sampled_from([50.0, 80.0, 85.0, 88.0, 90.5, 100.0]))
def test_a_key_too_long_or_short_to_reach_the_threshold_is_never_close(key, other, threshold):
    # The length bound only turns away keys rapidfuzz would turn away too.
    from rapidfuzz import fuzz

    from mtqa.entities.name_index import can_reach

    if fuzz.ratio(key, other, score_cutoff=threshold):
        assert can_reach(len(key), len(other), len(other), threshold)


# Candidates sharing a part with the shipped glossary's names, of every length from far shorter to far longer.
SHARED_PART_CANDIDATES = st.lists(st.sampled_from(["Yoon", "Suk", "Yeol", "Yue", "Moon", "Jae", "In", "Kim", "Jong",
                                                   "Un", "Li", "Qiang", "Koriba", "Natashi", "Ba", "Xiyue"]),
                                  min_size=1, max_size=6)


@given(parts=SHARED_PART_CANDIDATES, threshold=st.sampled_from([70.0, 80.0, 85.0, 88.0]))
def test_close_names_are_every_name_of_the_shared_pools_that_scores_the_threshold(shipped_glossary, parts, threshold):
    from rapidfuzz import fuzz

    from mtqa.entities.name_index import first_sound

    index = shipped_glossary.names
    name = " ".join(parts)
    key, units = name_key(name), tuple(name_units(name))
    if len(units) == 1:
        pools = [index.single_words.get(first_sound(key), [])]
    else:
        pools = [index.by_part.get(phonetic_key(unit), []) for unit in dict.fromkeys(units)]
    expected = {id(item): item for pool in pools for item in pool
                if fuzz.ratio(key, item.key, score_cutoff=threshold)}
    assert {id(item): item for item in index.close_names(key, units, threshold)} == expected


@given(st.text(alphabet="aZ -'\n\r\t\x0b\x0c\x1c\u00a0\u2019\u2013İé", max_size=12))
def test_a_names_rendering_is_its_folded_words(text):
    # ASCII names skip fold's steps; the rendering is the same.
    from mtqa.checks.consistency import _rendering

    assert _rendering(text) == " ".join(fold(text).split())


# Keys with letters met more often than the sieve's bits hold, digits and letters outside a-z.
SIEVE_KEYS = st.text(alphabet="aaabkouyé9ß", max_size=24)


@given(key=SIEVE_KEYS, others=st.lists(SIEVE_KEYS.filter(bool), min_size=1, max_size=12),
       threshold=st.sampled_from([50.0, 70.0, 80.0, 85.0, 88.0, 90.5, 100.0]))
def test_the_letter_sieve_keeps_every_key_that_scores_the_threshold(key, others, threshold):
    # The sieve only turns away keys rapidfuzz would turn away too; it turns away most of the others.
    from rapidfuzz import fuzz

    from mtqa.entities.letter_sieve import LetterSieve

    kept = LetterSieve(others).reachable(key, threshold).tolist()
    assert kept == sorted(kept)
    assert {index for index, other in enumerate(others) if fuzz.ratio(key, other, score_cutoff=threshold)} <= \
        set(kept)


def test_the_letter_sieve_turns_away_keys_of_other_letters():
    from mtqa.entities.letter_sieve import LetterSieve

    sieve = LetterSieve(["yoonsukyeol", "moonjaein", "kimjongun", "yoonsukyeo", "lukimbo"])
    assert sieve.reachable("yoonsukyue", 80.0).tolist() == [0, 3]


@pytest.mark.parametrize("key, pool", [("aaaaaaaa", "aaaaaaa"), ("aaaaaaa", "aaaaaaaa"), ("aaaaaab", "aaaaaaab")])
def test_the_letter_sieve_keeps_keys_whose_letters_outnumber_its_bits(key, pool):
    # Four a's fit the bits, the rest overflow, on both sides: the keys score 90 or more.
    from rapidfuzz import fuzz

    from mtqa.entities.letter_sieve import LetterSieve

    assert fuzz.ratio(key, pool) >= 90
    assert LetterSieve([pool, "bbbbbbb"]).reachable(key, 90.0).tolist() == [0]


def test_the_letter_sieve_keeps_a_key_at_the_threshold_given_as_a_numpy_float32():
    # In float32 the bound of keys 135 letters long together rounds up past the slack; rapidfuzz tests in double.
    import numpy as np
    from rapidfuzz import fuzz

    from mtqa.entities.letter_sieve import LetterSieve

    key, other = "a" * 54 + "b" * 27, "a" * 54
    assert fuzz.ratio(key, other, score_cutoff=np.float32(80)) == 80
    assert LetterSieve([other]).reachable(key, np.float32(80)).tolist() == [0]


def test_the_letter_sieve_counts_bits_without_numpys_bitwise_count(monkeypatch):
    # numpy before 2.0 has no bitwise_count: the bits are counted byte by byte, to the same result.
    import numpy as np

    from mtqa.entities.letter_sieve import LetterSieve

    keys = ["yoonsukyeol", "aaaaaaab", "moonjaein", "bbbbaaaak9", "éléonore"]
    expected = [LetterSieve(keys).reachable(key, 70.0).tolist() for key in keys]
    monkeypatch.delattr(np, "bitwise_count", raising=False)
    assert [LetterSieve(keys).reachable(key, 70.0).tolist() for key in keys] == expected


@settings(max_examples=60, deadline=None)
@given(parts=SHARED_PART_CANDIDATES, threshold=st.sampled_from([70.0, 80.0, 85.0, 88.0]))
def test_sifted_pools_give_the_close_names_of_whole_pools_in_the_same_order(many_name_index, parts, threshold):
    # The near-miss test takes the first of equally close names: the order must be the whole pool's too.
    sifted, whole = many_name_index
    name = " ".join(parts)
    key, units = name_key(name), tuple(name_units(name))
    assert [(item.entry.id, item.form) for item in sifted.close_names(key, units, threshold)] == \
        [(item.entry.id, item.form) for item in whole.close_names(key, units, threshold)]


@pytest.fixture(scope="module")
def many_name_index(shipped_glossary):
    """The shipped glossary's names with made-up names that share their parts, indexed with every pool sifted and
    with none."""
    import random

    import mtqa.entities.name_index as name_index
    from mtqa.glossary.model import Entry

    rng = random.Random(5)
    parts = ["Yoon", "Suk", "Yeol", "Yue", "Moon", "Jae", "In", "Kim", "Jong", "Un", "Li", "Qiang", "Ba", "Xiyue"]
    made_up = [Entry(id=f"made-up-{number}", canonical=" ".join(rng.sample(parts, rng.randint(2, 4))),
                     type="person")
               for number in range(1500)]
    entries = (*shipped_glossary.entries, *made_up)
    indexes = []
    for sifted_from in (1, 10 ** 9):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(name_index, "SIFTED_POOL", sifted_from)
            indexes.append(name_index.NameIndex(entries))
    assert indexes[0].part_sieves and not indexes[1].part_sieves
    return tuple(indexes)
