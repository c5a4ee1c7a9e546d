"""What kind of file a path names, asked without opening it, and OS errors as short reasons."""

from __future__ import annotations

import os
import stat

from mtqa.errors import InputError
from mtqa.io.names import display_path


def regular_file_status(path: str) -> os.stat_result:
    """The status of `path` (links followed) when it names a regular file; InputError naming what it is otherwise."""
    status = path_status(path)
    refuse_unless_regular(path, status)
    return status


def path_status(path: str) -> os.stat_result:
    """os.stat, with every failure (missing, permission, link loop, a NUL in the name) an InputError."""
    try:
        return os.stat(path)
    except (OSError, ValueError) as error:
        raise InputError(display_path(path), os_reason(error)) from None


def refuse_unless_regular(path: str, status: os.stat_result) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise InputError(display_path(path), "is a directory, expected a file")
    if not stat.S_ISREG(status.st_mode):
        kind = special_kind(status.st_mode)
        raise InputError(display_path(path), f"not a regular file ({kind}), expected a text file")


def special_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def is_inside(path: str, folder: str) -> bool:
    """Whether `path` is `folder` or below it; both resolved (os.path.realpath), so that no `..` or link remains."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def working_folder() -> str | None:
    """The working folder, resolved; None where it is gone (removed while the run was in it)."""
    try:
        return os.path.realpath(os.getcwd())
    except OSError:
        return None


def os_reason(error: OSError | ValueError) -> str:
    if isinstance(error, ValueError):  # os functions refuse a NUL character in a path this way
        return "not a valid file name"
    return error.strerror.lower() if error.strerror else f"cannot read ({error})"


def file_versions(paths: tuple[str, ...]) -> tuple[tuple[str, tuple | None], ...]:
    """Each path with what changes whenever its file is written (inode, size, modification and change times; the
    change time no program can set back), to key what was read from it: a process that lives longer than one run (a
    notebook, a service, a Dask worker) must see an edited file as edited, and a run can tell a file written while
    it ran."""
    versions = []
    for path in paths:
        try:
            status = os.stat(path)
            versions.append((path, (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)))
        except (OSError, ValueError):
            versions.append((path, None))  # reading it will say what is wrong
    return tuple(versions)
