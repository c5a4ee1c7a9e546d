"""Threads sharing one process (a web service's, a Dask worker started with several), and caches damaged or held by
another program: the report is the one a lone, cache-free run gives, and a cache that cannot be used is left out
once per check, not waited for again and again."""

from __future__ import annotations

import functools
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from fluency_tiny import build_tiny_model

import mtqa
import mtqa.checker
import mtqa.pipeline
import mtqa.result_cache
import mtqa.sqlite_cache
from mtqa.engines import dask_engine
from mtqa.fluency import scorer as scorer_module
from mtqa.fluency.sentences import split_sentences
from mtqa.fluency.settings import FluencySettings
from mtqa.glossary import cache as glossary_cache
from mtqa.model import Document
from mtqa.pipeline import CheckOptions

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "tests" / "corpus" / "articles").glob("*.txt"))
GLOSSARY = str(ROOT / "glossaries" / "east-asia-news.yaml")


def at_once(work: list) -> None:
    """Each of `work` in a thread of its own, all started before any is waited for."""
    threads = [threading.Thread(target=each) for each in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def documents() -> list[Document]:
    return [Document(id=path.name, target=path.read_text(encoding="utf-8")) for path in ARTICLES[:12]]


FORKED_WHILE_ANOTHER_THREAD_CHECKS = """
import os, sys, threading, time
sys.path.insert(0, {tests!r})
import mtqa, mtqa.checks.context, mtqa.engines.local
from test_threads_and_cache_damage import GLOSSARY, documents
from mtqa.model import Document

inside, held = threading.Event(), threading.Lock()
find_mentions = mtqa.checks.context.find_mentions

def slow_for_one_article(text, *arguments, **options):
    # As a module imported on first use, a tokenizer loading its dictionary, or a value being cached holds its lock.
    with held:
        if text.startswith("SLOW"):
            inside.set()
            time.sleep(1)
    return find_mentions(text, *arguments, **options)

mtqa.checks.context.find_mentions = slow_for_one_article
mtqa.engines.local.MIN_CHARACTERS_PER_WORKER = 1
checker = mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,), fluency=False, use_cache=False, jobs={jobs}))
slow = threading.Thread(target=checker.check, args=([Document(id="slow", target="SLOW Yoon Suk-yue said.")],))
slow.start()
inside.wait(30)
results = []
parallel = threading.Thread(target=lambda: results.append(checker.check(documents())), daemon=True)
parallel.start()
parallel.join(60)
print(len(results[0].results) if results else "waited for ever", flush=True)
os._exit(0)  # not the pool's exit handler, which would wait for workers that wait for ever
"""


@pytest.mark.parametrize("slow_jobs", [1, 2])
def test_workers_forked_while_another_thread_checks_an_article_do_not_wait_for_it(slow_jobs):
    # A worker forked while another thread was half-way through an article inherited the locks that thread held
    # (Python 3.11's cached_property, a module's import, jieba's tokenizer), and waited for them for ever: a web
    # service checking two batches at once, one with workers. In a process of its own, whose workers end with it,
    # so that the wait fails the test instead of holding the suite.
    script = FORKED_WHILE_ANOTHER_THREAD_CHECKS.format(tests=str(ROOT / "tests"), jobs=2)
    if slow_jobs == 1:  # the slow article checked by a checker of its own, of one process
        script = script.replace("slow = threading.Thread(target=checker.check,",
                                "slow = threading.Thread(target=mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,)"
                                ", fluency=False, use_cache=False, jobs=1)).check,")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.stdout.split() == [str(len(documents()))], done.stdout + done.stderr


def test_threads_splitting_sentences_at_once_cut_each_its_own_text():
    # pysbd keeps the text it splits on itself: one splitter shared by two threads cut sentences out of the other
    # thread's text (hundreds of wrong splits in a few seconds).
    texts = [path.read_text(encoding="utf-8") for path in ARTICLES]
    expected = [split_sentences(text) for text in texts]
    wrong = []

    def split(offset: int) -> None:
        for _ in range(15):
            for index in range(offset, len(texts), 2):
                if split_sentences(texts[index]) != expected[index]:
                    wrong.append(index)

    at_once([functools.partial(split, offset) for offset in (0, 1)])
    assert wrong == []


def test_a_dask_worker_of_several_threads_checks_one_run_of_articles_at_a_time():
    running, most = [0], [0]
    lock = threading.Lock()

    class Recording:
        def analyse(self, articles):
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            time.sleep(0.05)
            with lock:
                running[0] -= 1
            return articles

    at_once([functools.partial(dask_engine._analyse_on_worker, Recording(), [n]) for n in range(4)])
    assert most[0] == 1


def test_threads_checking_with_fluency_at_once_get_the_reports_of_one_thread(tmp_path, monkeypatch, capsys):
    model = build_tiny_model(tmp_path / "model")
    real_load = scorer_module.load_source

    def slow_load(source):  # as the packaged model takes seconds: both threads ask for it meanwhile
        time.sleep(0.3)
        return real_load(source)

    monkeypatch.setattr(scorer_module, "load_source", slow_load)
    settings = FluencySettings(model=str(model), cache_dir=str(tmp_path / "cache"), precision="fp32")
    checker = mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,), fluency=True, use_cache=True,
                                              options=CheckOptions(fluency=settings)))
    batches = [documents()[:6], documents()[6:]]
    alone = [mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,), fluency=True, use_cache=False,
                                             options=CheckOptions(fluency=settings))).check(batch)
             for batch in batches]
    reports, errors = [None, None], []

    def check(index: int) -> None:
        try:
            reports[index] = checker.check(batches[index])
        except Exception as error:  # noqa: BLE001 - the test reports it
            errors.append(error)

    capsys.readouterr()
    at_once([functools.partial(check, index) for index in (0, 1)])
    assert errors == []
    assert capsys.readouterr().err == ""  # the sentence cache was used by both threads, not given up
    assert checker.scorer.loads == 1  # one model, not one per thread
    assert [[(r.document.id, r.findings, r.fluency) for r in report.results] for report in reports] == \
        [[(r.document.id, r.findings, r.fluency) for r in report.results] for report in alone]


def test_a_result_row_moved_to_another_articles_key_is_damage_not_that_articles_result(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    checker = mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,)))
    fresh = checker.check(documents())
    with sqlite3.connect(tmp_path / mtqa.result_cache.FILE_NAME) as db:
        (one, first, first_sum), (other, second, second_sum) = \
            db.execute("SELECT key, payload, checksum FROM results ORDER BY key LIMIT 2").fetchall()
        db.execute("UPDATE results SET payload = ?, checksum = ? WHERE key = ?", (second, second_sum, one))
        db.execute("UPDATE results SET payload = ?, checksum = ? WHERE key = ?", (first, first_sum, other))
    capsys.readouterr()
    assert mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,))).check(documents()) == fresh
    assert "2 damaged entries checked again" in capsys.readouterr().err


def test_a_compiled_glossary_copied_to_another_glossarys_name_is_not_served_for_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path / "cache"))
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text("name: first\nentries:\n- {id: a, type: person, canonical: Yoon Suk Yeol}\n", encoding="utf-8")
    second.write_text("name: second\nentries:\n- {id: b, type: person, canonical: Moon Jae-in}\n", encoding="utf-8")
    compiled_first = glossary_cache.load_compiled_glossary([str(first)])
    glossary_cache.load_compiled_glossary([str(second)])
    stored = {path.name: path for path in (tmp_path / "cache" / glossary_cache.FOLDER).iterdir()}
    first_file = next(path for name, path in stored.items() if compiled_first.content_key in name)
    second_file = next(path for path in stored.values() if path != first_file)
    second_file.write_bytes(first_file.read_bytes())
    capsys.readouterr()
    loaded = glossary_cache.load_compiled_glossary([str(second)])
    assert [entry.id for entry in loaded.entries] == ["b"]
    assert "damaged" in capsys.readouterr().err


def test_a_result_cache_locked_by_another_program_is_left_out_once_per_check(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    monkeypatch.setattr(mtqa.sqlite_cache, "BUSY_SECONDS", 0.2)
    monkeypatch.setattr(mtqa.engines.local, "WINDOW_ARTICLES", 3)  # four windows, each of which opened it again
    fresh = mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,), use_cache=False)).check(documents())
    mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,))).check(documents()[:1])  # the file made
    opened = []
    real = mtqa.result_cache.ResultCache.__init__
    monkeypatch.setattr(mtqa.result_cache.ResultCache, "__init__",
                        lambda self, *args, **kwargs: (opened.append(1), real(self, *args, **kwargs))[1])
    holder = sqlite3.connect(tmp_path / mtqa.result_cache.FILE_NAME)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        capsys.readouterr()
        checker = mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,)))
        assert checker.check(documents()) == fresh
        warnings = capsys.readouterr().err.splitlines()
        assert len(opened) == 1
        assert [line for line in warnings if "result cache" in line] == [
            f"mtqa: warning: result cache {tmp_path / mtqa.result_cache.FILE_NAME}: not used (locked by another "
            "process for over 0.2 s); articles are checked without it this run"]
    finally:
        holder.rollback()
        holder.close()
    assert mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,))).check(documents()) == fresh


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_result_cache_that_cannot_be_written_is_waited_for_and_told_of_once_with_windows_in_flight(
        tmp_path, monkeypatch, capsys, jobs):
    # With workers, the next window is started (its cache opened and read) before one is finished: the window
    # finished after the one that gave the cache up stored its results too, and waited and warned again.
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    monkeypatch.setattr(mtqa.sqlite_cache, "BUSY_SECONDS", 0.2)
    monkeypatch.setattr(mtqa.engines.local, "WINDOW_ARTICLES", 3)
    monkeypatch.setattr(mtqa.engines.local, "MIN_CHARACTERS_PER_WORKER", 1)
    fresh = mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,), use_cache=False)).check(documents())
    mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,))).check(documents()[:1])  # the file made
    stored = []
    put_many = mtqa.result_cache.ResultCache.put_many
    monkeypatch.setattr(mtqa.result_cache.ResultCache, "put_many",
                        lambda self, analyses: (stored.append(len(analyses)), put_many(self, analyses))[1])
    holder = sqlite3.connect(tmp_path / mtqa.result_cache.FILE_NAME)
    holder.execute("BEGIN IMMEDIATE")  # another program writing: the cache can be read, not written
    try:
        capsys.readouterr()
        assert mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,), jobs=jobs)).check(documents()) == fresh
        warnings = [line for line in capsys.readouterr().err.splitlines() if "result cache" in line]
    finally:
        holder.rollback()
        holder.close()
    assert len(stored) == 1 and len(warnings) == 1, (stored, warnings)


def test_a_run_of_one_process_stopped_in_a_window_keeps_the_windows_before_it_in_the_cache(tmp_path, monkeypatch):
    # Each window is stored before the next is read: Ctrl-C in the second loses only the second.
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    monkeypatch.setattr(mtqa.engines.local, "WINDOW_ARTICLES", 3)
    analyse_articles = mtqa.checker.analyse_articles
    later = {d.id for d in documents()[3:]}

    def stopped(articles, *args):
        if later & {d.id for d in articles}:
            raise KeyboardInterrupt
        return analyse_articles(articles, *args)

    monkeypatch.setattr(mtqa.checker, "analyse_articles", stopped)
    with pytest.raises(KeyboardInterrupt):
        mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,), jobs=1)).check(documents())
    with sqlite3.connect(tmp_path / mtqa.result_cache.FILE_NAME) as db:
        assert db.execute("SELECT COUNT(*) FROM results").fetchone()[0] == 3


def test_the_cache_connection_may_be_used_by_another_thread_than_the_one_that_opened_it(tmp_path):
    cache = mtqa.result_cache.ResultCache(tmp_path, "signature")
    found = []
    thread = threading.Thread(target=lambda: found.append(cache.get_many(documents()[:1])))
    thread.start()
    thread.join()
    assert found == [{}] and not cache.given_up


def test_a_result_cache_that_can_be_read_but_not_written_serves_what_it_holds_and_says_so(tmp_path, monkeypatch,
                                                                                          capsys):
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    fresh = mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,))).check(documents())
    with sqlite3.connect(tmp_path / mtqa.result_cache.FILE_NAME) as db:
        db.execute("UPDATE results SET used = used - 3")  # last used three days ago: the run marks them again
    read_only(mtqa.result_cache.ResultCache, monkeypatch)
    served = []
    real_analyse = mtqa.pipeline.analyse_article
    monkeypatch.setattr(mtqa.pipeline, "analyse_article", lambda *args: served.append(args) or real_analyse(*args))
    capsys.readouterr()
    assert mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,))).check(documents()) == fresh
    assert served == []  # every article from the cache
    assert [line for line in capsys.readouterr().err.splitlines() if "result cache" in line] == [
        f"mtqa: warning: result cache {tmp_path / mtqa.result_cache.FILE_NAME}: what it holds is used, but it cannot "
        "be written (attempt to write a readonly database): nothing more is read from it or stored in it this run"]


def read_only(cache_class, monkeypatch) -> None:
    """The cache's file opened as a read-only file is: reads work, writes fail."""
    real = cache_class.prepare

    def prepare(self, db):
        real(self, db)
        db.execute("PRAGMA query_only = ON")

    monkeypatch.setattr(cache_class, "prepare", prepare)


def test_a_read_only_result_cache_that_served_rows_says_so_when_a_new_article_cannot_be_stored(tmp_path,
                                                                                                 monkeypatch, capsys):
    # Rows used today are not marked again: the first write is the new article's row, after the others were served.
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,))).check(documents())
    read_only(mtqa.result_cache.ResultCache, monkeypatch)
    checked = []
    real_analyse = mtqa.pipeline.analyse_article
    monkeypatch.setattr(mtqa.pipeline, "analyse_article", lambda *args: checked.append(args[0].id) or
                        real_analyse(*args))
    capsys.readouterr()
    new = Document(id="new.txt", target="President Yoon Suk-yue met reporters.")
    report = mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,))).check([*documents(), new])
    assert checked == ["new.txt"] and len(report.results) == 13
    assert [line for line in capsys.readouterr().err.splitlines() if "result cache" in line] == [
        f"mtqa: warning: result cache {tmp_path / mtqa.result_cache.FILE_NAME}: what it holds is used, but it cannot "
        "be written (attempt to write a readonly database): nothing more is read from it or stored in it this run"]


def test_a_read_only_sentence_cache_serves_its_scores_and_says_so(tmp_path, monkeypatch):
    from mtqa.fluency.cache import FILE_NAME, ScoreCache

    tokens = ((0, 1, 0.5), (1, 2, 0.25))
    ScoreCache(tmp_path).put_many({"one": tokens, "two": tokens})
    with sqlite3.connect(tmp_path / FILE_NAME) as db:
        db.execute("UPDATE tokens SET used = used - 3")  # last used three days ago: a read marks them again
    read_only(ScoreCache, monkeypatch)
    said = []
    cache = ScoreCache(tmp_path, warn=said.append)
    assert set(cache.get_many(["one", "two", "three"])) == {"one", "two"}
    assert len(said) == 1 and "what it holds is used, but it cannot be written" in said[0], said


def test_a_sentence_cache_marks_the_rows_it_serves_once_a_day_a_damaged_day_too(tmp_path):
    # A row whose day was no number was never marked again, and went first when the cache was full however often
    # it was used.
    from mtqa.fluency.cache import FILE_NAME, ScoreCache

    tokens = ((0, 1, 0.5),)
    ScoreCache(tmp_path).put_many({"today": tokens, "earlier": tokens})
    with sqlite3.connect(tmp_path / FILE_NAME) as db:
        db.execute("UPDATE tokens SET used = used - 3 WHERE key = 'earlier'")
        db.execute("UPDATE tokens SET used = 'damaged' WHERE key = 'today'")  # a day no longer a number
    cache = ScoreCache(tmp_path)
    assert set(cache.get_many(["today", "earlier"])) == {"today", "earlier"}
    assert cache._db.total_changes == 2  # both marked again
    assert set(cache.get_many(["today", "earlier"])) == {"today", "earlier"}
    assert cache._db.total_changes == 2  # and not again the same day


def test_threads_sharing_one_sentence_cache_take_turns_with_its_connection(tmp_path):
    # Four threads putting and getting at once through one connection mixed their transactions and crashed the
    # process (a segmentation fault) once the connection could be used by any thread.
    from mtqa.fluency.cache import ScoreCache

    said = []
    cache = ScoreCache(tmp_path, warn=said.append)
    wrong = []

    def work(thread: int) -> None:
        for round_ in range(150):
            keys = [f"{thread}-{round_}-{n}" for n in range(20)]
            cache.put_many({key: ((0, 1, 0.5), (1, 2, 0.25)) for key in keys})
            if set(cache.get_many(keys)) != set(keys):
                wrong.append(keys[0])

    at_once([functools.partial(work, thread) for thread in range(4)])
    assert (said, wrong, cache.given_up) == ([], [], False)


def test_threads_sharing_a_checker_keep_each_its_own_checks_state(tmp_path, monkeypatch, capsys):
    # One thread's new check reset the other's note that the result cache was locked: it waited for it again.
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    monkeypatch.setattr(mtqa.sqlite_cache, "BUSY_SECONDS", 0.2)
    monkeypatch.setattr(mtqa.engines.local, "WINDOW_ARTICLES", 3)
    checker = mtqa.Checker(mtqa.CheckerConfig(glossaries=(GLOSSARY,)))
    checker.check(documents()[:1])  # the file made
    opened = []
    real = mtqa.result_cache.ResultCache.__init__
    monkeypatch.setattr(mtqa.result_cache.ResultCache, "__init__", lambda self, *args, **kwargs: (
        opened.append(threading.current_thread().name), real(self, *args, **kwargs))[1])
    other_checked = threading.Event()

    def first_window_then_wait():
        for number, document in enumerate(documents()[:6]):
            if number == 3:
                other_checked.wait(30)  # the second window is read once the other thread's check is over
            yield document

    holder = sqlite3.connect(tmp_path / mtqa.result_cache.FILE_NAME)
    holder.execute("BEGIN EXCLUSIVE")
    slow = threading.Thread(target=lambda: checker.check(first_window_then_wait()), name="slow")
    slow.start()
    while "slow" not in opened:
        time.sleep(0.01)
    time.sleep(1.0)  # the slow check has waited its 0.2 s and given the cache up; now the file is free again
    holder.rollback()
    holder.close()
    quick = threading.Thread(target=lambda: (checker.check(documents()[6:8]), other_checked.set()), name="quick")
    quick.start()
    quick.join()
    slow.join()
    # The slow check, which gave the cache up, did not open it again for its second window when the quick one
    # (which found it free) began and ended.
    assert opened == ["slow", "quick"]


@pytest.mark.parametrize("journal", ["-journal", "-wal", "-shm"])
def test_a_fifo_beside_the_result_cache_is_one_warning_not_a_run_that_never_ends(tmp_path, journal):
    # sqlite opened a FIFO at the journal's name to look for a rollback and waited there, where neither Ctrl-C nor
    # SIGTERM reached the run: a CI job hung until its own time limit.
    cache = tmp_path / "cache"
    article = tmp_path / "article.txt"
    article.write_text("The weather in Seoul was mild on Monday, officials said.\n", encoding="utf-8")

    def run() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", "from mtqa.launch import main; main()", "check", "--no-fluency",
                               str(article)], env={**os.environ, "MTQA_CACHE": str(cache)}, capture_output=True,
                              text=True, timeout=120)

    assert run().returncode == 0  # the cache file made: sqlite looks for a journal beside a database it opens
    os.mkfifo(cache / f"results.sqlite3{journal}", mode=0o600)
    try:
        result = run()
    except subprocess.TimeoutExpired:
        pytest.fail("the run waited on the FIFO")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("mtqa: warning:")]
    assert result.returncode == 0, result.stderr
    assert len(warnings) == 1 and "result cache" in warnings[0] and "not a regular file" in warnings[0], result.stderr


def test_cache_clear_removes_what_mtqa_wrote_and_leaves_what_stands_in_its_place_or_beside_it(tmp_path, monkeypatch,
                                                                                               capsys):
    # The cache folder may be shared with other files: clear removed any file named like a cache's (a user's
    # "results.sqlite3" of notes, "*.patterns" lists, an empty folder named like a journal) and every run pruned
    # them. Only what mtqa wrote goes; what stands in a cache's place is said to be left.
    from mtqa.caches import clear_caches
    from mtqa.cli import cli

    cache = tmp_path / "cache"
    monkeypatch.setenv("MTQA_CACHE", str(cache))
    (tmp_path / "g.yaml").write_text("name: g\nentries:\n  - {id: a, type: term, canonical: forced labor}\n",
                                     encoding="utf-8")
    (tmp_path / "a.txt").write_text("They used forced labor.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-fluency", "--glossary", str(tmp_path / "g.yaml"),
                                      str(tmp_path / "a.txt")])
    assert result.exit_code == 0, result.output
    written = sorted(path.relative_to(cache) for path in cache.rglob("*") if path.is_file())
    assert any(path.parts[0] == "glossaries" for path in written) and Path("results.sqlite3") in written
    foreign = {"glossaries/desk.glossary": "mine", "patterns/list01.patterns": "mine", "patterns/.partial-draft.txt":
               "mine", "other.txt": "mine", "fluency-cache.sqlite3": "my notes", "fluency-cache.sqlite3-wal": "my wal"}
    for name, text in foreign.items():
        (cache / name).parent.mkdir(exist_ok=True)
        (cache / name).write_text(text, encoding="utf-8")
    (cache / "results.sqlite3-shm").mkdir()  # a folder where a journal would be: not sqlite's
    os.mkfifo(cache / "fluency-cache.sqlite3-journal")
    assert clear_caches() == len(written)
    left = sorted(str(path.relative_to(cache)) for path in cache.rglob("*") if not path.is_dir() or path.is_symlink())
    assert left == sorted([*foreign, "fluency-cache.sqlite3-journal"])
    assert (cache / "results.sqlite3-shm").is_dir()
    assert "fluency-cache.sqlite3: left as it is: not a cache database mtqa wrote" in capsys.readouterr().err


@pytest.mark.parametrize("replaced", [False, True])
def test_a_cache_removed_under_a_run_is_said_to_be_so_not_damaged(tmp_path, replaced):
    # `mtqa cache clear` beside a running check: sqlite calls the file it can no longer write a "readonly database",
    # and the warning advised deleting a file that was not damaged.
    from mtqa.fluency.cache import FILE_NAME, ScoreCache

    said = []
    cache = ScoreCache(tmp_path, warn=said.append)
    cache.put_many({"one": ((0, 1, 0.5),)})
    os.unlink(tmp_path / FILE_NAME)
    if replaced:  # and a new run's file made in its place
        ScoreCache(tmp_path).put_many({"other": ((0, 1, 0.5),)})
    cache.put_many({"two": ((0, 1, 0.5),)})
    assert said == [f"fluency cache {tmp_path / FILE_NAME}: removed while this run used it (by `mtqa cache clear`?): "
                    "fluency is scored without it for the rest of this run"]


def test_a_users_own_database_of_a_caches_name_is_neither_written_to_nor_removed(tmp_path, monkeypatch, capsys):
    # In a shared cache folder, a check added its table to a user's "results.sqlite3" of experiments, and `cache
    # clear` deleted it and a "fluency-cache.sqlite3" of notes: sqlite databases, but not mtqa's.
    import sqlite3

    from mtqa.caches import clear_caches
    from mtqa.cli import cli

    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    monkeypatch.setenv("MTQA_CACHE", str(cache))
    # Named as the caches' tables or not, with their columns among others or not: the columns say whose they are.
    for name, table in (("results.sqlite3", "results"), ("fluency-cache.sqlite3", "notes")):
        db = sqlite3.connect(cache / name)
        db.execute(f"CREATE TABLE {table} (name TEXT, key TEXT, payload BLOB)")
        db.execute(f"INSERT INTO {table} VALUES ('mine', 'k', x'00')")
        db.commit()
        db.close()
    before = {name: (cache / name).read_bytes() for name in ("results.sqlite3", "fluency-cache.sqlite3")}
    (tmp_path / "a.txt").write_text("They used forced labor.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-fluency", str(tmp_path / "a.txt")])
    assert result.exit_code == 0, result.output
    warning = [line for line in (result.output + capsys.readouterr().err).splitlines() if "results.sqlite3" in line]
    assert len(warning) == 1 and "its 'results' is another program's" in warning[0] and "delete" not in warning[0]
    clear_caches()
    assert {name: (cache / name).read_bytes() for name in before} == before
    err = capsys.readouterr().err
    assert "results.sqlite3: left as it is" in err and "fluency-cache.sqlite3: left as it is" in err


def test_cache_clear_leaves_a_cache_another_program_holds_locked(tmp_path, monkeypatch):
    import sqlite3

    from mtqa.caches import clear_caches
    from mtqa.result_cache import ResultCache

    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    ResultCache(tmp_path, "sig").close()
    holder = sqlite3.connect(tmp_path / "results.sqlite3")
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr("mtqa.sqlite_cache.BUSY_SECONDS", 0.1)
    try:
        clear_caches()
        assert (tmp_path / "results.sqlite3").exists()
    finally:
        holder.rollback()
        holder.close()
