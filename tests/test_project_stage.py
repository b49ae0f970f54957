"""The project stage reads each file once (issue 11): a pyproject.toml is a manifest, the
project's requires-python, a configuration and the manifest behind its lockfile, and is opened
once per run all the same. An audit hook on ``open`` counts the opens of the project's files."""

from __future__ import annotations

import collections
import contextlib
import io
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from ddlint.cli import main
from tests.conftest import FIXTURES, TODAY, copy_project, make_top

_WATCHED: list[tuple[str, collections.Counter[str]]] = []  # (folder, opens) while a run lasts


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event != "open" or not _WATCHED or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path = os.path.abspath(os.fsdecode(args[0]))
    folder, opens = _WATCHED[-1]
    if path.startswith(folder + os.sep):
        opens[os.path.relpath(path, folder)] += 1


sys.addaudithook(_hook)  # an audit hook cannot be removed: it only counts inside _opens()


def _opens(folder: Path, *arguments: str) -> collections.Counter[str]:
    opens: collections.Counter[str] = collections.Counter()
    previous = os.getcwd()
    os.chdir(folder)
    _WATCHED.append((os.path.realpath(folder), opens))
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = main([*arguments, "--today", TODAY])
    finally:
        _WATCHED.pop()
        os.chdir(previous)
    assert code in (0, 1)
    return opens


@pytest.fixture
def uv_project(tmp_path: Path) -> Path:
    root = copy_project(FIXTURES / "parity" / "uv", tmp_path / "p")
    manifest = root / "pyproject.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8")
                        + '\n[tool.ddlint]\nagent-version = "7.76.1"\n', encoding="utf-8")
    (root / "requirements-dev.txt").write_text("pytest==8.3.3\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("arguments", [(".",), ("pyproject.toml",), ("uv.lock",),
                                       ("requirements-dev.txt",), ("uv.lock", "pyproject.toml")])
def test_each_file_of_the_project_is_opened_once_per_run(uv_project: Path,
                                                         arguments: tuple[str, ...]) -> None:
    opens = _opens(uv_project, *arguments)
    # every dependency file is read: the one asked about and the others as its context
    assert {"pyproject.toml", "uv.lock", "requirements-dev.txt"} <= set(opens)
    assert {path: count for path, count in opens.items() if count > 1} == {}


def test_the_hook_counts_opens(uv_project: Path) -> None:
    """The measure itself: two runs open the manifest twice, each run once."""
    first = _opens(uv_project, "pyproject.toml")
    second = _opens(uv_project, "pyproject.toml")
    assert first["pyproject.toml"] == second["pyproject.toml"] == 1


def test_without_a_project_file_the_requirements_folder_is_one_project(write, ddlint) -> None:
    """No pyproject.toml / setup.py / setup.cfg: requirements/*.txt and the files beside the
    requirements folder are one project; an app in a folder of its own is another."""
    root = write({
        "requirements/deploy.txt": "ddtrace==4.16.0\n",
        "requirements/main.txt": "django==1.7.11\n",
        "apps/old/requirements.txt": "ddtrace==2.21.0\nflask==3.0.3\n",
    })
    make_top(root)
    for arguments in ((".",), ("requirements/main.txt",)):
        result = ddlint(*arguments, "--python", "3.12", "--format", "json", cwd=root)
        main = [(d["code"], d.get("tracer_version")) for d in result.json()["diagnostics"]
                if d["path"] == "requirements/main.txt"]
        assert main == [("DDL301", "4.16.0")], arguments  # not judged against apps/old's 2.21.0
    alone = ddlint("requirements/main.txt", "--format", "json", cwd=root).json()
    assert {d["path"] for d in alone["diagnostics"]} == {"requirements/main.txt"}
