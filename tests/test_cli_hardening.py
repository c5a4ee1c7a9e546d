"""The command line under a careless or hostile caller: reports never land on inputs or replace special files,
every failure is one line with exit 2, signals end a run with the shell's codes and leave no temporary files."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import assert_one_error_line
from mtqa.entities.romanize import (
    _han_table,
    derived_han_readings,
    derived_syllable_inventory,
    han_readings,
    syllable_inventory,
)
from mtqa.entities.vocabulary import ENGLISH_WORD_ZIPF, _english_words, derived_english_words, is_english_word

GLOSSARY = "name: g\nentries:\n  - {id: forced-labor, type: term, canonical: forced labor, wrong: [job labor]}\n"
MTQA = [sys.executable, "-c", "from mtqa.cli import main; main()"]


def mtqa(*args: str, cwd: Path, env: dict | None = None, stdout=subprocess.PIPE, timeout: float = 120):
    return subprocess.run([*MTQA, *args], cwd=cwd, env={**os.environ, **(env or {})}, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=timeout)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def work(tmp_path):
    (tmp_path / "g.yaml").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "a.txt").write_text("They used job labor.\n", encoding="utf-8")
    (tmp_path / "ref.txt").write_text("They used forced labor.\n", encoding="utf-8")
    (tmp_path / "cfg.toml").write_text('fail-on = "major"\n', encoding="utf-8")
    (tmp_path / "bp.yaml").write_text("patterns:\n  - {id: promo, pattern: '^Subscribe now$'}\n", encoding="utf-8")
    (tmp_path / "bp.toml").write_text('boilerplate-patterns = ["bp.yaml"]\n', encoding="utf-8")
    (tmp_path / "base.json").write_text('{"mtqa_baseline": "1", "findings": []}\n', encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("extra, victim", [
    (["--glossary", "g.yaml", "--format", "json", "--output", "g.yaml"], "g.yaml"),
    (["--glossary", "g.yaml", "--baseline", "base.json", "--json", "base.json"], "base.json"),
    (["--glossary", "g.yaml", "--config", "cfg.toml", "--html", "cfg.toml"], "cfg.toml"),
    (["--glossary", "g.yaml", "--reference", "ref.txt", "--sarif", "ref.txt"], "ref.txt"),
    (["--glossary", "g.yaml", "--config", "bp.toml", "--json", "bp.yaml"], "bp.yaml"),
    (["--glossary", "g.yaml", "--json", "./sub/../a.txt"], "a.txt"),
    (["--glossary", "g.yaml", "--json", "notyet/../a.txt"], "a.txt"),
    (["--glossary", "g.yaml", "-o", "gone/deeper/../../g.yaml"], "g.yaml"),
])
def test_no_report_is_written_over_an_input_of_any_kind(work, extra, victim):
    (work / "sub").mkdir()
    before = digest(work / victim)
    line = assert_one_error_line(mtqa("check", "--no-fluency", "a.txt", *extra, cwd=work))
    assert "refusing to write a report over an input" in line
    assert digest(work / victim) == before


@pytest.mark.parametrize("report", ["ext/a.txt", "other/x.txt", "ext/new.txt"])
def test_no_report_is_written_over_an_article_reached_through_a_link(work, report):
    """A linked folder or file inside a checked folder leads outside it: the articles read there, and the folders
    they were found in, are inputs too."""
    for folder in ("d", "ext", "other"):
        (work / folder).mkdir()
    (work / "ext" / "a.txt").write_text("They used job labor.\n", encoding="utf-8")
    (work / "other" / "x.txt").write_text("They used job labor.\n", encoding="utf-8")
    (work / "d" / "ext").symlink_to(work / "ext")
    (work / "d" / "x.txt").symlink_to(work / "other" / "x.txt")
    line = assert_one_error_line(mtqa("check", "--no-fluency", "--glossary", "g.yaml", "d", "--json", report,
                                      cwd=work))
    assert "refusing to write a report over an input" in line
    assert (work / "ext" / "a.txt").read_text(encoding="utf-8") == "They used job labor.\n"
    assert (work / "other" / "x.txt").read_text(encoding="utf-8") == "They used job labor.\n"
    assert not (work / "ext" / "new.txt").exists()


@pytest.mark.parametrize("command, env, victim", [
    (["check", "--json", "refs/out.json"], {}, "refs/out.json"),
    (["check", "--html", "refs/desk/page.html"], {}, "refs/desk/page.html"),
    (["check", "--format", "sarif", "-o", "refs/new.sarif"], {}, "refs/new.sarif"),
    (["baseline", "create", "refs/base.dat"], {}, "refs/base.dat"),
    (["check", "--format", "github"], {"GITHUB_STEP_SUMMARY": "refs/sum.log"}, "refs/sum.log"),
])
def test_no_report_is_written_into_a_reference_folder_whatever_its_name(work, command, env, victim):
    """An article's id names its reference in the folder ("out.json", "desk/page.html"): any file there is one an
    article may read, and a report written there would be the next run's reference."""
    (work / "refs" / "desk").mkdir(parents=True)
    (work / "b.jsonl").write_text("".join(json.dumps({"id": name, "target": "They used job labor."}) + "\n"
                                          for name in ("out.json", "desk/page.html", "base.dat", "sum.log")))
    for name in ("out.json", "desk/page.html", "base.dat", "sum.log"):
        (work / "refs" / name).write_text("They used forced labor.\n", encoding="utf-8")
    before = {path: digest(path) for path in (work / "refs").rglob("*") if path.is_file()}
    args = [*command[:2], *command[2:]] if command[0] == "baseline" else command
    line = assert_one_error_line(mtqa(*args, "b.jsonl", "--no-fluency", "--glossary", "g.yaml", "--reference",
                                      "refs", cwd=work, env=env))
    assert "refusing to write a report over an input (refs)" in line
    assert {path: digest(path) for path in (work / "refs").rglob("*") if path.is_file()} == before
    assert not (work / victim).exists() or (work / victim) in before


@pytest.mark.parametrize("report", [["--json", "m/config.json"], ["--html", "m/tokenizer.json"],
                                    ["--format", "sarif", "-o", "m/sub/../model.safetensors"]])
def test_no_report_is_written_into_the_fluency_models_folder(work, report):
    """Every file of a model folder is one the run reads (its config, tokenizer, weights): a report written there
    broke the next run."""
    (work / "m").mkdir()
    for name in ("config.json", "model.safetensors"):
        (work / "m" / name).write_text('{"model_type": "llama"}\n', encoding="utf-8")
    before = {path: digest(path) for path in (work / "m").rglob("*")}
    line = assert_one_error_line(mtqa("check", "a.txt", "--glossary", "g.yaml", "--fluency-model", "m", *report,
                                      cwd=work))
    assert "refusing to write a report over an input (m)" in line
    assert {path: digest(path) for path in (work / "m").rglob("*")} == before


def test_a_report_beside_a_reference_folder_is_written(work):
    (work / "refs").mkdir()
    (work / "refs" / "a.txt").write_text("They used forced labor.\n", encoding="utf-8")
    result = mtqa("check", "a.txt", "--no-fluency", "--glossary", "g.yaml", "--reference", "refs", "--json",
                  "refs-report.json", cwd=work)
    assert result.returncode == 1, result.stderr  # the gate fails on "job labor"; the report is written
    assert json.loads((work / "refs-report.json").read_text())["documents"][0]["metrics"]


OPTION_NAMED = ("--json=README.md", "--config=relax.md", "--glossary=empty.yaml.md", "-o=a.txt")


def _files_named_like_options(work: Path) -> None:
    (work / "README.md").write_text("# precious README\n", encoding="utf-8")
    (work / "relax.md").write_text('fail-on = "never"\n', encoding="utf-8")
    (work / "empty.yaml.md").write_text("name: empty\nentries: []\n", encoding="utf-8")
    for name in OPTION_NAMED:
        (work / name).write_text("The ministry said talks would resume.\n", encoding="utf-8")


def test_files_named_like_options_are_articles_on_the_command_line(work):
    """A shell's `*`, the pre-commit hook and a CI step pass file names as they are: one named like an option is an
    article, never the option (a report over README.md, a config that turns the gate off)."""
    _files_named_like_options(work)
    result = mtqa("check", "--no-fluency", "--glossary", "g.yaml", "--format", "json", *OPTION_NAMED, "a.txt",
                  cwd=work)
    assert result.returncode == 1, result.stderr  # a.txt's "job labor" fails the gate
    assert (work / "README.md").read_text(encoding="utf-8") == "# precious README\n"
    assert (work / "a.txt").read_text(encoding="utf-8") == "They used job labor.\n"
    checked = {Path(document["id"]).name for document in json.loads(result.stdout)["documents"]}
    assert checked == {*OPTION_NAMED, "a.txt"}
    # Options still work, and so does "-" for standard output.
    result = mtqa("check", "--no-fluency", "--glossary=g.yaml", "--json=report.json", "-o", "-", "a.txt", cwd=work)
    assert result.returncode == 1 and json.loads((work / "report.json").read_text())["documents"]


@pytest.mark.parametrize("separated", [False, True])
def test_a_file_named_as_an_option_takes_no_option_from_the_command_line(work, separated):
    """A file committed as "--glossary" or "--config" (no article of mtqa's kinds) leaves the options of that name
    as they are, as the Action (paths after "--") and the hook (its args before the files) give them: the glossary
    named is still the one read, and its wrong form still fails the gate."""
    for name in ("--glossary", "--config", "--extend-glossary"):
        (work / name).write_text("anything\n", encoding="utf-8")
    paths = ["--", "a.txt"] if separated else ["a.txt"]
    result = mtqa("check", "--no-fluency", "--glossary", "g.yaml", "--format", "json", *paths, cwd=work)
    assert result.returncode == 1, result.stderr  # a.txt's "job labor", a wrong form only g.yaml lists
    report = json.loads(result.stdout)
    assert [Path(document["id"]).name for document in report["documents"]] == ["a.txt"]


def test_a_file_named_help_is_an_article_not_the_help(work):
    """A shell's `*` or a list of changed files passes a file named "--help" or "-h" as it is: read as the option, it
    printed the usage and exited 0, and the gate passed over a.txt's "job labor"."""
    for name in ("--help", "-h", "--version"):
        (work / name).write_text("The ministry said talks would resume.\n", encoding="utf-8")
    result = mtqa("check", "--no-fluency", "--glossary", "g.yaml", "--format", "json", "--help", "-h", "--version",
                  "a.txt", cwd=work)
    assert result.returncode == 1, result.stderr
    assert sorted(Path(d["id"]).name for d in json.loads(result.stdout)["documents"]) == ["--help", "--version",
                                                                                          "-h", "a.txt"]


def test_the_hook_and_the_action_read_files_named_like_options_as_articles(work):
    import shutil

    import yaml

    _files_named_like_options(work)
    root = Path(__file__).resolve().parents[1]
    shim = work / "bin" / "mtqa"  # the console script, as the hook and the Action call it
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -c "from mtqa.cli import main; main()" "$@"\n')
    shim.chmod(0o755)
    env = {"PATH": f"{shim.parent}{os.pathsep}{os.environ['PATH']}"}
    [hook] = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    result = subprocess.run([*hook["entry"].split(), *OPTION_NAMED, "a.txt"], cwd=work, env={**os.environ, **env},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert (work / "README.md").read_text(encoding="utf-8") == "# precious README\n"
    [step] = [step for step in yaml.safe_load((root / "action.yml").read_text(encoding="utf-8"))["runs"]["steps"]
              if step.get("id") == "check"]
    outputs = work / "github_output"
    env.update(MTQA_PATHS=" ".join([*OPTION_NAMED, "a.txt"]), MTQA_GLOSSARY="", MTQA_FAIL_ON="major",
               MTQA_FLUENCY="false", MTQA_SARIF=str(work / "mtqa.sarif"), GITHUB_OUTPUT=str(outputs),
               GITHUB_STEP_SUMMARY=str(work / "summary.md"))
    subprocess.run([shutil.which("bash"), "-c", step["run"]], cwd=work, env={**os.environ, **env},
                   capture_output=True, text=True, timeout=120, check=True)
    assert "exit-code=1" in outputs.read_text(encoding="utf-8").splitlines()
    assert (work / "README.md").read_text(encoding="utf-8") == "# precious README\n"


def test_no_report_is_written_into_mtqas_own_files_nor_over_the_config_suggest_reads(work):
    import shutil

    import mtqa as package

    # A copy of the package, run in its place: were the report written, the installed one would be broken.
    shutil.copytree(Path(package.__file__).parent, work / "copy" / "mtqa", ignore=shutil.ignore_patterns("__pycache__"))
    shipped = work / "copy" / "mtqa" / "data" / "boilerplate.yaml"
    before = digest(shipped)
    line = assert_one_error_line(mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", "--json",
                                      str(shipped), cwd=work, env={"PYTHONPATH": str(work / "copy")}))
    assert "refusing to write a report into mtqa's own files" in line and "copy" in line and digest(shipped) == before
    (work / "pyproject.toml").write_text('[tool.mtqa]\nglossaries = ["g.yaml"]\n', encoding="utf-8")
    (work / "b.jsonl").write_text('{"id": "a", "source": "张三说。", "target": "Zhang San said."}\n', encoding="utf-8")
    before = digest(work / "pyproject.toml")
    line = assert_one_error_line(mtqa("glossary", "suggest", "b.jsonl", "-o", "pyproject.toml", cwd=work))
    assert "refusing to write a report over an input" in line and digest(work / "pyproject.toml") == before


@pytest.mark.parametrize("names", [("x.json", "./sub/../x.json"), ("x.json", "link.json"), ("x.json", "x.json")])
def test_two_reports_given_one_file_are_refused_before_either_is_written(work, names):
    # The second report replaced the first without a word.
    (work / "sub").mkdir()
    (work / "x.json").write_text("yesterday's report", encoding="utf-8")
    (work / "link.json").symlink_to(work / "x.json")
    line = assert_one_error_line(mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", "--json", names[0],
                                      "--sarif", names[1], cwd=work))
    assert "two reports would be written to this one file" in line
    assert (work / "x.json").read_text(encoding="utf-8") == "yesterday's report"


def test_several_reports_may_go_to_a_device(work):
    run = mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", "--json", os.devnull, "--sarif", os.devnull,
               "--output", os.devnull, cwd=work)
    assert run.returncode in (0, 1) and "error" not in run.stderr


def test_a_hard_link_to_an_input_is_the_input(work):
    os.link(work / "g.yaml", work / "alias.json")
    before = digest(work / "g.yaml")
    result = mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", "--json", "alias.json", cwd=work)
    assert_one_error_line(result)
    assert digest(work / "g.yaml") == before


def test_baseline_create_never_overwrites_an_input(work):
    before = digest(work / "g.yaml")
    line = assert_one_error_line(mtqa("baseline", "create", "g.yaml", "a.txt", "--glossary", "g.yaml", "--no-fluency",
                               cwd=work))
    assert "g.yaml" in line and digest(work / "g.yaml") == before


def test_github_step_summary_is_never_appended_to_an_input(work):
    before = digest(work / "g.yaml")
    result = mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", "--format", "github", cwd=work,
                  env={"GITHUB_STEP_SUMMARY": str(work / "g.yaml")})
    assert "refusing" in assert_one_error_line(result) and digest(work / "g.yaml") == before


def test_a_device_or_a_link_to_one_is_written_to_not_replaced(work):
    os.symlink("/dev/null", work / "null-link")
    result = mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", "--json", "null-link", cwd=work)
    assert result.returncode == 1, result.stderr
    assert os.path.islink(work / "null-link") and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    result = mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", "--format", "json", "-o", "/dev/stdout",
                  cwd=work)
    assert result.returncode == 1 and json.loads(result.stdout)["summary"]["findings"] == 1


def test_a_fifo_as_output_is_written_to(work):
    os.mkfifo(work / "pipe")
    received = []
    reader = threading.Thread(target=lambda: received.append((work / "pipe").read_text(encoding="utf-8")))
    reader.start()
    result = mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", "--format", "json", "-o", "pipe",
                  cwd=work)
    reader.join(30)
    assert result.returncode == 1, result.stderr
    assert stat.S_ISFIFO(os.stat(work / "pipe").st_mode)
    assert json.loads(received[0])["summary"]["findings"] == 1


@pytest.mark.parametrize("link", ["reports/seed.json", "seed.json"])
def test_a_link_leading_out_of_its_folder_and_the_working_folder_is_not_written_through(work, tmp_path_factory,
                                                                                        link):
    """A hostile repository commits `reports/seed.json` as a link to a file of the CI job's (~/.bashrc): the
    report replaced it."""
    victim = tmp_path_factory.mktemp("home") / "dotfile"
    victim.write_text("export PATH=/usr/bin\n", encoding="utf-8")
    (work / "reports").mkdir()
    os.symlink(victim, work / link)
    line = assert_one_error_line(mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", "--json", link,
                                      cwd=work))
    assert f"{link}: a link to {victim}, outside its folder and the working folder" in line
    assert victim.read_text(encoding="utf-8") == "export PATH=/usr/bin\n"
    assert os.path.islink(work / link)


def test_a_folder_link_leading_out_of_the_working_folder_is_not_written_through(work, tmp_path_factory):
    """A repository commits `reports` as a link to a folder of the CI job's: the report replaced a file there."""
    victim = tmp_path_factory.mktemp("victim")
    (victim / "seed.json").write_text("precious\n", encoding="utf-8")
    os.symlink(victim, work / "reports")
    line = assert_one_error_line(mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", "--json",
                                      "reports/seed.json", cwd=work))
    assert "leads through a link to" in line and "outside the working folder" in line
    assert (victim / "seed.json").read_text(encoding="utf-8") == "precious\n"
    # However the path spells the link's place: through a linked parent folder, or /proc/self/cwd.
    checkout = tmp_path_factory.mktemp("elsewhere") / "checkout"
    os.symlink(work, checkout)
    for spelling in (str(checkout / "reports" / "seed.json"), "/proc/self/cwd/reports/seed.json"):
        assert "outside the working folder" in assert_one_error_line(
            mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", "--json", spelling, cwd=work))
    assert (victim / "seed.json").read_text(encoding="utf-8") == "precious\n"
    # A folder link that stays inside the working folder is followed.
    (work / "archive").mkdir()
    os.symlink("archive", work / "latest")
    assert mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", "--json", "latest/r.json",
                cwd=work).returncode == 1
    assert json.loads((work / "archive" / "r.json").read_text())["summary"]["findings"] == 1


def test_a_link_to_a_regular_file_stays_a_link(work):
    (work / "reports").mkdir()
    os.symlink("reports/latest.json", work / "latest.json")
    result = mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", "--json", "latest.json", cwd=work)
    assert result.returncode == 1, result.stderr
    assert os.path.islink(work / "latest.json")
    assert json.loads((work / "reports" / "latest.json").read_text())["summary"]["findings"] == 1


@pytest.mark.parametrize("args, env, fragment", [
    (["--json", "outdir"], {}, "outdir: is a directory"),
    (["--format", "json", "--output", "outdir"], {}, "outdir: is a directory"),
    (["--json", "a.txt/r.json"], {}, "a.txt/r.json: cannot write the report"),
    # A folder that does not exist, named as one: the report was a file of the folder's name.
    (["--json", "reports/"], {}, "reports/: names a folder, which does not exist"),
    (["--json", "reports/."], {}, "reports/.: names a folder, which does not exist"),
    (["--json", "/dev/full"], {}, "/dev/full: cannot write the report (No space left on device)"),
    (["--format", "github"], {"GITHUB_STEP_SUMMARY": "outdir"}, "outdir: cannot write the job summary"),
])
def test_unwritable_outputs_are_one_line_errors(work, args, env, fragment):
    (work / "outdir").mkdir()
    result = mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", *args, cwd=work, env=env)
    line = assert_one_error_line(result)
    assert fragment in line
    assert not [p for p in work.rglob("*.tmp")] and not (work / "reports").exists()


def test_a_full_disk_on_standard_output_is_exit_2(work):
    with open("/dev/full", "w") as full:
        result = mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", cwd=work, stdout=full)
    assert "standard output" in assert_one_error_line(result)


def _to_a_closed_pipe(work: Path, *args: str) -> subprocess.CompletedProcess:
    """A run whose standard output is a pipe whose reader has already gone (`mtqa check ... | head -c0`)."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        return mtqa("check", "--no-fluency", *args, cwd=work, stdout=writer)
    finally:
        os.close(writer)


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github", "sarif", "gitlab"])
@pytest.mark.parametrize("fail_on", ["critical", "major"])  # the gate passes, the gate fails: the report is lost
def test_a_closed_pipe_on_standard_output_is_exit_2_in_every_format(work, fmt, fail_on):
    result = _to_a_closed_pipe(work, "a.txt", "--glossary", "g.yaml", "--format", fmt, "--fail-on", fail_on)
    assert "standard output was closed" in assert_one_error_line(result)


def test_a_closed_pipe_after_part_of_a_long_text_report_is_exit_2(work):
    # The reader takes a little and goes (`| head -c 50`): rich has written some lines when the pipe breaks.
    lines = "".join(f"Kim Min-{chr(97 + i % 26)}{chr(97 + i // 26 % 26)} met. (Yonhap photo)\n" for i in range(3000))
    (work / "long.txt").write_text(lines, encoding="utf-8")
    process = subprocess.Popen([*MTQA, "check", "--no-fluency", "--fail-on", "critical", "long.txt"], cwd=work,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    process.stdout.read(50)
    process.stdout.close()
    stderr = process.stderr.read()
    process.stderr.close()
    result = subprocess.CompletedProcess(process.args, process.wait(timeout=120), None, stderr)
    assert "standard output was closed" in assert_one_error_line(result)


@pytest.mark.parametrize("value", ["nan", "inf", "NaN", "1e999"])
def test_a_limit_must_be_a_finite_number(work, value):
    line = assert_one_error_line(mtqa("check", "--no-fluency", "a.txt", "--max-penalty", value, cwd=work))
    assert "--max-penalty" in line and "finite" in line


def test_usage_errors_are_one_line(work):
    line = assert_one_error_line(mtqa("check", "--no-fluency", "a.txt", "--fail-on", "sometimes", cwd=work))
    assert "--fail-on" in line and "mtqa check --help" in line


def test_an_id_with_newlines_cannot_forge_log_lines(work):
    record = json.dumps({"id": "a\n::error title=x::forged\n::stop-commands::tok ##[add-mask]x", "target": "x"})
    (work / "b.jsonl").write_text(record + "\n" + record + "\n", encoding="utf-8")
    for fmt in ("github", "text"):
        result = mtqa("check", "--no-fluency", "b.jsonl", "--format", fmt, cwd=work)
        line = assert_one_error_line(result)
        assert "\\n::stop-commands::tok ##\\x5badd-mask]x" in line and "##[" not in line
        assert not any(out.startswith("::") for out in result.stdout.splitlines())


def test_an_unexpected_exception_is_one_line_and_exit_2(work, monkeypatch, capsys):
    from mtqa import cli as cli_module

    def broken(*args, **kwargs):
        raise ValueError("something\nbroke")

    monkeypatch.setattr(cli_module.Checker, "check", broken)
    monkeypatch.setattr(sys, "argv", ["mtqa", "check", "--no-fluency", str(work / "a.txt")])
    monkeypatch.delenv("MTQA_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        cli_module.main()
    assert exit_info.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["mtqa: error: unexpected ValueError: something\\nbroke (run with MTQA_DEBUG=1 for the traceback)"]


def test_an_interrupted_report_leaves_no_temporary_file(tmp_path, monkeypatch):
    from mtqa import output

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_report(str(tmp_path / "r.json"), "{}")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("signum, code, said", [(signal.SIGTERM, 143, "mtqa: terminated"),
                                                (signal.SIGINT, 130, "mtqa: interrupted")])
def test_signals_end_the_run_with_the_shells_codes(tmp_path, signum, code, said):
    with open(tmp_path / "big.jsonl", "w", encoding="utf-8") as batch:
        for number in range(30_000):
            batch.write(json.dumps({"id": f"a{number}", "target": "Yoon Suk-yue met Moon Jae-in.\n"}) + "\n")
    process = subprocess.Popen([*MTQA, "check", "--no-fluency", "big.jsonl", "--sarif", "out.sarif"], cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    assert process.poll() is None, "the batch must still be running when the signal arrives"
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert stderr.strip().splitlines()[-1] == said and "Traceback" not in stderr
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


# The console script whose run is over (its exit code decided, its reports written), sent SIGTERM as the interpreter
# shuts down: the exception the handler raised there could not be caught, and printed a traceback.
SIGNAL_AT_SHUTDOWN = """
import atexit, os, signal, sys
import mtqa.cli
mtqa.cli.main = lambda: sys.exit(1)  # a run whose gate failed
atexit.register(lambda: os.kill(os.getpid(), signal.SIG%s))
from mtqa.launch import main
main()
"""


@pytest.mark.parametrize("name", ["TERM", "INT"])
def test_a_signal_after_the_run_is_over_leaves_its_exit_code_and_prints_nothing(name):
    result = subprocess.run([sys.executable, "-c", SIGNAL_AT_SHUTDOWN % name], capture_output=True, text=True,
                            timeout=60)
    assert (result.returncode, result.stderr) == (1, "")


# A process forked from the run (a --jobs worker) before it sets its own handlers: it is sent the signal once it has
# told the run it is waiting, and then says how it ended.
FORKED_CHILD = """
import os, signal, sys, time
from mtqa.signals import answer_signals
answer_signals()
ready, told = os.pipe()
child = os.fork()
if child == 0:
    os.write(told, b"x")
    for _ in range(20):
        time.sleep(0.1)
    os._exit(0)
os.read(ready, 1)
os.kill(child, signal.SIG%s)
_, status = os.waitpid(child, 0)
print(os.WTERMSIG(status) if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}")
"""


@pytest.mark.parametrize("name, ended", [("TERM", str(int(signal.SIGTERM))), ("INT", "exit 0")])
def test_a_process_forked_from_the_run_ends_on_sigterm_silently_and_leaves_ctrl_c_to_the_run(name, ended):
    """A worker ended before its own handlers are set (the run failing as its workers start) ends as SIGTERM ends a
    process by default, without the run's "terminated" line; Ctrl-C is the run's to answer, not the worker's."""
    result = subprocess.run([sys.executable, "-c", FORKED_CHILD % name], capture_output=True, text=True, timeout=60)
    assert (result.stdout.strip(), result.stderr) == (ended, "")


# The console script as installed, sent a signal while Python imports the command line's modules (a few tenths of
# a second at every start).
SIGNAL_DURING_IMPORT = """
import importlib.metadata, os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # a background job starts with Ctrl-C ignored


class SignalOnImport:
    def find_spec(self, name, path=None, target=None):
        if name == "mtqa.cli":
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIG%s)
        return None


sys.meta_path.insert(0, SignalOnImport())
sys.argv = ["mtqa", "--version"]
[script] = [point for point in importlib.metadata.entry_points(group="console_scripts") if point.name == "mtqa"]
script.load()()
"""


@pytest.mark.parametrize("name, code, said", [("INT", 130, "mtqa: interrupted"), ("TERM", 143, "mtqa: terminated")])
def test_a_signal_while_the_command_line_is_imported_is_one_line_and_the_shells_code(name, code, said):
    result = subprocess.run([sys.executable, "-c", SIGNAL_DURING_IMPORT % name], capture_output=True, text=True,
                            timeout=60)
    assert (result.returncode, result.stderr.splitlines(), result.stdout) == (code, [said], "")


def test_a_command_group_alone_shows_its_help(work):
    result = mtqa(cwd=work)
    assert result.returncode == 2 and result.stderr.startswith("Usage: ") and "check" in result.stderr


@pytest.mark.parametrize("option", ["--json", "--sarif", "--html", "-o", "--baseline", "--reference", "--config",
                                    "--glossary", "--select", "--ignore", "--fluency-model"])
def test_an_empty_value_is_an_error_not_a_silent_default(work, option):
    line = assert_one_error_line(mtqa("check", "--no-fluency", "a.txt", option, "", cwd=work))
    assert "an empty value" in line


def test_a_fifo_nobody_reads_is_an_error_not_a_hang(work):
    os.mkfifo(work / "pipe")
    result = mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", "--json", "pipe", cwd=work, timeout=30)
    assert "nothing is reading this FIFO" in assert_one_error_line(result)
    result = mtqa("check", "--no-fluency", "a.txt", "--glossary", "g.yaml", "--format", "github", cwd=work,
                  env={"GITHUB_STEP_SUMMARY": str(work / "pipe")}, timeout=30)
    assert "nothing is reading this FIFO" in assert_one_error_line(result)


def test_a_dangling_link_as_output_creates_no_folders(work, tmp_path_factory):
    os.symlink(work / "missing" / "r.json", work / "r.json")
    assert "No such file or directory" in assert_one_error_line(
        mtqa("check", "--no-fluency", "a.txt", "--json", "r.json", cwd=work))
    assert not (work / "missing").exists()
    # One leading elsewhere is not written through at all.
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    os.symlink(elsewhere / "missing" / "r.json", work / "s.json")
    assert "outside its folder" in assert_one_error_line(
        mtqa("check", "--no-fluency", "a.txt", "--json", "s.json", cwd=work))
    assert list(elsewhere.iterdir()) == []


def test_a_legacy_encoding_on_stdout_gets_escapes_not_a_crash(work):
    (work / "k.jsonl").write_text(json.dumps({"id": "문재인-1", "target": "They used job labor."}) + "\n",
                                  encoding="utf-8")
    for fmt in ("text", "json", "github"):
        result = mtqa("check", "--no-fluency", "k.jsonl", "--glossary", "g.yaml", "--format", fmt, cwd=work,
                      env={"PYTHONIOENCODING": "cp1252"})
        assert result.returncode == 1, result.stderr
        if fmt == "json":  # the escapes are JSON's own: the id reads back intact
            assert json.loads(result.stdout)["documents"][0]["id"] == "문재인-1"
        else:
            assert "\\ubb38\\uc7ac\\uc778-1" in result.stdout


def test_unusable_standard_streams_still_give_exit_2(work):
    with open("/dev/full", "w") as full:
        missing = subprocess.run([*MTQA, "check", "--no-fluency", "missing.txt"], cwd=work, stderr=full,
                                 stdout=subprocess.DEVNULL, timeout=60)
    assert missing.returncode == 2
    closed = subprocess.run([*MTQA, "check", "--no-fluency", "a.txt"], cwd=work, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, timeout=60, preexec_fn=lambda: os.close(1))
    assert "standard output is closed" in assert_one_error_line(closed)


def test_input_that_begins_a_line_cannot_be_a_workflow_command(work):
    (work / "::error::pwned.txt").write_text("They used job labor.\n", encoding="utf-8")
    (work / "ids.jsonl").write_text(json.dumps({"id": "  ::warning::id", "target": "They used job labor."}) + "\n",
                                    encoding="utf-8")
    result = mtqa("check", "--no-fluency", "::error::pwned.txt", "ids.jsonl", "--glossary", "g.yaml", cwd=work)
    assert result.returncode == 1, result.stderr
    assert "\\x3a:error::pwned.txt" in result.stdout and "\\x3a:warning::id" in result.stdout
    assert not [line for line in result.stdout.splitlines() if line.lstrip().startswith("::")]


def test_an_output_over_an_input_is_refused_before_any_work(work, monkeypatch, capsys):
    from mtqa import cli as cli_module

    def no_work(*args, **kwargs):
        raise AssertionError("the articles were read before the output path was refused")

    monkeypatch.setattr(cli_module, "load_documents", no_work)
    monkeypatch.chdir(work)
    monkeypatch.setattr(sys, "argv", ["mtqa", "check", "--no-fluency", "a.txt", "--glossary", "g.yaml",
                                      "--sarif", "g.yaml"])
    with pytest.raises(SystemExit) as exit_info:
        cli_module.main()
    assert exit_info.value.code == 2
    assert "refusing to write a report over an input" in capsys.readouterr().err


def test_starting_mtqa_loads_none_of_the_heavy_libraries_a_check_may_not_need(tmp_path):
    """Start-up is paid by every run, CI step and pre-commit hook: the libraries only some checks or reports use (name
    readings, Chinese numbers, word frequencies, arrays, the model, the HTML templates, the terminal's colours, the
    sentence splitter) are imported where they are first needed."""
    article = tmp_path / "a.txt"
    article.write_text("The ministry said on Monday that talks would go on.\n", encoding="utf-8")
    script = ("import json, sys\nfrom mtqa.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
              "print(json.dumps(sorted(m for m in ('numpy', 'pypinyin', 'cn2an', 'wordfreq', 'torch', 'jinja2', "
              "'rich', 'pysbd') if m in sys.modules)))")
    env = {**os.environ, "MTQA_CACHE": str(tmp_path / "cache")}

    def imported() -> list[str]:
        done = subprocess.run([sys.executable, "-c", script, "check", str(article), "--no-fluency", "--format", "json",
                               "-o", str(tmp_path / "r.json")], capture_output=True, text=True, timeout=120, env=env)
        return json.loads(done.stdout.strip().splitlines()[-1])

    assert imported() == []  # compiling the shipped glossary: its Chinese names' readings are a shipped table
    assert imported() == []  # the compiled glossary from the cache
    # Names split into syllables ("Xiyue": xi-yue) and parts told apart from English words (Education/Unification)
    # need the syllable and word lists, which are shipped, not derived again; a few names of one sound, one of them
    # spelt two ways, are compared without arrays.
    article.write_text("Yun Xiyue met Yoon Suk-yeol and Li Keqiang in Seoul. The Ministry of Education and the Social "
                       "Democratic Party spoke. Park Seung-ho, Pak Min-jun and Park Seung-ho left; Park Sung-ho "
                       "stayed.\n", encoding="utf-8")
    assert not {"pypinyin", "wordfreq", "numpy"} & set(imported())
    assert "'Park Sung-ho' and 'Park Seung-ho' look like one name" in (tmp_path / "r.json").read_text(encoding="utf-8")


def test_a_run_served_from_the_result_cache_imports_no_article_check(tmp_path):
    """The article checks' modules (and what they import: number readers, pattern lists) load where an article is
    checked: a re-run of an unchanged batch pays only for reading it, its rows, the batch steps and the report. Nor
    does it import the glossary readers (YAML, XML) where the compiled glossary is cached, fluency's scoring code
    where fluency is off, or the renderers of reports it does not write."""
    (tmp_path / "a.jsonl").write_text("".join(json.dumps({"id": f"a{n}", "target": f"Yun Xiyue met {n} reporters in "
                                                          "Seoul. Please read on...\n"}) + "\n" for n in range(3)),
                                      encoding="utf-8")
    script = ("import json, sys\nfrom mtqa.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
              "print(json.dumps(sorted(m for m in sys.modules if m in ('mtqa.checks.registry', 'mtqa.checks.terms', "
              "'mtqa.checks.boilerplate', 'mtqa.numbers', 'yaml', 'lxml', 'mtqa.fluency.documents', "
              "'mtqa.report.sarif', 'mtqa.report.junit', 'mtqa.report.github'))))")
    env = {**os.environ, "MTQA_CACHE": str(tmp_path / "cache")}

    def run(name: str) -> tuple[list[str], dict]:
        done = subprocess.run([sys.executable, "-c", script, "check", str(tmp_path / "a.jsonl"), "--no-fluency",
                               "--format", "json", "-o", str(tmp_path / name)],
                              capture_output=True, text=True, timeout=120, env=env)
        report = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        return json.loads(done.stdout.strip().splitlines()[-1]), report["documents"]

    imported, fresh = run("first.json")
    assert imported == ["mtqa.checks.boilerplate", "mtqa.checks.registry", "mtqa.checks.terms", "mtqa.numbers",
                        "yaml"]  # the glossary and the pattern lists read
    assert any(f["rule"] == "MTQ301" for document in fresh for f in document["findings"])
    assert run("again.json") == ([], fresh)


def test_the_shipped_syllable_list_is_the_one_derived_from_the_readings():
    assert syllable_inventory() == derived_syllable_inventory(), (
        "write mtqa/data/syllables.txt again: python -c 'from mtqa.entities.romanize import derived_syllable_inventory "
        "as d; print(*sorted(d()), sep=chr(10))' > mtqa/data/syllables.txt")


def test_the_shipped_han_readings_are_the_ones_derived_from_pypinyin():
    assert _han_table() == derived_han_readings(), (
        "write mtqa/data/han_readings.txt again: python -c 'from mtqa.entities.romanize import derived_han_readings "
        "as d, han_readings_text as t; print(t(d()), end=\"\")' > mtqa/data/han_readings.txt")
    assert han_readings("尹") == ("yin", "yun") and han_readings("吕") == ("lu", "lv") and han_readings("A") == ()


def test_the_shipped_english_word_list_is_the_one_derived_from_wordfreq():
    from wordfreq import zipf_frequency

    assert _english_words() == derived_english_words(), (
        "write mtqa/data/english_words.txt again: python -c 'from mtqa.entities.vocabulary import "
        "derived_english_words as d; print(*sorted(d()), sep=chr(10))' > mtqa/data/english_words.txt")
    words = ["Police", "public", "Weatherall", "cafe", "café", "Ministry", "x-ray", "don't", "YANG", "min", "Straße",
             "naïve", "Seoul", "Keqiang", "\u212aing", "co2", "", "a"]
    for word in words:
        expected = word.lower() not in syllable_inventory() and zipf_frequency(word.lower(), "en") >= ENGLISH_WORD_ZIPF
        assert is_english_word(word) == expected, word


def test_report_paths_are_checked_where_the_shipped_glossaries_are_no_package(monkeypatch, tmp_path):
    """Run from a source checkout that is not installed, mtqa.shipped_glossaries cannot be imported: a report is
    still written (it was "unexpected ModuleNotFoundError"), and mtqa's own package is still refused."""
    from importlib import resources

    import mtqa.output
    from mtqa.errors import MtqaError

    real = resources.files

    def files(package):
        if package == "mtqa.shipped_glossaries":
            raise ModuleNotFoundError(package)
        return real(package)

    monkeypatch.setattr(resources, "files", files)
    mtqa.output._own_folders.cache_clear()
    try:
        mtqa.output.refuse_inputs(str(tmp_path / "report.json"), [])
        with pytest.raises(MtqaError, match="mtqa's own files"):
            mtqa.output.refuse_inputs(str(Path(mtqa.output.__file__).parent / "data" / "x.json"), [])
    finally:
        mtqa.output._own_folders.cache_clear()
