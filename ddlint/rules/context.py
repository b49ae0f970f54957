"""What a rule family judges: one project's parsed files, targets and settings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ddlint.environment import Targets
from ddlint.model import Dependency, DependencyFile
from ddlint.project import Project
from ddlint.settings import Settings


@dataclass(frozen=True)
class Context:
    """What a rule family judges: one project's parsed files, targets and settings."""

    project: Project
    files: tuple[DependencyFile, ...]
    targets: Targets

    @property
    def settings(self) -> Settings:
        return self.project.settings

    def dependencies(self) -> Iterator[Dependency]:
        for file in self.files:
            yield from file.dependencies


@dataclass(frozen=True)
class Note:
    """Something a run should tell the user that is not a finding (e.g. a check was skipped)."""

    message: str
