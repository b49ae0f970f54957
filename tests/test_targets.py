"""Target Pythons: where they come from (first found wins) and what a range stands for."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Optional

import pytest

from ddlint.facts.runtime import released_pythons
from ddlint.model import DependencyFile, FileKind
from ddlint.project import Project
from ddlint.settings import Settings
from ddlint.targets import resolve
from ddlint.versions import admitted
from tests.conftest import diagnostics

TODAY = datetime.date(2026, 11, 25)
ALL_3X = ("3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15")


def _project(
    tmp_path: Path, *, settings: Optional[Settings] = None, requires_python: Optional[str] = None,
    python_version: Optional[str] = None,
) -> Project:
    pyproject = tmp_path / "pyproject.toml" if requires_python is not None else None
    return Project(root=tmp_path, settings=settings or Settings(today=TODAY),
                   pyproject=pyproject, requires_python=requires_python,
                   python_version=python_version)


def _lock(tmp_path: Path, requires_python: str, name: str = "uv.lock") -> DependencyFile:
    return DependencyFile(path=tmp_path / name, kind=FileKind.UV_LOCK,
                          requires_python=requires_python)


def test_released_pythons_follow_the_as_of_date() -> None:
    assert released_pythons(TODAY) == ("2.7", *ALL_3X)
    # 3.15.0 was released 2026-10-09: not a target a day before
    assert released_pythons(datetime.date(2026, 10, 8))[-1] == "3.14"
    assert released_pythons(datetime.date(2026, 10, 9))[-1] == "3.15"


@pytest.mark.parametrize(("requires_python", "expected"), [
    (">=3.8", ALL_3X[3:]),
    (">=3.9,<3.14", ("3.9", "3.10", "3.11", "3.12", "3.13")),
    (">=3.8.1", ALL_3X[3:]),  # some 3.8 release is admitted, so 3.8 is targeted
    (">=3.8,!=3.9.*", ("3.8", *ALL_3X[5:])),
    ("~=3.11", ("3.11", "3.12", "3.13", "3.14", "3.15")),
    ("==3.12.*", ("3.12",)),
    ("3.11", ("3.11",)),  # Pipfile's python_version
    (">=2.7,<2.8 || >=3.6,<3.7", ("2.7", "3.6")),  # Poetry's "or", as translated
    (">=3.16", ()),
])
def test_a_range_is_every_released_minor_it_admits(
    requires_python: str, expected: tuple[str, ...]
) -> None:
    assert admitted(requires_python, released_pythons(TODAY)) == expected


def test_an_invalid_range_is_none() -> None:
    assert admitted(">=three", released_pythons(TODAY)) is None


def test_first_found_wins(tmp_path: Path) -> None:
    lock = _lock(tmp_path, ">=3.10")
    full = Settings(today=TODAY, python_versions=("3.11",), python_source="--python")
    assert resolve(_project(tmp_path, settings=full, requires_python=">=3.8",
                            python_version="3.12.4"), [lock]).pythons == ("3.11",)
    configured = Settings(today=TODAY, python_versions=("3.13",),
                          config_path=tmp_path / "ddlint.toml")
    targets = resolve(_project(tmp_path, settings=configured, python_version="3.12"), [lock])
    assert (targets.pythons, targets.python_source) == (("3.13",), "python-versions in ddlint.toml")
    targets = resolve(_project(tmp_path, requires_python=">=3.8", python_version="3.12.4"),
                      [lock])
    assert (targets.pythons, targets.python_source) == (("3.12",), ".python-version")
    # The environment's own declaration: its manifest, then its lock, then the project's.
    manifest = DependencyFile(path=tmp_path / "pyproject.toml", kind=FileKind.PYPROJECT,
                              requires_python=">=3.14")
    targets = resolve(_project(tmp_path, requires_python=">=3.14"), [lock, manifest])
    assert targets.pythons == ("3.14", "3.15")
    assert targets.python_source == "requires-python '>=3.14' in pyproject.toml"
    shown = (tmp_path / "uv.lock").as_posix()
    targets = resolve(_project(tmp_path, requires_python=">=3.14"), [lock])
    assert targets.python_source == f"requires-python '>=3.10' in {shown}"
    targets = resolve(_project(tmp_path), [lock])
    assert targets.pythons == ALL_3X[5:]
    assert targets.python_source == f"requires-python '>=3.10' in {shown}"
    requirements = DependencyFile(path=tmp_path / "requirements.txt",
                                  kind=FileKind.REQUIREMENTS)
    targets = resolve(_project(tmp_path, requires_python=">=3.14"), [requirements])
    assert targets.python_source == "requires-python '>=3.14' in pyproject.toml"
    targets = resolve(_project(tmp_path), [])
    assert (targets.pythons, targets.python_source) == ((), None)
    assert targets.known_pythons == released_pythons(TODAY)  # what "unknown" spans


@pytest.mark.parametrize(("line", "expected"), [
    ("3.12.4", ("3.12",)), ("3.13", ("3.13",)), ("cpython-3.11.9", ("3.11",)),
    ("3.14t", ("3.14",)), ("pypy3.10", ("3.9",)), ("system", ("3.9",)),
])
def test_python_version_file(tmp_path: Path, line: str, expected: tuple[str, ...]) -> None:
    """A line that names no CPython falls through to requires-python (here the lock's ==3.9)."""
    lock = _lock(tmp_path, "==3.9.*")
    assert resolve(_project(tmp_path, python_version=line), [lock]).pythons == expected


def test_an_unusable_requires_python_falls_through(tmp_path: Path) -> None:
    targets = resolve(_project(tmp_path, requires_python=">=three"), [_lock(tmp_path, ">=3.15")])
    assert targets.pythons == ("3.15",)
    targets = resolve(_project(tmp_path, requires_python=">=3.16"), [_lock(tmp_path, ">=3.15")])
    assert targets.pythons == ("3.15",)


def test_lockfiles_are_read_in_path_order(tmp_path: Path) -> None:
    files = [_lock(tmp_path, ">=3.15", "z/uv.lock"), _lock(tmp_path, "==3.10.*", "a/uv.lock")]
    assert resolve(_project(tmp_path), files).pythons == ("3.10",)


def test_platforms_come_only_from_options(tmp_path: Path) -> None:
    settings = Settings(today=TODAY, platforms=("linux-i686",))
    assert resolve(_project(tmp_path, settings=settings), []).platforms == ("linux-i686",)
    assert resolve(_project(tmp_path), []).platforms == ()


def test_messages_say_where_the_python_was_declared(write, ddlint) -> None:
    root = write({".git/HEAD": "x\n", "requirements.txt": "ddtrace==4.16.0\n",
                  "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.8"\n'})

    def message(*args: str) -> str:
        found = list(diagnostics(ddlint("requirements.txt", "--format", "json", *args,
                                        cwd=root), "DDL101"))
        assert len(found) == 1
        return str(found[0]["message"])

    assert "3.8, targeted by requires-python '>=3.8' in pyproject.toml:" in message()
    assert "3.8, targeted by --python:" in message("--python", "3.8")
    (root / "ddlint.toml").write_text('python-versions = ["3.8"]\n')
    assert "3.8, targeted by python-versions in ddlint.toml:" in message()
    assert "3.8, targeted by --python:" in message("--python", "3.8")
    (root / "ddlint.toml").unlink()
    (root / ".python-version").write_text("3.8.20\n")
    assert "3.8, targeted by .python-version:" in message()
