"""What the lockfile parsers share: format-version checks, marker joining, the manifest line
behind a locked entry."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Optional

from ddlint.model import Diagnostic, Location, Severity
from ddlint.parsers.base import invalid_file


def key_location(path: Path, text: str, key: str) -> Location:
    """Where the first ``key = ...`` at the start of a line is written (line 1 when none is)."""
    match = re.search(rf"^{re.escape(key)}[ \t]*=", text, re.MULTILINE)
    if match is None:
        return Location(path, 1, 1)
    return Location(path, text.count("\n", 0, match.start()) + 1, 1)


def check_format(
    where: Location, label: str, found: Any, supported: tuple[int, ...], newest: tuple[int, ...]
) -> tuple[bool, Optional[Diagnostic]]:
    """Judge a lock format version (``"2.1"``, ``1``): readable or not, and what to say.

    ``supported`` are the major versions ddlint reads; a minor newer than ``newest`` (its
    major.minor) is read with a warning, since format minors only add fields.
    """
    parts = _version_parts(found)
    if parts is None:
        return False, invalid_file(where, f"{label} {found!r} is not a version ddlint knows")
    if parts[0] not in supported:
        return False, invalid_file(
            where, f"{label} {found} is not supported (ddlint reads "
            f"{', '.join(str(v) for v in supported)}.x); the file was not checked"
        )
    if parts[0] == newest[0] and parts[:2] > newest[:2]:  # a newer patch changes nothing
        return True, invalid_file(
            where, f"{label} {found} is newer than ddlint knows "
            f"({'.'.join(map(str, newest))}); read as {newest[0]}.x, findings may be incomplete",
            severity=Severity.WARNING,
        )
    return True, None


def _version_parts(found: Any) -> Optional[tuple[int, ...]]:
    if isinstance(found, bool) or not isinstance(found, (int, str)):
        return None
    text = str(found).strip()
    if not re.fullmatch(r"\d+(\.\d+)*", text):
        return None
    return tuple(int(p) for p in text.split("."))


def any_of(markers: Iterable[str]) -> Optional[str]:
    """Markers joined with "or", each in parentheses (None when there are none)."""
    items = [m.strip() for m in markers if isinstance(m, str) and m.strip()]
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return " or ".join(f"({m})" for m in items)


def all_of(markers: Iterable[Optional[str]]) -> Optional[str]:
    """Markers joined with "and", each in parentheses (None when there are none)."""
    items = [m.strip() for m in markers if isinstance(m, str) and m.strip()]
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return " and ".join(f"({m})" for m in items)


def manifest_origins(manifest: Path) -> dict[str, Location]:
    """Name -> the line in ``manifest`` (a pyproject.toml next to the lockfile) that declares it.

    Empty when there is no readable manifest: the origin is a courtesy, never a finding.
    """
    if not manifest.is_file():
        return {}
    from ddlint.parsers import pyproject

    found: dict[str, Location] = {}
    for dependency in pyproject.parse(manifest).dependencies:
        found.setdefault(dependency.name, dependency.location)
    return found
