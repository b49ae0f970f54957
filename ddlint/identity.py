"""What a finding is about, not where it sits: the identity that SARIF's and GitLab's
fingerprints hash and the baseline keeps (``ddlint.formatters.fingerprint``,
``ddlint.baseline``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from ddlint.model import Diagnostic
from ddlint.parsers.base import read_text, split_lines
from ddlint.repository import repository_path


class SourceLines:
    """The text of the lines findings point at, each file read once."""

    def __init__(self) -> None:
        self._files: dict[str, list[str]] = {}

    def get(self, path: Path, line: int) -> Optional[str]:
        key = os.path.abspath(path)
        if key not in self._files:
            # As the parsers read it (BOM, line endings, bad bytes, named pipes); a file that
            # cannot be read has no lines here, and a DDL001 of its own.
            text, _ = read_text(Path(key))
            self._files[key] = split_lines(text or "")
        lines = self._files[key]
        return lines[line - 1] if 0 < line <= len(lines) else None


def identity(diagnostic: Diagnostic, root: Path,
             lines: SourceLines) -> tuple[str, str, str, str, str]:
    """What a finding is about, not where it sits: (code, file from ``root``, subject, python,
    platform). The subject is the package, or for a finding about no package ``line:`` and
    the line's text with its white space collapsed."""
    loc = diagnostic.location
    subject = diagnostic.package
    if subject is None:
        subject = "line:" + " ".join((lines.get(loc.path, loc.line) or "").split())
    return (diagnostic.code, repository_path(loc.path, root), subject,
            diagnostic.python or "", diagnostic.platform or "")
