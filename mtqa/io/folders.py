"""The articles in a folder tree: sorted, folder links followed once each, every unreadable part reported.

Links are followed where they stay: into the scanned folder or the working folder. One that leads elsewhere is an
input error, the policy reports written through links follow (mtqa.output): a link committed to a checked-out
repository ("translations/notes.txt" -> "../../.git-credentials") put any file the CI job could read into its
reports. A file or folder named on the command line is read wherever it is: whoever named it chose it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from mtqa.errors import InputError
from mtqa.io.files import is_inside, os_reason, path_status, refuse_unless_regular, working_folder
from mtqa.io.names import display_path

OnError = Callable[[InputError], None]


FileIdentity = tuple[int, int]  # (device, inode): one file, whatever the path that names it


def article_files(folder: str, suffixes: tuple[str, ...], on_error: OnError) -> list[tuple[str, FileIdentity]]:
    """The regular files under `folder` whose suffix is in `suffixes`, sorted by path, each with its identity.

    A subfolder that cannot be listed, and a file named like an article that is not a regular readable file (a
    FIFO, a device, a dangling link), go to `on_error`, which raises or records; the scan goes on either way.
    A linked folder is scanned like a real one, but each real folder once: a link cycle ends, nothing is read twice.
    A link to an article or a folder that leads out of `folder` and the working folder goes to `on_error` too, and
    is not followed. The order of the result does not depend on the order of the scan.
    """
    files: list[tuple[Path, FileIdentity]] = []
    bounds = tuple(filter(None, (os.path.realpath(folder), working_folder())))
    scanned: set[FileIdentity] = set()
    # Real folders first, links after: an article reachable both ways keeps its real path as its id.
    real: list[tuple[Path, FileIdentity]] = [(Path(folder), file_identity(path_status(folder)))]
    linked: list[tuple[Path, FileIdentity]] = []
    while real or linked:
        directory, identity = real.pop() if real else linked.pop(0)
        if identity in scanned:
            continue
        scanned.add(identity)
        for entry in _entries(directory, on_error):
            is_article = Path(entry.name).suffix.lower() in suffixes
            try:
                status = os.stat(entry.path)
            except (OSError, ValueError) as error:
                if is_article:
                    reason = f"broken link ({os_reason(error)})" if entry.is_symlink() else os_reason(error)
                    on_error(InputError(display_path(entry.path), reason))
                continue
            is_folder = stat.S_ISDIR(status.st_mode)
            if not (is_folder or is_article):
                continue
            try:
                if not is_folder:
                    refuse_unless_regular(entry.path, status)
                if entry.is_symlink():
                    _refuse_link_leading_away(entry.path, is_folder, folder, bounds)
            except InputError as error:
                on_error(error)
                continue
            if is_folder:
                (linked if entry.is_symlink() else real).append((directory / entry.name, file_identity(status)))
            else:
                files.append((directory / entry.name, file_identity(status)))
    return [(str(path), identity) for path, identity in sorted(files)]


def _refuse_link_leading_away(link: str, is_folder: bool, folder: str, bounds: tuple[str, ...]) -> None:
    """InputError where the link `link`, met while scanning `folder`, resolves outside each of `bounds` (the
    scanned folder and the working folder, resolved)."""
    target = os.path.realpath(link)
    if not any(is_inside(target, bound) for bound in bounds):
        raise InputError(display_path(link), f"a link to {display_path(target)}, outside {display_path(folder)} and "
                         f"the working folder: not read (name the {'folder' if is_folder else 'file'} it leads to, to "
                         "check it)")


def _entries(directory: Path, on_error: OnError) -> list[os.DirEntry]:
    try:
        with os.scandir(directory) as listing:
            return sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        on_error(InputError(display_path(str(directory)), f"cannot read folder ({os_reason(error)})"))
        return []


def file_identity(status: os.stat_result) -> FileIdentity:
    return status.st_dev, status.st_ino
