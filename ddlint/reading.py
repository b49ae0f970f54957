"""The one reader of every file ddlint reads from a repository (dependency files, includes,
configuration, ``.python-version``): regular files only, with a size cap.

A FIFO would block the run and a symlink to ``/dev/zero`` would be read until memory runs out
(issue 15 item 4); both are refused before a byte is read. The file is opened without blocking
and judged by what was opened (``fstat``), not by a look at the name beforehand. Whether a file
lies inside the repository is the callers' guard (``parsers.base.leaves_repository``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# Larger than any lockfile: a 50 MB uv.lock needs about 211 MiB, this one would need 1 to 2 GB.
MAX_BYTES = 256 * 1024 * 1024
# ``.python-version`` names a Python on its first line.
SMALL_FILE_BYTES = 64 * 1024


class Unreadable(OSError):
    """A file ddlint will not read: not a regular file, or larger than the cap. An OSError,
    so that every caller that handles a file it cannot read handles this one too; ``strerror``
    says why."""

    def __init__(self, path: Path, reason: str, *, special: bool = False) -> None:
        super().__init__(reason)
        self.strerror = reason
        self.filename = str(path)
        self.special = special


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed); raises OSError
    (``Unreadable`` for a special file or one larger than ``limit``)."""
    with open(path, "rb", opener=_without_blocking) as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise Unreadable(path, "not a regular file", special=True)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Unreadable(path, f"larger than {limit // (1024 * 1024) or 1} MiB, the most ddlint "
                               "reads" if limit >= 1024 * 1024 else
                               f"larger than {limit // 1024} KiB, the most ddlint reads")
    return data


def _without_blocking(name: str, flags: int) -> int:
    """Open without waiting for a FIFO's writer; the mode is judged once it is open."""
    return os.open(name, flags | getattr(os, "O_NONBLOCK", 0))


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    """``read_bytes`` decoded as UTF-8 (a BOM is allowed); raises OSError or
    UnicodeDecodeError."""
    return read_bytes(path, limit).decode("utf-8-sig")
