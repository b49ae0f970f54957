"""``--format junit``: JUnit XML, for the test reports of Jenkins, GitLab, Azure DevOps and
CircleCI.

One ``testsuite`` per dependency file (path from the repository's top), one ``testcase`` per
finding: a ``failure`` when it is active, ``skipped`` (with its reason) when suppressed; a file
without findings gets one passing testcase. No time or host name, so the same inputs give the
same bytes. Text is XML-escaped and characters XML 1.0 forbids (control characters) are
dropped; it validates against the Jenkins JUnit schema (tests/schemas/jenkins-junit.xsd).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from ddlint.formatters import repository_path, repository_root
from ddlint.formatters.fingerprint import name_text
from ddlint.model import Diagnostic

if TYPE_CHECKING:
    from ddlint.engine import Report

# What XML 1.0 cannot hold: C0 controls other than tab, LF and CR; lone surrogates (none
# are left after name_text); U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# In an attribute, quotes too, and white space a parser would otherwise normalise away.
_ATTRIBUTE = {**_TEXT, '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
_TEXT_SPECIAL = re.compile("[&<>]")
_ATTRIBUTE_SPECIAL = re.compile("[&<>\"\n\r\t]")
CLEAN = "no findings"


def text(value: str) -> str:
    """Element content: the bytes of a name that is not UTF-8 as ``\\xNN``, control characters
    dropped, ``& < >`` escaped; CR as a reference, so that it survives parsing."""
    value = _NOT_XML.sub("", name_text(value))
    return _TEXT_SPECIAL.sub(lambda m: _TEXT[m.group()], value).replace("\r", "&#13;")


def attribute(value: str) -> str:
    value = _NOT_XML.sub("", name_text(value))
    return _ATTRIBUTE_SPECIAL.sub(lambda m: _ATTRIBUTE[m.group()], value)


def case_name(diagnostic: Diagnostic) -> str:
    """What the finding is about, not where: stable across moved lines, as CI test history
    tracks a testcase by its name."""
    subject = diagnostic.package or f"line {diagnostic.location.line}"
    for label, value in (("python", diagnostic.python), ("platform", diagnostic.platform)):
        if value:
            subject += f" ({label} {value})"
    return f"{diagnostic.code} {subject}"


def _testcase(diagnostic: Diagnostic, path: str) -> list[str]:
    loc = diagnostic.location
    head = (f'    <testcase name="{attribute(case_name(diagnostic))}" '
            f'classname="{attribute(path)}">')
    if diagnostic.suppressed is not None:
        reason = text("suppressed: " + diagnostic.suppressed.reason)
        return [head, f"      <skipped>{reason}</skipped>", "    </testcase>"]
    body = (f"{path}:{loc.line}:{loc.column}: {diagnostic.code} {diagnostic.message}\n"
            f"severity: {diagnostic.severity.label}")
    if diagnostic.fix:
        body += f"\nfix: {diagnostic.fix}"
    kind = f"{diagnostic.code} {diagnostic.name}".rstrip()
    return [head,
            f'      <failure type="{attribute(kind)}" message="{attribute(diagnostic.message)}">'
            f"{text(body)}</failure>",
            "    </testcase>"]


def render(report: Report) -> str:
    root = repository_root()
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for read in report.files:
        by_file[repository_path(read, root)]
    for diagnostic in report.diagnostics:  # sorted by the engine
        by_file[repository_path(diagnostic.location.path, root)].append(diagnostic)
    suites: list[str] = []
    totals = {"tests": 0, "failures": 0}
    for name in sorted(by_file):
        found = by_file[name]
        failures = sum(1 for d in found if d.suppressed is None)
        skipped = len(found) - failures
        tests = max(len(found), 1)
        totals["tests"] += tests
        totals["failures"] += failures
        suites.append(f'  <testsuite name="{attribute(name)}" tests="{tests}" '
                      f'failures="{failures}" errors="0" skipped="{skipped}">')
        if not found:
            suites.append(f'    <testcase name="{CLEAN}" classname="{attribute(name)}"/>')
        for diagnostic in found:
            suites.extend(_testcase(diagnostic, name))
        suites.append("  </testsuite>")
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="ddlint" tests="{totals["tests"]}" '
        f'failures="{totals["failures"]}" errors="0">',
        *suites,
        "</testsuites>",
        "",
    ])
