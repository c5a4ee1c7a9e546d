"""The Dask engine: articles spread over the workers of a Dask cluster, the batch-wide steps on the client.

The checker goes to each worker once (scattered), so a worker compiles the glossary and loads the fluency model once
for all the articles it is given, through the same library API as a local run; each task is a run of consecutive
articles. Without a scheduler address a local cluster is started for the run, one single-threaded worker process
per CPU (or per --jobs, as many as the batch is worth). Workers of an existing cluster must be able to read the
glossary, pattern and model files at the paths the client reads them (made absolute: a worker's own folder is not
the run's), with the same contents, and run the same mtqa: each worker compares them with the client's before its
first article, and a difference is the run's one error line, not a report of other findings.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from itertools import chain, islice
from typing import TYPE_CHECKING

from mtqa.display import clipped, warnings_kept
from mtqa.engines.dask_inputs import WorkersCheck
from mtqa.engines.failures import guarded, unwrapped
from mtqa.engines.local import (
    CHUNKS_PER_WORKER,
    characters,
    chunks_of,
    finished_one_behind,
    windows,
    workers_worth_starting,
)
from mtqa.errors import MtqaError
from mtqa.model import Document
from mtqa.pipeline import ArticleAnalysis

if TYPE_CHECKING:
    from mtqa.checker import Checker

CONNECT_TIMEOUT_S = 30
# How long a scheduler has to answer a new client, its connection included: Dask's connect timeout ends once the TCP
# connection is made, and a server that accepts and stays silent (a dashboard's HTTP port) kept its handshake waiting
# for ever. Longer than the connect timeout, so that a connection never made is told by Dask's own error, not as a
# silent server.
ANSWER_TIMEOUT_S = CONNECT_TIMEOUT_S + 10
# How long the plain TCP connection made before the client's may take: a slower one is left to Dask's connect.
PROBE_TIMEOUT_S = 5
# How long a refused connection is tried again: a scheduler started a moment before the run may not listen yet.
STARTING_SCHEDULER_S = 5
# How long Ctrl-C may wait for a local cluster's worker processes to be started (not yet ready): milliseconds
# as a rule. Past it, a process started later only takes Ctrl-C as well.
SPAWN_WAIT_S = 5
# How long a local cluster's workers may take to start (import their libraries, reach the scheduler) before the run
# gives up with an error: a worker that fails to start is only logged by the cluster, which would wait for ever.
START_TIMEOUT_S = 120
# Imported by every local worker process as it starts, a restarted one included.
WORKER_SETUP = "mtqa.engines.dask_worker_setup"
# Each later window's chunks rank this much lower than the window before's: more than any window's characters.
WINDOW_PRIORITY_STEP = 1 << 48
LOOPBACK = "127.0.0.1"  # where a local cluster listens (Dask's own default for it)


def dask_analyses(checker: Checker, documents: Iterable[Document]) -> list[ArticleAnalysis]:
    """Every article's analysis, in batch order. The batch is read a window at a time, as the local engine reads it,
    and each window spread over the workers: an archive is never held whole before it is checked, and of a bad line
    and an error the checks meet, the one a run of one process meets first is told."""
    stream = iter(documents)
    # A local cluster gets as many workers as the batch is worth, as the local engine's pool does.
    local_workers, ahead = workers_worth_starting(checker, stream)
    ahead = ahead or list(islice(stream, 1))
    if not ahead:
        return []
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise MtqaError("--engine dask needs Dask: pip install 'mtqa[dask]'") from None

    with _client(checker, local_workers, Client, LocalCluster) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        # Not named by its contents: two equal checkers of two checks at once would be one object on the workers,
        # whose per-check state (warnings said, a cache given up) one check would take over from the other.
        shared = _sent_to_workers(client, WorkersCheck.of(checker))
        analyses: list[ArticleAnalysis] = []
        # With fluency on the batch is one window, as with the local engine.
        started = (_window_started(checker, client, shared, chunks_of(window, workers * CHUNKS_PER_WORKER), number)
                   for number, window in enumerate(windows(chain(ahead, stream),
                                                           whole=checker.config.fluency is not False)))
        for window_analyses in finished_one_behind(started):  # the next window read while the workers check one
            analyses += window_analyses
        return analyses


def _sent_to_workers(client, check: WorkersCheck):
    """The check scattered to every worker. A worker that cannot load it (without mtqa, or another one that lacks
    what it names) fails the scatter, or leaves it waiting for ever: either is the run's one error line."""
    try:
        # Dask's own timeout bounds the wait for workers, not for a worker that never answers: the whole call has one.
        return client.sync(client._scatter, check, broadcast=True, hash=False, timeout=CONNECT_TIMEOUT_S,
                           callback_timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError):
        raise MtqaError(f"the Dask workers did not take this run's checker within {CONNECT_TIMEOUT_S} s: does every "
                        "worker run this run's mtqa? (give the workers the run's own install)") from None
    except Exception as error:  # noqa: BLE001 - what a worker raised as it unpickled the checker
        raise MtqaError(f"a Dask worker cannot load this run's checker ({type(error).__name__}: "
                        f"{clipped(str(error))}): give the workers the run's own install") from None


def _window_started(checker: Checker, client, shared, chunks: list[list[Document]], number: int = 0
                    ) -> Callable[[], list[ArticleAnalysis]]:
    """The chunks of the window `number` submitted to the workers; what it returns waits for their analyses, in
    batch order."""
    # An earlier window's chunks first (it is the one waited for), then the longest first, as the local engine sends
    # them: a long article left to the end keeps one worker busy alone.
    futures = [client.submit(_analyse_on_worker, shared, chunk, pure=False,
                             priority=characters(chunk) - number * WINDOW_PRIORITY_STEP)
               for chunk in chunks]
    return lambda: _window_finished(checker, client, futures)


def _window_finished(checker: Checker, client, futures: list) -> list[ArticleAnalysis]:
    from distributed import as_completed

    try:
        # Waited for here, not in client.gather: Ctrl-C or SIGTERM inside gather leaves a waiting task per chunk in
        # the client's event loop, each printing an "exception was never retrieved" traceback.
        for _ in as_completed(futures):
            pass
    except BaseException:
        with contextlib.suppress(Exception):  # what stopped the run is what it reports
            client.cancel(futures)
        raise
    analyses = []
    for future in futures:
        try:
            outcome, warnings = future.result()
        except CancelledError:
            raise MtqaError("the Dask cluster dropped this run's articles (its workers lost, and with them the "
                            "checker sent to them): run it again") from None
        except Exception as error:  # noqa: BLE001 - the checks' own errors come back as values: this is the cluster's
            raise MtqaError(f"a Dask worker could not run this run's articles ({type(error).__name__}: "
                            f"{clipped(str(error))})") from None
        for message in warnings:  # each once, as a run of one process says it
            checker.warn_once(message)
        analyses += unwrapped(outcome)
    return analyses


def _client(checker: Checker, local_workers: int, client_type, cluster_type):
    address = checker.config.scheduler
    if address:
        _check_address(address)
        _check_listening(address)
    try:
        if address:
            return _Closing(_with_workers(_connected(client_type, address), address))
        return _local_cluster_client(local_workers, client_type, cluster_type)
    except OSError as error:  # Dask's connect timeout, a connection reset
        where = f"the Dask scheduler at {address}" if address else "a local Dask cluster"
        raise MtqaError(f"cannot reach {where}: {error}") from None


def _connected(client_type, address: str):
    """A client of the scheduler at `address`. What answers there may be no Dask scheduler (another service, whose
    first bytes Dask reads as a frame's length and fails to allocate, or that never answers) or need what the run
    lacks (TLS settings)."""

    class Client(client_type):  # Dask's own name: the scheduler knows a client by it
        def start(self, **options):
            try:  # the client starts (connects, and waits for the handshake) as it is made: the deadline is here
                super().start(**options, callback_timeout=ANSWER_TIMEOUT_S)
            except BaseException:
                _close_after_failure(self)  # else its event loop's thread goes on, waiting on the silent server
                # A client whose own start failed (Dask's connect timeout) has closed itself, and its close then
                # leaves the loop's thread running: a library caller would keep one per failed run.
                with contextlib.suppress(Exception):
                    self._loop_runner.stop()
                raise

    try:
        return Client(address, timeout=CONNECT_TIMEOUT_S)
    except TimeoutError:  # the deadline's: Dask's connect timeout is a plain OSError, which the caller words
        raise MtqaError(f"no Dask scheduler answered at {address} within {ANSWER_TIMEOUT_S} s (is it the "
                        "scheduler's port, such as 8786, not its dashboard's?)") from None
    except (MemoryError, ValueError, TypeError) as error:
        raise MtqaError(f"no Dask scheduler this run can use answers at {address} "
                        f"({type(error).__name__}: {clipped(str(error))})") from None


def _with_workers(client, address: str):
    """The client, once its scheduler has a worker: the checker is sent to every worker before any article, and a
    scheduler without one would keep the run waiting, then fail it with Dask's own words."""
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
    except TimeoutError:
        _close_after_failure(client)
        raise MtqaError(f"the Dask scheduler at {address} has no workers (none joined within {CONNECT_TIMEOUT_S} s):"
                        f" start some with `dask worker {address}`") from None
    return client


def _check_address(address: str) -> None:
    """Refused before a client is made: one made with an address it cannot parse lingers, and a minute later prints
    a traceback from its finaliser."""
    from distributed.comm import get_address_host_port, parse_address

    try:
        if parse_address(address)[0] != "inproc":  # an in-process cluster's address has no port
            port = get_address_host_port(address)[1]
            if not 0 < port < 65536:
                raise ValueError(f"no such port: {port}")
    except ValueError as error:
        raise MtqaError(f"--scheduler {address!r} is not a Dask scheduler address such as tcp://host:8786 "
                        f"({error})") from None


def _check_listening(address: str) -> None:
    """A TCP address where nothing listens (for a few seconds: a scheduler may be starting), or whose host name does
    not resolve, refused with one line: Dask retries both until its connect timeout, and says so only then. Other
    schemes (TLS) are left to Dask."""
    from distributed.comm import get_address_host_port, parse_address

    if parse_address(address)[0] != "tcp":  # one without a scheme takes Dask's default: TCP, as a rule
        return
    host, port = get_address_host_port(address)
    given_up_at = time.monotonic() + STARTING_SCHEDULER_S
    while True:
        try:
            error = _connection_error(host, port)
        except socket.gaierror as failure:
            raise MtqaError(f"cannot reach the Dask scheduler at {address}: its host does not resolve "
                            f"({failure.strerror})") from None
        except UnicodeError:  # a name the IDNA codec refuses: an empty label, or one of over 63 characters
            raise MtqaError(f"cannot reach the Dask scheduler at {address}: its host is not a valid name") from None
        if error is None:
            return
        if not isinstance(error, ConnectionRefusedError):
            raise MtqaError(f"cannot reach the Dask scheduler at {address}: {error.strerror or error}") from None
        if time.monotonic() >= given_up_at:
            raise MtqaError(f"cannot reach the Dask scheduler at {address}: nothing listens there") from None
        time.sleep(0.25)


def _connection_error(host: str, port: int) -> OSError | None:
    """Why no plain TCP connection to the host's addresses can be made, or None where one can (or takes so long that
    Dask's connect timeout decides). A refusal at any of them is the answer: a scheduler may be starting there, where
    its other address (IPv6 beside IPv4) is out of reach."""
    error = None
    for family, kind, protocol, _, where in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        try:
            with socket.socket(family, kind, protocol) as probe:
                probe.settimeout(PROBE_TIMEOUT_S)
                probe.connect(where)
            return None
        except TimeoutError:
            return None  # a slow network, or one that drops the connection
        except OSError as failure:
            if error is None or isinstance(failure, ConnectionRefusedError):
                error = failure
    return error


def _local_cluster_client(workers: int, client_type, cluster_type):
    """A client of a local cluster of `workers` processes that leave Ctrl-C to the run. They share the run's
    terminal, which sends Ctrl-C to every process of it: a worker process that took it would end with a traceback
    of its own, and one still starting would fail the cluster's start with another. The run ends them as it ends."""
    _refuse_without_semaphores()
    cluster = cluster_type(n_workers=0, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.CRITICAL,  # errors reach the run as its own one line
                           # A restarted worker ignores Ctrl-C too.
                           **_preloads_with(WORKER_SETUP),
                           # The scheduler serves its HTTP routes (health, metrics) even without a dashboard, on
                           # port 8787 if free: else it warns on stderr that a cluster may be running already.
                           scheduler_kwargs={"dashboard_address": f"{LOOPBACK}:0"})
    client = client_type(cluster)
    try:
        # The cluster logs a worker that fails to start with its traceback; the run says so in one line.
        with contextlib.nullcontext() if os.environ.get("MTQA_DEBUG") else library_logs_quiet():
            with _ctrl_c_ignored_by_new_processes():
                processes = len(multiprocessing.active_children())
                cluster.scale(workers)
                _wait_for_processes(cluster, processes + workers)
            _wait_for_workers(client, cluster, workers)
    except BaseException:
        _close_after_failure(client, cluster)
        raise
    return _Closing(client, cluster)


def _refuse_without_semaphores() -> None:
    """The local cluster's worker processes are started through multiprocessing, which needs the system's named
    semaphores: where it refuses them (a container's read-only /dev/shm), every worker failed to start, and the run
    said so with advice for scripts that did not apply."""
    try:
        multiprocessing.get_context("spawn").Lock()
    except OSError as error:
        raise MtqaError(f"cannot start a local Dask cluster: this system refuses its worker processes the semaphores "
                        f"they need ({error.strerror or error}); check with the local engine (--engine local), "
                        "which then checks in the one process") from None


def _preloads_with(module: str) -> dict[str, list]:
    """The cluster's worker preloads: those of the user's Dask configuration (a list given to the cluster replaces
    them), then `module`; with their arguments where the configuration gives each preload its own list."""
    import dask

    preloads = dask.config.get("distributed.worker.preload", None) or []
    preloads = [preloads] if isinstance(preloads, str) else list(preloads)
    arguments = dask.config.get("distributed.worker.preload-argv", None) or []
    options: dict[str, list] = {"preload": [*preloads, module]}
    if arguments and not isinstance(arguments[0], str):  # one list per preload: none for mtqa's own
        options["preload_argv"] = [*arguments, []]
    return options


@contextlib.contextmanager
def _ctrl_c_ignored_by_new_processes() -> Iterator[None]:
    """Ctrl-C ignored by this process, and so by the processes it starts meanwhile: they are started afresh
    (spawned), which keeps an ignored signal ignored, where a handler of the run's would be reset. A Ctrl-C in this
    short while (the processes are started, not waited for) is lost, as pressed before the run. Only the main thread
    may set a handler: from another thread (a library caller's), the processes take Ctrl-C as before."""
    previous = signal.getsignal(signal.SIGINT)
    if previous in (signal.SIG_IGN, None) or threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    except SystemExit:  # SIGTERM's answer: the run is ending, and keeps Ctrl-C ignored (mtqa.signals)
        raise
    except BaseException:
        signal.signal(signal.SIGINT, previous)
        raise
    signal.signal(signal.SIGINT, previous)


def _wait_for_workers(client, cluster, count: int) -> None:
    """Until the cluster's `count` workers have joined; an error as soon as one fails to start (the cluster only
    logs it, and would wait for ever), or past START_TIMEOUT_S."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        with contextlib.suppress(TimeoutError):
            client.wait_for_workers(count, timeout=0.25)
            return
        _refuse_failed_start(cluster)
        if time.monotonic() > deadline:
            raise MtqaError(f"the local Dask cluster's workers did not start within {START_TIMEOUT_S} s")


def _wait_for_processes(cluster, count: int) -> None:
    """Until this process has `count` processes of its own (the cluster starts them in its own thread)."""
    deadline = time.monotonic() + SPAWN_WAIT_S
    while len(multiprocessing.active_children()) < count and time.monotonic() < deadline:
        _refuse_failed_start(cluster)
        time.sleep(0.005)


def _refuse_failed_start(cluster) -> None:
    from distributed.core import Status

    if any(worker.status == Status.failed for worker in cluster.workers.values()):
        raise MtqaError("a worker of the local Dask cluster failed to start (MTQA_DEBUG=1 shows the cluster's log; a "
                        "script that checks with the Dask engine must do so under `if __name__ == \"__main__\":`, "
                        "as each worker starts by running the script's top level)")


class _Closing:
    """A client, and the local cluster it owns if any, closed as the run leaves it."""

    def __init__(self, client, *owned) -> None:
        self.client, self.owned = client, owned

    def __enter__(self):
        return self.client

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            for each in (self.client, *self.owned):
                each.close()
        else:
            _close_after_failure(self.client, *self.owned)


def _close_after_failure(*closable) -> None:
    """Close what a failed or interrupted run opened, quietly: the run ends with its own one line. A client or
    cluster closed just after Ctrl-C stopped one of its calls may fail to close, and the scheduler of a local
    cluster logs the work it loses as its workers go."""
    with library_logs_quiet():
        for each in closable:
            with contextlib.suppress(Exception):
                each.close()


# Dask's own, the web server's under it, and asyncio's ("Task exception was never retrieved").
LIBRARY_LOGGERS = ("distributed", "tornado", "asyncio")


@contextlib.contextmanager
def library_logs_quiet() -> Iterator[None]:
    """The Dask, tornado and asyncio loggers (and those under them) silent meanwhile, and as they were after."""
    was = silence_library_logs()
    try:
        yield
    finally:
        for logger, disabled in was:
            logger.disabled = disabled


def silence_library_logs() -> list[tuple[logging.Logger, bool]]:
    """Silence the Dask, tornado and asyncio loggers; whether each was silent before. A process that ends after an
    interrupted run calls it for good: its client's event loop logs the tasks it dropped as they are collected.

    Loggers are switched off by their `disabled` flag, not their level: setting a level takes the logging module's
    lock without releasing it should SIGTERM's exception arrive meanwhile, and the cluster's thread, waiting for that
    lock, would never close the cluster."""
    loggers = [logger for name, logger in list(logging.root.manager.loggerDict.items())
               if isinstance(logger, logging.Logger) and name.startswith(LIBRARY_LOGGERS)]
    was = [(logger, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.disabled = True
    return was


# A worker started with several threads (`dask worker`'s default) runs several tasks at once, but its checker's
# fluency model, sentence cache and memos are one per process: its runs of articles are checked one at a time.
_ONE_RUN_AT_A_TIME = threading.Lock()


def _analyse_on_worker(check: WorkersCheck, documents: list[Document]) -> tuple[object, list[str]]:
    """The articles' analyses, or the error that stopped them, and the warnings said meanwhile. Both go back to the
    client: an error raised here would be logged with its traceback on the worker's stderr, and a warning printed
    here would reach the run's terminal only from a local cluster, once per worker."""
    with _ONE_RUN_AT_A_TIME, warnings_kept() as warnings:
        return guarded(lambda: check.analyse(documents)), warnings
