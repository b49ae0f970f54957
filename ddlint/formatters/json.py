"""``--format json``: one object, the contract in DESIGN.md (``"version": 1``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ddlint import __version__
from ddlint.formatters import display_path, json_text, summary
from ddlint.model import Diagnostic

if TYPE_CHECKING:
    from ddlint.engine import Report

_OPTIONAL = ("package", "version", "tracer_version", "python", "platform", "fix",
             "facts_source")


def diagnostic_object(diagnostic: Diagnostic) -> dict[str, Any]:
    loc = diagnostic.location
    item: dict[str, Any] = {
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity.label,
        "message": diagnostic.message,
        "path": display_path(loc.path),
        "line": loc.line,
        "column": loc.column,
    }
    for key in _OPTIONAL:
        value = getattr(diagnostic, key)
        if value is not None:
            item[key] = value
    if diagnostic.edits and diagnostic.applicability is not None:
        item["applicability"] = diagnostic.applicability
        item["edits"] = [
            {"path": display_path(Path(e.path)), "line": e.line, "column": e.column,
             "end_line": e.end_line, "end_column": e.end_column, "content": e.content}
            for e in diagnostic.edits
        ]
    if diagnostic.groups:
        item["groups"] = list(diagnostic.groups)
    if diagnostic.related:
        item["related"] = [
            {"path": display_path(r.path), "line": r.line, "column": r.column}
            for r in diagnostic.related
        ]
    if diagnostic.suppressed is not None:
        item["suppressed"] = True
        item["suppression_reason"] = diagnostic.suppressed.reason
    return item


def render(report: Report) -> str:
    document = {
        "version": 1,
        "tool": {"name": "ddlint", "version": __version__},
        "as_of": report.settings.today.isoformat(),
        "diagnostics": [diagnostic_object(d) for d in report.diagnostics],
        "summary": summary(report),
        "notes": list(report.notes),
    }
    if report.baseline_fixed:
        document["baseline"] = {"fixed": [
            {"baseline": display_path(fixed.path), **entry.as_json()}
            for fixed in report.baseline_fixed for entry in fixed.entries
        ]}
    return json_text(document)
