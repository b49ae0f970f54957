"""Writing a fixed file: atomically (a temporary file in the same folder renamed over the
original), with the original's permissions, never a lockfile or a generated file, and through a
symlink only when its target is inside the repository."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from ddlint.fixing.edits import Edit, apply_to_bytes

# The kinds a person writes (ddlint.model.FileKind values); everything else is refused.
WRITABLE_KINDS = frozenset({"requirements", "pyproject.toml"})
_LOCK_NAMES = frozenset({"uv.lock", "poetry.lock", "pdm.lock", "pipfile.lock", "pylock.toml"})


class RefusedError(Exception):
    """The file must not be written; the message says why."""


def target(path: Path, kind: str, repository: Optional[Path]) -> Path:
    """The real file an edit of ``path`` writes; raises RefusedError for a lock kind or a
    lockfile's name (defence in depth: the caller already passes only what a person writes), a
    generated kind, and a symlink whose target is outside ``repository`` (None: any symlink)."""
    if kind not in WRITABLE_KINDS:
        raise RefusedError(f"{path}: a {kind} file is written by a tool, never edited by --fix")
    if path.name.lower() in _LOCK_NAMES or path.name.lower().startswith("pylock."):
        raise RefusedError(f"{path}: a lockfile is written by a tool, never edited by --fix")
    real = path.resolve()
    linked = path.is_symlink() or real != path.absolute()
    if linked and (repository is None or not real.is_relative_to(repository.resolve())):
        raise RefusedError(f"{path}: a symlink to {real}, outside the repository")
    if real.name.lower() in _LOCK_NAMES:
        raise RefusedError(f"{path}: links to a lockfile, never edited by --fix")
    return real


def write_atomic(path: Path, data: bytes, kind: str, repository: Optional[Path]) -> Path:
    """Writes ``data`` to ``path`` (or where its symlink points, see ``target``) atomically,
    keeping the file's permission bits; returns the file written."""
    real = target(path, kind, repository)
    mode = stat.S_IMODE(real.stat().st_mode)
    descriptor, temporary = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.",
                                             suffix=".ddlint-fix")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, real)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return real


def apply_to_file(path: Path, edits: Sequence[Edit], kind: str,
                  repository: Optional[Path]) -> bool:
    """Applies ``edits`` to the file and writes it atomically; False when nothing changed."""
    real = target(path, kind, repository)
    before = real.read_bytes()
    after = apply_to_bytes(before, edits)
    if after == before:
        return False
    write_atomic(path, after, kind, repository)
    return True
