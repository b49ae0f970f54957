"""The one reader of every file ddlint reads from a repository (dependency files, includes,
configuration, ``.python-version``): regular files only, with a size cap, and each file read
once per run.

A FIFO would block the run and a symlink to ``/dev/zero`` would be read until memory runs out
(issue 15 item 4); both are refused before a byte is read. The file is opened without blocking
(a FIFO's writer is not waited for) and judged by what was opened (``fstat``), not by a look at
the name beforehand. Whether a file lies inside the repository is the callers' guard
(``repository.leaves_repository``).

A pyproject.toml is a manifest, a project's requires-python, a configuration and the manifest
behind its lockfile: four readers, one open. Within a ``session`` (one lint run) the bytes of
each file are kept; outside one every read goes to the disk. A folder is listed by
``list_folder``, as the repository's walk (``discovery``) reads it and the scan cache
(``scans``) keeps it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Hashable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any, Optional, TypeVar, Union

T = TypeVar("T")

# Larger than any lockfile: a 50 MB uv.lock needs about 211 MiB, this one would need 1 to 2 GB.
MAX_BYTES = 256 * 1024 * 1024
# ``.python-version`` names a Python on its first line.
SMALL_FILE_BYTES = 64 * 1024

# The open session's cache (none outside a run): absolute path -> the bytes read (at most
# MAX_BYTES), or the OSError reading raised.
_SESSIONS: list[dict[str, Union[bytes, OSError]]] = []
# The values ``remembered`` computed in the open session.
_REMEMBERED: list[dict[Hashable, Any]] = []
# What each file read in the open session was when it was read (``signature``).
_SIGNATURES: list[dict[str, tuple[int, int, int, int]]] = []


class Unreadable(OSError):
    """A file ddlint will not read: not a regular file, or larger than the cap. An OSError,
    so that every caller that handles a file it cannot read handles this one too; ``strerror``
    says why."""

    def __init__(self, path: Path, reason: str, *, special: bool = False) -> None:
        super().__init__(reason)
        self.strerror = reason
        self.filename = str(path)
        self.special = special


@contextlib.contextmanager
def session() -> Iterator[None]:
    """Keep what is read until the block ends (one lint run). Sessions nest: the outermost
    one keeps the cache."""
    if _SESSIONS:
        yield
        return
    _SESSIONS.append({})
    _REMEMBERED.append({})
    _SIGNATURES.append({})
    try:
        yield
    finally:
        _SESSIONS.clear()
        _REMEMBERED.clear()
        _SIGNATURES.clear()


def in_session() -> bool:
    """Whether a session is open (what is read is kept until it ends)."""
    return bool(_SESSIONS)


def provide(path: Path, data: bytes) -> None:
    """Within a session, ``data`` is what ``path`` holds (``--stdin-filename``: an editor's
    unsaved buffer, checked as that file); more than ``MAX_BYTES`` is refused as a file would
    be."""
    if not _SESSIONS:
        raise RuntimeError("reading.provide outside a session")
    if len(data) > MAX_BYTES:
        raise _too_large(path, MAX_BYTES)
    _SESSIONS[0][os.path.abspath(path)] = data
    buffers: set[str] = remembered(("provided",), set)
    buffers.add(os.path.abspath(path))


def provided(path: Union[str, Path]) -> bool:
    """Whether the open session reads ``path`` from what was ``provide``d, not the disk."""
    buffers = provided_paths()
    return bool(buffers) and os.path.abspath(path) in buffers


def provided_paths() -> AbstractSet[str]:
    """The absolute paths the open session reads from what was ``provide``d (not a copy)."""
    found: AbstractSet[str] = _REMEMBERED[0].get(("provided",), _NONE) if _REMEMBERED else _NONE
    return found


_NONE: frozenset[str] = frozenset()


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), once per file and run;
    raises OSError (``Unreadable`` for a special file or one larger than ``limit``)."""
    if not _SESSIONS:
        return _read(path, limit)
    cache = _SESSIONS[0]
    key = os.path.abspath(path)
    if key not in cache:
        try:
            cache[key] = _read(path, MAX_BYTES)
        except OSError as error:
            cache[key] = error
    found = cache[key]
    if isinstance(found, OSError):
        raise found
    if len(found) > limit:
        raise _too_large(path, limit)
    return found


def _read(path: Path, limit: int) -> bytes:
    # One open (one audit event), without blocking; then reads on the descriptor itself (a
    # file object would cost more than reading a small file).
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(path, "not a regular file", special=True)
        # Asked for its size and a byte more (were it growing), then in bounded steps: a read
        # of ``limit`` bytes would allocate them first, 256 MiB for every small file.
        chunks: list[bytes] = []
        total = 0
        wanted = min(info.st_size, limit) + 1
        while total <= limit:
            chunk = os.read(descriptor, wanted)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            wanted = min(limit + 1 - total, _STEP)
    finally:
        os.close(descriptor)
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if _SIGNATURES:
        _SIGNATURES[0][os.path.abspath(path)] = signature_of(info)
    if len(data) > limit:
        raise _too_large(path, limit)
    return data


_STEP = 1024 * 1024  # what a read asks for beyond the size the file had when opened


def _too_large(path: Path, limit: int) -> Unreadable:
    if limit >= 1024 * 1024:
        return Unreadable(path, f"larger than {limit // (1024 * 1024)} MiB, the most ddlint reads")
    return Unreadable(path, f"larger than {limit // 1024} KiB, the most ddlint reads")


def signature_of(status: os.stat_result) -> tuple[int, int, int, int]:
    """What tells a file's content changed without reading it: device, inode, size and
    modification time (an atomic replace gives a new inode)."""
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


def signature(path: Path) -> Optional[tuple[int, int, int, int]]:
    """The ``signature_of`` the file at ``path`` had when this session read it; None when it
    was not read in the open session (or no session is open)."""
    return _SIGNATURES[0].get(os.path.abspath(path)) if _SIGNATURES else None


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    """``read_bytes`` decoded as UTF-8 (a BOM is allowed); raises OSError or
    UnicodeDecodeError."""
    # A BOM dropped as "utf-8-sig" drops it, without importing that codec's module.
    return read_bytes(path, limit).removeprefix(b"\xef\xbb\xbf").decode("utf-8")


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, once per ``key`` and run (e.g. the manifest behind several lockfiles,
    parsed once); outside a session, every time."""
    if not _REMEMBERED:
        return compute()
    cache = _REMEMBERED[0]
    if key not in cache:
        cache[key] = compute()
    found: T = cache[key]
    return found


# A folder's listing, each part sorted: the names of what it holds that is not a folder; of
# those, the ones that are neither a regular file nor a symlink to one (a FIFO, a socket, a
# dangling symlink); the symlinks among them; the folders it holds that are not symlinks. A
# symlinked folder is left out (never entered) but counts as a symlink.
Listing = tuple[Sequence[str], Sequence[str], Sequence[str], Sequence[str]]


def list_folder(folder: str) -> Optional[Listing]:
    """The ``Listing`` of ``folder``; None when it cannot be listed (unreadable, or gone since
    its parent was listed: os.walk skips it too)."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return None
    names: list[str] = []
    others: list[str] = []
    symlinks: list[str] = []
    subfolders: list[str] = []
    for entry in entries:
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        symlink = entry.is_symlink()
        if symlink:
            symlinks.append(entry.name)
        if not is_folder:
            names.append(entry.name)
            if not _is_file(entry):
                others.append(entry.name)
        elif not symlink:
            subfolders.append(entry.name)
    for part in (names, others, symlinks, subfolders):
        part.sort()
    return names, others, symlinks, subfolders


def _is_file(entry: os.DirEntry[str]) -> bool:
    """A regular file, or a symlink to one (the listing's own answer: no further stat)."""
    try:
        return entry.is_file()
    except OSError:
        return False
