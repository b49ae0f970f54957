"""Environments: what one install puts together, the way installers see a repository.

An environment has a root file (a lockfile; a compiled requirements file; a requirements file
no other file includes with ``-r``; a pyproject.toml without a lock) and brings its ``-r``
includes (the requirements parser reads them into the root's entries), its manifest (a lock's
pyproject.toml) or ``.in`` (a compiled file's), and its ``-c`` constraints applied to what they
constrain. A file can belong to several environments.

Which environments hold a file, and which files of a project pin the tracer, are told by a
cheap scan of the repository's files (their bytes, no parse): a one-file run parses the files
of its own environments, not every file of the repository.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Optional, Union

from ddlint import parsers, reading, scans
from ddlint.discovery import project_files, project_rows, repository_rows
from ddlint.model import Dependency, DependencyFile, FileKind, Location
from ddlint.records import dataclass
from ddlint.repository import enclosing_repository, is_repository_top, leaves_repository

TRACER = "ddtrace"
_CONSTRAINTS_NAME = "constraints"


@dataclass(frozen=True)
class Install:
    """An environment: its root file and the files that count as one with it (a lock's
    manifest, a compiled file's ``.in``), by path."""

    root: Path
    files: tuple[DependencyFile, ...]


class Catalogue:
    """The dependency files of a run's repositories: parsed when an environment needs them,
    scanned (bytes, no parse) for their includes and tracer pins, each once per run."""

    def __init__(self) -> None:
        # The files a run was asked about, by absolute path: the name they were given (their
        # findings name them so).
        self.named: dict[Path, Path] = {}
        self._includers: dict[Path, dict[str, list[tuple[Path, bool]]]] = {}
        self._pins: dict[Path, tuple[Dependency, ...]] = {}

    # -- which environments hold a file ---------------------------------------------------
    def roots(self, path: Path, kind: FileKind) -> dict[Path, FileKind]:
        """The root files (absolute) of every environment that holds ``path`` (absolute)."""
        found: dict[Path, FileKind] = {}
        pending = [(path, kind)]
        seen: set[str] = set()
        while pending:
            current, current_kind = pending.pop()
            key = os.path.realpath(current)
            if key in seen:
                continue
            seen.add(key)
            if current_kind.is_lock:
                found[current] = current_kind
                continue
            if current_kind == FileKind.PYPROJECT:
                locks = _locks_beside(current)
                found.update(locks or {current: current_kind})
                continue
            compiled = _compiled_output(current)
            if compiled is not None:  # the .in of a compiled file: judged with that file
                found[compiled] = FileKind.REQUIREMENTS
            includers = self.includers(current)
            if (_is_compiled(current) or (compiled is None and _is_root(current, includers))):
                found[current] = current_kind
            pending.extend((includer, FileKind.REQUIREMENTS) for includer, _ in includers)
        return found or {path: kind}  # an include cycle: the file is judged as itself

    def includers(self, path: Path) -> list[tuple[Path, bool]]:
        """The requirements files of the repository that include ``path``: (file, with -c)."""
        top = _scope(path)
        reverse = self._includers.get(top)
        if reverse is None:
            reverse = self._includers[top] = _reverse_includes(top)
        return reverse.get(os.path.realpath(path), [])

    # -- an environment's files ------------------------------------------------------------
    def install(self, root: Path, kind: FileKind) -> Install:
        """The environment of the root file ``root`` (absolute), its files parsed."""
        files = [self.parse(root, kind)]
        if kind.is_lock:
            manifest = root.parent / "pyproject.toml"
            if manifest.is_file():
                files.append(self.parse(manifest, FileKind.PYPROJECT))
        elif kind == FileKind.REQUIREMENTS and root.suffix != ".in":
            source = root.with_suffix(".in")
            if source.is_file():
                files.append(self.parse(source, FileKind.REQUIREMENTS))
        return Install(root, tuple(sorted(files, key=lambda file: file.path.parts)))

    def parse(self, path: Path, kind: FileKind) -> DependencyFile:
        """``path`` (absolute) parsed once per run, under the name it was given, else the
        name a folder run gives it."""
        return parsers.parse(self.named.get(path) or shown_path(path), kind)

    # -- the project's tracer pins ---------------------------------------------------------
    def tracer_pins(self, project_root: Path) -> tuple[Dependency, ...]:
        """The exact ddtrace pins of the project's files, each distinct one once, where a lock
        or compiled file pins it, else where it is first pinned (by path): what an environment
        without a tracer of its own is judged with."""
        found = self._pins.get(project_root)
        if found is None:
            # The pins in the project's files' order: a tool's first, then the others.
            by_tool: dict[tuple[Optional[str], Optional[str]], Pin] = {}
            by_hand: dict[tuple[Optional[str], Optional[str]], Pin] = {}
            for tool, key, pin in _project_pins(project_root):
                (by_tool if tool else by_hand).setdefault(key, pin)
            for key, pin in by_hand.items():
                by_tool.setdefault(key, pin)
            found = self._pins[project_root] = tuple(
                pin if isinstance(pin, Dependency) else _pinned(Path(pin[0]), *pin[1:], *key)
                for key, pin in by_tool.items())
        return found


def shown_path(path: Path) -> Path:
    """``path`` relative to the current folder when it lies below it, as discovery gives it."""
    relative = os.path.relpath(path) if path.is_absolute() else os.fspath(path)
    return path if relative.startswith("..") else Path(relative)


def _scope(path: Path) -> Path:
    """The folder searched for files including ``path``: its repository; outside one, the
    current folder when ``path`` lies below it (what a folder run there reads), else its own
    folder (as far as includes may reach, ``repository.read_boundary``)."""
    top = enclosing_repository(path.parent)
    if top is not None:
        return top
    here = Path(os.path.abspath(os.curdir))
    return here if path.is_relative_to(here) else Path(os.path.abspath(path.parent))


def _read(path: Path, symlink: bool = True) -> bytes:
    """The bytes of a file; one the listing found (``symlink`` as it says: the listing enters
    no symlinked folder) leads out of the repository only when it is a symlink itself."""
    if symlink and leaves_repository(path):
        return b""
    try:
        return reading.read_bytes(path)
    except OSError:
        return b""


def _reverse_includes(top: Path) -> dict[str, list[tuple[Path, bool]]]:
    """Included file (real path) -> the files including it, over the requirements files below
    ``top``; each file scanned once (``_scan``), those that are not symlinks in one pass."""
    reverse: dict[str, list[tuple[Path, bool]]] = {}
    scanner = scans.scanner(top if is_repository_top(top) else None)
    rows = [(path, symlink) for _, _, kind, symlink, path in repository_rows(top)
            if kind is FileKind.REQUIREMENTS]  # absolute, as the top
    plain = [path for path, symlink in rows if not symlink]
    found = dict(zip(plain, scanner.scan_many(plain, _read_plain, requirements=True)))
    resolved: dict[str, str] = {}
    for path, symlink in rows:
        scan = _scan(scanner, path, True, True) if symlink else found[path]
        for value, constraint in scan.includes:
            try:
                target = _included(os.fspath(top), os.path.dirname(path), value, resolved)
            except (OSError, ValueError):  # a NUL byte, a name the file system refuses
                continue
            reverse.setdefault(target, []).append((Path(path), constraint))
    return reverse


_SEPARATORS = "".join(s for s in (os.sep, os.altsep) if s)


def _included(top: str, folder: str, value: str, resolved: dict[str, str]) -> str:
    """The real path of the file ``value`` names from ``folder`` (a folder the repository's
    walk entered below ``top``: no symlinked folder on the way). A value that climbs (``..``)
    only at its start and no higher than ``top`` is normalized first, then resolved once for
    every include naming the same file (``resolved``); any other is resolved as it is
    written."""
    parts = value.replace(os.altsep, os.sep).split(os.sep) if os.altsep else value.split(os.sep)
    climbs = 0
    while climbs < len(parts) and parts[climbs] == "..":
        climbs += 1
    inside = folder == top or folder.startswith(os.path.join(top, ""))
    below = folder[len(top):].strip(_SEPARATORS)
    depth = below.count(os.sep) + 1 if below else 0
    if not inside or os.path.isabs(value) or ".." in parts[climbs:] or climbs > depth:
        return os.path.realpath(os.path.join(folder, value))
    normal = os.path.normpath(os.path.join(folder, value))
    found = resolved.get(normal)
    if found is None:
        found = resolved[normal] = os.path.realpath(normal)
    return found


def _read_plain(path: str) -> bytes:
    return _read(Path(path), symlink=False)


def _scan(scanner: scans.Scanner, path: Union[str, Path], symlink: bool = True,
          requirements: bool = False) -> scans.Scan:
    """The scan of the file at ``path`` (absolute); a file the listing found (``symlink`` as it
    says) leads out of the repository only when it is a symlink itself, and is then read as
    empty."""
    if symlink and leaves_repository(Path(path)):
        return scans.scanned(b"", requirements)
    return scanner.scan(path, lambda: _read(Path(path), symlink=False), requirements)


def _is_root(path: Path, includers: list[tuple[Path, bool]]) -> bool:
    """A requirements file no other file includes with ``-r``; a file only ever included with
    ``-c`` is an install of its own unless it is named as a constraints file."""
    if any(not constraint for _, constraint in includers):
        return False
    return not (includers and path.name.lower().startswith(_CONSTRAINTS_NAME))


def _is_compiled(path: Path) -> bool:
    """Whether pip-compile or uv pip compile wrote ``path`` (its header says so)."""
    if path.suffix == ".in":
        return False
    scanner = scans.scanner(enclosing_repository(path.parent))
    return _scan(scanner, path, requirements=True).compiled


def _compiled_output(source: Path) -> Optional[Path]:
    """The compiled file of a ``.in`` (``main.in`` -> ``main.txt``), when there is one."""
    if source.suffix != ".in":
        return None
    output = source.with_suffix(".txt")  # pip-compile's output, its header maybe left out
    return output if output.is_file() else None


def _locks_beside(manifest: Path) -> dict[Path, FileKind]:
    """The lockfiles next to a pyproject.toml, whose manifest it is."""
    try:
        names = sorted(os.listdir(manifest.parent))
    except OSError:
        return {}
    found: dict[Path, FileKind] = {}
    for name in names:
        path = manifest.parent / name
        kind = parsers.detect(path)
        if kind is not None and kind.is_lock and path.is_file():
            found[path] = kind
    return found


# A tracer pin found: parsed from a lock or manifest, or a requirements file's path (absolute),
# line and column.
Pin = Union[Dependency, tuple[str, int, int]]


def _project_pins(
    project_root: Path,
) -> Iterator[tuple[bool, tuple[Optional[str], Optional[str]], Pin]]:
    """The exact ddtrace pins in the project's files, in the order of its files (by path),
    each with whether a tool wrote its file (a lock, a compiled file) and its version and
    marker: requirements files read by a line pattern (``scans``), the others (locks,
    pyproject.toml) parsed only when their bytes name the tracer."""
    top = enclosing_repository(project_root)
    scanner = scans.scanner(top)
    rows: Iterable[tuple[str, FileKind, bool]]
    if top is None or not project_root.is_absolute():
        rows = ((os.path.abspath(c.path), c.kind, c.symlink) for c in project_files(project_root))
    else:  # absolute: below the absolute top
        rows = ((path, kind, symlink) for _, _, kind, symlink, path
                in project_rows(project_root, top))
    known = scanner.known  # the repository's files, scanned to find the environments
    for path, kind, symlink in rows:
        requirements = kind is FileKind.REQUIREMENTS
        scan = None if symlink else known.get((path, requirements))
        if scan is None:
            scan = _scan(scanner, path, symlink, requirements)
        if not scan.names_tracer:
            continue
        if not requirements:
            for dependency in parsers.parse(shown_path(Path(path)), kind).dependencies:
                if dependency.name == TRACER and dependency.version and not dependency.constraint:
                    yield kind.is_lock, (dependency.version, dependency.marker), dependency
            continue
        for line, column, version, marker in scan.pins:
            yield scan.compiled, (version, marker), (path, line, column)


def _pinned(path: Path, line: int, column: int, version: Optional[str],
            marker: Optional[str]) -> Dependency:
    """The Dependency of a requirements file's tracer pin, named as a folder run names it."""
    return Dependency(TRACER, Location(shown_path(path), line, column), version=version,
                      marker=marker)
