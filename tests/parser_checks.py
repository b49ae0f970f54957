"""Checks the parser tests share: every locked entry points at its own ``name`` line."""

from __future__ import annotations

import re
from pathlib import Path

from ddlint.environment import _holds
from ddlint.model import DependencyFile, normalize_name

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def assert_at_name_lines(file: DependencyFile) -> None:
    """Each dependency's location is a ``name = "..."`` line naming that dependency, at the
    column of ``name``; and no two entries share a line."""
    lines = file.path.read_text(encoding="utf-8").splitlines()
    seen: set[int] = set()
    for dependency in file.dependencies:
        where = dependency.location
        assert where.path == file.path
        text = lines[where.line - 1]
        match = re.match(r'\s*name\s*=\s*["\']([^"\']+)["\']', text)
        assert match, f"{dependency.name}: line {where.line} is {text!r}"
        assert normalize_name(match.group(1)) == dependency.name
        assert where.column == len(text) - len(text.lstrip()) + 1
        assert where.line not in seen
        seen.add(where.line)


def applies(marker: str | None, python: str, platform: str = "linux-x86_64") -> bool:
    """Whether a dependency with ``marker`` is installed on CPython ``python``."""
    return marker is None or _holds(marker, python, platform)
