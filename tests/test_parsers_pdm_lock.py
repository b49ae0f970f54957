"""pdm.lock: packages with marker and groups, the lock's Python range, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddlint import parsers
from ddlint.model import DependencyFile, FileKind, Severity
from tests.conftest import FIXTURES, applies, assert_at_name_lines


def parse(path: Path) -> DependencyFile:
    """The lock as a run reads it: the engine's parse, with the manifest beside it."""
    return parsers.parse(path, FileKind.PDM_LOCK)


def test_real_lock() -> None:
    file = parse(FIXTURES / "parity" / "pdm" / "pdm.lock")
    assert file.diagnostics == ()
    assert file.requires_python == ">=3.9,<3.15"
    assert file.generated_by == "pdm"
    assert_at_name_lines(file)
    text = file.path.read_text(encoding="utf-8")
    assert len(file.dependencies) == text.count("\n[[package]]\n")
    assert {d.groups for d in file.dependencies} == {("default",)}
    colorama = next(d for d in file.dependencies if d.name == "colorama")
    assert applies(colorama.marker, "3.12", "windows-amd64")
    assert not applies(colorama.marker, "3.12", "linux-x86_64")


def test_older_metadata_and_sources(lock) -> None:
    file = parse(lock("pdm.lock", '''
[[package]]
name = "Django"
version = "4.2.1"
groups = ["dev", "default"]
marker = "python_version >= \\"3.10\\""

[[package]]
name = "mylib"
git = "https://registry.invalid/mylib.git"
revision = "abc"
groups = ["default"]
''', "4.4.1"))
    assert file.diagnostics == () and file.requires_python == ">=3.10"
    django, mylib = file.dependencies
    assert (django.name, django.version, django.groups) == ("django", "4.2.1", ("default", "dev"))
    assert django.marker == 'python_version >= "3.10"'
    assert mylib.version is None and mylib.url == "https://registry.invalid/mylib.git"


@pytest.mark.parametrize(("lock_version", "severity", "read"), [
    ("4.6.0", Severity.WARNING, True),
    ("5.0", Severity.ERROR, False),
])
def test_format_versions(lock, lock_version: str, severity: Severity, read: bool) -> None:
    file = parse(lock("pdm.lock", '[[package]]\nname = "a"\nversion = "1"\n', lock_version))
    (problem,) = file.diagnostics
    assert problem.severity is severity and problem.location.line == 3
    assert bool(file.dependencies) is read


def test_package_without_version(lock) -> None:
    file = parse(lock("pdm.lock", '[[package]]\nname = "a"\ngroups = ["default"]\n'))
    (problem,) = file.diagnostics
    assert "'a' has no version" in problem.message and problem.location.line == 7
