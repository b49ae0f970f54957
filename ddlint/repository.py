"""The git work tree a path lies in, found by looking for ``.git`` without running git."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional


def is_repository_top(folder: Path) -> bool:
    """``.git`` is a folder, or a file in worktrees and submodules."""
    return (folder / ".git").exists()


def enclosing_repository(folder: Path) -> Optional[Path]:
    """The nearest folder from ``folder`` upwards that is a work tree's top, else None."""
    start = Path(os.path.abspath(folder))
    for candidate in (start, *start.parents):
        if is_repository_top(candidate):
            return candidate
    return None


def repository_root(start: Optional[Path] = None) -> Path:
    """The git work tree's top above ``start`` (default: the current folder), found by looking
    for ``.git`` (a folder, or a file in worktrees and submodules) without running git; else
    ``start`` itself. CI tools resolve file paths against it."""
    folder = Path(os.path.abspath(start if start is not None else os.curdir))
    return enclosing_repository(folder) or folder


def repository_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root``, ``/``-separated (``..`` segments when it lies outside)."""
    absolute = os.path.abspath(path)
    try:
        return Path(os.path.relpath(absolute, root)).as_posix()
    except ValueError:  # another drive on Windows: nothing relative exists
        return Path(absolute).as_posix()
