"""The library's entry point: `Checker(config).check(documents) -> Report`, and `load_documents(paths)`.

Everything a run needs besides its flags lives here: the glossaries, the fluency scorer, the result cache, the
engine that spreads articles over processes or a Dask cluster, and the gate. The command line is a face over it;
a notebook, a web service, a test or a Dask worker uses it the same way:

    import mtqa
    checker = mtqa.Checker(mtqa.CheckerConfig(glossaries=("glossaries/east-asia-news.yaml",)))
    report = checker.check(mtqa.load_documents(["seeds/"]))
    print(len(report.findings), checker.judge(report).passed)

A Checker pickles as its config: a worker process or a Dask worker rebuilds the glossary (from the compiled-glossary
cache) and the model once, on first use.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import chain, islice

from mtqa.display import clipped, warn
from mtqa.errors import ConfigError, InputError, MtqaError
from mtqa.gate import GateSettings, Verdict, judge
from mtqa.glossary import shipped_glossary_paths
from mtqa.glossary.compile import CompiledGlossary
from mtqa.model import Document, Report, SkippedInput
from mtqa.pipeline import ArticleAnalysis, CheckOptions, analyse_articles, combine, measure_fluency

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class CheckerConfig:
    glossaries: tuple[str, ...] | None = None  # glossary files; None: the shipped ones
    extend_glossaries: tuple[str, ...] = ()  # added to `glossaries`
    options: CheckOptions = field(default_factory=CheckOptions)  # rules, severities, settings, metrics, baseline
    gate: GateSettings = field(default_factory=GateSettings)
    # Fluency: False off; True on, and a missing model is an error; None on where the model is installed (with a
    # warning and no scores where it is not).
    fluency: bool | None = False
    use_cache: bool = True  # the result cache, the sentence cache and the compiled-glossary cache
    jobs: int = 1  # worker processes for the local engine; 0: one per CPU
    engine: str = "local"  # local, or dask
    scheduler: str | None = None  # a Dask scheduler address; None: a local cluster

    def __post_init__(self) -> None:
        """Paths as strings and values of the right types, as the command line and the config file give them; a
        caller's mistake is one ConfigError here, not a failure deep inside a check."""
        from mtqa.config import MAX_JOBS
        from mtqa.given import checked_gate, checked_options, given_paths, whole_number

        if self.glossaries is not None:
            object.__setattr__(self, "glossaries", given_paths(self.glossaries, "glossaries"))
        object.__setattr__(self, "extend_glossaries", given_paths(self.extend_glossaries, "extend_glossaries"))
        object.__setattr__(self, "options", checked_options(self.options))
        object.__setattr__(self, "gate", checked_gate(self.gate))
        object.__setattr__(self, "jobs", whole_number(self.jobs, "jobs", 0, MAX_JOBS))
        if self.fluency not in (True, False, None) or not isinstance(self.use_cache, bool):
            raise ConfigError("fluency must be True, False or None, and use_cache True or False")
        if self.engine not in ENGINES:
            raise ConfigError(f"engine must be one of {', '.join(ENGINES)}, not {clipped(repr(self.engine), 40)}")
        if self.scheduler is not None and not isinstance(self.scheduler, str):
            raise ConfigError("scheduler must be an address (a string) or None")

    @property
    def glossary_paths(self) -> tuple[str, ...]:
        base = self.glossaries if self.glossaries is not None else tuple(shipped_glossary_paths())
        return (*base, *self.extend_glossaries)


class Batch:
    """Articles loaded from paths, and the inputs left out under keep_going. Read as it is iterated, and once: a
    large JSONL batch is checked as a stream, never held whole. `documents` reads every article and keeps them, for
    a batch to be used more than once; `skipped` lists the inputs left out so far (every one, once it is read)."""

    def __init__(self, documents: Iterable[Document], skipped: Sequence[SkippedInput] = ()) -> None:
        self._kept: list[Document] | None = documents if isinstance(documents, list) else None
        self._stream = iter(documents)
        self._ahead: list[Document] = []  # read to see whether there is any article, not yet given out
        self._given_out = False
        self._skipped = skipped  # a list that the reader appends to as it meets bad inputs
        self._stopped_by: MtqaError | None = None  # the bad input that ended the reading, if one did
        self.read_by_mtqa = False  # made by load_documents, whose readers checked every article as they read it

    @property
    def skipped(self) -> tuple[SkippedInput, ...]:
        return tuple(self._skipped)

    @property
    def documents(self) -> list[Document]:
        if self._kept is None:
            self._refuse_second_reading()
            self._kept = [*self._ahead, *self._read(self._stream)]
            self._ahead = []
        self.read_by_mtqa = False  # the list is the caller's now, who may add articles of their own to it
        return self._kept

    def has_articles(self) -> bool:
        """Whether the batch holds any article; reads at most the first."""
        if self._kept is not None:
            return bool(self._kept)
        self._refuse_second_reading()
        if not self._ahead:
            self._ahead = list(self._read(islice(self._stream, 1)))
        return bool(self._ahead)

    def _read(self, documents: Iterable[Document]) -> list[Document]:
        return list(self._noting_a_stop(documents))

    def _noting_a_stop(self, documents: Iterable[Document]) -> Iterator[Document]:
        """The articles; a bad input that stops the reading is raised again on every later use: the stream ended
        there, and reading on would find an empty or shortened batch that checks clean."""
        try:
            yield from documents
        except MtqaError as error:
            self._stopped_by = error
            raise

    def __iter__(self) -> Iterator[Document]:
        if self._kept is not None:
            return iter(self._kept)
        self._refuse_second_reading()
        self._given_out = True
        ahead, self._ahead = self._ahead, []
        return chain(ahead, self._noting_a_stop(self._stream))

    def __len__(self) -> int:
        if self._kept is None and self._given_out:
            # A TypeError, not MtqaError: list(batch) asks for a length only as a hint, and goes on without one.
            raise TypeError("a batch read as a stream has no length; use `batch.documents` to keep its articles")
        return len(self.documents)

    def _refuse_second_reading(self) -> None:
        if self._stopped_by is not None:
            # Without the frames of the use that first met it: raised at every later use, it would carry them all.
            raise self._stopped_by.with_traceback(None)
        if self._given_out:
            raise MtqaError("this batch has been read already; to check a batch more than once, read "
                            "`batch.documents` before its first check, and check the batch itself each time")


def load_documents(paths: str | os.PathLike | Sequence[str | os.PathLike], *, keep_going: bool = False,
                   source_lang: str | None = None, target_lang: str | None = None,
                   reference: str | os.PathLike | None = None) -> Batch:
    """The articles named by `paths` (files, folders, .jsonl, XLIFF, TMX, TSV), with the languages given for those
    that do not say, and reference translations from `reference` (a folder or a .jsonl), read as the batch is
    iterated (see Batch). A bad input raises mtqa.errors.InputError naming the file and line when it is read; with
    keep_going it is left out and listed in `skipped`."""
    from mtqa.given import given_paths, language
    from mtqa.io import stream_batch, with_languages
    from mtqa.io.references import with_references

    skipped: list[SkippedInput] = []
    paths = list(given_paths(paths, "paths"))
    source_lang, target_lang = language(source_lang, "source_lang"), language(target_lang, "target_lang")
    documents = with_languages(stream_batch(paths, keep_going, skipped, (source_lang, target_lang)), source_lang,
                               target_lang)
    if reference:
        documents = with_references(documents, given_paths(reference, "reference")[0])
    batch = Batch(documents, skipped)
    batch.read_by_mtqa = True
    return batch


class Checker:
    def __init__(self, config: CheckerConfig | None = None) -> None:
        self.config = CheckerConfig() if config is None else config  # 0, "" or [] is a wrong config, not the default
        # What one check has said (each warning once, however many windows meet it) and found (a result cache it
        # could not use), per thread: threads may share a checker, each with checks of its own.
        self._this_check = threading.local()
        if not isinstance(self.config, CheckerConfig):
            raise ConfigError(f"a Checker takes an mtqa.CheckerConfig, not {type(self.config).__name__}")

    def __getstate__(self) -> dict:
        # The rest is rebuilt where it is used, against the files as this checker first found them: a worker that
        # finds one written since checks with what it reads, but neither reads nor stores cached results.
        return {"config": self.config, "inputs": self._inputs}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["config"])
        self.__dict__["_inputs"] = state["inputs"]

    @cached_property
    def options(self) -> CheckOptions:
        options = self.config.options
        settings = options.settings
        pattern_files = {*settings.boilerplate_files, *settings.calque_files}
        # Every article is checked with the pattern files as the checker first found them, whatever is written later.
        pinned = tuple((path, version) for path, _, version in self._inputs if path in pattern_files)
        # Without caches, the compiled pattern lists are not read from disk either, as the glossary is not.
        use_cache = settings.use_cache and self.config.use_cache
        return replace(options, settings=replace(settings, pinned_versions=pinned, use_cache=use_cache))

    @cached_property
    def glossary(self) -> CompiledGlossary:
        from mtqa.glossary.cache import load_compiled_glossary

        self._inputs  # noqa: B018 - noted before the files are read
        return load_compiled_glossary(list(self.config.glossary_paths), use_cache=self.config.use_cache)

    @cached_property
    def _inputs(self) -> tuple[tuple[str, str, tuple | None], ...]:
        """Each glossary and pattern file: its path as given, where that was then, and its version (inode, size,
        modification and change times) before any was read. A file written later has another version, which no
        program can set back."""
        from mtqa.io.files import file_versions

        settings = self.config.options.settings
        paths = (*self.config.glossary_paths, *settings.boilerplate_files, *settings.calque_files)
        found = file_versions(tuple(os.path.abspath(path) for path in paths))
        return tuple((path, where, version) for path, (where, version) in zip(paths, found, strict=True))

    def changed_input(self) -> str | None:
        """A glossary or pattern file written since this checker first looked at it, if any."""
        from mtqa.io.files import file_versions

        now = file_versions(tuple(where for _, where, _ in self._inputs))
        return next((path for (path, _, version), (_, current) in zip(self._inputs, now, strict=True)
                     if current != version), None)

    def warn_once(self, message: str) -> None:
        """A warning line, unless this check has said it already (a cache opened again for each window)."""
        said = self._check_state().warned
        if message not in said:
            said.add(message)
            warn(message)

    def _check_state(self, fresh: bool = False) -> threading.local:
        """This thread's state of the check: made afresh as a check starts, or where a thread that did not start
        it asks first (a Dask worker's)."""
        state = self._this_check
        if fresh or not hasattr(state, "warned"):
            state.warned, state.result_cache_given_up = set(), False
        return state

    def _inputs_unchanged(self) -> bool:
        """Whether the glossary and pattern files are as this checker first found them. If not, what it read from
        them may be either version: nothing is read from the result cache or stored in it (said once per check)."""
        changed = self.changed_input()
        if changed is not None:
            self.warn_once(f"result cache not used: {changed} was written after it was first read (its articles are "
                           "checked with what was read, and not stored)")
        return changed is None

    @cached_property
    def _fluency(self) -> tuple[object | None, str | None]:
        """(scorer, None) when fluency is scored; (None, why not) when it was on by default but the model is not
        installed; (None, None) when it is off."""
        if self.config.fluency is False:
            return None, None
        from mtqa.fluency import load_scorer, unavailable_reason

        settings = self.options.fluency
        if not self.config.use_cache:
            settings = replace(settings, use_cache=False)
        missing = unavailable_reason(settings)
        if missing is not None:
            if self.config.fluency:
                raise MtqaError(missing)
            self.warn_once(f"fluency not scored: {missing}")  # a Dask worker may have said it already
            return None, missing
        return load_scorer(settings), None

    @property
    def scorer(self):
        """The fluency scorer, None when fluency is off or not installed; its weights load on the first sentence
        that is not in the sentence cache."""
        return self._fluency[0]

    def check(self, documents: Iterable[Document]) -> Report:
        """Check a batch (a Batch from load_documents, or any iterable of Documents, read once as it is checked) and
        return its report."""
        self._check_state(fresh=True)  # a file locked or damaged in an earlier check may be fine now
        batch = documents if isinstance(documents, Batch) else None
        if batch is None or not batch.read_by_mtqa:  # built by the caller: checked as the readers check theirs
            from mtqa.given import given_documents

            documents = given_documents(documents)
        stream = iter(documents)
        first = next(stream, None)  # before the glossary and the engine are set up for nothing
        if first is None and not (batch is not None and batch.skipped):
            # As the command line refuses an empty file or folder: an empty report passes any gate.
            raise InputError("documents", "no article to check (an empty list, or an iterator read already)")
        documents = stream if first is None else chain([first], stream)
        if self.config.engine == "dask":
            from mtqa.engines.dask_engine import dask_analyses

            analyses = dask_analyses(self, documents)  # read a window at a time, as the local engine reads it
        else:
            from mtqa.engines.local import local_analyses

            analyses = local_analyses(self, documents)  # reads the articles as it checks them
        skipped = batch.skipped if batch is not None else ()  # every one, now that all is read
        return self.combine(analyses, skipped)

    def analyse(self, documents: Sequence[Document], *,
                analyse_many: Callable[[list[Document]], list[ArticleAnalysis]] | None = None
                ) -> list[ArticleAnalysis]:
        """The map step over some articles: each article's own checks (by `analyse_many`, else one by one in this
        process) and its fluency measure when fluency is on; served from the result cache where the same article was
        checked the same way before."""
        start_many = None if analyse_many is None else (lambda missing: lambda: analyse_many(missing))
        return self.start_analysis(documents, start_many)()

    def start_analysis(self, documents: Sequence[Document],
                       start_many: Callable[[list[Document]], Callable[[], list[ArticleAnalysis]]] | None = None
                       ) -> Callable[[], list[ArticleAnalysis]]:
        """The map step over some articles, begun; what it returns finishes it, as `analyse` does. The articles the
        result cache does not hold go to `start_many`, which sets them going (on worker processes) and returns what
        waits for their analyses; without it they are checked here and now. An engine starts its next window of
        articles before it finishes one, so that its workers do not wait while the next is read."""
        from mtqa.result_cache import open_result_cache

        usable = self.config.use_cache and not self._check_state().result_cache_given_up and self._inputs_unchanged()
        cache = open_result_cache(self) if usable else None
        cached = cache.get_many(documents) if cache else {}
        if cache is not None:  # the next window, started before this one finishes, does not open it again
            self._note_given_up(cache)
        missing = [d for d in documents if d.id not in cached]
        if start_many is not None and missing:
            fresh_analyses = start_many(missing)
        else:
            checked_here = analyse_articles(missing, self.glossary, self.options)
            fresh_analyses = lambda: checked_here  # noqa: E731

        def finished() -> list[ArticleAnalysis]:
            fresh = fresh_analyses()
            if self.scorer is not None and fresh:
                measure_fluency(fresh, self.scorer, self.options.fluency)
            if cache is not None:
                # Not where a window finished meanwhile gave it up (locked, read-only): that one waited and warned.
                if (not fresh or self._inputs_unchanged()) and not self._check_state().result_cache_given_up:
                    cache.put_many(fresh)
                cache.close()
                self._note_given_up(cache)
            by_id = {a.document.id: a for a in fresh} | cached
            return [by_id[d.id] for d in documents]

        return finished

    def _note_given_up(self, cache) -> None:
        """A file this check could not use (locked, damaged, not private) is not opened again for each later window
        or, on a Dask worker, each run of articles: the same wait and the same warning every time."""
        state = self._check_state()
        state.result_cache_given_up = state.result_cache_given_up or cache.given_up

    def combine(self, analyses: Sequence[ArticleAnalysis], skipped: Sequence[SkippedInput] = ()) -> Report:
        """The reduce step: the batch-wide checks and scores over every article's analysis, in batch order."""
        scorer, fluency_skipped = self._fluency if analyses else (None, None)
        outcome = measure_fluency(analyses, scorer, self.options.fluency) if scorer is not None else None
        report = combine(analyses, self.glossary, self.options, outcome)
        self._warn_of_tokenized_text(analyses)
        return replace(report, skipped=tuple(skipped), fluency_skipped=fluency_skipped)

    def _warn_of_tokenized_text(self, analyses: Sequence[ArticleAnalysis]) -> None:
        from mtqa.metrics import TOKENIZED_LINES, tokenized_lines

        if "BLEU" in self.options.metrics:
            lines = tokenized_lines(analysis.document for analysis in analyses)
            if lines >= TOKENIZED_LINES:
                self.warn_once(f"{lines} translated lines end in a tokenized period (' .'): BLEU is meant for "
                               "detokenized text and scores tokenized text lower")

    def judge(self, report: Report) -> Verdict:
        """The gate's verdict on the checked articles; MtqaError when a threshold asks for what the run did not
        measure. Inputs left out under keep_going are not in it: `report.complete` is False then (the command line
        exits 2 whatever the verdict)."""
        if not isinstance(report, Report):
            raise MtqaError(f"judge takes the Report that check returned, not {type(report).__name__}")
        documents = [result.document for result in report.results]
        if self.config.gate.min_chrf is not None and not any(d.reference for d in documents):
            raise MtqaError("--min-chrf needs reference translations (a 'reference' field or --reference)")
        if self.config.gate.min_fluency is not None and documents and self.scorer is None:
            raise MtqaError("--min-fluency needs fluency scoring (drop --no-fluency)")
        return judge(report, self.config.gate)

    def signature(self) -> str:
        """What an article's analysis depends on besides the article: the key of the result cache."""
        from mtqa.result_cache import checker_signature

        return checker_signature(self)

