"""poetry.lock (lock-version 1.1, 2.0, 2.1): every package with its markers and groups, and
``[metadata] python-versions`` translated from Poetry's constraint syntax."""

from __future__ import annotations

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
    origins = lockfile.manifest_origins(path.parent / "pyproject.toml")
    dependencies: list[Dependency] = []
    for entry, where in toml_source.located_entries(source, "package", packages):
        dependency = _dependency(entry, where, origins, diagnostics)
        if dependency is not None:
            dependencies.append(dependency)
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
