"""pdm.lock (lock_version 4.x): every package with its marker and groups, and the Python range
the lock was made for."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from ddlint.model import Dependency, DependencyFile, FileKind, Location
from ddlint.parsers import lockfile

FORMAT = lockfile.TomlLockFormat(
    kind=FileKind.PDM_LOCK, array="package", version_key=("metadata", "lock_version"),
    label="pdm.lock lock_version", supported=(4,), newest=(4, 5), tool="pdm",
    unread=("files",),
)


def parse(path: Path, manifest: Optional[DependencyFile] = None) -> DependencyFile:
    """``manifest``: the parsed pyproject.toml beside the lock (the engine's, through
    ``parsers.parse``), whose lines are the origins of the locked entries."""
    lock = lockfile.read_toml_lock(path, FORMAT, manifest)
    metadata = lock.document.get("metadata")
    requires_python = _requires_python(metadata if isinstance(metadata, dict) else {})
    if not lock.readable:
        return lock.result(requires_python=requires_python)
    origins = lock.origins()
    dependencies: list[Dependency] = []
    for entry, name, where in lock.entries():
        url = next((entry[k] for k in ("git", "url", "path") if isinstance(entry.get(k), str)),
                   None)
        version = lockfile.text_or_none(entry.get("version")) or None
        if version is None and url is None:
            lock.no_version(where, name)
            continue
        if version is not None and not lock.readable_version(version, where, name):
            continue
        dependencies.append(_dependency(entry, name, where, version=version, url=url,
                                        origin=origins.get(name)))
    return lock.result(dependencies, requires_python)


def _requires_python(metadata: dict[str, Any]) -> Optional[str]:
    """``[[metadata.targets]] requires_python`` (lock_version 4.5), else the older
    ``[metadata] requires_python``; several different targets cannot be one range."""
    targets = metadata.get("targets")
    if isinstance(targets, list):
        # Only strings: a value of another type (a list) cannot even go into a set.
        ranges = {t["requires_python"] for t in targets
                  if isinstance(t, dict) and isinstance(t.get("requires_python"), str)}
        return ranges.pop() if len(ranges) == 1 else None
    return lockfile.text_or_none(metadata.get("requires_python"))


def _dependency(
    entry: dict[str, Any], name: str, where: Location, *, version: Optional[str],
    url: Optional[str], origin: Optional[Location],
) -> Dependency:
    marker = lockfile.text_or_none(entry.get("marker"))
    return Dependency(
        name=name,
        location=where,
        version=version,
        marker=(marker.strip() or None) if marker else None,
        extras=lockfile.strings(entry.get("extras")),
        groups=lockfile.strings(entry.get("groups")),
        url=url,
        locked=True,
        origin=origin,
    )
