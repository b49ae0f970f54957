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
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ddlint.engine import Report

FORMATS = {
    "text": "ddlint.formatters.text",
    "json": "ddlint.formatters.json",
    "sarif": "ddlint.formatters.sarif",
    "github": "ddlint.formatters.github",
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
