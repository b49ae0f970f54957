"""The project's own GitHub workflows (issue 25): CI on Linux, macOS and Windows with every
supported CPython, the Action tested on the three, a release that builds once, tests the built
wheel and publishes with trusted publishing and build provenance, Dependabot for the pins; each
valid by GitHub's schema and clean by zizmor (actionlint runs in .ci/run)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, load_yaml

WORKFLOWS = REPO / ".github" / "workflows"
DEPENDABOT = REPO / ".github" / "dependabot.yml"
OPERATING_SYSTEMS = {"ubuntu-latest", "macos-latest", "windows-latest"}


def _uses(document: Any) -> list[str]:
    return [step["uses"] for job in document["jobs"].values()
            for step in job.get("steps", []) if "uses" in step]


def _runs(job: Any) -> str:
    return "\n".join(step.get("run", "") for step in job.get("steps", []))


def test_the_workflows_exist() -> None:
    assert {path.name for path in WORKFLOWS.glob("*.yml")} == {
        "ci.yml", "action.yml", "release.yml"}


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_valid_by_githubs_schema_and_pinned_by_commit(path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema",
         "vendor.github-workflows", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    text = path.read_text(encoding="utf-8")
    for reference, comment in re.findall(r"^\s*(?:- )?uses: (\S+)(.*)$", text, re.MULTILINE):
        if reference == "./":
            continue
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", reference), reference
        assert re.match(r" # v\d+\.\d+\.\d+$", comment), (reference, comment)
    # Read-only by default; a job that needs more says so itself.
    assert load_yaml(path)["permissions"] in ({"contents": "read"}, {})


def test_ci_covers_every_os_and_supported_cpython() -> None:
    ci = load_yaml(WORKFLOWS / "ci.yml")
    matrix = ci["jobs"]["tests"]["strategy"]["matrix"]
    assert set(matrix["os"]) == OPERATING_SYSTEMS
    assert matrix["python"] == ["3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]
    assert 'requires-python = ">=3.9"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
    checks = _runs(ci["jobs"]["checks"])
    for command in ("ruff check .", "mypy", "python -m pytest -q\n", "zizmor", "actionlint",
                    ".ci/wheel-smoke"):
        assert command in checks + "\n", command


def test_the_action_is_tested_on_every_os() -> None:
    action = load_yaml(WORKFLOWS / "action.yml")["jobs"]["action"]
    assert set(action["strategy"]["matrix"]["os"]) == OPERATING_SYSTEMS
    assert "./" in [step.get("uses") for step in action["steps"]]


def test_the_release_builds_once_tests_the_wheel_and_publishes_without_a_token() -> None:
    release = load_yaml(WORKFLOWS / "release.yml")
    assert release["on"] == {"push": {"tags": ["v*"]}}
    jobs = release["jobs"]
    builds = [name for name, job in jobs.items() if "python -m build" in _runs(job)]
    assert builds == ["build"]  # once; the others download what it built
    for name in ("test", "publish"):
        assert any(u.startswith("actions/download-artifact@") for u in _uses({"jobs": {
            name: jobs[name]}})), name
    assert set(jobs["test"]["strategy"]["matrix"]["os"]) == OPERATING_SYSTEMS
    assert "WHEEL=" in _runs(jobs["test"])  # the built wheel, not a rebuild
    publish = jobs["publish"]
    assert set(publish["needs"]) == {"build", "test"}
    assert publish["permissions"]["id-token"] == "write"
    uses = _uses({"jobs": {"publish": publish}})
    assert any(u.startswith("pypa/gh-action-pypi-publish@") for u in uses)
    assert any(u.startswith("actions/attest-build-provenance@") for u in uses)
    text = (WORKFLOWS / "release.yml").read_text(encoding="utf-8")
    assert "password" not in text and "secrets." not in text  # trusted publishing: no token
    # Only the publishing job can get an OpenID Connect token.
    assert [name for name, job in jobs.items()
            if job.get("permissions", {}).get("id-token")] == ["publish"]


def test_dependabot_keeps_the_pins_current() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.dependabot",
         str(DEPENDABOT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    [update] = load_yaml(DEPENDABOT)["updates"]
    assert update["package-ecosystem"] == "github-actions" and update["directories"] == ["/"]


def test_ci_run_checks_every_workflow() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "zizmor --offline --no-progress action.yml docs/example-workflow.yml " \
           ".github/workflows/*.yml" in script
    assert "bash .ci/actionlint/run docs/example-workflow.yml .github/workflows/*.yml" in script


@pytest.mark.skipif(shutil.which("zizmor") is None, reason="zizmor comes with the lint extra")
def test_zizmor_finds_nothing_in_the_workflows() -> None:
    result = subprocess.run(["zizmor", "--offline", "--no-progress",
                             *map(str, sorted(WORKFLOWS.glob("*.yml"))), str(DEPENDABOT)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
