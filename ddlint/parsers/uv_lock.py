"""uv.lock (format ``version = 1``, any ``revision``): every locked package with its fork markers
and the dependency groups that pull it in; the project's own entries are not dependencies."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional

from ddlint.model import Dependency, DependencyFile, FileKind, Location, normalize_name
from ddlint.parsers import lockfile

# The project's own packages: the root and workspace members, built from source.
_LOCAL_SOURCES = ("editable", "virtual")
# The group of a project's ``[project] dependencies``; extras and groups keep their names.
MAIN_GROUP = "main"

_PackageKey = tuple[str, Optional[str]]


FORMAT = lockfile.TomlLockFormat(
    kind=FileKind.UV_LOCK, array="package", version_key=("version",),
    label="uv.lock format version", supported=(1,), newest=(1,), tool="uv",
    unread=("sdist", "wheels"),
)


def parse(path: Path, manifest: Optional[DependencyFile] = None) -> DependencyFile:
    """``manifest``: the parsed pyproject.toml beside the lock (the engine's, through
    ``parsers.parse``), whose lines are the origins of the locked entries."""
    lock = lockfile.read_toml_lock(path, FORMAT, manifest)
    requires_python = lockfile.text_or_none(lock.document.get("requires-python"))
    if not lock.readable:
        return lock.result(requires_python=requires_python)
    members = _workspace_members(lock.document)
    lock.overridden = _overridden(lock.document)
    origins = lock.origins()
    groups = _groups(lock.packages, members)
    dependencies: list[Dependency] = []
    locked: list[dict[str, Any]] = []
    for entry, name, where in lock.entries():
        if _is_project(entry, members):
            continue
        dependency = _dependency(entry, name, where, lock, groups=groups, origin=origins.get(name))
        if dependency is not None:
            dependencies.append(dependency)
            locked.append(entry)
    dependencies = _with_path_markers(dependencies, locked, lock.packages, members,
                                      lock.marker_graph_too_large)
    return lock.result(dependencies, requires_python)


def _workspace_members(document: dict[str, Any]) -> set[str]:
    manifest = document.get("manifest")
    members = manifest.get("members", []) if isinstance(manifest, dict) else []
    return {normalize_name(m) for m in members if isinstance(m, str)}


def _overridden(document: dict[str, Any]) -> frozenset[str]:
    """The names ``[tool.uv] override-dependencies`` replaced, as the lock's ``[manifest]``
    records them."""
    manifest = document.get("manifest")
    overrides = manifest.get("overrides", []) if isinstance(manifest, dict) else []
    return frozenset(normalize_name(item["name"]) for item in overrides
                     if isinstance(overrides, list) and isinstance(item, dict)
                     and isinstance(item.get("name"), str))


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
    entry: dict[str, Any], name: str, where: Location, lock: lockfile.TomlLock, *,
    groups: dict[_PackageKey, set[str]], origin: Optional[Location],
) -> Optional[Dependency]:
    version = entry.get("version")
    source = entry.get("source")
    source = source if isinstance(source, dict) else {}
    url = _url(source)
    if not isinstance(version, str):
        if url is None or "registry" in source:
            lock.no_version(where, name)
            return None
        version = None  # a local package with a dynamic version
    elif not lock.readable_version(version, where, name):
        return None
    markers = entry.get("resolution-markers", entry.get("environment-markers", []))
    return Dependency(
        name=name,
        location=where,
        version=version,
        marker=lockfile.any_of(markers) if isinstance(markers, list) else None,
        groups=tuple(sorted(groups.get((name, version), ()))),
        url=url,
        locked=True,
        origin=origin,
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
    members: set[str], too_large: Optional[Callable[[], None]] = None,
) -> list[Dependency]:
    """AND each fork marker with the markers on the paths from the project to the package
    (``colorama`` only where ``sys_platform == 'win32'``): uv.lock keeps those on the edges."""
    from ddlint.records import replace

    roots: list[lockfile.Edge] = []
    for entry in packages:
        if isinstance(entry, dict) and _is_project(entry, members):
            roots.extend(_edges(entry, None))
    if not roots:
        return dependencies
    nodes = [(d.name, d.version or "") for d in dependencies]

    def edges_of(index: int, extras: frozenset[str]) -> list[lockfile.Edge]:
        return _edges(locked[index], extras)

    paths = lockfile.reachability_markers(nodes, roots, edges_of, too_large)
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
