"""An on-disk cache of token surprisals, so that re-checking a batch scores only the sentences that changed.

A row holds one sentence's tokens as packed arrays (character offsets as int32, surprisal as float32), so a cached
result is bit-identical to a fresh one, and a CRC-32 of the row, so that a damaged row is scored again instead of
served. Keys are sha256 hashes of the model's identity and the sentence text (see `Scorer.key`). sqlite3 serialises
writers itself, so parallel runs can share one file. Each row remembers the day it was last used; past
`max_entries` rows, the least recently used go (a daily batch keeps what it needs).

The cache only saves time, so it never fails a run: a folder or file it cannot open or write, a damaged database or
a file of another schema turns it off for the run with one warning line naming the file, and scores are computed
without it. Set MTQA_NO_CACHE=1 (or pass the CLI's --no-cache) to leave it out altogether.
"""

from __future__ import annotations

import os
import sqlite3
import zlib
from array import array
from collections.abc import Callable
from pathlib import Path

from mtqa.display import warn
from mtqa.sqlite_cache import (
    NO_CACHE_VARIABLE,
    SqliteCache,
    UnusableCache,
    days_since_epoch,
    disabled_by_environment,
    key_chunks,
    one_thread_at_a_time,
    placeholders,
)

__all__ = ["FILE_NAME", "NO_CACHE_VARIABLE", "ScoreCache", "Tokens", "UnusableCache", "disabled_by_environment"]

FILE_NAME = "fluency-cache.sqlite3"
MAX_ENTRIES = 1_000_000  # sentences; about 250 bytes each on disk
TOKEN_COLUMNS = ("key", "offsets", "surprisal", "used", "checksum")
HASH_COLUMNS = ("path", "size", "mtime_ns", "sha256", "inode", "ctime_ns")
# Missing from the caches of earlier versions, added where they are found without them.
ADDED_COLUMNS = {"tokens": {"used": "INTEGER DEFAULT 0", "checksum": "INTEGER"},
                 "file_hashes": {"inode": "INTEGER", "ctime_ns": "INTEGER"}}

Tokens = tuple[tuple[int, int, float], ...]  # (start, end, surprisal in nats) per token, offsets in the sentence


class ScoreCache(SqliteCache):
    label = "fluency cache"
    without = "fluency is scored without it"
    tables = {"tokens": (frozenset({"key"}), frozenset(TOKEN_COLUMNS)),
              "file_hashes": (frozenset({"path"}), frozenset(HASH_COLUMNS))}

    def __init__(self, folder: Path, max_entries: int = MAX_ENTRIES,
                 warn: Callable[[str], None] = warn) -> None:
        self.max_entries = max_entries
        super().__init__(Path(folder) / FILE_NAME, warn)

    def prepare(self, db: sqlite3.Connection) -> None:
        _prepare_schema(db)

    @one_thread_at_a_time
    def get_many(self, keys: list[str]) -> dict[str, Tokens]:
        """The intact rows among `keys`; a damaged row is left out, so that its sentence is scored again."""
        found: dict[str, Tokens] = {}
        if self._db is None:
            return found
        wanted, damaged, today = set(keys), 0, days_since_epoch()
        stale = []  # rows found that were last used before today
        try:
            for chunk in key_chunks(keys):
                rows = self._db.execute(f"SELECT key, offsets, surprisal, checksum, used FROM tokens "
                                        f"WHERE key IN ({placeholders(chunk)})", chunk)
                for key, offsets, surprisal, checksum, used in rows:
                    if checksum is None:  # written by a version that kept no checksum: scored again
                        continue
                    tokens = _intact(key, offsets, surprisal, checksum) if key in wanted else None
                    if tokens is None:
                        damaged += 1
                    else:
                        found[key] = tokens
                        if type(used) is not int or used < today:  # a damaged row may hold anything
                            stale.append(key)
        except sqlite3.Error as exc:
            self._give_up(exc)
            return found  # every row in it passed its checksum
        self.served = self.served or bool(found)
        if stale:  # only the rows not yet marked today: a re-run that day writes nothing
            self._keyed_rows_used("tokens", stale)
        self._damaged_rows(damaged, "scored again")
        return found

    @one_thread_at_a_time
    def put_many(self, items: dict[str, Tokens]) -> None:
        if self._db is None:
            return
        today = days_since_epoch()
        rows = [(key, *packed, today, _checksum(key, *packed)) for key, packed in  # in TOKEN_COLUMNS' order
                ((key, _pack(tokens)) for key, tokens in items.items())]
        self._keyed_rows_stored("tokens", TOKEN_COLUMNS, rows)

    @one_thread_at_a_time
    def file_sha256(self, path: Path, compute) -> str:
        """`compute(path)`, remembered while the file stays the same one, unwritten: its inode, size, modification
        time and change time (which no program can set back, as one can the modification time)."""
        if self._db is None:
            return compute(path)
        stat_result, resolved = os.stat(path), str(Path(path).resolve())
        version = (stat_result.st_size, stat_result.st_mtime_ns, stat_result.st_ino, stat_result.st_ctime_ns)
        try:
            row = self._db.execute("SELECT sha256 FROM file_hashes WHERE path = ? AND size = ? AND mtime_ns = ? "
                                   "AND inode = ? AND ctime_ns = ?", (resolved, *version)).fetchone()
        except sqlite3.Error as exc:
            self._give_up(exc)
            return compute(path)
        if row and isinstance(row[0], str) and len(row[0]) == 64:
            return row[0]
        digest = compute(path)
        try:
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO file_hashes (path, size, mtime_ns, inode, ctime_ns, "
                                 "sha256) VALUES (?, ?, ?, ?, ?, ?)", (resolved, *version, digest))
        except sqlite3.Error as exc:
            self._give_up(exc, after_reading=self.served)
        return digest

def _prepare_schema(db: sqlite3.Connection) -> None:
    """Create the tables in a new file and add the columns an earlier version's cache lacks; a file whose tables are
    something else's is refused before anything is written to it."""
    kinds = dict(db.execute("SELECT name, type FROM sqlite_master WHERE name IN ('tokens', 'file_hashes')"))
    to_add = []
    for table, wanted in (("tokens", TOKEN_COLUMNS), ("file_hashes", HASH_COLUMNS)):
        if table not in kinds:
            continue
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        missing = [column for column in wanted if column not in columns]
        addable = kinds[table] == "table" and all(c in ADDED_COLUMNS[table] for c in missing)
        if (missing or kinds[table] != "table") and not addable:
            raise UnusableCache(f"not an mtqa cache: its {kinds[table]} {table} is another program's")
        to_add += [(table, column) for column in missing]
    db.execute("CREATE TABLE IF NOT EXISTS tokens (key TEXT PRIMARY KEY, offsets BLOB, surprisal BLOB, "
               "used INTEGER DEFAULT 0, checksum INTEGER)")
    db.execute("CREATE TABLE IF NOT EXISTS file_hashes "
               "(path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT, inode INTEGER, ctime_ns INTEGER)")
    for table, column in to_add:
        _add_column(db, table, column)
    db.execute("CREATE INDEX IF NOT EXISTS tokens_used ON tokens (used)")
    db.commit()


def _add_column(db: sqlite3.Connection, table: str, column: str) -> None:
    try:
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {ADDED_COLUMNS[table][column]}")
    except sqlite3.OperationalError as exc:
        if "duplicate column" not in str(exc):  # another run added it a moment ago
            raise


def _pack(tokens: Tokens) -> tuple[bytes, bytes]:
    offsets = array("i", [value for start, end, _ in tokens for value in (start, end)])
    return offsets.tobytes(), array("f", [surprisal for _, _, surprisal in tokens]).tobytes()


def _checksum(key: str, offsets: bytes, surprisal: bytes) -> int:
    return zlib.crc32(surprisal, zlib.crc32(offsets, zlib.crc32(key.encode("utf-8"))))


def _intact(key, offsets, surprisal, checksum) -> Tokens | None:
    """The row's tokens, or None where it was damaged."""
    if not (isinstance(offsets, bytes) and isinstance(surprisal, bytes) and isinstance(checksum, int)):
        return None
    if len(surprisal) % 4 or len(offsets) != 2 * len(surprisal) or checksum != _checksum(key, offsets, surprisal):
        return None
    offsets_array, surprisal_array = array("i"), array("f")
    offsets_array.frombytes(offsets)
    surprisal_array.frombytes(surprisal)
    return tuple((offsets_array[2 * i], offsets_array[2 * i + 1], surprisal_array[i])
                 for i in range(len(surprisal_array)))
