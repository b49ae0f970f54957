"""poetry.lock (lock-version 1.1, 2.0, 2.1): every package with its markers and groups, and
``[metadata] python-versions`` translated from Poetry's constraint syntax."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Optional

from ddlint.model import Dependency, DependencyFile, FileKind, Location, normalize_name
from ddlint.parsers import lockfile
from ddlint.parsers.base import invalid_file

# Sources that are not an index: the locked version comes from this place, not a registry.
_DIRECT_SOURCES = ("git", "directory", "file", "url")


FORMAT = lockfile.TomlLockFormat(
    kind=FileKind.POETRY_LOCK, array="package", version_key=("metadata", "lock-version"),
    label="poetry.lock lock-version", supported=(1, 2), newest=(2, 1),
    absent="1.0",  # Poetry 1.0 wrote no lock-version
    tool="poetry", unread=("files",),
)


def parse(path: Path, manifest: Optional[DependencyFile] = None) -> DependencyFile:
    """``manifest``: the parsed pyproject.toml beside the lock (the engine's, through
    ``parsers.parse``), whose lines are the origins of the locked entries."""
    lock = lockfile.read_toml_lock(path, FORMAT, manifest)
    metadata = lock.document.get("metadata")
    requires_python = _requires_python(metadata if isinstance(metadata, dict) else {}, lock)
    if not lock.readable:
        return lock.result(requires_python=requires_python)
    origins = lock.origins()
    dependencies: list[Dependency] = []
    for entry, name, where in lock.entries():
        version = entry.get("version")
        if not isinstance(version, str) or not version:
            lock.no_version(where, name)
            continue
        if not lock.readable_version(version, where, name):
            continue
        dependencies.append(_dependency(entry, name, version, where, origins.get(name)))
    if not any(isinstance(e, dict) and "markers" in e for e in lock.packages):
        # Before lock-version 2.1 Poetry kept markers on the edges only: walk them from the
        # project's requirements, as Poetry's installer does.
        dependencies = _with_derived_markers(dependencies, lock.packages, lock.manifest(),
                                             lock.marker_graph_too_large)
    return lock.result(dependencies, requires_python)


def _requires_python(metadata: dict[str, Any], lock: lockfile.TomlLock) -> Optional[str]:
    constraint = metadata.get("python-versions")
    if not isinstance(constraint, str):
        return None
    from ddlint.poetry_constraints import to_pep440

    try:
        translated = to_pep440(constraint)
    except ValueError as error:
        lock.diagnostics.append(invalid_file(
            lockfile.key_location(lock.path, lock.source.text, "python-versions"),
            f"python-versions: {error}",
        ))
        return None
    return translated or None


def _dependency(
    entry: dict[str, Any], name: str, version: str, where: Location, origin: Optional[Location]
) -> Dependency:
    groups = _groups(entry)
    source = entry.get("source")
    url = None
    if isinstance(source, dict) and source.get("type") in _DIRECT_SOURCES:
        url = lockfile.text_or_none(source.get("url"))
    return Dependency(
        name=name,
        location=where,
        version=version,
        marker=_marker(entry.get("markers"), groups),
        groups=groups,
        url=url,
        locked=True,
        origin=origin,
    )


def _groups(entry: dict[str, Any]) -> tuple[str, ...]:
    if isinstance(entry.get("groups"), list):  # lock-version 2.1
        return lockfile.strings(entry["groups"])
    category = entry.get("category")  # lock-version 1.1 and 2.0
    return (category,) if isinstance(category, str) else ()


def _marker(markers: Any, groups: tuple[str, ...]) -> Optional[str]:
    """``markers`` is one string, or (2.1) a table of group -> marker where a group without a
    marker is installed everywhere."""
    if isinstance(markers, str):
        return markers.strip() or None
    if isinstance(markers, dict):
        if any(group not in markers for group in groups):
            return None
        return lockfile.any_of(str(m) for m in markers.values())
    return None


def _with_derived_markers(
    dependencies: list[Dependency], packages: list[Any], manifest: tuple[Dependency, ...],
    too_large: Optional[Callable[[], None]] = None,
) -> list[Dependency]:
    if not manifest or not dependencies:
        return dependencies
    from ddlint.records import replace

    entries = {(normalize_name(e["name"]), e.get("version")): e for e in packages
               if isinstance(e, dict) and isinstance(e.get("name"), str)}
    nodes = [(d.name, d.version or "") for d in dependencies]
    roots = [lockfile.Edge(d.name, d.marker, d.extras, d.specifier) for d in manifest]

    def edges_of(index: int, extras: frozenset[str]) -> list[lockfile.Edge]:
        entry = entries.get(nodes[index], {})
        return list(_edges(entry, extras))

    markers = lockfile.reachability_markers(nodes, roots, edges_of, too_large)
    # Where an edge admits several locked versions, the package's own Python range tells
    # which one each Python gets.
    return [
        replace(d, marker=lockfile.all_of([markers.get(i), _python_range(entries.get(nodes[i]))]))
        for i, d in enumerate(dependencies)
    ]


def _python_range(entry: Optional[dict[str, Any]]) -> Optional[str]:
    constraint = entry.get("python-versions") if entry else None
    if not isinstance(constraint, str) or constraint.strip() in ("", "*"):
        return None
    from ddlint.poetry_constraints import python_marker

    try:
        return python_marker(constraint) or None
    except ValueError:
        return None


_EXTRA_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _edges(entry: dict[str, Any], extras: frozenset[str]) -> Iterator[lockfile.Edge]:
    """A locked package's ``[package.dependencies]``; optional ones only for its extras."""
    from ddlint.parsers.pyproject import poetry_markers
    from ddlint.poetry_constraints import to_pep440

    wanted: set[str] = set()
    declared = entry.get("extras")
    if isinstance(declared, dict):
        for extra in extras:
            for requirement in declared.get(extra, []):
                match = _EXTRA_NAME.match(str(requirement))
                if match:
                    wanted.add(normalize_name(match.group(1)))
    requirements = entry.get("dependencies")
    if not isinstance(requirements, dict):
        return
    for name, value in requirements.items():
        normalized = normalize_name(name)
        for item in value if isinstance(value, list) else [value]:
            spec = {"version": item} if isinstance(item, str) else item
            if not isinstance(spec, dict):
                continue
            if spec.get("optional") and normalized not in wanted:
                continue
            try:
                specifier = to_pep440(str(spec.get("version", "*")))
            except ValueError:
                specifier = ""
            found = spec.get("extras", [])
            yield lockfile.Edge(
                normalized, lockfile.all_of(poetry_markers(spec)),
                tuple(e for e in found if isinstance(e, str)) if isinstance(found, list) else (),
                specifier.split(" || ")[0] if " || " not in specifier else "",
            )
