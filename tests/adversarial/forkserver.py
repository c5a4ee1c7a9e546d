"""Runs mtqa's command line in a fresh process per request, forked from one that imported mtqa once.

Starting Python and importing mtqa costs about a second of CPU; a hundred cases would spend most of their time on
it. Each request is one JSON line on stdin (args, cwd, env, the files for stdout and stderr, a time and a memory
limit); the server forks, the child becomes `mtqa ARGS` with those descriptors and that environment, and the server
answers with one JSON line: the exit status (negative: killed by that signal) and whether the time ran out.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time
import traceback

from mtqa.cli import main


def serve() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            _become_mtqa(request)
        status, timed_out = _wait(pid, started + request["timeout"])
        answer = {"status": status, "timed_out": timed_out, "seconds": time.monotonic() - started}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


def _wait(pid: int, deadline: float) -> tuple[int, bool]:
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), False
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return -signal.SIGKILL, True
        time.sleep(0.01)


def _become_mtqa(request: dict) -> None:
    code = 1
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        resource.setrlimit(resource.RLIMIT_AS, (request["memory"], request["memory"]))
        for descriptor, path, flags in ((0, os.devnull, os.O_RDONLY),
                                        (1, request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                                        (2, request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
            opened = os.open(path, flags, 0o644)
            os.dup2(opened, descriptor)
            os.close(opened)
        sys.argv = ["mtqa", *request["args"]]
        try:
            main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        except BaseException:  # what the interpreter would do with an uncaught exception
            traceback.print_exc()
            code = 1
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except OSError:
                traceback.print_exc()  # as the interpreter reports a failed flush at exit
                code = 120
    finally:
        os._exit(code)


if __name__ == "__main__":
    serve()
