"""pdm.lock (lock_version 4.x): every package with its marker and groups, and the Python range
the lock was made for."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from ddlint.model import Dependency, DependencyFile, Diagnostic, FileKind, Location, normalize_name
from ddlint.parsers import lockfile, toml_source
from ddlint.parsers.base import invalid_file


def parse(path: Path) -> DependencyFile:
    source = toml_source.load(path)
    diagnostics: list[Diagnostic] = list(source.diagnostics)
    document = source.document
    if document is None:
        return DependencyFile(path=path, kind=FileKind.PDM_LOCK, diagnostics=tuple(diagnostics))
    metadata = document.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    readable, problem = lockfile.check_format(
        lockfile.key_location(path, source.text, "lock_version"), "pdm.lock lock_version",
        metadata.get("lock_version"), supported=(4,), newest=(4, 5),
    )
    if problem is not None:
        diagnostics.append(problem)
    requires_python = _requires_python(metadata)
    packages = document.get("package", [])
    if not readable or not isinstance(packages, list):
        if readable:
            diagnostics.append(invalid_file(
                lockfile.key_location(path, source.text, "package"),
                "`package` must be an array of tables",
            ))
        return DependencyFile(path=path, kind=FileKind.PDM_LOCK, diagnostics=tuple(diagnostics),
                              requires_python=requires_python, generated_by="pdm")
    origins = lockfile.manifest_origins(path.parent / "pyproject.toml")
    dependencies: list[Dependency] = []
    for entry, where in toml_source.located_entries(source, "package", packages):
        dependency = _dependency(entry, where, origins, diagnostics)
        if dependency is not None:
            dependencies.append(dependency)
    return DependencyFile(
        path=path, kind=FileKind.PDM_LOCK, dependencies=tuple(dependencies),
        diagnostics=tuple(diagnostics), requires_python=requires_python, generated_by="pdm",
    )


def _requires_python(metadata: dict[str, Any]) -> Optional[str]:
    """``[[metadata.targets]] requires_python`` (lock_version 4.5), else the older
    ``[metadata] requires_python``; several different targets cannot be one range."""
    targets = metadata.get("targets")
    if isinstance(targets, list):
        ranges = {t.get("requires_python") for t in targets if isinstance(t, dict)}
        ranges = {r for r in ranges if isinstance(r, str)}
        return ranges.pop() if len(ranges) == 1 else None
    declared = metadata.get("requires_python")
    return declared if isinstance(declared, str) else None


def _dependency(
    entry: Any, where: Location, origins: dict[str, Location], diagnostics: list[Diagnostic]
) -> Optional[Dependency]:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        diagnostics.append(invalid_file(where, "a [[package]] entry without a name"))
        return None
    name = normalize_name(entry["name"])
    url = next((entry[k] for k in ("git", "url", "path") if isinstance(entry.get(k), str)), None)
    version = entry.get("version")
    if not isinstance(version, str) or not version:
        if url is None:
            diagnostics.append(invalid_file(where, f"package {name!r} has no version"))
            return None
        version = None
    groups = entry.get("groups")
    marker = entry.get("marker")
    return Dependency(
        name=name,
        location=where,
        version=version,
        marker=(marker.strip() or None) if isinstance(marker, str) else None,
        extras=tuple(sorted(e for e in entry.get("extras", []) if isinstance(e, str)))
        if isinstance(entry.get("extras"), list) else (),
        groups=tuple(sorted(g for g in groups if isinstance(g, str)))
        if isinstance(groups, list) else (),
        url=url,
        editable=bool(entry.get("editable")),
        locked=True,
        origin=origins.get(name),
    )
