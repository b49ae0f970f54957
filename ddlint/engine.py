"""One lint run: discover, parse, group by project, run the rules, filter."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from ddlint import filtering, installs, parsers, reading, scans, targets
from ddlint.config import find_config
from ddlint.deployment import declared_for
from ddlint.discovery import PYTHON_VERSION_FILE, discover, governs
from ddlint.loader import load_project, project_root, python_version_near
from ddlint.model import Dependency, DependencyFile, Diagnostic, FileKind, Location
from ddlint.project import Project
from ddlint.records import dataclass, field, replace
from ddlint.rules.catalogue import check
from ddlint.rules.context import Context, Note
from ddlint.rules.tracer import TRACER
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

    Each file asked about is judged in every environment that holds it (``ddlint.installs``:
    a root file with its includes, manifest or ``.in``, and constraints), with that
    environment's facts (its Python, its tracer, else its project's pins, its serverless marker
    and Redis clients); the other files of those environments are read, once each, and
    findings located only in them are not reported. ``ddlint F`` gives the findings of
    ``ddlint .`` located in F.
    """
    with reading.session():
        report = _lint(paths, settings, overrides or {}, config_file)
        scans.save()  # the files scanned anew, for the next run
        return report


def _lint(
    paths: Sequence[Path], settings: Settings, overrides: dict[str, Any],
    config_file: Optional[Path],
) -> Report:
    catalogue = installs.Catalogue()
    asked: dict[Path, DependencyFile] = {}  # the files the run was asked about (absolute)
    roots: dict[Path, FileKind] = {}
    for candidate in discover(paths):
        path = _absolute(candidate.path)
        asked[path] = parsers.parse(candidate.path, candidate.kind)
        catalogue.named[path] = candidate.path
        roots.update(catalogue.roots(path, candidate.kind))
    # Findings are reported in the files asked about and the files they include.
    reported = set(asked)
    files: dict[Path, None] = {}
    # Each entry once: an included file's entries are also its includer's, and it may be asked
    # about itself or included twice.
    counted: set[tuple[Path, int, int, str]] = set()
    absolute: dict[Path, Path] = {}
    notes: list[str] = []
    for file in asked.values():
        reported.update(_absolute(p) for p in file.included)
        files.setdefault(file.path, None)
        files.update(dict.fromkeys(file.included))
        counted.update(_entry_key(dependency, absolute) for dependency in file.dependencies)
        notes.extend(file.notes)

    projects: dict[tuple[Path, str], Project] = {}
    # A folder's files: one project, one configuration, one .python-version.
    by_folder: dict[Path, tuple[tuple[Path, str], Project]] = {}

    def project_of(path: Path) -> tuple[tuple[Path, str], Project]:
        known = by_folder.get(path.parent)
        if known is None:
            # The nearest configuration to each file wins, even one below its project's root;
            # the nearest .python-version too.
            config = config_file or find_config(path.parent)
            key = (project_root(path), os.fspath(config) if config else "")
            if key not in projects:
                projects[key] = load_project(key[0], settings, overrides, config)
            known = by_folder[path.parent] = (key, replace(
                projects[key], python_version=python_version_near(path.parent, key[0])))
        return known

    found: dict[Diagnostic, None] = {}
    read: set[Path] = set()
    env_files: list[DependencyFile] = list(asked.values())
    for root in sorted(roots, key=lambda path: path.parts):
        install = catalogue.install(root, roots[root])
        _, project = project_of(root)
        context = Context(project, install.files, targets.resolve(project, install.files),
                          deployment=declared_for(install.files))
        if not any(d.name == TRACER for d in context.dependencies()):
            context = replace(context, project_pins=catalogue.tracer_pins(project.root))
        env_files.extend(install.files)
        for file in install.files:
            read.add(_absolute(file.path))
            read.update(_absolute(p) for p in file.included)
            found.update(dict.fromkeys(file.diagnostics))
        places = _entries_by_place(install.files)
        for result in check(context):
            if isinstance(result, Note):
                if result.code is None or filtering.enabled(result.code, project.settings):
                    notes.append(result.message)
            else:
                found[_with_entry(result, places)] = None
    context_files = read - reported

    # Configuration applies to the findings of the files it governs.
    governed: dict[tuple[Path, str], list[Diagnostic]] = {}
    for diagnostic in _merged(found):
        path = _absolute(diagnostic.location.path)
        if path in context_files:
            continue  # located only in files read for an environment asked about
        governed.setdefault(project_of(path)[0], []).append(diagnostic)
    every_file = _unique_files(env_files)
    diagnostics: list[Diagnostic] = []
    filtered: list[filtering.Filtered] = []
    failing: set[tuple[str, int, int, str, str, str]] = set()
    baselines: Optional[Applier] = None
    for key in sorted(set(governed) | {project_of(path)[0] for path in asked}):
        project = projects[key]
        filtered.append(filtering.apply(governed.get(key, []), every_file, project.settings))
        kept = list(filtered[-1].diagnostics)
        if project.settings.baseline is not None and project.settings.use_baseline:
            baselines = baselines or _applier()
            kept = baselines.mark(project.settings.baseline, kept)
        diagnostics.extend(kept)
        failing.update(d.sort_key for d in kept
                       if d.suppressed is None and d.severity >= project.settings.fail_on)
    # After every project: a configuration or file shared by several may be used by one.
    # A configuration passed (the hook, when it changed) stands for the files it governs.
    searched = [p if p.is_dir() else p.parent for p in paths
                if p.is_dir() or (p.name != PYTHON_VERSION_FILE and governs(p))]
    unused = [d for d in filtering.unused(filtered, searched)
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
        parsed=tuple(sorted(every_file, key=lambda file: _absolute(file.path).parts)),
    )


def _merged(found: dict[Diagnostic, None]) -> list[Diagnostic]:
    """Identical findings on one line from several environments, reported once: the same
    verdict (code, line, package, versions, target) whichever environment gave it. The shortest
    message is kept (an environment's own tracer, rather than one pinned in another file), and
    the manifest lines behind them (``related``) are kept together."""
    merged: dict[tuple[Any, ...], Diagnostic] = {}
    for diagnostic in found:
        key = (diagnostic.code, diagnostic.location, diagnostic.package, diagnostic.version,
               diagnostic.tracer_version, diagnostic.python, diagnostic.platform,
               diagnostic.severity)
        first = merged.get(key)
        if first is None:
            merged[key] = diagnostic
            continue
        kept, other = sorted((first, diagnostic), key=lambda d: (len(d.message), d.message))
        merged[key] = replace(
            kept, related=tuple(dict.fromkeys((*kept.related, *other.related))),
            groups=tuple(dict.fromkeys((*kept.groups, *other.groups))))
    return list(merged.values())


def _unique_files(files: Sequence[DependencyFile]) -> list[DependencyFile]:
    return list({_absolute(file.path): file for file in files}.values())


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
