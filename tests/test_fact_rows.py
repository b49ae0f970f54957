"""Fact tables shaped for lookup when they are generated (``ddlint.facts.keyed``): the compiled
modules hold each table's rows by the key its loader looks them up by, a loader is a dictionary
lookup that builds only the rows asked for, and the TOML read (a compiled module that no longer
matches its data file) gives the same results."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ddlint import facts
from ddlint.facts import integrations, keyed, tracer

TOP = Path(__file__).resolve().parent.parent
KEYED = ("integrations", "releases", "tracer_v2", "tracer_v3", "tracer_v4")

# Every public result of the loaders that look rows up, over every name of their data: the
# same text whether the facts come from their compiled modules or from the TOML.
DUMP = r"""
import sys
if sys.argv[1] == "toml":
    for name in sys.argv[2:]:
        sys.modules[f"ddlint.facts._compiled.{name}"] = None  # import fails: the TOML is read
from packaging.version import Version
from ddlint.facts import integrations, releases, tracer
out = [repr(integrations.integrations())]
every = integrations.by_distribution()
out += [repr(sorted(every.items())), repr(sorted(integrations.names()))]
out += [repr(integrations.of_distribution(name)) for name in [*every, "not-a-distribution"]]
out += [repr(integrations.distributions_of([row.id])) for row in integrations.integrations()]
out += [repr(sorted(tracer.page_entries().items())), repr(tracer.page_entries_of("nope"))]
for major in (1, 2, 3, 4, 5):
    line = tracer.release_line(major)
    if line is None:
        out.append(f"{major}: none")
        continue
    out += [repr(line), repr(line.distributions), repr(sorted(line.names())),
            repr(sorted(line.tested_pythons())), repr(line.distribution("Not-A-Dist"))]
    for name in sorted(line.names()):
        out += [repr(line.distribution(name)), repr(line.distribution(name.upper()))]
snapshot = releases.snapshot()
majors = sorted({version.major for version in snapshot})
out.append(repr(sorted(snapshot.items())))
out += [repr(releases.within(first, last)) for first in [None, *majors, max(majors) + 1]
        for last in [None, *majors]]
out += [repr(releases.lookup(version)) for version in [
    *snapshot, Version("4.16"), Version("9.9.9"), Version("1!4.0"), Version("4.16.0+local")]]
out += [repr(releases.newest_of(major)) for major in [*majors, 99]]
print("\n".join(out))
"""


def _dump(mode: str) -> str:
    done = subprocess.run([sys.executable, "-c", DUMP, mode, *KEYED], cwd=TOP,
                          capture_output=True, text=True, check=True)
    return done.stdout


@pytest.mark.parametrize("name", KEYED)
def test_a_compiled_module_holds_its_rows_by_their_keys(name: str) -> None:
    module = __import__(f"ddlint.facts._compiled.{name}", fromlist=["KEYS"])
    document = facts.parse(name, module.OMIT)
    assert keyed.tables(name, document) == module.KEYS
    assert module.KEYS  # each loader's table, keyed


def test_the_loaders_give_the_same_from_the_compiled_modules_and_from_the_toml() -> None:
    compiled, toml = _dump("compiled"), _dump("toml")
    assert compiled == toml
    assert compiled.count("\n") > 1000 and "Integration(id='redis'" in compiled


def test_a_lookup_builds_only_the_rows_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    build = integrations._integration

    def counted(row: Any) -> integrations.Integration:
        built.append(row["id"])
        return build(row)

    monkeypatch.setattr(integrations, "_integration", counted)
    integrations._row.cache_clear()
    try:
        assert "redis" in integrations.names() and built == []
        rows = integrations.of_distribution("redis")
        assert [row.id for row in rows] == built and built
        assert integrations.of_distribution("redis") == rows and len(built) == len(rows)
        assert integrations.of_distribution("not-a-distribution") == ()
    finally:
        integrations._row.cache_clear()


def test_integration_rows_by_distribution_are_the_whole_tables() -> None:
    every = integrations.integrations()
    expected: dict[str, list[integrations.Integration]] = {}
    for row in every:
        for name in row.distributions:
            expected.setdefault(name, []).append(row)
    index = integrations.by_distribution()
    assert {name: list(index[name]) for name in index} == expected
    assert set(integrations.names()) == set(expected)
    assert integrations.distributions_of(["redis"]) == next(
        row.distributions for row in every if row.id == "redis")


def test_page_entries_list_every_row_of_the_page() -> None:
    entries = tracer.page_entries()
    rows = facts.load("integrations")["integration"]
    assert set(entries) == set(tracer.page_names()) == {
        name for row in rows for name in row["distributions"]}
    for row in rows:
        for name in row["distributions"]:
            assert row["id"] in [entry.id for entry in tracer.page_entries_of(name)]


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


def test_a_stale_module_s_keys_are_not_used(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    text = (TOP / "rules" / "integrations.toml").read_text(encoding="utf-8")
    text = text.replace("distributions = [", 'distributions = ["added-after-compiling", ', 1)
    (tmp_path / "integrations.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(facts, "facts_dir", lambda: tmp_path)
    facts.load.cache_clear()
    facts.keys.cache_clear()
    try:
        assert facts.keys("integrations")["distribution"]["added-after-compiling"] == [0]
    finally:
        facts.load.cache_clear()
        facts.keys.cache_clear()
