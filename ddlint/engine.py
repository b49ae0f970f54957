"""One lint run: discover, parse, group by project, run the rules, filter."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from ddlint import filtering, parsers, reading, targets
from ddlint.config import find_config
from ddlint.deployment import declared_for
from ddlint.discovery import discover, project_files
from ddlint.loader import load_project, project_root
from ddlint.model import Dependency, DependencyFile, Diagnostic, Location
from ddlint.project import Project
from ddlint.records import dataclass, field, replace
from ddlint.rules.catalogue import check
from ddlint.rules.context import Context, Note
from ddlint.settings import Settings

if TYPE_CHECKING:
    from ddlint.baseline import Applier, Fixed
    from ddlint.identity import SourceLines


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
    # The ``sort_key`` of each kept finding at or above its own project's fail level (what
    # JUnit marks failed); a key, so it holds once ``autofix.attach`` has added the edits.
    failing: frozenset[tuple[str, int, int, str, str, str]] = frozenset()
    # Per baseline file in use, its entries that matched nothing (``ddlint.baseline``).
    baseline_fixed: tuple[Fixed, ...] = ()
    # Every file the run parsed (asked about or read as context): what the fix stage works
    # from, so that nothing after the parse opens a file.
    parsed: tuple[DependencyFile, ...] = ()
    # The text of every line a finding (or its related location) points at, read from the
    # bytes the parse read: SARIF regions, fingerprints and the baseline read no file again.
    lines: Optional[SourceLines] = field(default=None, compare=False)

    @property
    def active(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.suppressed is None)

    @property
    def suppressed(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.suppressed is not None)

    def fails(self, diagnostic: Diagnostic) -> bool:
        """Whether ``diagnostic`` counts toward the exit code: kept, and at or above the fail
        level of its project (``settings.fail_on`` for a Report built by hand)."""
        if self.failed is None:
            return diagnostic.suppressed is None and diagnostic.severity >= self.settings.fail_on
        return diagnostic.sort_key in self.failing


def lint(
    paths: Sequence[Path],
    settings: Settings,
    overrides: Optional[dict[str, Any]] = None,
    config_file: Optional[Path] = None,
) -> Report:
    """Lint ``paths`` (files or folders). ``settings`` holds the defaults, ``overrides`` the
    command line's options, applied over each project's configuration.

    Raises ``config.ConfigError`` for a configuration file that cannot be used.

    A project's context (its tracer, Python, serverless marker, Redis clients, ...) comes from
    all of its dependency files, whichever were asked about: the project's other files (what a
    folder run over its root would read) are read as context, once each, and findings located
    only in them are not reported. ``ddlint F`` gives the findings of ``ddlint .`` located in F.
    """
    with reading.session():
        return _lint(paths, settings, overrides or {}, config_file)


def _lint(
    paths: Sequence[Path], settings: Settings, overrides: dict[str, Any],
    config_file: Optional[Path],
) -> Report:
    projects: dict[tuple[Path, str], Project] = {}
    grouped: dict[tuple[Path, str], dict[Path, DependencyFile]] = {}
    asked: set[Path] = set()  # the files the run was asked about (absolute)

    def key_of(path: Path) -> tuple[Path, str]:
        # The nearest configuration to each file wins, even one below its project's root.
        config = config_file or find_config(path.parent)
        return project_root(path), os.fspath(config) if config else ""

    for candidate in discover(paths):
        path = _absolute(candidate.path)
        key = key_of(path)
        if key not in projects:
            config = Path(key[1]) if key[1] else None
            projects[key] = load_project(key[0], settings, overrides, config)
        asked.add(path)
        grouped.setdefault(key, {})[path] = parsers.parse(candidate.path, candidate.kind)
    searched = [_absolute(p) for p in paths if p.is_dir()]
    for key in list(grouped):
        root = key[0]
        if any(root == top or root.is_relative_to(top) for top in searched):
            continue  # the folder run read every file of the project already
        for candidate in project_files(root):
            path = _absolute(candidate.path)
            if path in grouped[key] or key_of(path) != key:
                continue
            grouped[key][path] = parsers.parse(_shown(path), candidate.kind)

    diagnostics: list[Diagnostic] = []
    filtered: list[filtering.Filtered] = []
    notes: list[str] = []
    files: dict[Path, None] = {}
    context_files: set[Path] = set()
    # Each entry once: an included file's entries are also its includer's, and it may be asked
    # about itself or included twice.
    counted: set[tuple[Path, int, int, str]] = set()
    absolute: dict[Path, Path] = {}
    failing: set[tuple[str, int, int, str, str, str]] = set()
    baselines: Optional[Applier] = None
    for key in sorted(grouped):
        project = projects[key]
        parsed = [file for _, file in sorted(grouped[key].items(), key=lambda item: item[0].parts)]
        project_files_ = tuple(_without_constraints(parsed))
        context = Context(project, project_files_, targets.resolve(project, project_files_),
                          deployment=declared_for(project_files_))
        found: list[Diagnostic] = []
        reported: set[Path] = set()  # files asked about and the files they include
        context_only: set[Path] = set()
        for file in project_files_:
            path = _absolute(file.path)
            if path not in asked:
                context_only.add(path)
                context_only.update(_absolute(p) for p in file.included)
                continue
            reported.add(path)
            reported.update(_absolute(p) for p in file.included)
            files.setdefault(file.path, None)
            files.update(dict.fromkeys(file.included))
            counted.update(_entry_key(dependency, absolute)
                           for dependency in file.dependencies)
            notes.extend(file.notes)
        context_only -= reported
        context_files.update(context_only)
        for file in project_files_:
            found.extend(file.diagnostics)
        places = _entries_by_place(project_files_)
        for result in check(context):
            if isinstance(result, Note):
                if result.code is None or filtering.enabled(result.code, project.settings):
                    notes.append(result.message)
            else:
                found.append(_with_entry(result, places))
        filtered.append(_reported(filtering.apply(found, project_files_, project.settings),
                                  context_only))
        kept = list(filtered[-1].diagnostics)
        if project.settings.baseline is not None and project.settings.use_baseline:
            baselines = baselines or _applier()
            kept = baselines.mark(project.settings.baseline, kept)
        diagnostics.extend(kept)
        failing.update(d.sort_key for d in kept
                       if d.suppressed is None and d.severity >= project.settings.fail_on)
    # After every project: a configuration or file shared by several may be used by one.
    unused = [d for d in filtering.unused(filtered, [p for p in paths if p.is_dir()])
              if _absolute(d.location.path) not in context_files]
    only = baselines.only() if baselines is not None else None
    if baselines is not None and only is not None:  # DDL902 belongs to no one project
        unused = baselines.mark(only, unused)
    strictest = min((project.settings.fail_on for project in projects.values()),
                    default=settings.merged(overrides).fail_on)
    failing.update(d.sort_key for d in unused
                   if d.suppressed is None and d.severity >= strictest)
    diagnostics.extend(unused)

    unique = dict.fromkeys(diagnostics)  # a file included by two others is reported once
    from ddlint.identity import SourceLines, with_line_text
    lines = SourceLines().keep((where.path, where.line) for d in unique
                               for where in (d.location, *d.related))
    unique = dict.fromkeys(with_line_text(unique, lines))
    return Report(
        diagnostics=tuple(sorted(unique, key=lambda d: d.sort_key)),
        files=tuple(files),
        dependency_count=len(counted),
        settings=settings.merged(overrides),
        notes=tuple(dict.fromkeys(notes)),
        failed=bool(failing),
        failing=frozenset(failing),
        baseline_fixed=baselines.fixed(tuple(files)) if baselines is not None else (),
        lines=lines,
        parsed=tuple(file for key in sorted(grouped)
                     for _, file in sorted(grouped[key].items(), key=lambda item: item[0].parts)),
    )


def _entry_key(dependency: Dependency, absolute: dict[Path, Path]) -> tuple[Path, int, int, str]:
    """Where an entry is written (its file however reached, line, column) and its name."""
    where = dependency.location
    if where.path not in absolute:
        absolute[where.path] = _absolute(where.path)
    return absolute[where.path], where.line, where.column, dependency.name


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


def _shown(path: Path) -> Path:
    """``path`` relative to the current folder when it lies below it, as discovery gives it."""
    relative = os.path.relpath(path) if path.is_absolute() else os.fspath(path)
    return path if relative.startswith("..") else Path(relative)


def _without_constraints(files: list[DependencyFile]) -> list[DependencyFile]:
    """A file that another file of the project includes as constraints (``-c``) installs
    nothing by itself: its entries count only through the file that includes it."""
    constraints = {_absolute(path) for file in files for path in file.constraints}
    return [replace(file, dependencies=()) if _absolute(file.path) in constraints else file
            for file in files]


def _reported(result: filtering.Filtered, context_only: set[Path]) -> filtering.Filtered:
    """The findings of a project without those located only in files read as context."""
    kept = tuple(d for d in result.diagnostics
                 if _absolute(d.location.path) not in context_only)
    return replace(result, diagnostics=kept)
