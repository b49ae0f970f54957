"""poetry.lock (lock-version 1.1, 2.0, 2.1): every package with its markers and groups, and
``[metadata] python-versions`` translated from Poetry's constraint syntax."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

from ddlint.model import Dependency, DependencyFile, Diagnostic, FileKind, Location, normalize_name
from ddlint.parsers import lockfile, toml_source
from ddlint.parsers.base import invalid_file

# Sources that are not an index: the locked version comes from this place, not a registry.
_DIRECT_SOURCES = ("git", "directory", "file", "url")


def parse(path: Path) -> DependencyFile:
    source = toml_source.load(path)
    diagnostics: list[Diagnostic] = list(source.diagnostics)
    document = source.document
    if document is None:
        return DependencyFile(path=path, kind=FileKind.POETRY_LOCK, diagnostics=tuple(diagnostics))
    metadata = document.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    readable, problem = lockfile.check_format(
        lockfile.key_location(path, source.text, "lock-version"), "poetry.lock lock-version",
        metadata.get("lock-version", "1.0"), supported=(1, 2), newest=(2, 1),
    )
    if problem is not None:
        diagnostics.append(problem)
    requires_python = _requires_python(metadata, path, source.text, diagnostics)
    packages = document.get("package", [])
    if not readable or not isinstance(packages, list):
        if readable:
            diagnostics.append(invalid_file(
                lockfile.key_location(path, source.text, "package"),
                "`package` must be an array of tables",
            ))
        return DependencyFile(path=path, kind=FileKind.POETRY_LOCK,
                              diagnostics=tuple(diagnostics), requires_python=requires_python,
                              generated_by="poetry")
    manifest = path.parent / "pyproject.toml"
    origins = lockfile.manifest_origins(manifest)
    dependencies: list[Dependency] = []
    for entry, where in toml_source.located_entries(source, "package", packages):
        dependency = _dependency(entry, where, origins, diagnostics)
        if dependency is not None:
            dependencies.append(dependency)
    if not any(isinstance(e, dict) and "markers" in e for e in packages):
        # Before lock-version 2.1 Poetry kept markers on the edges only: walk them from the
        # project's requirements, as Poetry's installer does.
        dependencies = _with_derived_markers(dependencies, packages, manifest)
    return DependencyFile(
        path=path, kind=FileKind.POETRY_LOCK, dependencies=tuple(dependencies),
        diagnostics=tuple(diagnostics), requires_python=requires_python, generated_by="poetry",
    )


def _requires_python(
    metadata: dict[str, Any], path: Path, text: str, diagnostics: list[Diagnostic]
) -> Optional[str]:
    constraint = metadata.get("python-versions")
    if not isinstance(constraint, str):
        return None
    from ddlint.poetry_constraints import to_pep440

    try:
        translated = to_pep440(constraint)
    except ValueError as error:
        diagnostics.append(invalid_file(
            lockfile.key_location(path, text, "python-versions"), f"python-versions: {error}"
        ))
        return None
    return translated or None


def _dependency(
    entry: Any, where: Location, origins: dict[str, Location], diagnostics: list[Diagnostic]
) -> Optional[Dependency]:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        diagnostics.append(invalid_file(where, "a [[package]] entry without a name"))
        return None
    name = normalize_name(entry["name"])
    version = entry.get("version")
    if not isinstance(version, str) or not version:
        diagnostics.append(invalid_file(where, f"package {name!r} has no version"))
        return None
    groups = _groups(entry)
    source = entry.get("source")
    url = None
    if isinstance(source, dict) and source.get("type") in _DIRECT_SOURCES:
        url = source.get("url") if isinstance(source.get("url"), str) else None
    return Dependency(
        name=name,
        location=where,
        version=version,
        marker=_marker(entry.get("markers"), groups),
        groups=groups,
        url=url,
        editable=bool(entry.get("develop")),
        locked=True,
        origin=origins.get(name),
    )


def _groups(entry: dict[str, Any]) -> tuple[str, ...]:
    groups = entry.get("groups")  # lock-version 2.1
    if isinstance(groups, list):
        return tuple(sorted(g for g in groups if isinstance(g, str)))
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
    dependencies: list[Dependency], packages: list[Any], manifest: Path
) -> list[Dependency]:
    if not manifest.is_file() or not dependencies:
        return dependencies
    from dataclasses import replace

    from ddlint.parsers import pyproject

    entries = {(normalize_name(e["name"]), e.get("version")): e for e in packages
               if isinstance(e, dict) and isinstance(e.get("name"), str)}
    nodes = [(d.name, d.version or "") for d in dependencies]
    roots = [lockfile.Edge(d.name, d.marker, d.extras, d.specifier)
             for d in pyproject.parse(manifest).dependencies]

    def edges_of(index: int, extras: frozenset[str]) -> list[lockfile.Edge]:
        entry = entries.get(nodes[index], {})
        return list(_edges(entry, extras))

    markers = lockfile.reachability_markers(nodes, roots, edges_of)
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
