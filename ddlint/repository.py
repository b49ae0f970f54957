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


def repository_of(path: Path) -> Optional[Path]:
    """The repository holding ``path``: the nearest folder upwards with ``.git`` (a folder, or
    a file in worktrees and submodules), symlinks resolved; None outside any repository."""
    top = enclosing_repository(Path(os.path.abspath(path)).parent)
    return real_path(top) if top is not None else None


def real_path(path: Path) -> Path:
    """``path`` with symlinks resolved as far as they go (a symlink loop stops there)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop before Python 3.13
        return Path(os.path.abspath(path))


def read_boundary(path: Path) -> Path:
    """The folder no file read for ``path`` may lie outside: its repository; without one, the
    current folder when ``path`` (as given, before symlinks) lies in it, else ``path``'s own
    folder."""
    repository = repository_of(path)
    if repository is not None:
        return repository
    absolute = Path(os.path.abspath(path))
    if absolute.is_relative_to(Path(os.path.abspath(os.curdir))):
        return real_path(Path.cwd())
    return real_path(absolute.parent)


def leaves_repository(path: Path) -> bool:
    """Whether ``path`` is a symlink (or lies in a symlinked folder) to somewhere outside its
    ``read_boundary``. Reading it would let a file in a pull request pull any file of the CI
    machine (``/etc/passwd``, a token) into the report, line by line. Every file ddlint reads
    is asked: dependency files and includes (``parsers.base.read_text``), configuration files,
    ``.python-version`` and the pyproject.toml read for a project's Python."""
    real = real_path(path)
    if real == Path(os.path.abspath(path)):
        return False  # no symlink on the way: nothing to escape through
    return not real.is_relative_to(read_boundary(path))


# The files that make a folder a project's root (``ddlint.loader.project_root``).
PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg")


def has_project_file(folder: Path) -> bool:
    """Whether ``folder`` holds pyproject.toml, setup.py or setup.cfg."""
    return any((folder / name).is_file() for name in PROJECT_FILES)
