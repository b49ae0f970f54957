"""The baseline: ``--write-baseline FILE`` then ``--baseline FILE`` fails only on new findings.

The project is the real uv fixture (parity set: django, aiopg and celery out of range) and a
hand-written requirements file beside it.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from ddlint.baseline import Entry, load, render
from tests.conftest import FIXTURES, GIT, copy_project, edit_once

REQUIREMENTS = "ddtrace==4.16.0\nredis==5.0.8\naiopg==1.0.0\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(FIXTURES / "parity" / "uv", tmp_path / "repo")
    (root / "service").mkdir()
    for name in ("pyproject.toml", "uv.lock"):
        (root / name).rename(root / "service" / name)
    (root / "tools").mkdir()
    (root / "tools" / "requirements.txt").write_text(REQUIREMENTS)
    return root


def _active(result: Any) -> list[tuple[str, str, str]]:
    return sorted((d["code"], d["path"], d.get("package", "")) for d in
                  result.json()["diagnostics"] if not d.get("suppressed"))


def test_round_trip_moved_lines_and_a_relock_keep_every_entry(project: Path,
                                                               ddlint: Any) -> None:
    before = ddlint("--format", "json", cwd=project)
    assert before.code == 1 and len(_active(before)) >= 5
    written = ddlint("--write-baseline", "ddlint-baseline.json", cwd=project)
    assert written.code == 0
    assert "ddlint-baseline.json" in written.out
    entries = load(project / "ddlint-baseline.json")
    assert len(entries) == len(set(_active(before)))  # one entry per finding's identity

    # Move lines in every file, and re-lock django to another version that is still too old
    # (manifest and lock moved together: no DDL006).
    edit_once(project / "tools" / "requirements.txt", "ddtrace", "# tools\n\nddtrace")
    edit_once(project / "service" / "pyproject.toml", "dependencies = [",
          "# the service\ndependencies = [\n")
    edit_once(project / "service" / "pyproject.toml", '"django==1.7.11"', '"django==1.7.10"')
    lock = project / "service" / "uv.lock"
    edit_once(lock, 'name = "django"\nversion = "1.7.11"', 'name = "django"\nversion = "1.7.10"')
    edit_once(lock, "version = 1\nrevision", "version = 1\n\n\nrevision")

    after = ddlint("--format", "json", "--baseline", "ddlint-baseline.json", cwd=project)
    assert (after.code, _active(after)) == (0, [])
    baselined = [d for d in after.json()["diagnostics"] if d.get("suppressed")]
    assert {d["suppression_reason"] for d in baselined} == {"baseline"}
    django = [d for d in baselined if d.get("package") == "django"]
    assert django and {d["version"] for d in django} == {"1.7.10"}  # the re-locked version
    moved = {(d["path"], d["code"], d.get("package")): d["line"] for d in baselined}
    assert all(moved[(d["path"], d["code"], d.get("package"))] > d["line"]
               for d in before.json()["diagnostics"])  # every finding sits lower now
    assert after.json()["summary"]["baseline_fixed"] == 0

    # A new finding: only it is reported and fails the run.
    edit_once(project / "tools" / "requirements.txt", "redis==5.0.8", "redis==5.0.8\nflask==0.1")
    new = ddlint("--format", "json", "--baseline", "ddlint-baseline.json", cwd=project)
    assert new.code == 1
    assert _active(new) == [("DDL301", "tools/requirements.txt", "flask")]
    text = ddlint("--baseline", "ddlint-baseline.json", cwd=project)
    assert [line.split(" ")[1] for line in text.out.splitlines() if ": DDL" in line] == [
        "DDL301"]


def test_the_same_identity_from_another_folder(project: Path, ddlint: Any) -> None:
    """Files are named from the repository's top, wherever ddlint runs from."""
    ddlint("--write-baseline", "ddlint-baseline.json", cwd=project)
    files = {entry.file for entry in load(project / "ddlint-baseline.json")}
    assert {"service/uv.lock", "tools/requirements.txt"} <= files
    assert files <= {"service/uv.lock", "service/pyproject.toml", "tools/requirements.txt"}
    result = ddlint(".", "--format", "json", "--baseline", "../ddlint-baseline.json",
                    cwd=project / "tools")
    assert (result.code, _active(result)) == (0, [])


def test_fixed_entries_are_reported_and_pruned(project: Path, ddlint: Any) -> None:
    ddlint("--write-baseline", "b.json", cwd=project)
    edit_once(project / "tools" / "requirements.txt", "aiopg==1.0.0\n", "")
    result = ddlint("--format", "json", "--baseline", "b.json", cwd=project)
    assert result.code == 0
    assert result.json()["summary"]["baseline_fixed"] == 1
    assert result.json()["baseline"]["fixed"] == [{
        "baseline": "b.json", "rule": "DDL302", "file": "tools/requirements.txt",
        "package": "aiopg"}]
    text = ddlint("--baseline", "b.json", cwd=project)
    assert text.out.rstrip().endswith(", 1 fixed since the baseline")

    before = load(project / "b.json")
    pruned = ddlint("--write-baseline", "b.json", cwd=project)
    assert pruned.code == 0 and "1 fixed pruned" in pruned.out
    assert before - load(project / "b.json") == {
        Entry("tools/requirements.txt", "DDL302", package="aiopg")}
    assert load(project / "b.json") < before
    assert ddlint("--format", "json", "--baseline", "b.json",
                  cwd=project).json()["summary"]["baseline_fixed"] == 0


def test_a_run_over_some_files_neither_fixes_nor_prunes_the_others(project: Path,
                                                                    ddlint: Any) -> None:
    """pre-commit passes only the files that changed."""
    ddlint("--write-baseline", "b.json", cwd=project)
    every = load(project / "b.json")
    result = ddlint("tools/requirements.txt", "--format", "json", "--baseline", "b.json",
                    cwd=project)
    assert (result.code, result.json()["summary"]["baseline_fixed"]) == (0, 0)
    assert ddlint("tools/requirements.txt", "--write-baseline", "b.json", cwd=project).code == 0
    assert load(project / "b.json") == every
    # A file that is gone: its entries are fixed.
    (project / "tools" / "requirements.txt").unlink()
    result = ddlint("service", "--format", "json", "--baseline", "b.json", cwd=project)
    assert result.json()["summary"]["baseline_fixed"] == sum(
        entry.file == "tools/requirements.txt" for entry in every) > 0


def test_the_file_is_sorted_and_deterministic(project: Path, ddlint: Any) -> None:
    ddlint("--write-baseline", "one.json", cwd=project)
    ddlint("..", "--write-baseline", "two.json", cwd=project / "tools")
    one = (project / "one.json").read_bytes()
    assert one == (project / "tools" / "two.json").read_bytes()
    document = json.loads(one)
    assert document["version"] == 1
    findings = document["findings"]
    assert findings == sorted(findings, key=lambda f: (f["file"], f["rule"], f.get("package", ""),
                                                       f.get("text", ""), f.get("python", ""),
                                                       f.get("platform", "")))
    assert all("line" not in f and "version" not in f for f in findings)
    assert render(load(project / "one.json")).encode() == one


def test_a_target_is_part_of_the_identity(write: Any, ddlint: Any) -> None:
    root = write({**GIT, "requirements.txt": "ddtrace==4.16.0\n"})
    ddlint("--python", "3.8", "--write-baseline", "b.json", cwd=root)
    assert {(e.rule, e.python) for e in load(root / "b.json")} >= {("DDL101", "3.8")}
    again = ddlint("--python", "3.8", "--format", "json", "--baseline", "b.json", cwd=root)
    assert again.code == 0
    other = ddlint("--python", "3.7", "--format", "json", "--baseline", "b.json", cwd=root)
    assert ("DDL101", "requirements.txt", "ddtrace") in _active(other)


def test_the_configuration_names_the_baseline_relative_to_itself(project: Path,
                                                                   ddlint: Any) -> None:
    (project / "ddlint.toml").write_text('baseline = "ci/ddlint-baseline.json"\n')
    (project / "ci").mkdir()
    missing = ddlint(cwd=project / "tools")
    assert missing.code == 2
    assert "ci/ddlint-baseline.json" in missing.err
    # Writing the first one needs no baseline yet, whatever the configuration names.
    assert ddlint("--write-baseline", "../ci/ddlint-baseline.json",
                  cwd=project / "tools").code == 0
    result = ddlint(".", "--format", "json", cwd=project / "tools")
    assert (result.code, _active(result)) == (0, [])
    # The command line wins over the configuration.
    (project / "empty.json").write_text('{"version": 1, "findings": []}\n')
    assert ddlint("--baseline", "empty.json", cwd=project).code == 1


@pytest.mark.parametrize("content", [
    "", "{", "[]", '{"version": 2, "findings": []}', '{"version": 1}',
    '{"version": 1, "findings": [["DDL301"]]}',
    '{"version": 1, "findings": [{"rule": "DDL301"}]}',
    '{"version": 1, "findings": [{"rule": "DDL301", "file": "r.txt", "line": 3}]}',
    '{"version": 1, "findings": [{"rule": "DDL301", "file": "r.txt", "package": 3}]}',
    b"\xff\xfe{",
    "[" * 100_000, '{"version": ' + "1" * 5000 + "}",
])
def test_a_malformed_baseline_is_exit_2_naming_it(project: Path, ddlint: Any,
                                                  content: str | bytes) -> None:
    path = project / "bad-baseline.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = ddlint("--baseline", "bad-baseline.json", cwd=project)
    assert result.code == 2
    [line] = result.err.splitlines()
    assert line.startswith("ddlint: error: bad-baseline.json")
    assert "Traceback" not in result.err and result.out == ""
    # --write-baseline does not replace a file it cannot read (its other entries would go).
    assert ddlint("--write-baseline", "bad-baseline.json", cwd=project).code == 2
    assert path.read_bytes() == (content if isinstance(content, bytes) else content.encode())


def test_a_missing_baseline_is_exit_2_naming_it(project: Path, ddlint: Any) -> None:
    result = ddlint("--baseline", "nowhere/b.json", cwd=project)
    assert result.code == 2
    [line] = result.err.splitlines()
    assert "nowhere/b.json" in line and "not found" in line


def test_baselined_findings_are_suppressed_in_every_format(project: Path,
                                                            ddlint: Any) -> None:
    run = ("tools/requirements.txt", "--baseline", "b.json")
    ddlint("tools/requirements.txt", "--write-baseline", "b.json", cwd=project)
    plain = ddlint("tools/requirements.txt", "--format", "json", cwd=project).json()
    count = plain["summary"]["findings"]
    assert count >= 2

    document = ddlint(*run, "--format", "json", cwd=project).json()
    assert document["summary"]["findings"] == 0
    assert document["summary"]["suppressed"] == count
    assert all(d["suppressed"] and d["suppression_reason"] == "baseline"
               for d in document["diagnostics"])

    sarif = json.loads(ddlint(*run, "--format", "sarif", cwd=project).out)
    results = sarif["runs"][0]["results"]
    assert len(results) == count
    assert all(r["suppressions"] == [{"kind": "external", "status": "accepted",
                                      "justification": "baseline"}] for r in results)

    assert json.loads(ddlint(*run, "--format", "gitlab", cwd=project).out) == []

    junit = ET.fromstring(ddlint(*run, "--format", "junit", cwd=project).out)
    assert junit.get("failures") == "0"
    skipped = [case.find("skipped") for case in junit.iter("testcase")]
    assert len(skipped) == count
    assert all(s is not None and s.text == "suppressed: baseline" for s in skipped)

    github = ddlint(*run, "--format", "github", cwd=project)
    assert github.code == 0
    assert not [line for line in github.out.splitlines() if line.startswith(("::error",
                                                                              "::warning"))]
    assert f"{count} suppressed" in github.out

    text = ddlint(*run, cwd=project)
    assert text.code == 0 and ": DDL" not in text.out and f"{count} suppressed" in text.out


def test_an_inline_ignore_wins_over_the_baseline(project: Path, ddlint: Any) -> None:
    ddlint("--write-baseline", "b.json", cwd=project)
    edit_once(project / "tools" / "requirements.txt", "aiopg==1.0.0",
          "aiopg==1.0.0  # ddlint: ignore[DDL302]")
    result = ddlint("--format", "json", "--baseline", "b.json", cwd=project)
    [aiopg] = [d for d in result.json()["diagnostics"] if d.get("package") == "aiopg"
               and d["path"] == "tools/requirements.txt"]
    assert aiopg["suppression_reason"] == "inline ignore comment"
    assert result.json()["summary"]["baseline_fixed"] == 1  # the entry is not needed any more


def test_rule_names_come_with_every_diagnostic(project: Path, ddlint: Any) -> None:
    """Every finding of a run names its rule (``name``), whether active, suppressed by the
    baseline or inline, or a DDL001 from a file that does not parse; SARIF names the same."""
    from ddlint.rules import rule

    ddlint("--write-baseline", "b.json", cwd=project)
    edit_once(project / "tools" / "requirements.txt", "aiopg==1.0.0",
              "aiopg==1.0.0  # ddlint: ignore[DDL302]\nflask==0.1.0\nnot a requirement ==\n")
    result = ddlint(".", "--format", "json", "--baseline", "b.json", "--python", "3.12",
                    cwd=project)
    found = result.json()["diagnostics"]
    reasons = {d.get("suppression_reason") for d in found}
    assert {"DDL001", "DDL301"} <= {d["code"] for d in found if not d.get("suppressed")}
    assert "inline ignore comment" in reasons and len(reasons - {None}) >= 2  # and baseline
    for item in found:
        entry = rule(item["code"])
        assert entry is not None and item["name"] == entry.name, item
    sarif = json.loads(ddlint(".", "--format", "sarif", "--baseline", "b.json", "--python",
                              "3.12", cwd=project).out)
    names = {r["id"]: r["name"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {d["code"]: d["name"] for d in found} == {
        r["ruleId"]: names[r["ruleId"]] for r in sarif["runs"][0]["results"]}


@pytest.mark.parametrize("value", ["3", '""', '["b.json"]'])
def test_a_baseline_key_that_is_no_file_name_is_a_configuration_error(
        write: Any, ddlint: Any, value: str) -> None:
    root = write({**GIT, "requirements.txt": REQUIREMENTS,
                  "ddlint.toml": f"fail-on = \"error\"\nbaseline = {value}\n"})
    result = ddlint(cwd=root)
    assert result.code == 2
    assert result.err.startswith("ddlint: error: ddlint.toml:2: baseline: ")


def test_an_unused_suppression_can_be_baselined(write: Any, ddlint: Any) -> None:
    """DDL902 belongs to the run, not to one project: the baseline in use covers it."""
    root = write({**GIT, "requirements.txt": "redis==5.0.8  # ddlint: ignore[DDL301]\n"})
    args = ("--fail-on", "info", "--format", "json", "--agent-version", "7.76.1")
    before = ddlint(*args, cwd=root)
    assert ("DDL902", "requirements.txt", "") in _active(before) and before.code == 1
    ddlint("--write-baseline", "b.json", *args[:2], cwd=root)
    assert Entry("requirements.txt", "DDL902",
                 text="redis==5.0.8 # ddlint: ignore[DDL301]") in load(root / "b.json")
    after = ddlint(*args, "--baseline", "b.json", cwd=root)
    assert (after.code, _active(after)) == (0, [])


def test_a_baseline_that_is_no_regular_file_is_exit_2(project: Path, ddlint: Any) -> None:
    import os

    (project / "folder.json").mkdir()
    assert ddlint("--baseline", "folder.json", cwd=project).code == 2
    if hasattr(os, "mkfifo"):  # reading a pipe would block the run
        os.mkfifo(project / "pipe.json")
        result = ddlint("--baseline", "pipe.json", cwd=project)
        assert result.code == 2 and "pipe.json" in result.err
