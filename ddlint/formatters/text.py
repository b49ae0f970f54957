"""The text views for people: ``--format text`` (``path:line:col: CODE message``, its fix on
the next line), ``concise`` (one line per finding) and ``full`` (also the source line it is
about), each with notes and a summary line unless quiet."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Optional, TextIO

from ddlint.formatters import display_path, summary
from ddlint.model import Diagnostic, Severity, shown

if TYPE_CHECKING:
    from pathlib import Path

    from ddlint.engine import Report

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def use_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, never with ``NO_COLOR`` set (no-color.org); ``FORCE_COLOR``
    (set, and not ``0``) colours a pipe too, for CI logs that render it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if colour else text


def line(diagnostic: Diagnostic, colour: bool = False, fix: bool = True) -> str:
    loc = diagnostic.location
    where = _paint(f"{display_path(loc.path)}:{loc.line}:{loc.column}:", "1", colour)
    code = _paint(diagnostic.code, _COLOURS[diagnostic.severity], colour)
    marker = " [*]" if diagnostic.edits and diagnostic.applicability == "safe" else ""
    text = f"{where} {code}{marker} {shown(diagnostic.message)}"
    if diagnostic.fix and fix:
        text += f"\n    fix: {shown(diagnostic.fix)}"
    return text


def framed(diagnostic: Diagnostic, source: Optional[str], colour: bool = False) -> str:
    """ruff's full view: the finding, the source line it is about (numbered, the finding's
    column onwards underlined), its fix, and its rule's name."""
    out = [line(diagnostic, colour, fix=False)]
    number = str(diagnostic.location.line)
    gutter = " " * len(number)
    if source is not None:
        column = max(diagnostic.location.column, 1)
        marks = _paint("^" * max(len(source.rstrip()) - column + 1, 1),
                       _COLOURS[diagnostic.severity], colour)
        out += [f"{gutter} |", f"{number} | {shown(source.rstrip())}",
                f"{gutter} | {' ' * (column - 1)}{marks} {diagnostic.name}".rstrip()]
    if diagnostic.fix:
        out.append(f"{gutter} = fix: {shown(diagnostic.fix)}")
    if diagnostic.edits and diagnostic.applicability != "safe":
        out.append(f"{gutter} = note: unsafe fix (--unsafe-fixes): "
                   f"{shown(diagnostic.unsafe_reason or '')}".rstrip(": "))
    return "\n".join(out) + "\n"


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
    fixable = [d for d in report.active if d.edits]
    if fixable:
        safe = sum(1 for d in fixable if d.applicability == "safe")
        # As ruff says it: [*] marks what --fix fixes; --unsafe-fixes fixes the others too.
        said = [f"[*] {safe} fixable with --fix"] if safe else []
        if len(fixable) > safe:
            said.append(f"{len(fixable)} with --unsafe-fixes" if safe else
                        f"{len(fixable)} fixable with --unsafe-fixes")
        result += "; " + ", ".join(said)
    return f"{seen}: {result}"


def _plural(count: object, word: str) -> str:
    return f"{count} {word}{'' if count == 1 or word == 'info' else 's'}"


def render(report: Report, colour: bool = False, statistics: bool = False,
           quiet: bool = False) -> str:
    return _view([line(d, colour) for d in report.active], report, statistics, quiet)


def render_concise(report: Report, colour: bool = False, statistics: bool = False,
                   quiet: bool = False) -> str:
    """One line per finding (what an editor's or grep's matcher reads), no fix lines."""
    return _view([line(d, colour, fix=False) for d in report.active], report, statistics, quiet)


def render_full(report: Report, colour: bool = False, statistics: bool = False,
                quiet: bool = False) -> str:
    """Each finding with the source line it is about, its fix and its rule."""
    sources = _source_lines(report.active)
    return _view([framed(d, sources.get((d.location.path, d.location.line)), colour)
                  for d in report.active], report, statistics, quiet)


def _source_lines(found: Sequence[Diagnostic]) -> dict[tuple[Path, int], str]:
    """The text of each line a finding is on, from the bytes the run read (``ddlint.reading``
    keeps them for the run); a file that cannot be read again gives none."""
    from ddlint import reading

    lines: dict[tuple[Path, int], str] = {}
    for path in dict.fromkeys(d.location.path for d in found):
        try:
            text = reading.read_text(path).splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number in {d.location.line for d in found if d.location.path == path}:
            if 0 < number <= len(text):
                lines[(path, number)] = text[number - 1]
    return lines


def _view(out: list[str], report: Report, statistics: bool, quiet: bool) -> str:
    if statistics:
        by_code = summary(report)["by_code"]
        assert isinstance(by_code, dict)
        names = {d.code: d.name for d in report.active}
        out.extend(f"{count:5d}  {code}  {names.get(code, '')}".rstrip()
                   for code, count in by_code.items())
    if not quiet:
        out.extend(f"note: {shown(note)}" for note in report.notes)
        out.append(summary_line(report))
    return "".join(f"{text}\n" for text in out)
