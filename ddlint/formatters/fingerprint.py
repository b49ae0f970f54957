"""The identity of a finding that CI tools track it by, shared by every format that needs one:
SARIF's ``partialFingerprints`` and GitLab Code Quality's ``fingerprint``.

It hashes what the finding is about, not where it sits, so moving lines or re-locking a
version keeps it (see README "GitHub code scanning").
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from ddlint.identity import SourceLines, identity
from ddlint.model import Diagnostic


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
        parts = identity(diagnostic, root, lines)
        # surrogateescape: a file name that is not UTF-8 hashes as its own bytes.
        digest = hashlib.sha256(
            "\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:16]
        seen[digest] += 1
        result.append(f"{digest}:{seen[digest]}")
    return result


def name_text(text: str) -> str:
    """A path for a report that must be valid UTF-8 (GitLab's JSON, JUnit's XML): the bytes of
    a file name that is not UTF-8 (decoded by Python as lone surrogates) shown as ``\\xNN``."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
