"""Writing a fixed file: atomic, permissions kept, never a lockfile, through a symlink only
inside the repository."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ddlint.fixing.edits import Edit
from ddlint.fixing.writing import RefusedError, apply_to_file, write_atomic


def test_the_file_is_replaced_with_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "requirements.in"
    path.write_bytes(b"django>=1.5\r\n")
    path.chmod(0o640)
    twin = tmp_path / "twin"
    os.link(path, twin)  # a hard link still sees the old file: it was replaced, not rewritten
    assert apply_to_file(path, [Edit(path, 1, 7, 1, 12, ">=1.8")], "requirements", tmp_path)
    assert path.read_bytes() == b"django>=1.8\r\n"
    assert twin.read_bytes() == b"django>=1.5\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["requirements.in", "twin"]


def test_no_change_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\ndependencies = ["django>=1.8"]\n')
    before = path.stat().st_ino
    assert not apply_to_file(path, [Edit(path, 2, 24, 2, 29, ">=1.8")], "pyproject.toml", None)
    assert path.stat().st_ino == before


@pytest.mark.parametrize(("name", "kind"), [
    ("uv.lock", "uv.lock"), ("poetry.lock", "poetry.lock"), ("pylock.toml", "pylock.toml"),
    # Defence in depth: a lockfile's name refused even when the caller says otherwise.
    ("uv.lock", "requirements"), ("pylock.dev.toml", "pyproject.toml"),
    ("Pipfile.lock", "requirements"),
])
def test_lockfiles_are_refused(tmp_path: Path, name: str, kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"version = 1\n")
    with pytest.raises(RefusedError, match=r"lockfile|never edited"):
        write_atomic(path, b"changed\n", kind, tmp_path)
    assert path.read_bytes() == b"version = 1\n"


def test_a_symlink_inside_the_repository_is_edited_where_it_points(tmp_path: Path) -> None:
    (tmp_path / "requirements").mkdir()
    real = tmp_path / "requirements" / "base.in"
    real.write_bytes(b"django>=1.5\n")
    link = tmp_path / "requirements.in"
    link.symlink_to(real)
    assert write_atomic(link, b"django>=1.8\n", "requirements", tmp_path) == real.resolve()
    assert link.is_symlink() and real.read_bytes() == b"django>=1.8\n"


@pytest.mark.parametrize("repository_given", [True, False])
def test_a_symlink_leaving_the_repository_is_refused(tmp_path: Path,
                                                    repository_given: bool) -> None:
    outside = tmp_path / "outside.in"
    outside.write_bytes(b"django>=1.5\n")
    repository = tmp_path / "repo"
    repository.mkdir()
    link = repository / "requirements.in"
    link.symlink_to(outside)
    with pytest.raises(RefusedError, match="outside the repository"):
        write_atomic(link, b"django>=1.8\n", "requirements",
                     repository if repository_given else None)
    assert outside.read_bytes() == b"django>=1.5\n"
    assert sorted(p.name for p in repository.iterdir()) == ["requirements.in"]


def test_a_symlink_to_a_lockfile_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / "uv.lock"
    lock.write_bytes(b"version = 1\n")
    link = tmp_path / "requirements.txt"
    link.symlink_to(lock)
    with pytest.raises(RefusedError, match="lockfile"):
        write_atomic(link, b"x\n", "requirements", tmp_path)


def test_a_failed_write_leaves_the_original_and_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "requirements.in"
    path.write_bytes(b"django>=1.5\n")

    def failing(source: str, destination: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, b"django>=1.8\n", "requirements", tmp_path)
    assert path.read_bytes() == b"django>=1.5\n"
    assert [p.name for p in tmp_path.iterdir()] == ["requirements.in"]


def test_fixing_is_imported_only_when_fixing() -> None:
    """The fixing package imports no tomlkit: a pyproject.toml's spans come from the parse's
    own reading (``parsers.pyproject.declarations``)."""
    import subprocess
    import sys

    from tests.conftest import REPO

    code = ("import sys, ddlint.cli, ddlint.fixing.declarations, ddlint.fixing.edits, "
            "ddlint.fixing.narrowing, ddlint.fixing.writing, ddlint.autofix; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'tomlkit'))")
    output = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, check=True).stdout
    assert output.strip() == "[]"
