"""Writing reports: atomically (temporary file, then rename) and never over an input."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mtqa.errors import MtqaError


def write_atomically(path: str, content: str, inputs: list[str] = ()) -> None:
    target = Path(path)
    resolved = target.resolve()
    for given in inputs:
        source = Path(given).resolve()
        if resolved == source or (source.is_dir() and _is_inside(resolved, source) and
                                  resolved.suffix.lower() in (".txt", ".md")):
            raise MtqaError(f"{path}: refusing to write a report over an input")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(content)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes the file private; a report is an ordinary file
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _is_inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
