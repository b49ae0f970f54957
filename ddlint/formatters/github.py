"""``--format github``: GitHub Actions workflow commands, so findings annotate pull requests
without code scanning (``::error file=...,line=...,col=...,title=...::message``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ddlint.formatters import repository_path, repository_root
from ddlint.model import Diagnostic, Severity

if TYPE_CHECKING:
    from pathlib import Path

    from ddlint.engine import Report

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A command's message: ``%``, CR and LF are percent-encoded (GitHub's toolkit rules)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: as a message, and ``:`` and ``,`` too, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(diagnostic: Diagnostic, title: str, root: Path) -> str:
    loc = diagnostic.location
    properties = {
        # Annotations are placed by the path from the repository's top (the workspace).
        "file": repository_path(loc.path, root),
        "line": str(loc.line),
        "col": str(loc.column),
        "title": title,
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = diagnostic.message
    if diagnostic.fix:
        message += f"\nfix: {diagnostic.fix}"
    return f"::{_COMMANDS[diagnostic.severity]} {joined}::{escape_data(message)}"


def render(report: Report) -> str:
    from ddlint.formatters.text import summary_line

    root = repository_root()
    out = [command(d, f"{d.code} {d.name}".rstrip(), root)
           for d in report.active]  # a suppressed finding is not annotated
    out.extend(f"::notice title=ddlint::{escape_data(note)}" for note in report.notes)
    out.append(summary_line(report))
    return "\n".join(out) + "\n"
