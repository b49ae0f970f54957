"""``--format text``: ``path:line:col: CODE message`` for people, and a summary line."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

from ddlint.formatters import display_path, summary
from ddlint.model import Diagnostic, Severity

if TYPE_CHECKING:
    from ddlint.engine import Report

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def use_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, never with ``NO_COLOR`` set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if colour else text


def line(diagnostic: Diagnostic, colour: bool = False) -> str:
    loc = diagnostic.location
    where = _paint(f"{display_path(loc.path)}:{loc.line}:{loc.column}:", "1", colour)
    code = _paint(diagnostic.code, _COLOURS[diagnostic.severity], colour)
    text = f"{where} {code} {diagnostic.message}"
    if diagnostic.fix:
        text += f"\n    fix: {diagnostic.fix}"
    return text


def summary_line(report: Report) -> str:
    counts = summary(report)
    files = counts["files"]
    deps = counts["dependencies"]
    seen = (f"{files} file{'s' if files != 1 else ''}, "
            f"{deps} dependenc{'ies' if deps != 1 else 'y'} checked")
    findings = counts["findings"]
    if not findings:
        result = "no findings"
    else:
        parts = [_plural(counts[key], label) for key, label in
                 (("errors", "error"), ("warnings", "warning"), ("infos", "info"))
                 if counts[key]]
        result = f"{findings} finding{'s' if findings != 1 else ''} ({', '.join(parts)})"
    if counts["suppressed"]:
        result += f", {counts['suppressed']} suppressed"
    if counts.get("baseline_fixed"):
        result += f", {counts['baseline_fixed']} fixed since the baseline"
    return f"{seen}: {result}"


def _plural(count: object, word: str) -> str:
    return f"{count} {word}{'' if count == 1 or word == 'info' else 's'}"


def render(report: Report, colour: bool = False, statistics: bool = False) -> str:
    out = [line(d, colour) for d in report.active]
    if statistics:
        by_code = summary(report)["by_code"]
        assert isinstance(by_code, dict)
        names = {d.code: d.name for d in report.active}
        out.extend(f"{count:5d}  {code}  {names.get(code, '')}".rstrip()
                   for code, count in by_code.items())
    out.extend(f"note: {note}" for note in report.notes)
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


def render_stream(report: Report, stream: TextIO = sys.stdout, statistics: bool = False) -> str:
    return render(report, colour=use_colour(stream), statistics=statistics)
