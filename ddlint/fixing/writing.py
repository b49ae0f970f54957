"""Writing a fixed file: atomically (a temporary file in the same folder renamed over the
original), with the original's owner, group and permissions, never a lockfile or a generated
file, through a symlink only when its target is inside the repository, and never over a file
that changed since the run read it."""

from __future__ import annotations

import contextlib
import fnmatch
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from ddlint.file_formats import FORMATS
from ddlint.fixing.edits import Edit, apply_to_bytes

# The kinds a person writes (ddlint.model.FileKind values, the rows ``edited``); everything else
# is refused, and so is any file named as a format that is not edited (a lockfile).
WRITABLE_KINDS = frozenset(row.kind.value for row in FORMATS if row.edited)
_LOCK_NAMES = frozenset(name.lower() for row in FORMATS if not row.edited for name in row.names)
_LOCK_PATTERNS = tuple(pattern.lower() for row in FORMATS if not row.edited
                       for pattern in (*row.patterns, *row.any_case_patterns))

Signature = tuple[int, int, int, int]  # ddlint.reading.signature_of


def _is_lock_name(name: str) -> bool:
    lowered = name.lower()
    return lowered in _LOCK_NAMES or any(fnmatch.fnmatchcase(lowered, pattern)
                                         for pattern in _LOCK_PATTERNS)


class RefusedError(Exception):
    """The file must not be written; the message says why."""


def target(path: Path, kind: str, repository: Optional[Path]) -> Path:
    """The real file an edit of ``path`` writes; raises RefusedError for a lock kind or a
    lockfile's name (defence in depth: the caller already passes only what a person writes), a
    generated kind, and a symlink whose target is outside ``repository`` (None: any symlink)."""
    if kind not in WRITABLE_KINDS:
        raise RefusedError(f"{path}: a {kind} file is written by a tool, never edited by --fix")
    if _is_lock_name(path.name) or path.name.lower().startswith("pylock."):
        raise RefusedError(f"{path}: a lockfile is written by a tool, never edited by --fix")
    real = path.resolve()
    linked = path.is_symlink() or real != path.absolute()
    if linked and (repository is None or not real.is_relative_to(repository.resolve())):
        raise RefusedError(f"{path}: a symlink to {real}, outside the repository")
    if _is_lock_name(real.name):
        raise RefusedError(f"{path}: links to a lockfile, never edited by --fix")
    return real


def write_atomic(path: Path, data: bytes, kind: str, repository: Optional[Path],
                 expected: Optional[Signature] = None) -> Path:
    """Writes ``data`` to ``path`` (or where its symlink points, see ``target``) atomically,
    keeping the file's owner, group and permission bits; returns the file written. With
    ``expected`` (``reading.signature`` of the bytes the edits were made on), a file that
    changed since is refused."""
    from ddlint.reading import signature_of

    real = target(path, kind, repository)
    status = real.stat()
    if expected is not None and signature_of(status) != expected:
        raise RefusedError(f"{path}: changed while fixing, not touched")
    mode = stat.S_IMODE(status.st_mode)
    descriptor, temporary = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.",
                                             suffix=".ddlint-fix")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if hasattr(os, "chown") and (status.st_uid, status.st_gid) != (os.getuid(),
                                                                       os.getgid()):
            _keep_owner(temporary, status)
        os.chmod(temporary, mode)  # after chown, which may clear set-id bits
        os.replace(temporary, real)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return real


def _keep_owner(temporary: str, status: os.stat_result) -> None:
    """The fixed file keeps the original's owner and group (``--fix`` run as root must not
    hand a user's file to root); a user who may not give it away keeps what they can."""
    try:
        os.chown(temporary, status.st_uid, status.st_gid)
    except PermissionError:
        with contextlib.suppress(PermissionError):
            os.chown(temporary, -1, status.st_gid)


def apply_to_file(path: Path, edits: Sequence[Edit], kind: str,
                  repository: Optional[Path]) -> bool:
    """Applies ``edits`` to the file (read through the one reader) and writes it atomically;
    False when nothing changed."""
    from ddlint.reading import read_bytes

    real = target(path, kind, repository)
    before = read_bytes(real)
    after = apply_to_bytes(before, edits)
    if after == before:
        return False
    write_atomic(path, after, kind, repository)
    return True
