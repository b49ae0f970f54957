"""pylock.toml (PEP 751, lock-version 1.x): every package with its marker; the tool that wrote
it (``created-by``) for fix hints."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from ddlint.model import Dependency, DependencyFile, FileKind, GeneratedHeader
from ddlint.parsers import lockfile
from ddlint.patterns import lazy

FORMAT = lockfile.TomlLockFormat(
    kind=FileKind.PYLOCK, array="packages", version_key=("lock-version",),
    label="pylock.toml lock-version", supported=(1,), newest=(1, 0),
)
# Sources that carry their own version (PEP 751: ``version`` may be left out for them).
_UNVERSIONED_SOURCES = ("vcs", "directory", "archive")
# PEP 751 markers name the groups and extras a package belongs to.
_GROUP_IN_MARKER = re.compile(r"""['"]([^'"]+)['"]\s+in\s+dependency_groups""")
# The command uv writes at the top of a pylock.toml it exported.
_UV_EXPORT = lazy(r"^#\s+(uv export\b.*)$", re.MULTILINE)


def parse(path: Path, manifest: Optional[DependencyFile] = None) -> DependencyFile:
    """``manifest``: the parsed pyproject.toml beside the lock (the engine's, through
    ``parsers.parse``), whose lines are the origins of the locked entries."""
    lock = lockfile.read_toml_lock(path, FORMAT, manifest)
    created_by = lockfile.text_or_none(lock.document.get("created-by"))
    requires_python = lockfile.text_or_none(lock.document.get("requires-python"))
    header = _uv_export(lock.source.text)
    if not lock.readable:
        return lock.result(requires_python=requires_python, generated_by=created_by,
                           header=header)
    origins = lock.origins()
    dependencies: list[Dependency] = []
    for entry, name, where in lock.entries():
        url = _url(entry)
        version = lockfile.text_or_none(entry.get("version")) or None
        if version is None and url is None:
            lock.no_version(where, name)
            continue
        marker = lockfile.text_or_none(entry.get("marker"))
        marker = (marker.strip() or None) if marker else None
        dependencies.append(Dependency(
            name=name,
            location=where,
            version=version,
            marker=marker,
            groups=tuple(sorted(set(_GROUP_IN_MARKER.findall(marker)))) if marker else (),
            url=url,
            locked=True,
            origin=origins.get(name),
        ))
    return lock.result(dependencies, requires_python, created_by, header)


def _uv_export(text: str) -> Optional[GeneratedHeader]:
    """The command uv writes at the top of a pylock.toml it exported (``pip lock`` names none:
    its inputs are unknown)."""
    found = _UV_EXPORT.search(text, 0, 4096)
    return GeneratedHeader("uv", found.group(1).strip()) if found else None


def _url(entry: dict[str, Any]) -> Optional[str]:
    for kind in _UNVERSIONED_SOURCES:
        table = entry.get(kind)
        if isinstance(table, dict):
            for key in ("url", "path"):
                if isinstance(table.get(key), str):
                    return str(table[key])
    return None


