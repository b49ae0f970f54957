"""Lifecycle rules DDL201-DDL205 and the staleness note, at their date and version boundaries."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from ddlint import facts
from ddlint.facts.lifecycle import LifecycleStage, add_months, policy, release_line, release_lines
from tests.conftest import GIT, diagnostics, run_case


def _run(write, ddlint, requirements: str, *args: str, **files: str) -> Any:
    return run_case(write, ddlint, "DDL2", requirements, *args, **files)


def _codes(result: Any) -> list[str]:
    return [d["code"] for d in diagnostics(result)]


def test_add_months() -> None:
    assert add_months(datetime.date(2025, 11, 20), 12) == datetime.date(2026, 11, 20)
    assert add_months(datetime.date(2025, 11, 20), 18) == datetime.date(2027, 5, 20)
    assert add_months(datetime.date(2024, 8, 31), 6) == datetime.date(2025, 2, 28)


def test_add_months_lands_where_the_calendar_says() -> None:
    import calendar

    for year in (1999, 2000, 2023, 2024, 2100):
        for month in range(1, 13):
            for day in (1, 28, 29, 30, 31):
                if day > calendar.monthrange(year, month)[1]:
                    continue
                start = datetime.date(year, month, day)
                for months in range(-14, 40):
                    index = month - 1 + months
                    y, m = year + index // 12, index % 12 + 1
                    expected = datetime.date(y, m, min(day, calendar.monthrange(y, m)[1]))
                    assert add_months(start, months) == expected, (start, months)


def test_release_table_as_published() -> None:
    from packaging.version import Version

    stages = {line.major: line.published_stage(datetime.date(2026, 11, 25))
              for line in release_lines()}
    assert stages == {4: LifecycleStage.GENERAL_AVAILABILITY, 3: LifecycleStage.END_OF_LIFE,
                      2: LifecycleStage.END_OF_LIFE, 1: LifecycleStage.END_OF_LIFE}
    assert release_line(Version("0.61.5")) is release_line(Version("1.20.19"))
    assert (policy().general_availability_months, policy().end_of_life_months,
            policy().backported_minors) == (12, 18, 3)
    for row in facts.load("lifecycle")["release_line"]:
        assert row["source"]


@pytest.mark.parametrize(("today", "code", "severity"), [
    ("2026-05-31", "DDL202", "warning"), ("2026-06-01", "DDL201", "error"),
])
def test_3x_maintenance_ends_on_may_31(write, ddlint, today: str, code: str,
                                        severity: str) -> None:
    result = _run(write, ddlint, "ddtrace==3.19.9\n", "--today", today)
    found = [d for d in diagnostics(result) if d["code"] in ("DDL201", "DDL202")]
    assert [(d["code"], d["severity"], d["line"]) for d in found] == [(code, severity, 1)]
    assert "2026-05-31" in found[0]["message"]
    assert re.fullmatch(r"require ddtrace==4\.\d+\.\d+", found[0]["fix"])  # the 4.x of today
    assert found[0]["tracer_version"] == "3.19.9"


@pytest.mark.parametrize(("pinned", "today"), [("ddtrace==2.21.0", "2026-11-25"),
                                               ("ddtrace == 3.19.9", "2026-05-31"),
                                               ("ddtrace===3.19.9", "2026-11-25")])
def test_the_fix_names_the_release_the_edit_writes(write, ddlint, pinned: str,
                                                  today: str) -> None:
    """A hand-written exact pin stays exact when it moves to the supported line: the fix's
    words name the release ``--diff`` writes, not the line's range."""
    root = write({**GIT, "requirements.txt": f"{pinned}\n"})
    result = ddlint("requirements.txt", "--format", "json", "--select", "DDL201,DDL202",
                    "--today", today, cwd=root)
    (found,) = diagnostics(result)
    diff = ddlint("requirements.txt", "--select", "DDL201,DDL202", "--today", today, "--diff",
                  "--unsafe-fixes", cwd=root)
    written = [line[1:] for line in diff.out.splitlines() if line.startswith("+ddtrace")]
    assert len(written) == 1 and found["fix"] == f"require {written[0].replace(' ', '')}"


@pytest.mark.parametrize("tracer", ["2.21.12", "2.0.0", "1.20.19", "0.61.5"])
def test_older_lines_are_end_of_life(write, ddlint, tracer: str) -> None:
    result = _run(write, ddlint, f"ddtrace=={tracer}\n")
    assert _codes(result) == ["DDL201"] and result.code == 1


def test_4x_published_status_wins_over_the_policy(write, ddlint) -> None:
    """4.0.0 was published 2025-11-20: the policy says Maintenance from 2026-11-20, the table
    still says General Availability. Nobody fails; DDL205 says what the policy implies."""
    assert _codes(_run(write, ddlint, "ddtrace==4.16.0\n", "--today", "2026-11-19")) == []
    result = _run(write, ddlint, "ddtrace==4.16.0\n", "--today", "2026-11-20")
    assert _codes(result) == ["DDL205"] and result.code == 0
    message = next(diagnostics(result))["message"]
    assert "Maintenance since 2026-11-20" in message and "End of Life from 2027-05-20" in message
    assert "General Availability" in message and "no 5.x release" in message
    # Within the facts' age (90 days) the table is trusted; past it DDL206 warns (below).
    later = _run(write, ddlint, "ddtrace==4.16.0\n", "--today", "2027-02-23")
    assert _codes(later) == ["DDL205"] and later.code == 0


def test_policy_agreeing_with_the_table_says_nothing(write, ddlint) -> None:
    """3.x by the policy: Maintenance from 2026-02-20; the table's Maintenance is not later."""
    result = _run(write, ddlint, "ddtrace==3.19.9\n", "--today", "2026-03-01")
    assert _codes(result) == ["DDL202"]


@pytest.mark.parametrize(("tracer", "today", "expected"), [
    # 4.16.0 came out 2026-10-16: from then on the 3 most recent minors are 4.16, 4.15, 4.14
    ("4.13.3", "2026-10-15", []), ("4.13.3", "2026-10-16", ["DDL203"]),
    ("4.14.0", "2026-10-16", []), ("4.16.0", "2026-10-16", []),
])
def test_minor_backports(write, ddlint, tracer: str, today: str,
                         expected: list[str]) -> None:
    result = _run(write, ddlint, f"ddtrace=={tracer}\n", "--today", today)
    assert _codes(result) == expected
    if expected:
        found = next(diagnostics(result))
        assert found["severity"] == "info"
        assert "(4.16, 4.15, 4.14)" in found["message"]
        assert found["fix"] == "require ddtrace>=4.14"


def test_minor_backports_are_a_general_availability_promise(write, ddlint) -> None:
    """3.10 is far from 3.x's most recent minors, but 3.x is in Maintenance: DDL202 only."""
    result = _run(write, ddlint, "ddtrace==3.10.0\n", "--today", "2026-05-31")
    assert _codes(result) == ["DDL202"]


@pytest.mark.parametrize(("agent", "expected"), [
    ("7.27.9", ["DDL204"]), ("7.27", ["DDL204"]), ("7.28", []), ("7.28.0", []), ("7.76.1", []),
])
def test_minimum_agent(write, ddlint, agent: str, expected: list[str]) -> None:
    result = _run(write, ddlint, "ddtrace==4.16.0\n", "--today", "2026-11-19",
                  "--agent-version", agent)
    assert _codes(result) == expected
    if expected:
        found = next(diagnostics(result))
        assert found["severity"] == "error" and "7.28" in found["message"]


def test_minimum_agent_from_configuration(write, ddlint) -> None:
    result = _run(write, ddlint, "ddtrace==4.16.0\n", "--today", "2026-11-19",
                  **{"ddlint.toml": 'agent-version = "7.27.2"\n'})
    assert _codes(result) == ["DDL204"]
    # no Agent declared: nothing to judge; the <2 row names no minimum Agent
    assert _codes(_run(write, ddlint, "ddtrace==4.16.0\n", "--today", "2026-11-19")) == []
    assert _codes(_run(write, ddlint, "ddtrace==1.20.19\n", "--agent-version", "6.0")) == [
        "DDL201"]


@pytest.mark.parametrize(("today", "stale"), [("2027-02-23", False), ("2027-02-24", True)])
def test_stale_facts_note(write, ddlint, today: str, stale: bool) -> None:
    """The release snapshot is as of 2026-11-25; 90 days later the facts may be stale."""
    result = _run(write, ddlint, "django==4.2.16\n", "--today", today)
    notes = [n for n in result.json()["notes"] if "may be stale" in n]
    assert bool(notes) == stale
    if stale:
        assert "2026-11-25" in notes[0] and "ddlint facts update" in notes[0]
    assert result.code == 0


def test_fork_fix_names_the_pythons_to_drop(write, ddlint) -> None:
    forked = ('ddtrace==3.19.9; python_version < "3.9"\n'
              'ddtrace==4.16.0; python_version >= "3.9"\n')
    result = _run(write, ddlint, forked, "--python", "3.8", "--python", "3.12",
                  "--today", "2026-11-19")
    found = list(diagnostics(result))
    assert [(d["code"], d["line"]) for d in found] == [("DDL201", 1)]
    assert found[0]["fix"].startswith("stop targeting Python 3.8 (ddtrace>=4,<5 supports")


def test_tracer_version_option_is_judged(write, ddlint) -> None:
    """A tracer given only on the command line is judged; with no line to point at, the
    verdict is a note (in the configuration, ``tracer-version`` anchors it at its key)."""
    result = _run(write, ddlint, "django==4.2.16\n", "--tracer-version", "2.21.12")
    assert list(diagnostics(result)) == []
    (note,) = [n for n in result.json()["notes"] if n.startswith("DDL201")]
    assert "2.21.12 is End of Life" in note and "single-step instrumentation" in note
    result = _run(write, ddlint, "django==4.2.16\n",
                  **{"ddlint.toml": 'tracer-version = "2.21.12"\n'})
    found = next(diagnostics(result))
    assert (found["code"], found["path"], found["line"], found["version"]) == (
        "DDL201", "ddlint.toml", 1, "2.21.12")


@pytest.mark.parametrize(("declared", "today", "expected"), [
    ("ddtrace>=2,<3", "2026-11-25", ("DDL201", "2.21.12")),
    ("ddtrace~=3.19", "2026-11-25", ("DDL201", "3.19.9")),
    ("ddtrace<4", "2026-11-25", ("DDL201", "3.19.9")),
    ("ddtrace>=3,<4", "2026-05-31", ("DDL202", "3.19.7")),
])
def test_a_range_admitting_no_supported_release_is_judged_as_what_it_installs(
        write, ddlint, declared: str, today: str, expected: tuple[str, str]) -> None:
    """An environment whose own range leaves out the line in General Availability runs the
    newest release the range admits: its lifecycle is that release's, said to be inferred,
    and the fix moves the range to the supported line."""
    code, inferred = expected
    result = _run(write, ddlint, f"{declared}\n", "--today", today)
    found = [d for d in diagnostics(result) if d["code"].startswith("DDL2")]
    assert [(d["code"], d["line"]) for d in found] == [(code, 1)]
    assert f"ddtrace {inferred} (inferred from the range" in found[0]["message"]
    assert found[0]["fix"] == "require ddtrace>=4,<5"


@pytest.mark.parametrize("declared", ["ddtrace>=3", "ddtrace", "ddtrace>=3,<5", "ddtrace!=4.0.0"])
def test_a_range_admitting_the_supported_line_is_left_to_the_installer(
        write, ddlint, declared: str) -> None:
    result = _run(write, ddlint, f"{declared}\n")
    assert [d["code"] for d in diagnostics(result) if d["code"] in ("DDL201", "DDL202")] == []
