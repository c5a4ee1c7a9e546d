"""Errors that end a run with exit code 2 and one line naming the file and place."""

from __future__ import annotations


class MtqaError(Exception):
    """A usage or input problem. `str()` is the whole message line."""


class InputError(MtqaError):
    def __init__(self, path: str, message: str, line: int | None = None, entry: str | None = None) -> None:
        self.path = path
        self.line = line
        self.entry = entry
        self.detail = message
        place = f"{path}:{line}" if line is not None else path
        where = f" (entry '{entry}')" if entry else ""
        super().__init__(f"{place}: {message}{where}")


class ConfigError(MtqaError):
    pass
