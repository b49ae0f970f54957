"""DDL105 (no wheel for a targeted CPython build or platform) from the index's wheel data."""

from __future__ import annotations

from typing import Any, Optional

import pytest

from ddlint.facts.wheels import wheels_of
from tests.conftest import diagnostics, run_case


def _no_wheel(write: Any, ddlint: Any, requirements: str, *args: str, **files: str) -> list[Any]:
    result = run_case(write, ddlint, "DDL105", requirements, *args, **files)
    return list(diagnostics(result))


@pytest.mark.parametrize("case", [
    ("3.15.0", "3.14", None, "3.16.0"),            # no 3.14 wheel before 3.16.0
    ("2.10.0", "3.13", None, "3.0.0"),             # no 3.13 wheel for 2.0 to 2.18; 2.x EOL
    ("3.5.0", "3.13", "windows-amd64", "3.9.0"),   # no Windows 3.13 wheel for 3.0 to 3.8
    ("4.0.2", "3.15", None, None),                 # no 3.15 wheel for 4.0.x, no upper bound
])
def test_a_supported_python_without_a_wheel(
    write, ddlint, case: tuple[str, str, Optional[str], Optional[str]]
) -> None:
    tracer, python, platform, nearest = case
    args = ["--python", python, "--today", "2026-05-01"]
    if platform:
        args += ["--platform", platform]
    (finding,) = _no_wheel(write, ddlint, f"ddtrace=={tracer}\n", *args)
    assert finding["python"] == python and f"CPython {python}" in finding["message"]
    if nearest:
        assert f"supported on 2026-05-01 with one is {nearest}" in finding["message"]
        assert f"ddtrace>={nearest}" in finding["fix"]
    else:
        assert "no ddtrace release of ddlint's facts has one" in finding["message"]


def test_the_nearest_release_is_on_a_supported_line(write, ddlint) -> None:
    """On 2026-11-25 3.x is End of Life: the fix moves to the first 4.x with the wheel."""
    (finding,) = _no_wheel(write, ddlint, "ddtrace==3.5.0\n", "--python", "3.13",
                           "--platform", "windows-amd64", "--today", "2026-11-25")
    assert "ddtrace>=4.0.0" in finding["fix"]


def test_a_free_threaded_python_version_is_not_the_gil_build(write, ddlint) -> None:
    found = _no_wheel(write, ddlint, "ddtrace==4.16.0\n", **{".python-version": "3.14t\n"})
    (finding,) = found
    assert finding["python"] == "3.14t" and "free-threaded CPython 3.14t" in finding["message"]
    assert _no_wheel(write, ddlint, "ddtrace==4.16.0\n", **{".python-version": "3.14\n"}) == []


def test_wheels_present_and_unsupported_pythons_are_left_to_other_rules(write, ddlint) -> None:
    assert _no_wheel(write, ddlint, "ddtrace==4.16.0\n", "--python", "3.12",
                     "--platform", "linux-aarch64") == []
    # 3.8 on 4.x is DDL101's, 3.15 on 4.16.0 (Requires-Python <3.15) DDL104's
    assert _no_wheel(write, ddlint, "ddtrace==4.16.0\n", "--python", "3.8") == []
    assert _no_wheel(write, ddlint, "ddtrace==4.16.0\n", "--python", "3.15") == []


def test_the_wheel_table_matches_the_index_facts() -> None:
    from packaging.version import Version

    assert not wheels_of(Version("3.15.0")).has_wheel("3.14", None)  # type: ignore[union-attr]
    assert wheels_of(Version("3.16.0")).has_wheel("3.14", None)  # type: ignore[union-attr]
    assert wheels_of(Version("4.17.0")) is None  # newer than the table: unknown, not missing


@pytest.mark.parametrize("given", [("--python", "3.14t"), ("ddlint.toml",)])
def test_a_free_threaded_target_from_the_command_line_or_configuration(
    write, ddlint, given: tuple[str, ...]
) -> None:
    """``--python 3.14t`` and ``python-versions = ["3.14t"]`` target the free-threaded build
    as a ``.python-version`` of ``3.14t`` does: the page's tables judge 3.14, DDL105 the
    build (no ddtrace release ships a free-threaded wheel)."""
    files = {"ddlint.toml": 'python-versions = ["3.14t"]\n'} if given == ("ddlint.toml",) \
        else {}
    args = given if given != ("ddlint.toml",) else ()
    (finding,) = _no_wheel(write, ddlint, "ddtrace==4.16.0\n", *args, **files)
    assert finding["python"] == "3.14t" and "free-threaded CPython 3.14t" in finding["message"]
    result = run_case(write, ddlint, "DDL1", "ddtrace==4.16.0\n", *args, "--today",
                      "2026-11-25", **files)
    assert [d["code"] for d in diagnostics(result)] == ["DDL105"]  # 3.14 itself is supported


def test_both_builds_of_one_minor_are_judged(write, ddlint) -> None:
    found = _no_wheel(write, ddlint, "ddtrace==4.16.0\n", "--python", "3.14",
                      "--python", "3.14t")
    assert [finding["python"] for finding in found] == ["3.14t"]
    pythons = sorted(f["python"] for f in _no_wheel(
        write, ddlint, "ddtrace==3.15.0\n", "--python", "3.14", "--python", "3.14t",
        "--today", "2026-05-01"))
    assert pythons == ["3.14", "3.14t"]


def test_a_python_that_is_no_version_is_refused(write, ddlint) -> None:
    result = run_case(write, ddlint, "DDL105", "ddtrace==4.16.0\n", "--python", "3.14x")
    assert result.code == 2 and "3.14x" in result.err


def test_the_macos_version_is_said_to_be_unchecked(write, ddlint) -> None:
    """A platform is an OS and CPU pair (what markers tell apart): no macOS version is a target,
    and DDL105's documentation says so, with the fact it leaves unjudged."""
    from ddlint.rules import rule

    result = run_case(write, ddlint, "DDL105", "ddtrace==4.16.0\n", "--platform", "macos-13")
    assert result.code == 2 and "macos-13" in result.err
    documented = rule("DDL105")
    assert documented is not None
    assert "Not checked: the macOS version" in documented.why
    assert "From 4.2.0 the macOS wheels need macOS 14" in documented.why
