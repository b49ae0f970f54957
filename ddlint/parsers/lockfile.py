"""What the lockfile parsers share: format-version checks, marker joining, the manifest line
behind a locked entry, and the markers of packages reached through a locked graph."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from ddlint.model import Diagnostic, Location, Severity
from ddlint.parsers.base import invalid_file


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
        shown = repr(found) if isinstance(found, str) and len(found) <= 40 else "value"
        return False, invalid_file(where, f"{label} {shown} is not a version ddlint knows")
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


def any_of(markers: Iterable[str]) -> Optional[str]:
    """Markers joined with "or", each in parentheses (None when there are none)."""
    items = list(dict.fromkeys(m.strip() for m in markers if isinstance(m, str) and m.strip()))
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return " or ".join(f"({m})" for m in items)


def all_of(markers: Iterable[Optional[str]]) -> Optional[str]:
    """Markers joined with "and", each in parentheses (None when there are none)."""
    items = list(dict.fromkeys(m.strip() for m in markers if isinstance(m, str) and m.strip()))
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return " and ".join(f"({m})" for m in items)


def manifest_origins(manifest: Path) -> dict[str, Location]:
    """Name -> the line in ``manifest`` (a pyproject.toml next to the lockfile) that declares it.

    Empty when there is no readable manifest: the origin is a courtesy, never a finding.
    """
    if not manifest.is_file():
        return {}
    from ddlint.parsers import pyproject

    found: dict[str, Location] = {}
    for dependency in pyproject.parse(manifest).dependencies:
        found.setdefault(dependency.name, dependency.location)
    return found


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


def reachability_markers(
    nodes: Sequence[tuple[str, str]],
    roots: Iterable[Edge],
    edges_of: Callable[[int, frozenset[str]], Iterable[Edge]],
) -> dict[int, Optional[str]]:
    """The environments each locked package is installed in, for lockfiles that do not say:
    the "or" over every path from the project of the "and" of the markers along it.

    ``nodes`` are the locked (name, version) pairs; ``edges_of(index, extras)`` the
    requirements of one of them with those extras. The result maps a reachable node to its
    marker (None: everywhere); unreachable nodes are left out.
    """
    by_name: dict[str, list[int]] = {}
    for index, (name, _) in enumerate(nodes):
        by_name.setdefault(name, []).append(index)
    paths: dict[int, set[frozenset[str]]] = {}
    extras: dict[int, frozenset[str]] = {}
    queue: deque[int] = deque()

    def reach(edge: Edge, via: set[frozenset[str]]) -> None:
        step = frozenset([edge.marker]) if edge.marker else frozenset()
        for target in _select(edge, by_name.get(edge.name, []), nodes):
            known = paths.setdefault(target, set())
            before = (frozenset(known), extras.get(target, frozenset()))
            for path in via:
                _add_path(known, path | step)
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
    return {index: _or_of_ands(found) for index, found in paths.items()}


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
        chosen = [i for i in candidates if specifier.contains(nodes[i][1], prereleases=True)]
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
