"""What a finding is about, not where it sits: the identity that SARIF's and GitLab's
fingerprints hash and the baseline keeps (``ddlint.formatters.fingerprint``,
``ddlint.baseline``)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Optional

from ddlint.model import Diagnostic
from ddlint.parsers.base import read_text, split_lines
from ddlint.repository import repository_path


class SourceLines:
    """The text of the lines findings point at, each file read once (in a run, the bytes the
    parse read: ``reading``'s session)."""

    def __init__(self) -> None:
        self._files: dict[str, list[str]] = {}
        self._kept: Optional[dict[tuple[str, int], Optional[str]]] = None

    def keep(self, places: Iterable[tuple[Path, int]]) -> SourceLines:
        """Read now the lines at ``places`` (in a run: from the bytes the parse read) and keep
        only those: what a report's formats and the baseline ask for later, with nothing
        opened then. Returns itself."""
        wanted: dict[str, set[int]] = {}
        for path, line in places:
            wanted.setdefault(os.path.abspath(path), set()).add(line)
        kept: dict[tuple[str, int], Optional[str]] = {}
        for key, numbers in wanted.items():
            text, _ = read_text(Path(key))  # as the parsers read it (see get)
            found = _lines_at(text or "", numbers)
            kept.update(((key, number), found.get(number)) for number in numbers)
        self._files.clear()
        self._kept = kept
        return self

    def get(self, path: Path, line: int) -> Optional[str]:
        key = os.path.abspath(path)
        if self._kept is not None and (key, line) in self._kept:
            return self._kept[(key, line)]
        if key not in self._files:
            # As the parsers read it (BOM, line endings, bad bytes, named pipes); a file that
            # cannot be read has no lines here, and a DDL001 of its own.
            text, _ = read_text(Path(key))
            self._files[key] = split_lines(text or "")
        lines = self._files[key]
        return lines[line - 1] if 0 < line <= len(lines) else None


def _lines_at(text: str, numbers: set[int]) -> dict[int, str]:
    """The lines ``numbers`` of ``text`` as ``split_lines`` gives them, found by one walk from
    line break to line break up to the last one asked for (a 50 MB lock is not split whole)."""
    found: dict[int, str] = {}
    last = max(numbers, default=0)
    start, number = 0, 1
    while number <= last:
        end = text.find("\n", start)
        if number in numbers:
            line = text[start:] if end < 0 else text[start:end]
            found[number] = line[:-1] if end >= 0 and line.endswith("\r") else line
        if end < 0:
            break
        start, number = end + 1, number + 1
    return found


def with_line_text(diagnostics: Iterable[Diagnostic], lines: SourceLines) -> list[Diagnostic]:
    """The findings with the text of their line (``Diagnostic.line_text``; "" for a line that
    cannot be read)."""
    from ddlint.records import replace

    return [replace(d, line_text=lines.get(d.location.path, d.location.line) or "")
            if d.line_text is None else d for d in diagnostics]


def identity(diagnostic: Diagnostic, root: Path,
             lines: SourceLines) -> tuple[str, str, str, str, str]:
    """What a finding is about, not where it sits: (code, file from ``root``, subject, python,
    platform). The subject is the package, or for a finding about no package ``line:`` and
    the line's text with its white space collapsed."""
    loc = diagnostic.location
    subject = diagnostic.package
    if subject is None:
        text = diagnostic.line_text
        if text is None:  # a finding made outside a run (the engine sets it)
            text = lines.get(loc.path, loc.line) or ""
        subject = "line:" + " ".join(text.split())
    return (diagnostic.code, repository_path(loc.path, root), subject,
            diagnostic.python or "", diagnostic.platform or "")
