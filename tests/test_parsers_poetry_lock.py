"""poetry.lock 1.1, 2.0 and 2.1: packages, markers (read or derived), groups, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddlint import parsers
from ddlint.model import DependencyFile, FileKind, Severity
from tests.conftest import FIXTURES, applies, assert_at_name_lines

VERSIONS = FIXTURES / "poetry-lock-versions"


def parse(path: Path) -> DependencyFile:
    """The lock as a run reads it: the engine's parse, with the manifest beside it."""
    return parsers.parse(path, FileKind.POETRY_LOCK)


@pytest.mark.parametrize("version", ["1.1", "2.0", "2.1"])
def test_every_lock_version_reads_the_same_manifest(version: str) -> None:
    file = parse(VERSIONS / version / "poetry.lock")
    assert file.diagnostics == ()
    assert file.requires_python == ">=3.8,<3.14"
    assert file.generated_by == "poetry"
    assert_at_name_lines(file)
    assert all(d.locked and d.version for d in file.dependencies)
    text = file.path.read_text(encoding="utf-8")
    assert len(file.dependencies) == text.count("\n[[package]]\n") + text.startswith("[[package]]")
    # The manifest forks ddtrace by Python; each Python gets exactly one tracer.
    tracers = [d for d in file.dependencies if d.name == "ddtrace"]
    for python, expected in (("3.8", "3.19.9"), ("3.9", "4.16.0"), ("3.13", "4.16.0")):
        assert [d.version for d in tracers if applies(d.marker, python)] == [expected], python
    tzdata = next(d for d in file.dependencies if d.name == "tzdata")
    assert not applies(tzdata.marker, "3.12", "linux-x86_64")
    assert applies(tzdata.marker, "3.12", "windows-amd64")


def test_groups_from_category_or_groups() -> None:
    assert {d.groups for d in parse(VERSIONS / "1.1" / "poetry.lock").dependencies} == {("main",)}
    assert {d.groups for d in parse(VERSIONS / "2.1" / "poetry.lock").dependencies} == {("main",)}
    # Poetry 1.8 (lock-version 2.0) writes neither.
    assert {d.groups for d in parse(VERSIONS / "2.0" / "poetry.lock").dependencies} == {()}


def test_parity_lock_markers_are_read_as_written() -> None:
    file = parse(FIXTURES / "parity" / "poetry" / "poetry.lock")
    colorama = next(d for d in file.dependencies if d.name == "colorama")
    assert colorama.marker == 'python_version < "3.11.0" and platform_system == "Windows"'
    assert next(d for d in file.dependencies if d.name == "django").origin is not None


def test_markers_per_group(lock) -> None:
    file = parse(lock("poetry.lock", '''
[[package]]
name = "a"
version = "1"
groups = ["main", "dev"]
markers = {main = "sys_platform == 'linux'", dev = "sys_platform == 'win32'"}

[[package]]
name = "b"
version = "1"
groups = ["main", "dev"]
markers = {dev = "sys_platform == 'win32'"}
'''))
    a, b = file.dependencies
    assert applies(a.marker, "3.12", "linux-x86_64") and applies(a.marker, "3.12", "windows-amd64")
    assert not applies(a.marker, "3.12", "macos-arm64")
    assert b.marker is None  # installed everywhere for main
    assert file.requires_python == ">=3.9,<4"


def test_newer_minor_is_read_with_a_warning(lock) -> None:
    file = parse(lock("poetry.lock", '[[package]]\nname = "a"\nversion = "1"\n', "2.2"))
    (warning,) = file.diagnostics
    assert warning.severity is Severity.WARNING and "2.2" in warning.message
    assert [d.name for d in file.dependencies] == ["a"]
    lines = file.path.read_text(encoding="utf-8").splitlines()
    assert lines[warning.location.line - 1] == 'lock-version = "2.2"'


@pytest.mark.parametrize("lock_version", ["3.0", "banana"])
def test_unknown_major_is_an_error(lock, lock_version: str) -> None:
    file = parse(lock("poetry.lock", '[[package]]\nname = "a"\nversion = "1"\n', lock_version))
    (problem,) = file.diagnostics
    assert problem.severity is Severity.ERROR and lock_version in problem.message
    assert file.dependencies == ()


def test_package_without_version(lock) -> None:
    path = lock("poetry.lock",
                '[[package]]\nname = "a"\n\n[[package]]\nname = "b"\nversion = "2"\n')
    file = parse(path)
    (problem,) = file.diagnostics
    assert "'a' has no version" in problem.message and problem.location.line == 2
    assert [d.name for d in file.dependencies] == ["b"]


def test_direct_sources_keep_their_url(lock) -> None:
    file = parse(lock("poetry.lock", '''
[[package]]
name = "mylib"
version = "0.3"
develop = true

[package.source]
type = "git"
url = "https://registry.invalid/mylib.git"
reference = "main"
'''))
    (mylib,) = file.dependencies
    assert mylib.url == "https://registry.invalid/mylib.git"
