"""The pre-commit hooks, proven with the real pre-commit: the manifest validates, its ``files``
pattern names what ddlint reads, and ``pre-commit try-repo`` runs the hook in a git repository.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ddlint.deployment import hooked
from ddlint.parsers import detect
from tests.conftest import BAD, CALENDAR_FREE, FIXTURES, HOOKS_MANIFEST, REPO, git, hook_env

# The hook's `files` pattern and parsers.detect must agree on every name.
READ = [
    "requirements.txt", "requirements-dev.txt", "dev-requirements.txt", "Requirements.TXT",
    "requirements.in", "requirements-test.in", "requirements.txt.in", "py39-requirements.txt",
    "requirements/base.txt", "requirements/dev.in", "requirements/PROD.TXT",
    "requirements.d/extra.txt", "constraints.txt", "constraints-py3.9.txt", "Constraints.txt",
    "pyproject.toml", "uv.lock", "poetry.lock", "pdm.lock", "Pipfile.lock", "pylock.toml",
    "pylock.dev.toml", "pylock..toml", "services/api/uv.lock", "a/b/c/pyproject.toml",
    "a/b/requirements/base.txt", "deep/x/pylock.ci.toml", "deep/constraints.txt",
]
NOT_READ = [
    "Pipfile", "setup.py", "setup.cfg", "README.md", "requirements.md", "requirements.txt.bak",
    "requirements.cfg", "pyproject.toml.orig", "PYPROJECT.TOML", "Pyproject.toml",
    "uv.lock.bak", "UV.LOCK", "pipfile.lock", "pylock-dev.toml", "pylock.toml.bak",
    "constraints.in", "test-constraints.txt", "requirements/README.md",
    "requirements/sub/base.txt", "Requirements/base.txt", "docs/requirements/index.rst",
    "my-pyproject.toml", "xuv.lock", "poetry.lock.orig", "lock/uv.lockx",
]


@functools.cache
def _hooks() -> dict[str, dict[str, object]]:
    from pre_commit.clientlib import load_manifest

    return {hook["id"]: hook for hook in load_manifest(str(HOOKS_MANIFEST))}


def _hook_reads(name: str) -> bool:
    pattern = _hooks()["ddlint"]["files"]
    assert isinstance(pattern, str)
    return re.search(pattern, name) is not None  # how pre-commit applies `files`


def test_manifest_validates() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(HOOKS_MANIFEST)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hooks_as_documented() -> None:
    hooks = _hooks()
    assert set(hooks) == {"ddlint", "ddlint-all", "ddlint-fix"}
    fixing = hooks["ddlint-fix"]
    assert (fixing["entry"], fixing["args"], fixing["files"], fixing["pass_filenames"]) == (
        "ddlint --pre-commit", ["--fix", "--"], hooks["ddlint"]["files"], True)
    # `args:` ends with `--` by default: what pre-commit appends is file names, whatever the
    # repository holds (cli.hook_words).
    assert hooks["ddlint"]["args"] == ["--"]
    assert fixing["stages"] == ["pre-commit", "manual"]
    each = hooks["ddlint"]
    assert (each["language"], each["entry"], each["pass_filenames"], each["require_serial"]) == (
        "python", "ddlint --pre-commit", True, True)
    whole = hooks["ddlint-all"]
    assert (whole["entry"], whole["pass_filenames"], whole["always_run"]) == (
        "ddlint", False, True)
    assert each["stages"] == ["pre-commit", "pre-merge-commit", "manual"]
    assert whole["stages"] == ["manual"]
    # Hook type names as stages need pre-commit 3.2.0 (3.1 knew only commit, merge-commit...).
    assert each["minimum_pre_commit_version"] == whole["minimum_pre_commit_version"] == "3.2.0"


@pytest.mark.parametrize("name", READ)
def test_files_pattern_names_what_ddlint_reads(name: str) -> None:
    assert detect(Path(name)) is not None, f"detect() does not read {name}"
    assert _hook_reads(name), f"the hook's files pattern misses {name}"


@pytest.mark.parametrize(("name", "taken"), [
    ("Dockerfile", True), ("services/api/Dockerfile.prod", True), ("web.dockerfile", True),
    ("docker-compose.yml", True), ("deploy/k8s/agent.yaml", True), ("serverless.yml", True),
    ("infra/main.tf", True), ("prod.tfvars", True), ("deploy/ecs/task.json", True),
    ("package.json", True), ("scripts/setup.sh", True), (".env", True),
    ("deploy/.env", True), (".env.local", False), ("x.env", False),
    ("package-lock.json", False), ("tsconfig.json", False), ("cdk.json", False),
    ("lib/stack.ts", False), ("app.py", False), ("README.md", False),
])
def test_files_pattern_takes_the_deployment_files(name: str, taken: bool) -> None:
    """A deployment file may change a verdict (the hook then checks the dependency files it
    applies to); CDK sources are named as any source, so the hook does not take them."""
    assert _hook_reads(name) == taken == hooked(Path(name)), name


@pytest.mark.parametrize("name", NOT_READ)
def test_files_pattern_leaves_out_what_ddlint_does_not_read(name: str) -> None:
    assert detect(Path(name)) is None, f"detect() reads {name}"
    assert not _hook_reads(name) or hooked(Path(name)), f"the hook's files pattern takes {name}"


# Not dependency files, but they set the verdicts of those below them: passed, and checked.
GOVERNING = [".python-version", "ddlint.toml", ".ddlint.toml", "services/api/.python-version",
             "a/b/ddlint.toml"]


@pytest.mark.parametrize("name", GOVERNING)
def test_files_pattern_names_what_sets_verdicts(name: str) -> None:
    assert detect(Path(name)) is None
    assert _hook_reads(name), f"the hook's files pattern misses {name}"


_FRAGMENTS = ["requirements", "constraints", "pylock", "pyproject", "uv", "poetry", "pdm",
              "Pipfile", "lock", "toml", "txt", "in", "d", ".", "-", "/", "R", "TXT", "x",
              # deployment files (ddlint.deployment.hooked)
              "Dockerfile", "yaml", "YML", "json", "package-lock", "cdk", "tf", "sh", "ts",
              "env"]


@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=7))
def test_files_pattern_agrees_with_detect_on_any_name(parts: list[str]) -> None:
    name = "".join(parts)
    if name.endswith("/") or "//" in name or name.startswith("/"):
        return  # not a file name pre-commit passes
    assert _hook_reads(name) == (detect(Path(name)) is not None or hooked(Path(name))), name


# -- try-repo, the real thing ------------------------------------------------------------------

GOOD = "ddtrace==4.16.0\ndjango==4.2.16\n"
LOCK = "services/api/uv.lock"
# The parity fixture's uv.lock fails on its own: DDL301 (django, celery), DDL302 (aiopg),
# DDL401 (redis, unknown Agent). Its project accepts them, with reasons.
ACCEPTED = """
[tool.ddlint]
agent-version = "7.76.1"
ignore = ["DDL2", "DDL304"]

[[tool.ddlint.ignores]]
code = "DDL301"
package = "django"
reason = "legacy admin, upgrade tracked in API-12"

[[tool.ddlint.ignores]]
code = "DDL301"
package = "celery"
reason = "worker pinned by the platform team"

[[tool.ddlint.ignores]]
code = "DDL302"
package = "aiopg"
version = "==1.0.0"
reason = "read-only reporting job"
"""


def _lock_project(python_version: str | None) -> dict[str, str]:
    fixture = FIXTURES / "parity" / "uv"
    files = {
        LOCK: (fixture / "uv.lock").read_text(encoding="utf-8"),
        "services/api/pyproject.toml":
            (fixture / "pyproject.toml").read_text(encoding="utf-8") + ACCEPTED,
    }
    if python_version:
        files["services/api/.python-version"] = python_version + "\n"
    return files


# name -> (the repository's files, the files pre-commit is given)
SCENARIOS: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "bad": ({"ddlint.toml": CALENDAR_FREE, "svc/requirements.txt": BAD},
            ("svc/requirements.txt",)),
    "good": ({"ddlint.toml": CALENDAR_FREE, "requirements.txt": GOOD}, ("requirements.txt",)),
    # requirements.md would be read as a requirements file if it were passed: it must not be.
    "unrelated": ({"README.md": "# project\n", "requirements.md": BAD},
                  ("README.md", "requirements.md")),
    "lockfile": (_lock_project(None), (LOCK,)),
    # Only the deployment changed: the dependency files it applies to are checked with it.
    "deployment": ({"ddlint.toml": CALENDAR_FREE, "requirements.txt": "ddtrace==4.16.0\n"
                    "redis==5.0.8\n", "deploy/docker-compose.yml":
                    "services:\n  datadog:\n    image: datadog/agent:7.52.0\n"},
                   ("deploy/docker-compose.yml",)),
    "lockfile-python-version": (_lock_project("3.8"), (LOCK,)),
    # The whole-repository hook: runs whatever changed, and reads every dependency file.
    "all": ({"ddlint.toml": CALENDAR_FREE, "README.md": "# project\n",
             "svc/requirements.txt": BAD, "requirements.txt": GOOD}, ("README.md",)),
}


@dataclass(frozen=True)
class HookRun:
    code: int
    out: str

    @property
    def status(self) -> str:
        # "ddlint....Passed", or "ddlint (whole repository)....Failed" for ddlint-all
        match = re.search(r"^ddlint[^.]*\.+(?:\(no files to check\))?(Passed|Failed|Skipped)$",
                          self.out, re.MULTILINE)
        assert match, self.out
        return match.group(1)


@pytest.fixture(scope="session")
def hook_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, HookRun]:
    """``pre-commit try-repo <this repository> ddlint --files ...`` once per scenario, all at
    once: try-repo builds the hook's environment (pip-installing ddlint) in a store of its own
    on every call, so running them side by side is what keeps this affordable."""
    if not (REPO / ".git").exists():
        pytest.skip("pre-commit try-repo needs ddlint's git repository (not an sdist)")
    running = {}
    for name, (files, passed) in SCENARIOS.items():
        folder = tmp_path_factory.mktemp(name)
        git(folder, "init", "-q")
        for relative, text in files.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        git(folder, "add", "-A")
        home = tmp_path_factory.mktemp(f"{name}-pre-commit-home")
        running[name] = subprocess.Popen(
            [sys.executable, "-m", "pre_commit", "try-repo", str(REPO),
             *(["ddlint-all", "--hook-stage", "manual"] if name == "all" else ["ddlint"]),
             "--files", *passed],
            cwd=folder, env=hook_env(home), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True,
        )
    runs = {}
    for name, process in running.items():
        out, _ = process.communicate(timeout=900)
        runs[name] = HookRun(process.returncode, out)
    return runs


@pytest.mark.precommit
def test_hook_fails_on_a_bad_requirements_file(hook_runs: dict[str, HookRun]) -> None:
    run = hook_runs["bad"]
    assert (run.code, run.status) == (1, "Failed"), run.out
    assert "svc/requirements.txt:2:1: DDL301 django 1.7.11 is older than ddtrace 4.16.0" in run.out


@pytest.mark.precommit
def test_hook_passes_on_a_good_requirements_file(hook_runs: dict[str, HookRun]) -> None:
    run = hook_runs["good"]
    assert (run.code, run.status) == (0, "Passed"), run.out


@pytest.mark.precommit
def test_hook_checks_what_a_changed_deployment_file_applies_to(
        hook_runs: dict[str, HookRun]) -> None:
    run = hook_runs["deployment"]
    assert (run.code, run.status) == (1, "Failed"), run.out
    assert ("requirements.txt:2:1: DDL401 redis 5.0.8 is traced and the Datadog Agent is 7.52.0 "
            "(deploy/docker-compose.yml:3 'datadog/agent:7.52.0')") in run.out


@pytest.mark.precommit
def test_hook_skips_unrelated_files(hook_runs: dict[str, HookRun]) -> None:
    run = hook_runs["unrelated"]
    assert (run.code, run.status) == (0, "Skipped"), run.out
    assert "DDL" not in run.out


@pytest.mark.precommit
def test_lockfile_alone_gets_its_projects_configuration(
    hook_runs: dict[str, HookRun], write, ddlint
) -> None:
    """pre-commit passes only uv.lock; the [tool.ddlint] of the project's pyproject.toml applies."""
    run = hook_runs["lockfile"]
    assert (run.code, run.status) == (0, "Passed"), run.out
    # The control: without that table, the same lockfile fails.
    files = _lock_project(None)
    files["services/api/pyproject.toml"] = files["services/api/pyproject.toml"].replace(
        ACCEPTED, "\n[tool.ddlint]\n" + CALENDAR_FREE)
    root = write({".git/HEAD": "ref: refs/heads/main\n", **files})
    control = ddlint(LOCK, "--format", "json", cwd=root)
    assert control.code == 1
    assert {"DDL301", "DDL302", "DDL401"} <= set(control.codes())


@pytest.mark.precommit
def test_lockfile_alone_gets_its_projects_python_version(hook_runs: dict[str, HookRun]) -> None:
    """... and so does the project's .python-version, with the configuration still in force."""
    run = hook_runs["lockfile-python-version"]
    assert (run.code, run.status) == (1, "Failed"), run.out
    assert re.search(rf"^{re.escape(LOCK)}:\d+:1: DDL101 ddtrace 4\.16\.0 does not support "
                     r"Python 3\.8.*\.python-version", run.out, re.MULTILINE), run.out
    assert not re.search(r"DDL(301|302|401)", run.out)


@pytest.mark.precommit
def test_whole_repository_hook_runs_whatever_changed(hook_runs: dict[str, HookRun]) -> None:
    run = hook_runs["all"]
    assert (run.code, run.status) == (1, "Failed"), run.out
    assert "svc/requirements.txt:2:1: DDL301 django 1.7.11" in run.out
    assert "\n2 files, 4 dependencies checked: " in run.out  # both, though README.md was given


# -- the stages each hook runs at, with the real pre-commit --------------------------------------

# Every stage a user may install a hook type for that passes files or none; pre-commit run
# --hook-stage S is what the installed git hook of that type runs.
STAGES = ("pre-commit", "pre-merge-commit", "pre-push", "post-checkout", "post-merge", "manual")
WHOLE = "ddlint (whole repository)"


def _hook_status(out: str, name: str) -> str | None:
    match = re.search(rf"^{re.escape(name)}\.+(?:\(no files to check\))?(Passed|Failed|Skipped)$",
                      out, re.MULTILINE)
    return match.group(1) if match else None


@pytest.fixture(scope="session")
def stage_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, HookRun]:
    """One repository that installs both hooks from a commit of this tree (its tracked and
    new files, as try-repo takes them), and ``pre-commit run --hook-stage S`` for each stage,
    one after another in one pre-commit home: the hook environment is built once."""
    if not (REPO / ".git").exists():
        pytest.skip("needs ddlint's git repository (not an sdist)")
    listed = subprocess.run(["git", "ls-files", "-z", "-c", "-o", "--exclude-standard"],
                            cwd=REPO, check=True, capture_output=True).stdout
    hooks = tmp_path_factory.mktemp("hook-repo")
    import shutil

    for name in filter(None, listed.decode("utf-8").split("\0")):
        source = REPO / name
        if source.is_file():
            (hooks / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, hooks / name)
    git(hooks, "init", "-q")
    git(hooks, "add", "-A")
    git(hooks, "-c", "user.name=ddlint tests", "-c", "user.email=tests@example.invalid",
         "commit", "-q", "-m", "the tree under test")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hooks, check=True,
                         capture_output=True, text=True).stdout.strip()
    project = tmp_path_factory.mktemp("stages")
    files = {"ddlint.toml": CALENDAR_FREE, "svc/requirements.txt": BAD,
             "requirements.txt": GOOD,
             ".pre-commit-config.yaml": (
                 f"repos:\n  - repo: {hooks.as_posix()}\n    rev: {rev}\n    hooks:\n"
                 "      - id: ddlint\n      - id: ddlint-all\n")}
    for relative, text in files.items():
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(text, encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    env = hook_env(tmp_path_factory.mktemp("stages-pre-commit-home"))
    runs = {}
    for stage in STAGES:
        done = subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--hook-stage", stage,
             "--files", "svc/requirements.txt"],
            cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False)
        runs[stage] = HookRun(done.returncode, done.stdout + done.stderr)
    return runs


@pytest.mark.precommit
@pytest.mark.parametrize("stage", ["pre-commit", "pre-merge-commit"])
def test_commit_time_stages_run_only_the_changed_files_hook(
        stage_runs: dict[str, HookRun], stage: str) -> None:
    run = stage_runs[stage]
    assert run.code == 1, run.out
    assert _hook_status(run.out, "ddlint") == "Failed", run.out
    assert "svc/requirements.txt:2:1: DDL301 django 1.7.11" in run.out
    assert _hook_status(run.out, WHOLE) is None and WHOLE not in run.out


@pytest.mark.precommit
@pytest.mark.parametrize("stage", ["pre-push", "post-checkout", "post-merge"])
def test_other_stages_run_neither_hook(stage_runs: dict[str, HookRun], stage: str) -> None:
    """Installing these hook types no longer makes ddlint-all run (and fail) on every push,
    checkout and merge."""
    run = stage_runs[stage]
    assert run.code == 0, run.out
    assert _hook_status(run.out, "ddlint") is None and WHOLE not in run.out, run.out


@pytest.mark.precommit
def test_manual_stage_runs_both(stage_runs: dict[str, HookRun]) -> None:
    run = stage_runs["manual"]
    assert run.code == 1, run.out
    assert _hook_status(run.out, "ddlint") == "Failed", run.out
    assert _hook_status(run.out, WHOLE) == "Failed", run.out
    assert "\n2 files, 4 dependencies checked: " in run.out  # ddlint-all: every file


FIXABLE = """[project]
name = "service"
version = "1.0"
requires-python = ">=3.9,<3.15"
dependencies = [
    "ddtrace==4.16.0",
    "django>=1.5",  # the app's web framework
]
"""


@pytest.mark.precommit
def test_fixing_hook_edits_then_passes(tmp_path: Path) -> None:
    """``ddlint-fix`` as pre-commit's fixing hooks behave: the first run edits the manifest and
    fails ("files were modified by this hook"), the second passes."""
    if not (REPO / ".git").exists():
        pytest.skip("pre-commit try-repo needs ddlint's git repository (not an sdist)")
    folder, home = tmp_path / "repo", tmp_path / "home"
    folder.mkdir()
    git(folder, "init", "-q")
    (folder / "ddlint.toml").write_text(CALENDAR_FREE, encoding="utf-8")
    (folder / "pyproject.toml").write_text(FIXABLE, encoding="utf-8")
    git(folder, "add", "-A")

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "ddlint-fix",
             "--files", "pyproject.toml"],
            cwd=folder, env=hook_env(home), capture_output=True, text=True, timeout=900,
            check=False)

    first = run()
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert "fixed 1 finding in pyproject.toml" in first.stdout
    assert (folder / "pyproject.toml").read_text(encoding="utf-8") == FIXABLE.replace(
        '"django>=1.5"', '"django>=2.2.8"')
    git(folder, "add", "-A")
    second = run()
    assert second.returncode == 0, second.stdout + second.stderr
    assert re.search(r"^ddlint --fix\.+Passed$", second.stdout, re.MULTILINE), second.stdout
