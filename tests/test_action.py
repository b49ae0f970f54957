"""The GitHub Action (action.yml) and the example workflow: valid by GitHub's schemas, no
input expanded inside a script, and the lint step's script run for real with bash."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

ACTION = REPO / "action.yml"
WORKFLOW = REPO / "docs" / "example-workflow.yml"
EXAMPLE = "ddtrace==4.16.0\ndjango==1.7.11\nbottle==0.12.25\n"


def load(path: Path) -> Any:
    from ruamel.yaml import YAML  # comes with check-jsonschema (the test extras)

    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def steps(document: Any) -> list[dict[str, Any]]:
    if "runs" in document:
        found: list[dict[str, Any]] = document["runs"]["steps"]
        return found
    return [step for job in document["jobs"].values() for step in job["steps"]]


@pytest.mark.parametrize(("path", "schema"), [
    (ACTION, "vendor.github-actions"), (WORKFLOW, "vendor.github-workflows")])
def test_valid_by_githubs_schema(path: Path, schema: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", [ACTION, WORKFLOW], ids=["action", "workflow"])
def test_no_expression_inside_a_script(path: Path) -> None:
    scripts = [step["run"] for step in steps(load(path)) if "run" in step]
    assert scripts or path == WORKFLOW
    for script in scripts:
        assert "${{ inputs." not in script
        assert "${{" not in script  # not even github.* contexts: values go through env:
    # The same on the raw text, should a run: block hide from the parser.
    text = path.read_text(encoding="utf-8")
    for block in re.findall(r"run: \|\n((?:\s{8,}.*\n)+)", text):
        assert "${{" not in block


def test_inputs_and_upload() -> None:
    action = load(ACTION)
    assert action["runs"]["using"] == "composite"
    assert {"paths", "format", "fail-on", "upload", "category"} <= set(action["inputs"])
    assert action["inputs"]["upload"]["default"] == "true"
    upload = next(s for s in steps(action) if "upload-sarif" in s.get("uses", ""))
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ steps.lint.outputs.sarif-file }}"
    assert upload["with"]["category"] == "${{ steps.lint.outputs.category }}"
    install = steps(action)[0]["run"]
    assert '"$GITHUB_ACTION_PATH"' in install  # ddlint from the action's own checkout


def test_readme_shows_the_example_workflow() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"```yaml\n{WORKFLOW.read_text(encoding='utf-8')}```" in readme


@pytest.fixture
def lint_step(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run the action's lint step with bash: its env from ``inputs`` (the action's defaults
    otherwise), a runner temp folder whose ddlint runs this checkout, and GITHUB_OUTPUT."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not available")
    action = load(ACTION)
    step = next(s for s in steps(action) if s.get("id") == "lint")
    venv_bin = tmp_path / "runner" / "ddlint-venv" / "bin"
    venv_bin.mkdir(parents=True)
    shim = venv_bin / "ddlint"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ddlint "$@"\n', encoding="utf-8")
    shim.chmod(0o755)

    def run(workspace: Path, **inputs: str) -> tuple[int, str, dict[str, str]]:
        env = dict(os.environ, RUNNER_TEMP=str(tmp_path / "runner"),
                   GITHUB_OUTPUT=str(tmp_path / "output"),
                   PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
        (tmp_path / "output").write_text("", encoding="utf-8")
        for name, expression in step["env"].items():
            key = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", expression)
            assert key, expression
            default = action["inputs"][key[1]].get("default", "")
            env[name] = inputs.get(key[1].replace("-", "_"), default)
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                                 step["run"]], cwd=workspace, env=env, capture_output=True,
                                text=True, check=False)
        outputs = dict(line.split("=", 1) for line in
                       (tmp_path / "output").read_text(encoding="utf-8").splitlines())
        return result.returncode, result.stdout + result.stderr, outputs
    return run


def test_lint_step_writes_sarif_and_reports(write, lint_step) -> None:
    root = write({"api/requirements.txt": EXAMPLE, "web/requirements.txt": "flask==3.0.3\n"})
    status, log, outputs = lint_step(root, paths="api\n  web", args="--today 2026-11-25")
    assert status == 0, log
    assert outputs["exit-code"] == "1"
    assert outputs["category"] == "ddlint/api-web"
    assert "::error file=api/requirements.txt,line=2,col=1,title=DDL301" in log
    sarif = json.loads((root / outputs["sarif-file"]).read_text(encoding="utf-8"))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]}
    assert "api/requirements.txt" in uris


def test_lint_step_fail_levels(write, lint_step) -> None:
    root = write({"requirements.txt": "ddtrace==4.16.0\nbottle==0.12.25\n"})
    common = {"args": "--today 2026-11-25 --select DDL3", "format": "text"}
    assert lint_step(root, **common)[2]["exit-code"] == "0"  # an info finding only
    assert lint_step(root, fail_on="info", **common)[2]["exit-code"] == "1"
    _, log, outputs = lint_step(root, fail_on="never", **common)
    assert outputs["exit-code"] == "0" and outputs["category"] == "ddlint"
    assert "DDL304" in log


def test_lint_step_rejects_bad_inputs_without_running_them(write, lint_step) -> None:
    root = write({"requirements.txt": EXAMPLE})
    status, log, _ = lint_step(root, format="sarif; touch pwned")
    assert status == 2 and "format must be github, text or json" in log
    status, log, _ = lint_step(root, fail_on="fatal")
    assert status == 2 and "fail-on must be" in log
    status, log, outputs = lint_step(root, paths="$(touch pwned) `touch pwned`")
    assert status == 2 and not outputs
    assert not (root / "pwned").exists()
