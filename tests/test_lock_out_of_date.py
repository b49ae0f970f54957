"""DDL006 lock-out-of-date on each lock format: a real lock whose manifest was edited after it.

The locks are the real tools' fixtures (scripts/regen_fixtures.py); each test copies one and
raises django's pin in the hand-written manifest beside it (1.7.11 -> 1.8.19), which is the
stale state a developer leaves by editing pyproject.toml or the Pipfile without re-locking.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, copy_project, edit_once

PARITY = FIXTURES / "parity"
# (fixture, the lock, the manifest, django's line in it as the fixture writes it, the fix)
LOCKS = [
    ("uv", "uv.lock", "pyproject.toml", '"django==1.7.11"', "run `uv lock`"),
    ("poetry", "poetry.lock", "pyproject.toml", '"django==1.7.11"', "run `poetry lock`"),
    ("pdm", "pdm.lock", "pyproject.toml", '"django==1.7.11"', "run `pdm lock`"),
    ("pipenv", "Pipfile.lock", "Pipfile", 'django = "==1.7.11"', "run `pipenv lock`"),
    ("pylock-uv", "pylock.toml", "pyproject.toml", '"django==1.7.11"',
     "re-run the uv command named at the top of pylock.toml"),
]


def _line_of(path: Path, text: str, after: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1)
                if number > after and text in line)


def _ddl006(ddlint: Any, root: Path, *args: str) -> list[dict[str, Any]]:
    result = ddlint(".", "--format", "json", "--select", "DDL006", *args, cwd=root)
    return [d for d in result.json()["diagnostics"] if d["code"] == "DDL006"]


@pytest.mark.parametrize("case", LOCKS, ids=[case[0] for case in LOCKS])
def test_a_lock_behind_its_manifest_is_reported_on_the_lock_line(
    tmp_path: Path, ddlint: Any, case: tuple[str, str, str, str, str],
) -> None:
    fixture, lock, manifest, declared, fix = case
    root = copy_project(PARITY / fixture, tmp_path / "project")
    assert _ddl006(ddlint, root) == []  # as the tool wrote it, the lock matches
    edit_once(root / manifest, declared, declared.replace("1.7.11", "1.8.19"))

    [found] = _ddl006(ddlint, root)
    assert found["severity"] == "warning"
    assert found["name"] == "lock-out-of-date"
    assert (found["path"], found["package"], found["version"]) == (lock, "django", "1.7.11")
    # on the lock's django entry, with the manifest's line related
    lock_text = (root / lock).read_text(encoding="utf-8")
    entry_line = lock_text.splitlines()[found["line"] - 1]
    assert "django" in entry_line, entry_line
    assert found["related"] == [{"path": manifest, "line": _line_of(root / manifest, "django"),
                                 "column": found["related"][0]["column"]}]
    assert "1.8.19" in found["message"] and "1.7.11" in found["message"]
    assert found["fix"].startswith(fix)


def test_a_range_that_still_admits_the_locked_version_is_no_finding(
    tmp_path: Path, ddlint: Any,
) -> None:
    root = copy_project(PARITY / "uv", tmp_path / "project")
    edit_once(root / "pyproject.toml", '"django==1.7.11"', '"django>=1.7,<1.9"')
    assert _ddl006(ddlint, root) == []
    edit_once(root / "pyproject.toml", '"django>=1.7,<1.9"', '"django>=1.8,<1.9"')
    assert [d["package"] for d in _ddl006(ddlint, root)] == ["django"]


def test_a_marker_counts_only_where_its_declaration_applies(tmp_path: Path,
                                                             ddlint: Any) -> None:
    # uv forks ddtrace: 3.19.9 for Python < 3.9, 4.16.0 for >= 3.9 (fixtures/README.md).
    root = copy_project(FIXTURES / "uv-forked", tmp_path / "project")
    declared = "\"ddtrace>=4,<5; python_version >= '3.9'\""
    edit_once(root / "pyproject.toml", declared, declared.replace(">=4,<5", ">=4.17,<5"))
    found = _ddl006(ddlint, root)
    # Only the entry locked for >= 3.9 is outside its (raised) range; the < 3.9 one is not.
    assert [(d["package"], d["version"]) for d in found] == [("ddtrace", "4.16.0")]
    assert found[0]["related"][0]["line"] == _line_of(root / "pyproject.toml", ">=4.17,<5")
    # Targeting only Python 3.8, the stale entry is not installed anywhere ddlint judges.
    assert _ddl006(ddlint, root, "--python", "3.8") == []


def test_no_manifest_beside_the_lock_is_no_finding(tmp_path: Path, ddlint: Any) -> None:
    root = copy_project(PARITY / "uv", tmp_path / "project")
    (root / "pyproject.toml").unlink()
    assert _ddl006(ddlint, root) == []


def test_every_real_fixture_lock_matches_its_manifest(ddlint: Any) -> None:
    """No false positive on what the real tools wrote."""
    result = ddlint(str(FIXTURES), "--format", "json", "--select", "DDL006")
    assert [d for d in result.json()["diagnostics"] if d["code"] == "DDL006"] == []
    assert result.code == 0


def test_the_lock_entry_carries_the_manifest_lines_behind_it() -> None:
    """The parser's view DDL006 reads: every declaration of the name, with its marker."""
    from ddlint import parsers
    from ddlint.model import FileKind

    lock = FIXTURES / "uv-forked" / "uv.lock"
    ddtrace = [d for d in parsers.parse(lock, FileKind.UV_LOCK).dependencies
               if d.name == "ddtrace"]
    assert len(ddtrace) == 2
    for entry in ddtrace:
        assert [(d.specifier, d.marker) for d in entry.declared] == [
            ("<4,>=3", 'python_version < "3.9"'), ("<5,>=4", 'python_version >= "3.9"')]


def test_a_pipfile_table_and_a_star_are_read(tmp_path: Path, ddlint: Any) -> None:
    root = copy_project(PARITY / "pipenv", tmp_path / "project")
    edit_once(root / "Pipfile", 'django = "==1.7.11"', 'django = {version = ">=1.8"}')
    edit_once(root / "Pipfile", 'redis = "==5.0.8"', 'redis = "*"')
    assert [d["package"] for d in _ddl006(ddlint, root)] == ["django"]


def test_poetry_constraints_and_their_alternatives(tmp_path: Path, ddlint: Any) -> None:
    """A [tool.poetry] manifest: ``^`` ranges, a Python-conditional list, ``||``."""
    root = copy_project(FIXTURES / "poetry-lock-versions" / "2.1", tmp_path / "project")
    assert _ddl006(ddlint, root) == []
    manifest = root / "pyproject.toml"
    edit_once(manifest, 'django = "^4.2"', 'django = "^3.2 || ^5.0"')
    assert [d["package"] for d in _ddl006(ddlint, root)] == ["django"]
    edit_once(manifest, 'django = "^3.2 || ^5.0"', 'django = "^3.2 || ^4.2"')
    assert _ddl006(ddlint, root) == []
    # The Python-conditional entries: only the >= 3.9 one is raised past its lock.
    edit_once(manifest, '{ version = "^4.0", python = ">=3.9" }',
          '{ version = "^4.17", python = ">=3.9" }')
    assert [(d["package"], d["version"]) for d in _ddl006(ddlint, root)] == [
        ("ddtrace", "4.16.0")]


def test_a_uv_override_replaces_the_declared_range(tmp_path: Path, ddlint: Any) -> None:
    """uv.lock's [manifest] overrides: the lock is up to date though outside django>=1.8."""
    root = copy_project(FIXTURES / "uv-override", tmp_path / "project")
    assert _ddl006(ddlint, root) == []
    # Without the override, the same lock is behind its manifest.
    edit_once(root / "uv.lock",
          '[manifest]\noverrides = [{ name = "django", specifier = "==1.7.11" }]\n', "")
    assert [d["package"] for d in _ddl006(ddlint, root)] == ["django"]
