"""Fact tables built a row at a time (facts.RowIndex, LineFacts): the same rows as building
the whole table, and only the rows asked for are built."""

from __future__ import annotations

from ddlint import facts
from ddlint.facts import integrations, tracer


def test_a_row_index_builds_only_the_rows_asked_for() -> None:
    rows = [{"names": ["a", "b"], "n": 1}, {"names": ["b"], "n": 2}, {"names": ["c"], "n": 3}]
    built: list[int] = []

    def build(row: object) -> int:
        number = row["n"]  # type: ignore[index]
        built.append(number)
        return number  # type: ignore[no-any-return]

    index = facts.RowIndex(rows, lambda row: row["names"], build)
    assert sorted(index) == ["a", "b", "c"] and len(index) == 3 and "b" in index
    assert built == []
    assert index["b"] == (1, 2)
    assert index["a"] == (1,) and built == [1, 2]  # row 1 built once
    assert index.get("z") is None
    assert index.rows_of(["c", "a", "z", "a"]) == (1, 3) and built == [1, 2, 3]  # table order
    assert index.all() == (1, 2, 3) and built == [1, 2, 3]


def test_integration_rows_by_distribution_are_the_whole_tables() -> None:
    every = integrations.integrations()
    expected: dict[str, list[integrations.Integration]] = {}
    for row in every:
        for name in row.distributions:
            expected.setdefault(name, []).append(row)
    index = integrations.by_distribution()
    assert {name: list(index[name]) for name in index} == expected
    assert integrations.distributions_of(["redis"]) == next(
        row.distributions for row in every if row.id == "redis")


def test_page_entries_list_every_row_of_the_page() -> None:
    entries = tracer.page_entries()
    rows = facts.load("integrations")["integration"]
    assert set(entries) == {name for row in rows for name in row["distributions"]}
    for row in rows:
        for name in row["distributions"]:
            assert row["id"] in [entry.id for entry in entries[name]]


def test_a_release_line_builds_a_distribution_when_asked() -> None:
    line = tracer.release_line(4)
    assert line is not None
    every = line.distributions
    assert line.names() == {row.name for row in every}
    assert line.tested_pythons() == {cell.python for row in every
                                     for cell in row.tested_by_python}
    for name in line.names():
        assert line.distribution(name) == tuple(row for row in every if row.name == name)
    assert line.distribution("Not-A-Distribution") == ()


def test_releases_read_by_major_are_the_snapshots() -> None:
    from packaging.version import Version

    from ddlint.facts import releases

    every = releases.snapshot()
    majors = sorted({version.major for version in every})
    for first in [None, *majors, max(majors) + 1]:
        for last in [None, *majors]:
            found = {r.version: r for r in releases.within(first, last)}
            assert found == {v: r for v, r in every.items()
                             if (first is None or v.major >= first)
                             and (last is None or v.major <= last)}, (first, last)
    for version in [*every, Version("4.16"), Version("4.16.0.0"), Version("9.9.9"),
                    Version("1!4.0"), Version("4.16.0+local")]:
        assert releases.lookup(version) == every.get(version), version
