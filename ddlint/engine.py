"""One lint run: discover, parse, group by project, run the rules, filter."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from ddlint import filtering, parsers, targets
from ddlint.config import find_config
from ddlint.discovery import discover
from ddlint.loader import load_project, project_root
from ddlint.model import Dependency, DependencyFile, Diagnostic, Location
from ddlint.project import Project
from ddlint.rules.catalogue import check
from ddlint.rules.context import Context, Note
from ddlint.settings import Settings

if TYPE_CHECKING:
    from ddlint.baseline import Applier, Fixed


@dataclass(frozen=True)
class Report:
    """What a run found, for every output format."""

    diagnostics: tuple[Diagnostic, ...]  # sorted; suppressed ones carry ``suppressed``
    files: tuple[Path, ...]  # every file read, includes too
    dependency_count: int
    settings: Settings  # the run's top-level settings (as-of date, fail level)
    notes: tuple[str, ...] = ()
    # Whether a finding kept is at or above its own project's fail level (a configuration's
    # fail-on applies to its projects); None: judge by ``settings.fail_on``.
    failed: Optional[bool] = None
    # Per baseline file in use, its entries that matched nothing (``ddlint.baseline``).
    baseline_fixed: tuple[Fixed, ...] = ()

    @property
    def active(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.suppressed is None)

    @property
    def suppressed(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.suppressed is not None)


def lint(
    paths: Sequence[Path],
    settings: Settings,
    overrides: Optional[dict[str, Any]] = None,
    config_file: Optional[Path] = None,
) -> Report:
    """Lint ``paths`` (files or folders). ``settings`` holds the defaults, ``overrides`` the
    command line's options, applied over each project's configuration.

    Raises ``config.ConfigError`` for a configuration file that cannot be used.
    """
    overrides = overrides or {}
    projects: dict[tuple[Path, str], Project] = {}
    grouped: dict[tuple[Path, str], list[DependencyFile]] = {}
    for candidate in discover(paths):
        path = _absolute(candidate.path)
        root = project_root(path)
        # The nearest configuration to each file wins, even one below its project's root.
        config = config_file or find_config(path.parent)
        key = (root, os.fspath(config) if config else "")
        if key not in projects:
            projects[key] = load_project(root, settings, overrides, config)
        grouped.setdefault(key, []).append(parsers.parse(candidate.path, candidate.kind))

    diagnostics: list[Diagnostic] = []
    filtered: list[filtering.Filtered] = []
    notes: list[str] = []
    files: dict[Path, None] = {}
    dependency_count = 0
    failed = False
    baselines: Optional[Applier] = None
    for key in sorted(grouped):
        project, project_files = projects[key], tuple(grouped[key])
        context = Context(project, project_files, targets.resolve(project, project_files))
        found: list[Diagnostic] = []
        for file in project_files:
            files.setdefault(file.path, None)
            files.update(dict.fromkeys(file.included))
            dependency_count += len(file.dependencies)
            found.extend(file.diagnostics)
        places = _entries_by_place(project_files)
        for result in check(context):
            if isinstance(result, Note):
                if result.code is None or filtering.enabled(result.code, project.settings):
                    notes.append(result.message)
            else:
                found.append(_with_entry(result, places))
        filtered.append(filtering.apply(found, project_files, project.settings))
        kept = list(filtered[-1].diagnostics)
        if project.settings.baseline is not None and project.settings.use_baseline:
            baselines = baselines or _applier()
            kept = baselines.mark(project.settings.baseline, kept)
        diagnostics.extend(kept)
        failed = failed or any(d.suppressed is None and d.severity >= project.settings.fail_on
                               for d in kept)
    # After every project: a configuration or file shared by several may be used by one.
    unused = filtering.unused(filtered, [p for p in paths if p.is_dir()])
    only = baselines.only() if baselines is not None else None
    if baselines is not None and only is not None:  # DDL902 belongs to no one project
        unused = baselines.mark(only, unused)
    strictest = min((project.settings.fail_on for project in projects.values()),
                    default=settings.merged(overrides).fail_on)
    failed = failed or any(d.suppressed is None and d.severity >= strictest for d in unused)
    diagnostics.extend(unused)

    unique = dict.fromkeys(diagnostics)  # a file included by two others is reported once
    return Report(
        diagnostics=tuple(sorted(unique, key=lambda d: d.sort_key)),
        files=tuple(files),
        dependency_count=dependency_count,
        settings=settings.merged(overrides),
        notes=tuple(dict.fromkeys(notes)),
        failed=failed,
        baseline_fixed=baselines.fixed(tuple(files)) if baselines is not None else (),
    )


def _entries_by_place(files: Sequence[DependencyFile]) -> dict[tuple[Location, str], Dependency]:
    """The entries that are in groups, by location (and the manifest line behind a locked one)
    and name."""
    places: dict[tuple[Location, str], Dependency] = {}
    for file in files:
        for dependency in file.dependencies:
            if dependency.groups:
                for where in (dependency.location, dependency.origin):
                    if where is not None:
                        places.setdefault((where, dependency.name), dependency)
    return places


def _with_entry(
    diagnostic: Diagnostic, places: dict[tuple[Location, str], Dependency]
) -> Diagnostic:
    """The finding with the groups of the entry behind it."""
    entry = places.get((diagnostic.location, diagnostic.package)) if diagnostic.package else None
    if entry is None:
        return diagnostic
    return replace(diagnostic, groups=entry.groups)


def _applier() -> Applier:
    from ddlint.baseline import Applier  # only for a run with a baseline

    return Applier()


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))
