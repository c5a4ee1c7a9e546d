"""`--engine dask`: the articles mapped over the workers of a Dask cluster, the batch steps on the client, and the
same report as the local engine."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_library_api import comparable, corpus_batch, corpus_checker, golden
from test_scale_hostile import _state, children_of

import mtqa
import mtqa.checker
import mtqa.engines.dask_engine
import mtqa.engines.local
import mtqa.errors
from mtqa.cli import cli

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")
ROOT = Path(__file__).resolve().parent.parent


def test_an_existing_two_worker_cluster_gives_the_local_report():
    documents = corpus_batch(3)
    local = corpus_checker(use_cache=False).check(documents)
    with (distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                   dashboard_address=None) as cluster,
          distributed.Client(cluster) as client, distributed.get_task_stream(client) as tasks):
        report = corpus_checker(engine="dask", scheduler=cluster.scheduler_address, use_cache=False).check(documents)
    assert report == local
    assert len({task["worker"] for task in tasks.data if task["key"].startswith("_analyse_on_worker")}) == 2


def test_the_command_line_starts_a_local_cluster(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    output = tmp_path / "dask.json"
    result = CliRunner().invoke(cli, ["check", "--no-fluency", "--no-cache", "--engine", "dask", "--jobs", "2",
                                      "--json", str(output), "tests/corpus/articles",
                                      "--glossary", "tests/corpus/glossary.yaml"], catch_exceptions=False)
    assert result.exit_code == 1, result.output  # the corpus fails the gate, as it does locally
    assert comparable(output.read_text(encoding="utf-8")) == golden("corpus")


def _has_ipv6_loopback() -> bool:
    try:
        socket.create_server(("::1", 0), family=socket.AF_INET6).close()
    except OSError:
        return False
    return True


IPV6 = pytest.mark.skipif(not _has_ipv6_loopback(), reason="no IPv6 loopback here")


@pytest.mark.parametrize("address, reason", [
    ("tcp://127.0.0.1:9", "nothing listens there"),
    pytest.param("tcp://[::1]:9", "nothing listens there", marks=IPV6),
    ("127.0.0.1:9", "nothing listens there"),  # Dask's default scheme, TCP
    ("tcp://no-such-host.invalid:8786", "its host does not resolve ("),  # and the system's words
    ("tcp://a..b:8786", "its host is not a valid name"),  # it was "unexpected UnicodeError"
])
def test_a_scheduler_that_cannot_be_reached_is_one_error_line_at_once(address, reason, monkeypatch):
    # Dask retries a refused connection, and a host name that does not resolve, for its whole connect timeout (30 s)
    # before it says so. A refused connection is tried again for a moment (a scheduler may be starting): 1 s here.
    monkeypatch.setattr(mtqa.engines.dask_engine, "STARTING_SCHEDULER_S", 1)
    began = time.monotonic()
    result = CliRunner().invoke(cli, ["check", "--no-fluency", "--engine", "dask", "--scheduler", address,
                                      str(ROOT / "seeds")])
    assert result.exit_code == 2 and len(result.output.splitlines()) == 1
    assert result.output.startswith(f"mtqa: error: cannot reach the Dask scheduler at {address}: {reason}")
    assert time.monotonic() - began < 10


def test_a_scheduler_that_starts_listening_a_moment_after_the_run_is_waited_for(monkeypatch):
    # `dask scheduler & mtqa check --scheduler ...`: the scheduler's port opens a second or so after the run starts.
    monkeypatch.setattr(mtqa.engines.dask_engine, "ANSWER_TIMEOUT_S", 1)
    listening = threading.Event()
    with closed_port() as scheduler:

        def listen_later():
            time.sleep(1)
            scheduler.listen()  # it takes connections and never answers
            listening.set()

        threading.Thread(target=listen_later, daemon=True).start()
        address = f"tcp://127.0.0.1:{scheduler.getsockname()[1]}"
        result = CliRunner().invoke(cli, ["check", "--no-fluency", "--engine", "dask", "--scheduler", address,
                                          str(ROOT / "seeds")])
    assert listening.is_set()
    assert result.output.splitlines() == [no_answer_line(address)]  # past the refused connections, to Dask's start


def test_a_system_without_semaphores_for_workers_is_one_error_line_saying_so(monkeypatch):
    # A container whose /dev/shm is read-only: every local worker failed to start, and the line advised a script's
    # `if __name__ == "__main__":`.
    class NoSemaphores:
        def Lock(self):  # noqa: N802 - multiprocessing's name
            raise OSError(30, "Read-only file system")

    monkeypatch.setattr(mtqa.engines.dask_engine.multiprocessing, "get_context", lambda method=None: NoSemaphores())
    result = CliRunner().invoke(cli, ["check", "--no-fluency", "--engine", "dask", "--jobs", "2", str(ROOT / "seeds")])
    assert (result.exit_code, result.output.splitlines()) == (2, [
        "mtqa: error: cannot start a local Dask cluster: this system refuses its worker processes the semaphores they "
        "need (Read-only file system); check with the local engine (--engine local), which then checks in the one "
        "process"])


def test_an_input_error_inside_a_worker_is_one_error_line_and_no_worker_log(tmp_path, monkeypatch, capfd):
    (tmp_path / "bad.yaml").write_text('patterns:\n  - id: x\n    pattern: "(unclosed"\n', encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text('boilerplate-patterns = ["bad.yaml"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-fluency", "--no-cache", "--engine", "dask", "--jobs", "2",
                                      str(ROOT / "tests" / "corpus" / "articles")])
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"mtqa: error: {tmp_path / 'bad.yaml'}:2: bad regular expression "
                                          "(missing ) at position 9) (entry 'x')"]
    assert capfd.readouterr().err == ""  # nothing from the workers' logs


@pytest.mark.parametrize("address", ["bogus", "http://host:8786", "tcp://[::1", "tcp://127.0.0.1:99999"])
def test_a_scheduler_address_dask_cannot_read_is_one_error_line(address):
    result = CliRunner().invoke(cli, ["check", "--no-fluency", "--engine", "dask", "--scheduler", address,
                                      str(ROOT / "seeds")])
    assert result.exit_code == 2
    assert result.output.startswith(f"mtqa: error: --scheduler '{address}' is not a Dask scheduler address")
    assert len(result.output.splitlines()) == 1


def test_a_service_that_is_no_dask_scheduler_is_one_error_line_not_out_of_memory():
    # Another service's first bytes (an SSH banner) were read as a message's length: "out of memory".
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def banner():
        with contextlib.suppress(OSError):
            while True:
                connection, _ = listener.accept()
                connection.sendall(b"SSH-2.0-OpenSSH_9.6\r\n" * 4)

    threading.Thread(target=banner, daemon=True).start()
    try:
        result = CliRunner().invoke(cli, ["check", "--no-fluency", "--engine", "dask", "--scheduler",
                                          f"tcp://127.0.0.1:{port}", str(ROOT / "seeds")])
    finally:
        listener.close()
    assert result.exit_code == 2
    assert len(result.output.splitlines()) == 1 and "memory" not in result.output, result.output
    assert result.output.startswith("mtqa: error: ") and f"127.0.0.1:{port}" in result.output


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *arguments) -> None:  # on the stderr the command line's result is read from
        pass


@contextlib.contextmanager
def server_that_never_answers(kind: str, host: str = "127.0.0.1") -> Iterator[int]:
    """The port of a server that takes connections and never answers a Dask client: a web server (as a dashboard
    is), whose reply Dask's handshake does not take for one, or a listening socket whose connections no one reads."""
    if kind == "http":
        server = http.server.ThreadingHTTPServer((host, 0), _QuietHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield server.server_address[1]
        finally:
            server.shutdown()
            server.server_close()
    else:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.create_server((host, 0), family=family) as listener:  # the kernel accepts them for it
            yield listener.getsockname()[1]


def no_answer_line(address: str) -> str:
    return (f"mtqa: error: no Dask scheduler answered at {address} within 1 s (is it the scheduler's port, such as "
            "8786, not its dashboard's?)")


@pytest.mark.parametrize("kind, host, address", [
    ("http", "127.0.0.1", "tcp://127.0.0.1:{port}"),
    ("silent", "127.0.0.1", "tcp://127.0.0.1:{port}"),
    # Addresses of each form get past the probe to Dask.
    ("silent", "127.0.0.1", "127.0.0.1:{port}"),
    pytest.param("silent", "::1", "tcp://[::1]:{port}", marks=IPV6),
])
def test_a_server_that_never_answers_is_one_error_line_within_the_deadline(monkeypatch, kind, host, address):
    # The dashboard's port given for the scheduler's: the connection is made, and Dask's handshake waited for the
    # reply for ever (its connect timeout ends with the connection).
    monkeypatch.setattr(mtqa.engines.dask_engine, "ANSWER_TIMEOUT_S", 1)
    loops_before = {thread for thread in threading.enumerate() if thread.name == "IO loop"}
    with server_that_never_answers(kind, host) as port:
        address = address.format(port=port)
        began = time.monotonic()
        result = CliRunner().invoke(cli, ["check", "--no-fluency", "--engine", "dask", "--scheduler", address,
                                          str(ROOT / "seeds")])
        took = time.monotonic() - began
    assert (result.exit_code, result.output.splitlines()) == (2, [no_answer_line(address)])
    assert took < 10
    # The half-made client is closed: its event loop's thread would go on waiting.
    wait_until(lambda: {thread for thread in threading.enumerate() if thread.name == "IO loop"} <= loops_before, 10)


def test_the_command_line_ends_at_once_after_a_server_that_never_answers():
    # Nothing the failed client started keeps the process from ending after its error line.
    with server_that_never_answers("silent") as port:
        began = time.monotonic()
        done = subprocess.run([sys.executable, "-c", "import mtqa.engines.dask_engine as engine; "
                               "engine.ANSWER_TIMEOUT_S = 1; from mtqa.cli import main; main()", "check",
                               "--no-fluency", "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}", "seeds"],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        took = time.monotonic() - began
    assert (done.returncode, done.stderr.splitlines()) == (2, [no_answer_line(f"tcp://127.0.0.1:{port}")])
    assert took < 15  # the imports, the second's deadline, and no wait after


def test_a_probe_that_times_out_says_nothing(monkeypatch):
    class SlowSocket(socket.socket):
        def connect(self, address):
            raise TimeoutError("timed out")

    monkeypatch.setattr(socket, "socket", SlowSocket)
    assert mtqa.engines.dask_engine._connection_error("127.0.0.1", 9) is None


def closed_port() -> socket.socket:
    """A socket holding a port where nothing listens (bound, not listening): connections to it are refused."""
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    return holder


@pytest.mark.parametrize("refused_first", [True, False])
def test_a_refusal_at_any_of_a_hosts_addresses_is_the_probes_answer(monkeypatch, refused_first):
    # A name with an IPv4 and an IPv6 address: the scheduler starting on the first, the second out of reach. The
    # system's connect reported the last address's error only, and the run did not wait for the scheduler.
    with closed_port() as holder:
        refused = (socket.AF_INET, socket.SOCK_STREAM, 0, "", holder.getsockname())
        unusable = (socket.AF_INET6, socket.SOCK_STREAM, 0, "", ("fe80::1", 9, 0, 0))  # no scope: EINVAL at once
        addresses = [refused, unusable] if refused_first else [unusable, refused]
        monkeypatch.setattr(socket, "getaddrinfo", lambda *arguments, **options: addresses)
        assert isinstance(mtqa.engines.dask_engine._connection_error("dual.example", 9), ConnectionRefusedError)
        monkeypatch.setattr(mtqa.engines.dask_engine, "STARTING_SCHEDULER_S", 0.5)
        result = CliRunner().invoke(cli, ["check", "--no-fluency", "--engine", "dask", "--scheduler",
                                          "tcp://dual.example:9", str(ROOT / "seeds")])
    assert result.output.splitlines() == ["mtqa: error: cannot reach the Dask scheduler at tcp://dual.example:9: "
                                          "nothing listens there"]


def test_a_client_whose_connect_times_out_leaves_no_thread(monkeypatch):
    # Dask's own connect timeout (no probe: the library's call): the client closes itself, and its close left its
    # event loop's thread running, one more for each failed run of a long-lived caller.
    import distributed

    monkeypatch.setattr(mtqa.engines.dask_engine, "CONNECT_TIMEOUT_S", 1)
    loops_before = {thread for thread in threading.enumerate() if thread.name == "IO loop"}
    with closed_port() as holder, pytest.raises(OSError, match="Timed out trying to connect"):
        mtqa.engines.dask_engine._connected(distributed.Client, f"tcp://127.0.0.1:{holder.getsockname()[1]}")
    wait_until(lambda: {thread for thread in threading.enumerate() if thread.name == "IO loop"} <= loops_before, 10)


def test_a_connection_slower_than_the_probe_is_left_to_dask(monkeypatch):
    # A slow network may take longer than the probe waits, and a scheduler there still answer Dask's own connect.
    monkeypatch.setattr(mtqa.engines.dask_engine, "ANSWER_TIMEOUT_S", 1)
    monkeypatch.setattr(mtqa.engines.dask_engine, "_connection_error", lambda host, port: None)
    with server_that_never_answers("silent") as port:
        result = CliRunner().invoke(cli, ["check", "--no-fluency", "--engine", "dask", "--scheduler",
                                          f"tcp://127.0.0.1:{port}", str(ROOT / "seeds")])
    assert result.output.splitlines() == [no_answer_line(f"tcp://127.0.0.1:{port}")]  # Dask's connection was made


@pytest.mark.parametrize("failure, said", [
    (TimeoutError(), "did not take this run's checker within"),  # a worker that cannot unpickle it: a wait
    (ModuleNotFoundError("No module named 'mtqa'"), "cannot load this run's checker (ModuleNotFoundError"),
])
def test_workers_that_cannot_load_the_checker_are_one_error_line(failure, said):
    scattered = []

    class Client:
        async def _scatter(self, data, **options):
            raise failure

        def sync(self, function, data, **options):
            scattered.append(options)
            function(data, **options).close()  # Dask's loop would run it
            raise failure

    with pytest.raises(mtqa.errors.MtqaError, match=said.replace("(", r"\(")):
        mtqa.engines.dask_engine._sent_to_workers(Client(), None)
    timeout = mtqa.engines.dask_engine.CONNECT_TIMEOUT_S
    assert scattered == [{"broadcast": True, "hash": False, "timeout": timeout, "callback_timeout": timeout}]


@pytest.mark.parametrize("failure, said", [
    (distributed.client.FutureCancelledError("x", "already forgotten"), "dropped this run's articles"),
    (ImportError("cannot import name '__version__' from 'mtqa'"), "could not run this run's articles (ImportError"),
])
def test_articles_a_cluster_drops_or_cannot_run_are_one_error_line(monkeypatch, failure, said):
    # Every worker lost mid-run, the checker with them: "unexpected FutureCancelledError".
    class Lost:
        def result(self):
            raise failure

    monkeypatch.setattr(distributed, "as_completed", iter)
    with pytest.raises(mtqa.errors.MtqaError, match=said.replace("(", r"\(")):
        mtqa.engines.dask_engine._window_finished(corpus_checker(use_cache=False), None, [Lost()])


# A run on a local cluster whose workers stall in their first article. The workers are started afresh (spawned):
# each runs this file again as its main module, without the command line, and so stalls too.
STALLING_RUNNER = textwrap.dedent("""
    import os, pathlib, signal, sys, time
    import mtqa.pipeline as pipeline
    check = pipeline.analyse_article

    def analyse_article(document, glossary, options):
        pathlib.Path(os.environ["STALLED_MARK"]).touch()
        time.sleep(600)

    pipeline.analyse_article = analyse_article
    import mtqa.engines.local as local
    local.MIN_CHARACTERS_PER_WORKER = 1  # the corpus is small: its run starts the two workers of a large batch
    if __name__ == "__main__":
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a background job starts with Ctrl-C ignored
        from mtqa.cli import main
        main()
""")


@pytest.fixture
def stalling_run(tmp_path: Path) -> Iterator[Callable[[], subprocess.Popen]]:
    """Starts the stalling run, in a session of its own; whatever a failed test leaves of it is killed after."""
    runs: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        runner = tmp_path / "runner.py"
        runner.write_text(STALLING_RUNNER, encoding="utf-8")
        env = {**os.environ, "STALLED_MARK": str(tmp_path / "stalled"), "MTQA_NO_CACHE": "1"}
        runs.append(subprocess.Popen(
            [sys.executable, str(runner), "check", "--no-fluency", "--engine", "dask", "--jobs", "2",
             str(ROOT / "tests" / "corpus" / "articles"), "--json", str(tmp_path / "report.json")],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True))
        return runs[-1]

    yield start
    for run in runs:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)  # the run and its workers: they stall for ten minutes
        run.wait()
        run.stdout.close()
        run.stderr.close()


def worker_processes(run: subprocess.Popen) -> list[int]:
    """The run's children that are Dask's worker processes, not multiprocessing's resource tracker."""
    workers = []
    for pid in children_of(run.pid):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue  # ended between being listed and being looked at: a killed worker being reaped
        if b"resource_tracker" not in command:
            workers.append(pid)
    return workers


def wait_until(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert condition()


def assert_ended_with_one_line(run: subprocess.Popen, tmp_path: Path, code: int, line: str,
                               workers: list[int]) -> None:
    assert run.wait(30) == code
    assert [text for text in run.communicate()[1].splitlines() if text.strip()] == [line]
    assert not (tmp_path / "report.json").exists()
    wait_until(lambda: not any(Path(f"/proc/{pid}").exists() and _state(pid) != "Z" for pid in workers), 10)


@pytest.mark.parametrize("signal_number, code, line", [
    (signal.SIGINT, 130, "mtqa: interrupted"),
    (signal.SIGTERM, 143, "mtqa: terminated"),
])
def test_a_signal_to_the_terminal_ends_a_local_cluster_run_with_one_line(tmp_path, stalling_run, signal_number, code,
                                                                        line):
    # Ctrl-C reaches every process of the terminal: each Dask worker printed a KeyboardInterrupt traceback, and the
    # client one "Task exception was never retrieved" traceback per chunk of articles it was waiting for.
    run = stalling_run()
    wait_until(lambda: (tmp_path / "stalled").exists())
    workers = worker_processes(run)
    os.killpg(run.pid, signal_number)
    assert_ended_with_one_line(run, tmp_path, code, line, workers)


def test_ctrl_c_while_the_local_cluster_starts_ends_the_run_with_one_line(tmp_path, stalling_run):
    # The worker processes exist and are still starting: each printed a KeyboardInterrupt traceback, and the
    # cluster's start failed with another ("Nanny failed to start").
    run = stalling_run()
    wait_until(lambda: len(worker_processes(run)) >= 2)
    workers = worker_processes(run)
    time.sleep(0.3)  # started, not yet ready: a Dask worker takes about a second to import its libraries
    assert not (tmp_path / "stalled").exists()
    os.killpg(run.pid, signal.SIGINT)
    assert_ended_with_one_line(run, tmp_path, 130, "mtqa: interrupted", workers)


def test_a_worker_restarted_by_its_nanny_leaves_ctrl_c_to_the_run(tmp_path, stalling_run):
    # A worker that died mid-run (killed, out of memory) is started again by its nanny while the run answers Ctrl-C
    # itself: the new worker took Ctrl-C and printed its own KeyboardInterrupt traceback.
    run = stalling_run()
    wait_until(lambda: (tmp_path / "stalled").exists())
    first = worker_processes(run)
    os.kill(first[0], signal.SIGKILL)

    def restarted() -> list[int]:
        return [pid for pid in worker_processes(run) if pid not in first and _ignores_ctrl_c(pid)]

    wait_until(restarted)
    os.killpg(run.pid, signal.SIGINT)
    assert_ended_with_one_line(run, tmp_path, 130, "mtqa: interrupted", first + restarted())


@pytest.mark.parametrize("arguments", [None, [["--mark", "given"]], ["--mark", "given"]])
def test_the_worker_preloads_of_the_users_dask_configuration_still_run(tmp_path, monkeypatch, arguments):
    # mtqa gives its local workers a preload of its own; a list given to the cluster replaces the configured one,
    # and a configured list of arguments per preload must still match the preloads one for one.
    (tmp_path / "own_preload.py").write_text(textwrap.dedent("""
        import os, pathlib
        import click

        @click.command()
        @click.option("--mark", default="none")
        def dask_setup(worker, mark):
            pathlib.Path(os.environ["PRELOAD_MARKS"], f"{mark}-{os.getpid()}").touch()
    """), encoding="utf-8")
    marks = tmp_path / "marks"
    marks.mkdir()
    monkeypatch.setenv("PRELOAD_MARKS", str(marks))
    monkeypatch.setattr(mtqa.engines.local, "MIN_CHARACTERS_PER_WORKER", 1)  # two workers for the small corpus
    documents = corpus_batch()
    configured = {"distributed.worker.preload": [str(tmp_path / "own_preload.py")]}
    if arguments is not None:
        configured["distributed.worker.preload-argv"] = arguments
    with dask.config.set(configured):
        report = corpus_checker(engine="dask", jobs=2, use_cache=False).check(documents)
    assert report == corpus_checker(use_cache=False).check(documents)
    assert sorted(mark.name.split("-")[0] for mark in marks.iterdir()) == ["given" if arguments else "none"] * 2


def _ignores_ctrl_c(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    ignored = int(next(line for line in status.splitlines() if line.startswith("SigIgn:")).split()[1], 16)
    return bool(ignored & 1 << (signal.SIGINT - 1))


def test_a_local_cluster_beside_another_on_the_dashboard_port_prints_nothing(tmp_path):
    # The scheduler serves its HTTP routes on port 8787 when free, even without a dashboard: beside another cluster
    # (or anything else on that port) every run printed a four-line "Port 8787 is already in use" warning.
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        with contextlib.suppress(OSError):  # already taken by another program: as good
            taken.bind(("127.0.0.1", 8787))
            taken.listen()
        done = subprocess.run([sys.executable, "-c", "from mtqa.cli import main; main()", "check", "--no-fluency",
                               "--no-cache", "--engine", "dask", "--jobs", "2", "--json", str(tmp_path / "r.json"),
                               "tests/corpus/articles", "--glossary", "tests/corpus/glossary.yaml"],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (1, "")
    assert comparable((tmp_path / "r.json").read_text(encoding="utf-8")) == golden("corpus")


class _NannyThatFailsToStart(distributed.Nanny):
    async def start_unsafe(self):
        raise OSError("no port for the worker")


def test_a_local_worker_that_fails_to_start_is_one_error_line_at_once(monkeypatch, capfd):
    # The cluster only logged the failure, with its traceback, and the run waited for the worker for ever.
    monkeypatch.setattr(distributed, "LocalCluster", functools.partial(distributed.LocalCluster,
                                                                       worker_class=_NannyThatFailsToStart))
    began = time.monotonic()
    result = CliRunner().invoke(cli, ["check", "--no-fluency", "--no-cache", "--engine", "dask", "--jobs", "2",
                                      str(ROOT / "tests" / "corpus" / "articles")])
    assert (result.exit_code, result.output.splitlines()) == (2, [
        "mtqa: error: a worker of the local Dask cluster failed to start (MTQA_DEBUG=1 shows the cluster's log; a "
        "script that checks with the Dask engine must do so under `if __name__ == \"__main__\":`, as each worker "
        "starts by running the script's top level)"])
    assert time.monotonic() - began < 30
    assert capfd.readouterr().err == ""


def test_the_library_runs_a_local_cluster_from_another_thread():
    # Only the main thread may set a signal handler; a web service's worker thread still gets its report.
    documents = corpus_batch()
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.update(
        report=corpus_checker(engine="dask", jobs=2, use_cache=False).check(documents)))
    thread.start()
    thread.join(120)
    assert outcome["report"] == corpus_checker(use_cache=False).check(documents)


@pytest.mark.parametrize("ended_by, ctrl_c_after", [(SystemExit(143), "ignored"), (ValueError("x"), "answered")])
def test_ctrl_c_is_answered_again_after_the_workers_start_unless_sigterm_ended_the_run(ended_by, ctrl_c_after):
    # SIGTERM's answer sets Ctrl-C aside for good while the run ends; giving the run's handler back then let a Ctrl-C
    # break into the clean-up.
    def answer(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, answer)
    try:
        with pytest.raises(type(ended_by)), mtqa.engines.dask_engine._ctrl_c_ignored_by_new_processes():
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
            raise ended_by
        assert signal.getsignal(signal.SIGINT) is {"ignored": signal.SIG_IGN, "answered": answer}[ctrl_c_after]
    finally:
        signal.signal(signal.SIGINT, previous)


def test_closing_after_a_failure_leaves_the_libraries_logs_as_they_were(monkeypatch):
    import logging

    loggers = [logging.getLogger(name) for name in ("distributed", "distributed.client", "asyncio", "tornado")]
    for logger in loggers:  # as a library caller has them (the command line's own process silences them as it ends)
        monkeypatch.setattr(logger, "disabled", False)
    before = [(logger.disabled, logger.getEffectiveLevel()) for logger in loggers]
    mtqa.engines.dask_engine._close_after_failure()
    assert [(logger.disabled, logger.getEffectiveLevel()) for logger in loggers] == before


def test_silencing_the_libraries_logs_takes_no_lock_that_sigterm_could_leave_held():
    # Setting a logger's level takes the logging module's lock and, should SIGTERM's exception arrive meanwhile,
    # keeps it: the cluster's thread then waited for that lock for ever, and the run never ended.
    import logging

    held, release, silenced = threading.Event(), threading.Event(), threading.Event()

    def hold_the_lock():
        with logging._lock:
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    held.wait(10)
    closer = threading.Thread(target=lambda: (mtqa.engines.dask_engine._close_after_failure(), silenced.set()))
    closer.start()
    without_the_lock = silenced.wait(2)
    release.set()
    holder.join(10)
    closer.join(10)
    assert without_the_lock


def test_a_warning_said_on_every_worker_is_said_once_by_the_run(tmp_path, monkeypatch, capfd):
    # Each worker printed its own line on the terminal it shared with a local run (and on a remote cluster the run
    # never saw them): the warnings now come back with the articles, and the run says each once.
    (tmp_path / "results.sqlite3").write_text("not a database", encoding="utf-8")
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    result = CliRunner().invoke(cli, ["check", "--no-fluency", "--engine", "dask", "--jobs", "2", "--format", "json",
                                      "-o", str(tmp_path / "report.json"),
                                      str(ROOT / "tests" / "corpus" / "articles")])
    said = [line for line in (result.output + capfd.readouterr().err).splitlines() if "result cache" in line]
    assert result.exit_code in (0, 1) and len(said) == 1, said
    assert "not used" in said[0]


def test_two_checks_at_once_through_one_cluster_each_say_their_own_warnings(tmp_path, monkeypatch):
    # Two equal checkers were scattered under one name (their contents' hash): the workers held one object, whose
    # per-check state one check took over from the other, and one check's warning was never said.
    said = []
    monkeypatch.setattr(mtqa.checker, "warn", lambda message: said.append((threading.current_thread().name,
                                                                           message.split(":")[0])))
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    shared_file = tmp_path / "results.sqlite3"
    shared_file.touch()
    shared_file.chmod(0o666)  # another user could write it: each check says it does not use it
    documents = corpus_batch()[:4]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        config = mtqa.CheckerConfig(glossaries=(str(ROOT / "tests" / "corpus" / "glossary.yaml"),), engine="dask",
                                    scheduler=cluster.scheduler_address)
        threads = [threading.Thread(target=lambda: mtqa.Checker(config).check(documents), name=name)
                   for name in ("first", "second")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(said) == [("first", f"result cache {shared_file}"), ("second", f"result cache {shared_file}")]


def test_a_local_cluster_starts_only_as_many_workers_as_the_batch_is_worth(monkeypatch):
    # As the local engine's pool: a few articles are not worth a dozen workers, each a second or more to start.
    started = []
    real = mtqa.engines.dask_engine._local_cluster_client
    monkeypatch.setattr(mtqa.engines.dask_engine, "_local_cluster_client",
                        lambda workers, *args: started.append(workers) or real(workers, *args))
    documents = corpus_batch()
    report = corpus_checker(engine="dask", jobs=12, use_cache=False).check(documents)
    assert started == [1] and report == corpus_checker(use_cache=False).check(documents)


def test_a_scheduler_without_workers_is_one_error_line(monkeypatch):
    monkeypatch.setattr(mtqa.engines.dask_engine, "CONNECT_TIMEOUT_S", 1)
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster:
        result = CliRunner().invoke(cli, ["check", "--no-fluency", "--no-cache", "--engine", "dask", "--scheduler",
                                          cluster.scheduler_address, str(ROOT / "seeds")])
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"mtqa: error: the Dask scheduler at {cluster.scheduler_address} has no "
                                          "workers (none joined within 1 s): start some with `dask worker "
                                          f"{cluster.scheduler_address}`"]


def desk_glossary(folder: Path, wrong: bool) -> None:
    (folder / "glossaries").mkdir(parents=True)
    listed = "wrong: [Yoon Suk-yue]" if wrong else "allowed: [Yoon Suk-yue]"
    (folder / "glossaries" / "desk.yaml").write_text(
        f"name: desk\nentries:\n  - {{id: yoon, type: person, canonical: Yoon Suk Yeol, {listed}}}\n",
        encoding="utf-8")


def test_workers_started_in_another_folder_read_the_runs_own_glossary(tmp_path, monkeypatch):
    # Workers started in another checkout, whose glossaries/desk.yaml allows what the run's forbids: they checked
    # every article against theirs, and the run passed its gate with no finding and no word.
    desk_glossary(tmp_path / "workers", wrong=False)
    desk_glossary(tmp_path / "run", wrong=True)
    documents = [mtqa.model.Document(id="a1", target="President Yoon Suk-yue met reporters in Seoul.")]
    monkeypatch.chdir(tmp_path / "workers")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        monkeypatch.chdir(tmp_path / "run")
        config = {"glossaries": ("glossaries/desk.yaml",), "use_cache": False}
        on_workers = mtqa.Checker(mtqa.CheckerConfig(engine="dask", scheduler=cluster.scheduler_address, **config))
        report = on_workers.check(documents)
    assert [f.rule for f in report.findings] == ["MTQ102"]
    assert report == mtqa.Checker(mtqa.CheckerConfig(**config)).check(documents)


def test_a_worker_that_reads_other_contents_at_the_runs_paths_refuses_to_check(tmp_path):
    from mtqa.engines.dask_inputs import WorkersCheck

    desk_glossary(tmp_path, wrong=True)
    glossary = tmp_path / "glossaries" / "desk.yaml"
    check = WorkersCheck.of(mtqa.Checker(mtqa.CheckerConfig(glossaries=(str(glossary),), use_cache=False)))
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("wrong", "allowed"), encoding="utf-8")
    documents = [mtqa.model.Document(id="a1", target="President Yoon Suk-yue met reporters.")]
    with pytest.raises(mtqa.errors.MtqaError, match="reads other contents there than this run does"):
        check.analyse(documents)


def test_a_worker_that_runs_another_mtqa_refuses_to_check(tmp_path):
    from mtqa.engines.dask_inputs import WorkersCheck

    check = WorkersCheck.of(corpus_checker(use_cache=False))
    check.mtqa = "0.0.1 " + check.mtqa  # as a worker's own install of another version would find itself
    with pytest.raises(mtqa.errors.MtqaError, match="runs another mtqa than this run"):
        check.analyse(corpus_batch())


def test_an_error_in_a_glossary_a_worker_reads_names_it_as_the_run_does(tmp_path, monkeypatch):
    (tmp_path / "bad.yaml").write_text("name: bad\nentries:\n  - {id: x, type: person}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    arguments = ["check", "--no-fluency", "--no-cache", "--glossary", "bad.yaml", str(ROOT / "seeds")]
    local = CliRunner().invoke(cli, arguments)
    on_workers = CliRunner().invoke(cli, [*arguments, "--engine", "dask", "--jobs", "1"])
    assert on_workers.exit_code == local.exit_code == 2
    assert on_workers.output == local.output and local.output.startswith("mtqa: error: bad.yaml")


def test_a_worker_without_the_pattern_file_of_a_rule_turned_off_still_checks(tmp_path):
    # The check that is off reads no file; a worker lacking it finds what the client finds.
    from mtqa.checks.context import CheckSettings
    from mtqa.engines.dask_inputs import WorkersCheck
    from mtqa.pipeline import CheckOptions
    from mtqa.selection import RuleSelection

    calques = tmp_path / "calques.yaml"
    calques.write_text("calques: []\n", encoding="utf-8")
    options = CheckOptions(selection=RuleSelection(ignore=("MTQ503",)),
                           settings=CheckSettings(calque_files=(str(calques),)))
    checker = corpus_checker(options=options, use_cache=False)
    check = WorkersCheck.of(checker)
    calques.unlink()
    documents = corpus_batch()
    assert check.analyse(documents) == checker.analyse(documents)


def test_the_longest_chunk_goes_first_on_dask_too_and_comes_back_in_batch_order(monkeypatch):
    # As with --jobs: a long article's chunk left to the end of a window keeps one worker busy alone.
    from mtqa.model import Document
    from mtqa.pipeline import analyse_articles

    checker = corpus_checker(use_cache=False)
    submitted: list[tuple[int, list[str]]] = []

    class Done:
        def __init__(self, value):
            self.value = value

        def result(self):
            return self.value

    class Client:
        def submit(self, function, shared, documents, pure, priority):
            submitted.append((priority, [document.id for document in documents]))
            return Done((analyse_articles(documents, checker.glossary, checker.options), []))

    monkeypatch.setattr(distributed, "as_completed", iter)
    monkeypatch.setattr(mtqa.engines.dask_engine, "unwrapped", lambda analyses: analyses)
    short = [Document(id=f"s{n}", target="Seoul was mild on Monday, officials said. " * 20) for n in range(40)]
    long = Document(id="long", target="Prime Minister Fumio Kishida met reporters in Tokyo. " * 2000)
    chunks = mtqa.engines.local.chunks_of([*short, long], 8)
    analyses = mtqa.engines.dask_engine._window_started(checker, Client(), None, chunks)()
    assert max(submitted)[1] == ["long"] and [priority for priority, _ in submitted] == [
        mtqa.engines.local.characters(chunk) for chunk in chunks]
    assert [analysis.document.id for analysis in analyses] == [*(d.id for d in short), "long"]
    # The next window, sent while this one is checked, comes after all of this one's chunks, its longest first too:
    # this one is what the run waits for.
    first = [priority for priority, _ in submitted]
    submitted.clear()
    mtqa.engines.dask_engine._window_started(checker, Client(), None, chunks[::-1], 1)()
    later = [priority for priority, _ in submitted]
    assert max(later) < min(first) and later.index(max(later)) == len(chunks) - 1 - first.index(max(first))
