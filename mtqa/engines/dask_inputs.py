"""What a Dask worker is sent for a check: the checker with its files named by absolute paths, and what the client
read in them, which the worker compares with what it reads before its first article.

A worker of an existing cluster runs in a folder of its own, perhaps on another machine: a relative glossary path
would name another file there, or none, and a file at the same absolute path may be an older copy. Either gave a
report of other findings under the client's glossary names, and nothing said.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from mtqa.errors import InputError, MtqaError
from mtqa.io.names import display_path

if TYPE_CHECKING:
    from mtqa.checker import Checker
    from mtqa.model import Document
    from mtqa.pipeline import ArticleAnalysis


@dataclass
class WorkersCheck:
    checker: Checker  # its files named by absolute paths
    contents: tuple[str, ...]  # what the client read in each of input_files(checker), in their order
    mtqa: str  # the client's mtqa: its version, code and data, and the libraries whose results an analysis holds
    named_as: dict[str, str]  # each file as messages name it on a worker -> as the run names it
    confirmed: bool = False  # on a worker: its files and mtqa compared with the client's

    @classmethod
    def of(cls, checker: Checker) -> WorkersCheck:
        from mtqa.checker import Checker

        absolute = Checker(_with_absolute_paths(checker.config))
        named_as = {display_path(sent): display_path(given)
                    for sent, given in zip(_given_paths(absolute.config), _given_paths(checker.config), strict=True)}
        return cls(absolute, _contents(input_files(absolute)), mtqa_signature(), named_as)

    def analyse(self, documents: Sequence[Document]) -> list[ArticleAnalysis]:
        """The checker's analyses of the articles, on a worker; first, once, the worker's files and mtqa compared with
        the client's. A file's error names it as the run does."""
        try:
            if not self.confirmed:
                self._confirm()
                self.confirmed = True
            return self.checker.analyse(documents)
        except InputError as error:
            if error.path not in self.named_as:
                raise
            raise InputError(self.named_as[error.path], error.detail, error.line, error.entry) from None

    def _confirm(self) -> None:
        where = _this_worker()
        if mtqa_signature() != self.mtqa:
            raise MtqaError(f"the Dask worker {where} runs another mtqa than this run (its version, code or "
                            "libraries differ): give the workers the run's own install")
        paths = input_files(self.checker)
        if len(paths) != len(self.contents):
            raise MtqaError(f"the Dask worker {where} finds other shipped glossaries than this run: give the workers "
                            "the run's own install")
        for path, theirs, ours in zip(paths, _contents(paths), self.contents, strict=True):
            if theirs != ours:
                raise MtqaError(f"{self.named_as.get(display_path(path), display_path(path))}: the Dask worker "
                                f"{where} reads other contents there than this run does (an older copy, or none): "
                                "give the workers the run's files at the same paths")


def input_files(checker: Checker) -> tuple[str, ...]:
    """The files whose contents a check's findings depend on: the glossaries (the shipped ones where none are given)
    and the pattern lists of the enabled checks."""
    from mtqa.checks.context import pattern_files_read

    options = checker.config.options
    patterns = pattern_files_read(options.settings, options.selection.enabled_codes())
    return (*checker.config.glossary_paths, *(path for _, paths in patterns for path in paths))


def mtqa_signature() -> str:
    from mtqa import __version__
    from mtqa.pickle_store import LIBRARIES as STORED_LIBRARIES
    from mtqa.pickle_store import code_digest, library_versions
    from mtqa.result_cache import LIBRARIES

    return f"{__version__} {code_digest()} {library_versions((*STORED_LIBRARIES, *LIBRARIES))}"


def _contents(paths: Sequence[str]) -> tuple[str, ...]:
    """The sha256 of each file's bytes; for a file that cannot be read, why (the check that reads it says so)."""
    from mtqa.io.decode import read_bytes

    found = []
    for path in paths:
        try:
            found.append(hashlib.sha256(read_bytes(path)).hexdigest())
        except (OSError, MtqaError) as error:
            found.append(f"unreadable: {error}")
    return tuple(found)


def _given_paths(config) -> tuple[str, ...]:
    settings, fluency = config.options.settings, config.options.fluency
    return (*(config.glossaries or ()), *config.extend_glossaries, *settings.boilerplate_files,
            *settings.calque_files, *((fluency.model,) if fluency.model else ()))


def _with_absolute_paths(config):
    options = config.options
    settings, fluency = options.settings, options.fluency
    return replace(
        config,
        glossaries=_absolute(config.glossaries) if config.glossaries is not None else None,
        extend_glossaries=_absolute(config.extend_glossaries),
        options=replace(options,
                        settings=replace(settings, boilerplate_files=_absolute(settings.boilerplate_files),
                                         calque_files=_absolute(settings.calque_files)),
                        fluency=replace(fluency, model=os.path.abspath(fluency.model) if fluency.model else None)))


def _absolute(paths: Sequence[str]) -> tuple[str, ...]:
    return tuple(os.path.abspath(path) for path in paths)


def _this_worker() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):  # not in a worker's task (a test calling it directly)
        return "(this process)"
