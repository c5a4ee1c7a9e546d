"""An on-disk cache of token surprisals, so that re-checking a batch scores only the sentences that changed.

A row holds one sentence's tokens as packed arrays (character offsets as int32, surprisal as float32), so a cached
result is bit-identical to a fresh one. Keys are sha256 hashes of the model's identity and the sentence text (see
`Scorer.key`). sqlite3 serialises writers itself, so parallel runs can share one file. Each row remembers the day
it was last used; past `max_entries` rows, the least recently used go (a daily batch keeps what it needs).
"""

from __future__ import annotations

import os
import sqlite3
import time
from array import array
from pathlib import Path

from mtqa.errors import MtqaError

FILE_NAME = "fluency-cache.sqlite3"
MAX_ENTRIES = 1_000_000  # sentences; about 250 bytes each on disk

Tokens = tuple[tuple[int, int, float], ...]  # (start, end, surprisal in nats) per token, offsets in the sentence


class ScoreCache:
    def __init__(self, folder: Path, max_entries: int = MAX_ENTRIES) -> None:
        self.path = folder / FILE_NAME
        self.max_entries = max_entries
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60)
            self._db.execute("CREATE TABLE IF NOT EXISTS tokens "
                             "(key TEXT PRIMARY KEY, offsets BLOB, surprisal BLOB, used INTEGER DEFAULT 0)")
            if "used" not in {row[1] for row in self._db.execute("PRAGMA table_info(tokens)")}:
                _add_used_column(self._db)  # a cache from mtqa 0.1
            self._db.execute("CREATE INDEX IF NOT EXISTS tokens_used ON tokens (used)")
            self._db.execute("CREATE TABLE IF NOT EXISTS file_hashes "
                             "(path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT)")
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise MtqaError(f"cannot open the fluency cache {self.path}: {exc}; set MTQA_CACHE to a writable folder "
                            "or turn the cache off") from exc

    def get_many(self, keys: list[str]) -> dict[str, Tokens]:
        found: dict[str, Tokens] = {}
        today = _today()
        with self._db:
            for start in range(0, len(keys), 500):  # sqlite's limit on bound parameters
                chunk = keys[start:start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT key, offsets, surprisal FROM tokens WHERE key IN ({marks})", chunk)
                for key, offsets, surprisal in rows:
                    found[key] = _unpack(offsets, surprisal)
                self._db.execute(f"UPDATE tokens SET used = ? WHERE used < ? AND key IN ({marks})",
                                 [today, today, *chunk])
        return found

    def put_many(self, items: dict[str, Tokens]) -> None:
        today = _today()
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO tokens VALUES (?, ?, ?, ?)",
                                 [(key, *_pack(tokens), today) for key, tokens in items.items()])
            excess = self._db.execute("SELECT COUNT(*) FROM tokens").fetchone()[0] - self.max_entries
            if excess > 0:
                self._db.execute("DELETE FROM tokens WHERE key IN "
                                 "(SELECT key FROM tokens ORDER BY used, rowid LIMIT ?)", (excess,))

    def file_sha256(self, path: Path, compute) -> str:
        """`compute(path)`, remembered while the file's size and modification time stay the same."""
        stat = os.stat(path)
        row = self._db.execute("SELECT sha256 FROM file_hashes WHERE path = ? AND size = ? AND mtime_ns = ?",
                               (str(path.resolve()), stat.st_size, stat.st_mtime_ns)).fetchone()
        if row:
            return row[0]
        digest = compute(path)
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO file_hashes VALUES (?, ?, ?, ?)",
                             (str(path.resolve()), stat.st_size, stat.st_mtime_ns, digest))
        return digest

    def close(self) -> None:
        self._db.close()


def _add_used_column(db: sqlite3.Connection) -> None:
    try:
        db.execute("ALTER TABLE tokens ADD COLUMN used INTEGER DEFAULT 0")
    except sqlite3.OperationalError as exc:
        if "duplicate column" not in str(exc):  # another run added it a moment ago
            raise


def _today() -> int:
    return int(time.time() // 86400)


def _pack(tokens: Tokens) -> tuple[bytes, bytes]:
    offsets = array("i", [value for start, end, _ in tokens for value in (start, end)])
    return offsets.tobytes(), array("f", [surprisal for _, _, surprisal in tokens]).tobytes()


def _unpack(offsets_blob: bytes, surprisal_blob: bytes) -> Tokens:
    offsets, surprisal = array("i"), array("f")
    offsets.frombytes(offsets_blob)
    surprisal.frombytes(surprisal_blob)
    return tuple((offsets[2 * i], offsets[2 * i + 1], surprisal[i]) for i in range(len(surprisal)))
