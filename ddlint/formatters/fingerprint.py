"""The identity of a finding that CI tools track it by, shared by every format that needs one:
SARIF's ``partialFingerprints`` and GitLab Code Quality's ``fingerprint``.

It hashes what the finding is about, not where it sits, so moving lines or re-locking a
version keeps it (see README "GitHub code scanning").
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from ddlint.formatters import repository_path
from ddlint.model import Diagnostic, shown
from ddlint.parsers.base import read_text, split_lines


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


def fingerprints(diagnostics: Sequence[Diagnostic], root: Path,
                 lines: Optional[SourceLines] = None) -> list[str]:
    """One fingerprint per diagnostic, in order.

    It hashes the code, the file (relative to ``root``, the repository's top), and what the
    finding is about: the package and the targeted Python and platform, or for a finding about
    no package the stripped text of its line. No line number and no version: moving lines or
    re-locking keeps it. Findings that share all of that are numbered in file order (``:1``,
    ``:2``), as GitHub's own fingerprints are.
    """
    lines = lines if lines is not None else SourceLines()
    seen: Counter[str] = Counter()
    result = []
    for diagnostic in diagnostics:
        loc = diagnostic.location
        subject = diagnostic.package
        if subject is None:
            subject = "line:" + " ".join((lines.get(loc.path, loc.line) or "").split())
        parts = (diagnostic.code, repository_path(loc.path, root), subject,
                 diagnostic.python or "", diagnostic.platform or "")
        # surrogateescape: a file name that is not UTF-8 hashes as its own bytes.
        digest = hashlib.sha256(
            "\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:16]
        seen[digest] += 1
        result.append(f"{digest}:{seen[digest]}")
    return result


def name_text(text: str) -> str:
    """A path or value for a report: ``ddlint.model.shown``, the one rendering every format
    uses (the bytes of a file name that is not UTF-8 as ``\\xNN``, control and bidi
    characters escaped), so a name reads the same in each and the report is valid UTF-8."""
    return shown(text)
