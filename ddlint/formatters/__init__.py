"""Output formats: interchangeable views of one ``Report``.

A format is a module here with ``render(report: Report) -> str`` and one row in
``OUTPUT_FORMATS``; ``--format`` offers the rows' names, and a module is imported only when
chosen. ``FORMATS`` maps each name to its module.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ddlint.records import dataclass

# Where CI tools resolve paths from; here for the formats' use.
from ddlint.repository import repository_path, repository_root

if TYPE_CHECKING:
    from ddlint.engine import Report
    from ddlint.model import Diagnostic

__all__ = ["OUTPUT_FORMATS", "RenderOptions", "display_path", "render", "repository_path",
           "repository_root", "summary"]



@dataclass(frozen=True)
class OutputFormat:
    """One ``--format``: its name and the module (and function) that renders it."""

    name: str
    module: str
    # Whether it is a text view for a person, whose function also takes the terminal's
    # options (``colour=``, ``statistics=``, ``quiet=``).
    takes_options: bool = False
    function: str = "render"


OUTPUT_FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("text", "ddlint.formatters.text", takes_options=True),
    # ruff's two text views: one line per finding; the finding with its source line and fix.
    OutputFormat("concise", "ddlint.formatters.text", takes_options=True,
                 function="render_concise"),
    OutputFormat("full", "ddlint.formatters.text", takes_options=True, function="render_full"),
    OutputFormat("json", "ddlint.formatters.json"),
    OutputFormat("sarif", "ddlint.formatters.sarif"),
    OutputFormat("github", "ddlint.formatters.github"),
    OutputFormat("gitlab", "ddlint.formatters.gitlab"),
    OutputFormat("junit", "ddlint.formatters.junit"),
)
FORMATS = {row.name: row.module for row in OUTPUT_FORMATS}
# The text views, for a person: what --quiet and colour change.
TEXT_VIEWS = tuple(row.name for row in OUTPUT_FORMATS if row.takes_options)
DEFAULT = "text"
# What the terminal shows when the report goes to a file (--output).
TERMINAL = "text"


@dataclass(frozen=True)
class RenderOptions:
    """What the terminal asks of a format that takes options; a file gets the defaults."""

    colour: bool = False
    statistics: bool = False
    quiet: bool = False  # the findings only: no notes, no summary line


_DEFAULTS = RenderOptions()


def render(name: str, report: Report, options: RenderOptions = _DEFAULTS) -> str:
    """``report`` in format ``name``."""
    row = next(row for row in OUTPUT_FORMATS if row.name == name)
    function = getattr(importlib.import_module(row.module), row.function)
    rendered: str
    if row.takes_options:
        rendered = function(report, colour=options.colour, statistics=options.statistics,
                            quiet=options.quiet)
    else:
        rendered = function(report)
    return rendered


def renderer(name: str) -> Callable[[Report], str]:
    row = next(row for row in OUTPUT_FORMATS if row.name == name)
    render: Callable[[Report], str] = getattr(importlib.import_module(row.module), row.function)
    return render


def display_path(path: Path) -> str:
    """A path as findings show it: relative to the current folder where possible, with ``/``,
    rendered by ``model.shown`` (the same in every format)."""
    from ddlint.model import shown

    text = os.fspath(path)
    if os.path.isabs(text):
        with contextlib.suppress(ValueError):  # another drive on Windows
            text = os.path.relpath(text)
    return shown(Path(text).as_posix())


def json_text(document: object) -> str:
    """A JSON report: indented, UTF-8 as it is, but whatever a terminal or a CI log would act
    on (the characters ``model.shown`` escapes, and the ``[`` of ``##[``) written as a JSON
    ``\\uXXXX`` escape. Lossless: a JSON reader gets every value back exactly."""
    import json

    from ddlint.model import HAZARD

    text = json.dumps(document, indent=2, ensure_ascii=False)
    # A raw line break here is the indentation's: json.dumps escapes those inside strings.
    return HAZARD.sub(lambda found: found.group() if found.group() == "\n"
                      else f"\\u{ord(found.group()):04x}", text) + "\n"


def summary(report: Report) -> dict[str, object]:
    """Counts every format reports: files, dependencies, findings by severity, suppressed."""
    active = report.active
    by_severity = Counter(d.severity.label for d in active)
    counts: dict[str, object] = {
        "files": len(report.files),
        "dependencies": report.dependency_count,
        "findings": len(active),
        "errors": by_severity.get("error", 0),
        "warnings": by_severity.get("warning", 0),
        "infos": by_severity.get("info", 0),
        "suppressed": len(report.suppressed),
        "by_code": dict(sorted(Counter(d.code for d in active).items())),
    }
    if report.baseline_fixed:  # a baseline is in use: its entries that matched nothing
        counts["baseline_fixed"] = sum(len(fixed.entries) for fixed in report.baseline_fixed)
    return counts


def sentence(diagnostic: Diagnostic) -> str:
    """The message as one sentence, its fix after it: what SARIF and GitLab show."""
    text = diagnostic.message.rstrip()
    if not text.endswith("."):
        text += "."
    if diagnostic.fix:
        text += f" Fix: {diagnostic.fix}"
    return text
