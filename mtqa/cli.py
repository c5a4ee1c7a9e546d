"""The command line: check, rules, explain, glossary. Errors become one line on stderr and exit code 2."""

from __future__ import annotations

import io
import os
import sys
import textwrap

import click

from mtqa import __version__
from mtqa.checks import CheckSettings
from mtqa.config import FAIL_ON_LEVELS, Config, find_config, load_config
from mtqa.errors import MtqaError
from mtqa.fluency.documents import FluencySettings
from mtqa.fluency.precision import PRECISIONS
from mtqa.gate import EXIT_ERROR, GateSettings, judge
from mtqa.glossary import load_glossaries, shipped_glossary_paths
from mtqa.glossary.compile import CompiledGlossary
from mtqa.io import load_path
from mtqa.io.references import attach_references
from mtqa.model import Document, Report
from mtqa.output import write_atomically
from mtqa.pipeline import CheckOptions, check_batch
from mtqa.report import FORMATS
from mtqa.report.github import step_summary
from mtqa.report.html import render_html
from mtqa.report.json_report import render_json
from mtqa.report.sarif import render_sarif
from mtqa.report.text_report import render_text
from mtqa.rules import RULES, get_rule
from mtqa.selection import RuleSelection
from mtqa.suppressions import baseline_json, load_baseline


def _fail(message: str) -> None:
    click.echo(f"mtqa: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _csv(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtqa")
def cli() -> None:
    """Quality checks for machine-translated news: names, terms, consistency, boilerplate."""


def check_options(command):
    """The options shared by `check` and `baseline create`: inputs, glossaries, config, rules and gate."""
    options = [
        click.argument("paths", nargs=-1, required=True),
        click.option("--glossary", "glossaries", multiple=True, metavar="FILE",
                     help="Glossary YAML; replaces the shipped glossaries. Repeatable."),
        click.option("--extend-glossary", "extend_glossaries", multiple=True, metavar="FILE",
                     help="Glossary YAML added to the default or configured set. Repeatable."),
        click.option("--config", "config_path", metavar="FILE", help="mtqa.toml or pyproject.toml with [tool.mtqa]."),
        click.option("--reference", "reference", metavar="FILE|DIR",
                     help="Reference translations: a folder of files named like the articles, or a .jsonl with id "
                          "and reference."),
        click.option("--baseline", "baseline_path", metavar="FILE", help="Hide the findings recorded in FILE."),
        click.option("--select", multiple=True, help="Rules to enable (codes, prefixes or names; comma-separated)."),
        click.option("--extend-select", multiple=True, help="Rules to enable on top of the selection."),
        click.option("--ignore", multiple=True, help="Rules to disable (codes, prefixes or names; comma-separated)."),
        click.option("--fuzzy-threshold", type=click.FloatRange(50, 100), help="Near-miss similarity, 50-100 [80]."),
        click.option("--fail-on", type=click.Choice(FAIL_ON_LEVELS),
                     help="Lowest severity that fails the gate [major]."),
        click.option("--max-penalty", type=click.FloatRange(0),
                     help="Fail above this batch MQM penalty per 1,000 words."),
        click.option("--min-fluency", type=click.FloatRange(0, 100), help="Fail below this batch fluency score."),
        click.option("--min-chrf", type=click.FloatRange(0, 100),
                     help="Fail below this batch chrF++ (needs references)."),
        click.option("--keep-going", is_flag=True, help="Report bad input files and check the rest."),
        click.option("--fluency/--no-fluency", "fluency", default=None,
                     help="Score fluency with the language model [on]."),
        click.option("--fluency-model", metavar="PATH",
                     help="A local Hugging Face causal-LM folder [the packaged SmolLM2-135M]."),
        click.option("--fluency-threads", type=click.IntRange(1), help="CPU threads for the model [all cores]."),
        click.option("--fluency-precision", type=click.Choice(PRECISIONS),
                     help="Number format of the model: bf16 (about 2x fp32 where the CPU has it natively), int8 "
                          "(about 1.4x on any x86-64 CPU, weaker ranking) [auto: bf16 where native, else fp32]."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@cli.command()
@check_options
@click.option("--format", "output_format", type=click.Choice(["text", *FORMATS]), default="text", show_default=True)
@click.option("--output", "-o", metavar="FILE", help="Write the report here instead of standard output.")
@click.option("--json", "json_path", metavar="FILE", help="Also write the JSON report to FILE.")
@click.option("--sarif", "sarif_path", metavar="FILE", help="Also write the SARIF report to FILE.")
@click.option("--html", "html_path", metavar="FILE", help="Also write the HTML report for editors to FILE.")
@click.option("--color/--no-color", "colour", default=None, help="Colour the text report [auto].")
def check(output_format, output, json_path, sarif_path, html_path, colour, **request) -> None:
    """Check translated articles: files, folders of .txt/.md, or .jsonl batches."""
    try:
        report, verdict, input_errors = _run(**request)
        inputs = list(request["paths"])
        for path, render in ((json_path, render_json), (sarif_path, render_sarif), (html_path, render_html)):
            if path:
                write_atomically(path, render(report, verdict), inputs)
        _emit(report, verdict, output_format, output, colour, inputs)
    except MtqaError as error:
        _fail(str(error))
    sys.exit(EXIT_ERROR if input_errors else verdict.exit_code)


@cli.group()
def baseline() -> None:
    """Record today's findings so that CI fails only on new ones."""


@baseline.command("create")
@click.argument("baseline_file", metavar="FILE")
@check_options
def baseline_create(baseline_file, **request) -> None:
    """Check PATHS and record every finding in FILE (use it later with --baseline FILE)."""
    try:
        report, _, input_errors = _run(**request)
        write_atomically(baseline_file, baseline_json(report), list(request["paths"]))
    except MtqaError as error:
        _fail(str(error))
    click.echo(f"recorded {len(report.findings)} finding(s) in {baseline_file}", err=True)
    sys.exit(EXIT_ERROR if input_errors else 0)


def _run(paths, glossaries, extend_glossaries, config_path, reference, baseline_path, select, extend_select,
         ignore, fuzzy_threshold, fail_on, max_penalty, min_fluency, min_chrf, keep_going, fluency, fluency_model,
         fluency_threads, fluency_precision):
    """Load everything the options name, check the batch and judge it: (report, verdict, input error count)."""
    config = load_config(config_path or find_config())
    documents, input_errors = _load_documents(paths, keep_going)
    if reference:
        documents = attach_references(documents, reference)
    glossary = CompiledGlossary(load_glossaries(_glossary_paths(config, glossaries, extend_glossaries)))
    options = CheckOptions(
        selection=_selection(config, _csv(select), _csv(extend_select), _csv(ignore)),
        severity_overrides=config.severity,
        settings=CheckSettings(
            fuzzy_threshold=fuzzy_threshold or config.fuzzy_threshold,
            boilerplate_files=config.boilerplate_patterns,
            calque_files=config.calque_patterns,
        ),
        baseline=load_baseline(baseline_path) if baseline_path else None,
        fluency=FluencySettings(model=fluency_model or config.fluency_model, threads=fluency_threads,
                                precision=fluency_precision or config.fluency_precision),
    )
    scorer = None
    if (fluency if fluency is not None else config.fluency) and documents:
        scorer = _fluency_scorer(options.fluency)
    report = check_batch(documents, glossary, options, scorer)
    gate = GateSettings(
        fail_on=fail_on or config.fail_on,
        max_penalty=max_penalty if max_penalty is not None else config.max_penalty,
        min_fluency=min_fluency if min_fluency is not None else config.min_fluency,
        min_chrf=min_chrf if min_chrf is not None else config.min_chrf,
    )
    if gate.min_chrf is not None and not any(d.reference for d in documents):
        raise MtqaError("--min-chrf needs reference translations (a 'reference' field or --reference)")
    if gate.min_fluency is not None and scorer is None and documents:
        raise MtqaError("--min-fluency needs fluency scoring (drop --no-fluency)")
    return report, judge(report, gate), input_errors


def _fluency_scorer(settings: FluencySettings):
    from mtqa.fluency import load_scorer, prepare_model, prepared_path

    if settings.model is None and not prepared_path(settings.cache_dir).exists():
        click.echo("mtqa: preparing the fluency model once (about 30 s) ...", err=True)
        prepare_model(settings.cache_dir)
    return load_scorer(settings)


def _selection(config: Config, select: tuple, extend_select: tuple, ignore: tuple) -> RuleSelection:
    """--select on the command line replaces the configured selection, ignores included; other flags add."""
    if select:
        return RuleSelection(select=select, extend_select=extend_select, ignore=ignore)
    return RuleSelection(select=config.select or ("MTQ",), extend_select=config.extend_select + extend_select,
                         ignore=config.ignore + ignore)


def _load_documents(paths: tuple[str, ...], keep_going: bool) -> tuple[list[Document], int]:
    documents: list[Document] = []
    errors = 0
    seen: set[str] = set()
    for path in paths:
        try:
            loaded = load_path(path)
        except MtqaError as error:
            if not keep_going:
                raise
            click.echo(f"mtqa: error: {error}", err=True)
            errors += 1
            continue
        for document in loaded:
            if document.id in seen:
                raise MtqaError(f"{path}: duplicate document id '{document.id}'")
            seen.add(document.id)
            documents.append(document)
    return documents, errors


def _glossary_paths(config: Config, glossaries: tuple[str, ...], extend: tuple[str, ...]) -> list[str]:
    base = list(glossaries) or list(config.glossaries or ()) or shipped_glossary_paths()
    return base + list(config.extend_glossaries) + list(extend)


def _emit(report: Report, verdict, output_format: str, output: str | None, colour: bool | None,
          inputs: list[str]) -> None:
    if output_format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        # Appended, not replaced: the steps of a job share this file.
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as stream:
            stream.write(step_summary(report, verdict))
    if output_format in FORMATS:
        content = FORMATS[output_format](report, verdict)
        if output:
            write_atomically(output, content, inputs)
        else:
            click.echo(content, nl=False)
        return
    if output:
        buffer = io.StringIO()
        render_text(report, verdict, buffer, colour=False)
        write_atomically(output, buffer.getvalue(), inputs)
    else:
        render_text(report, verdict, sys.stdout, colour=colour)


@cli.command()
def rules() -> None:
    """List every rule with its code, default severity and category."""
    for rule in RULES:
        click.echo(f"{rule.code}  {rule.name:<32} {rule.severity.value:<8} {rule.category.value:<12} {rule.summary}")


@cli.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Explain a rule (by code or name), with a bad and a good example."""
    found = get_rule(rule)
    if found is None:
        _fail(f"unknown rule '{rule}' (see 'mtqa rules')")
    click.echo(f"{found.code} {found.name} ({found.severity.value}, {found.category.value})\n")
    click.echo(textwrap.fill(found.explanation, 100) + "\n")
    click.echo("Bad:\n" + textwrap.indent(found.bad, "    ") + "\n")
    click.echo("Good:\n" + textwrap.indent(found.good, "    "))


@cli.group()
def model() -> None:
    """The fluency language model."""


@model.command("prepare")
@click.option("--cache-dir", metavar="DIR", help="Where to keep the prepared model [$MTQA_CACHE or ~/.cache/mtqa].")
def model_prepare(cache_dir: str | None) -> None:
    """Convert the packaged SmolLM2 model once, so that later checks load it in well under a second."""
    from mtqa.fluency import prepare_model

    try:
        path = prepare_model(cache_dir)
    except MtqaError as error:
        _fail(str(error))
    click.echo(f"prepared: {path}")


@cli.group()
def glossary() -> None:
    """Glossary tools."""


@glossary.command("validate")
@click.argument("files", nargs=-1)
def glossary_validate(files: tuple[str, ...]) -> None:
    """Validate glossary files (the shipped ones when none are named)."""
    try:
        loaded = load_glossaries(list(files) or shipped_glossary_paths())
    except MtqaError as error:
        _fail(str(error))
    click.echo(f"ok: {len(loaded.entries)} entries in {len(loaded.paths)} file(s)")


def main() -> None:
    cli(prog_name="mtqa")
