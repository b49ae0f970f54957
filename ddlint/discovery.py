"""Expand the paths a user gives into the dependency files to read, in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ddlint.model import FileKind
from ddlint.parsers import detect

# Folders that never hold a project's own dependency files.
SKIPPED_FOLDERS = frozenset({
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "__pypackages__",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist",
    "site-packages", ".eggs",
})


@dataclass(frozen=True)
class Candidate:
    """A file to read: its path and its format."""

    path: Path
    kind: FileKind


def explicit_kind(path: Path) -> FileKind | None:
    """How a file named explicitly is read: by its name when ddlint knows it; a ``.txt`` or
    ``.in`` file of another name as a requirements file (pip reads ``-r`` files of any name);
    anything else (``setup.cfg``, ``setup.py``, ``Pipfile``, ``tox.ini``, ...) is not a
    dependency file ddlint reads: None, and the command line says so."""
    kind = detect(path)
    if kind is None and path.name.lower().endswith((".txt", ".in")):
        kind = FileKind.REQUIREMENTS
    return kind


def discover(paths: Iterable[Path]) -> Iterator[Candidate]:
    """Files named explicitly are read by ``explicit_kind`` (those it refuses are left out);
    folders are searched for files of a known name. Each file is yielded once.
    """
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = _walk(path)
        else:
            kind = explicit_kind(path)
            found = iter([Candidate(path, kind)] if kind is not None else [])
        for candidate in found:
            key = Path(os.path.normcase(os.path.abspath(candidate.path)))
            if key not in seen:
                seen.add(key)
                yield candidate


def _walk(root: Path) -> Iterator[Candidate]:
    """Every known file below ``root``, sorted, folder by folder (depth first, as ``os.walk``
    goes); symlinked folders are not followed.

    Its own stack rather than ``os.walk``, which recurses once per level before Python 3.12:
    a tree a thousand folders deep would end in a RecursionError.
    """
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:  # unreadable, or gone since it was listed: os.walk skips it too
            continue
        subfolders: list[str] = []
        files: list[str] = []
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if not is_folder:
                files.append(entry.name)
            elif not entry.is_symlink():
                subfolders.append(entry.name)
        for name in sorted(files):
            path = folder / name
            kind = detect(path)
            if kind is not None and path.is_file():
                yield Candidate(path, kind)
        pending.extend(sorted(
            (folder / name for name in subfolders
             if name not in SKIPPED_FOLDERS and not name.endswith(".egg-info")
             and not _is_virtualenv(folder / name)),
            reverse=True,  # popped from the end: the first in order is walked next
        ))


def _is_virtualenv(folder: Path) -> bool:
    return (folder / "pyvenv.cfg").is_file()
