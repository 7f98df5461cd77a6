"""One home for the project's errors.

Every error a user can cause is a `MaxpressureError`; the CLI turns it into one line on stderr
and a non-zero exit code. Input errors carry the file and, where it applies, the line.
"""

from __future__ import annotations

from pathlib import Path


class MaxpressureError(Exception):
    """Base of every error the project raises on purpose."""

    exit_code = 1


class InputError(MaxpressureError):
    """A file the user gave us cannot be read as what it claims to be."""

    exit_code = 2

    def __init__(self, path: str | Path | None, message: str, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        # Without a file the error is about an option or argument, and its message names it.
        if self.path is None:
            return self.message
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class StoreError(MaxpressureError):
    """The store is missing, locked or holds no data for the request."""

    exit_code = 3


class NotFound(MaxpressureError):
    """An entity, snapshot or list the user named does not exist."""

    exit_code = 4


class FetchError(MaxpressureError):
    """A download failed (network, size limit, checksum)."""

    exit_code = 5
