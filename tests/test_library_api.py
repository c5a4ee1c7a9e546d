"""The library API the command line stands on: Checker(config).check(load_documents(paths)), its map/reduce split,
the process pool, the result cache and the reference metrics chosen. Every way of running a batch gives the same
report as one process checking it from scratch."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import pickle
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_pattern_files import FURNITURE

import mtqa
import mtqa.checker
import mtqa.engines.local
import mtqa.pipeline
from mtqa.cli import cli
from mtqa.errors import InputError, MtqaError
from mtqa.metrics import document_statistics, scores
from mtqa.model import Document
from mtqa.report.json_report import render_json
from mtqa.result_cache import row_checksum

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path("tests/corpus")  # relative, as the reports before were made: article ids are the paths as given
GOLDEN = ROOT / "tests" / "golden"
WMT21 = ROOT.parent / "shared" / "data" / "wmt21-zhen-mqm.jsonl"


def comparable(report_json: str) -> dict:
    """A JSON report without what differs from machine to machine (library versions)."""
    data = json.loads(report_json)
    data.pop("tool")
    return data


def golden(name: str) -> dict:
    with gzip.open(GOLDEN / f"{name}.json.gz", "rt", encoding="utf-8") as file:
        return json.load(file)


@pytest.fixture(autouse=True)
def in_the_checkout(monkeypatch):
    monkeypatch.chdir(ROOT)


def cli_json(tmp_path, *args: str) -> dict:
    output = tmp_path / f"report-{len(list(tmp_path.iterdir()))}.json"
    result = CliRunner().invoke(cli, ["check", "--no-fluency", "--json", str(output), *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return comparable(output.read_text(encoding="utf-8"))


def corpus_batch(copies: int = 1) -> list[Document]:
    """The test corpus, `copies` times under distinct ids: a batch big enough for a pool of workers."""
    documents = mtqa.load_documents([str(CORPUS / "articles")]).documents
    return [replace(d, id=f"{n}/{d.id}") for n in range(copies) for d in documents]


def corpus_checker(**settings) -> mtqa.Checker:
    return mtqa.Checker(mtqa.CheckerConfig(glossaries=(str(CORPUS / "glossary.yaml"),), **settings))


# Findings as they were before the checks became a map and a reduce: the same reports, timings and TER aside.

def test_the_seed_reports_what_it_reported_before(tmp_path):
    assert cli_json(tmp_path, "--no-cache", "seeds/") == golden("seed")


def test_the_test_corpus_reports_what_it_reported_before(tmp_path):
    assert cli_json(tmp_path, str(CORPUS / "articles"), "--glossary", str(CORPUS / "glossary.yaml")) == golden("corpus")


@pytest.mark.skipif(not WMT21.exists(), reason="the WMT21 development data is not beside the checkout")
def test_the_wmt21_batch_reports_what_it_reported_before(tmp_path):
    batch = tmp_path / "wmt21.jsonl"
    subprocess.run([sys.executable, str(ROOT / "bench" / "wmt21_to_jsonl.py"), str(WMT21), "--output", str(batch)],
                   check=True, capture_output=True)
    assert cli_json(tmp_path, "--no-cache", str(batch)) == golden("wmt21")


# The API

def test_the_library_gives_the_command_lines_report(tmp_path):
    checker = corpus_checker()
    report = checker.check(mtqa.load_documents([str(CORPUS / "articles")]))
    assert comparable(render_json(report, checker.judge(report))) == golden("corpus")


def test_a_checker_pickles_as_its_settings_and_rebuilds_the_same_glossary():
    checker = corpus_checker()
    checker.glossary  # noqa: B018 - loaded, and still not sent
    copy = pickle.loads(pickle.dumps(checker))
    assert len(pickle.dumps(checker)) < 2_000
    assert copy.config == checker.config
    documents = corpus_batch()
    assert copy.check(documents) == checker.check(documents)


def test_map_and_reduce_in_pieces_equal_one_pass(shipped_glossary):
    """Articles analysed in separate pieces, sent through pickle as to a worker, reduce to the one-pass report."""
    documents = corpus_batch(2)
    options = mtqa.CheckOptions()
    whole = mtqa.pipeline.check_batch(documents, shipped_glossary, options)
    pieces = [pickle.loads(pickle.dumps([mtqa.pipeline.analyse_article(d, shipped_glossary, options)
                                         for d in documents[start:start + 5]]))
              for start in range(0, len(documents), 5)]
    combined = mtqa.pipeline.combine([a for piece in pieces for a in piece], shipped_glossary, options)
    assert combined == whole
    assert any(f.rule == "MTQ202" for f in whole.findings) or whole.renderings  # the batch steps had work to do


def test_batch_wide_findings_see_articles_from_every_worker(tmp_path):
    """An entity written one way in most articles and another in one: the outlier is found whichever worker
    checked which article."""
    entry = ("entries:\n  - id: lee-jae-myung\n    type: person\n    canonical: Lee Jae-myung\n"
             "    sources: {ko: [이재명]}\n")
    (tmp_path / "g.yaml").write_text("name: t\nlanguage: en\n" + entry, encoding="utf-8")
    documents = [Document(id=f"a{n}", target=f"President Lee Jae-myung spoke on day {n}.", source="이재명 대통령")
                 for n in range(6)]
    documents.append(Document(id="odd", target="President Lee Jae-myeong spoke.", source="이재명 대통령"))
    checker = mtqa.Checker(mtqa.CheckerConfig(glossaries=(str(tmp_path / "g.yaml"),), use_cache=False))
    serial = checker.check(documents)
    assert [f.doc for f in serial.findings] == ["odd"]
    assert pickle.loads(pickle.dumps(checker)).check(documents) == serial


# --jobs

def counted_pools(monkeypatch) -> list[int]:
    """The worker count of each process pool the local engine starts from now on."""
    pools = []

    class CountedPool(ProcessPoolExecutor):
        def __init__(self, workers, **options):
            pools.append(workers)
            super().__init__(workers, **options)

    monkeypatch.setattr(mtqa.engines.local, "ProcessPoolExecutor", CountedPool)
    return pools


def test_a_pool_of_workers_gives_the_serial_report(monkeypatch):
    documents = corpus_batch(4)
    serial = corpus_checker(jobs=1, use_cache=False).check(documents)
    pools = counted_pools(monkeypatch)
    monkeypatch.setattr(mtqa.engines.local, "MIN_CHARACTERS_PER_WORKER", 1)
    parallel = corpus_checker(jobs=2, use_cache=False).check(documents)
    assert pools == [2]
    assert parallel == serial


@pytest.mark.parametrize("at", ["pool", "fork", "thread"])
def test_workers_the_system_will_not_start_leave_the_articles_to_this_process(monkeypatch, capsys, at):
    # A container whose /dev/shm is read-only refuses the pool's semaphores; a limit on processes refuses the fork,
    # or the pool's own thread (threads count as processes there). Every run of the default --jobs failed with
    # "unexpected OSError" or "unexpected RuntimeError".
    documents = corpus_batch(4)
    serial = corpus_checker(jobs=1, use_cache=False).check(documents)

    class RefusedPool(ProcessPoolExecutor):
        def __init__(self, workers, **options):
            if at == "pool":
                raise OSError(30, "Read-only file system")
            super().__init__(workers, **options)

        def submit(self, *arguments, **options):
            if at == "thread":
                return super().submit(*arguments, **options)
            raise OSError(11, "Resource temporarily unavailable")

        def _start_executor_manager_thread(self):
            raise RuntimeError("can't start new thread")

    monkeypatch.setattr(mtqa.engines.local, "ProcessPoolExecutor", RefusedPool)
    monkeypatch.setattr(mtqa.engines.local, "MIN_CHARACTERS_PER_WORKER", 1)
    monkeypatch.setattr(mtqa.engines.local, "WINDOW_ARTICLES", 3)  # each later window too, said once
    capsys.readouterr()
    assert corpus_checker(jobs=2, use_cache=False).check(documents) == serial
    reason = {"pool": "Read-only file system", "fork": "Resource temporarily unavailable",
              "thread": "can't start new thread"}[at]
    assert capsys.readouterr().err.splitlines() == [f"mtqa: warning: cannot start worker processes ({reason}): the "
                                                    "articles are checked in this one process, as with --jobs 1"]


def test_a_pool_whose_own_thread_dies_is_an_error_not_a_wait_for_ever(monkeypatch):
    # A limit on processes that lets the pool start its thread, but not that thread start the one feeding the
    # workers: the thread died with a printed traceback, and the run waited for its articles for ever.
    import concurrent.futures.process

    monkeypatch.setattr(concurrent.futures.process._ExecutorManagerThread, "run", lambda thread: None)
    monkeypatch.setattr(mtqa.engines.local, "MIN_CHARACTERS_PER_WORKER", 1)
    began = time.monotonic()
    with pytest.raises(MtqaError, match="the pool of worker processes stopped without their articles"):
        corpus_checker(jobs=2, use_cache=False).check(corpus_batch(2))
    assert time.monotonic() - began < 30


def test_one_pool_of_workers_checks_every_window_of_a_batch(monkeypatch):
    # Starting workers again for each window would load every lazily built table once more per window.
    documents = corpus_batch(4)
    serial = corpus_checker(jobs=1, use_cache=False).check(documents)
    pools = counted_pools(monkeypatch)
    monkeypatch.setattr(mtqa.engines.local, "MIN_CHARACTERS_PER_WORKER", 1)
    monkeypatch.setattr(mtqa.engines.local, "WINDOW_ARTICLES", 3)
    parallel = corpus_checker(jobs=2, use_cache=False).check(documents)
    assert len(documents) > 2 * 3 and pools == [2]
    assert parallel == serial


def test_workers_take_the_last_window_however_small(monkeypatch):
    # Checked in this process, a batch's last few articles would run alone after the workers' and pay again for the
    # tables a process builds on first use.
    documents = corpus_batch(4)
    serial = corpus_checker(jobs=1, use_cache=False).check(documents)
    pools = counted_pools(monkeypatch)
    checked_here = []
    analyse_articles = mtqa.engines.local.analyse_articles

    def spy(articles, *args):
        checked_here.extend(article.id for article in articles)  # a forked worker fills its own copy, not this one
        return analyse_articles(articles, *args)

    monkeypatch.setattr(mtqa.engines.local, "analyse_articles", spy)
    monkeypatch.setattr(mtqa.engines.local, "MIN_CHARACTERS_PER_WORKER", 1)
    monkeypatch.setattr(mtqa.engines.local, "WINDOW_ARTICLES", len(documents) - 1)  # the last window: one article
    parallel = corpus_checker(jobs=2, use_cache=False).check(documents)
    assert pools == [2] and checked_here == []
    assert parallel == serial


def test_the_next_window_goes_to_the_workers_before_one_is_waited_for(monkeypatch):
    # Waiting for each window before reading the next left the workers idle while this process read it, and while
    # one worker finished a window's last chunk.
    documents = corpus_batch(4)
    serial = corpus_checker(jobs=1, use_cache=False).check(documents)
    events = []
    start, collected = mtqa.engines.local.Workers.start, mtqa.engines.local.Workers._collected
    monkeypatch.setattr(mtqa.engines.local.Workers, "start", lambda self, window: (
        events.append(("started", window[0].id)) or start(self, window)))
    monkeypatch.setattr(mtqa.engines.local.Workers, "_collected", lambda self, chunks: (
        events.append(("waited for", None)) or collected(self, chunks)))
    monkeypatch.setattr(mtqa.engines.local, "MIN_CHARACTERS_PER_WORKER", 1)
    monkeypatch.setattr(mtqa.engines.local, "WINDOW_ARTICLES", 3)
    parallel = corpus_checker(jobs=2, use_cache=False).check(documents)
    firsts = [d.id for d in documents[::3]]
    assert events == [("started", firsts[0]),
                      *[event for first in firsts[1:] for event in (("started", first), ("waited for", None))],
                      ("waited for", None)]
    assert parallel == serial


@pytest.mark.parametrize("articles_before_bad_line", [4, 6])  # read while the first window is checked; after
def test_an_error_of_a_window_in_the_workers_comes_before_a_bad_line_read_meanwhile(tmp_path, monkeypatch,
                                                                                   articles_before_bad_line):
    # The second window is read while the workers check the first: its bad line waits for the first window's
    # outcome, as in a run of one process, which checks a window before it reads on.
    batch = tmp_path / "b.jsonl"
    lines = [json.dumps({"id": f"a{n}", "target": "Seoul was mild on Monday. " * 40}) for n in range(10)]
    lines[2] = json.dumps({"id": "a2", "target": "This one fails. " * 40})
    batch.write_text("\n".join([*lines[:articles_before_bad_line], "{not json"]) + "\n", encoding="utf-8")
    analyse_articles = mtqa.engines.local.analyse_articles

    def failing(documents, *args):  # in a forked worker, as a check's error would be raised there
        if any(d.id == "a2" for d in documents):
            raise MtqaError("the check of a2 failed")
        return analyse_articles(documents, *args)

    monkeypatch.setattr(mtqa.engines.local, "analyse_articles", failing)
    monkeypatch.setattr(mtqa.engines.local, "MIN_CHARACTERS_PER_WORKER", 1)
    monkeypatch.setattr(mtqa.engines.local, "WINDOW_ARTICLES", 3)
    with pytest.raises(MtqaError, match="the check of a2 failed"):
        corpus_checker(jobs=2, use_cache=False).check(mtqa.load_documents([str(batch)]))
    lines[2] = json.dumps({"id": "a2b", "target": "Seoul was mild on Monday. " * 40})
    batch.write_text("\n".join([*lines[:articles_before_bad_line], "{not json"]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        corpus_checker(jobs=2, use_cache=False).check(mtqa.load_documents([str(batch)]))
    assert raised.value.line == articles_before_bad_line + 1  # no failing article: the bad line is reported


def test_an_error_of_a_window_in_the_workers_comes_before_any_error_of_a_callers_articles_read_meanwhile(
        monkeypatch):
    # A caller's generator may fail with any exception: it waits for the window before too.
    analyse_articles = mtqa.engines.local.analyse_articles

    def failing(documents, *args):  # in a forked worker, as a check's error would be raised there
        if any(d.id == "a2" for d in documents):
            raise MtqaError("the check of a2 failed")
        return analyse_articles(documents, *args)

    def articles():
        for number in range(10):
            if number == 4:
                raise ConnectionError("the caller's source of articles failed")
            yield Document(id=f"a{number}", target="Seoul was mild on Monday. " * 40)

    monkeypatch.setattr(mtqa.engines.local, "analyse_articles", failing)
    monkeypatch.setattr(mtqa.engines.local, "MIN_CHARACTERS_PER_WORKER", 1)
    monkeypatch.setattr(mtqa.engines.local, "WINDOW_ARTICLES", 3)
    with pytest.raises(MtqaError, match="the check of a2 failed"):
        corpus_checker(jobs=2, use_cache=False).check(articles())


def _write_part_of_a_result_and_wait(result_pipe: int) -> None:
    """In a worker: the start of a result message (its length says 1,000 bytes, 10 follow), then nothing more, as a
    worker ended while it wrote its result leaves it."""
    import struct
    import time

    os.write(result_pipe, struct.pack("!i", 1000) + b"x" * 10)
    time.sleep(600)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="the worker writes to a pipe it inherits")
def test_workers_stopped_while_one_writes_its_result_end_without_a_hang():
    """Ctrl-C or SIGTERM ends the workers mid-article; one may be writing its result. The pool's thread then waits
    for the rest of that message: ending the run must not wait with it."""
    import threading
    import time

    workers = mtqa.engines.local.Workers(corpus_checker(use_cache=False), 2)
    pool = workers._started()
    pool.submit(_write_part_of_a_result_and_wait, pool._result_queue._writer.fileno())
    time.sleep(1)  # the pool's thread has read the length and waits for the message
    stopping = threading.Thread(target=workers._stopped, daemon=True)
    stopping.start()
    stopping.join(timeout=30)
    assert not stopping.is_alive(), "stopping the workers waits for a result that never comes"


def test_workers_end_before_the_fluency_model_is_loaded(monkeypatch):
    # With fluency on the batch is one window: idle workers kept beside the model would only hold memory.
    alive = []
    monkeypatch.setattr(mtqa.engines.local, "MIN_CHARACTERS_PER_WORKER", 1)
    monkeypatch.setattr(mtqa.checker, "measure_fluency",
                        lambda *args: alive.append(len(multiprocessing.active_children())))
    monkeypatch.setattr(mtqa.Checker, "scorer", property(lambda self: object()))  # a model that needs no loading
    pools = counted_pools(monkeypatch)
    mtqa.engines.local.local_analyses(corpus_checker(jobs=2, use_cache=False, fluency=True), corpus_batch(2))
    assert pools == [2] and alive == [0]


def test_jobs_from_the_command_line_and_the_config(tmp_path, monkeypatch):
    monkeypatch.setattr(mtqa.engines.local, "MIN_CHARACTERS_PER_WORKER", 1)
    args = ("--no-cache", str(CORPUS / "articles"), "--glossary", str(CORPUS / "glossary.yaml"))
    assert cli_json(tmp_path, "--jobs", "2", *args) == cli_json(tmp_path, "--jobs", "1", *args) == golden("corpus")
    (tmp_path / "mtqa.toml").write_text("jobs = -1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-fluency", "--config", str(tmp_path / "mtqa.toml"), *args])
    assert result.exit_code == 2 and "jobs must be a whole number" in result.output


def test_small_batches_are_checked_without_starting_workers():
    checker = corpus_checker(jobs=8)
    assert mtqa.engines.local._jobs(checker, corpus_batch()) == 1


def test_a_rerun_starts_no_workers_for_the_few_articles_the_cache_lacks(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path / "cache"))
    documents = corpus_batch(4)
    fresh = corpus_checker(jobs=2).check(documents)
    changed = [replace(d, target=d.target + "\nThe ministry declined to comment.\n") if n < 3 else d
               for n, d in enumerate(documents)]
    pools = counted_pools(monkeypatch)
    # The whole batch is worth two workers, its three changed articles are not.
    monkeypatch.setattr(mtqa.engines.local, "MIN_CHARACTERS_PER_WORKER",
                        sum(len(d.target) for d in documents) // 4)
    rerun = corpus_checker(jobs=2).check(changed)
    assert pools == []
    assert rerun == corpus_checker(jobs=1, use_cache=False).check(changed) != fresh


# The result cache

def test_a_cached_rerun_checks_only_the_changed_articles_and_reports_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path / "cache"))
    documents = corpus_batch(2)
    fresh = corpus_checker().check(documents)
    checked = []
    original = mtqa.pipeline.analyse_article
    monkeypatch.setattr(mtqa.pipeline, "analyse_article", lambda d, *a: checked.append(d.id) or original(d, *a))
    assert corpus_checker().check(documents) == fresh
    assert checked == []
    changed = list(documents)
    changed[3] = replace(changed[3], target=changed[3].target + " Moon Jae-in left.")
    again = corpus_checker().check(changed)
    assert checked == [changed[3].id]
    assert again == corpus_checker(use_cache=False).check(changed)


def test_the_result_cache_key_tells_apart_articles_that_differ_in_any_field(tmp_path):
    from mtqa.model import Segment, Span
    from mtqa.result_cache import ResultCache

    cache = ResultCache(tmp_path, "signature")
    article = Document(id="a", target="Moon met Kim.", path="batch.jsonl", line=2)
    others = [replace(article, id="aM", target="oon met Kim."),  # text moved from one field to the next
              replace(article, source="None"), replace(article, source=""), replace(article, source_lang="zh"),
              replace(article, reference="Moon met Kim."), replace(article, metadata={"desk": "world"}),
              replace(article, path="other.jsonl"), replace(article, segments=(Segment("1", Span(0, 13)),)),
              replace(article, line=3), replace(article, target_lang="en"), replace(article, terms={"文": ("Moon",)}),
              replace(article, target="Moon met Kim.\ud800"),  # a lone surrogate from the input still hashes
              # text of several bytes a code point moved from one text to the next
              replace(article, target="Moon met 金", source="正恩"),
              replace(article, target="Moon met ", source="金正恩"),
              replace(article, source="金正", reference="恩"), replace(article, source="金", reference="正恩")]
    keys = [cache.key(document) for document in (article, *others)]
    assert len(set(keys)) == len(keys)
    assert cache.key(replace(article)) == keys[0]  # an equal article read again is a hit
    assert ResultCache(tmp_path, "another checker").key(article) != keys[0]


def test_the_cache_misses_when_the_glossary_or_the_rules_change(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path / "cache"))
    glossary = tmp_path / "g.yaml"
    glossary.write_bytes((CORPUS / "glossary.yaml").read_bytes())
    documents = corpus_batch()

    def checker(**settings):
        return mtqa.Checker(mtqa.CheckerConfig(glossaries=(str(glossary),), **settings))

    first = checker().check(documents)
    glossary.write_bytes(glossary.read_bytes().replace(b"Moon Jae-in", b"Moon Jae-In"))
    assert checker().check(documents) == checker(use_cache=False).check(documents) != first
    ignore = mtqa.CheckOptions(selection=mtqa.pipeline.RuleSelection(ignore=("MTQ101",)))
    assert checker(options=ignore).check(documents) == checker(options=ignore, use_cache=False).check(documents)


# One file, two lists: a desk sign-off line that the boilerplate list drops and the calque list rewords.
BOTH_LISTS = FURNITURE + """\
calques:
  - id: desk-sign-off-wording
    swap: {'\\bend[ \\t]+of[ \\t]+desk[ \\t]+copy\\b': end of the copy}
"""
DESK_ARTICLE = Document(id="desk", target="Moon Jae-in met reporters on Monday.\n(End of desk copy)\n")


def _pattern_checker(**settings) -> mtqa.Checker:
    use_cache = settings.pop("use_cache", True)
    options = mtqa.CheckOptions(settings=mtqa.pipeline.CheckSettings(**settings))
    return mtqa.Checker(mtqa.CheckerConfig(fluency=False, options=options, use_cache=use_cache))


def test_the_cache_tells_a_file_of_boilerplate_from_the_same_file_of_calques(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path / "cache"))
    lists = tmp_path / "house.yaml"
    lists.write_text(BOTH_LISTS, encoding="utf-8")
    as_boilerplate = _pattern_checker(boilerplate_files=(str(lists),)).check([DESK_ARTICLE])
    assert "MTQ301" in {f.rule for f in as_boilerplate.findings}
    as_calques = _pattern_checker(calque_files=(str(lists),)).check([DESK_ARTICLE])
    assert as_calques == _pattern_checker(calque_files=(str(lists),), use_cache=False).check([DESK_ARTICLE])
    assert "MTQ301" not in {f.rule for f in as_calques.findings}


def _desk_lists(tmp_path: Path, monkeypatch) -> tuple[Path, str, list[Document]]:
    """A pattern file in its first version, what a later save makes of it, and articles that tell them apart."""
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path / "cache"))
    lists = tmp_path / "house.yaml"
    lists.write_text(BOTH_LISTS, encoding="utf-8")
    return lists, BOTH_LISTS.replace("end of desk copy", "moon jae-in met"), [
        replace(DESK_ARTICLE, id=f"desk-{number}") for number in range(4)]


def _sign_offs(report) -> list[list[str]]:
    return [sorted(f.text for f in result.findings if f.rule == "MTQ301") for result in report.results]


@pytest.mark.parametrize("saved", ["before the first article", "after the first article"])
def test_a_pattern_file_written_during_a_run_leaves_one_list_for_the_run_and_nothing_cached(tmp_path, monkeypatch,
                                                                                             capsys, saved):
    """Every article of a run is checked with one version of the lists, and nothing the run found is stored under
    the key of a version it may not have used (saved before the first article, the lists are compiled from the new
    bytes while the key was taken from the old): a later run reports what a fresh one does."""
    lists, second, articles = _desk_lists(tmp_path, monkeypatch)
    original = mtqa.checker.analyse_articles
    before = 0 if saved.startswith("before") else 1

    def saved_mid_run(documents, *rest):  # the file is saved while the run is under way
        analyses = original(documents[:before], *rest)
        lists.write_text(second, encoding="utf-8")
        return analyses + original(documents[before:], *rest)

    monkeypatch.setattr(mtqa.checker, "analyse_articles", saved_mid_run)
    found = _sign_offs(_pattern_checker(boilerplate_files=(str(lists),)).check(articles))
    monkeypatch.setattr(mtqa.checker, "analyse_articles", original)
    assert all(each == found[0] for each in found), found  # one list for every article
    warning = capsys.readouterr().err
    assert warning == (f"mtqa: warning: result cache not used: {lists} was written after it was first read "
                       "(its articles are checked with what was read, and not stored)\n")
    lists.write_text(BOTH_LISTS, encoding="utf-8")  # put back as it was when the run began
    cached = _pattern_checker(boilerplate_files=(str(lists),)).check(articles)
    assert cached == _pattern_checker(boilerplate_files=(str(lists),), use_cache=False).check(articles)


def test_a_checker_used_again_after_its_pattern_file_was_saved_reads_no_rows_of_the_new_version(tmp_path,
                                                                                               monkeypatch, capsys):
    """A notebook's checker keeps the lists it read; rows that a newer checker stored for the saved file are not
    mixed into its reports, and it says so at each check."""
    lists, second, articles = _desk_lists(tmp_path, monkeypatch)
    kept = _pattern_checker(boilerplate_files=(str(lists),))
    first = kept.check(articles)
    lists.write_text(second, encoding="utf-8")
    newer = _pattern_checker(boilerplate_files=(str(lists),)).check(articles[1:2])  # stores its row
    assert _sign_offs(newer) != _sign_offs(first)[1:2]
    capsys.readouterr()
    for _ in range(2):
        assert kept.check(articles) == first
        assert capsys.readouterr().err.count("was written after it was first read") == 1
    travelled = pickle.loads(pickle.dumps(kept))  # as a Dask worker or a spawned one receives it
    assert travelled.changed_input() == str(lists)


def test_rows_served_are_marked_used_today_and_a_same_day_rerun_writes_nothing(tmp_path, monkeypatch):
    """The least recently used rows go first once the cache is full: a row served on a later day is marked with that
    day (a day ahead, from a clock set back, is kept; a mark that is not a day is replaced); one already marked
    today is not written again."""
    import sqlite3

    from mtqa.sqlite_cache import days_since_epoch

    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    documents = corpus_batch()
    corpus_checker().check(documents)
    today = days_since_epoch()
    database = tmp_path / "results.sqlite3"
    with sqlite3.connect(database) as db:
        keys = [key for (key,) in db.execute("SELECT key FROM results ORDER BY key")]
        for key, used in zip(keys, [today - 30, today + 2, "a day"], strict=False):
            db.execute("UPDATE results SET used = ? WHERE key = ?", (used, key))

    def marks() -> list:
        with sqlite3.connect(database) as db:
            return [used for (used,) in db.execute("SELECT used FROM results ORDER BY key")]

    corpus_checker().check(documents)
    assert marks() == [today, today + 2, today, *[today] * (len(keys) - 3)]
    before = database.stat().st_mtime_ns
    writes: list[str] = []
    original_prepare = mtqa.result_cache.ResultCache.prepare

    def traced(self, db):  # every statement the cache's connection runs from here on
        db.set_trace_callback(lambda statement: writes.append(statement) if statement.startswith("UPDATE") else None)
        original_prepare(self, db)

    monkeypatch.setattr(mtqa.result_cache.ResultCache, "prepare", traced)
    corpus_checker().check(documents)
    assert writes == [] and database.stat().st_mtime_ns == before


def test_a_damaged_cache_is_a_warning_and_a_fresh_check(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    documents = corpus_batch()
    fresh = corpus_checker(use_cache=False).check(documents)
    corpus_checker().check(documents)
    import sqlite3

    with sqlite3.connect(tmp_path / "results.sqlite3") as db:
        db.execute("UPDATE results SET payload = substr(payload, 1, 20)")
    assert corpus_checker().check(documents) == fresh
    assert "damaged" in capsys.readouterr().err
    (tmp_path / "results.sqlite3").write_bytes(b"not a database" * 100)
    assert corpus_checker().check(documents) == fresh
    assert "result cache" in capsys.readouterr().err


def test_rows_of_another_shape_are_checked_again_and_cached_word_counts_are_the_fresh_ones(tmp_path, monkeypatch):
    import sqlite3
    import zlib

    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    documents = corpus_batch()
    fresh = corpus_checker(use_cache=False).check(documents)
    corpus_checker().check(documents)
    cached = corpus_checker().check(corpus_batch())
    assert cached == fresh
    def word_counts(report):
        return [r.document.words for r in report.results]

    assert word_counts(cached) == word_counts(fresh)

    def rewrite(change):
        with sqlite3.connect(tmp_path / "results.sqlite3") as db:
            rows = db.execute("SELECT key, payload FROM results").fetchall()
            for key, payload in rows:
                pickled = payload if payload[:1] == pickle.PROTO else zlib.decompress(payload)  # small rows: as is
                changed = zlib.compress(pickle.dumps(change(pickle.loads(pickled))))
                db.execute("UPDATE results SET payload = ?, checksum = ? WHERE key = ?",
                           (changed, row_checksum(key, changed), key))

    rewrite(lambda parts: parts[:6])  # a row as an earlier version wrote it
    assert corpus_checker().check(corpus_batch()) == fresh
    rewrite(lambda parts: (*parts[:6], str(parts[6])))  # a word count that is not a count
    again = corpus_checker().check(corpus_batch())
    assert again == fresh and word_counts(again) == word_counts(fresh)


def test_cache_clear_empties_the_cache_folder_but_keeps_the_model(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "kept").write_text("x")
    corpus_checker().check(corpus_batch())
    assert (tmp_path / "results.sqlite3").exists()
    result = CliRunner().invoke(cli, ["cache", "clear"])
    assert result.exit_code == 0 and "removed" in result.output
    assert not (tmp_path / "results.sqlite3").exists() and (tmp_path / "models" / "kept").exists()


# Reference metrics

def test_ter_only_when_asked_and_the_batch_score_is_sacrebleus_corpus_score(tmp_path):
    from sacrebleu.metrics import CHRF, TER

    documents = [Document(id=f"d{n}", target=f"The minister met {n} reporters.\nShe left early.",
                          reference=f"The minister met with {n} journalists.\nShe left at noon.") for n in range(4)]
    default = corpus_checker(use_cache=False).check(documents)
    assert [m.name for m in default.metrics] == ["BLEU", "chrF++"]
    options = mtqa.CheckOptions(metrics=("BLEU", "chrF++", "TER"))
    report = corpus_checker(use_cache=False, options=options).check(documents)
    by_name = {m.name: m.score for m in report.metrics}
    hypotheses = [line for d in documents for line in d.target.splitlines()]
    references = [line for d in documents for line in d.reference.splitlines()]
    assert by_name["TER"] == round(TER().corpus_score(hypotheses, [references]).score, 2)
    assert by_name["chrF++"] == round(CHRF(word_order=2).corpus_score(hypotheses, [references]).score, 2)
    assert scores(document_statistics(documents[0], ("TER",)))[0].name == "TER"


def test_an_article_keeps_one_row_of_statistics_per_metric_and_scores_as_its_segments_do():
    # A row per segment held about 7 KB per article for the batch's scores: a batch of 50,000 with references
    # peaked 360 MB above the same batch without them.
    from sacrebleu.metrics import BLEU, CHRF, TER

    from mtqa.metrics import METRIC_NAMES

    lines = [f"Officials in Seoul said {n} people were hurt on Monday." for n in range(30)]
    references = [f"Seoul officials said {n} people were injured on Monday." for n in range(30)]
    article = Document(id="a", target="\n".join(lines), reference="\n".join(references))
    statistics = document_statistics(article, METRIC_NAMES)
    assert all(len(rows) == 1 for rows in statistics.values())
    expected = [BLEU(effective_order=True), CHRF(word_order=2), TER()]
    assert [m.score for m in scores(statistics)] == [round(metric.corpus_score(lines, [references]).score, 2)
                                                     for metric in expected]


def test_the_metrics_flag(tmp_path):
    reference = tmp_path / "refs.jsonl"
    articles = tmp_path / "a.jsonl"
    articles.write_text(json.dumps({"id": "a", "target": "The minister met reporters."}) + "\n", encoding="utf-8")
    reference.write_text(json.dumps({"id": "a", "reference": "The minister met journalists."}) + "\n",
                         encoding="utf-8")
    report = cli_json(tmp_path, "--metrics", "ter,bleu", "--reference", str(reference), str(articles))
    assert [m["name"] for m in report["summary"]["metrics"]] == ["BLEU", "TER"]
    result = CliRunner().invoke(cli, ["check", "--no-fluency", "--metrics", "meteor", str(articles)])
    assert result.exit_code == 2 and "unknown metric 'meteor'" in result.output
    result = CliRunner().invoke(cli, ["check", "--no-fluency", "--metrics", ",", str(articles)])
    assert result.exit_code == 2 and "--metrics names no metric" in result.output


def test_the_readmes_python_example_runs_as_written(capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### From Python"):]
    example = section[section.index("```python\n") + len("```python\n"):section.index("```\n", 10)]
    exec(compile(example, "README.md", "exec"), {})  # noqa: S102 - the README's own code
    printed = capsys.readouterr().out
    assert "seeds/000_40dea2b7941274e3.txt MTQ104" in printed and "gate passed: False" in printed


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    pytest.importorskip("torch")
    from fluency_tiny import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))


def fluency_checker(model, **settings) -> mtqa.Checker:
    from mtqa.fluency import FluencySettings

    options = mtqa.CheckOptions(fluency=FluencySettings(model=str(model), precision="fp32"))
    return corpus_checker(fluency=True, options=options, **settings)


def test_fluency_with_workers_and_from_the_result_cache_is_the_fresh_fluency(tiny_model, tmp_path, monkeypatch):
    """Workers check the rules while the main process scores fluency, and a cached re-run serves the scores without
    asking the model for a sentence: each gives the report of one process from scratch."""
    import mtqa.fluency.scorer

    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    monkeypatch.setattr(mtqa.engines.local, "MIN_CHARACTERS_PER_WORKER", 1)
    documents = corpus_batch(2)
    fresh = fluency_checker(tiny_model, use_cache=False).check(documents)
    assert all(result.fluency is not None for result in fresh.results) and fresh.fluency_signature
    assert fluency_checker(tiny_model, jobs=2).check(documents) == fresh
    scored = []
    original = mtqa.fluency.scorer.Scorer.score
    monkeypatch.setattr(mtqa.fluency.scorer.Scorer, "score", lambda self, texts: scored.append(texts) or
                        original(self, texts))
    assert fluency_checker(tiny_model, jobs=2).check(documents) == fresh
    assert scored == []


def test_a_pattern_file_edited_between_two_checks_of_one_process_is_read_again(tmp_path, monkeypatch):
    """A notebook or a service keeps its process: the second check must see the edited patterns, and the result
    cache must not keep what the old patterns found under the new file's key."""
    from mtqa.checks import CheckSettings

    monkeypatch.setenv("MTQA_CACHE", str(tmp_path / "cache"))
    patterns = tmp_path / "p.yaml"
    patterns.write_text('patterns:\n  - id: x\n    pattern: "zzz never"\n    message: "m"\n', encoding="utf-8")
    document = Document(id="a", target="The minister met Foo bar in Seoul.\n")

    def found(use_cache: bool) -> list[str]:
        options = mtqa.CheckOptions(settings=CheckSettings(boilerplate_files=(str(patterns),)))
        report = mtqa.Checker(mtqa.CheckerConfig(options=options, use_cache=use_cache)).check([document])
        return [f.text for f in report.findings]

    assert found(True) == []
    patterns.write_text('patterns:\n  - id: x\n    pattern: "Foo bar"\n    message: "m"\n', encoding="utf-8")
    assert found(True) == found(False) == ["Foo bar"]


def test_lazily_imported_package_names_are_the_modules_own():
    import mtqa.fluency
    import mtqa.report
    from mtqa.fluency.settings import FluencySettings
    from mtqa.report.json_report import render_json
    from mtqa.report.sarif import sarif_chunks

    assert (mtqa.report.render_json, mtqa.report.FORMATS["json"], mtqa.report.IN_PIECES["sarif"]) == (
        render_json, render_json, sarif_chunks)
    assert mtqa.fluency.FluencySettings is FluencySettings and mtqa.Checker is mtqa.checker.Checker
    for package in (mtqa, mtqa.fluency, mtqa.report):
        with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
            package.nothing  # noqa: B018


def test_a_long_article_goes_to_a_worker_first_and_its_analysis_back_in_batch_order(monkeypatch):
    # Chunks went to the workers in batch order: a long article at the batch's end was checked by one worker while
    # the other had nothing left to do (a 600 KB article last: 1.23x with --jobs 2, first: 1.52x).
    from concurrent.futures import Future

    from mtqa.pipeline import analyse_articles

    checker = corpus_checker(use_cache=False, jobs=2)
    submitted: list[list[str]] = []

    class InThisProcess:
        def submit(self, function, documents):
            submitted.append([document.id for document in documents])
            done = Future()
            done.set_result(analyse_articles(documents, checker.glossary, checker.options))
            return done

    monkeypatch.setattr(mtqa.engines.local, "MIN_CHARACTERS_PER_WORKER", 1)
    monkeypatch.setattr(mtqa.engines.local.Workers, "_started", lambda self: InThisProcess())
    monkeypatch.setattr(mtqa.engines.local, "unwrapped", lambda analyses: analyses)
    short = [Document(id=f"s{n}", target="Seoul was mild on Monday, officials said. " * 20) for n in range(40)]
    long = Document(id="long", target="Prime Minister Fumio Kishida met reporters in Tokyo. " * 2000)
    analyses = mtqa.engines.local.Workers(checker, 2).start([*short, long])()
    assert submitted[0] == ["long"] and sorted(map(len, submitted[1:]), reverse=True) == list(map(len, submitted[1:]))
    assert [analysis.document.id for analysis in analyses] == [*(d.id for d in short), "long"]
