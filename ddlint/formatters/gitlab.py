"""``--format gitlab``: a GitLab Code Quality report (``artifacts: reports: codequality``).

An array of Code Climate issues as GitLab reads them: ``description``, ``check_name``,
``fingerprint``, ``severity`` and ``location`` (``path`` from the repository's top, ``lines``).
One issue per finding that is not suppressed; the fingerprint is SARIF's
(``ddlint.formatters.fingerprint``), so it survives moving lines and re-locking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ddlint.formatters import json_text, repository_path, repository_root, sentence
from ddlint.formatters.fingerprint import fingerprints, name_text
from ddlint.identity import SourceLines
from ddlint.model import Diagnostic, Severity
from ddlint.rules import all_rules

if TYPE_CHECKING:
    from pathlib import Path

    from ddlint.engine import Report

# GitLab's scale is info < minor < major < critical < blocker. ddlint has nothing above
# error, so blocker stays unused: an error (the traced code breaks or goes untraced) is
# critical, a warning major, an info finding info.
SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}


def issue(diagnostic: Diagnostic, name: str, fingerprint: str, root: Path,
          security: bool) -> dict[str, Any]:
    line = diagnostic.location.line
    categories = ["Compatibility"] + (["Security"] if security else [])
    return {
        "type": "issue",
        "description": name_text(f"{diagnostic.code} {sentence(diagnostic)}"),
        "check_name": f"{diagnostic.code} {name}".rstrip(),
        "fingerprint": fingerprint,
        "severity": SEVERITIES[diagnostic.severity],
        "categories": categories,
        "location": {
            "path": name_text(repository_path(diagnostic.location.path, root)),
            "lines": {"begin": line, "end": line},
        },
    }


def render(report: Report) -> str:
    rules = {entry.code: entry for entry in all_rules()}
    root = repository_root()
    diagnostics = report.diagnostics
    # Numbered over every finding, suppressed ones too, exactly as SARIF numbers them.
    prints = fingerprints(diagnostics, root, report.lines or SourceLines())
    issues = []
    for diagnostic, fingerprint in zip(diagnostics, prints):
        if diagnostic.suppressed is not None:
            continue
        entry = rules.get(diagnostic.code)
        issues.append(issue(diagnostic, diagnostic.name, fingerprint, root,
                            entry is not None and "security" in entry.tags))
    return json_text(issues)
