"""pylock.toml (PEP 751, lock-version 1.x): every package with its marker; the tool that wrote
it (``created-by``) for fix hints."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from ddlint.model import Dependency, DependencyFile, FileKind
from ddlint.parsers import lockfile

FORMAT = lockfile.TomlLockFormat(
    kind=FileKind.PYLOCK, array="packages", version_key=("lock-version",),
    label="pylock.toml lock-version", supported=(1,), newest=(1, 0),
)
# Sources that carry their own version (PEP 751: ``version`` may be left out for them).
_UNVERSIONED_SOURCES = ("vcs", "directory", "archive")
# PEP 751 markers name the groups and extras a package belongs to.
_GROUP_IN_MARKER = re.compile(r"""['"]([^'"]+)['"]\s+in\s+dependency_groups""")


def parse(path: Path) -> DependencyFile:
    lock = lockfile.read_toml_lock(path, FORMAT)
    created_by = lockfile.text_or_none(lock.document.get("created-by"))
    requires_python = lockfile.text_or_none(lock.document.get("requires-python"))
    if not lock.readable:
        return lock.result(requires_python=requires_python, generated_by=created_by)
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
    return lock.result(dependencies, requires_python, created_by)


def _url(entry: dict[str, Any]) -> Optional[str]:
    for kind in _UNVERSIONED_SOURCES:
        table = entry.get(kind)
        if isinstance(table, dict):
            for key in ("url", "path"):
                if isinstance(table.get(key), str):
                    return str(table[key])
    return None


