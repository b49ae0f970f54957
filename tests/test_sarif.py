"""SARIF for GitHub code scanning: what the SARIF Multitool cannot check (.ci/run runs it).

Relative URIs, full regions, stable fingerprints, rule metadata for every code, suppressions,
related locations and the 25,000-result limit.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ddlint import __version__
from ddlint.engine import Report
from ddlint.explain import anchor, document
from ddlint.formatters import sarif
from ddlint.model import Diagnostic, Location, Severity
from ddlint.rules import all_rules
from ddlint.settings import Settings
from tests.conftest import GIT, make_top

EXAMPLE = "ddtrace==4.16.0\ndjango==1.7.11  # too old\naiopg==0.17.0\nbottle==0.12.25\n"


def run_of(result: Any) -> dict[str, Any]:
    document = json.loads(result.out)
    assert document["version"] == "2.1.0"
    assert len(document["runs"]) == 1
    run: dict[str, Any] = document["runs"][0]
    return run


def by_rule(run: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [r for r in run["results"] if r["ruleId"] == code]


def location_of(result: dict[str, Any]) -> dict[str, Any]:
    assert len(result["locations"]) == 1
    physical: dict[str, Any] = result["locations"][0]["physicalLocation"]
    return physical


def sarif_for(ddlint: Any, root: Path, *args: str) -> dict[str, Any]:
    return run_of(ddlint(*args, "--format", "sarif", cwd=root))


def test_driver_and_rules_cover_every_code(write, ddlint) -> None:
    root = write({"requirements.txt": EXAMPLE})
    run = sarif_for(ddlint, root, "requirements.txt")
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["semanticVersion"]) == (
        "ddlint", __version__, __version__)
    assert driver["informationUri"].startswith("https://")
    codes = [rule.code for rule in all_rules()]
    assert [d["id"] for d in driver["rules"]] == codes
    docs = document(all_rules())
    for entry, descriptor in zip(all_rules(), driver["rules"]):
        assert descriptor["name"] == entry.name
        assert descriptor["shortDescription"]["text"] == entry.summary
        full = descriptor["fullDescription"]["text"]
        assert len(full) <= 1024
        if len(f"{entry.summary} {entry.why}") <= 1024:
            assert full == f"{entry.summary} {entry.why}"
        else:
            assert full.endswith("…")
        assert entry.fix in descriptor["help"]["text"]
        assert descriptor["help"]["markdown"].startswith(f"# {entry.code} {entry.name}\n")
        assert entry.source in descriptor["help"]["markdown"]
        assert descriptor["helpUri"].endswith(f"/docs/rules.md#{anchor(entry)}")
        assert f"\n## {entry.code} {entry.name}\n" in docs  # the anchor's heading exists
        level = {"error": "error", "warning": "warning", "info": "note"}[entry.severity.label]
        assert descriptor["defaultConfiguration"]["level"] == level
        properties = descriptor["properties"]
        assert properties["tags"] and properties["precision"]
        assert properties["problem.severity"] in ("error", "warning", "recommendation")
        if "security" in entry.tags or entry.security_severity:
            assert 0.0 < float(properties["security-severity"]) <= 10.0
            assert "security" in properties["tags"]
        else:
            assert "security-severity" not in properties


def test_agent_obfuscation_rules_are_security_rules(write, ddlint) -> None:
    present = {rule.code for rule in all_rules()} & {"DDL401", "DDL402"}
    assert present == {"DDL401", "DDL402"}
    root = write({"requirements.txt": EXAMPLE})
    rules = {d["id"]: d for d in sarif_for(ddlint, root, "requirements.txt")[
        "tool"]["driver"]["rules"]}
    for code in present:
        assert float(rules[code]["properties"]["security-severity"]) >= 4.0, code


def test_results_point_at_rules_with_level_message_region(write, ddlint) -> None:
    root = write({"requirements.txt": EXAMPLE})
    run = sarif_for(ddlint, root, "requirements.txt")
    rules = run["tool"]["driver"]["rules"]
    assert run["results"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"] and "\x1b" not in result["message"]["text"]
        region = location_of(result)["region"]
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
        assert all(isinstance(v, int) and v >= 1 for v in region.values())
        assert region["endLine"] >= region["startLine"]
        assert region["endColumn"] > region["startColumn"]
    [django] = by_rule(run, "DDL301")
    # The region is the entry's text: up to the comment, not past it.
    assert location_of(django)["region"] == {
        "startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": len("django==1.7.11") + 1}
    assert django["level"] == "error"
    assert "django 1.7.11" in django["message"]["text"]
    assert "Fix: require django>=2.2.8" in django["message"]["text"]
    assert django["properties"]["package"] == "django"
    [bottle] = by_rule(run, "DDL304")
    assert bottle["level"] == "note"


def test_uris_are_relative_to_the_git_work_tree(write, ddlint) -> None:
    root = write({"services/api/requirements.txt": EXAMPLE})
    make_top(root)
    run = sarif_for(ddlint, root / "services", "api/requirements.txt")
    for result in run["results"]:
        artifact = location_of(result)["artifactLocation"]
        assert artifact == {"uri": "services/api/requirements.txt", "uriBaseId": "%SRCROOT%"}


def test_uris_without_git_are_relative_to_the_current_folder(write, ddlint) -> None:
    root = write({"services/api/requirements.txt": EXAMPLE})
    if any((folder / ".git").exists() for folder in root.parents):
        pytest.skip("the temporary folder lies inside a git work tree")
    run = sarif_for(ddlint, root / "services", str((root / "services/api").resolve()))
    uris = {location_of(r)["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"api/requirements.txt"}


def test_uris_are_percent_encoded(write, ddlint) -> None:
    root = write({"my app/ünï 100%/requirements.txt": EXAMPLE})
    make_top(root)
    run = sarif_for(ddlint, root, ".")
    uris = {location_of(r)["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"my%20app/%C3%BCn%C3%AF%20100%25/requirements.txt"}


def fingerprints(run: dict[str, Any]) -> dict[tuple[str, str], str]:
    out = {}
    for result in run["results"]:
        key = (result["ruleId"], result["properties"].get("package", ""))
        out[key] = result["partialFingerprints"]["primaryLocationLineHash"]
    return out


def test_fingerprints_survive_moved_lines_and_relocks(write, ddlint) -> None:
    root = write({"requirements.txt": EXAMPLE})
    make_top(root)
    before = fingerprints(sarif_for(ddlint, root, "requirements.txt"))
    assert len(before) >= 3
    assert len(set(before.values())) == len(before)  # different findings, different prints

    # Unrelated lines above, and a re-pin of django to another unsupported version.
    (root / "requirements.txt").write_text(
        "# pinned by hand\nrequests==2.32.3\n\n" + EXAMPLE.replace("1.7.11", "1.7.10"),
        encoding="utf-8")
    moved = sarif_for(ddlint, root, "requirements.txt")
    [django] = by_rule(moved, "DDL301")
    assert location_of(django)["region"]["startLine"] == 5
    assert fingerprints(moved) == before


def test_fingerprints_differ_by_file_and_repeat_numbered(write, ddlint) -> None:
    root = write({"a/requirements.txt": EXAMPLE, "b/requirements.txt": EXAMPLE,
                  "c/requirements.txt": "ddtrace==4.16.0\n-r nope.txt\n-r gone.txt\n"})
    make_top(root)
    run = sarif_for(ddlint, root, ".")
    prints = [r["partialFingerprints"]["primaryLocationLineHash"] for r in run["results"]]
    assert len(set(prints)) == len(prints)
    assert all(re.fullmatch(r"[0-9a-f]{16}:\d+", p) for p in prints)
    a = {r["ruleId"]: r["partialFingerprints"] for r in run["results"]
         if location_of(r)["artifactLocation"]["uri"] == "a/requirements.txt"}
    b = {r["ruleId"]: r["partialFingerprints"] for r in run["results"]
         if location_of(r)["artifactLocation"]["uri"] == "b/requirements.txt"}
    assert a["DDL301"] != b["DDL301"]


def test_invalid_file_is_a_result_with_a_location(write, ddlint) -> None:
    root = write({"requirements.txt": "ddtrace==4.16.0\n-r missing.txt\n"})
    run = sarif_for(ddlint, root, "requirements.txt")
    [invalid] = by_rule(run, "DDL001")
    physical = location_of(invalid)
    assert physical["artifactLocation"]["uri"] == "requirements.txt"
    assert physical["region"] == {"startLine": 2, "startColumn": 1, "endLine": 2,
                                  "endColumn": len("-r missing.txt") + 1}
    assert invalid["level"] == "error"


def test_regions_count_columns_as_the_parsers_do(write, ddlint) -> None:
    root = write({"requirements.txt": b"\xef\xbb\xbfddtrace==4.16.0\r\ndjango==1.7.11\r\n"})
    [django] = by_rule(sarif_for(ddlint, root, "requirements.txt"), "DDL301")
    assert location_of(django)["region"]["endColumn"] == len("django==1.7.11") + 1
    starts = [r for r in sarif_for(ddlint, root, "requirements.txt")["results"]
              if location_of(r)["region"]["startLine"] == 1]
    assert starts  # something about ddtrace on line 1, which starts after the BOM
    assert all(location_of(r)["region"]["endColumn"] == len("ddtrace==4.16.0") + 1
               for r in starts)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_not_read_for_its_region(tmp_path) -> None:
    os.mkfifo(tmp_path / "requirements-pipe.txt")
    result = subprocess.run(
        [sys.executable, "-m", "ddlint", "requirements-pipe.txt", "--format", "sarif",
         "--today", "2026-11-25"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
        env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent)),
        check=False)
    [invalid] = by_rule(json.loads(result.stdout)["runs"][0], "DDL001")
    assert location_of(invalid)["region"] == {
        "startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 2}


def test_suppressed_findings_carry_their_reason(write, ddlint) -> None:
    root = write({
        "requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11  # ddlint: ignore[DDL301]\n"
                            "aiopg==0.17.0\n",
        "pyproject.toml": """
            [tool.ddlint]
            [[tool.ddlint.ignores]]
            code = "DDL302"
            package = "aiopg"
            reason = "pinned for the legacy service until Q3"
        """,
    })
    run = sarif_for(ddlint, root, "requirements.txt")
    [django] = by_rule(run, "DDL301")
    assert django["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "inline ignore comment"}]
    [aiopg] = by_rule(run, "DDL302")
    assert aiopg["suppressions"] == [{"kind": "external", "status": "accepted",
                                      "justification": "pinned for the legacy service until Q3"}]
    assert all("suppressions" not in r for r in run["results"] if r["ruleId"] == "DDL205")


def report_of(*diagnostics: Diagnostic) -> Report:
    settings = Settings(today=datetime.date(2026, 11, 25))
    return Report(diagnostics=tuple(sorted(diagnostics, key=lambda d: d.sort_key)),
                  files=(), dependency_count=len(diagnostics), settings=settings)


def test_related_location_for_the_manifest_behind_a_locked_version(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    make_top(tmp_path)
    (tmp_path / "uv.lock").write_text('[[package]]\nname = "django"\nversion = "1.7.11"\n')
    (tmp_path / "pyproject.toml").write_text(
        '[project]\ndependencies = [\n  "django>=1.5", "redis",\n]\n')
    found = Diagnostic("DDL301", Severity.ERROR, "django 1.7.11 is too old",
                       Location(Path("uv.lock"), 2, 1), package="django", version="1.7.11",
                       related=(Location(Path("pyproject.toml"), 3, 3),))
    result = json.loads(sarif.render(report_of(found)))["runs"][0]["results"][0]
    assert location_of(result)["region"]["endColumn"] == len('name = "django"') + 1
    [related] = result["relatedLocations"]
    assert related["physicalLocation"] == {
        "artifactLocation": {"uri": "pyproject.toml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3, "startColumn": 3, "endLine": 3,
                   "endColumn": len('  "django>=1.5"') + 1},  # the quoted item only
    }
    assert "django" in related["message"]["text"]


def test_past_the_result_limit_the_most_severe_are_kept(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sarif, "MAX_RESULTS", 3)
    found = [Diagnostic(code, severity, f"finding {line}", Location(Path("r.txt"), line, 1),
                        package=f"p{line}")
             for line, (code, severity) in enumerate([
                 ("DDL304", Severity.INFO), ("DDL301", Severity.ERROR),
                 ("DDL304", Severity.INFO), ("DDL305", Severity.WARNING),
                 ("DDL302", Severity.ERROR)], start=1)]
    run = json.loads(sarif.render(report_of(*found)))["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["DDL301", "DDL305", "DDL302"]
    assert run["properties"] == {"omittedResults": 2, "omittedResultsByRule": {"DDL304": 2}}
    [notice] = run["invocations"][0]["toolExecutionNotifications"]
    assert notice["level"] == "warning"
    assert "2 results were left out" in notice["message"]["text"]
    assert "DDL304 2" in notice["message"]["text"]


def test_under_the_limit_nothing_is_said(write, ddlint) -> None:
    root = write({"requirements.txt": EXAMPLE})
    run = sarif_for(ddlint, root, "requirements.txt")
    assert "properties" not in run
    assert run["automationDetails"] == {"id": "ddlint/"}


def test_output_file_gets_sarif_and_the_terminal_the_summary(write, ddlint) -> None:
    root = write({"requirements.txt": EXAMPLE})
    (root / "out").mkdir()
    result = ddlint("requirements.txt", "--format", "sarif", "--output", "out/ddlint.sarif",
                    cwd=root)
    assert result.code == 1
    assert result.out.splitlines()[-1].startswith("1 file, 4 dependencies checked: ")
    assert "DDL301" in result.out and not result.out.lstrip().startswith("{")
    written = json.loads((root / "out" / "ddlint.sarif").read_text(encoding="utf-8"))
    assert written["runs"][0]["results"]
    assert [p.name for p in (root / "out").iterdir()] == ["ddlint.sarif"]  # no temporary left


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_output_file_gets_the_mode_of_a_plain_write(write, ddlint) -> None:
    root = write({"requirements.txt": EXAMPLE})
    umask = os.umask(0o022)
    try:
        ddlint("requirements.txt", "--format", "sarif", "--output", "new.sarif", cwd=root)
        assert stat.S_IMODE((root / "new.sarif").stat().st_mode) == 0o644  # not mkstemp's 0600
        (root / "new.sarif").chmod(0o640)
        ddlint("requirements.txt", "--format", "sarif", "--output", "new.sarif", cwd=root)
        assert stat.S_IMODE((root / "new.sarif").stat().st_mode) == 0o640  # kept on replace
    finally:
        os.umask(umask)


# Same bytes whatever the hash seed, in every format: tests/test_determinism.py (separate
# processes; a run twice in one process shares its seed and proves nothing).


def test_a_tracer_from_the_command_line_gives_notifications_not_results(write, ddlint) -> None:
    """Code scanning needs a location for every result: a verdict about a tracer given only
    with --tracer-version (no line states it) is a tool notification, and every result that
    remains has a location."""
    root = write({**GIT, "requirements.txt": "pytest==8.0.0\n"})
    run = sarif_for(ddlint, root, ".", "--tracer-version", "4.16.0")
    assert not by_rule(run, "DDL103") and not by_rule(run, "DDL205")
    texts = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert any(text.startswith("DDL205 ") for text in texts)
    assert all(location_of(result)["region"]["startLine"] >= 1 for result in run["results"])


def test_ci_needs_nothing_outside_the_clone() -> None:
    """.ci/run runs in a contributor's clone: every script under .ci/ names paths inside the
    repository only (its own top is `"$(dirname "$0")/.."`), and every .ci/ or scripts/ path
    .ci/run calls exists, the SARIF validator and its policy file among them."""
    top = Path(__file__).resolve().parents[1]
    outside = re.compile(r"(?<![\w.])\.\./")
    for script in sorted((top / ".ci").rglob("*")):
        if script.is_file() and script.suffix not in {".txt", ".xml"}:
            text = script.read_text(encoding="utf-8")
            assert not outside.findall(text), script
    called = set(re.findall(r"(?:\.ci|scripts)/[\w./-]*\w", (top / ".ci" / "run").read_text()))
    assert ".ci/validate-sarif/run" in called
    assert all((top / path).exists() for path in called), called
    validator = (top / ".ci" / "validate-sarif" / "run").read_text(encoding="utf-8")
    assert '-c "$here/sarif-multitool-gh-strict.xml"' in validator
    assert (top / ".ci" / "validate-sarif" / "sarif-multitool-gh-strict.xml").is_file()
