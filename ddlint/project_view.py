"""The projects a sub-command reads (``ddlint constraints``, ``--show-settings``), each with
its configuration and parsed files, grouped as the lint groups them, without running a rule."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ddlint.records import dataclass

if TYPE_CHECKING:
    from ddlint.model import DependencyFile
    from ddlint.project import Project


@dataclass(frozen=True)
class ProjectFiles:
    """A project, the files asked about in it, and every file read (the project's other
    dependency files too, with ``context``)."""

    project: Project
    config: Optional[Path]
    asked: tuple[DependencyFile, ...]
    files: tuple[DependencyFile, ...]


def read_projects(paths: Sequence[Path], overrides: dict[str, object],
                  config_file: Optional[Path] = None,
                  context: bool = False) -> list[ProjectFiles]:
    """The projects of the dependency files below ``paths``, sorted by root and
    configuration, as ``engine.lint`` keys them (the nearest configuration to each file, or
    ``config_file``); with ``context`` each also reads its root's other dependency files."""
    from ddlint import parsers
    from ddlint.config import find_config
    from ddlint.discovery import discover, project_files
    from ddlint.loader import load_project, project_root
    from ddlint.settings import Settings

    projects: dict[tuple[Path, str], Project] = {}
    asked: dict[tuple[Path, str], dict[Path, DependencyFile]] = {}
    for candidate in discover(paths):
        path = Path(os.path.abspath(candidate.path))
        found = config_file or find_config(path.parent)
        key = (project_root(path), os.fspath(found) if found else "")
        if key not in projects:
            projects[key] = load_project(key[0], Settings(), dict(overrides), found)
        asked.setdefault(key, {})[path] = parsers.parse(candidate.path, candidate.kind)
    out = []
    for key in sorted(asked):
        files = dict(asked[key])
        if context:
            for candidate in project_files(key[0]):
                path = Path(os.path.abspath(candidate.path))
                if path not in files:
                    files[path] = parsers.parse(candidate.path, candidate.kind)
        out.append(ProjectFiles(projects[key], Path(key[1]) if key[1] else None,
                                tuple(asked[key].values()),
                                tuple(file for _, file in sorted(files.items()))))
    return out
