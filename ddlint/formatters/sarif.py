"""``--format sarif``: SARIF 2.1.0 that GitHub code scanning ingests on the first upload.

One run, metadata for every rule, repository-relative URIs, a full region on every result and
fingerprints that survive a re-lock; see README "GitHub code scanning".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional
from urllib.parse import quote

from ddlint import HOMEPAGE, __version__
from ddlint.explain import explain as rule_markdown
from ddlint.explain import full_description, help_uri, plain, security_severity
from ddlint.formatters import json_text, repository_path, repository_root, sentence
from ddlint.formatters.fingerprint import fingerprints
from ddlint.identity import SourceLines as _Lines  # shared with --format gitlab
from ddlint.model import Diagnostic, Location, Severity, SuppressionKind, shown
from ddlint.rules import Rule, all_rules

if TYPE_CHECKING:
    from ddlint.engine import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# GitHub code scanning rejects a run with more results than this.
MAX_RESULTS = 25_000
# Stable whatever was linted: the upload's `category` (the Action's input) tells runs apart
# when a repository uploads several; GitHub replaces this id with it.
AUTOMATION_ID = "ddlint/"
# The key GitHub matches alerts by. Ours hashes what the finding is about, not the line's text
# or number, so a re-lock that rewrites the lines around an entry keeps its alerts.
FINGERPRINT = "primaryLocationLineHash"
URI_BASE = "%SRCROOT%"

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning",
                     Severity.INFO: "recommendation"}
_RESULT_PROPERTIES = (("package", "package"), ("version", "version"),
                      ("tracer_version", "tracerVersion"), ("python", "python"),
                      ("platform", "platform"), ("fix", "fix"),
                      ("facts_source", "factsSource"))


def uri(path: Path, root: Path) -> str:
    """A path as a relative URI reference below ``root``: ``/``-separated, percent-encoded."""
    # A name that is not UTF-8: its own bytes, percent-encoded.
    return quote(repository_path(path, root).encode("utf-8", "surrogateescape"), safe="/")


def region(location: Location, lines: _Lines, package: Optional[str] = None) -> dict[str, int]:
    """1-based start and end; the region runs over the entry: a quoted string (a TOML array
    item) to its closing quote, else to the end of the line's text (a trailing ``#`` comment
    and whitespace left out); over the package name when the line is not readable; and always
    over at least one character. ``endColumn`` is exclusive."""
    text = lines.get(location.path, location.line)
    if text is not None:
        end = _entry_end(text, location.column)
    else:
        end = location.column + len(package or " ")
    return {
        "startLine": location.line,
        "startColumn": location.column,
        "endLine": location.line,
        "endColumn": max(end, location.column + 1),
    }


def _entry_end(text: str, column: int) -> int:
    start = column - 1
    if 0 <= start < len(text) and text[start] in "\"'":
        close = text.find(text[start], start + 1)
        if close != -1:
            return close + 2
    return len(_without_comment(text, column).rstrip()) + 1


def _without_comment(text: str, column: int) -> str:
    # Requirements files and TOML both start a comment with "#" after whitespace.
    for index in range(max(column, 1), len(text)):
        if text[index] == "#" and text[index - 1] in " \t":
            return text[:index]
    return text


def _physical(location: Location, root: Path, lines: _Lines,
              package: Optional[str] = None) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": uri(location.path, root), "uriBaseId": URI_BASE}
    name = repository_path(location.path, root)
    if shown(name) != name:  # not UTF-8, or control characters: the name as other formats show it
        artifact["description"] = {"text": shown(name)}
    return {"artifactLocation": artifact, "region": region(location, lines, package)}


def rule_descriptor(entry: Rule) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "tags": list(entry.tags),
        "precision": "very-high",  # a comparison of pinned versions with published facts
        "problem.severity": _PROBLEM_SEVERITY[entry.severity],
    }
    score = security_severity(entry)
    if score is not None:
        properties["security-severity"] = score
        if "security" not in properties["tags"]:
            properties["tags"].append("security")
    return {
        "id": entry.code,
        "name": entry.name,
        "shortDescription": {"text": entry.summary},
        "fullDescription": {"text": full_description(entry)},
        "help": {"text": plain(entry), "markdown": rule_markdown(entry)},
        "helpUri": help_uri(entry),
        "defaultConfiguration": {"level": _LEVELS[entry.severity]},
        "properties": properties,
    }


def _result(diagnostic: Diagnostic, rule_index: int, fingerprint: str, root: Path,
            lines: _Lines) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": _LEVELS[diagnostic.severity],
        "message": {"text": sentence(diagnostic)},
        "locations": [{"physicalLocation": _physical(
            diagnostic.location, root, lines, diagnostic.package)}],
        "partialFingerprints": {FINGERPRINT: fingerprint},
    }
    if diagnostic.related:
        where = f"where {diagnostic.package} is declared" if diagnostic.package else "related"
        result["relatedLocations"] = [
            {"id": number, "physicalLocation": _physical(related, root, lines),
             "message": {"text": where}}
            for number, related in enumerate(diagnostic.related, start=1)
        ]
    if diagnostic.suppressed is not None:
        suppressed = diagnostic.suppressed
        kind = "inSource" if suppressed.kind is SuppressionKind.INLINE else "external"
        result["suppressions"] = [
            {"kind": kind, "status": "accepted", "justification": suppressed.reason}
        ]
    if diagnostic.edits and diagnostic.applicability is not None:
        result["fixes"] = [_fix(diagnostic, root)]
    properties = {key: getattr(diagnostic, attr) for attr, key in _RESULT_PROPERTIES
                  if getattr(diagnostic, attr) is not None}
    if properties:
        result["properties"] = properties
    return result


def _fix(diagnostic: Diagnostic, root: Path) -> dict[str, Any]:
    """The finding's automatic fix: its edits as replacements, grouped by file."""
    changes: dict[str, list[dict[str, Any]]] = {}
    for edit in diagnostic.edits:
        changes.setdefault(uri(Path(edit.path), root), []).append({
            "deletedRegion": {"startLine": edit.line, "startColumn": edit.column,
                              "endLine": edit.end_line, "endColumn": edit.end_column},
            "insertedContent": {"text": edit.content},
        })
    description = diagnostic.fix or "apply ddlint's fix"
    if diagnostic.applicability == "unsafe" and diagnostic.unsafe_reason:
        description += f" (unsafe: {diagnostic.unsafe_reason})"
    return {
        "description": {"text": description},
        "artifactChanges": [
            {"artifactLocation": {"uri": where, "uriBaseId": URI_BASE}, "replacements": edits}
            for where, edits in changes.items()
        ],
        "properties": {"applicability": diagnostic.applicability},
    }


def _keep(diagnostics: Sequence[Diagnostic], limit: int) -> tuple[set[int], Counter[str]]:
    """The indexes of the results to write: past ``limit``, the active and most severe first;
    and what was left out, counted by code."""
    if len(diagnostics) <= limit:
        return set(range(len(diagnostics))), Counter()
    order = sorted(range(len(diagnostics)), key=lambda i: (
        diagnostics[i].suppressed is not None, -diagnostics[i].severity, i))
    kept = set(order[:limit])
    omitted = Counter(diagnostics[i].code for i in order[limit:])
    return kept, omitted


def _notifications(notes: Iterable[str], omitted: Counter[str]) -> list[dict[str, Any]]:
    out = [{"level": "note", "message": {"text": note}} for note in notes]
    if omitted:
        by_code = ", ".join(f"{code} {count}" for code, count in sorted(omitted.items()))
        out.append({"level": "warning", "message": {"text": (
            f"{sum(omitted.values())} results were left out: GitHub code scanning accepts at "
            f"most {MAX_RESULTS} per run, so the most severe were kept (left out by rule: "
            f"{by_code}). Run ddlint with another format to see them all."
        )}})
    return out


def render(report: Report) -> str:
    rules = all_rules()
    descriptors = [rule_descriptor(entry) for entry in rules]
    index = {entry.code: number for number, entry in enumerate(rules)}
    for code in sorted({d.code for d in report.diagnostics} - set(index)):
        # Not expected: every code has a Rule. Still give the result a rule to point at.
        index[code] = len(descriptors)
        descriptors.append({"id": code, "shortDescription": {"text": code}})
    root = repository_root()
    lines = report.lines or _Lines()
    diagnostics = report.diagnostics
    prints = fingerprints(diagnostics, root, lines)
    kept, omitted = _keep(diagnostics, MAX_RESULTS)
    results = [_result(d, index[d.code], prints[i], root, lines)
               for i, d in enumerate(diagnostics) if i in kept]

    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "ddlint",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": HOMEPAGE,
            "rules": descriptors,
        }},
        "automationDetails": {"id": AUTOMATION_ID},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    notifications = _notifications(report.notes, omitted)
    if notifications:
        run["invocations"] = [
            {"executionSuccessful": True, "toolExecutionNotifications": notifications}
        ]
    if omitted:
        run["properties"] = {"omittedResults": sum(omitted.values()),
                             "omittedResultsByRule": dict(sorted(omitted.items()))}
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(document)
