"""What every sqlite cache in the cache folder shares: it only saves time, so it never fails a run.

A folder or file it cannot open or write, a damaged database, a file of another program or one that another user
owns or can write (mtqa.cache_dir.distrust) turns it off for the run with one warning line naming the file, and the
work is done without it. MTQA_NO_CACHE=1 (or the CLI's --no-cache) leaves every cache out altogether. sqlite3
serialises writers itself, so parallel runs can share one file.
"""

from __future__ import annotations

import abc
import functools
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from mtqa.cache_dir import distrusted_folder, distrusted_path, make_private_folder
from mtqa.display import warn

NO_CACHE_VARIABLE = "MTQA_NO_CACHE"
JOURNALS = ("-journal", "-wal", "-shm")  # the files sqlite keeps beside a database
_DATABASE_HEADER = b"SQLite format 3\x00"
# How long a run waits for another process's write to end: a run's own writes take a second at most. A file held
# locked longer (another program's open transaction) is left out for the run rather than waited for again and again.
BUSY_SECONDS = 10


def disabled_by_environment() -> bool:
    return os.environ.get(NO_CACHE_VARIABLE, "").strip().lower() not in ("", "0", "false", "no")


class UnusableCache(Exception):
    """The file is there but is no mtqa cache: it is left as it is."""


def one_thread_at_a_time(method: Callable) -> Callable:
    """A cache method that uses the connection, run by one thread at a time: threads sharing one sqlite connection
    without a lock mix their transactions, and can crash the process."""

    @functools.wraps(method)
    def locked(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


class SqliteCache(abc.ABC):
    """One sqlite file; subclasses name it (`label`), say what happens without it (`without`) and make their tables
    (`prepare`)."""

    label = "cache"
    without = "the work is done without it"
    # The tables it makes, each with the columns every version of it had and those any version had: a file holding
    # any other table, or one of these without the first or with a column none had, is another program's.
    tables: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    max_entries: int  # rows kept at most; the least recently used go first

    def __init__(self, path: Path, warn: Callable[[str], None] = warn) -> None:
        self._lock = threading.RLock()  # see one_thread_at_a_time
        self.path = Path(path)
        self._warn = warn
        self._warned = False
        self.given_up = False  # off for the rest of the run (see _give_up)
        self.served = False  # whether it has handed out rows: a failure to write then leaves them good
        self._db: sqlite3.Connection | None = None
        self._file_id: tuple[int, int] | None = None  # the file this cache opened: `mtqa cache clear` may remove it
        try:
            make_private_folder(self.path.parent)
            _refuse_special_file(self.path)
            _refuse_unless_private(self.path)
            # Used by one thread at a time (one_thread_at_a_time), not always the one that opened it: a Dask
            # worker's next task, or a web service's next request, may run on another.
            db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, check_same_thread=False)
            try:
                _refuse_other_programs(db, self.tables)
                self.prepare(db)
                self._file_id = _file_id(self.path)
            except BaseException:
                db.close()
                raise
            self._db = db
        except (OSError, sqlite3.Error, UnusableCache) as exc:
            self._give_up(exc)

    @abc.abstractmethod
    def prepare(self, db: sqlite3.Connection) -> None:
        """Make the subclass's tables, or raise UnusableCache for a file that holds another program's."""

    @one_thread_at_a_time
    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    @one_thread_at_a_time
    def _give_up(self, exc: Exception, after_reading: bool = False) -> None:
        """Off for the rest of the run; `after_reading` when what it gave before failing is good (its rows were
        read, the file then could not be written)."""
        self.close()
        self.given_up = True
        if self._file_id is not None and _file_id(self.path) != self._file_id:
            # sqlite says "readonly database" of a file removed under it: not damage, nothing to delete or move.
            self._problem(f"removed while this run used it (by `mtqa cache clear`?): {self.without} for the rest of "
                          "this run")
            return
        if after_reading:
            self._problem(f"what it holds is used, but it cannot be written ({reason(exc)}): nothing more is read "
                          "from it or stored in it this run")
            return
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            self._problem(f"not used (locked by another process for over {BUSY_SECONDS} s); {self.without} this run")
            return
        if isinstance(exc, UnusableCache):  # another program's file: never to be deleted on mtqa's word
            self._problem(f"not used ({reason(exc)}); {self.without} (set MTQA_CACHE to another folder, or turn the "
                          f"cache off with --no-cache or {NO_CACHE_VARIABLE}=1)")
            return
        self._problem(f"not used ({reason(exc)}); {self.without} (delete the file if it is damaged, set MTQA_CACHE "
                      f"to another folder, or turn the cache off with --no-cache or {NO_CACHE_VARIABLE}=1)")

    # What _keyed_rows_used and _keyed_rows_stored write: a subclass's table of rows with a `key` and the day they
    # were last `used`. Table and column names are the subclass's own words, never input: they are put in the SQL.

    def _keyed_rows_used(self, table: str, keys: list[str]) -> None:
        """The rows of `keys` in `table`, read today, marked so: past the cache's size the least recently used rows
        go first. A file that can be read but not written (read-only, locked) is given up."""
        today = days_since_epoch()
        try:
            with self._db:
                for chunk in key_chunks(keys):
                    self._db.execute(f"UPDATE {table} SET used = ? WHERE key IN ({placeholders(chunk)})",
                                     [today, *chunk])
        except sqlite3.Error as exc:
            self._give_up(exc, after_reading=self.served)

    def _keyed_rows_stored(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """`rows` (values for `columns`) written over any rows of the same keys; then, past the cache's
        `max_entries`, the least recently used rows dropped."""
        try:
            with self._db:
                self._db.executemany(f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) "
                                     f"VALUES ({placeholders(columns)})", rows)
                excess = self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] - self.max_entries
                if excess > 0:
                    self._db.execute(f"DELETE FROM {table} WHERE key IN "
                                     f"(SELECT key FROM {table} ORDER BY used, rowid LIMIT ?)", (excess,))
        except sqlite3.Error as exc:
            self._give_up(exc, after_reading=self.served)

    def _damaged_rows(self, count: int, done_again: str) -> None:
        if count:
            self._problem(f"{count} damaged entr{'y' if count == 1 else 'ies'} {done_again}")

    def _problem(self, what: str) -> None:
        if not self._warned:  # one line per run, however often the file fails
            self._warned = True
            self._warn(f"{self.label} {self.path}: {what}")


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def reason(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def key_chunks(keys: list[str], size: int = 500) -> list[list[str]]:
    """Keys in runs short enough to be bound as one statement's parameters (sqlite allows 999 in old builds)."""
    return [keys[start:start + size] for start in range(0, len(keys), size)]


def placeholders(chunk: Sequence) -> str:
    """The statement's marks for one chunk's keys (or one row's columns): "?,?,?"."""
    return ",".join("?" * len(chunk))


def days_since_epoch() -> int:
    return int(time.time() // 86400)


def _refuse_unless_private(path: Path) -> None:
    """Rows another user could have written are not read: the folder, the file and any journal beside it (which
    sqlite would roll into the file as it opens it) must be this user's alone."""
    for problem in (distrusted_folder(path.parent, path.parent),
                    *(distrusted_path(Path(f"{path}{journal}")) for journal in ("", *JOURNALS))):
        if problem:
            raise UnusableCache(f"another user could have written it: {problem}")


def _refuse_special_file(path: Path) -> None:
    """sqlite would block on a FIFO (where no signal reaches the run) and read a device as a database; a journal
    beside the file is opened as the file is."""
    for journal in ("", *JOURNALS):
        try:
            mode = os.stat(f"{path}{journal}").st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(mode):
            raise UnusableCache(f"not a regular file{f': {path.name}{journal}' if journal else ''}")


def database_files(path: Path, tables: dict[str, tuple[frozenset[str], frozenset[str]]]) -> list[Path]:
    """The cache database at `path` and the journals sqlite keeps beside it, where it is one (or still empty, as
    sqlite first makes it) holding none but the cache's `tables`: regular files only. A file of that name that is no
    database or holds another program's tables, or a folder or link, is not mtqa's, and neither is anything beside
    it. A database too damaged to list its tables is the cache's, damaged: clearing it is what it is there for."""
    if not _regular_file(path):
        return []
    try:
        with open(path, "rb") as handle:
            if handle.read(len(_DATABASE_HEADER)) not in (_DATABASE_HEADER, b""):
                return []
    except OSError:
        return []
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_SECONDS)
        try:
            _refuse_other_programs(db, tables)
        finally:
            db.close()
    except UnusableCache:
        return []
    except sqlite3.Error as error:
        if "locked" in str(error):
            return []  # another program holds it: not to be removed under it
    # else too damaged to list its tables: the cache's, damaged
    return [path, *(journal for journal in (Path(f"{path}{suffix}") for suffix in JOURNALS) if _regular_file(journal))]


def _refuse_other_programs(db: sqlite3.Connection, tables: dict[str, tuple[frozenset[str], frozenset[str]]]) -> None:
    """UnusableCache where the database holds a table, view or trigger that is not one of the cache's `tables`, or
    one of them without its columns: a user's own database of the cache's name, in a shared folder, is neither
    written to nor removed."""
    names = {name for name, in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view', 'trigger')")
             if not name.startswith("sqlite_")}
    others = sorted(names - set(tables))
    if others:
        raise UnusableCache(f"not an mtqa cache: it holds another program's {others[0]!r}")
    for table in sorted(names):
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}  # one of the cache's own names
        always, ever = tables[table]
        if not always <= columns <= ever:
            raise UnusableCache(f"not an mtqa cache: its {table!r} is another program's")


def _regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
