"""The facts that rule documentation quotes (dates, versions, Agent numbers) are the data's.

Each case names a rule, a value taken from ``rules/*.toml`` through ``ddlint.facts``, and how
the rule's text writes it: a refresh of the data that changes one of them fails here until the
prose (``ddlint rule``, the SARIF help, docs/rules.md) says the same.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from packaging.version import Version

from ddlint.facts.agent import redis_note
from ddlint.facts.integrations import Integration, integrations
from ddlint.facts.lifecycle import ReleaseLine, policy, release_lines
from ddlint.facts.releases import snapshot
from ddlint.facts.runtime import released_pythons, runtime_rows
from ddlint.facts.ssi import InjectionRow, injection_row, injection_rows
from ddlint.rules import all_rules


def _prose(code: str) -> str:
    found = next(r for r in all_rules() if r.code == code)
    return "\n".join((found.summary, found.why, found.example, found.fix))


def _until(major: int) -> datetime.date:
    until = _line(major).maintenance_until
    assert until is not None
    return until


def _line(major: int) -> ReleaseLine:
    return next(line for line in release_lines() if line.major == major)


def _python_text(major: int) -> str:
    return next(row.python_text for row in runtime_rows()
                if row.tracer.contains(Version(f"{major}.0.0"), prereleases=True))


def _row(name: str) -> Integration:
    return next(row for row in integrations() if row.id == name)


def _minors(major: int, today: datetime.date, count: int) -> str:
    minors = sorted({v.release[:2] for v, r in snapshot().items()
                     if v.major == major and not v.is_prerelease and r.date <= today},
                    reverse=True)[:count]
    return ", ".join(".".join(map(str, m)) for m in minors[:-1]) + " and " + ".".join(
        map(str, minors[-1]))


def _injection(version: str) -> InjectionRow:
    row = injection_row(Version(version))
    assert row is not None
    return row


def _injection_since(version: str) -> Version:
    """The first release whose injection allows the CPython range ``version``'s does."""
    return min(row.first for row in injection_rows()
               if row.python == _injection(version).python)


CASES: list[tuple[str, Callable[[], str]]] = [
    ("DDL401", lambda: f"older than {redis_note().agent_minimum}"),
    ("DDL401", lambda: f"`--agent-version {redis_note().agent_minimum}`"),
    ("DDL401", lambda: ", ".join(redis_note().commands[:-1]) + " and " + redis_note().commands[-1]),
    ("DDL402", lambda: f"older than the page's {redis_note().extension_text}"),
    ("DDL402", lambda: f"judged as layer {redis_note().extension_layer}"),
    ("DDL402", lambda: f"`--lambda-extension-version {redis_note().extension_layer}`"),
    ("DDL201", lambda: f"ends on {_line(3).maintenance_until} is End of Life from "
                       f"{_until(3) + datetime.timedelta(days=1)}"),
    ("DDL202", lambda: f"(3.x: until {_line(3).maintenance_until})"),
    ("DDL203", lambda: f"({_minors(4, datetime.date(2026, 11, 25), policy().backported_minors)} "
                       f"are the {policy().backported_minors} most recent minors)"),
    ("DDL204", lambda: f"minimum Agent ({_line(4).minimum_agent})"),
    ("DDL205", lambda: f"End of Life {policy().end_of_life_months} months after x.0.0"),
    ("DDL205", lambda: f"4.0.0 was published {_line(4).first_release}"),
    ("DDL205", lambda: f"4.x in Maintenance from {_line(4).maintenance_from(policy())}"),
    ("DDL101", lambda: f"(4.x: {_python_text(4)}, 3.x: {_python_text(3)}, "
                       f"2.x: {_python_text(2)}, <2: {_python_text(1).replace(', ', ' and ')})"),
    ("DDL104", lambda: f"since 4.1.0 ddtrace declares `requires_python = "
                       f"\"{snapshot()[Version('4.1.0')].requires_python}\"`"),
    ("DDL104", lambda: "3.15 was released " + next(
        str(day) for day in (datetime.date(2026, 10, d) for d in range(1, 32))
        if "3.15" in released_pythons(day))),
    ("DDL107", lambda: f"{_injection('4.16.0').python_text} from {_injection_since('4.16.0')}, "
                       f"{_injection('4.1.0').python_text} for 4.1.x and 4.2.x, "
                       f"{_injection('4.0.0').python_text} for {_injection_since('4.0.0')} "
                       f"to 4.0.x"),
    ("DDL108", lambda: "(`wrapt>=1,!=2.2.0,<3` reads as " + next(
        r.minimum_text for r in _injection('4.16.0').requires or () if r.name == "wrapt") + ")"),
    ("DDL108", lambda: "releases before " + str(min(
        row.first for row in injection_rows() if row.requires is not None))),
    ("DDL302", lambda: f"`aiopg{_row('aiopg').supported}`"),
    ("DDL305", lambda: f"`django>={_row('django').minimum}`"),
]


@pytest.mark.parametrize(("code", "quoted"), CASES, ids=[f"{c}-{i}" for i, (c, _) in
                                                          enumerate(CASES)])
def test_quoted_fact_is_the_datas(code: str, quoted: Callable[[], str]) -> None:
    assert quoted() in _prose(code)
