"""pylock.toml (PEP 751, lock-version 1.x): every package with its marker; the tool that wrote
it (``created-by``) for fix hints."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from ddlint.model import Dependency, DependencyFile, Diagnostic, FileKind, Location, normalize_name
from ddlint.parsers import lockfile, toml_source
from ddlint.parsers.base import invalid_file

# Sources that carry their own version (PEP 751: ``version`` may be left out for them).
_UNVERSIONED_SOURCES = ("vcs", "directory", "archive")
# PEP 751 markers name the groups and extras a package belongs to.
_GROUP_IN_MARKER = re.compile(r"""['"]([^'"]+)['"]\s+in\s+dependency_groups""")


def parse(path: Path) -> DependencyFile:
    source = toml_source.load(path)
    diagnostics: list[Diagnostic] = list(source.diagnostics)
    document = source.document
    if document is None:
        return DependencyFile(path=path, kind=FileKind.PYLOCK, diagnostics=tuple(diagnostics))
    created_by = document.get("created-by")
    created_by = created_by if isinstance(created_by, str) else None
    readable, problem = lockfile.check_format(
        lockfile.key_location(path, source.text, "lock-version"), "pylock.toml lock-version",
        document.get("lock-version"), supported=(1,), newest=(1, 0),
    )
    if problem is not None:
        diagnostics.append(problem)
    requires_python = document.get("requires-python")
    requires_python = requires_python if isinstance(requires_python, str) else None
    packages = document.get("packages", [])
    if not readable or not isinstance(packages, list):
        if readable:
            diagnostics.append(invalid_file(
                lockfile.key_location(path, source.text, "packages"),
                "`packages` must be an array of tables",
            ))
        return DependencyFile(path=path, kind=FileKind.PYLOCK, diagnostics=tuple(diagnostics),
                              requires_python=requires_python, generated_by=created_by)
    origins = lockfile.manifest_origins(path.parent / "pyproject.toml")
    dependencies: list[Dependency] = []
    for entry, where in toml_source.located_entries(source, "packages", packages):
        dependency = _dependency(entry, where, origins, diagnostics)
        if dependency is not None:
            dependencies.append(dependency)
    return DependencyFile(
        path=path, kind=FileKind.PYLOCK, dependencies=tuple(dependencies),
        diagnostics=tuple(diagnostics), requires_python=requires_python, generated_by=created_by,
    )


def _dependency(
    entry: Any, where: Location, origins: dict[str, Location], diagnostics: list[Diagnostic]
) -> Optional[Dependency]:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        diagnostics.append(invalid_file(where, "a [[packages]] entry without a name"))
        return None
    name = normalize_name(entry["name"])
    url = _url(entry)
    version = entry.get("version")
    if not isinstance(version, str) or not version:
        if url is None:
            diagnostics.append(invalid_file(where, f"package {name!r} has no version"))
            return None
        version = None
    marker = entry.get("marker")
    marker = (marker.strip() or None) if isinstance(marker, str) else None
    return Dependency(
        name=name,
        location=where,
        version=version,
        marker=marker,
        groups=tuple(sorted(set(_GROUP_IN_MARKER.findall(marker)))) if marker else (),
        url=url,
        editable=_editable(entry),
        locked=True,
        origin=origins.get(name),
    )


def _url(entry: dict[str, Any]) -> Optional[str]:
    for kind in _UNVERSIONED_SOURCES:
        table = entry.get(kind)
        if isinstance(table, dict):
            for key in ("url", "path"):
                if isinstance(table.get(key), str):
                    return str(table[key])
    return None


def _editable(entry: dict[str, Any]) -> bool:
    directory = entry.get("directory")
    return isinstance(directory, dict) and bool(directory.get("editable"))
