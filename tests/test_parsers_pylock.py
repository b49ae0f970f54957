"""pylock.toml (PEP 751), as written by uv and by pip."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddlint import fixes, parsers
from ddlint.model import DependencyFile, FileKind, Severity
from tests.conftest import FIXTURES, applies, assert_at_name_lines


def parse(path: Path) -> DependencyFile:
    """The lock as a run reads it: the engine's parse, with the manifest beside it."""
    return parsers.parse(path, FileKind.PYLOCK)


@pytest.mark.parametrize(("folder", "tool"), [("pylock-uv", "uv"), ("pylock-pip", "pip")])
def test_real_locks(folder: str, tool: str) -> None:
    file = parse(FIXTURES / "parity" / folder / "pylock.toml")
    assert file.diagnostics == ()
    assert file.generated_by == tool
    assert_at_name_lines(file)
    text = file.path.read_text(encoding="utf-8")
    assert len(file.dependencies) == text.count("\n[[packages]]\n")
    assert all(d.locked and d.version for d in file.dependencies)


def test_uv_export_keeps_markers_and_python() -> None:
    file = parse(FIXTURES / "parity" / "pylock-uv" / "pylock.toml")
    assert file.requires_python == ">=3.9, <3.15"
    timeout = next(d for d in file.dependencies if d.name == "async-timeout")
    assert applies(timeout.marker, "3.10") and not applies(timeout.marker, "3.12")


def test_groups_from_markers_and_sources(lock) -> None:
    file = parse(lock("pylock.toml", '''
[[packages]]
name = "pytest"
version = "8.0.0"
marker = "'dev' in dependency_groups"

[[packages]]
name = "mylib"
directory = { path = "../mylib", editable = true }

[[packages]]
name = "tool"
vcs = { type = "git", url = "https://registry.invalid/tool.git", commit-id = "abc" }
'''))
    assert file.diagnostics == ()
    pytest_, mylib, tool = file.dependencies
    assert pytest_.groups == ("dev",)
    assert (mylib.version, mylib.url) == (None, "../mylib")
    assert tool.url == "https://registry.invalid/tool.git"


@pytest.mark.parametrize(("lock_version", "severity", "read"), [
    ("1.1", Severity.WARNING, True),
    ("2.0", Severity.ERROR, False),
])
def test_format_versions(lock, lock_version: str, severity: Severity, read: bool) -> None:
    file = parse(lock("pylock.toml", '[[packages]]\nname = "a"\nversion = "1"\n',
                       header=f'lock-version = "{lock_version}"\n'))
    (problem,) = file.diagnostics
    assert problem.severity is severity and problem.location.line == 1
    assert bool(file.dependencies) is read


def test_index_package_without_version(lock) -> None:
    file = parse(lock("pylock.toml", '[[packages]]\nname = "a"\n'
                       'wheels = [{ url = "https://registry.invalid/a.whl" }]\n'))
    (problem,) = file.diagnostics
    assert "'a' has no version" in problem.message and problem.location.line == 4


@pytest.mark.parametrize(("tool", "command"), [
    ("uv", "the uv command named at the top of pylock.toml"),
    ("pip", "re-run `pip lock`"),
    ("pdm", "re-create pylock.toml with the tool that wrote it"),
    (None, "re-create pylock.toml with the tool that wrote it"),
])
def test_fix_names_the_writing_tool(lock, tool: str | None, command: str) -> None:
    header = 'lock-version = "1.0"\n' + (f'created-by = "{tool}"\n' if tool else "")
    file = parse(lock("pylock.toml", '[[packages]]\nname = "django"\nversion = "1.7"\n',
                      header=header))
    assert command in fixes.upgrade(file, "django", "django>=1.8")
    assert command in fixes.constrain(file, "django", "django<=2")
