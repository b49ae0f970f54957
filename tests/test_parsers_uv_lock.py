"""uv.lock: every package at its name line, forks judged per environment, groups, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ddlint import parsers
from ddlint.model import DependencyFile, FileKind, Severity
from tests.conftest import FIXTURES, applies, assert_at_name_lines, diagnostics

UV_LOCKS = sorted(FIXTURES.rglob("uv.lock"))


def parse(path: Path) -> DependencyFile:
    """The lock as a run reads it: the engine's parse, with the manifest beside it."""
    return parsers.parse(path, FileKind.UV_LOCK)


@pytest.mark.parametrize("path", UV_LOCKS, ids=lambda p: str(p.parent.relative_to(FIXTURES)))
def test_real_locks_read_without_problems(path: Path) -> None:
    file = parse(path)
    assert file.diagnostics == ()
    assert file.generated_by == "uv"
    assert_at_name_lines(file)
    text = path.read_text(encoding="utf-8")
    # Every [[package]] is a dependency except the project's own entry.
    assert len(file.dependencies) == text.count("\n[[package]]\n") - 1
    project = path.parent.joinpath("pyproject.toml").read_text(encoding="utf-8")
    own_name = project.split('name = "', 1)[1].split('"', 1)[0]
    assert own_name not in {d.name for d in file.dependencies}
    assert all(d.locked and d.version for d in file.dependencies)


def test_forked_resolution_judges_each_version_for_its_pythons() -> None:
    file = parse(FIXTURES / "uv-forked" / "uv.lock")
    assert file.requires_python == ">=3.8"
    tracers = [d for d in file.dependencies if d.name == "ddtrace"]
    assert sorted(d.version or "" for d in tracers) == ["3.19.9", "4.16.0"]
    for python, expected in (("3.8", "3.19.9"), ("3.9", "4.16.0"), ("3.13", "4.16.0")):
        assert [d.version for d in tracers if applies(d.marker, python)] == [expected]
    # Every forked package has exactly one version in each environment.
    names = {d.name for d in file.dependencies}
    for name in names:
        for python in ("3.8", "3.9", "3.10", "3.12", "3.14"):
            versions = [d.version for d in file.dependencies
                        if d.name == name and applies(d.marker, python)]
            assert len(versions) <= 1, (name, python, versions)


def test_markers_on_the_path_narrow_the_environments() -> None:
    file = parse(FIXTURES / "parity" / "uv" / "uv.lock")
    colorama = next(d for d in file.dependencies if d.name == "colorama")
    assert not applies(colorama.marker, "3.9", "linux-x86_64")
    assert applies(colorama.marker, "3.9", "windows-amd64")
    django = next(d for d in file.dependencies if d.name == "django")
    assert django.marker is None
    assert django.origin is not None and django.origin.path.name == "pyproject.toml"


def test_groups_extras_and_dev() -> None:
    file = parse(FIXTURES / "uv-groups" / "uv.lock")
    groups = {d.name: d.groups for d in file.dependencies}
    assert groups["ddtrace"] == ("main",)
    assert groups["redis"] == ("redis",)
    assert groups["pytest"] == ("dev",)
    assert "dev" in groups["typing-extensions"] and "main" in groups["typing-extensions"]


def test_workspace_members_and_local_sources(lock) -> None:
    path = lock("uv.lock", '''
[manifest]
members = ["app", "lib"]

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "lib" }, { name = "tool" }]

[[package]]
name = "lib"
source = { editable = "packages/lib" }

[[package]]
name = "tool"
source = { git = "https://registry.invalid/tool.git?rev=v1#abc" }
version = "1.0"
''')
    file = parse(path)
    assert file.diagnostics == ()
    (tool,) = file.dependencies
    assert (tool.name, tool.version, tool.url) == (
        "tool", "1.0", "https://registry.invalid/tool.git?rev=v1#abc")


def test_unknown_format_version_is_ddl001_at_its_line(lock) -> None:
    file = parse(lock("uv.lock", '[[package]]\nname = "a"\nversion = "1"\n',
                       header="# made by a future uv\nversion = 2\n"))
    (problem,) = file.diagnostics
    assert problem.code == "DDL001" and problem.severity is Severity.ERROR
    assert "version 2" in problem.message and problem.location.line == 2
    assert file.dependencies == ()


def test_any_revision_is_read(lock) -> None:
    file = parse(lock("uv.lock", '[[package]]\nname = "a"\nversion = "1"\n',
                       header="version = 1\nrevision = 99\n"))
    assert file.diagnostics == () and [d.name for d in file.dependencies] == ["a"]


def test_package_without_version_names_the_entry(lock) -> None:
    path = lock("uv.lock", '''
[[package]]
name = "ok"
version = "1"
source = { registry = "https://registry.invalid/simple" }

[[package]]
name = "Broken_Pkg"
source = { registry = "https://registry.invalid/simple" }
''')
    file = parse(path)
    (problem,) = file.diagnostics
    assert "'broken-pkg' has no version" in problem.message
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[problem.location.line - 1] == 'name = "Broken_Pkg"'
    assert [d.name for d in file.dependencies] == ["ok"]


def test_package_must_be_an_array(lock) -> None:
    file = parse(lock("uv.lock", 'package = 3\n'))
    (problem,) = file.diagnostics
    assert problem.code == "DDL001" and problem.location.line == 3


def test_malformed_lock_is_a_finding_not_a_crash(write, ddlint) -> None:
    root = write({"uv.lock": 'version = 1\n[[package]]\nname = "a\n'})
    result = ddlint("uv.lock", "--format", "json", cwd=root)
    (problem,) = diagnostics(result, "DDL001")
    assert problem["line"] == 3 and result.code == 1


def test_only_the_lock_passed_uses_the_project_context(write, ddlint) -> None:
    """As pre-commit does when only uv.lock changed: findings on the lock's lines, with the
    project's configuration."""
    source = FIXTURES / "parity" / "uv"
    root = write({})
    shutil.copy(source / "uv.lock", root / "uv.lock")
    shutil.copy(source / "pyproject.toml", root / "pyproject.toml")
    result = ddlint("uv.lock", "--format", "json", cwd=root)
    django = [d for d in diagnostics(result, "DDL301") if d["package"] == "django"]
    text = (root / "uv.lock").read_text(encoding="utf-8").splitlines()
    assert [text[d["line"] - 1] for d in django] == ['name = "django"']
    assert django[0]["path"] == "uv.lock"

    with (root / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[tool.ddlint]\nignore = ["DDL301"]\n')
    result = ddlint("uv.lock", "--format", "json", cwd=root)
    assert "DDL301" not in result.codes()


def test_folder_run_finds_every_file_in_a_stable_order(write, ddlint) -> None:
    source = FIXTURES / "parity" / "uv"
    root = write({"svc/.venv/pyvenv.cfg": "", "svc/.venv/requirements.txt": "django==1.0\n",
                  "node_modules/x/requirements.txt": "django==1.0\n",
                  "build/requirements.txt": "django==1.0\n"})
    for folder in ("svc", "other"):
        (root / folder).mkdir(exist_ok=True)
        shutil.copy(source / "uv.lock", root / folder / "uv.lock")
        shutil.copy(source / "pyproject.toml", root / folder / "pyproject.toml")
    result = ddlint("--format", "json", cwd=root)
    paths = [d["path"] for d in result.json()["diagnostics"]]
    # The pyproject.toml pins are the lock's too, so they are judged on the lock's lines.
    assert set(paths) == {"other/uv.lock", "svc/uv.lock"}
    assert len(result.json()["summary"]["by_code"]) > 1
    assert paths == sorted(paths)


def test_benchmark_lock_is_a_valid_scaled_uv_lock(tmp_path: Path) -> None:
    """The benchmark's generator: N packages, each at its name line, every complete copy of
    the fixture reachable from the project (the last copy is cut short at N)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_lockfile", FIXTURES.parent / "benchmarks" / "bench_lockfile.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    lock = bench.write_project(tmp_path / "project", 100)
    file = parse(lock)
    assert file.diagnostics == () and len(file.dependencies) == 100
    assert_at_name_lines(file)
    copy_size = len(parse(FIXTURES / "parity" / "uv" / "uv.lock").dependencies)
    complete = file.dependencies[: 100 // copy_size * copy_size]
    assert complete and all(d.groups == ("main",) for d in complete)
