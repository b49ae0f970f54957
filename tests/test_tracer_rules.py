"""DDL501-503 end to end (``ddlint.cli.main`` with ``--today``): what the tracer itself says, the
page findings that quote it, ``facts`` / ``--facts`` and ``facts_source``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any

import pytest
from packaging.version import Version

from ddlint.facts import tracer as tracer_facts
from ddlint.rules import agent as agent_rules
from ddlint.rules.tracer_judgement import declared_range, tracer_view
from tests.conftest import FIXTURES, GIT, REPO, diagnostics, just_below, run_case

T4 = Version("4.16.0")


def _run(write, ddlint, requirements: str, *args: str, **files: str) -> Any:
    return run_case(write, ddlint, "DDL", requirements, *args, **files)


def _found(result: Any, prefix: str = "DDL5") -> list[tuple[str, str]]:
    return sorted((d["code"], d["package"]) for d in diagnostics(result)
                  if d["code"].startswith(prefix))


# --- the boundaries -------------------------------------------------------------------

@pytest.mark.parametrize("library", ["mongoengine==0.29.1", "cassandra-driver==3.29.0"])
def test_removed_integrations(write, ddlint, library: str) -> None:
    name = library.split("==", 1)[0]
    on_4 = _run(write, ddlint, f"ddtrace==4.16.0\n{library}\n")
    assert _found(on_4) == [("DDL501", name)]
    finding = next(diagnostics(on_4, "DDL501"))
    assert finding["severity"] == "warning" and finding["facts_source"] == "tracer"
    assert "the 4.x release line no longer has" in finding["message"]
    assert "as of 4.16.0" in finding["message"]
    # 3.x still has it, but is End of Life on 2026-11-25: the fix never advises it (DDL201)
    assert finding["fix"] == (f"trace {name} manually (ddtrace 3.x, the last line with the "
                              "integration, is End of Life on 2026-11-25)")
    during = _run(write, ddlint, f"ddtrace==4.16.0\n{library}\n", "--today", "2026-05-31")
    assert next(diagnostics(during, "DDL501"))["fix"].startswith(
        "stay on ddtrace 3.x (3.19.8 has the integration; Maintenance on 2026-05-31)")
    # 3.x still has both. cassandra-driver 3.29.0 is past 3.x's newest tested 3.28.0, but in
    # the same major series: no DDL503 either (see DDL503's documentation).
    on_3 = _run(write, ddlint, f"ddtrace==3.19.9\n{library}\n", "--python", "3.12")
    assert _found(on_3) == []


def test_algoliasearch_past_the_declared_maximum(write, ddlint) -> None:
    result = _run(write, ddlint, "ddtrace==4.16.0\nalgoliasearch==4.1.0\n")
    assert _found(result) == [("DDL502", "algoliasearch")]
    finding = next(diagnostics(result, "DDL502"))
    assert "(>= 2.6.3, < 3.0, tested on 2.6.3 only" in finding["message"]
    assert finding["fix"] == "require algoliasearch>=2.6.3,<3.0"
    assert _found(_run(write, ddlint, "ddtrace==4.16.0\nalgoliasearch==2.6.3\n")) == []


@pytest.mark.parametrize(("django", "expected"), [
    ("6.1.3", [("DDL503", "django")]),  # a major past the newest tested 5.2.15
    ("5.2.15", []),  # the newest tested
    ("5.2.19", []),  # a later patch of the tested series: not reported
    ("2.2.8", []),  # the declared minimum (2.2.28 is the oldest tested: not judged)
    ("2.2.7", [("DDL502", "django")]),  # the page's >= 1.8 passes it
])
def test_django_on_312(write, ddlint, django: str, expected: list[tuple[str, str]]) -> None:
    result = _run(write, ddlint, f"ddtrace==4.16.0\ndjango=={django}\n", "--python", "3.12")
    assert _found(result) == expected
    for finding in diagnostics(result, "DDL503"):
        assert finding["severity"] == "info"
        assert "untested, not unsupported" in finding["message"]
        assert "tested with django 2.2.28 to 5.2.15" in finding["message"]
        assert "as of 4.16.0" in finding["message"]


@pytest.mark.parametrize(("pythons", "expected"), [
    ((), []),  # no targeted CPython: none is judged
    (("3.9",), []),  # the one the line tests bottle on
    (("3.12",), ["3.12"]),
    (("3.9", "3.12", "3.13"), ["3.12, 3.13"]),  # one finding, the missing CPythons listed
    (("3.15",), []),  # the line tests nothing on 3.15: the runtime rules' matter
])
def test_untested_cpython(write, ddlint, pythons: tuple[str, ...], expected: list[str]) -> None:
    args = [arg for python in pythons for arg in ("--python", python)]
    result = _run(write, ddlint, "ddtrace==4.16.0\nbottle==0.12.25\n", *args)
    found = list(diagnostics(result, "DDL503"))
    assert [d["python"] for d in found] == expected
    for finding in found:
        assert "tests bottle on CPython 3.9 only" in finding["message"]


def test_psycopg2_below_the_tracer_minimum(write, ddlint) -> None:
    """The issue's most common real hit: psycopg2 2.8-2.9.9 passes the page's >= 2.4."""
    result = _run(write, ddlint, "ddtrace==4.16.0\npsycopg2==2.9.9\n")
    finding = next(diagnostics(result, "DDL502"))
    assert "(>= 2.9.10, no tested range published; the compatibility page lists >= 2.4;" \
        in finding["message"]
    assert finding["fix"] == "require psycopg2>=2.9.10"


def test_a_version_the_page_rejects_gets_the_page_finding_only(write, ddlint) -> None:
    # aiopg 1.0.0 is above the page's 0.16 and inside the tracer's range: DDL302 only, with
    # the tracer's view in one clause; no DDL503 beside it
    result = _run(write, ddlint, "ddtrace==4.16.0\naiopg==1.0.0\n", "--python", "3.15")
    assert [d["code"] for d in diagnostics(result) if d["code"][:4] in ("DDL3", "DDL5")] \
        == ["DDL302"]
    message = next(diagnostics(result, "DDL302"))["message"]
    assert message.endswith(
        "(>= 0.12.0, <= 0.16 per the compatibility page; ddtrace 4.16.0 itself declares aiopg "
        ">= 0.16.0 and tests up to 1.4.0)")
    page_only = _run(write, ddlint, "ddtrace==4.16.0\naiopg==1.0.0\n", "--facts", "page")
    assert next(diagnostics(page_only, "DDL302"))["message"].endswith("(>= 0.12.0, <= 0.16)")


def test_a_library_the_page_does_not_list(write, ddlint) -> None:
    result = _run(write, ddlint, "ddtrace==4.16.0\nopenai==0.28.1\n")
    finding = next(diagnostics(result, "DDL502"))
    assert "the compatibility page does not list it" in finding["message"]
    assert _found(_run(write, ddlint, "ddtrace==4.16.0\nopenai==1.0.0\n")) == []


def test_the_lock_wins_over_the_manifest(write, ddlint) -> None:
    """A manifest's pin that a compiled file also pins is judged on the compiled file's line."""
    compiled = ("# This file is autogenerated by pip-compile with Python 3.12\n"
                "ddtrace==4.16.0\n    # via -r requirements.in\n"
                "psycopg2==2.9.9\n    # via -r requirements.in\n")
    result = _run(write, ddlint, compiled, **{"requirements.in": "ddtrace==4.16.0\n"
                                                                   "psycopg2==2.9.9\n"})
    assert [(d["path"], d["code"]) for d in diagnostics(result) if d["code"] == "DDL502"] \
        == [("requirements.txt", "DDL502")]


def test_no_tracer_pinned_no_tracer_verdicts(write, ddlint) -> None:
    assert _found(_run(write, ddlint, "ddtrace>=4\nmongoengine==0.29.1\n")) == []
    assert _found(_run(write, ddlint, "mongoengine==0.29.1\n", "--tracer-version", "4.16.0")) \
        == [("DDL501", "mongoengine")]


# --- every declared minimum of the 4.x line, end to end ---------------------------------------

def _declared_minimums() -> list[tracer_facts.DistributionFacts]:
    line = tracer_facts.release_line(4)
    assert line is not None
    return [d for d in line.distributions
            if d.minimum and not d.companion and tracer_view(d.name, T4) == d]


# Each checked against the tracer's own _supported_versions() at dd-trace-py@3bb9ecd and in the
# 4.16.0 sdist (httpx: ">=0.25" there, ">= 0.17" in the 2.x/3.x docs).
HAND_PICKED = {"django": "2.2.8", "psycopg2": "2.9.10", "requests": "2.25.1", "grpcio": "1.34",
               "openai": "1.0", "falcon": "3.0", "valkey": "6.0.0", "aiopg": "0.16.0",
               "algoliasearch": "2.6.3", "psycopg": "3.0.0", "celery": "4.4", "httpx": "0.25"}


def test_the_generated_minimums_match_the_hand_picked_rows() -> None:
    minimums = {d.name: d.minimum for d in _declared_minimums()}
    assert {name: minimums.get(name) for name in HAND_PICKED} == HAND_PICKED


def test_every_declared_minimum_passes_and_the_release_below_is_ddl502(write, ddlint) -> None:
    rows = _declared_minimums()
    assert len(rows) > 80
    at = _run(write, ddlint, "ddtrace==4.16.0\n" + "".join(f"{d.name}=={d.minimum}\n"
                                                           for d in rows))
    assert [d for d in diagnostics(at) if d["code"] == "DDL502"] == []

    below = {d.name: just_below(d.minimum) for d in rows}
    result = _run(write, ddlint, "ddtrace==4.16.0\n" + "".join(
        f"{name}=={version}\n" for name, version in below.items()))
    expected = set()
    for d in rows:
        pages = tracer_facts.page_entries_of(d.name)
        page_minimum = pages[0].minimum if pages else ""
        if not (page_minimum and Version(page_minimum) > below[d.name]):
            expected.add(d.name)  # else the page's DDL301 reports it
    found = {f["package"]: f for f in diagnostics(result, "DDL502")}
    assert set(found) == expected
    assert len(expected) > 40
    for name, finding in found.items():
        row = next(d for d in rows if d.name == name)
        assert f"itself declares for its {row.integration} integration" in finding["message"]
        shown = declared_range(row).replace(">=", ">= ").replace(",<", ", < ")
        assert f"({shown}, " in finding["message"], finding["message"]


# --- --facts page is a run without the tracer's data ------------------------------------------

SCENARIOS = [*sorted({path.parent for path in FIXTURES.rglob("*")
                     if path.is_file() and path.name != "README.md"} - {FIXTURES}),
             REPO / "examples"]


def test_facts_page_is_a_run_without_the_tracer_data(
    ddlint, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = [[scenario.relative_to(REPO).as_posix(), "--format", fmt, *extra]
            for scenario in SCENARIOS for fmt in ("text", "json", "sarif")
            for extra in ((), ("--python", "3.12"))]
    page = [ddlint(*args, "--facts", "page", cwd=REPO) for args in runs]
    both = [ddlint(*args, cwd=REPO) for args in runs]
    # the tracer's data absent: no release line, no page row to compare with
    monkeypatch.setattr(tracer_facts, "release_line", lambda major: None)
    monkeypatch.setattr(tracer_facts, "page_names", lambda: ())
    monkeypatch.setattr(tracer_facts, "page_entries_of", lambda name: ())
    # ... and the Lambda Extension judged by the page's literal version, not by its layers'
    # release data (another source than the page, which --facts page leaves out too): a
    # serverless fixture's Extension layer is judged in its own environment since issue 20
    extension = agent_rules._extension
    monkeypatch.setattr(agent_rules, "_extension",
                        lambda note, literal: extension(note, literal=True))
    absent = [ddlint(*args, cwd=REPO) for args in runs]
    for args, with_page, without in zip(runs, page, absent):
        assert (with_page.code, with_page.out, with_page.err) == \
            (without.code, without.out, without.err), args
    # ... and the tracer's data does change some of them (the test can fail)
    assert any(a.out != b.out for a, b in zip(both, page))
    assert not any(re.search(r'(:\d+:\d+: |"code": ")DDL5', result.out) for result in page)
    assert any(re.search(r'(:\d+:\d+: |"code": ")DDL5', result.out) for result in both)


@pytest.mark.parametrize(("facts", "imported"), [
    (("--facts", "page"), []),
    ((), ["ddlint.facts.tracer", "ddlint.rules.tracer_judgement"]),
])
def test_facts_page_imports_no_tracer_facts(
        write, facts: tuple[str, ...], imported: list[str]) -> None:
    """A run with ``--facts page`` never imports the tracer's facts nor their verdicts (a
    fresh process each, a requirements file the tracer's data has something to say about);
    the run with both sources does, so the test can fail."""
    root = write({**GIT, "requirements.txt": "ddtrace==4.16.0\nmongoengine==0.29.1\n"})
    code = ("import sys; from ddlint.cli import main; "
            f"main(['requirements.txt', '--today', '2026-11-25', *{list(facts)!r}]); "
            "print(sorted(m for m in sys.modules if m.startswith("
            "('ddlint.facts.tracer', 'ddlint.rules.tracer_judgement'))))")
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                          text=True, check=False, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == repr(imported)


@pytest.mark.parametrize(("config", "expected"), [
    ('facts = ["page"]\n', []),
    ('facts = ["page", "tracer"]\n', [("DDL501", "mongoengine")]),
    ('facts = ["tracer", "page"]\n', [("DDL501", "mongoengine")]),
    ("", [("DDL501", "mongoengine")]),
])
def test_facts_in_the_configuration(
    write, ddlint, config: str, expected: list[tuple[str, str]]
) -> None:
    result = _run(write, ddlint, "ddtrace==4.16.0\nmongoengine==0.29.1\n",
                  **{"ddlint.toml": config})
    assert _found(result) == expected


def test_facts_option(write, ddlint) -> None:
    requirements = "ddtrace==4.16.0\nmongoengine==0.29.1\n"
    # the command line wins over the configuration
    result = _run(write, ddlint, requirements, "--facts", "page", "--facts", "tracer",
                  **{"ddlint.toml": 'facts = ["page"]\n'})
    assert _found(result) == [("DDL501", "mongoengine")]
    result = _run(write, ddlint, requirements, "--facts", "page",
                  **{"ddlint.toml": 'facts = ["page", "tracer"]\n'})
    assert _found(result) == []
    for bad, says in ((["--facts", "tracer"], "always a source"),
                      (["--facts", "pages"], "not a source of facts")):
        result = _run(write, ddlint, requirements, *bad)
        assert result.code == 2 and says in result.err and "Traceback" not in result.err


# --- facts_source and the rule's own account of its data --------------------------------------

def test_facts_source_in_json_and_sarif(write, ddlint) -> None:
    root = write({**GIT, "requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n"
                                             "mongoengine==0.29.1\n"})
    document = ddlint("requirements.txt", "--format", "json", cwd=root).json()
    assert document["version"] == 1
    sources = {d["code"]: d["facts_source"] for d in document["diagnostics"]}
    assert sources["DDL501"] == "tracer" and sources["DDL301"] == "page"
    assert {value for code, value in sources.items() if not code.startswith("DDL5")} == {"page"}
    sarif = ddlint("requirements.txt", "--format", "sarif", cwd=root).json()
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"]: r["properties"]["factsSource"] for r in results} == sources


@pytest.mark.parametrize("code", ["DDL501", "DDL502", "DDL503"])
def test_rule_says_where_the_data_comes_from_and_how_old_it_is(ddlint, code: str) -> None:
    from ddlint.facts import releases

    out = ddlint("rule", code).out
    assert "## Data" in out
    dates = {str(v): r.date.isoformat() for v, r in releases.snapshot().items()}
    for major in tracer_facts.LINES:
        line = tracer_facts.release_line(major)
        assert line is not None
        assert (f"- {major}.x: rules/tracer_v{major}.toml, as of ddtrace {line.release}, "
                f"released {dates[line.release]}; sources: {', '.join(line.sources)}") in out
    assert "ddtrace 4.16.0 sdist" in out and "dd-trace-py@3bb9ecd" in out


def test_the_page_rules_have_no_data_section(ddlint) -> None:
    assert "## Data" not in ddlint("rule", "DDL301").out


def test_scenarios_are_real() -> None:
    assert len(SCENARIOS) > 10 and all(path.is_dir() for path in SCENARIOS)
