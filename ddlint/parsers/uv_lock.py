"""uv.lock (format ``version = 1``, any ``revision``): every locked package with its fork markers
and the dependency groups that pull it in; the project's own entries are not dependencies."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any, Optional

from ddlint.model import Dependency, DependencyFile, Diagnostic, FileKind, Location, normalize_name
from ddlint.parsers import lockfile, toml_source
from ddlint.parsers.base import invalid_file

# The project's own packages: the root and workspace members, built from source.
_LOCAL_SOURCES = ("editable", "virtual")
# The group of a project's ``[project] dependencies``; extras and groups keep their names.
MAIN_GROUP = "main"

_PackageKey = tuple[str, Optional[str]]


def parse(path: Path) -> DependencyFile:
    source = toml_source.load(path)
    diagnostics: list[Diagnostic] = list(source.diagnostics)
    document = source.document
    if document is None:
        return DependencyFile(path=path, kind=FileKind.UV_LOCK, diagnostics=tuple(diagnostics))
    readable, problem = lockfile.check_format(
        lockfile.key_location(path, source.text, "version"), "uv.lock format version",
        document.get("version"), supported=(1,), newest=(1,),
    )
    if problem is not None:
        diagnostics.append(problem)
    requires_python = document.get("requires-python")
    requires_python = requires_python if isinstance(requires_python, str) else None
    packages = document.get("package", [])
    if not readable or not isinstance(packages, list):
        if readable:
            diagnostics.append(invalid_file(
                lockfile.key_location(path, source.text, "package"),
                "`package` must be an array of tables",
            ))
        return DependencyFile(path=path, kind=FileKind.UV_LOCK, diagnostics=tuple(diagnostics),
                              requires_python=requires_python, generated_by="uv")

    members = _workspace_members(document)
    origins = lockfile.manifest_origins(path.parent / "pyproject.toml")
    entries = list(toml_source.located_entries(source, "package", packages))
    groups = _groups(packages, members)
    dependencies: list[Dependency] = []
    locked: list[dict[str, Any]] = []
    for entry, where in entries:
        dependency = _dependency(entry, where, members=members, groups=groups, origins=origins,
                                 diagnostics=diagnostics)
        if dependency is not None:
            dependencies.append(dependency)
            locked.append(entry)
    dependencies = _with_path_markers(dependencies, locked, packages, members)
    return DependencyFile(
        path=path, kind=FileKind.UV_LOCK, dependencies=tuple(dependencies),
        diagnostics=tuple(diagnostics), requires_python=requires_python, generated_by="uv",
    )


def _workspace_members(document: dict[str, Any]) -> set[str]:
    manifest = document.get("manifest")
    members = manifest.get("members", []) if isinstance(manifest, dict) else []
    return {normalize_name(m) for m in members if isinstance(m, str)}


def _is_project(entry: dict[str, Any], members: set[str]) -> bool:
    source = entry.get("source")
    if not isinstance(source, dict):
        return False
    if any(source.get(kind) == "." for kind in _LOCAL_SOURCES):
        return True
    name = entry.get("name")
    return isinstance(name, str) and normalize_name(name) in members and any(
        kind in source for kind in _LOCAL_SOURCES
    )


def _dependency(
    entry: Any, where: Location, *, members: set[str], groups: dict[_PackageKey, set[str]],
    origins: dict[str, Location], diagnostics: list[Diagnostic],
) -> Optional[Dependency]:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        diagnostics.append(invalid_file(where, "a [[package]] entry without a name"))
        return None
    if _is_project(entry, members):
        return None
    name = normalize_name(entry["name"])
    version = entry.get("version")
    source = entry.get("source")
    source = source if isinstance(source, dict) else {}
    url = _url(source)
    if not isinstance(version, str):
        if url is None or "registry" in source:
            diagnostics.append(invalid_file(where, f"package {name!r} has no version"))
            return None
        version = None  # a local package with a dynamic version
    markers = entry.get("resolution-markers", entry.get("environment-markers", []))
    return Dependency(
        name=name,
        location=where,
        version=version,
        marker=lockfile.any_of(markers) if isinstance(markers, list) else None,
        groups=tuple(sorted(groups.get((name, version), ()))),
        url=url,
        editable="editable" in source,
        locked=True,
        origin=origins.get(name),
    )


def _url(source: dict[str, Any]) -> Optional[str]:
    for kind in ("git", "url", "path", "directory", "editable", "virtual"):
        value = source.get(kind)
        if isinstance(value, str):
            return value
    return None


def _groups(packages: list[Any], members: set[str]) -> dict[_PackageKey, set[str]]:
    """Which groups reach each package: the project's dependencies are ``main``, its extras
    and dependency groups keep their names. A walk over the locked graph, once per group."""
    by_name: dict[str, list[dict[str, Any]]] = {}
    for entry in packages:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            by_name.setdefault(normalize_name(entry["name"]), []).append(entry)
    starts: dict[str, list[Any]] = {}
    for entry in packages:
        if not isinstance(entry, dict) or not _is_project(entry, members):
            continue
        starts.setdefault(MAIN_GROUP, []).extend(_list(entry.get("dependencies")))
        for table in ("optional-dependencies", "dev-dependencies"):
            named = entry.get(table)
            if isinstance(named, dict):
                for group, refs in named.items():
                    starts.setdefault(group, []).extend(_list(refs))
    reached: dict[_PackageKey, set[str]] = {}
    for group, refs in starts.items():
        for key in _walk(refs, by_name):
            reached.setdefault(key, set()).add(group)
    return reached


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _walk(refs: list[Any], by_name: dict[str, list[dict[str, Any]]]) -> set[_PackageKey]:
    seen: set[tuple[int, str]] = set()  # (entry id, extra or "")
    found: set[_PackageKey] = set()
    queue = deque(refs)
    while queue:
        ref = queue.popleft()
        if not isinstance(ref, dict) or not isinstance(ref.get("name"), str):
            continue
        candidates = by_name.get(normalize_name(ref["name"]), [])
        if isinstance(ref.get("version"), str):
            candidates = [c for c in candidates if c.get("version") == ref["version"]]
        extras = [e for e in _list(ref.get("extra")) if isinstance(e, str)]
        for entry in candidates:
            found.add((normalize_name(entry["name"]), entry.get("version")))
            for extra in ("", *extras):
                if (id(entry), extra) in seen:
                    continue
                seen.add((id(entry), extra))
                if extra:
                    optional = entry.get("optional-dependencies")
                    if isinstance(optional, dict):
                        queue.extend(_list(optional.get(extra)))
                else:
                    queue.extend(_list(entry.get("dependencies")))
    return found


def _with_path_markers(
    dependencies: list[Dependency], locked: list[dict[str, Any]], packages: list[Any],
    members: set[str],
) -> list[Dependency]:
    """AND each fork marker with the markers on the paths from the project to the package
    (``colorama`` only where ``sys_platform == 'win32'``): uv.lock keeps those on the edges."""
    from dataclasses import replace

    roots: list[lockfile.Edge] = []
    for entry in packages:
        if isinstance(entry, dict) and _is_project(entry, members):
            roots.extend(_edges(entry, None))
    if not roots:
        return dependencies
    nodes = [(d.name, d.version or "") for d in dependencies]

    def edges_of(index: int, extras: frozenset[str]) -> list[lockfile.Edge]:
        return _edges(locked[index], extras)

    paths = lockfile.reachability_markers(nodes, roots, edges_of)
    return [
        replace(d, marker=lockfile.all_of([d.marker, paths[i]])) if paths.get(i) else d
        for i, d in enumerate(dependencies)
    ]


def _edges(entry: dict[str, Any], extras: Optional[frozenset[str]]) -> list[lockfile.Edge]:
    """A package's requirements with the given extras; ``None``: a project entry, whose every
    extra and dependency group is followed."""
    refs = list(_list(entry.get("dependencies")))
    tables = ("optional-dependencies",) if extras is not None else (
        "optional-dependencies", "dev-dependencies")
    for table in tables:
        named = entry.get(table)
        if isinstance(named, dict):
            for group, items in named.items():
                if extras is None or group in extras:
                    refs.extend(_list(items))
    edges = []
    for ref in refs:
        if isinstance(ref, dict) and isinstance(ref.get("name"), str):
            marker, version = ref.get("marker"), ref.get("version")
            edges.append(lockfile.Edge(
                normalize_name(ref["name"]),
                marker if isinstance(marker, str) else None,
                tuple(e for e in _list(ref.get("extra")) if isinstance(e, str)),
                version=version if isinstance(version, str) else None,
            ))
    return edges
