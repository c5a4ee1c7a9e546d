"""Compiled glossaries kept on disk, so that a run with an unchanged glossary skips reading and compiling it.

A compiled glossary is stored under <cache folder>/glossaries/ in a file named by a key: the sha256 of every
glossary file's bytes and path (in order), the target language, mtqa's version and source code, its data files,
the libraries compiling uses (pyahocorasick's automaton, regex, PyYAML) and FORMAT_VERSION. A file that
changes in any byte, whatever its size or time stamp, gives another key.

The payload is a pickle, which is acceptable only because the folder is the user's own; before unpickling, a header
with a checksum of the payload is verified, so a truncated, damaged or foreign file is never unpickled. The cache only
saves time, so it never fails a run: a file it cannot read or trust is computed again with one warning line, and a
folder it cannot write is a warning too. MTQA_NO_CACHE=1 or use_cache=False leave it out.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import importlib.metadata
import os
import pickle
import struct
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import mtqa
from mtqa.cache_dir import cache_root
from mtqa.display import warn
from mtqa.errors import MtqaError
from mtqa.gc_paused import collection_paused
from mtqa.glossary.compile import CompiledGlossary
from mtqa.glossary.load import DEFAULT_TARGET_LANGUAGE, load_glossaries
from mtqa.io.decode import read_bytes
from mtqa.sqlite_cache import disabled_by_environment

FOLDER = "glossaries"
SUFFIX = ".glossary"
# Bump when the stored layout or what compiling produces changes in a way the source digest would not show.
FORMAT_VERSION = 1
MAGIC = b"mtqa compiled glossary\n"
_HEADER = struct.Struct(">32sQ")  # sha256 of the payload, payload length
MAX_FILES = 32  # distinct glossary sets kept; the least recently written go first
_LIBRARIES = ("pyahocorasick", "regex", "PyYAML")  # the Han readings are a shipped table, in the data files


def load_compiled_glossary(paths: list[str], *, use_cache: bool = True,
                           target_language: str = DEFAULT_TARGET_LANGUAGE,
                           cache_dir: str | os.PathLike | None = None) -> CompiledGlossary:
    """The glossary files `paths` loaded, merged and compiled, from the cache when it holds them unchanged. Errors in
    the files are reported exactly as `load_glossaries` reports them."""
    return _cached_or_compiled(paths, use_cache, target_language, cache_dir)


def held_for_run(load: Callable[[], CompiledGlossary]) -> CompiledGlossary:
    """The compiled glossary `load` gives, its objects (and all others alive now) moved out of the cyclic garbage
    collector's sight: a run keeps its glossary to the end, and each full collection would otherwise walk its million
    objects again (a quarter of the rule stage's time with 50,000 entries). The collector stays off from loading to
    freezing, so that not even the first young collection walks them (a quarter of a second of a 50,000-entry load
    from the cache). Objects freed by reference counting still go; only a reference cycle that is already garbage
    now would stay until the process ends, which is why only a process that ends with its run (the command line)
    asks for it, not the library."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        compiled = load()
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
    return compiled


def _cached_or_compiled(paths: list[str], use_cache: bool, target_language: str,
                        cache_dir: str | os.PathLike | None) -> CompiledGlossary:
    if not use_cache or disabled_by_environment() or not paths:
        return _compiled(paths, target_language)
    key = _key(paths, target_language)
    if key is None:  # a file that cannot be read: the loader says why
        return _compiled(paths, target_language)
    store = _Store(cache_root(cache_dir) / FOLDER)
    compiled = store.get(key)
    if compiled is None:
        compiled = _compiled(paths, target_language)
        if _key(paths, target_language) != key:  # changed while it was read: the result belongs to no key
            return compiled
        store.put(key, compiled)
    compiled.content_key = key
    return compiled


def clear_glossary_cache(cache_dir: str | os.PathLike | None = None) -> int:
    """Remove every stored compiled glossary; the number of files removed. MtqaError naming a file that cannot be."""
    folder = cache_root(cache_dir) / FOLDER
    removed = 0
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return 0
    except OSError as error:
        raise MtqaError(f"{folder}: cannot list the glossary cache ({error.strerror or error})") from None
    for name in names:
        if not (name.endswith(SUFFIX) or name.startswith(_TEMPORARY_PREFIX)):
            continue  # not ours
        try:
            (folder / name).unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise MtqaError(f"{folder / name}: cannot remove the cache file ({error.strerror or error})") from None
        removed += 1
    return removed


def _compiled(paths: list[str], target_language: str) -> CompiledGlossary:
    with collection_paused():
        return CompiledGlossary(load_glossaries(list(paths), target_language))


def _key(paths: list[str], target_language: str) -> str | None:
    digest = hashlib.sha256()
    digest.update(repr((FORMAT_VERSION, mtqa.__version__, _environment_digest(), target_language,
                        len(paths))).encode())
    for path in paths:
        try:
            content = read_bytes(path)
        except MtqaError:
            return None
        # The path too: entries carry it in their origin, which messages show.
        digest.update(repr((path, len(content))).encode("utf-8", "surrogatepass"))
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


@functools.cache
def _environment_digest() -> str:
    """What a compiled glossary depends on besides its files: mtqa's code and data, the Python and the libraries."""
    digest = hashlib.sha256(sys.version.encode())
    for library in _LIBRARIES:
        try:
            digest.update(f"{library} {importlib.metadata.version(library)}\n".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{library} -\n".encode())
    package = Path(mtqa.__file__).parent
    data = [path for path in (package / "data").iterdir() if path.suffix in (".yaml", ".txt")]
    for path in sorted([*package.rglob("*.py"), *data]):
        digest.update(str(path.relative_to(package)).encode())
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


_TEMPORARY_PREFIX = ".partial-"


class _Store:
    """The folder of stored glossaries; one warning per use at most, however many things go wrong."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._warned = False

    def get(self, key: str) -> CompiledGlossary | None:
        path = self.folder / f"{key}{SUFFIX}"
        try:
            data = read_bytes(str(path))
        except MtqaError as error:
            if os.path.lexists(path):
                self._warn(path, f"cannot be read ({getattr(error, 'detail', error)})")
            return None
        payload = _verified_payload(data)
        if payload is None:
            self._warn(path, "is damaged or not an mtqa glossary cache")
            return None
        try:
            with collection_paused():
                compiled = pickle.loads(payload)  # noqa: S301 - checked above, from the user's own cache folder
        except Exception as error:  # noqa: BLE001 - written by another version of a library: computed again
            self._warn(path, f"cannot be loaded ({type(error).__name__})")
            return None
        if not isinstance(compiled, CompiledGlossary):
            self._warn(path, "does not hold a compiled glossary")
            return None
        return compiled

    def put(self, key: str, compiled: CompiledGlossary) -> None:
        try:
            payload = pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # noqa: BLE001 - never fails the run: the glossary is compiled already
            self._warn(self.folder, f"cannot store the compiled glossary ({type(error).__name__}: {error})")
            return
        data = MAGIC + _HEADER.pack(hashlib.sha256(payload).digest(), len(payload)) + payload
        target = self.folder / f"{key}{SUFFIX}"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(prefix=_TEMPORARY_PREFIX, dir=self.folder)
            try:
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(data)
                os.replace(temporary, target)  # readers see the old file or the whole new one
            except BaseException:
                _remove(Path(temporary))
                raise
        except OSError as error:
            self._warn(self.folder, f"cannot store the compiled glossary ({error.strerror or error})")
            return
        self._prune(keep=target)

    def _prune(self, keep: Path) -> None:
        """Past MAX_FILES stored glossaries, the oldest go; another run may be removing them at the same time."""
        try:
            entries = [entry for entry in os.scandir(self.folder) if entry.name.endswith(SUFFIX)]
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

    def _warn(self, path: Path, what: str) -> None:
        if not self._warned:
            self._warned = True
            warn(f"glossary cache {path}: {what}; the glossary is compiled afresh (set MTQA_NO_CACHE=1 to turn "
                 f"the cache off)")


def _verified_payload(data: bytes) -> bytes | None:
    """The payload when the header is mtqa's and the checksum and length match it; else None."""
    start = len(MAGIC) + _HEADER.size
    if len(data) < start or not data.startswith(MAGIC):
        return None
    checksum, length = _HEADER.unpack_from(data, len(MAGIC))
    payload = data[start:]
    if len(payload) != length or hashlib.sha256(payload).digest() != checksum:
        return None
    return payload


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
