"""What a rule family judges: one project's parsed files, targets and settings."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Optional

from ddlint.environment import Targets
from ddlint.model import Declaration, Dependency, DependencyFile, FileKind
from ddlint.project import Project
from ddlint.records import dataclass
from ddlint.settings import Settings


@dataclass(frozen=True)
class Context:
    """What a rule family judges: one project's parsed files, targets and settings."""

    project: Project
    files: tuple[DependencyFile, ...]
    targets: Targets
    # What the deployment files declare that applies to some of ``files`` (``ddlint.deployment``)
    deployment: tuple[Declaration, ...] = ()

    @property
    def settings(self) -> Settings:
        return self.project.settings

    def dependencies(self) -> Iterator[Dependency]:
        """What the project installs: every entry but constraints (``-c`` files, uv's
        constraint-dependencies), which only narrow what a resolver may pick."""
        for file in self.files:
            yield from (d for d in file.dependencies if not d.constraint)

    # -- the lock wins over the manifest: the one place that says how ------------------------
    # A locked entry names the manifest line behind it in ``Dependency.origin``, which its
    # findings carry as ``Diagnostic.related``.

    @functools.cached_property
    def pinned_by_locks(self) -> frozenset[str]:
        """The names a lockfile (or a file a tool generated) of the project pins exactly."""
        return frozenset(dep.name for file in self.files if written_by_a_tool(file)
                         for dep in file.dependencies if dep.version)

    def shadowed_by_lock(self, file: DependencyFile, dependency: Dependency) -> bool:
        """Whether ``dependency`` of ``file`` is a manifest's exact pin of a package that a
        lockfile of the project also pins: the lock's entry stands for it (naming it as its
        origin)."""
        return (not written_by_a_tool(file) and bool(dependency.version)
                and dependency.name in self.pinned_by_locks)

    def companions(self, file: DependencyFile) -> tuple[DependencyFile, ...]:
        """``file`` and the files that count as one with it: a lockfile and the manifest next
        to it (pyproject.toml), a compiled requirements file and its ``.in``."""
        def pair(other: DependencyFile) -> bool:
            if other.path.parent != file.path.parent:
                return False
            kinds = {file.kind, other.kind}
            if FileKind.PYPROJECT in kinds and any(kind.is_lock for kind in kinds):
                return True
            return compiled_from(file, other) or compiled_from(other, file)
        return (file, *(other for other in self.files if other is not file and pair(other)))

    def file_of(self, dependency: Dependency) -> Optional[DependencyFile]:
        """The parsed file an entry belongs to (an included requirements file's entries belong
        to the file that includes it)."""
        return next((file for file in self.files if dependency in file.dependencies), None)

    def declared(self, kind: str, file: Optional[DependencyFile] = None) -> list[Declaration]:
        """The deployment's declarations of ``kind`` that apply to ``file`` (any of the files
        when None), lowest known version first."""
        if not self.deployment:
            return []
        import os

        from ddlint.versions import release_key

        paths = [file.path] if file is not None else [f.path for f in self.files]
        absolute = [Path(os.path.abspath(path)) for path in paths]
        found = [d for d in self.deployment
                 if d.kind == kind and any(d.applies_to(path) for path in absolute)]
        return sorted(found, key=lambda d: (d.state != "known", release_key(d.version or ""),
                                            str(d.location.path), d.location.line))

    def effective_entries(self) -> Iterator[tuple[DependencyFile, Dependency]]:
        """Every entry with its file, but those a lock's entry stands for."""
        for file in self.files:
            for dependency in file.dependencies:
                if not dependency.constraint and not self.shadowed_by_lock(file, dependency):
                    yield file, dependency


def compiled_from(compiled: DependencyFile, source: DependencyFile) -> bool:
    """Whether ``compiled`` is the output of a compiler (pip-compile, uv pip compile) run over
    ``source``, the ``.in`` of the same name next to it."""
    return (bool(compiled.generated_by) and compiled.kind == source.kind == FileKind.REQUIREMENTS
            and source.path.suffix == ".in" and source.path.stem == compiled.path.stem
            and source.path.parent == compiled.path.parent)


def written_by_a_tool(file: DependencyFile) -> bool:
    """A lockfile, or a file a tool says it generated (compiled requirements)."""
    return file.kind.is_lock or bool(file.generated_by)


def lock_wins(entries: Iterable[Dependency]) -> list[Dependency]:
    """The locked ones of ``entries`` when there are any, else all of them: a manifest's pins
    count only where no lock pins."""
    every = list(entries)
    locked = [dependency for dependency in every if dependency.locked]
    return locked or every


@dataclass(frozen=True)
class Note:
    """Something a run should tell the user that is not a finding (e.g. a check was skipped)."""

    message: str
    # The rule a note stands in for (a finding with no line to point at): select/ignore apply.
    code: Optional[str] = None
