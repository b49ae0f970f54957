"""``--format junit``: JUnit XML, for the test reports of Jenkins, GitLab, Azure DevOps and
CircleCI.

One ``testsuite`` per dependency file (path from the repository's top), one ``testcase`` per
finding, carrying the ``file`` and ``line`` GitLab and Jenkins link to: a ``failure`` when it
counts toward the exit code (kept, at or above the fail level), a passing testcase with the
finding in ``system-out`` below it (as ruff and pytest keep output that is not a failure), and
``skipped`` (with its reason) when suppressed; a file without findings gets one passing
testcase. Built with ``xml.etree.ElementTree``; no time or host name, so the same inputs give
the same bytes. Characters XML 1.0 forbids are escaped by ``model.shown`` (each line of a body
apart, so its line breaks stay line breaks). Apart from ``file`` and ``line`` (which pytest's
``xunit1`` family writes too), it validates against the Jenkins JUnit schema
(tests/schemas/jenkins-junit.xsd).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from ddlint.formatters import repository_path, repository_root
from ddlint.formatters.fingerprint import name_text
from ddlint.model import Diagnostic

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from ddlint.engine import Report

# What XML 1.0 cannot hold: C0 controls other than tab, LF and CR; lone surrogates (none
# are left after name_text, which escapes controls too); U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CLEAN = "no findings"


def text(value: str) -> str:
    """A value for an attribute or element: rendered by ``name_text`` (``model.shown``: the
    bytes of a name that is not UTF-8 as ``\\xNN``, control characters escaped) line by line,
    so a line break of ddlint's own stays one; ElementTree escapes the rest."""
    return "\n".join(_NOT_XML.sub("", name_text(part)) for part in value.split("\n"))


def case_name(diagnostic: Diagnostic) -> str:
    """What the finding is about, not where: stable across moved lines, as CI test history
    tracks a testcase by its name."""
    subject = diagnostic.package or f"line {diagnostic.location.line}"
    for label, value in (("python", diagnostic.python), ("platform", diagnostic.platform)):
        if value:
            subject += f" ({label} {value})"
    return f"{diagnostic.code} {subject}"


def _body(diagnostic: Diagnostic, path: str) -> str:
    loc = diagnostic.location
    lines = [f"{path}:{loc.line}:{loc.column}: {diagnostic.code} {text(diagnostic.message)}",
             f"severity: {diagnostic.severity.label}"]
    if diagnostic.fix:
        lines.append(f"fix: {text(diagnostic.fix)}")
    return "\n".join(lines)


def _testcase(suite: Element, diagnostic: Diagnostic, path: str, fails: bool) -> None:
    from xml.etree.ElementTree import SubElement

    case = SubElement(suite, "testcase", {
        "name": text(case_name(diagnostic)), "classname": path, "file": path,
        "line": str(diagnostic.location.line)})
    if diagnostic.suppressed is not None:
        SubElement(case, "skipped").text = text("suppressed: " + diagnostic.suppressed.reason)
    elif fails:
        kind = f"{diagnostic.code} {diagnostic.name}".rstrip()
        SubElement(case, "failure", {"type": text(kind), "message": text(diagnostic.message)}
                   ).text = _body(diagnostic, path)
    else:  # below the fail level: reported, not failed
        SubElement(case, "system-out").text = _body(diagnostic, path)


def render(report: Report) -> str:
    from xml.etree.ElementTree import Element, SubElement, indent, tostring

    root = repository_root()
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for read in report.files:
        by_file[text(repository_path(read, root))]
    for diagnostic in report.diagnostics:  # sorted by the engine
        by_file[text(repository_path(diagnostic.location.path, root))].append(diagnostic)
    document = Element("testsuites", {"name": "ddlint", "tests": "0", "failures": "0",
                                      "errors": "0"})
    tests = failures = 0
    for name in sorted(by_file):
        found = by_file[name]
        failing = [report.fails(d) for d in found]
        skipped = sum(1 for d in found if d.suppressed is not None)
        suite = SubElement(document, "testsuite", {
            "name": name, "tests": str(max(len(found), 1)), "failures": str(sum(failing)),
            "errors": "0", "skipped": str(skipped)})
        if not found:
            SubElement(suite, "testcase", {"name": CLEAN, "classname": name})
        for diagnostic, fails in zip(found, failing):
            _testcase(suite, diagnostic, name, fails)
        tests += max(len(found), 1)
        failures += sum(failing)
    document.set("tests", str(tests))
    document.set("failures", str(failures))
    indent(document, "  ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + tostring(document, encoding="unicode") + "\n")
