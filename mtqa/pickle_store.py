"""A folder of pickled results that take long to compute again (compiled glossaries, compiled pattern lists), each
in a file named by a key that its caller derives from everything the result depends on.

The payload is a pickle, which is acceptable only because the folder is the user's own: a file or folder that
another user owns or can write is not used (mtqa.cache_dir.distrust). Before unpickling, a header with a checksum of
the payload is verified, so a truncated, damaged or foreign file is never unpickled. A store only
saves time, so it never fails a run: a file it cannot read or trust is computed again with one warning line, and a
folder it cannot write is a warning too.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import re
import struct
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import mtqa
from mtqa.cache_dir import (
    distrust,
    distrusted_folder,
    make_private_folder,
    removed_cache_file,
    removed_each,
    untrusted_note,
)
from mtqa.display import warn
from mtqa.errors import MtqaError
from mtqa.gc_paused import collection_paused
from mtqa.io.decode import read_bytes
from mtqa.versions import installed_version

HEADER = struct.Struct(">32sQ")  # stored_checksum of the key and payload, payload length
MAX_FILES = 32  # distinct results kept per folder; the least recently written go first
TEMPORARY_PREFIX = ".partial-"
# What a store names its files: a key (content_key: a sha256 in hex), and tempfile.mkstemp's temporary names.
_KEY = re.compile(r"[0-9a-f]{64}")
_TEMPORARY_NAME = re.compile(re.escape(TEMPORARY_PREFIX) + r"[a-z0-9_]{8}")
# The libraries whose objects a stored result holds or whose output it is: another version may pickle otherwise (a
# compiled glossary's arrays pickled by numpy 2 do not load under numpy 1), or read a glossary otherwise (lxml, TBX).
LIBRARIES = ("pyahocorasick", "regex", "PyYAML", "numpy", "lxml")


@dataclass
class PickleStore:
    """Stored results: files `<key><suffix>` in `folder`, each `magic`, a header and a pickle. Warnings name the
    store (`what`: "glossary cache") and a result (`noun`: "the compiled glossary"), and say what happens instead
    (`redone`: "the glossary is compiled afresh"); one per store at most, however many things go wrong.
    `pause_collector`: unpickle with the cyclic garbage collector off, for results of millions of objects."""

    folder: Path
    suffix: str
    magic: bytes
    what: str
    noun: str
    redone: str
    pause_collector: bool = False
    root: Path | None = None  # the cache root that holds `folder`, checked with it; else folder's parent
    _warned: bool = field(default=False, init=False)

    def get(self, key: str, holds: Callable[[object], bool]) -> object | None:
        """The result stored under `key`, if there is one that `holds` accepts (the kind of result asked for)."""
        path = self.folder / f"{key}{self.suffix}"
        if self._folder_distrusted():
            return None
        try:
            data = read_bytes(str(path), accept=_written_by_this_user)
        except _Distrusted as error:
            self._warn_distrusted(untrusted_note(path, str(error)))
            return None
        except MtqaError as error:
            if os.path.lexists(path):
                self._warn(path, f"cannot be read ({getattr(error, 'detail', error)})")
            return None
        payload = self._verified_payload(data, key)
        if payload is None:
            self._warn(path, f"is damaged or not an mtqa {self.what}")
            return None
        try:
            with collection_paused() if self.pause_collector else contextlib.nullcontext():
                value = pickle.loads(payload)  # noqa: S301 - checked above, from the user's own cache folder
        except Exception as error:  # noqa: BLE001 - written by another version of a library: computed again
            self._warn(path, f"cannot be loaded ({type(error).__name__})")
            return None
        if not holds(value):
            self._warn(path, f"does not hold {self.noun}")
            return None
        return value

    def put(self, key: str, value: object) -> None:
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # noqa: BLE001 - never fails the run: the value is computed already
            self._warn(self.folder, f"cannot store {self.noun} ({type(error).__name__}: {error})")
            return
        data = self.magic + HEADER.pack(stored_checksum(key, payload), len(payload)) + payload
        target = self.folder / f"{key}{self.suffix}"
        try:
            make_private_folder(self.folder)
            if self._folder_distrusted():
                return
            descriptor, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, dir=self.folder)
            try:
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(data)
                os.replace(temporary, target)  # readers see the old file or the whole new one
            except BaseException:
                _remove(Path(temporary))
                raise
        except OSError as error:
            self._warn(self.folder, f"cannot store {self.noun} ({error.strerror or error})")
            return
        self._prune(keep=target)

    def clear(self) -> int:
        """Remove every file this store wrote; the number removed. MtqaError naming a file that cannot be. Anything
        else in the folder, or a file or link in the folder's place, is not mtqa's and stays (a run warns of it)."""
        if self.folder.is_symlink() or (os.path.lexists(self.folder) and not self.folder.is_dir()):
            warn(f"{self.folder}: left as it is: not the folder mtqa keeps the {self.what} in (remove it yourself)")
            return 0
        try:
            names = sorted(os.listdir(self.folder))
        except (FileNotFoundError, NotADirectoryError):  # none, or a file where a folder above it would be
            return 0
        except OSError as error:
            raise MtqaError(f"{self.folder}: cannot list the {self.what} ({error.strerror or error})") from None
        return removed_each(functools.partial(removed_cache_file, self.folder / name) for name in names
                            if self._wrote(name))

    def _wrote(self, name: str) -> bool:
        """Whether this store wrote the folder's file `name`: a regular file named by a key, starting with the store's
        magic; or a temporary file as it names them, left by a run that was killed while writing."""
        path = self.folder / name
        if _TEMPORARY_NAME.fullmatch(name):
            return path.is_file() and not path.is_symlink()
        if not (name.endswith(self.suffix) and _KEY.fullmatch(name[:len(name) - len(self.suffix)])):
            return False
        try:
            with open(path, "rb", opener=_no_follow) as handle:
                return handle.read(len(self.magic)) == self.magic
        except OSError:
            return False

    def _verified_payload(self, data: bytes, key: str) -> bytes | None:
        """The payload when the header is this store's and the checksum and length match it; else None. The checksum
        covers the key too: a file copied or renamed to another key's name is refused, not served for that key."""
        start = len(self.magic) + HEADER.size
        if len(data) < start or not data.startswith(self.magic):
            return None
        checksum, length = HEADER.unpack_from(data, len(self.magic))
        payload = data[start:]
        if len(payload) != length or stored_checksum(key, payload) != checksum:
            return None
        return payload

    def _prune(self, keep: Path) -> None:
        """Past MAX_FILES stored results, the oldest go; another run may be removing them at the same time. Only
        files named by a key count: anything else in the folder is not mtqa's."""
        try:
            entries = [entry for entry in os.scandir(self.folder) if entry.name.endswith(self.suffix)
                       and _KEY.fullmatch(entry.name[:len(entry.name) - len(self.suffix)])
                       and entry.is_file(follow_symlinks=False)]
        except OSError:
            return
        if len(entries) <= MAX_FILES:
            return
        aged = []
        for entry in entries:
            try:
                aged.append((entry.stat().st_mtime_ns, entry.path))
            except OSError:
                continue
        aged.sort()
        for _, path in aged[:len(aged) - MAX_FILES]:
            if Path(path) != keep:
                _remove(Path(path))

    def _folder_distrusted(self) -> bool:
        """Whether another user can write the folder (and so put results in it); said once."""
        problem = distrusted_folder(self.folder, self.root or self.folder.parent)
        if problem:
            self._warn_distrusted(problem)
        return problem is not None

    def _warn_distrusted(self, problem: str) -> None:
        self._warn(self.folder, f"not used, as another user could have written it: {problem}")

    def _warn(self, path: Path, what: str) -> None:
        if not self._warned:
            self._warned = True
            warn(f"{self.what} {path}: {what}; {self.redone} (set MTQA_NO_CACHE=1 to turn the cache off)")


class _Distrusted(Exception):
    """A stored file that another user owns or can write; its message says which."""


def _written_by_this_user(status: os.stat_result) -> None:
    problem = distrust(status)
    if problem:
        raise _Distrusted(problem)


def content_key(header: tuple, paths: Sequence[str]) -> str | None:
    """A store key: the sha256 of `header` (what else the result depends on), mtqa's version, the environment digest
    and every file's path and bytes, in order; None when a file cannot be read (whoever reads it says why)."""
    digest = hashlib.sha256(repr((header, mtqa.__version__, environment_digest(), len(paths))).encode())
    for path in paths:
        try:
            content = read_bytes(path)
        except MtqaError:
            return None
        # The path too: what is compiled from a file carries it, and messages show it.
        digest.update(repr((path, len(content))).encode("utf-8", "surrogatepass"))
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


@functools.cache
def environment_digest() -> str:
    """What a stored result depends on besides its input files: mtqa's code and data, the Python and the libraries."""
    digest = hashlib.sha256(sys.version.encode())
    digest.update(library_versions(LIBRARIES).encode())
    digest.update(code_digest().encode())
    return digest.hexdigest()


def library_versions(libraries: Sequence[str]) -> str:
    """Each library's installed version, a line each ('-' for one not installed)."""
    return "".join(f"{library} {installed_version(library) or '-'}\n" for library in libraries)


@functools.cache
def code_digest() -> str:
    """mtqa's own code and data files, by name and content: an edited checkout is another mtqa."""
    digest = hashlib.sha256()
    package = Path(mtqa.__file__).parent
    data = [path for path in (package / "data").iterdir() if path.suffix in (".yaml", ".txt")]
    for path in sorted([*package.rglob("*.py"), *data]):
        digest.update(str(path.relative_to(package)).encode())
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def stored_checksum(key: str, payload: bytes) -> bytes:
    """The sha256 of a stored file's key and payload."""
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass") + b"\x00")
    digest.update(payload)
    return digest.digest()


def _no_follow(path: str, flags: int) -> int:
    """os.open without following a link at the path's end: a link in a store is none of its files."""
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0))
