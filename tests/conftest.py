"""Shared helpers: write files into a temporary project and run ddlint's ``main`` on them."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ddlint.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
TODAY = "2026-11-25"
# A repository's top, so that discovery and the configuration search stop at the case folder.
GIT = {".git/HEAD": "ref: refs/heads/main\n"}
_CASES = itertools.count()
# No test reads the user's own `ddlint facts update` cache: a folder that does not exist (a
# test that wants one sets DDLINT_CACHE_DIR itself); subprocesses inherit it.
os.environ["DDLINT_CACHE_DIR"] = str(REPO / ".no-such-cache-folder")


def run_case(write: Any, ddlint: Any, select: str, requirements: str, *args: str,
             **files: str) -> Any:
    """``ddlint requirements.txt --format json --select SELECT ARGS`` in a new folder holding
    ``requirements`` and ``files``. A new folder per run: a pyproject.toml is parsed once per
    process and path."""
    folder = f"case{next(_CASES)}"
    tree = {**GIT, "requirements.txt": requirements, **files}
    root = write({f"{folder}/{name}": text for name, text in tree.items()}) / folder
    return ddlint("requirements.txt", "--format", "json", "--select", select, *args, cwd=root)


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(self.out)
        return document

    def codes(self) -> list[str]:
        return [d["code"] for d in self.json()["diagnostics"] if not d.get("suppressed")]


@pytest.fixture
def write(tmp_path: Path):
    """write({"requirements.txt": "..."}) -> tmp_path, with the texts dedented."""
    def _write(files: dict[str, str | bytes]) -> Path:
        for name, content in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return tmp_path
    return _write


@pytest.fixture
def ddlint(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """ddlint(*args, cwd=...) -> Result; pins --today unless given."""
    def _run(*args: str, cwd: Path | None = None, today: bool = True) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        argv = list(args)
        if today and argv[:1] not in (["rule"], ["rules"]) and "--today" not in argv:
            argv += ["--today", TODAY]
        capsys.readouterr()
        code = main(argv)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)
    return _run


def diagnostics(result: Result, code: str | None = None) -> Iterator[dict[str, Any]]:
    for item in result.json()["diagnostics"]:
        if code is None or item["code"] == code:
            yield item


def copy_project(source: Path, root: Path) -> Path:
    """A copy of the fixture folder ``source`` at ``root``, made a repository's top."""
    shutil.copytree(source, root)
    for name, text in GIT.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def edit_once(path: Path, old: str, new: str) -> None:
    """Replace ``old``, which the file must hold exactly once, by ``new``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
