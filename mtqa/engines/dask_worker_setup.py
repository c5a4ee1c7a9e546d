"""Run by each worker process of a local Dask cluster as it starts (a Dask preload), including a worker that its
nanny starts again after the first one died.

The run's terminal sends Ctrl-C to every process of it; the run answers for them and ends its workers. The first
workers are started with Ctrl-C already ignored (mtqa.engines.dask_engine), but a worker restarted later is started
while the run answers Ctrl-C itself, and would end with a KeyboardInterrupt traceback of its own.
"""

from __future__ import annotations

import signal
import threading


def dask_setup(worker) -> None:
    if threading.current_thread() is threading.main_thread():  # only the main thread may set a handler
        signal.signal(signal.SIGINT, signal.SIG_IGN)
