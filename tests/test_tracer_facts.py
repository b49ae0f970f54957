"""The tracer's own facts (rules/tracer_v*.toml), their loader, the DDL501-503 judgement and the
script that writes the data."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest
from packaging.version import Version

from ddlint import facts
from ddlint.facts import tracer as tracer_facts
from ddlint.model import normalize_name
from ddlint.rules.tracer_judgement import (
    TracerVerdict,
    declared_range,
    judge,
    page_contrast,
    tracer_view,
)
from tests.conftest import just_below

REPO = Path(__file__).resolve().parent.parent
T4 = Version("4.16.0")
T3 = Version("3.19.9")
T2 = Version("2.21.12")


def line(major: int) -> tracer_facts.LineFacts:
    found = tracer_facts.release_line(major)
    assert found is not None
    return found


def row(major: int, distribution: str, integration: str = "") -> tracer_facts.DistributionFacts:
    rows = [
        r
        for r in line(major).distribution(distribution)
        if not integration or r.integration == integration
    ]
    assert len(rows) == 1, rows
    return rows[0]


def codes(verdicts: tuple[TracerVerdict, ...]) -> list[str]:
    return [v.code for v in verdicts]


# --- hand-picked rows, each checked against the tracer's files ---------------------------------


@pytest.mark.parametrize(
    ("major", "distribution", "minimum", "maximum", "tested"),
    [
        # django/patch.py: {"django": ">=2.2.8"}; supported_versions.json 2.2.28 .. 5.2.15
        (4, "Django", "2.2.8", "", ("2.2.28", "5.2.15")),
        # psycopg/patch.py: {"psycopg": ">=3.0.0", "psycopg2": ">=2.9.10"}; the binary is tested
        (4, "psycopg2", "2.9.10", "", ("", "")),
        (4, "psycopg2-binary", "2.9.10", "", ("2.9.10", "2.9.10")),
        (4, "psycopg", "3.0.0", "", ("3.0.18", "3.3.4")),
        (4, "requests", "2.25.1", "", ("2.25.1", "2.34.2")),
        (4, "grpcio", "1.34", "", ("1.34.1", "1.75.1")),
        (4, "openai", "1.0", "", ("1.0.0", "2.46.0")),
        # algoliasearch: declared >=2.6.3; patch() wraps only versions below 3.0
        (4, "algoliasearch", "2.6.3", "3.0", ("2.6.3", "2.6.3")),
        (3, "algoliasearch", "2.5.0", "3.0", ("2.5.0", "2.6.3")),
        (2, "algoliasearch", "2.5.0", "3.0", ("2.6.3", "2.6.3")),
        # aiopg: >= 0.16.0 on every line, tested up to 1.4.0 (the page caps it at 0.16)
        (4, "aiopg", "0.16.0", "", ("0.16.0", "1.4.0")),
        (3, "aiopg", "0.16.0", "", ("0.16.0", "1.4.0")),
        (2, "aiopg", "0.16.0", "", ("1.4.0", "1.4.0")),
        (4, "valkey", "6.0.0", "", ("6.0.2", "6.1.1")),
        (3, "valkey", "6.0.0", "", ("6.0.2", "6.1.1")),
        # the 3.x code and the 2.x docs table declare other minimums than 4.x
        (3, "django", "2.2.8", "", ("2.2.28", "5.2")),
        (2, "django", "3.2", "", ("2.2.1", "5.1")),
        (3, "psycopg2", "2.8.0", "", ("", "")),
        (2, "requests", "2.20", "", ("2.20.1", "2.32.3")),
        (4, "redis", "", "", ("4.6.0", "6.4.0")),
        (4, "gunicorn", "", "", ("20.0.4", "23.0.0")),
        (4, "snowflake-connector-python", "2.4.6", "", ("2.4.6", "3.17.2")),
        (3, "cassandra-driver", "3.24.0", "", ("3.24.0", "3.28.0")),
    ],
)
def test_hand_picked_rows(
    major: int, distribution: str, minimum: str, maximum: str, tested: tuple[str, str]
) -> None:
    found = row(major, distribution)
    assert (found.minimum, found.maximum) == (minimum, maximum)
    assert (found.tested_min, found.tested_max) == tested
    assert bool(found.declared_source) == bool(found.declared)
    assert bool(found.tested_source) == bool(tested[0])


def test_per_python_ranges_of_the_4x_line() -> None:
    django = row(4, "django")
    assert [r.python for r in django.tested_by_python] == ["3.9", "3.10", "3.11", "3.12", "3.13"]
    assert django.tested_on("3.12") == tracer_facts.TestedRange("3.12", "4.2.20", "5.2.15")
    assert django.tested_on("3.14") is None
    assert [r.python for r in row(4, "bottle").tested_by_python] == ["3.9"]
    assert [r.python for r in row(4, "vertica-python").tested_by_python] == ["3.9"]
    assert row(4, "valkey").tested_on("3.14") == tracer_facts.TestedRange("3.14", "6.1.1", "6.1.1")
    assert row(3, "django").tested_by_python == ()  # 3.x publishes no per-CPython split


def test_patched_by_default() -> None:
    patched = {i.name: i.patched for i in line(4).integrations}
    assert patched["valkey"] == patched["django"] == "yes"
    assert patched["aiobotocore"] == patched["snowflake"] == "no"
    assert patched["cherrypy"] == "manual"  # not in PATCH_MODULES
    assert patched["mlflow"] == patched["protobuf"] == "conditional"


def test_integrations_removed_in_4_0() -> None:
    for major, present in ((4, False), (3, True), (2, True)):
        for page_id in ("mongoengine", "cassandra"):
            found = line(major).page_row(page_id)
            assert found is not None and found.present is present, (major, page_id)
    assert line(4).distribution("mongoengine") == ()
    assert line(4).integration("cassandra") is None and line(3).integration("cassandra") is not None


def test_facts_newer_in_4_16_carry_their_own_source() -> None:
    assert line(4).sources == ("dd-trace-py@3bb9ecd", "ddtrace 4.16.0 sdist")
    assert (line(4).release, line(3).release, line(2).release) == ("4.16.0", "3.19.8", "2.21.12")
    for name in ("anyio", "httpx2", "trio"):
        found = row(4, name)
        assert found.declared_source.startswith("ddtrace 4.16.0 sdist: "), found
        assert found.tested_max == ""  # no tested range published for them yet
    # 4.16.0 added a botocore minimum to aiobotocore's declaration; the rest is the commit's
    assert row(4, "botocore", "aiobotocore").declared_source.startswith("ddtrace 4.16.0 sdist: ")
    assert row(4, "django").declared_source.startswith("dd-trace-py@3bb9ecd: ")


def test_every_file_is_well_formed() -> None:
    page_ids = {r["id"] for r in facts.load("integrations")["integration"] if r["distributions"]}
    for major in tracer_facts.LINES:
        data = line(major)
        assert data.line == major
        assert {p.id for p in data.page_rows} == page_ids
        names = [(d.name, d.integration) for d in data.distributions]
        assert names == sorted(names) and len(set(names)) == len(names)
        for d in data.distributions:
            assert d.name == normalize_name(d.name)
            assert data.integration(d.integration) is not None, d
            for value in (d.minimum, d.maximum, d.tested_min, d.tested_max):
                assert not value or Version(value)
            assert bool(d.maximum) == bool(d.maximum_source)
            assert bool(d.tested_max) == bool(d.tested_source)
        assert all(i.source and p.source for i in data.integrations for p in data.page_rows)


def test_no_data_for_other_lines() -> None:
    assert tracer_facts.release_line(1) is None and tracer_facts.release_line(5) is None
    assert judge("django", Version("1.11"), Version("1.20.19")) == ()
    assert judge("django", Version("1.11"), Version("5.0.0")) == ()


# --- the verdicts the issue names ------------------------------------------------------------


@pytest.mark.parametrize(
    ("distribution", "version"), [("mongoengine", "0.29.1"), ("cassandra-driver", "3.29.0")]
)
def test_removed_integrations(distribution: str, version: str) -> None:
    (verdict,) = judge(distribution, Version(version), T4)
    assert (verdict.code, verdict.reason, verdict.release) == (
        "DDL501",
        "integration-removed",
        "4.16.0",
    )
    assert verdict.page_id in ("mongoengine", "cassandra") and verdict.source.startswith(
        "ddtrace 4.16.0 sdist"
    )
    on_3x = codes(judge(distribution, Version(version), T3))
    assert "DDL501" not in on_3x and "DDL502" not in on_3x


def test_cassandra_3_29_is_newer_than_3x_tested() -> None:
    # Not "nothing": 3.x was tested up to cassandra-driver 3.28.0, so 3.29.0 is untested (info).
    (verdict,) = judge("cassandra-driver", Version("3.29.0"), T3)
    assert (verdict.code, verdict.tested_max) == ("DDL503", "3.28.0")
    assert judge("mongoengine", Version("0.29.1"), T3) == ()


def test_algoliasearch_4_breaks_patching() -> None:
    (verdict,) = judge("algoliasearch", Version("4.1.0"), T4)
    assert (verdict.code, verdict.reason, verdict.declared) == (
        "DDL502",
        "above-maximum",
        ">=2.6.3,<3.0",
    )
    assert "patch.py" in verdict.source
    assert judge("algoliasearch", Version("2.6.3"), T4) == ()
    assert codes(judge("algoliasearch", Version("3.0.0"), T3)) == ["DDL502"]


def test_django_untested_versions_and_pythons() -> None:
    (verdict,) = judge("Django", Version("6.1.3"), T4, ["3.12"])
    assert (verdict.code, verdict.reason) == ("DDL503", "newer-than-tested")
    assert verdict.new_series
    (patch_release,) = judge("django", Version("5.2.19"), T4)
    assert (patch_release.code, patch_release.new_series) == ("DDL503", False)
    assert (verdict.tested_min, verdict.tested_max, verdict.python) == ("2.2.28", "5.2.15", "")
    assert judge("django", Version("5.2.15"), T4, ["3.12"]) == ()
    (on_314,) = judge("django", Version("5.2.15"), T4, ["3.12", "3.14"])
    assert (on_314.reason, on_314.python) == ("python-untested", "3.14")
    assert on_314.tested_pythons == ("3.9", "3.10", "3.11", "3.12", "3.13")
    assert judge("django", Version("5.2.15"), T4) == ()  # no CPython known: none judged


@pytest.mark.parametrize(
    ("distribution", "newest", "tested_max"),
    [
        ("redis", "8.1.0", "6.4.0"),
        ("django", "6.1.3", "5.2.15"),
        ("gunicorn", "27.0.1", "23.0.0"),
        ("snowflake-connector-python", "5.2.0", "3.17.2"),
    ],
)
def test_newest_releases_past_the_4x_tests(distribution: str, newest: str, tested_max: str) -> None:
    (verdict,) = judge(distribution, Version(newest), T4)
    assert (verdict.code, verdict.tested_max) == ("DDL503", tested_max)
    assert verdict.source == "dd-trace-py@3bb9ecd: supported_versions.json"
    assert judge(distribution, Version(tested_max), T4) == ()


def test_a_cpython_with_some_tests_is_not_untested() -> None:
    # redis: 3.12's CI ran 5.2.0 only, 3.14's ran 6.4.0; the line's newest tested is 6.4.0.
    assert row(4, "redis").tested_on("3.12") == tracer_facts.TestedRange("3.12", "5.2.0", "5.2.0")
    assert judge("redis", Version("6.4.0"), T4, ["3.12"]) == ()
    (bottle,) = judge("bottle", Version("0.13.4"), T4, ["3.12"])
    assert (bottle.reason, bottle.python) == ("python-untested", "3.12")
    assert bottle.tested_pythons == ("3.9",)


def test_page_findings_are_not_repeated() -> None:
    # Below the page's own minimum (DDL301 reports it) or above its maximum (DDL302): no DDL502.
    assert judge("django", Version("1.7"), T4) == ()
    assert codes(judge("django", Version("1.8"), T4)) == ["DDL502"]
    # aiopg: the page caps it at 0.16, the tracer tests up to 1.4.0: nothing from the tracer data
    assert judge("aiopg", Version("1.4.0"), T4) == ()
    # inside the page's range (>= 0.12.0, <= 0.16) but below the tracer's own minimum
    assert codes(judge("aiopg", Version("0.15.0"), T4)) == ["DDL502"]
    # a library the page does not list: only the tracer's minimum applies
    (openai,) = judge("openai", Version("0.28.1"), T4)
    assert (openai.code, openai.page_id, openai.declared) == ("DDL502", "", ">=1.0")


def test_page_contrast_for_page_findings() -> None:
    contrast = page_contrast("aiopg", Version("1.4.0"), T4)
    assert contrast is not None
    assert (contrast.page_version, contrast.declared) == (">= 0.12.0, <= 0.16", ">=0.16.0")
    assert (contrast.tested_min, contrast.tested_max) == ("0.16.0", "1.4.0")
    assert contrast.release == "4.16.0"
    assert page_contrast("aiopg", Version("0.16"), T4) is None  # the page admits it
    assert page_contrast("django", Version("1.7"), T4) is None  # both reject it
    assert page_contrast("redis", Version("2.0"), T4) is None  # the line declares no minimum
    assert page_contrast("aiopg", Version("1.4.0"), Version("1.20.0")) is None  # no 1.x data


def test_companions_are_not_judged_alone() -> None:
    assert row(4, "botocore", "aiobotocore").companion
    assert not row(4, "botocore", "botocore").companion
    assert tracer_view("botocore", T4) == row(4, "botocore", "botocore")
    assert tracer_view("ray", T4) == row(4, "ray", "ray")
    assert judge("botocore", Version("1.10.0"), T4) == ()


def test_messages_have_their_numbers() -> None:
    (verdict,) = judge("psycopg2", Version("2.9.9"), T4)
    assert (verdict.code, verdict.reason, verdict.declared) == (
        "DDL502",
        "below-minimum",
        ">=2.9.10",
    )
    assert (verdict.page_id, verdict.page_version) == ("psycopg", ">= 2.4")
    assert (
        verdict.source
        == "dd-trace-py@3bb9ecd: ddtrace/contrib/internal/psycopg/patch.py _supported_versions()"
    )
    assert (verdict.tracer_version, verdict.line, verdict.integration) == ("4.16.0", 4, "psycopg")


# --- boundaries generated from the data -------------------------------------------------------


def test_just_below() -> None:
    assert [
        str(just_below(v)) for v in ("2.2.8", "1.34", "1.0", "6.0.0", "0.16.0", "3", "2.9.10")
    ] == ["2.2.7", "1.33", "0.999", "5.999", "0.15.999", "2.999", "2.9.9"]
    for v in ("2.2.8", "1.34", "1.0", "6.0.0", "0.16.0", "3", "2.9.10"):
        assert just_below(v) < Version(v)


def declared_minimums() -> list[tracer_facts.DistributionFacts]:
    return [
        d
        for d in line(4).distributions
        if d.minimum and not d.companion and tracer_view(d.name, T4) == d
    ]


def test_boundaries_cover_the_line() -> None:
    judged = declared_minimums()
    assert len(judged) > 80
    assert {"django", "psycopg2", "requests", "grpcio", "openai"} <= {d.name for d in judged}


@pytest.mark.parametrize(
    "distribution", declared_minimums(), ids=lambda d: f"{d.integration}:{d.name}"
)
def test_declared_minimum_boundary(distribution: tracer_facts.DistributionFacts) -> None:
    minimum = Version(distribution.minimum)
    assert "DDL502" not in codes(judge(distribution.name, minimum, T4))
    below = just_below(distribution.minimum)
    pages = tracer_facts.page_entries_of(distribution.name)
    page_minimum = pages[0].minimum if pages else ""
    found = judge(distribution.name, below, T4)
    if page_minimum and Version(page_minimum) > below:
        assert "DDL502" not in codes(found)  # the page's DDL301 reports it
    else:
        assert codes(found) == ["DDL502"]
        assert (found[0].reason, found[0].declared) == (
            "below-minimum",
            declared_range(distribution),
        )


@pytest.mark.parametrize(
    "distribution",
    [d for d in line(4).distributions if d.maximum and not d.companion],
    ids=lambda d: d.name,
)
def test_declared_maximum_boundary(distribution: tracer_facts.DistributionFacts) -> None:
    assert "DDL502" not in codes(judge(distribution.name, just_below(distribution.maximum), T4))
    assert codes(judge(distribution.name, Version(distribution.maximum), T4))[:1] == ["DDL502"]


# --- the loader stays cheap -------------------------------------------------------------------


def test_loader_imports_no_packaging_and_reads_nothing_until_asked() -> None:
    code = textwrap.dedent(
        """
        import sys
        from ddlint import facts
        from ddlint.facts import tracer as tracer_facts
        import ddlint.rules.tracer_judgement
        assert "packaging" not in sys.modules, "packaging imported"
        assert facts.load.cache_info().currsize == 0, "data read at import"
        tracer_facts.release_line(4)
        print(facts.load.cache_info().currsize)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"


# --- the script --------------------------------------------------------------------------------


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "refresh_tracer_facts", REPO / "scripts" / "refresh_tracer_facts.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def fake_tracer(
    root: Path, monkey: str, patches: dict[str, str], tested: list[dict[str, object]] | None = None
) -> Path:
    (root / "ddtrace").mkdir(parents=True)
    (root / "ddtrace" / "_monkey.py").write_text(f"PATCH_MODULES = {monkey}\n")
    for name, body in patches.items():
        folder = root / "ddtrace" / "contrib" / "internal" / name
        folder.mkdir(parents=True)
        (folder / "patch.py").write_text(textwrap.dedent(body))
    if tested is not None:
        (root / "supported_versions.json").write_text(json.dumps(tested))
    return root


def test_script_merges_sources_and_is_byte_identical(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(REPO / "scripts"))  # as Python runs a script: its folder first
    script = load_script()
    old = fake_tracer(
        tmp_path / "old",
        '{"requests": True, "django": True, "mongoengine": True}',
        {
            "requests": (
                'def _supported_versions():\n    return {"requests": ">=2.25.1", "idna": ">=2"}\n'
            ),
            "django": 'def _supported_versions():\n    return {"django": ">=2.2.8"}\n',
            "mongoengine": 'def _supported_versions():\n    return {"mongoengine": ">=0.23"}\n',
        },
        [
            {
                "dependency": "requests",
                "integration": "requests",
                "auto-instrumented": True,
                "python_versions": {
                    "3.10": {
                        "minimum_package_version": "2.25.1",
                        "maximum_package_version": "2.34.2",
                    },
                    "3.9": {
                        "minimum_package_version": "2.25.1",
                        "maximum_package_version": "2.30.0",
                    },
                },
            }
        ],
    )
    new = fake_tracer(
        tmp_path / "new",
        '{"requests": True, "django": config._flag, "trio": True}',
        {
            "requests": 'def _supported_versions():\n    return {"requests": ">=2.25.1"}\n',
            "django": 'def _supported_versions():\n    return {"django": ">=3.0"}\n',
            "trio": 'def _supported_versions():\n    return {"trio": ">=0.21.0"}\n',
        },
    )
    out = tmp_path / "tracer_v9.toml"
    argv = ["--line", "9", str(old), str(new), "--output", str(out)]
    assert script.main(argv) == 0
    first = out.read_bytes()
    assert script.main(argv) == 0
    assert out.read_bytes() == first
    assert script.main([*argv, "--check"]) == 0
    out.write_bytes(first.replace(b">=3.0", b">=3.1"))
    assert script.main([*argv, "--check"]) == 1

    from ddlint.toml import loads  # tomllib, or tomli before Python 3.11

    data = loads(first.decode())
    assert data["meta"] == {
        "line": 9,
        "release": "new (folder)",
        "sources": ["old (folder)", "new (folder)"],
    }
    dists = {d["name"]: d for d in data["distribution"]}
    assert dists["requests"]["declared_source"].startswith(
        "old (folder): "
    )  # unchanged: oldest source
    assert dists["django"]["declared_source"].startswith("new (folder): ")  # changed: the newer one
    assert dists["django"]["minimum"] == "3.0"
    assert dists["trio"]["declared_source"].startswith("new (folder): ")
    assert "mongoengine" not in dists  # gone from the newest source
    assert "idna" not in dists  # no longer in the newest source's declaration
    assert (dists["requests"]["tested_min"], dists["requests"]["tested_max"]) == (
        "2.25.1",
        "2.34.2",
    )
    assert [c["python"] for c in dists["requests"]["tested_by_python"]] == ["3.9", "3.10"]
    patched = {i["name"]: i["patched"] for i in data["integration"]}
    assert patched == {"django": "conditional", "requests": "yes", "trio": "yes"}
    page = {p["id"]: p["present"] for p in data["page"]}
    assert page["mongoengine"] is False and page["django"] is True
