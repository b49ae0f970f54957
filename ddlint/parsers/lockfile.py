"""What the lockfile parsers share: format-version checks, marker joining, the manifest line
behind a locked entry, and the markers of packages reached through a locked graph."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Optional

from ddlint.model import (
    Declared,
    Dependency,
    DependencyFile,
    Diagnostic,
    FileKind,
    GeneratedHeader,
    Location,
    Severity,
    normalize_name,
    quoted,
)
from ddlint.parsers import toml_source
from ddlint.parsers.base import invalid_file
from ddlint.records import dataclass, replace


@dataclass(frozen=True)
class TomlLockFormat:
    """How a TOML lockfile format names its packages and its own format version."""

    kind: FileKind
    array: str  # the array of tables holding the packages
    version_key: tuple[str, ...]  # where the format version is
    label: str  # how messages call that version
    supported: tuple[int, ...]  # the major versions ddlint reads
    newest: tuple[int, ...]  # the newest major.minor ddlint knows
    absent: Any = None  # what a missing version stands for (None: an error)
    tool: Optional[str] = None  # the tool that writes the format
    # Keys no rule reads, left out of the parse where their values are plain inline tables
    # (``toml_source.load``): most of a lock's bytes are file URLs and hashes.
    unread: tuple[str, ...] = ()


@dataclass
class TomlLock:
    """A TOML lockfile read through the steps every format shares: parse, format version,
    the package array, each named entry with the location of its ``name`` line."""

    path: Path
    form: TomlLockFormat
    source: toml_source.Source
    diagnostics: list[Diagnostic]
    readable: bool
    packages: list[Any]
    _manifest: Optional[tuple[Dependency, ...]] = None
    # Names whose manifest requirement the lock's tool replaced (uv's override-dependencies):
    # what the manifest declares of them does not bind the lock.
    overridden: frozenset[str] = frozenset()

    @property
    def document(self) -> dict[str, Any]:
        return self.source.document or {}

    def entries(self) -> Iterator[tuple[dict[str, Any], str, Location]]:
        """(entry, PEP 503 name, location) for every package; an unnamed one is DDL001."""
        if not self.readable:
            return
        for entry, where in toml_source.located_entries(self.source, self.form.array,
                                                        self.packages):
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                yield entry, normalize_name(entry["name"]), where
            else:
                self.diagnostics.append(invalid_file(
                    where, f"a [[{self.form.array}]] entry without a name"
                ))

    def manifest(self) -> tuple[Dependency, ...]:
        """What the pyproject.toml next to the lockfile declares (the engine parsed it)."""
        return self._manifest or ()

    def origins(self) -> dict[str, Location]:
        """Name -> the manifest line that declares it, for the findings' related location."""
        found: dict[str, Location] = {}
        for dependency in self.manifest():
            found.setdefault(dependency.name, dependency.location)
        return found

    def declarations(self) -> dict[str, tuple[Declared, ...]]:
        """Name -> what the manifest's lines declare of it, for DDL006 (lock-out-of-date)."""
        return {name: declared for name, declared in declarations(self.manifest()).items()
                if name not in self.overridden}

    def marker_graph_too_large(self) -> None:
        """The DDL001 for a lock whose path markers ``reachability_markers`` gave up on."""
        self.diagnostics.append(invalid_file(
            Location(self.path, 1, 1), "marker graph too large: the markers on the paths to "
            "its packages were not combined, every package is read as installed everywhere",
            severity=Severity.WARNING))

    def no_version(self, where: Location, name: str) -> None:
        self.diagnostics.append(invalid_file(where, f"package {quoted(name)} has no version"))

    def readable_version(self, version: str, where: Location, name: str) -> bool:
        """Whether a locked version can be compared; else a DDL001 on its ``version`` line and
        the entry is left out, the rest of the file still read (issue 15 item 9: a 5,000-digit
        version made int() fail inside packaging, and the whole file was lost)."""
        if not _LONG_NUMBER.search(version):
            return True
        self.diagnostics.append(invalid_file(
            _key_after(self.path, self.source.text, where, "version"),
            f"package {quoted(name)}: version {quoted(version)} has a number too long to read"))
        return False

    def result(
        self, dependencies: Iterable[Dependency] = (), requires_python: Optional[str] = None,
        generated_by: Optional[str] = None, header: Optional[GeneratedHeader] = None,
    ) -> DependencyFile:
        declared = self.declarations() if self.readable else {}
        if declared:  # each locked entry with the manifest lines behind it
            dependencies = [replace(d, declared=declared.get(d.name, ())) for d in dependencies]
        return DependencyFile(
            path=self.path, kind=self.form.kind, dependencies=tuple(dependencies),
            diagnostics=tuple(self.diagnostics), requires_python=requires_python,
            generated_by=generated_by or self.form.tool, header=header,
        )


def read_toml_lock(path: Path, form: TomlLockFormat,
                   manifest: Optional[DependencyFile] = None) -> TomlLock:
    """Parse a TOML lockfile and check its format version and package array; ``manifest`` is
    the parsed pyproject.toml beside it, when there is one."""
    source = toml_source.load(path, unread=form.unread)
    lock = TomlLock(path, form, source, list(source.diagnostics), readable=False, packages=[],
                    _manifest=manifest.dependencies if manifest is not None else ())
    if source.document is None:
        return lock
    found: Any = source.document
    for key in form.version_key:
        found = found.get(key) if isinstance(found, dict) else None
    lock.readable, problem = check_format(
        key_location(path, source.text, form.version_key[-1]), form.label,
        form.absent if found is None else found, form.supported, form.newest,
    )
    if problem is not None:
        lock.diagnostics.append(problem)
    packages = source.document.get(form.array, [])
    if lock.readable and not isinstance(packages, list):
        lock.readable = False
        lock.diagnostics.append(invalid_file(
            key_location(path, source.text, form.array),
            f"`{form.array}` must be an array of tables",
        ))
    lock.packages = packages if isinstance(packages, list) else []
    return lock


# No release number has this many digits; int() refuses more than 4,300.
_LONG_NUMBER = re.compile(r"[0-9]{100}")


def _key_after(path: Path, text: str, where: Location, key: str) -> Location:
    """The line of ``key = ...`` in the entry that starts at ``where`` (before the next table
    header), else ``where``."""
    lines = text.split("\n", where.line + 64)[where.line - 1:where.line + 63]
    for offset, line in enumerate(lines):
        stripped = line.lstrip()
        if offset and stripped.startswith("["):
            break
        if stripped.startswith(key) and stripped[len(key):].lstrip().startswith("="):
            return Location(path, where.line + offset, 1)
    return where


def text_or_none(value: Any) -> Optional[str]:
    """A string value as written, else None (lockfiles are read leniently)."""
    return value if isinstance(value, str) else None


def strings(value: Any) -> tuple[str, ...]:
    """The strings of an array, sorted (groups, extras); () for anything else."""
    return tuple(sorted(v for v in value if isinstance(v, str))) if isinstance(value, list) else ()


def key_location(path: Path, text: str, key: str) -> Location:
    """Where the first ``key = ...`` at the start of a line is written (line 1 when none is)."""
    match = re.search(rf"^{re.escape(key)}[ \t]*=", text, re.MULTILINE)
    if match is None:
        return Location(path, 1, 1)
    return Location(path, text.count("\n", 0, match.start()) + 1, 1)


def check_format(
    where: Location, label: str, found: Any, supported: tuple[int, ...], newest: tuple[int, ...]
) -> tuple[bool, Optional[Diagnostic]]:
    """Judge a lock format version (``"2.1"``, ``1``): readable or not, and what to say.

    ``supported`` are the major versions ddlint reads; a minor newer than ``newest`` (its
    major.minor) is read with a warning, since format minors only add fields.
    """
    parts = _version_parts(found)
    if parts is None:
        return False, invalid_file(where, f"{label} {quoted(found)} is not a version ddlint knows")
    if parts[0] not in supported:
        return False, invalid_file(
            where, f"{label} {found} is not supported (ddlint reads "
            f"{', '.join(str(v) for v in supported)}.x); the file was not checked"
        )
    if parts[0] == newest[0] and parts[:2] > newest[:2]:  # a newer patch changes nothing
        return True, invalid_file(
            where, f"{label} {found} is newer than ddlint knows "
            f"({'.'.join(map(str, newest))}); read as {newest[0]}.x, findings may be incomplete",
            severity=Severity.WARNING,
        )
    return True, None


def _version_parts(found: Any) -> Optional[tuple[int, ...]]:
    if isinstance(found, bool) or not isinstance(found, (int, str)):
        return None
    if isinstance(found, int) and not 0 <= found < 10**9:
        return None
    text = str(found).strip()
    # Bounded digits: int() refuses more than 4,300 (a ValueError), and no format is that new.
    if not re.fullmatch(r"\d{1,9}(\.\d{1,9})*", text):
        return None
    return tuple(int(p) for p in text.split("."))


def any_of(markers: Iterable[Optional[str]]) -> Optional[str]:
    """Markers joined with "or", each in parentheses (None when there are none)."""
    return _joined(markers, "or")


def all_of(markers: Iterable[Optional[str]]) -> Optional[str]:
    """Markers joined with "and", each in parentheses (None when there are none)."""
    return _joined(markers, "and")


def _joined(markers: Iterable[Optional[str]], word: str) -> Optional[str]:
    items = list(dict.fromkeys(m.strip() for m in markers if isinstance(m, str) and m.strip()))
    if len(items) <= 1:
        return items[0] if items else None
    return f" {word} ".join(f"({m})" for m in items)


def declarations(manifest: Iterable[Dependency]) -> dict[str, tuple[Declared, ...]]:
    """Name -> what each of ``manifest``'s entries declares of it: the range (an exact pin as
    ``==``) and the marker."""
    found: dict[str, list[Declared]] = {}
    for dependency in manifest:
        specifier = dependency.specifier or (f"=={dependency.version}" if dependency.version
                                             else "")
        found.setdefault(dependency.name, []).append(
            Declared(dependency.location, specifier, dependency.marker))
    return {name: tuple(entries) for name, entries in found.items()}


@dataclass(frozen=True)
class Edge:
    """A requirement from the project or a locked package on another locked package."""

    name: str  # PEP 503
    marker: Optional[str] = None
    extras: tuple[str, ...] = ()
    specifier: str = ""  # which of several locked versions it selects (PEP 440)
    version: Optional[str] = None  # or exactly which one


# More alternative paths than this to one package: the marker says "everywhere" rather than
# growing without bound (a marker that cannot be decided counts as applying anyway).
_MAX_PATHS = 16
# Bounds that keep the walk linear in the lock (issue 15 item 5: a chain of 8,000 packages with
# a marker per edge took 24 s and 2.5 GiB, each package holding every marker above it). Beyond
# any of them the packages are read as installed everywhere and the lock gets one DDL001
# (``TomlLock.marker_graph_too_large``): a path with more markers than _MAX_PATH_MARKERS, a
# package's marker longer than _MAX_MARKER_TEXT characters, or more than _WORK_PER_NODE path
# steps per package in all.
_MAX_PATH_MARKERS = 16
_MAX_MARKER_TEXT = 4096
_WORK_PER_NODE = 256


class _TooLarge(Exception):
    pass


def reachability_markers(
    nodes: Sequence[tuple[str, str]],
    roots: Iterable[Edge],
    edges_of: Callable[[int, frozenset[str]], Iterable[Edge]],
    too_large: Optional[Callable[[], None]] = None,
) -> dict[int, Optional[str]]:
    """The environments each locked package is installed in, for lockfiles that do not say:
    the "or" over every path from the project of the "and" of the markers along it.

    ``nodes`` are the locked (name, version) pairs; ``edges_of(index, extras)`` the
    requirements of one of them with those extras. The result maps a reachable node to its
    marker (None: everywhere); unreachable nodes are left out. Beyond the bounds above every
    reached node is "everywhere" and ``too_large`` is called once.
    """
    roots = list(roots)
    widened: list[bool] = []
    try:
        found = _walk(nodes, roots, edges_of, _WORK_PER_NODE * (len(nodes) + 16), widened)
    except _TooLarge:
        if too_large is not None:
            too_large()
        # Plain reachability: with only the empty path, each package changes at most once
        # per extra it gains.
        return {index: None for index in _walk(nodes, roots, edges_of, None, widened)}
    markers: dict[int, Optional[str]] = {}
    for index, paths in found.items():
        marker = _or_of_ands(paths)
        if marker is not None and len(marker) > _MAX_MARKER_TEXT:
            marker = None
            widened.append(True)
        markers[index] = marker
    if widened and too_large is not None:
        too_large()
    return markers


def _walk(
    nodes: Sequence[tuple[str, str]],
    roots: list[Edge],
    edges_of: Callable[[int, frozenset[str]], Iterable[Edge]],
    budget: Optional[int],
    widened: list[bool],
) -> dict[int, set[frozenset[str]]]:
    """Node -> its weakest paths (sets of markers); ``budget`` None: markers ignored. A path
    with more than _MAX_PATH_MARKERS markers is widened to "everywhere", noted in ``widened``."""
    by_name: dict[str, list[int]] = {}
    for index, (name, _) in enumerate(nodes):
        by_name.setdefault(name, []).append(index)
    paths: dict[int, set[frozenset[str]]] = {}
    extras: dict[int, frozenset[str]] = {}
    queue: deque[int] = deque()
    work = [0]

    def reach(edge: Edge, via: set[frozenset[str]]) -> None:
        step = frozenset([edge.marker]) if edge.marker and budget is not None else frozenset()
        for target in _select(edge, by_name.get(edge.name, []), nodes):
            known = paths.setdefault(target, set())
            before = (frozenset(known), extras.get(target, frozenset()))
            for path in via:
                if budget is not None:
                    work[0] += 1
                    if work[0] > budget:
                        raise _TooLarge
                    path = path | step
                    if len(path) > _MAX_PATH_MARKERS:
                        path = frozenset()
                        widened.append(True)
                _add_path(known, path)
            extras[target] = before[1] | frozenset(edge.extras)
            if (frozenset(known), extras[target]) != before:
                queue.append(target)

    start: set[frozenset[str]] = {frozenset()}
    for edge in roots:
        reach(edge, start)
    while queue:
        index = queue.popleft()
        for edge in edges_of(index, extras.get(index, frozenset())):
            reach(edge, paths[index])
    return paths


def _select(edge: Edge, candidates: list[int], nodes: Sequence[tuple[str, str]]) -> list[int]:
    if len(candidates) <= 1:
        return candidates
    if edge.version is not None:
        chosen = [i for i in candidates if nodes[i][1] == edge.version]
        return chosen or candidates
    if edge.specifier:
        from packaging.specifiers import InvalidSpecifier, SpecifierSet

        try:
            specifier = SpecifierSet(edge.specifier)
        except InvalidSpecifier:
            return candidates
        from ddlint.versions import meets

        chosen = [i for i in candidates if meets(specifier, nodes[i][1])]
        return chosen or candidates
    return candidates


def _add_path(known: set[frozenset[str]], path: frozenset[str]) -> None:
    """Add one path (a set of markers that must all hold), keeping only the weakest paths."""
    if any(other <= path for other in known):
        return  # an existing path already needs no more than this one
    for other in [o for o in known if path < o]:
        known.discard(other)
    known.add(path)
    if len(known) > _MAX_PATHS:
        known.clear()
        known.add(frozenset())


def _or_of_ands(paths: set[frozenset[str]]) -> Optional[str]:
    if frozenset() in paths:
        return None
    return any_of(sorted(all_of(sorted(path)) or "" for path in paths))
