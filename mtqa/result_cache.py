"""An on-disk cache of article analyses, so that re-checking a batch costs only the articles that changed.

A row is the map step's result for one article (mtqa.pipeline.ArticleAnalysis, without the article itself), keyed
by a sha256 of the article as read (id, text, source, reference, segments, languages, path) and of the checker's
signature: mtqa's version, the bytes of every glossary and pattern file, the rules enabled and their settings, the
reference metrics, and the fluency model's signature. Anything that could change a finding changes the key, so a
cached report is the fresh one. Rows hold a CRC-32: a damaged row is checked again, not served.

Like the sentence cache beside it (mtqa.fluency.cache) it only saves time: a folder or file it cannot use turns it
off for the run with one warning line, and MTQA_NO_CACHE=1 or --no-cache leave it out.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import sqlite3
import zlib
from collections.abc import Callable, Sequence
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from mtqa import __version__
from mtqa.checks.batch_context import BatchArticle
from mtqa.checks.context import pattern_files_read
from mtqa.display import warn
from mtqa.io.decode import read_bytes
from mtqa.model import Document
from mtqa.pipeline import ArticleAnalysis
from mtqa.sqlite_cache import (
    SqliteCache,
    UnusableCache,
    days_since_epoch,
    disabled_by_environment,
    key_chunks,
    one_thread_at_a_time,
    placeholders,
)

if TYPE_CHECKING:
    from mtqa.checker import Checker

FILE_NAME = "results.sqlite3"
MAX_ENTRIES = 200_000  # articles; past this the least recently used go
FORMAT = "4"  # bumped when a row changes shape
# Rows of at least this many bytes are compressed: most articles' rows are a few dozen bytes, which zlib would not
# shrink and which cost more to inflate than to read.
COMPRESS_FROM = 512
# The libraries whose results an analysis holds (reference statistics, fuzzy scores, word segmentation, sentence
# splits, word frequencies, numerals, what a Markdown article shows) beyond those the compiled-glossary cache already
# keys on.
LIBRARIES = ("sacrebleu", "rapidfuzz", "jieba", "pysbd", "wordfreq", "cn2an", "markdown-it-py")
# An article as read: its three long texts, and every other field.
_LONG_TEXTS = ("target", "source", "reference")
_long_texts = attrgetter(*_LONG_TEXTS)
_other_fields = attrgetter(*(field.name for field in dataclasses.fields(Document) if field.name not in _LONG_TEXTS))


def open_result_cache(checker: Checker) -> ResultCache | None:
    if disabled_by_environment():
        return None
    from mtqa.cache_dir import NoCacheFolder, cache_root

    try:
        root = cache_root(checker.options.fluency.cache_dir)
    except NoCacheFolder:  # a user without a home folder: articles are checked without the cache
        return None
    return ResultCache(root, checker.signature(), warn=checker.warn_once)


def checker_signature(checker: Checker) -> str:
    from mtqa.pickle_store import environment_digest, library_versions

    options = checker.options

    # mtqa's own code and data and the libraries' versions, not only the version number: an edited checkout must
    # not be served what the code before the edit found.
    digest = hashlib.sha256(f"mtqa {__version__} results {FORMAT} {environment_digest()}\n".encode())
    digest.update(library_versions(LIBRARIES).encode())
    # The glossary as loaded, by the hash its cache already took of its files (read again only without one).
    glossary_paths = () if checker.glossary.content_key else checker.config.glossary_paths
    digest.update(f"{checker.glossary.content_key}\n".encode())
    # Each file under its role: a file moved from one list to another checks otherwise. The pattern files of a
    # check that is off are not read, as a run without the cache never reads them.
    enabled = options.selection.enabled_codes()
    for role, paths in (("glossaries", glossary_paths), *pattern_files_read(options.settings, enabled)):
        digest.update(f"{role} {len(paths)}\n".encode())
        for path in paths:
            digest.update(_file_digest(path).encode() + b"\n")
    digest.update(repr((sorted(enabled), options.settings.fuzzy_threshold,
                        options.metrics)).encode())
    if checker.scorer is not None:
        from mtqa.fluency.documents import signature

        digest.update(signature(checker.scorer, options.fluency)[0].encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _file_digest(path: str) -> str:
    return hashlib.sha256(read_bytes(path)).hexdigest()  # a FIFO or a device is an input error, never a hang


class ResultCache(SqliteCache):
    label = "result cache"
    without = "articles are checked without it"
    tables = {"results": (frozenset({"key", "payload"}), frozenset({"key", "payload", "checksum", "used"}))}

    def __init__(self, folder: Path, signature: str, max_entries: int = MAX_ENTRIES,
                 warn: Callable[[str], None] = warn) -> None:
        self.signature = signature
        self._signed = hashlib.sha256(signature.encode())
        self.max_entries = max_entries
        super().__init__(Path(folder) / FILE_NAME, warn)

    def prepare(self, db: sqlite3.Connection) -> None:
        kind = db.execute("SELECT type FROM sqlite_master WHERE name = 'results'").fetchone()
        if kind is not None and kind[0] != "table":
            raise UnusableCache("not an mtqa cache: its 'results' is another program's")
        db.execute("CREATE TABLE IF NOT EXISTS results "
                   "(key TEXT PRIMARY KEY, payload BLOB, checksum INTEGER, used INTEGER)")
        db.execute("CREATE INDEX IF NOT EXISTS results_used ON results (used)")
        db.commit()

    def key(self, document: Document) -> str:
        texts = _long_texts(document)
        # The texts are hashed as they are (repr would cost more than the hash), one after the other; the rest by its
        # repr, with each text's length in code points, which says where each text ends (UTF-8 is read a code point
        # at a time), so that no two articles share a key.
        shape = repr((_other_fields(document), [None if text is None else len(text) for text in texts]))
        encoded = shape.encode("utf-8", "surrogatepass")
        digest = self._signed.copy()
        digest.update(b"%d\x00%s" % (len(encoded), encoded))
        digest.update("".join(filter(None, texts)).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    @one_thread_at_a_time
    def get_many(self, documents: Sequence[Document]) -> dict[str, ArticleAnalysis]:
        """document id -> its cached analysis, for the articles checked the same way before."""
        if self._db is None:
            return {}
        wanted = {self.key(d): d for d in documents}
        keys, found, damaged, today = list(wanted), {}, 0, days_since_epoch()
        stale = []  # rows found that were last used before today
        try:
            with self._db:
                for chunk in key_chunks(keys):
                    marks = placeholders(chunk)
                    for key, payload, checksum, used in self._db.execute(
                            f"SELECT key, payload, checksum, used FROM results WHERE key IN ({marks})", chunk):
                        analysis = _unpacked(wanted[key], key, payload, checksum) if key in wanted else None
                        if analysis is None:
                            damaged += 1
                        else:
                            found[wanted[key].id] = analysis
                            if type(used) is not int or used < today:  # a damaged row may hold anything
                                stale.append(key)
        except sqlite3.Error as exc:  # the rows read before it are whole (checksummed): they stand
            self._give_up(exc)
        self.served = self.served or bool(found)
        if stale and self._db is not None:  # only the rows not yet marked today: a re-run that day writes nothing
            self._keyed_rows_used("results", stale)
        self._damaged_rows(damaged, "checked again")
        return found

    @one_thread_at_a_time
    def put_many(self, analyses: Sequence[ArticleAnalysis]) -> None:
        if self._db is None or not analyses:
            return
        today = days_since_epoch()
        rows = []
        for analysis in analyses:
            payload = _packed(analysis)
            key = self.key(analysis.document)
            rows.append((key, payload, row_checksum(key, payload), today))
        self._keyed_rows_stored("results", ("key", "payload", "checksum", "used"), rows)


def _packed(analysis: ArticleAnalysis) -> bytes:
    batch = analysis.batch
    parts = (batch.renderings, batch.unclaimed, analysis.findings, analysis.statistics, analysis.term_accuracy,
             analysis.fluency, analysis.document.words)
    pickled = pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)
    # A pickle starts with its PROTO opcode (0x80), a zlib stream never does: the first byte tells them apart.
    return zlib.compress(pickled, 1) if len(pickled) >= COMPRESS_FROM else pickled


def row_checksum(key: str, payload: bytes) -> int:
    """A row's CRC-32, of its key and its payload: a payload moved to another key's row is damage, not a result."""
    return zlib.crc32(payload, zlib.crc32(key.encode()))


def _unpacked(document: Document, key: str, payload, checksum) -> ArticleAnalysis | None:
    """The row's analysis for `document`, or None where it is damaged."""
    if not isinstance(payload, bytes) or checksum != row_checksum(key, payload):
        return None
    try:
        pickled = payload if payload[:1] == pickle.PROTO else zlib.decompress(payload)
        renderings, unclaimed, findings, statistics, accuracy, fluency, words = pickle.loads(pickled)
    except Exception:  # noqa: BLE001 - a row from another version or damaged on disk: checked again
        return None
    if type(words) is not int or words < 0:
        return None
    # The word count as Document.words counts it: splitting every cached article's text again cost more than
    # reading its row.
    document.__dict__.setdefault("words", words)
    return ArticleAnalysis(BatchArticle(document, renderings, unclaimed), findings, statistics, accuracy, fluency)
