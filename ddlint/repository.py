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


# The files that make a folder a project's root (``ddlint.loader.project_root``).
PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg")


def has_project_file(folder: Path) -> bool:
    """Whether ``folder`` holds pyproject.toml, setup.py or setup.cfg."""
    return any((folder / name).is_file() for name in PROJECT_FILES)
