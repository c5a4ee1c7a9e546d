"""`--engine dask`: the articles mapped over the workers of a Dask cluster, the batch steps on the client, and the
same report as the local engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_library_api import comparable, corpus_batch, corpus_checker, golden

import mtqa
import mtqa.engines.dask_engine
from mtqa.cli import cli

distributed = pytest.importorskip("distributed")
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


def test_a_scheduler_that_cannot_be_reached_is_one_error_line(monkeypatch):
    monkeypatch.setattr(mtqa.engines.dask_engine, "CONNECT_TIMEOUT_S", 1)
    result = CliRunner().invoke(cli, ["check", "--no-fluency", "--engine", "dask", "--scheduler",
                                      "tcp://127.0.0.1:9", str(ROOT / "seeds")])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output


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


@pytest.mark.parametrize("address", ["bogus", "http://host:8786", "tcp://[::1"])
def test_a_scheduler_address_dask_cannot_read_is_one_error_line(address):
    result = CliRunner().invoke(cli, ["check", "--no-fluency", "--engine", "dask", "--scheduler", address,
                                      str(ROOT / "seeds")])
    assert result.exit_code == 2
    assert result.output.startswith(f"mtqa: error: --scheduler '{address}' is not a Dask scheduler address")
    assert len(result.output.splitlines()) == 1
