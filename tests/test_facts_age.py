"""Releases newer than the facts, facts past their age, yanked releases (issue 24, items 1-2)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import diagnostics, run_case


def _run(write: Any, ddlint: Any, requirements: str, *args: str) -> Any:
    return run_case(write, ddlint, "DDL", requirements, "--python", "3.12", *args)


def _codes(result: Any) -> list[str]:
    return [d["code"] for d in diagnostics(result)]


def test_a_release_newer_than_the_snapshot_is_judged_as_its_line(write, ddlint) -> None:
    """4.17.0 is a 4.x: lifecycle and tracer-data rules apply and say which data they use."""
    result = _run(write, ddlint, "ddtrace==4.17.0\ndjango==6.1.0\n", "--today", "2026-11-25")
    assert _codes(result) == ["DDL205", "DDL503"]
    untested = next(d for d in diagnostics(result) if d["code"] == "DDL503")
    assert "as of 4.16.0, the newest known 4.x data: ddtrace 4.17.0 is newer" in \
        untested["message"]
    (note,) = [n for n in result.json()["notes"] if "4.17.0" in n]
    assert "newest known 4.x: 4.16.0" in note and "judged as release line >=4.0,<5" in note
    # on 2026-06-01 (3.x End of Life) a 3.x pin newer than the snapshot is End of Life too
    older = _run(write, ddlint, "ddtrace==3.19.10\n", "--today", "2026-11-25")
    assert "DDL201" in _codes(older)


def test_a_newer_release_is_held_to_its_lines_newest_requires_python(write, ddlint) -> None:
    """4.16.0 declares <3.15; a 4.17.0 the facts do not know is judged by that, and says so."""
    result = run_case(write, ddlint, "DDL104", "ddtrace==4.17.0\n", "--python", "3.15")
    (finding,) = diagnostics(result)
    assert finding["message"].startswith(
        "the newest 4.x release ddlint's facts know, ddtrace 4.16.0 (ddtrace 4.17.0 is newer), "
        "declares Requires-Python '<3.15,>=3.9'")


def test_a_new_line_the_facts_do_not_know_is_never_a_silent_pass(write, ddlint) -> None:
    result = _run(write, ddlint, "ddtrace==5.0.0\n", "--today", "2026-11-25")
    assert _codes(result) == ["DDL206"] and result.code == 1
    (finding,) = diagnostics(result)
    assert finding["severity"] == "warning" and "newest known release 4.16.0" in \
        finding["message"]
    assert "ddlint facts update" in finding["fix"]


@pytest.mark.parametrize(("today", "codes", "code"), [
    ("2027-02-23", ["DDL205"], 0),  # facts 90 days old: the table is trusted
    ("2027-02-24", ["DDL206"], 1),  # 91 days: the table may have moved on
    ("2027-06-01", ["DDL206"], 1),  # past 4.x's End of Life by the policy: not exit 0
])
def test_a_4x_pin_past_the_facts_age(write, ddlint, today: str, codes: list[str],
                                    code: int) -> None:
    result = _run(write, ddlint, "ddtrace==4.16.0\n", "--today", today)
    assert _codes(result) == codes and result.code == code
    message = next(diagnostics(result))["message"]
    if code:
        assert "no 5.x release exists" not in message
        assert "know no 5.x release" in message and "days old" in message
    else:
        assert "no 5.x release exists" in message


def test_every_finding_says_how_old_the_facts_are_past_their_age(write, ddlint) -> None:
    fresh = _run(write, ddlint, "ddtrace==2.21.12\naiopg==0.16.0\n", "--today", "2027-02-23")
    assert diagnostics(fresh) and not any("ddlint's facts are as of" in d["message"]
                                          for d in diagnostics(fresh))
    old = _run(write, ddlint, "ddtrace==2.21.12\naiopg==0.16.0\n", "--today", "2027-06-01")
    found = list(diagnostics(old))
    assert found and all(d["message"].endswith(
        "(ddlint's facts are as of 2026-11-25, 188 days before 2027-06-01)") for d in found)


@pytest.mark.parametrize("yanked", ["1.9.1", "3.12.1", "3.12.2", "3.12.3", "3.12.4"])
def test_a_pin_on_a_yanked_release_is_a_finding(write, ddlint, yanked: str) -> None:
    result = _run(write, ddlint, f"ddtrace=={yanked}\n", "--today", "2025-09-03")
    (finding,) = [d for d in diagnostics(result) if d["code"] == "DDL106"]
    assert finding["code"] == "DDL106" and "yanked" in finding["message"]


def test_the_yanked_fix_never_advises_an_end_of_life_line(write, ddlint) -> None:
    during = _run(write, ddlint, "ddtrace==3.12.2\n", "--today", "2025-09-05")
    (finding,) = [d for d in diagnostics(during) if d["code"] == "DDL106"]
    assert "nearest release not yanked is 3.12.5" in finding["message"]
    assert "ddtrace>=3.12.5" in finding["fix"]
    after = _run(write, ddlint, "ddtrace==3.12.2\n", "--today", "2026-11-25")
    (finding,) = [d for d in diagnostics(after) if d["code"] == "DDL106"]
    assert "ddtrace>=4,<5" in finding["fix"]


def test_range_inference_never_picks_a_yanked_release(write, ddlint) -> None:
    """3.12.1-3.12.4 are yanked: on 2025-09-03 the range's newest installable is 3.12.0."""
    result = _run(write, ddlint, "ddtrace>=3.12,<3.12.5\naiohttp==1.2.0\n",
                  "--today", "2025-09-03")
    (finding,) = [d for d in diagnostics(result) if d["code"] == "DDL301"]
    assert finding["tracer_version"] == "3.12.0"
