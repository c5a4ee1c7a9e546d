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

from mtqa.engines.local import CHUNKS_PER_WORKER, chunks_of
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
        return [analysis for chunk in client.gather(futures) for analysis in chunk]


def _client(checker: Checker, client_type, cluster_type):
    from mtqa.checker import cpu_count

    address = checker.config.scheduler
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
    return checker.analyse(documents)
