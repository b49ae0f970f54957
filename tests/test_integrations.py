"""Integration rules DDL301-DDL305 at every boundary, for every row of the page's tables."""

from __future__ import annotations

from typing import Any

import pytest
from packaging.version import Version

from ddlint import facts
from ddlint.facts.integrations import integrations
from ddlint.versions import bounds

ROWS: list[dict[str, Any]] = facts.load("integrations")["integration"]
PAIRS = [(row, dist) for row in ROWS for dist in row["distributions"]]
WITH_MINIMUM = [(row, dist) for row, dist in PAIRS if "minimum" in row]
# Old enough that every row exists (Pylons is 1.x only), new enough for the rest.
TRACER_1X = "1.20.19"


def _just_below(text: str) -> str:
    """The highest ordinary release below ``text``: 1.8 -> 1.7.999, 2.0 -> 1.999."""
    release = list(Version(text).release)
    while release and release[-1] == 0:
        release.pop()
    assert release, f"cannot go below {text}"
    release[-1] -= 1
    return ".".join(map(str, [*release, 999]))


def _tracer_for(row: dict[str, Any]) -> str:
    return TRACER_1X if "tracer" in row else "4.16.0"


def _lint(write, ddlint, text: str, *args: str):
    root = write({"requirements.txt": text})
    # The integration rules only: runtime and lifecycle findings are tested in their own files.
    return ddlint("requirements.txt", "--format", "json", "--select", "DDL3", *args, cwd=root)


def _rows_for(codes: list[str], diagnostics: list[dict[str, Any]], package: str) -> list[str]:
    return [d["code"] for d in diagnostics if d.get("package") == package and d["code"] in codes]


def test_every_page_row_is_transcribed() -> None:
    tables = [row["table"] for row in ROWS]
    assert (tables.count("web-framework"), tables.count("datastore"),
            tables.count("library")) == (17, 25, 20)
    for row in ROWS:
        assert row["source"] and row["docs"].startswith("https://")
        assert row["stdlib"] == (row["id"] in {"asyncio", "futures", "httplib", "sqlite3"})
        if row["stdlib"]:
            assert row["distributions"] == []


def test_loose_page_versions_read_as_pep440() -> None:
    by_id = {row["id"]: row for row in ROWS}
    assert Version(by_id["gunicorn"]["minimum"]) == Version("20.0.04")
    assert Version(by_id["requests"]["minimum"]) == Version("2.08")


@pytest.mark.parametrize(("row", "dist"), WITH_MINIMUM,
                         ids=[f"{r['id']}:{d}" for r, d in WITH_MINIMUM])
def test_exactly_the_minimum_passes(write, ddlint, row: dict[str, Any], dist: str) -> None:
    result = _lint(write, ddlint, f"ddtrace=={_tracer_for(row)}\n{dist}=={row['minimum']}\n")
    assert _rows_for(["DDL301", "DDL302", "DDL303"], result.json()["diagnostics"], dist) == []


@pytest.mark.parametrize(("row", "dist"), WITH_MINIMUM,
                         ids=[f"{r['id']}:{d}" for r, d in WITH_MINIMUM])
@pytest.mark.parametrize("below", [_just_below, lambda v: f"{v}.dev0"], ids=["release", "dev"])
def test_just_below_the_minimum_fails(write, ddlint, row: dict[str, Any], dist: str, below) -> None:
    version = below(row["minimum"])
    result = _lint(write, ddlint, f"ddtrace=={_tracer_for(row)}\n{dist}=={version}\n")
    found = [d for d in result.json()["diagnostics"] if d["code"] == "DDL301"]
    assert [(d["package"], d["version"], d["line"]) for d in found] == [(dist, version, 2)]
    assert row["page_version"] in found[0]["message"]
    assert result.code == 1


@pytest.mark.parametrize(("version", "codes"), [
    ("0.12.0", []), ("0.16", []), ("0.16.0", []), ("0.16.1", ["DDL302"]),
    ("0.16.0.post1", ["DDL302"]), ("0.17.0", ["DDL302"]), ("1.4.0", ["DDL302"]),
    ("0.11.999", ["DDL301"]),
])
def test_aiopg_upper_bound(write, ddlint, version: str, codes: list[str]) -> None:
    result = _lint(write, ddlint, f"ddtrace==4.16.0\naiopg=={version}\n")
    assert _rows_for(["DDL301", "DDL302"], result.json()["diagnostics"], "aiopg") == codes


@pytest.mark.parametrize(("tracer", "expected"), [
    ("0.61.0", []), ("1.20.19", []), ("2.0.0", ["DDL303"]), ("4.16.0", ["DDL303"]),
])
def test_pylons_is_1x_only(write, ddlint, tracer: str, expected: list[str]) -> None:
    result = _lint(write, ddlint, f"ddtrace=={tracer}\npylons==1.0.3\n")
    assert _rows_for(["DDL301", "DDL303"], result.json()["diagnostics"], "pylons") == expected


MANUAL = [(row, dist) for row, dist in WITH_MINIMUM if not row["automatic"]]


@pytest.mark.parametrize(("row", "dist"), MANUAL, ids=[f"{r['id']}:{d}" for r, d in MANUAL])
def test_manual_integrations_are_info(write, ddlint, row: dict[str, Any], dist: str) -> None:
    result = _lint(write, ddlint, f"ddtrace=={_tracer_for(row)}\n{dist}=={row['minimum']}\n")
    found = [d for d in result.json()["diagnostics"] if d["code"] == "DDL304"]
    assert [(d["package"], d["severity"]) for d in found] == [(dist, "info")]
    assert row["docs"] in found[0]["message"]
    assert result.code == 0  # info never fails the default run


def test_automatic_integration_has_no_manual_finding(write, ddlint) -> None:
    result = _lint(write, ddlint, "ddtrace==4.16.0\ndjango==4.2.16\n")
    assert result.codes() == [] and result.code == 0


def test_tracer_version_option_and_missing_tracer(write, ddlint) -> None:
    result = _lint(write, ddlint, "django==1.7.11\n")
    assert result.codes() == []
    assert result.json()["notes"] == []  # no ddtrace entry: the project does not use the tracer
    result = _lint(write, ddlint, "django==1.7.11\n", "--tracer-version", "4.16.0")
    assert result.codes() == ["DDL301"]
    assert result.json()["diagnostics"][0]["tracer_version"] == "4.16.0"


def test_marker_excluded_dependency_is_not_judged(write, ddlint) -> None:
    text = 'ddtrace==4.16.0\ndjango==1.7.11; python_version < "3.0"\n'
    assert _lint(write, ddlint, text, "--python", "3.12").codes() == []
    assert _lint(write, ddlint, text, "--python", "2.7").codes() == ["DDL301"]


def test_forked_tracer_judges_each_environment(write, ddlint) -> None:
    text = ('ddtrace==1.20.19; python_version < "3.8"\n'
            'ddtrace==4.16.0; python_version >= "3.8"\npylons==1.0.3\n')
    found = _lint(write, ddlint, text, "--python", "3.12").json()["diagnostics"]
    assert [(d["code"], d["tracer_version"]) for d in found] == [("DDL303", "4.16.0")]
    # 1.x has the integration; it is manual, so only DDL304 remains
    assert _lint(write, ddlint, text, "--python", "3.7").codes() == ["DDL304"]


@pytest.mark.parametrize(("spec", "expected"), [
    (">=1.5", ["DDL305"]), (">=1.8", []), (">1.7", ["DDL305"]), ("~=1.7.0", ["DDL305"]),
    ("~=1.8", []), ("==1.7.*", ["DDL305"]), ("<5", ["DDL305"]), ("", ["DDL305"]),
    (">=1.8,<5", []),
])
def test_ranges_that_admit_unsupported_versions(
    write, ddlint, spec: str, expected: list[str]
) -> None:
    result = _lint(write, ddlint, f"ddtrace==4.16.0\ndjango{spec}\n")
    assert result.codes() == expected


@pytest.mark.parametrize(("spec", "expected"), [
    (">=0.12,<=0.16", []), (">=0.12", ["DDL305"]), ("", ["DDL305"]), ("<0.17", ["DDL305"]),
    ("==0.16.*", ["DDL305"]),
])
def test_ranges_above_the_aiopg_maximum(write, ddlint, spec: str, expected: list[str]) -> None:
    result = _lint(write, ddlint, f"ddtrace==4.16.0\naiopg{spec}\n")
    assert result.codes() == expected


def test_bounds() -> None:
    from packaging.specifiers import SpecifierSet

    assert bounds(SpecifierSet(">=1.2,<2")) == (Version("1.2"), Version("2"))
    assert bounds(SpecifierSet("~=1.4.2")) == (Version("1.4.2"), Version("1.5"))
    assert bounds(SpecifierSet("!=1.0")) == (None, None)


def test_every_row_loads() -> None:
    rows = integrations()
    assert len(rows) == len(ROWS)
    aiopg = next(r for r in rows if r.id == "aiopg")
    assert aiopg.supported == ">=0.12.0,<=0.16"


def test_a_pin_in_the_manifest_and_the_lock_is_reported_once(ddlint) -> None:
    """pyproject.toml pins django==1.7.11 and uv.lock locks it: one DDL301, on the lock."""
    from tests.conftest import FIXTURES

    root = FIXTURES / "parity" / "uv"
    both = ddlint("pyproject.toml", "uv.lock", "--format", "json", "--select", "DDL301",
                  cwd=root).json()["diagnostics"]
    assert [(d["path"], d["package"]) for d in both if d["package"] == "django"] == [
        ("uv.lock", "django")]
    # The manifest alone is judged with its lock as context: the finding stays on the lock,
    # which was not asked about (issue 10 item 1), so nothing is reported on the manifest.
    alone = ddlint("pyproject.toml", "--format", "json", "--select", "DDL301",
                   cwd=root).json()["diagnostics"]
    assert [(d["path"], d["package"]) for d in alone if d["package"] == "django"] == []


def test_a_range_without_a_bound_is_judged_on_the_lock_when_one_pins_it(ddlint, tmp_path) -> None:
    """The lock wins: a bare name (or ``<5``) in the manifest of a project whose lock pins the
    package is judged by the lock's entry (DDL301), not as an open range (DDL305)."""

    from tests.conftest import FIXTURES, copy_project

    root = copy_project(FIXTURES / "parity" / "uv", tmp_path / "p")
    manifest = root / "pyproject.toml"
    text = manifest.read_text(encoding="utf-8")
    assert '    "django==1.7.11",\n' in text
    manifest.write_text(text.replace('    "django==1.7.11",\n', '    "django<5",\n'),
                        encoding="utf-8")
    found = ddlint(".", "--format", "json", "--select", "DDL3", cwd=root).json()["diagnostics"]
    django = [(d["code"], d["path"]) for d in found if d.get("package") == "django"]
    assert django == [("DDL301", "uv.lock")]


def test_an_open_range_says_nothing_in_a_project_without_the_tracer(write, ddlint) -> None:
    assert _lint(write, ddlint, "django\nurllib3<2\n").codes() == []
    assert _lint(write, ddlint, "django>=1.5\n").codes() == ["DDL305"]  # a bound it states


def test_the_fix_of_a_range_without_lower_bound_keeps_its_upper_bound(write, ddlint) -> None:
    (finding,) = _lint(write, ddlint, "ddtrace==4.16.0\ndjango<5\n").json()["diagnostics"]
    assert finding["fix"] == "add the lower bound: django>=2.2.8,<5"  # 4.16.0 declares >= 2.2.8
    assert "django<5 admits versions below 1.8" in finding["message"]


def test_the_unavailable_fix_names_only_a_supported_tracer(write, ddlint) -> None:
    """Pylons exists only in ddtrace<2, End of Life on TODAY: the fix does not send users
    there; a row whose releases are still supported is named."""
    (finding,) = _lint(write, ddlint, "ddtrace==4.16.0\npylons==1.0.3\n").json()["diagnostics"]
    assert finding["code"] == "DDL303"
    assert finding["fix"].startswith("trace pylons manually, or move off it")
    assert "End of Life on 2026-11-25" in finding["fix"]
