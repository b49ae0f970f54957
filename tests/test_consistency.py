"""The same file, the same verdict, however ddlint is called (issue 10).

For every dependency file F that a folder run over a fixture scenario (or examples/) reads, the
findings of ``ddlint F`` located in F are the findings of ``ddlint <scenario>`` located in F;
DDL902 (an ignore that matched nothing) aside, as documented: it depends on what else was read.
Pre-commit passes only the changed files, so a break here is a hook that passes what CI fails.

Each (scenario, file) pair is its own case; the pairs that break on ddlint 0.1 are marked
``xfail(strict=True)`` one by one, so that the fix shows exactly which it mends.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ddlint.cli import main
from tests.conftest import FIXTURES, REPO, TODAY, copy_project

# The names a folder run reads (README, "Which files"), without importing ddlint's internals.
_NAMES = re.compile(
    r"(requirements[^/]*\.txt|[^/]*\.in|constraints[^/]*\.txt|requirements/[^/]+\.txt"
    r"|pyproject\.toml|uv\.lock|poetry\.lock|pdm\.lock|Pipfile\.lock|pylock(\.[^/]+)?\.toml)"
)


def _dependency_files(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and (_NAMES.fullmatch(relative) or _NAMES.fullmatch(path.name)):
            found.append(relative)
    return found


def _scenarios() -> dict[str, Path]:
    folders = {"examples": REPO / "examples"}
    for folder in sorted(p for p in FIXTURES.rglob("*") if p.is_dir()):
        if folder.name == "requirements":  # fixtures/requirements: single files, not a project
            continue
        if any(p.is_file() for p in folder.iterdir()) and _dependency_files(folder):
            folders[folder.relative_to(FIXTURES).as_posix()] = folder
    return folders


SCENARIOS = _scenarios()

# (scenario, file) -> why it breaks (checked: strict xfail). Every pair holds since the project
# stage reads a project's other files as context (issue 10 items 1 and 8).
BROKEN: dict[tuple[str, str], str] = {}


def _cases() -> Iterator[Any]:
    for scenario, folder in SCENARIOS.items():
        for name in _dependency_files(folder):
            marks = []
            why = BROKEN.get((scenario, name))
            if why:
                marks.append(pytest.mark.xfail(strict=True, reason=f"issue 10: {why}"))
            yield pytest.param(scenario, name, id=f"{scenario}:{name}", marks=marks)


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    previous = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def _run(folder: Path, *args: str) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    with _inside(folder), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--format", "json", "--today", TODAY])
    assert code in (0, 1), err.getvalue()
    document: dict[str, Any] = json.loads(out.getvalue())
    return document


def _located(document: dict[str, Any], path: str) -> list[tuple[Any, ...]]:
    keys = ("code", "severity", "line", "column", "package", "version", "tracer_version",
            "python", "platform", "message", "fix", "suppressed")
    return sorted(
        (*(json.dumps(d.get(k), sort_keys=True) for k in keys),
         json.dumps(d.get("related"), sort_keys=True))
        for d in document["diagnostics"] if d["path"] == path and d["code"] != "DDL902"
    )


@pytest.fixture(scope="module")
def folder_run(tmp_path_factory: pytest.TempPathFactory):
    """scenario -> (its copy in a fresh git work tree, the folder run's JSON), computed once."""
    runs: dict[str, tuple[Path, dict[str, Any]]] = {}

    def _get(scenario: str) -> tuple[Path, dict[str, Any]]:
        if scenario not in runs:
            copy = copy_project(SCENARIOS[scenario],
                                tmp_path_factory.mktemp("consistency") / "project")
            runs[scenario] = (copy, _run(copy, "."))
        return runs[scenario]
    return _get


def test_every_scenario_has_dependency_files() -> None:
    assert "examples" in SCENARIOS and "parity/uv" in SCENARIOS
    assert all(_dependency_files(folder) for folder in SCENARIOS.values())


@pytest.mark.parametrize(("scenario", "name"), list(_cases()))
def test_file_alone_gives_the_folder_runs_findings(folder_run, scenario: str, name: str) -> None:
    copy, folder = folder_run(scenario)
    alone = _run(copy, name)
    assert _located(alone, name) == _located(folder, name)
