"""The Dask engine: articles spread over the workers of a Dask cluster, the batch-wide steps on the client.

The checker goes to each worker once (scattered), so a worker compiles the glossary and loads the fluency model once
for all the articles it is given, through the same library API as a local run; each task is a run of consecutive
articles. Without a scheduler address a local cluster is started for the run, one single-threaded worker process
per CPU (or per --jobs). Workers of an existing cluster must be able to read the glossary, pattern and model files
at the paths the client names (a shared file system or the same image), and run the same mtqa version.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from mtqa.engines.failures import guarded, unwrapped
from mtqa.engines.local import CHUNKS_PER_WORKER, chunks_of, cpu_count
from mtqa.errors import MtqaError
from mtqa.model import Document
from mtqa.pipeline import ArticleAnalysis

if TYPE_CHECKING:
    from mtqa.checker import Checker

CONNECT_TIMEOUT_S = 30


def dask_analyses(checker: Checker, documents: list[Document]) -> list[ArticleAnalysis]:
    if not documents:
        return []
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise MtqaError("--engine dask needs Dask: pip install 'mtqa[dask]'") from None
    with _client(checker, Client, LocalCluster) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        shared = client.scatter(checker, broadcast=True)
        chunks = chunks_of(documents, workers * CHUNKS_PER_WORKER)
        futures = client.map(_analyse_on_worker, [shared] * len(chunks), chunks, pure=False)
        return [analysis for outcome in client.gather(futures) for analysis in unwrapped(outcome)]


def _client(checker: Checker, client_type, cluster_type):
    address = checker.config.scheduler
    if address:
        _check_address(address)
    try:
        if address:
            return client_type(address, timeout=CONNECT_TIMEOUT_S)
        workers = checker.config.jobs or cpu_count()
        cluster = cluster_type(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        return _OwnedClient(client_type(cluster), cluster)
    except (OSError, TimeoutError) as error:
        where = f"the Dask scheduler at {address}" if address else "a local Dask cluster"
        raise MtqaError(f"cannot reach {where}: {error}") from None


def _check_address(address: str) -> None:
    """Refused before a client is made: one made with an address it cannot parse lingers, and a minute later prints
    a traceback from its finaliser."""
    from distributed.comm import get_address_host_port, parse_address

    try:
        if parse_address(address)[0] != "inproc":  # an in-process cluster's address has no port
            get_address_host_port(address)
    except ValueError as error:
        raise MtqaError(f"--scheduler {address!r} is not a Dask scheduler address such as tcp://host:8786 "
                        f"({error})") from None


class _OwnedClient:
    """A client whose local cluster closes with it."""

    def __init__(self, client, cluster) -> None:
        self.client, self.cluster = client, cluster

    def __enter__(self):
        return self.client

    def __exit__(self, *exc) -> None:
        self.client.close()
        self.cluster.close()


def _analyse_on_worker(checker: Checker, documents: list[Document]) -> list[ArticleAnalysis]:
    # An error comes back as a value: raised, it would be logged with its traceback on the worker's stderr.
    return guarded(lambda: checker.analyse(documents))
