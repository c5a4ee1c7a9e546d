"""The fluency model is loaded on the first sentence the cache lacks, never for a fully cached batch; documents can be
measured apart (in other processes) and judged together with the same result as one `score_documents`; the
surprisals are each target token's log-probability, as a full log-softmax gives it."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from fluency_tiny import build_tiny_model

from mtqa.errors import MtqaError
from mtqa.fluency import (
    FluencySettings,
    fluency_results,
    load_scorer,
    measure_document,
    measure_documents,
    score_documents,
    signature,
)
from mtqa.model import Document, Rendering, Span

pytest.importorskip("torch")
pytest.importorskip("transformers")

ARTICLES = {
    "a": "Yoon Suk Yeol met reporters on Monday. He said the talks went well. Victims of wartime job labor protested.",
    "b": "The two sides agreed to end a dispute. No. 2 official Kim agreed on Jan. 5 at 3 p.m. in Washington.",
    "c": "Headline only",
    "d": "South Korea confirmed today that it has pushed for the normalization of the agreement. It ended.",
}


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))


@pytest.fixture
def settings(tiny_model, tmp_path):
    return FluencySettings(model=str(tiny_model), cache_dir=str(tmp_path / "cache"), precision="fp32")


def _documents():
    return [Document(doc_id, text) for doc_id, text in ARTICLES.items()]


def _renderings(documents):
    """A confirmed name in one article (masked) and a rejected rendering in another (judged apart)."""
    def span(doc_id, words):
        start = ARTICLES[doc_id].index(words)
        return Span(start, start + len(words))

    return {"a": [Rendering("yoon", "Yoon Suk Yeol", "Yoon Suk Yeol", "canonical", span("a", "Yoon Suk Yeol")),
                  Rendering("forced-labor", "forced labor", "job labor", "wrong", span("a", "job labor"))],
            "b": [Rendering("kim", "Kim", "Kim", "canonical", span("b", "Kim"))]}


def test_a_fully_cached_batch_never_loads_the_model(settings):
    documents = _documents()
    first = load_scorer(settings)
    assert first.loads == 0  # its identity is known without the weights
    fluency, findings, summary = score_documents(documents, _renderings(documents), first, settings)
    assert first.loads == 1 and summary.model_calls > 0

    again = load_scorer(settings)
    fluency2, findings2, summary2 = score_documents(documents, _renderings(documents), again, settings)
    assert again.loads == 0 and again.calls == 0 and summary2.cache_hits == summary.sentences
    assert (fluency2, findings2, summary2.signature) == (fluency, findings, summary.signature)


def test_a_miss_loads_the_model_once(settings):
    documents = _documents()
    score_documents(documents, {}, load_scorer(settings), settings)
    scorer = load_scorer(settings)
    score_documents([*documents, Document("new", "A sentence the cache has never seen.")], {}, scorer, settings)
    score_documents([Document("newer", "Another sentence it lacks. And one more.")], {}, scorer, settings)
    # One forward pass per width among each call's missing sentences (a sentence is computed at its own width).
    from mtqa.fluency.scorer import padded_width

    tokenizer = scorer.load().tokenizer
    widths = {padded_width(len(tokenizer(text, add_special_tokens=False)["input_ids"]))
              for text in ("Another sentence it lacks.", "And one more.")}
    assert scorer.loads == 1 and scorer.calls == 1 + len(widths)


LAUNCHER = """
import atexit, json, sys
report, sys.argv = sys.argv[1], ["mtqa", *sys.argv[2:]]
atexit.register(lambda: open(report, "w").write(json.dumps([m for m in ("torch", "transformers", "wordfreq")
                                                         if m in sys.modules])))
from mtqa.cli import main
main()
"""


def test_a_cached_re_run_of_the_cli_imports_neither_torch_transformers_nor_the_word_list(tiny_model, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLES["a"] + "\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.mtqa]\nfluency-precision = "fp32"\n', encoding="utf-8")
    env = {**os.environ, "MTQA_CACHE": str(tmp_path / "cache")}

    def run(name):
        imported = tmp_path / f"{name}.imported"
        done = subprocess.run([sys.executable, "-c", LAUNCHER, str(imported), "check", "a.txt", "--fluency",
                               "--fluency-model", str(tiny_model), "--format", "json", "--output", f"{name}.json"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode in (0, 1), done.stderr
        return json.loads(imported.read_text()), json.loads((tmp_path / f"{name}.json").read_text())

    first_imports, first = run("first")
    again_imports, again = run("again")
    # The rarity of the words of unexpected phrases is measured with their sentence and kept with the article's
    # result: the batch-wide judgement of a re-run needs no word list either.
    assert first_imports == ["torch", "transformers", "wordfreq"] and again_imports == []
    assert again == first and again["documents"][0]["fluency"] is not None


def test_weights_that_fail_to_load_are_one_clear_error_at_the_first_miss(tmp_path):
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "llama"}', encoding="utf-8")  # and no weights
    scorer = load_scorer(FluencySettings(model=str(folder), use_cache=False))
    with pytest.raises(MtqaError, match="cannot load the fluency model from .*--fluency-model") as error:
        scorer.score(["The talks went on."])
    assert "\n" not in str(error.value)


def test_documents_measured_apart_are_judged_as_in_one_batch(settings):
    # One sentence per forward pass: measured apart or together, each sentence's numbers are computed alike.
    settings = replace(settings, use_cache=False, batch_size=1)
    documents = _documents()
    renderings = _renderings(documents)
    fluency, findings, summary = score_documents(documents, renderings, load_scorer(settings), settings)

    scorer = load_scorer(settings)
    measures = {d.id: pickle.loads(pickle.dumps(measure_document(d, renderings.get(d.id, ()), scorer)))
                for d in documents}  # as a worker process would send them back
    text, fields = signature(scorer, settings)
    apart = fluency_results(documents, measures, text, fields, settings)
    assert apart[:2] == (fluency, findings)
    assert (apart[2].signature, apart[2].fields, apart[2].sentences, apart[2].capped) == (
        summary.signature, summary.fields, summary.sentences, summary.capped)
    assert measure_documents(documents, renderings, scorer) == measures
    assert "c" not in fluency and set(fluency) == {"a", "b", "d"}


def test_the_batch_norm_spans_every_document(settings):
    """A document judged with others is judged against the batch: its result can differ from its result alone."""
    settings = replace(settings, use_cache=False)
    documents = _documents()
    scorer = load_scorer(settings)
    measures = measure_documents(documents, {}, scorer)
    text, fields = signature(scorer, settings)
    together = fluency_results(documents, measures, text, fields, settings)
    assert together[2].sentences == sum(m.sentences for m in measures.values())
    alone = fluency_results(documents[:1], measures, text, fields, settings)
    assert alone[0]["a"] == together[0]["a"]  # the article's own scores do not depend on the batch
    assert alone[2].sentences == measures["a"].sentences


def test_surprisals_are_the_log_softmax_of_the_full_logits(settings):
    """The scorer takes each target token's log-probability as its logit less the log-sum-exp of its row; a plain
    forward pass and a log-softmax over the whole vocabulary give the same numbers."""
    import torch

    from mtqa.fluency.model import load_model

    texts = list(ARTICLES.values()) + ["Short.", "A much longer sentence " * 8]
    scored = load_scorer(replace(settings, use_cache=False)).score(texts)
    loaded = load_model(settings.model)
    for text, tokens in zip(texts, scored, strict=True):
        ids = [loaded.start_id, *loaded.tokenizer(text, add_special_tokens=False)["input_ids"]]
        with torch.inference_mode():
            logits = loaded.model(input_ids=torch.tensor([ids])).logits[0, :-1]
        expected = -logits.log_softmax(-1).gather(1, torch.tensor(ids[1:])[:, None])[:, 0]
        assert [value for _, _, value in tokens] == pytest.approx(expected.tolist(), abs=1e-4)
        assert len(tokens) == len(ids) - 1


def test_the_signature_needs_no_loaded_model(settings, tiny_model):
    scorer = load_scorer(settings)
    text, fields = signature(scorer, settings)
    assert scorer.loads == 0 and text.startswith(f"model:{Path(tiny_model).name}|sha256:")
    _, _, summary = score_documents([Document("a", "The talks went on.")], {}, scorer, settings)
    assert (summary.signature, summary.fields) == (text, fields)
