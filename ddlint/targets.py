"""Which Python versions and platforms a project targets, and where that was declared."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence

from ddlint import facts
from ddlint.environment import Targets
from ddlint.model import DependencyFile
from ddlint.project import Project


@functools.lru_cache(maxsize=8)
def released_pythons(today: datetime.date) -> tuple[str, ...]:
    """Every CPython minor released on ``today`` (from ``rules/runtime.toml``)."""
    rows = facts.load("runtime").get("cpython", [])
    return tuple(str(row["version"]) for row in rows if row["released"] <= today)


def resolve(project: Project, files: Sequence[DependencyFile]) -> Targets:
    """First found wins: ``--python``/configuration, then ``.python-version``."""
    settings = project.settings
    known = released_pythons(settings.today)
    if settings.python_versions:
        source = "configuration" if settings.config_path else "--python"
        return Targets(settings.python_versions, settings.platforms, source, known)
    if project.python_version:
        minor = ".".join(project.python_version.split(".")[:2])
        return Targets((minor,), settings.platforms, ".python-version", known)
    return Targets((), settings.platforms, None, known)
