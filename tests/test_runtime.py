"""Runtime rules DDL101-DDL104: targeted Pythons and platforms against the tracer release."""

from __future__ import annotations

from typing import Any

import pytest

from ddlint import facts
from ddlint.facts.runtime import runtime_rows
from tests.conftest import FIXTURES, copy_project, diagnostics, run_case

RUNTIME_CODES = ("DDL101", "DDL102", "DDL103", "DDL104")


def _pyproject(requires_python: str) -> str:
    return f'[project]\nname = "app"\nversion = "1"\nrequires-python = "{requires_python}"\n'


def _run(write, ddlint, requirements: str, *args: str, requires_python: str = "",
         **files: str) -> Any:
    if requires_python:
        files = {**files, "pyproject.toml": _pyproject(requires_python)}
    return run_case(write, ddlint, "DDL1", requirements, *args, **files)


def _found(result: Any) -> list[tuple[str, str | None, str | None]]:
    """(code, python or platform, tracer) of each runtime finding."""
    return [(d["code"], d.get("python") or d.get("platform"), d.get("tracer_version"))
            for d in diagnostics(result) if d["code"] in RUNTIME_CODES]


def test_page_rows_are_transcribed() -> None:
    rows = runtime_rows()
    assert len(rows) == 12
    by_line: dict[str, set[str]] = {}
    for row in rows:
        by_line.setdefault(row.tracer_text.replace(" ", ""), set()).update(row.platforms)
    assert "linux-i686" not in by_line[">=4,<5"]
    assert all("linux-i686" in by_line[line] for line in (">=3,<4", ">=2,<3", "<2"))
    for row in facts.load("runtime")["runtime"]:
        assert row["source"]


def test_38_is_outside_4x(write, ddlint) -> None:
    """`>=3.8` with 4.x fails for 3.8 only; 3.15 is excluded by the package metadata alone."""
    result = _run(write, ddlint, "ddtrace==4.16.0\n", requires_python=">=3.8")
    assert _found(result) == [("DDL101", "3.8", "4.16.0"), ("DDL104", "3.15", "4.16.0")]
    first = next(diagnostics(result, "DDL101"))
    assert (first["severity"], first["line"], first["package"]) == ("error", 1, "ddtrace")
    assert "CPython 3.9+" in first["message"]
    # 3.x runs on 3.8 but is End of Life on TODAY: the fix names no release line
    assert first["fix"].startswith("stop targeting Python 3.8") and "ddtrace>=" not in first["fix"]
    assert result.code == 1
    earlier = _run(write, ddlint, "ddtrace==4.16.0\n", "--today", "2026-05-31",
                   requires_python=">=3.8")  # 3.x in Maintenance until that day
    assert "ddtrace>=3,<4" in next(diagnostics(earlier, "DDL101"))["fix"]


def test_a_range_means_the_pythons_released_on_the_as_of_date(write, ddlint) -> None:
    """3.15.0 came out 2026-10-09: before that, `>=3.9` does not target it."""
    for today, expected in (("2026-10-08", []), ("2026-10-09", [("DDL104", "3.15", "4.16.0")])):
        result = _run(write, ddlint, "ddtrace==4.16.0\n", "--today", today,
                      requires_python=">=3.9")
        assert _found(result) == expected


def test_2x_inside_its_range_passes(write, ddlint) -> None:
    assert _found(_run(write, ddlint, "ddtrace==2.21.12\n", requires_python=">=3.9,<3.14")) == []
    # 2.x stops at 3.13: a newer Python is outside, and the fix is the newer line
    result = _run(write, ddlint, "ddtrace==2.21.12\n", requires_python=">=3.9")
    assert _found(result) == [("DDL101", "3.14", "2.21.12"), ("DDL101", "3.15", "2.21.12")]
    assert "require ddtrace>=4,<5" in next(diagnostics(result, "DDL101"))["fix"]


@pytest.mark.parametrize(("tracer", "python", "expected"), [
    ("4.16.0", "3.9", []), ("4.16.0", "3.8", ["DDL101"]), ("3.19.9", "3.8", []),
    ("3.19.9", "3.7", ["DDL101"]), ("2.21.12", "3.7", []), ("2.21.12", "3.13", []),
    ("2.21.12", "3.14", ["DDL101"]), ("1.20.19", "2.7", []), ("1.20.19", "3.5", []),
    ("1.20.19", "3.6", []), ("1.20.19", "3.11", []), ("1.20.19", "3.12", ["DDL101"]),
    # the page says 3.9+; from 4.1.0 the metadata says <3.15
    ("4.0.4", "3.15", []), ("4.1.0", "3.15", ["DDL104"]), ("4.16.0", "3.14", []),
])
def test_python_boundaries(write, ddlint, tracer: str, python: str,
                           expected: list[str]) -> None:
    result = _run(write, ddlint, f"ddtrace=={tracer}\n", "--python", python)
    assert [code for code, _, _ in _found(result)] == expected


@pytest.mark.parametrize(("tracer", "platform", "expected"), [
    ("4.16.0", "linux-i686", ["DDL102"]), ("4.16.0", "linux-x86_64", []),
    ("4.16.0", "windows-x86", []), ("4.16.0", "macos-arm64", []),
    ("3.19.9", "linux-i686", []), ("2.21.12", "linux-i686", []), ("1.20.19", "linux-i686", []),
])  # Python 3.9 is supported by every line
def test_platform_boundaries(write, ddlint, tracer: str, platform: str,
                             expected: list[str]) -> None:
    result = _run(write, ddlint, f"ddtrace=={tracer}\n", "--python", "3.9",
                  "--platform", platform)
    assert [code for code, _, _ in _found(result)] == expected


def test_platforms_unknown_means_silent(write, ddlint) -> None:
    assert _found(_run(write, ddlint, "ddtrace==4.16.0\n", "--python", "3.12")) == []
    result = _run(write, ddlint, "ddtrace==4.16.0\n", "--python", "3.12",
                  "--platform", "linux-i686", "--platform", "linux-aarch64")
    assert _found(result) == [("DDL102", "linux-i686", "4.16.0")]
    # 3.x, the last line with i686, is End of Life on TODAY: the fix names no release line
    fix = next(diagnostics(result, "DDL102"))["fix"]
    assert "every release line that supports linux-i686 is End of Life" in fix
    assert "or use ddtrace" not in fix
    earlier = _run(write, ddlint, "ddtrace==4.16.0\n", "--python", "3.12",
                   "--platform", "linux-i686", "--today", "2026-05-31")  # 3.x in Maintenance
    assert "ddtrace>=3,<4 on linux-i686" in next(diagnostics(earlier, "DDL102"))["fix"]


def test_python_unknown_is_said_once(write, ddlint) -> None:
    forked = ('ddtrace==3.19.9; python_version < "3.9"\n'
              'ddtrace==4.16.0; python_version >= "3.9"\n')
    result = _run(write, ddlint, forked)
    assert _found(result) == [("DDL103", None, "3.19.9")]
    unknown = next(diagnostics(result, "DDL103"))
    assert unknown["severity"] == "info" and result.code == 0
    for way in ("requires-python", ".python-version", "--python", "python-versions"):
        assert way in unknown["message"]
    # without a tracer there is nothing to skip
    assert _found(_run(write, ddlint, "django==4.2.16\n")) == []


def test_a_fork_is_judged_per_python(write, ddlint) -> None:
    """Each tracer entry only for the Pythons its marker admits: 3.x covers 3.8, 4.x the rest."""
    forked = ('ddtrace==3.19.9; python_version < "3.9"\n'
              'ddtrace==4.16.0; python_version >= "3.9"\n')
    result = _run(write, ddlint, forked, requires_python=">=3.8")
    assert _found(result) == [("DDL104", "3.15", "4.16.0")]
    assert next(diagnostics(result, "DDL104"))["line"] == 2
    # swap the markers and both entries are wrong for every Python they serve
    swapped = ('ddtrace==4.16.0; python_version < "3.9"\n'
               'ddtrace==2.21.12; python_version >= "3.9"\n')
    result = _run(write, ddlint, swapped, requires_python=">=3.8")
    assert _found(result) == [("DDL101", "3.8", "4.16.0"), ("DDL101", "3.14", "2.21.12"),
                              ("DDL101", "3.15", "2.21.12")]


def test_a_uv_lock_forked_by_python(tmp_path, ddlint) -> None:
    """A real uv.lock (fixtures/uv-forked): ddtrace 3.19.9 for Python < 3.9, 4.16.0 above."""
    copy_project(FIXTURES / "uv-forked", tmp_path / "project")
    result = ddlint("uv.lock", "--format", "json", cwd=tmp_path / "project")
    assert _found(result) == [("DDL104", "3.15", "4.16.0")]
    lines = (tmp_path / "project" / "uv.lock").read_text().splitlines()
    where = next(diagnostics(result, "DDL104"))
    assert lines[where["line"] - 2:where["line"]] == ['[[package]]', 'name = "ddtrace"']
    assert lines[where["line"]] == 'version = "4.16.0"'
    assert "uv.lock" not in where["message"] and "pyproject.toml" in where["message"]
    # one Python target outside the fork's 4.x side: judged against 3.19.9, which supports it
    assert _found(ddlint("uv.lock", "--format", "json", "--python", "3.8",
                         cwd=tmp_path / "project")) == []


def test_tracer_version_option(write, ddlint) -> None:
    """An injected tracer: on the command line, a note (no line of any file states it); in the
    configuration, a finding on the line of the key."""
    result = _run(write, ddlint, "django==4.2.16\n", "--tracer-version", "4.16.0",
                  "--python", "3.8")
    assert list(diagnostics(result, "DDL101")) == []
    (note,) = [n for n in result.json()["notes"] if n.startswith("DDL101")]
    assert "from --tracer-version" in note and "does not support Python 3.8" in note
    result = _run(write, ddlint, "django==4.2.16\n", "--python", "3.8",
                  **{"ddlint.toml": 'select = ["DDL1"]\n\ntracer-version = "4.16.0"\n'})
    found = next(diagnostics(result, "DDL101"))
    assert (found["path"], found["line"]) == ("ddlint.toml", 3)
