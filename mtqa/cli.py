"""The command line: check, rules, explain, glossary. Errors become one line on stderr and exit code 2."""

from __future__ import annotations

import contextlib
import functools
import math
import os
import sys
import textwrap
from dataclasses import dataclass

import click

from mtqa import __version__
from mtqa.alignment import aligned_segments
from mtqa.checker import ENGINES, Checker, CheckerConfig, load_documents
from mtqa.checks import CheckSettings
from mtqa.config import FAIL_ON_LEVELS, MAX_JOBS, Config, find_config, load_config
from mtqa.display import shown, warn
from mtqa.errors import MtqaError
from mtqa.fluency.precision import PRECISIONS
from mtqa.fluency.settings import FluencySettings
from mtqa.gate import EXIT_ERROR, GateSettings, Verdict
from mtqa.glossary import load_glossaries, shipped_glossary_paths
from mtqa.glossary.cache import held_for_run
from mtqa.language_tags import is_language_tag
from mtqa.metrics import DEFAULT_METRICS, METRIC_NAMES, metric_names
from mtqa.model import Report
from mtqa.output import Inputs, append_report, refuse_one_file_twice, write_report
from mtqa.pipeline import CheckOptions
from mtqa.report import FORMATS, report_pieces
from mtqa.rules import RULES, get_rule
from mtqa.selection import RuleSelection
from mtqa.signals import EXIT_INTERRUPTED, answer_signals
from mtqa.suppressions import baseline_chunks, load_baseline


def _fail(message: str) -> None:
    _error(message)
    sys.exit(EXIT_ERROR)


def _error(message: str) -> None:
    """One line on stderr, whatever the message quotes from input (ids, file names) holds."""
    try:
        click.echo(f"mtqa: error: {shown(message)}", err=True)
    except (OSError, AttributeError):
        pass  # stderr is full or closed: the exit code still says what happened


class _Given(click.ParamType):
    """A value that must not be empty: `--sarif "$UNSET"` would otherwise quietly write no report."""

    name = "text"

    def convert(self, value, param, ctx):
        if not str(value).strip():
            self.fail("an empty value (an unset variable?)", param, ctx)
        return value


GIVEN = _Given()


class _LanguageTag(click.ParamType):
    """A BCP 47 language tag such as en, zh-Hans or ko-KR."""

    name = "tag"

    def convert(self, value, param, ctx):
        if not is_language_tag(str(value)):
            self.fail(f"{shown(str(value))!r} is not a language tag (such as en, zh-Hans, ko)", param, ctx)
        return str(value)


class _Limit(click.FloatRange):
    """A number in range that is also finite: nan would pass every comparison and inf no report can hold."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


def _csv(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtqa")
def cli() -> None:
    """Quality checks for machine-translated news: names, terms, consistency, boilerplate."""


def check_options(command):
    """The options shared by `check` and `baseline create`: inputs, glossaries, config, rules and gate."""
    options = [
        click.argument("paths", nargs=-1, required=True, type=GIVEN),
        click.option("--glossary", "glossaries", multiple=True, metavar="FILE", type=GIVEN,
                     help="Glossary YAML; replaces the shipped glossaries. Repeatable."),
        click.option("--extend-glossary", "extend_glossaries", multiple=True, metavar="FILE", type=GIVEN,
                     help="Glossary YAML added to the default or configured set. Repeatable."),
        click.option("--config", "config_path", metavar="FILE", type=GIVEN,
                     help="mtqa.toml or pyproject.toml with [tool.mtqa]."),
        click.option("--reference", "reference", metavar="FILE|DIR", type=GIVEN,
                     help="Reference translations: a folder of files named like the articles, or a .jsonl with id "
                          "and reference."),
        click.option("--baseline", "baseline_path", metavar="FILE", type=GIVEN,
                     help="Hide the findings recorded in FILE."),
        click.option("--select", multiple=True, type=GIVEN,
                     help="Rules to enable (codes, prefixes or names; comma-separated)."),
        click.option("--extend-select", multiple=True, type=GIVEN, help="Rules to enable on top of the selection."),
        click.option("--ignore", multiple=True, type=GIVEN,
                     help="Rules to disable (codes, prefixes or names; comma-separated)."),
        click.option("--fuzzy-threshold", type=_Limit(50, 100), help="Near-miss similarity, 50-100 [80]."),
        click.option("--fail-on", type=click.Choice(FAIL_ON_LEVELS),
                     help="Lowest severity that fails the gate [major]."),
        click.option("--max-penalty", type=_Limit(0),
                     help="Fail above this batch MQM penalty per 1,000 words."),
        click.option("--min-fluency", type=_Limit(0, 100), help="Fail below this batch fluency score."),
        click.option("--min-chrf", type=_Limit(0, 100),
                     help="Fail below this batch chrF++ (needs references)."),
        click.option("--source-lang", type=_LanguageTag(),
                     help="The sources' language where an article does not say (TSV, plain files) [unknown]."),
        click.option("--target-lang", type=_LanguageTag(),
                     help="The translations' language where an article does not say [English]."),
        click.option("--keep-going", is_flag=True,
                     help="Check every good file and JSONL line, list the bad ones in every report and exit 2."),
        click.option("--fluency/--no-fluency", "fluency", default=None,
                     help="Score fluency with the language model [on]."),
        click.option("--fluency-model", metavar="PATH", type=GIVEN,
                     help="A local Hugging Face causal-LM folder [the packaged SmolLM2-135M]."),
        click.option("--fluency-threads", type=click.IntRange(1), help="CPU threads for the model [all cores]."),
        click.option("--no-cache", is_flag=True,
                     help="Do not read or write the cache of sentence scores (also MTQA_NO_CACHE=1)."),
        click.option("--metrics", multiple=True, type=GIVEN, metavar="NAMES",
                     help=f"Reference metrics, comma-separated, of {', '.join(METRIC_NAMES)} "
                          f"[{','.join(DEFAULT_METRICS)}; TER costs more than every check together]."),
        click.option("--jobs", "-j", type=click.IntRange(0, MAX_JOBS), metavar="N",
                     help="Worker processes for the articles' checks; 0: one per CPU [0]."),
        click.option("--engine", type=click.Choice(ENGINES),
                     help="Where articles are checked: this machine, or a Dask cluster (pip install 'mtqa[dask]') "
                          "[local]."),
        click.option("--scheduler", metavar="ADDRESS", type=GIVEN,
                     help="The Dask scheduler to use with --engine dask, such as tcp://host:8786 [a local cluster]."),
        click.option("--fluency-precision", type=click.Choice(PRECISIONS),
                     help="Number format of the model: bf16 (about 2x fp32 where the CPU has it natively; scores "
                          "move slightly with the batch), int8 (about 1.4x on any x86-64 CPU, weaker ranking) "
                          "[auto: fp32, the same scores whatever the batch, cache or workers]."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@cli.command()
@check_options
@click.option("--format", "output_format", type=click.Choice(["text", *FORMATS]), default="text", show_default=True)
@click.option("--output", "-o", metavar="FILE", type=GIVEN, help="Write the report here instead of standard output.")
@click.option("--json", "json_path", metavar="FILE", type=GIVEN, help="Also write the JSON report to FILE.")
@click.option("--sarif", "sarif_path", metavar="FILE", type=GIVEN, help="Also write the SARIF report to FILE.")
@click.option("--html", "html_path", metavar="FILE", type=GIVEN, help="Also write the HTML report for editors to FILE.")
@click.option("--color/--no-color", "colour", default=None, help="Colour the text report [auto].")
def check(output_format, output, json_path, sarif_path, html_path, colour, **request) -> None:
    """Check translated articles: files, folders of .txt/.md, or .jsonl batches."""
    try:
        run = _run(outputs=(output, json_path, sarif_path, html_path), **request)
        for path, name in ((json_path, "json"), (sarif_path, "sarif"), (html_path, "html")):
            if path:
                write_report(path, _report_chunks(name, run.report, run.verdict), run.inputs)
        _emit(run, output_format, output, colour)
    except MtqaError as error:
        _fail(str(error))
    sys.exit(EXIT_ERROR if run.report.skipped else run.verdict.exit_code)


@cli.group()
def baseline() -> None:
    """Record today's findings so that CI fails only on new ones."""


@baseline.command("create")
@click.argument("baseline_file", metavar="FILE", type=GIVEN)
@check_options
def baseline_create(baseline_file, **request) -> None:
    """Check PATHS and record every finding in FILE (use it later with --baseline FILE)."""
    try:
        run = _run(outputs=(baseline_file,), **request)
        write_report(baseline_file, baseline_chunks(run.report), run.inputs)
    except MtqaError as error:
        _fail(str(error))
    click.echo(f"recorded {len(run.report.findings)} finding(s) in {shown(baseline_file)}", err=True)
    sys.exit(EXIT_ERROR if run.report.skipped else 0)


@dataclass(frozen=True)
class _Run:
    report: Report
    verdict: Verdict
    inputs: Inputs  # every file or folder the run read: no report may be written over one


def _run(outputs, paths, glossaries, extend_glossaries, config_path, reference, baseline_path, select, extend_select,
         ignore, fuzzy_threshold, fail_on, max_penalty, min_fluency, min_chrf, keep_going, fluency, fluency_model,
         fluency_threads, fluency_precision, no_cache, source_lang, target_lang, metrics, jobs, engine,
         scheduler) -> _Run:
    """The checker the options and the config file describe, run over the batch and judged. A report path that
    names an input is refused before any work."""
    config = load_config(config_path or find_config())
    checker_config = _checker_config(config, glossaries, extend_glossaries, baseline_path, select, extend_select,
                                     ignore, fuzzy_threshold, fail_on, max_penalty, min_fluency, min_chrf, fluency,
                                     fluency_model, fluency_threads, fluency_precision, no_cache, metrics, jobs,
                                     engine, scheduler)
    inputs = (*paths, *checker_config.glossary_paths, *filter(None, (config.path, reference, baseline_path,
                                                                      checker_config.options.fluency.model)),
              *config.boilerplate_patterns, *config.calque_patterns)
    # Folders any file of which the run may read: a reference folder, a fluency model's.
    read_whole = tuple(filter(None, (reference, checker_config.options.fluency.model)))
    given = Inputs(inputs, whole_folders=read_whole)
    for output in filter(None, outputs):
        given.refuse(output)
    refuse_one_file_twice(filter(None, outputs))
    # Read as it is checked: a bad input met late still stops the run before any report is written.
    batch = load_documents(list(paths), keep_going=keep_going, source_lang=source_lang, target_lang=target_lang,
                           reference=reference)
    # Only the first article is read before the glossary is loaded: a bad input there is told first, one further on
    # when the check reaches it (after a bad glossary, then).
    any_article = batch.has_articles()
    checker = Checker(checker_config)
    held_for_run(lambda: checker.glossary)  # this process ends with the run: the collector need not walk it
    if checker_config.fluency is not False and any_article and checker_config.options.fluency.model is None:
        _prepare_packaged_model(checker_config.options.fluency)
    report = checker.check(batch)
    for bad in report.skipped:
        _error(str(bad))
    return _Run(report, checker.judge(report), Inputs((*inputs, *_files_read(report, paths)), whole_folders=read_whole))


def _files_read(report: Report, paths: tuple[str, ...]) -> list[str]:
    """The article files the run read, and the folders it found them in below a folder it was given: a linked folder
    or file inside a checked folder leads outside it, where the paths on the command line say nothing of."""
    given = {os.path.normpath(path) for path in paths}
    files = dict.fromkeys(path for path in (*(result.document.path for result in report.results),
                                            *(skipped.path for skipped in report.skipped)) if path)
    folders = dict.fromkeys(os.path.dirname(path) for path in files if os.path.normpath(path) not in given)
    return [*files, *filter(None, folders)]


def _checker_config(config: Config, glossaries, extend_glossaries, baseline_path, select, extend_select, ignore,
                    fuzzy_threshold, fail_on, max_penalty, min_fluency, min_chrf, fluency, fluency_model,
                    fluency_threads, fluency_precision, no_cache, metrics, jobs, engine, scheduler) -> CheckerConfig:
    """Flags over the config file over the defaults."""
    gate = GateSettings(
        fail_on=fail_on or config.fail_on,
        max_penalty=max_penalty if max_penalty is not None else config.max_penalty,
        min_fluency=min_fluency if min_fluency is not None else config.min_fluency,
        min_chrf=min_chrf if min_chrf is not None else config.min_chrf,
    )
    if metrics and not _csv(metrics):
        raise MtqaError("--metrics names no metric (for none, leave out the references)")
    chosen_metrics = metric_names(_csv(metrics)) if metrics else config.metrics
    if gate.min_chrf is not None and "chrF++" not in chosen_metrics:
        chosen_metrics = metric_names((*chosen_metrics, "chrF++"))  # the gate needs it
    model = fluency_model or config.fluency_model
    options = CheckOptions(
        selection=_selection(config, _csv(select), _csv(extend_select), _csv(ignore)),
        severity_overrides=config.severity,
        settings=CheckSettings(
            fuzzy_threshold=fuzzy_threshold or config.fuzzy_threshold,
            boilerplate_files=config.boilerplate_patterns,
            calque_files=config.calque_patterns,
            use_cache=not no_cache,
        ),
        baseline=load_baseline(baseline_path) if baseline_path else None,
        fluency=FluencySettings(model=model, threads=fluency_threads,
                                precision=fluency_precision or config.fluency_precision,
                                use_cache=not no_cache),  # MTQA_NO_CACHE is read where the cache is opened
        metrics=chosen_metrics,
    )
    wanted = fluency if fluency is not None else config.fluency is not False
    # Asked for by name (--fluency, `fluency = true`, a model named) or needed by a gate: a missing model is an
    # error; on by default only: a warning.
    explicit = fluency is True or config.fluency is True or gate.min_fluency is not None or model is not None
    return CheckerConfig(
        glossaries=tuple(glossaries) or config.glossaries,
        extend_glossaries=(*config.extend_glossaries, *extend_glossaries),
        options=options, gate=gate, fluency=(True if explicit else None) if wanted else False,
        use_cache=not no_cache, jobs=jobs if jobs is not None else config.jobs, engine=engine or "local",
        scheduler=scheduler,
    )


def _prepare_packaged_model(settings: FluencySettings) -> None:
    """Convert the packaged model on the first run, saying so: it takes about 30 s once."""
    from mtqa.fluency import is_prepared, prepare_model, unavailable_reason

    if unavailable_reason(settings) is None and not is_prepared(settings.cache_dir):
        prepare_model(settings.cache_dir, announce=lambda: click.echo(
            "mtqa: preparing the fluency model once (about 30 s) ...", err=True))


def _selection(config: Config, select: tuple, extend_select: tuple, ignore: tuple) -> RuleSelection:
    """--select on the command line replaces the configured selection, ignores included; other flags add."""
    if select:
        return RuleSelection(select=select, extend_select=extend_select, ignore=ignore)
    return RuleSelection(select=config.select or ("MTQ",), extend_select=config.extend_select + extend_select,
                         ignore=config.ignore + ignore)


def _report_chunks(name: str, report: Report, verdict: Verdict):
    """The report in the format `name` (a machine format, or the HTML page), in pieces."""
    if name == "html":
        from mtqa.report.html import html_chunks  # jinja2, loaded by the runs that write an HTML report

        return html_chunks(report, verdict)
    return report_pieces(name, report, verdict)


def _emit(run: _Run, output_format: str, output: str | None, colour: bool | None) -> None:
    report, verdict = run.report, run.verdict
    if output_format in FORMATS:
        content = report_pieces(output_format, report, verdict)
        if output:
            write_report(output, content, run.inputs)
        else:
            _to_stdout(lambda: sys.stdout.writelines(content))
    else:
        _emit_text(run, output, colour)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if output_format == "github" and summary:
        from mtqa.report.github import step_summary

        # Appended, not replaced: the steps of a job share this file.
        append_report(summary, step_summary(report, verdict), run.inputs, what="job summary (GITHUB_STEP_SUMMARY)")


def _emit_text(run: _Run, output: str | None, colour: bool | None) -> None:
    from mtqa.report.text_report import render_text, text_chunks  # rich, loaded by the runs that write the text report

    if output:
        write_report(output, text_chunks(run.report, run.verdict, colour=False), run.inputs)
    else:
        _to_stdout(lambda: render_text(run.report, run.verdict, sys.stdout, colour=colour))


def _to_stdout(write) -> None:
    if sys.stdout is None:
        raise MtqaError("standard output is closed; name a report file with --output")
    try:
        write()
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit where it could not be reported
    except BrokenPipeError:
        _quiet_stdout()
        raise MtqaError("standard output was closed before the report was written") from None
    except OSError as error:
        _quiet_stdout()
        raise MtqaError(f"standard output: cannot write the report ({error.strerror or error})") from None


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


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
def cache() -> None:
    """The caches that make re-runs fast: article results, sentence scores, compiled glossaries and pattern lists."""


@cache.command("clear")
@click.option("--cache-dir", metavar="DIR", type=GIVEN, help="The cache folder [$MTQA_CACHE or ~/.cache/mtqa].")
def cache_clear(cache_dir: str | None) -> None:
    """Remove every cached result, sentence score, compiled glossary and pattern list (the prepared model stays)."""
    from mtqa.caches import clear_caches

    try:
        removed = clear_caches(cache_dir)
    except MtqaError as error:
        _fail(str(error))
    click.echo(f"removed {removed} cache file(s)")


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


def _glossary_conversion(name: str, default_format: str | None, summary: str) -> click.Command:
    """`glossary import` and `glossary export`: one converter; they differ only in the format chosen by default."""
    from mtqa.glossary.convert import FORMATS, convert, format_for

    @glossary.command(name, help=summary)
    @click.argument("files", nargs=-1, required=True, type=GIVEN)
    @click.option("-o", "--output", required=True, metavar="FILE", type=GIVEN,
                  help="The file to write; its suffix (.yaml, .csv, .tbx) gives the format unless --to does.")
    @click.option("--to", "to", type=click.Choice(FORMATS), help="The format to write.")
    @click.option("--target-lang", default="en", show_default=True, metavar="TAG", type=GIVEN,
                  help="The language of canonical forms in TBX and CSV (its varieties too: en takes en-US).")
    def command(files: tuple[str, ...], output: str, to: str | None, target_lang: str) -> None:
        try:
            chosen = format_for(output, to, default_format)
            text = convert(list(files), chosen, target_lang, output)
            write_report(output, text, inputs=files)
        except MtqaError as error:
            _fail(str(error))
        click.echo(f"wrote {shown(output)} ({chosen})", err=True)

    return command


glossary_import = _glossary_conversion(
    "import", "yaml", "Convert TBX, CSV or YAML glossaries into one glossary, YAML by default.")
glossary_export = _glossary_conversion("export", None, "Convert glossaries into one CSV, TBX or YAML file.")


@glossary.command("suggest")
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=GIVEN)
@click.option("-o", "--output", metavar="FILE", type=GIVEN,
              help="Write the suggestions here instead of standard output.")
@click.option("--glossary", "glossaries", multiple=True, metavar="FILE", type=GIVEN,
              help="Leave out what these glossaries list [the configured or shipped ones].")
@click.option("--top", type=click.IntRange(min=1), metavar="N", help="At most N suggestions, strongest first.")
@click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True, metavar="K",
              help="Suggest terms found in at least K distinct source segments.")
def glossary_suggest(paths: tuple[str, ...], output: str | None, glossaries: tuple[str, ...], top: int | None,
                     min_count: int) -> None:
    """Propose glossary entries for the names and terms that recur in a bilingual batch, as glossary YAML."""
    from mtqa.glossary.suggest import suggest, suggestions_glossary
    from mtqa.glossary.yaml_format import render_yaml

    try:
        config = load_config(find_config())
        glossary_paths = CheckerConfig(glossaries=tuple(glossaries) or config.glossaries,
                                       extend_glossaries=config.extend_glossaries).glossary_paths
        # The config names the glossaries and pattern files: none of them is an output.
        inputs = Inputs((*paths, *glossary_paths, *filter(None, (config.path,)), *config.boilerplate_patterns,
                         *config.calque_patterns))
        if output:
            inputs.refuse(output)
        documents = load_documents(list(paths)).documents
        if not any(aligned_segments(document) for document in documents):
            warn("no article has a source aligned with its translation (segments, or as many lines as its target): "
                 "there is nothing to suggest from")
        glossary = load_glossaries(glossary_paths)
        found = suggest(documents, glossary, min_count=min_count, top=top)
        text = render_yaml(suggestions_glossary(found, len(documents), taken_ids=(e.id for e in glossary.entries)))
        if output:
            write_report(output, text, inputs=inputs)
        else:
            _to_stdout(lambda: sys.stdout.write(text))
    except MtqaError as error:
        _fail(str(error))
    if output:
        click.echo(f"wrote {shown(output)} ({len(found)} suggestions)", err=True)


def main() -> None:
    """The console script: every way a run can end maps to one exit code, and every error to one line."""
    answer_signals()
    for stream in (sys.stdout, sys.stderr):
        # A terminal or pipe in a legacy encoding (cp1252, ASCII) gets escapes for what it cannot hold, not a crash.
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = cli.main(args=files_named_like_options(sys.argv[1:]), prog_name="mtqa", standalone_mode=False)
    except click.exceptions.Abort:  # click's form of KeyboardInterrupt
        click.echo("mtqa: interrupted", err=True)
        code = EXIT_INTERRUPTED
    except click.exceptions.NoArgsIsHelpError as error:  # `mtqa` or `mtqa model` alone: the help, as a reminder
        click.echo(error.format_message(), err=True)
        code = EXIT_ERROR
    except click.ClickException as error:  # a usage error: a bad option or value
        context = getattr(error, "ctx", None)
        _error(error.format_message() + (f" (see '{context.command_path} --help')" if context else ""))
        code = EXIT_ERROR
    except MtqaError as error:
        _error(str(error))
        code = EXIT_ERROR
    except SystemExit as ending:
        _quiet_engine_logs(ending.code)
        raise
    except RecursionError:
        _error("input nested too deeply to process")
        code = EXIT_ERROR
    except MemoryError:
        _error("out of memory (an input is too large)")
        code = EXIT_ERROR
    except Exception as error:  # a bug, or input nothing checked for: still exit 2 and one line, never a traceback
        _error(f"unexpected {type(error).__name__}: {error} (run with MTQA_DEBUG=1 for the traceback)")
        if os.environ.get("MTQA_DEBUG"):
            raise
        code = EXIT_ERROR
    _quiet_engine_logs(code)
    sys.exit(code if isinstance(code, int) else 0)


def files_named_like_options(arguments: list[str]) -> list[str]:
    """The command line with each argument that starts with "-" but names an existing file or folder written as a
    path to it: a file named "--json=README.md", "--config=relax.md" or "--help", which a shell's `*`, the pre-commit
    hook or a CI step's list of changed files passes, is an article to check, not an option (a report over README.md,
    a config that turns the gate off, usage and exit 0). A command line with a `--` says itself where its paths start
    (the Action's), and the bare name of an option that takes a value ("--glossary") stays that option whatever the
    folder holds: a file committed under that name took the option's value for an article."""
    if "--" in arguments:
        return list(arguments)
    return [f"./{argument}" if _names_a_path(argument) else argument for argument in arguments]


def _names_a_path(argument: str) -> bool:
    return argument.startswith("-") and argument != "-" and argument not in _options_taking_a_value() \
        and os.path.lexists(argument)


@functools.cache
def _options_taking_a_value() -> frozenset[str]:
    """Every option name of mtqa's commands that takes a value ("--glossary", "-o")."""
    names: set[str] = set()
    commands: list[click.Command] = [cli]
    while commands:
        command = commands.pop()
        if isinstance(command, click.Group):
            commands.extend(command.commands.values())
        for param in command.params:
            if isinstance(param, click.Option) and not param.is_flag and not param.count:
                names.update((*param.opts, *param.secondary_opts))
    return frozenset(names)


def _quiet_engine_logs(code: object) -> None:
    """After a Dask run that did not end as it should (exit 0 or 1), its libraries' logs stay silent while the
    process ends: an interrupted run's client logs the tasks it dropped as they are collected, after the run's line."""
    dask_engine = sys.modules.get("mtqa.engines.dask_engine")
    if dask_engine is not None and code not in (0, 1, None):
        dask_engine.silence_library_logs()
