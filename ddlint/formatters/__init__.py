"""Output formats: interchangeable views of one ``Report``.

A format is a module here with ``render(report: Report) -> str``; ``FORMATS`` maps the
``--format`` name to it, imported only when chosen.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

if TYPE_CHECKING:
    from ddlint.engine import Report

FORMATS = {
    "text": "ddlint.formatters.text",
    "json": "ddlint.formatters.json",
    "sarif": "ddlint.formatters.sarif",
    "github": "ddlint.formatters.github",
    "gitlab": "ddlint.formatters.gitlab",
    "junit": "ddlint.formatters.junit",
}


def renderer(name: str) -> Callable[[Report], str]:
    module = importlib.import_module(FORMATS[name])
    render: Callable[[Report], str] = module.render
    return render


def display_path(path: Path) -> str:
    """A path as findings show it: relative to the current folder where possible, with ``/``."""
    text = os.fspath(path)
    if os.path.isabs(text):
        with contextlib.suppress(ValueError):  # another drive on Windows
            text = os.path.relpath(text)
    return Path(text).as_posix()


def repository_root(start: Optional[Path] = None) -> Path:
    """The git work tree's top above ``start`` (default: the current folder), found by looking
    for ``.git`` (a folder, or a file in worktrees and submodules) without running git; else
    ``start`` itself. CI tools resolve file paths against it."""
    from ddlint.repository import enclosing_repository

    folder = Path(os.path.abspath(start if start is not None else os.curdir))
    return enclosing_repository(folder) or folder


def repository_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root``, ``/``-separated (``..`` segments when it lies outside)."""
    absolute = os.path.abspath(path)
    try:
        return Path(os.path.relpath(absolute, root)).as_posix()
    except ValueError:  # another drive on Windows: nothing relative exists
        return Path(absolute).as_posix()


def summary(report: Report) -> dict[str, object]:
    """Counts every format reports: files, dependencies, findings by severity, suppressed."""
    active = report.active
    by_severity = Counter(d.severity.label for d in active)
    return {
        "files": len(report.files),
        "dependencies": report.dependency_count,
        "findings": len(active),
        "errors": by_severity.get("error", 0),
        "warnings": by_severity.get("warning", 0),
        "infos": by_severity.get("info", 0),
        "suppressed": len(report.suppressed),
        "by_code": dict(sorted(Counter(d.code for d in active).items())),
    }
