"""The local engine: articles checked in this process, or spread over a pool of worker processes (`--jobs N`).

Workers are forked after the glossary and the pattern lists are compiled, so each starts with them in memory instead
of loading them again; where fork is not available they rebuild them once from the caches. Fluency is measured
here, in the parent, after the pool: the model's matrix multiplies already use every core, and one copy of it is
enough.

A batch is read as it is checked, a window of articles at a time (each window spread over the pool as a whole batch
was), so that what is held besides the analyses kept for the report is one window, not the batch.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import TYPE_CHECKING

from mtqa.engines.failures import guarded, unwrapped
from mtqa.errors import MtqaError
from mtqa.fork_gate import forking_workers
from mtqa.model import Document
from mtqa.pipeline import ArticleAnalysis, analyse_articles, prepare_checks

if TYPE_CHECKING:
    from mtqa.checker import Checker

CHUNKS_PER_WORKER = 4  # more, smaller chunks even out articles of very different lengths
MIN_CHARACTERS_PER_WORKER = 200_000  # below this, starting workers costs more than it saves
# Articles read ahead of the checks: what a window holds at most besides the analyses kept for the report. Large
# enough that the pool's workers rarely wait at the end of one (a window is spread over them as a batch was).
WINDOW_ARTICLES = 10_000
WINDOW_CHARACTERS = 8_000_000

_worker_checker: Checker | None = None
_STOPPING_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def local_analyses(checker: Checker, documents: Iterable[Document]) -> list[ArticleAnalysis]:
    """Every article's analysis, in batch order. The articles are read as they are checked, a window at a time;
    with fluency on, the whole batch is one window, as the model's batches of sentences span the batch."""
    stream = iter(documents)
    jobs, ahead = workers_worth_starting(checker, stream)
    whole = checker.config.fluency is not False
    analyses: list[ArticleAnalysis] = []
    # With fluency on, the one window's workers are done before the model loads: they are not kept beside it.
    with Workers(checker, jobs, keep=not whole) as workers:
        if jobs == 1:  # each window checked and its results stored before the next is read: nothing to overlap
            for window in windows(chain(ahead, stream), whole):
                analyses += checker.analyse(window)
            return analyses
        started = (checker.start_analysis(window, workers.start) for window in windows(chain(ahead, stream), whole))
        for window_analyses in finished_one_behind(started):
            analyses += window_analyses
    return analyses


def finished_one_behind(started: Iterator[Callable[[], list[ArticleAnalysis]]]) -> Iterator[list[ArticleAnalysis]]:
    """Each started window's analyses, in order, each waited for once the next window is read and started: the
    workers go on with it while this process reads the one after, and a window's last chunks run beside the next
    window's first. Of a bad input in the next window and an error of this one, this one's is raised, as a run of one
    process (which finishes a window before it reads on) meets it first; so is it before any error of the reading
    (a caller's generator may raise anything). Ctrl-C and SIGTERM's exit stop the run at once."""
    pending = None
    while True:
        try:
            following = next(started)
        except StopIteration:
            break
        except Exception:
            if pending is not None:
                pending()
            raise
        if pending is not None:
            yield pending()
        pending = following
    if pending is not None:
        yield pending()


def workers_worth_starting(checker: Checker, stream: Iterator[Document]) -> tuple[int, list[Document]]:
    """How many workers the batch is worth (at most --jobs, 0 meaning one per CPU), told from its first articles,
    and the articles read from `stream` to tell it: enough to give the same answer as the whole batch would."""
    wanted = checker.config.jobs or cpu_count()
    ahead = _read_ahead(stream, wanted * MIN_CHARACTERS_PER_WORKER, wanted) if wanted > 1 else []
    return (_jobs(checker, ahead) if ahead else 1), ahead


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _jobs(checker: Checker, documents: Sequence[Document]) -> int:
    wanted = checker.config.jobs or cpu_count()
    size = characters(documents)
    return max(1, min(wanted, len(documents), size // MIN_CHARACTERS_PER_WORKER or 1))


def _read_ahead(stream: Iterator[Document], characters: int, articles: int) -> list[Document]:
    """Articles from the stream until they hold `characters` and number `articles`, or the stream ends; never past
    the first window, so that the articles read before the first are checked are those of a run of one process (a
    bad line further on is reported after an error the first window meets, as there)."""
    read, size = [], 0
    for document in stream:
        read.append(document)
        size += len(document.target)
        if (size >= characters and len(read) >= articles) or len(read) >= WINDOW_ARTICLES \
                or size >= WINDOW_CHARACTERS:
            break
    return read


def windows(documents: Iterable[Document], whole: bool) -> Iterator[list[Document]]:
    """Consecutive runs of articles of at most WINDOW_ARTICLES or about WINDOW_CHARACTERS (one, if `whole`)."""
    window, size, given = [], 0, 0
    for document in documents:
        window.append(document)
        size += len(document.target)
        if not whole and (len(window) >= WINDOW_ARTICLES or size >= WINDOW_CHARACTERS):
            yield window
            window, size, given = [], 0, given + 1
    if window or not given:  # an empty batch is one empty window, checked as before
        yield window


class Workers:
    """A pool of `jobs` worker processes, started for the first articles that need it and kept for the run's later
    windows: each worker loads its lazily built tables (syllables, word frequencies, patterns) once per run."""

    def __init__(self, checker: Checker, jobs: int, *, keep: bool = True) -> None:
        self.checker = checker
        self.jobs = jobs
        self.keep = keep  # for later windows; else the workers end when their articles are done
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if error is None:
            self._shut_down()
        else:
            self._stopped()  # an error, Ctrl-C or SIGTERM: the rest of the batch is not worth waiting for

    def start(self, documents: Sequence[Document]) -> Callable[[], list[ArticleAnalysis]]:
        """Set the articles going on the workers; what it returns waits for their analyses, in the articles' order.
        Articles not worth starting workers for are checked here and now."""
        checker = self.checker
        # Sized by what is left to check: a re-run's few changed articles are not worth starting workers for. Workers
        # already started take any window, however small (a batch's last): checked here, it would run alone, after
        # theirs, and pay again for what this process builds on first use.
        started = self._pool is not None
        jobs = min(self.jobs, len(documents) if started else _jobs(checker, documents))
        if not documents or (jobs <= 1 and not started):
            checked_here = analyse_articles(documents, checker.glossary, checker.options)
            return lambda: checked_here
        checker.glossary  # noqa: B018 - compiled before the fork, so that every worker inherits it
        try:
            prepare_checks(checker.options)  # the pattern lists too, read once here rather than once per worker
        except MtqaError:
            pass  # a bad list: the check that needs it says so, in article order, as in a run of one process
        try:
            # A worker that dies at once breaks the pool while chunks are still being submitted: the same one line.
            # The first submit forks the workers (once no other thread is half-way through an article: see
            # mtqa.fork_gate) and starts the pool's thread.
            with contextlib.nullcontext() if started else forking_workers(), _signals_held():
                pool = self._started()
                planned = chunks_of(documents, jobs * CHUNKS_PER_WORKER)
                # The longest first: a long article at the batch's end was checked by one worker while the others
                # had nothing left to do.
                submitted = {index: pool.submit(_analyse_chunk, planned[index]) for index in
                             sorted(range(len(planned)), key=lambda index: -characters(planned[index]))}
                chunks = [submitted[index] for index in range(len(planned))]
        except BrokenProcessPool:
            raise _worker_lost() from None
        except (OSError, RuntimeError) as error:  # no worker, or no thread of the pool's, could be started: a
            # read-only /dev/shm, a limit on processes (threads count as processes there)
            if started or (isinstance(error, RuntimeError) and "start new thread" not in str(error)):
                raise
            return self._without_workers(documents, error)
        return lambda: self._collected(chunks)

    def _without_workers(self, documents: Sequence[Document], error: Exception
                         ) -> Callable[[], list[ArticleAnalysis]]:
        """The articles checked here, and every later window too, where the system would not start the workers (its
        semaphores or processes): a locked-down container fails every run of the default --jobs otherwise."""
        with contextlib.suppress(RuntimeError):  # a pool whose thread never started cannot wait for it
            self._stopped()
        self.jobs = 1
        reason = getattr(error, "strerror", None) or error
        self.checker.warn_once(f"cannot start worker processes ({reason}): the articles are checked in this one "
                               "process, as with --jobs 1")
        checked_here = analyse_articles(documents, self.checker.glossary, self.checker.options)
        return lambda: checked_here

    def _collected(self, chunks: list[Future]) -> list[ArticleAnalysis]:
        try:
            # Waited for in batch order, so that of two bad articles the first is reported, as in a run of one
            # process; and not through pool.map, whose iterator cancels the chunks not yet started when an error or
            # a signal stops it, which makes the pool's own thread fail as it finds its workers gone (Python 3.11).
            analyses = [analysis for chunk in chunks for analysis in unwrapped(self._result(chunk))]
        except BrokenProcessPool:
            raise _worker_lost() from None
        if not self.keep:
            self._shut_down()
        return analyses

    def _result(self, chunk: Future) -> object:
        """The chunk's result, once it is there; an error where the pool's own thread, which collects the results,
        has died (it could not start a thread of its own: a limit on processes), and the run would wait for ever."""
        while True:
            try:
                return chunk.result(timeout=1)
            except TimeoutError:
                collector = getattr(self._pool, "_executor_manager_thread", None)  # the executor's own attribute
                if collector is not None and not collector.is_alive() and not chunk.done():
                    raise MtqaError("the pool of worker processes stopped without their articles (it could not "
                                    "start a thread of its own: a limit on processes?); try --jobs 1") from None

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            # A forked worker inherits the checker as it is; a spawned one unpickles it (and rebuilds the glossary).
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_start_worker,
                                             initargs=(self.checker,))
        return self._pool

    def _shut_down(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.shutdown()

    def _stopped(self) -> None:
        """End the workers now, mid-article; the chunks not yet started end with the pool."""
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        for worker in list((pool._processes or {}).values()):  # the executor has no public way to end its workers
            worker.terminate()
        # A worker ended while it wrote its result leaves part of a message in the result pipe, and the pool's thread
        # would wait for the rest for ever (and shutdown, and the interpreter's exit, for that thread). With this
        # process's write end closed too, every writer is gone once the workers are: the thread reads the end of the
        # pipe instead, and fails the pool.
        results = getattr(pool, "_result_queue", None)
        if results is not None:
            results._writer.close()
        pool.shutdown(wait=True)  # not cancel_futures: the pool's thread fails every chunk left, as it finds them gone


def _worker_lost() -> MtqaError:
    return MtqaError("a worker process ended without finishing its articles (killed, perhaps for want of memory); "
                     "try fewer --jobs")


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the pool has forked its workers and started its thread. Handled in the middle
    of a fork, the signal's exception is raised in an after-fork callback, which only prints it, and the run goes on;
    between the thread's making and its start, it leaves a pool that cannot be shut down. The workers are forked
    with the signals blocked, and unblock them once they have their own handlers (`_start_worker`)."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no fork either
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)  # a signal that came meanwhile is handled here


def _start_worker(checker: Checker) -> None:
    global _worker_checker
    _worker_checker = checker
    # The parent answers Ctrl-C and SIGTERM for the run and ends its workers; a worker that handled them too would
    # print its own traceback or "terminated" line.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with_parent()
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING_SIGNALS)  # held while the parent forked this worker


def _end_with_parent() -> None:
    """On Linux, have the kernel send this worker SIGTERM when the run's process ends, however it ends: a run
    killed outright (SIGKILL, a closed terminal, a CI job's timeout) would otherwise leave its workers waiting for
    articles for ever, holding the run's output pipes open, so that whoever reads them waits too."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        return  # no prctl here: the worker ends when the run ends it, as elsewhere
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:
        os.kill(os.getpid(), signal.SIGTERM)  # the run ended before the request was made


def _analyse_chunk(documents: list[Document]) -> list[ArticleAnalysis]:
    checker = _worker_checker
    return guarded(lambda: analyse_articles(documents, checker.glossary, checker.options))


def characters(documents: Sequence[Document]) -> int:
    """The length of the articles' targets: roughly what checking them costs."""
    return sum(len(document.target) for document in documents)


def chunks_of(documents: Sequence[Document], count: int) -> list[list[Document]]:
    """Consecutive runs of articles of about equal total length, in batch order; an article of a run's length or
    more is a run of its own (joined to the articles before it, it would be checked after them)."""
    total = characters(documents) or 1
    share, chunks, current, size = total / count, [], [], 0
    for document in documents:
        if current and len(document.target) >= share:
            chunks.append(current)
            current, size = [], 0
        current.append(document)
        size += len(document.target)
        if size >= share:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks
