"""Writing reports: never over an input, atomically where the target is a regular file, one-line errors otherwise.

A report replaces a regular file through a temporary file and a rename, so a reader never sees half a report and
an interrupted run (or an error while a report given in pieces is still being made) leaves the old one. A device, a
FIFO or a terminal (`/dev/null`, a `/dev/stdout` link) is written to in place: replacing it with a regular file would
destroy it. A symbolic link keeps pointing at the new report, where it leads into its own folder or the working
folder; one leading elsewhere is refused (a link committed to a checked-out repository could aim a CI job's report at
any file the job may write).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from mtqa.errors import MtqaError
from mtqa.io import ARTICLE_SUFFIXES
from mtqa.io.files import is_inside


def write_report(path: str, content: str | Iterable[str], inputs: Inputs | Iterable[str] = ()) -> None:
    """Write `content` (UTF-8; text, or text in pieces made as they are written) to `path`, refusing any path that
    is one of `inputs` or would be read as one."""
    refuse_inputs(path, inputs)
    data = map(_encoded, [content] if isinstance(content, str) else content)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise _cannot_write(path, error) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise MtqaError(f"{path}: is a directory, expected a file name for the report")
    if path.endswith(("/", os.sep)) or os.path.basename(path) in (".", ".."):  # "reports/", "reports/.": Path()
        # would drop the end, and the report be a file of the folder's name
        raise MtqaError(f"{path}: names a folder, which does not exist; expected a file name for the report")
    _refuse_link_leading_away(path)
    if mode is not None and not stat.S_ISREG(mode):
        _write_in_place(path, data)
    else:
        linked = os.path.islink(path)
        _replace(Path(os.path.realpath(path)) if linked else Path(path), data, path, make_folders=not linked)


def _refuse_link_leading_away(path: str) -> None:
    """A report is written through links only where they lead: a link at its path only into the link's own folder or
    the working folder, and a link inside the working folder (the report's, or a folder's on the way to it) only
    inside it. A link committed to a checked-out repository ("reports/seed.json" -> "~/.bashrc", or "reports" ->
    "../victim") made a CI job write over any file it could write."""
    if _stream(path):
        return  # a terminal, /dev/null or a pipe (/dev/stdout) is written to, never replaced: nothing is lost
    target = os.path.realpath(path)
    working = os.path.realpath(os.getcwd())
    if os.path.islink(path) and not (is_inside(target, os.path.realpath(os.path.dirname(path) or "."))
                                     or is_inside(target, working)):
        raise MtqaError(f"{path}: a link to {target}, outside its folder and the working folder: refusing to write a "
                        "report through it (remove the link, or name the file it leads to)")
    if not is_inside(target, working):
        for link in _links_on_the_way(path):
            # A link inside the working folder (by where it stands, however the path spells it: "$PWD/reports",
            # "/proc/self/cwd/reports") that leads out of it.
            if is_inside(os.path.realpath(os.path.dirname(link)), working):
                raise MtqaError(f"{path}: leads through a link to {target}, outside the working folder: refusing "
                                "to write a report through it (remove the link, or name the place it leads to)")


def _links_on_the_way(path: str) -> list[str]:
    """The links among the folders on the way to `path`, as it spells them (made absolute)."""
    links, on_the_way = [], os.path.sep
    for part in os.path.abspath(os.path.dirname(path) or ".").split(os.path.sep):
        on_the_way = os.path.join(on_the_way, part)
        if part and os.path.islink(on_the_way):
            links.append(on_the_way)
    return links


def _stream(path: str) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def append_report(path: str, content: str, inputs: Inputs | Iterable[str] = (), what: str = "report") -> None:
    """Append to `path` (a file other steps write too, such as a CI job summary); never to an input."""
    refuse_inputs(path, inputs)
    try:
        if os.path.isdir(path):
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        with _open_special(path, os.O_APPEND | os.O_CREAT) as stream:
            stream.write(_encoded(content))
    except OSError as error:
        raise _cannot_write(path, error, what) from None


class Inputs:
    """The files and folders a run read, known by their device and inode, once: each report path is then checked in
    a few system calls however many articles the run read (a run of 100,000 files resolved every one of them again
    for each report). The same file by any name, hard links included, has one identity."""

    def __init__(self, paths: Iterable[str], whole_folders: Iterable[str] = ()) -> None:
        """`whole_folders`: folders any file of which a run may read, whatever its name (a reference folder, where
        an article's id names its reference: "out.json" as well as "a.txt"); in the other folders, article files."""
        self._files: dict[tuple[int, int], str] = {}
        self._folders: dict[tuple[int, int], str] = {}
        self._whole_folders: set[tuple[int, int]] = set()
        self._missing: dict[Path, str] = {}  # inputs that do not exist (yet), by their resolved path
        whole_folders = set(whole_folders)
        for given in (*paths, *whole_folders):
            try:
                status = os.stat(given)
            except (OSError, ValueError):
                self._missing.setdefault(Path(given).resolve(), given)
                continue
            identity = (status.st_dev, status.st_ino)
            (self._folders if stat.S_ISDIR(status.st_mode) else self._files).setdefault(identity, given)
            if given in whole_folders and stat.S_ISDIR(status.st_mode):
                self._whole_folders.add(identity)

    def refuse(self, path: str) -> None:
        """An error when `path` is one of the inputs, an article file inside an input folder, any file inside a
        whole folder, or inside mtqa's own package (its pattern lists, its shipped glossaries), which every run
        reads."""
        resolved = Path(path).resolve()
        for folder in _own_folders():
            if resolved.is_relative_to(folder):
                raise MtqaError(f"{path}: refusing to write a report into mtqa's own files ({folder})")
        given = self._missing.get(resolved)
        with contextlib.suppress(OSError, ValueError):
            # The resolved path: "notyet/../article.jsonl" names the article, though "notyet" does not exist yet
            status = os.stat(resolved)
            given = given or self._files.get((status.st_dev, status.st_ino)) \
                or self._folders.get((status.st_dev, status.st_ino))
        # A report inside a folder that is checked would be read as an article by the next run, and one inside a
        # reference folder as an article's reference.
        an_article = resolved.suffix.lower() in ARTICLE_SUFFIXES
        if given is None and (an_article or self._whole_folders):
            for folder in resolved.parents:
                with contextlib.suppress(OSError, ValueError):
                    status = os.stat(folder)
                    identity = (status.st_dev, status.st_ino)
                    if an_article or identity in self._whole_folders:
                        given = self._folders.get(identity)
                if given is not None:
                    break
        if given is not None:
            raise MtqaError(f"{path}: refusing to write a report over an input ({given})")


def refuse_inputs(path: str, inputs: Inputs | Iterable[str]) -> None:
    """An error when `path` is one of `inputs`, or would be read as one (see Inputs.refuse)."""
    (inputs if isinstance(inputs, Inputs) else Inputs(inputs)).refuse(path)


@functools.cache
def _own_folders() -> tuple[Path, ...]:
    """mtqa's package and its shipped glossaries (a folder of their own in an editable install)."""
    from importlib import resources

    package = Path(__file__).resolve().parent
    try:
        glossaries = Path(str(resources.files("mtqa.shipped_glossaries"))).resolve()
    except ModuleNotFoundError:  # a source checkout run without installing it: the glossaries are no package
        return (package,)
    return package, glossaries


def refuse_one_file_twice(paths: Iterable[str]) -> None:
    """An error when two report paths name one file by any names: the second report would replace the first. A
    device or FIFO (/dev/null, a pipe) may take several."""
    kept: list[tuple[str, Path]] = []
    for path in paths:
        with contextlib.suppress(OSError):
            if not stat.S_ISREG(os.stat(path).st_mode):
                continue
        resolved = Path(path).resolve()
        for earlier, earlier_resolved in kept:
            if resolved == earlier_resolved or _same_file(path, earlier):
                raise MtqaError(f"{path}: two reports would be written to this one file (it is also given as "
                                f"{earlier})")
        kept.append((path, resolved))


def _same_file(path: str, given: str) -> bool:
    try:
        return os.path.samefile(path, given)
    except (OSError, ValueError):
        return False  # one of them does not exist (yet): they cannot be the same file


def _encoded(content: str) -> bytes:
    # A lone surrogate cannot be encoded; written as its escape it stays readable (and is valid inside JSON).
    return content.encode("utf-8", "backslashreplace")


def _write_in_place(path: str, data: Iterable[bytes]) -> None:
    try:
        with _open_special(path, os.O_TRUNC) as stream:
            stream.writelines(data)
    except OSError as error:
        raise _cannot_write(path, error) from None


def _open_special(path: str, mode_flag: int):
    """A device or FIFO opened for writing. A FIFO is opened without waiting: with nobody reading it, opening
    would block for ever, so that is an error (ENXIO) instead."""
    try:
        descriptor = os.open(path, os.O_WRONLY | mode_flag | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise OSError(error.errno, "nothing is reading this FIFO") from None
        raise
    os.set_blocking(descriptor, True)  # the reader is there: write at its pace
    return os.fdopen(descriptor, "wb")


def _replace(target: Path, data: Iterable[bytes], given: str, make_folders: bool) -> None:
    try:
        if make_folders:  # never for the target of a link: it may point anywhere
            target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise _cannot_write(given, error) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.writelines(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes the file private; a report is an ordinary file
        os.replace(temporary, target)
    except OSError as error:
        _remove(temporary)
        raise _cannot_write(given, error) from None
    except BaseException:  # interrupted (SIGINT, SIGTERM): leave no temporary file behind
        _remove(temporary)
        raise


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _cannot_write(path: str, error: OSError, what: str = "report") -> MtqaError:
    return MtqaError(f"{path}: cannot write the {what} ({error.strerror or error})")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
