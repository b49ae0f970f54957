"""``--format gitlab`` (GitLab Code Quality) and ``--format junit`` (JUnit XML), each validated
against its published schema (tests/schemas/, sources in its README.md); ``ddlint rules
--format json``; and the GitLab CI job template (docs/gitlab-ci.yml) by GitLab's CI schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from ddlint.discovery import explicit_kind
from ddlint.rules import all_rules
from tests.conftest import FIXTURES, REPO, make_top

SCHEMAS = Path(__file__).parent / "schemas"
EXAMPLE = "ddtrace==4.16.0\ndjango==1.7.11\nbottle==0.12.25\n"
SUPPRESSED = "ddtrace==4.16.0\ndjango==1.7.11  # ddlint: ignore[DDL301]\n"
# Folders holding a dependency file (a deployment fixture's k8s/ or lib/ folder holds none).
SCENARIOS = sorted({path.parent for path in FIXTURES.rglob("*") if path.is_file()
                    and path.name != "README.md" and explicit_kind(path) is not None})


@cache
def _gitlab_validator() -> Any:
    import jsonschema  # check-jsonschema's own dependency (the test extras)

    schema = json.loads((SCHEMAS / "gitlab-codequality.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


@cache
def _junit_schema() -> Any:
    import xmlschema

    return xmlschema.XMLSchema(str(SCHEMAS / "jenkins-junit.xsd"))


def gitlab(ddlint: Any, root: Path, *args: str) -> list[dict[str, Any]]:
    result = ddlint(*args, "--format", "gitlab", cwd=root)
    assert result.code in (0, 1), result.err
    issues: list[dict[str, Any]] = json.loads(result.out)
    errors = [error.message for error in _gitlab_validator().iter_errors(issues)]
    assert not errors, errors
    return issues


def junit(ddlint: Any, root: Path, *args: str) -> ElementTree.Element:
    """The report, validated by the Jenkins schema once the two testcase attributes it does not
    know (``file`` and ``line``, which GitLab and Jenkins' plugin read) are taken out."""
    result = ddlint(*args, "--format", "junit", cwd=root)
    assert result.code in (0, 1), result.err
    document = ElementTree.fromstring(result.out.encode("utf-8"))
    for case in document.iter("testcase"):
        if case.get("name") != "no findings":
            assert case.get("file") == case.get("classname")
            assert (case.get("line") or "").isdigit()
        case.attrib.pop("file", None)
        case.attrib.pop("line", None)
    _junit_schema().validate(ElementTree.tostring(document, encoding="unicode"))
    return ElementTree.fromstring(result.out.encode("utf-8"))


def _repository(write: Any, files: dict[str, str]) -> Path:
    root: Path = write(files)
    make_top(root)
    return root


# -- the schemas can fail -----------------------------------------------------------------------

def test_the_schemas_reject_what_gitlab_and_junit_readers_would() -> None:
    good = {"description": "d", "check_name": "c", "fingerprint": "f", "severity": "major",
            "location": {"path": "a.txt", "lines": {"begin": 1}}}
    assert _gitlab_validator().is_valid([good])
    for broken in ({**good, "severity": "error"}, {**good, "location": {"path": "/abs"}},
                   {k: v for k, v in good.items() if k != "fingerprint"}):
        assert not _gitlab_validator().is_valid([broken]), broken
    schema = _junit_schema()
    assert schema.is_valid('<testsuites><testsuite name="a" tests="1"/></testsuites>')
    assert not schema.is_valid('<testsuites><testsuite tests="1"/></testsuites>')  # no name
    assert not schema.is_valid(  # failure before skipped: the sequence's order matters
        '<testsuite name="a" tests="1"><testcase name="x"><failure/><skipped/></testcase>'
        "</testsuite>")


# -- GitLab Code Quality ------------------------------------------------------------------------

@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_gitlab_report_of_every_fixture_is_valid(ddlint: Any, scenario: Path) -> None:
    issues = gitlab(ddlint, REPO, scenario.relative_to(REPO).as_posix())
    for issue in issues:
        assert (REPO / issue["location"]["path"]).is_file(), issue["location"]


def test_gitlab_one_issue_per_active_finding(write: Any, ddlint: Any) -> None:
    root = _repository(write, {"api/requirements.txt": EXAMPLE,
                               "web/requirements.txt": SUPPRESSED})
    issues = gitlab(ddlint, root / "api", "--python", "3.12", ".", "../web")
    active = [d for d in ddlint("--python", "3.12", ".", "../web", "--format", "json",
                                cwd=root / "api").json()["diagnostics"] if not d.get("suppressed")]
    assert len(issues) == len(active) >= 3
    # Paths from the repository's top, though ddlint ran in api/.
    assert {i["location"]["path"] for i in issues} == {"api/requirements.txt",
                                                      "web/requirements.txt"}
    assert not any(i["check_name"].startswith("DDL301") and i["location"]["path"].startswith(
        "web/") for i in issues)  # the suppressed one is left out
    [django] = [i for i in issues if i["check_name"] == "DDL301 integration-below-minimum"]
    assert django["severity"] == "critical"  # an error
    assert django["location"]["lines"] == {"begin": 2, "end": 2}
    assert django["description"].startswith("DDL301 django 1.7.11 is older than")
    assert "Fix: require django>=2.2.8" in django["description"]
    severities = {i["check_name"].split()[0]: i["severity"] for i in issues}
    assert severities["DDL304"] == "info"
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_are_sarifs_and_survive_moves_and_relocks(
        write: Any, ddlint: Any) -> None:
    root = _repository(write, {"requirements.txt": EXAMPLE})
    before = {i["check_name"]: i["fingerprint"] for i in gitlab(ddlint, root, ".")}
    sarif = json.loads(ddlint(".", "--format", "sarif", cwd=root).out)
    assert sorted(before.values()) == sorted(
        r["partialFingerprints"]["primaryLocationLineHash"] for r in sarif["runs"][0]["results"])
    (root / "requirements.txt").write_text(
        "# pinned by hand\nrequests==2.32.3\n\n" + EXAMPLE.replace("1.7.11", "1.7.10"),
        encoding="utf-8")
    moved = gitlab(ddlint, root, ".")
    [django] = [i for i in moved if i["check_name"].startswith("DDL301")]
    assert django["location"]["lines"]["begin"] == 5
    assert {i["check_name"]: i["fingerprint"] for i in moved} == before


def test_gitlab_clean_run_is_an_empty_array(write: Any, ddlint: Any) -> None:
    root = _repository(write, {"requirements.txt": "flask==3.0.3\n"})
    result = ddlint(".", "--format", "gitlab", cwd=root)
    assert (result.code, json.loads(result.out)) == (0, [])


# -- JUnit XML ----------------------------------------------------------------------------------

@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_junit_report_of_every_fixture_is_valid(ddlint: Any, scenario: Path) -> None:
    document = junit(ddlint, REPO, scenario.relative_to(REPO).as_posix())
    assert document.tag == "testsuites"
    assert document.findall("testsuite")


def test_junit_a_suite_per_file_a_case_per_finding(write: Any, ddlint: Any) -> None:
    root = _repository(write, {"api/requirements.txt": EXAMPLE,
                               "web/requirements.txt": SUPPRESSED,
                               "clean/requirements.txt": "flask==3.0.3\n"})
    document = junit(ddlint, root, "--python", "3.12", ".")
    suites = {s.get("name"): s for s in document.findall("testsuite")}
    assert list(suites) == ["api/requirements.txt", "clean/requirements.txt",
                            "web/requirements.txt"]
    api = suites["api/requirements.txt"]
    cases = api.findall("testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    assert api.get("tests") == str(len(cases)) and api.get("failures") == str(len(failed))
    [django] = [c for c in cases if c.get("name") == "DDL301 django"]
    assert (django.get("file"), django.get("line")) == ("api/requirements.txt", "2")
    failure = django.find("failure")
    assert failure is not None
    assert failure.get("type") == "DDL301 integration-below-minimum"
    assert failure.get("message", "").startswith("django 1.7.11 is older than")
    # Line breaks, not a literal backslash-n (issue 25)
    assert (failure.text or "").split("\n") == [
        "api/requirements.txt:2:1: DDL301 " + failure.get("message", ""),
        "severity: error", "fix: require django>=2.2.8"]
    assert "\\n" not in ElementTree.tostring(document, encoding="unicode")
    [clean_case] = suites["clean/requirements.txt"].findall("testcase")
    assert list(clean_case) == [] and suites["clean/requirements.txt"].get("failures") == "0"
    web = suites["web/requirements.txt"]
    skipped = [c for c in web.findall("testcase") if c.find("skipped") is not None]
    assert [c.get("name") for c in skipped] == ["DDL301 django"]
    assert web.get("skipped") == "1"
    total = sum(int(s.get("failures", "0")) for s in suites.values())
    assert document.get("failures") == str(total)
    failing = [d for d in ddlint("--python", "3.12", ".", "--format", "json", cwd=root)
               .json()["diagnostics"] if not d.get("suppressed") and d["severity"] != "info"]
    assert total == len(failing)


def test_junit_findings_below_the_fail_level_are_not_failures(write: Any, ddlint: Any) -> None:
    """A run that exits 0 marks no build unstable: an info finding (below the default fail
    level, warning) is a passing testcase with the finding in system-out; with --fail-on info
    it is a failure."""
    root = _repository(write, {"requirements.txt": "ddtrace==4.16.0\n"})
    assert ddlint(".", "--python", "3.12", cwd=root).code == 0
    document = junit(ddlint, root, "--python", "3.12", ".")
    [case] = document.iter("testcase")
    assert case.get("name") == "DDL205 ddtrace"
    assert case.find("failure") is None and document.get("failures") == "0"
    assert (case.findtext("system-out") or "").startswith("requirements.txt:1:1: DDL205 ")
    strict = junit(ddlint, root, "--python", "3.12", "--fail-on", "info", ".")
    [case] = strict.iter("testcase")
    assert case.find("failure") is not None and case.find("system-out") is None
    assert strict.get("failures") == "1"


def test_junit_fail_level_of_each_projects_configuration(write: Any, ddlint: Any) -> None:
    """A project's configured fail-on decides its failures, as it decides the exit code."""
    root = _repository(write, {
        "strict/requirements.txt": "ddtrace==4.16.0\n",
        "strict/pyproject.toml": '[project]\nname = "s"\n[tool.ddlint]\nfail-on = "info"\n',
        "lax/requirements.txt": "ddtrace==4.16.0\n",
        "lax/pyproject.toml": '[project]\nname = "l"\n'})
    document = junit(ddlint, root, "--python", "3.12", ".")
    failures = {s.get("name"): s.get("failures") for s in document.iter("testsuite")}
    assert failures["lax/requirements.txt"] == "0"
    assert failures["strict/requirements.txt"] == "1"


def test_junit_escapes_and_drops_what_xml_cannot_hold(write: Any, ddlint: Any) -> None:
    folder = 'a\x01b<&>"\x1b[31m'
    root = _repository(write, {f"{folder}/requirements.txt": EXAMPLE})
    document = junit(ddlint, root, ".")
    names = [s.get("name") for s in document.findall("testsuite")]
    # C0 controls escaped as in every format (model.shown), the rest intact
    assert names == ['a\\x01b<&>"\\x1b[31m/requirements.txt']


def test_junit_bytes_do_not_depend_on_the_run(write: Any, ddlint: Any) -> None:
    root = _repository(write, {"requirements.txt": EXAMPLE})
    first = ddlint(".", "--format", "junit", cwd=root).out
    assert ddlint(".", "--format", "junit", cwd=root).out == first
    assert "time=" not in first and "timestamp" not in first and "hostname" not in first


# -- the rule catalogue for tools ---------------------------------------------------------------

def test_rules_as_json(ddlint: Any) -> None:
    result = ddlint("rules", "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    rules = all_rules()
    assert [r["code"] for r in document["rules"]] == [r.code for r in rules]
    by_code = {r["code"]: r for r in document["rules"]}
    for entry in rules:
        item = by_code[entry.code]
        assert (item["name"], item["severity"], item["summary"]) == (
            entry.name, entry.severity.label, entry.summary)
        assert item["help_uri"].endswith("docs/rules.md#" + entry.code.lower() + "-"
                                         + entry.name)
    assert ddlint("rules", "--format", "text").out == ddlint("rules").out
    assert ddlint("rules", "--format", "xml").code == 2


# -- the GitLab CI template ---------------------------------------------------------------------

TEMPLATE = REPO / "docs" / "gitlab-ci.yml"


def test_gitlab_ci_template_is_valid_by_gitlabs_schema() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.gitlab-ci",
         str(TEMPLATE)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gitlab_ci_template_publishes_the_code_quality_report() -> None:
    from ruamel.yaml import YAML

    document = YAML(typ="safe").load(TEMPLATE.read_text(encoding="utf-8"))
    [job] = [value for key, value in document.items()
             if isinstance(value, dict) and "script" in value]
    report = job["artifacts"]["reports"]["codequality"]
    script = "\n".join(job["script"])
    assert f"--format gitlab --output {report}" in script
    assert job["artifacts"]["when"] == "always"  # findings fail the job: publish them anyway


@pytest.mark.skipif(sys.platform in ("win32", "darwin"),
                    reason="needs a file system that takes names that are not UTF-8")
@pytest.mark.parametrize("form", ["gitlab", "junit"])
def test_a_name_that_is_not_utf8_gives_a_valid_report(write: Any, ddlint: Any,
                                                       form: str) -> None:
    folder = os.fsdecode(b"caf\xe9")  # a lone surrogate in Python's view
    root = _repository(write, {f"{folder}/requirements.txt": EXAMPLE})
    result = ddlint(".", "--format", form, cwd=root)
    result.out.encode("utf-8")  # strict: the report is valid UTF-8 on stdout
    if form == "gitlab":
        paths = {i["location"]["path"] for i in gitlab(ddlint, root, ".")}
    else:
        paths = {s.get("name") for s in junit(ddlint, root, ".").findall("testsuite")}
    assert paths == {"caf\\xe9/requirements.txt"}
