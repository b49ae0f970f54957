"""Issue 10, "Right on real repositories": one test per numbered defect, each with the issue's
minimal reproduction in a fresh ``git init`` folder, ``--today 2026-11-25``.

A test marked ``xfail(strict=True)`` fails on ddlint 0.1 (strict: it must keep failing until the
fix lands, then the mark goes). A test without the mark already holds and guards the behaviour.
The tests only use ddlint's command line and its JSON output.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, Result, copy_project, diagnostics, make_top

REAL_WORLD = FIXTURES / "real-world"


@pytest.fixture
def project(write):
    """project({...}) -> a repository's top holding the files."""
    def _project(files: dict[str, str | bytes]) -> Path:
        return make_top(write(files))
    return _project


def found(result: Result, path: str | None = None, code: str | None = None,
          package: str | None = None) -> list[dict[str, Any]]:
    """The active (not suppressed) findings, narrowed by path, code and package."""
    return [d for d in diagnostics(result, code) if not d.get("suppressed")
            and (path is None or d["path"] == path)
            and (package is None or d.get("package") == package)]


def keys(result: Result, path: str) -> set[tuple[str, int, str | None]]:
    return {(d["code"], d["line"], d.get("package")) for d in found(result, path)}


def xfail(item: str, why: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=f"issue 10 item {item}: {why}")


# --- 1. the tracer pin lives in a sibling file -------------------------------------------------

SIBLING_PIN = {
    "pyproject.toml": "[tool.ruff]\nline-length = 100\n",
    "requirements/deploy.txt": "ddtrace==4.16.0\n",
    "requirements/main.txt": "django==1.7.11\nredis==6.4.0\n",
}


def test_1_folder_run_judges_main_txt_with_the_sibling_tracer_pin(project, ddlint) -> None:
    root = project(SIBLING_PIN)
    folder = ddlint(".", "--format", "json", cwd=root)
    expected = {("DDL301", 1, "django"), ("DDL401", 2, "redis")}
    assert expected <= keys(folder, "requirements/main.txt")


def test_1_file_alone_sees_the_tracer_pinned_in_a_sibling_file(project, ddlint) -> None:
    root = project(SIBLING_PIN)
    alone = ddlint("requirements/main.txt", "--format", "json", cwd=root)
    folder = ddlint(".", "--format", "json", cwd=root)
    assert alone.code == 1
    assert not any("skipped" in note for note in alone.json()["notes"])
    assert keys(alone, "requirements/main.txt") == keys(folder, "requirements/main.txt")
    assert {("DDL301", 1, "django"), ("DDL401", 2, "redis")} <= keys(alone, "requirements/main.txt")


def test_1_file_alone_sees_the_projects_requires_python(project, ddlint) -> None:
    root = project({
        "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n'
                          'requires-python = ">=3.12,<3.14"\n',
        "requirements/deploy.txt": "ddtrace==4.16.0\n",
        "requirements/main.txt": "django==1.7.11\n",
    })
    alone = ddlint("requirements/main.txt", "--format", "json", cwd=root)
    # the tracer is known (DDL301) and so is the Python: no DDL103 anywhere
    assert found(alone, "requirements/main.txt", "DDL301", "django")
    assert not found(alone, code="DDL103")


# --- 2. serverless is decided per dependency file ---------------------------------------------

SERVERLESS = {
    "pyproject.toml": "[tool.ruff]\nline-length = 100\n",
    "envs/lambda/requirements.txt": "ddtrace==4.16.0\ndatadog-lambda==8.120.0\n",
    "envs/web/requirements.txt": "ddtrace==4.16.0\nredis==6.4.0\n",
}


def test_2_serverless_is_decided_per_file_in_a_folder_run(project, ddlint) -> None:
    root = project(SERVERLESS)
    folder = ddlint(".", "--format", "json", cwd=root)
    web = "envs/web/requirements.txt"
    assert found(folder, web, "DDL401", "redis")
    assert not found(folder, web, "DDL402")


def test_2_web_file_alone_gets_the_agent_finding(project, ddlint) -> None:
    root = project(SERVERLESS)
    alone = ddlint("envs/web/requirements.txt", "--format", "json", cwd=root)
    web = "envs/web/requirements.txt"
    assert [d["line"] for d in found(alone, web, "DDL401", "redis")] == [2]
    assert not found(alone, web, "DDL402")


def test_2_a_serverless_file_gets_the_lambda_extension_finding(project, ddlint) -> None:
    root = project({"requirements.txt": "ddtrace==4.16.0\ndatadog-lambda==8.120.0\nredis==6.4.0\n"})
    result = ddlint(".", "--format", "json", cwd=root)
    assert [d["line"] for d in found(result, "requirements.txt", "DDL402", "redis")] == [3]


# --- 3. build/ and dist/ are skipped only where they are build output --------------------------

def test_3_a_folder_named_build_that_is_not_build_output_is_read(project, ddlint) -> None:
    root = project({
        "utils/build/docker/app/requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n",
        "utils/dist/web/requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n",
    })
    result = ddlint(".", "--format", "json", cwd=root)
    assert result.code != 2, result.err  # today: "no dependency files found"
    for path in ("utils/build/docker/app/requirements.txt", "utils/dist/web/requirements.txt"):
        assert [d["line"] for d in found(result, path, "DDL301", "django")] == [2]


def test_3_build_output_next_to_the_projects_pyproject_is_skipped(project, ddlint) -> None:
    root = project({
        "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n'
                          'requires-python = ">=3.12,<3.14"\ndependencies = ["ddtrace==4.16.0"]\n',
        "build/lib/app/requirements.txt": "django==1.7.11\n",
        "dist/app-0.dist-info/requirements.txt": "django==1.7.11\n",
    })
    result = ddlint(".", "--format", "json", cwd=root)
    paths = {d["path"] for d in result.json()["diagnostics"]}
    assert not [p for p in paths if p.startswith(("build/", "dist/"))]


# --- 4. an unpinned or ranged ddtrace is judged as the release an installer would pick ---------

def test_4_unpinned_tracer_is_judged_as_the_newest_release(project, ddlint) -> None:
    root = project({"requirements.txt": "ddtrace\naiohttp==1.2.0\n"})
    result = ddlint(".", "--python", "3.12", "--format", "json", cwd=root)
    (finding,) = found(result, "requirements.txt", "DDL301", "aiohttp")
    assert finding["line"] == 2
    assert re.fullmatch(r"\d+\.\d+\.\d+", finding.get("tracer_version", ""))
    assert re.search(r"infer|range", finding["message"], re.IGNORECASE)
    assert result.code == 1
    assert not any("skipped" in note for note in result.json()["notes"])


def test_4_ranged_tracer_is_judged_as_the_newest_release_in_the_range(project, ddlint) -> None:
    root = project({"requirements.txt": "ddtrace>=3,<4\naiohttp==1.2.0\n"})
    result = ddlint(".", "--python", "3.12", "--format", "json", cwd=root)
    (finding,) = found(result, "requirements.txt", "DDL301", "aiohttp")
    assert finding["tracer_version"].startswith("3.")
    assert re.search(r"infer|range", finding["message"], re.IGNORECASE)


def test_4_inferred_tracer_respects_the_projects_python(project, ddlint) -> None:
    # ddtrace 4.x needs Python 3.9+: on 3.8 an installer picks the newest 3.x
    root = project({"requirements.txt": "ddtrace\naiohttp==1.2.0\n"})
    result = ddlint(".", "--python", "3.8", "--format", "json", cwd=root)
    (finding,) = found(result, "requirements.txt", "DDL301", "aiohttp")
    assert finding["tracer_version"].startswith("3.")


def test_4_no_tracer_entry_at_all_skips_the_integration_rules(project, ddlint) -> None:
    root = project({"requirements.txt": "aiohttp==1.2.0\n"})
    result = ddlint(".", "--format", "json", cwd=root)
    assert result.json()["diagnostics"] == []
    assert result.code == 0


# --- 5. poetry.lock entries behind extra == "..." are judged -----------------------------------

def test_5a_poetry_lock_21_own_extra_is_judged(ddlint, tmp_path) -> None:
    root = copy_project(REAL_WORLD / "poetry-own-extra", tmp_path / "p")
    lock = (root / "poetry.lock").read_text(encoding="utf-8")
    assert 'lock-version = "2.1"' in lock and 'extra == \\"web\\"' in lock  # the shape at stake
    result = ddlint(".", "--format", "json", cwd=root)
    (finding,) = found(result, "poetry.lock", "DDL301", "django")
    assert 'name = "django"' in lock.splitlines()[finding["line"] - 1:finding["line"] + 2]
    assert "web" in finding["message"]


def test_5a_a_uv_lock_is_judged(ddlint, tmp_path) -> None:
    """The reference the issue compares with: the same pin in a uv.lock is judged."""
    root = copy_project(FIXTURES / "parity" / "uv", tmp_path / "p")
    result = ddlint(".", "--format", "json", cwd=root)
    assert found(result, "uv.lock", "DDL301", "django")


@pytest.mark.parametrize("version", ["1.1", "2.0"])
def test_5b_poetry_lock_entries_pulled_by_a_dependencys_extra_are_judged(
    ddlint, tmp_path, version: str
) -> None:
    root = copy_project(REAL_WORLD / "poetry-dependency-extras" / version, tmp_path / "p")
    lock = (root / "poetry.lock").read_text(encoding="utf-8")
    assert f'lock-version = "{version}"' in lock
    result = ddlint(".", "--format", "json", cwd=root)
    assert [d["path"] for d in found(result, code="DDL401", package="redis")] == ["poetry.lock"]


# --- 6. a range with no lower bound triggers DDL305 --------------------------------------------

def test_6_range_without_lower_bound_triggers_ddl305(project, ddlint) -> None:
    root = project({"pyproject.toml": """
        [project]
        name = "app"
        version = "0"
        requires-python = ">=3.12,<3.14"
        dependencies = [
            "ddtrace==4.16.0",
            "urllib3<2",
            "pytest",
        ]
        """})
    result = ddlint(".", "--format", "json", cwd=root)
    lines = {d["package"]: d["line"] for d in found(result, "pyproject.toml", "DDL305")}
    assert lines == {"urllib3": 7, "pytest": 8}


def test_6_poetry_star_triggers_ddl305(project, ddlint) -> None:
    root = project({"pyproject.toml": """
        [tool.poetry]
        name = "app"
        version = "0"
        description = ""
        authors = []

        [tool.poetry.dependencies]
        python = ">=3.12,<3.14"
        ddtrace = "4.16.0"
        urllib3 = "<2"
        pytest = "*"
        """})
    result = ddlint(".", "--format", "json", cwd=root)
    lines = {d["package"]: d["line"] for d in found(result, "pyproject.toml", "DDL305")}
    assert lines == {"urllib3": 10, "pytest": 11}


# --- 7. constraints install nothing ------------------------------------------------------------

def test_7_a_constraint_alone_installs_nothing(project, ddlint) -> None:
    root = project({
        "requirements.txt": "ddtrace==4.16.0\n-c constraints.txt\n",
        "constraints.txt": "tornado==3.2.2\n",
    })
    for args in ((".",), ("requirements.txt",)):
        result = ddlint(*args, "--python", "3.12", "--format", "json", cwd=root)
        assert not found(result, package="tornado"), args


def test_7_a_constrained_requirement_is_judged_on_the_constraints_line(project, ddlint) -> None:
    root = project({
        "requirements.txt": "ddtrace==4.16.0\ntornado\n-c constraints.txt\n",
        "constraints.txt": "tornado==3.2.2\n",
    })
    for args in ((".",), ("requirements.txt",)):
        result = ddlint(*args, "--python", "3.12", "--format", "json", cwd=root)
        (finding,) = found(result, code="DDL301", package="tornado")
        where = (finding["path"], finding["line"], finding["version"])
        assert where == ("constraints.txt", 1, "3.2.2")


# --- 8. pip-compile and uv pip compile output is read as the lock of its .in -------------------

@pytest.fixture
def pip_compiled(tmp_path: Path) -> Path:
    return copy_project(FIXTURES / "parity" / "pip-compile", tmp_path / "p")


@pytest.fixture
def uv_compiled(tmp_path: Path) -> Path:
    return copy_project(REAL_WORLD / "uv-pip-compile", tmp_path / "p")


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(text))


@pytest.mark.parametrize("folder", [
    pytest.param("pip_compiled"),
    pytest.param("uv_compiled"),
])
def test_8a_compiled_file_is_the_lock_of_its_in(request, ddlint, folder: str) -> None:
    root: Path = request.getfixturevalue(folder)
    result = ddlint(".", "--format", "json", cwd=root)
    (finding,) = found(result, code="DDL301", package="django")
    assert (finding["path"], finding["line"]) == (
        "requirements.txt", _line_of(root / "requirements.txt", "django==1.7.11"))
    related = {(r["path"], r["line"]) for r in finding.get("related", [])}
    assert ("requirements.in", _line_of(root / "requirements.in", "django==1.7.11")) in related


@pytest.mark.parametrize(("folder", "tool"), [
    pytest.param("pip_compiled", "pip-compile"),
    pytest.param("uv_compiled", "uv pip compile"),
])
def test_8b_fix_of_a_compiled_file_is_the_tools_command(request, ddlint, folder: str,
                                                        tool: str) -> None:
    root: Path = request.getfixturevalue(folder)
    result = ddlint("requirements.txt", "--format", "json", cwd=root)
    (finding,) = found(result, "requirements.txt", "DDL301", "django")
    assert tool in finding["fix"]
    assert "--upgrade-package" in finding["fix"] and "django>=2.2.8" in finding["fix"]


@pytest.mark.parametrize("folder", [
    pytest.param("pip_compiled"),
    pytest.param("uv_compiled"),
])
def test_8_python_of_the_compile_header_is_a_target(request, ddlint, folder: str) -> None:
    root: Path = request.getfixturevalue(folder)
    header = (root / "requirements.txt").read_text(encoding="utf-8")[:400]
    assert "3.11" in header
    result = ddlint(".", "--format", "json", cwd=root)
    assert not found(result, code="DDL103")


def test_8_python_version_file_wins_over_the_compile_header(pip_compiled: Path, ddlint) -> None:
    (pip_compiled / ".python-version").write_text("3.8\n", encoding="utf-8")
    result = ddlint(".", "--format", "json", cwd=pip_compiled)
    # ddtrace 4.16.0 does not support 3.8: the .python-version target is the one judged
    assert [d.get("python") for d in found(result, code="DDL101")] == ["3.8"]


# --- 9. an inline ignore on a manifest line covers the lock's finding --------------------------

def test_9_inline_ignore_on_the_manifest_line_suppresses_the_lock_finding(
    ddlint, tmp_path
) -> None:
    root = copy_project(FIXTURES / "parity" / "uv", tmp_path / "p")
    manifest = root / "pyproject.toml"
    text = manifest.read_text(encoding="utf-8")
    assert '    "django==1.7.11",\n' in text
    manifest.write_text(text.replace('    "django==1.7.11",\n',
                                     '    "django==1.7.11",  # ddlint: ignore[DDL301]\n'),
                        encoding="utf-8")
    result = ddlint(".", "--format", "json", cwd=root)
    assert not found(result, code="DDL301", package="django")
    assert [d for d in diagnostics(result, "DDL301") if d.get("package") == "django"
            and d.get("suppressed")]
    assert not found(result, code="DDL902")
    assert found(result, code="DDL301", package="celery")  # the ignore names django's line only


# --- 10. a remote include is a note, not a failure ---------------------------------------------

@pytest.mark.parametrize("option", [
    pytest.param("-c"),
    pytest.param("-r"),
])
def test_10_remote_include_is_a_note_and_the_rest_is_checked(project, ddlint, option: str) -> None:
    url = "https://example.invalid/edx/constraints.txt"
    root = project({"requirements.txt": f"{option} {url}\nddtrace==4.16.0\ndjango==1.7.11\n"})
    result = ddlint(".", "--python", "3.12", "--format", "json", cwd=root)
    assert not found(result, code="DDL001")
    assert any(url in note for note in result.json()["notes"])
    assert [d["line"] for d in found(result, "requirements.txt", "DDL301", "django")] == [3]


# --- 11. project-level findings sit where their fact comes from --------------------------------

def test_11_command_line_facts_give_notes_not_findings_on_unrelated_lines(project, ddlint) -> None:
    root = project({"requirements.txt": "pytest==8.0.0\n"})
    result = ddlint(".", "--tracer-version", "4.16.0", "--format", "json", cwd=root)
    lines = (root / "requirements.txt").read_text(encoding="utf-8").splitlines()
    for d in result.json()["diagnostics"]:
        if d.get("package"):
            assert d["package"] in lines[d["line"] - 1].lower(), d
    assert not found(result, code="DDL103") and not found(result, code="DDL205")
    assert result.json()["notes"]  # the unknown Python and the policy status are still told


def test_11_a_configured_tracer_version_anchors_at_its_key(project, ddlint) -> None:
    root = project({
        "ddlint.toml": '# the tracer is injected at deploy time\ntracer-version = "4.16.0"\n',
        "requirements.txt": "pytest==8.0.0\n",
    })
    result = ddlint(".", "--format", "json", cwd=root)
    assert {(d["path"], d["line"]) for d in found(result, code="DDL205")} == {("ddlint.toml", 2)}


def test_11_tracer_findings_sit_on_the_tracer_pin(project, ddlint) -> None:
    root = project({"requirements.txt": "pytest==8.0.0\nddtrace==4.16.0\n"})
    result = ddlint(".", "--format", "json", cwd=root)
    assert {d["line"] for d in found(result, code="DDL103")} == {2}


# --- 12. notes: relative paths, and none for a project without the tracer ----------------------

def test_12_notes_are_relative_and_only_for_tracer_projects(project, ddlint) -> None:
    root = project({
        "requirements.txt": "ddtrace>=4\naiohttp==3.9.0\n",
        "sub/a/pyproject.toml": '[project]\nname = "a"\nversion = "0"\n',
        "sub/a/requirements.txt": "requests==2.31.0\n",
    })
    for fmt in ("text", "json", "github", "sarif"):
        result = ddlint(".", "--format", fmt, cwd=root)
        assert str(root) not in result.out + result.err, fmt
        assert "sub/a" not in result.out + result.err, fmt


def test_12_no_note_for_a_project_without_the_tracer(project, ddlint) -> None:
    root = project({
        "sub/a/pyproject.toml": '[project]\nname = "a"\nversion = "0"\n',
        "sub/a/requirements.txt": "requests==2.31.0\n",
    })
    result = ddlint(".", "--format", "json", cwd=root)
    assert result.json()["notes"] == []


# --- 13. fixes name only what is supported on the as-of date -----------------------------------

def test_13_platform_fix_names_no_end_of_life_release_line(project, ddlint) -> None:
    root = project({"requirements.txt": "ddtrace==4.16.0\n"})
    result = ddlint(".", "--python", "3.12", "--platform", "linux-i686", "--format", "json",
                    cwd=root)
    (finding,) = found(result, "requirements.txt", "DDL102")
    assert not re.search(r"ddtrace\s*>=\s*[0-3]\b|ddtrace [0-3]\.x", finding["fix"]), finding["fix"]


# --- 14. DDL304 once per project and integration -----------------------------------------------

def test_14_ddl304_once_per_project_and_integration_in_a_forked_lock(ddlint, tmp_path) -> None:
    root = copy_project(FIXTURES / "typical", tmp_path / "p")
    result = ddlint(".", "--format", "json", cwd=root)
    packages = [d["package"] for d in found(result, code="DDL304")]
    assert packages and len(packages) == len(set(packages)), sorted(packages)


def test_14_ddl304_once_across_the_files_of_a_project(project, ddlint) -> None:
    root = project({
        "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n'
                          'requires-python = ">=3.12,<3.14"\ndependencies = ["ddtrace==4.16.0"]\n',
        "requirements-test.txt": "pytest==8.3.3\n",
        "envs/py312/requirements.txt": "pytest==8.3.3\n",
        "envs/py313/requirements.txt": "pytest==8.2.0\n",
    })
    result = ddlint(".", "--format", "json", cwd=root)
    assert len(found(result, code="DDL304", package="pytest")) == 1


def test_14_aiohttp_server_advice_is_for_servers(project, ddlint) -> None:
    root = project({"requirements.txt": "ddtrace==4.16.0\naiohttp==3.9.0\n"})
    result = ddlint(".", "--python", "3.12", "--format", "json", cwd=root)
    for d in found(result, code="DDL304", package="aiohttp"):
        # advice conditioned on serving with aiohttp, not an order to every client user
        advice = re.search(r"\b(if|when|for)\b[^.:]*\bserv", d["message"], re.IGNORECASE)
        assert advice, d["message"]


# --- 15. smaller ones --------------------------------------------------------------------------

def test_15_unsupported_file_named_explicitly_is_a_clear_message(project, ddlint) -> None:
    root = project({"setup.cfg": """
        [metadata]
        name = app

        [options]
        install_requires =
            ddtrace==4.16.0
            django==1.7.11
        """})
    result = ddlint("setup.cfg", "--format", "json", cwd=root)
    assert "Traceback" not in result.err
    told = result.err
    if result.out.strip():  # a run that goes on: the message is a note, not bogus DDL001s
        told += " ".join(result.json()["notes"])
        assert not found(result, code="DDL001")
    assert "setup.cfg" in told


def test_15_ddl305_documented_example_triggers_ddl305(project, ddlint) -> None:
    doc = ddlint("rule", "DDL305").out
    example = doc.split("## Example", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"^(\S+):\n\n((?:    .*\n|\n)+)", example.lstrip("\n"), re.M)
    assert match is not None
    name, body = match.groups()
    text = "\n".join(line[4:] for line in body.splitlines()).strip() + "\n"
    root = project({name: text})
    result = ddlint(".", "--format", "json", cwd=root)
    assert found(result, name, "DDL305", "django")


def test_15_ddl101_quotes_the_poetry_constraint_as_written(project, ddlint) -> None:
    root = project({"pyproject.toml": """
        [tool.poetry]
        name = "app"
        version = "0"
        description = ""
        authors = []

        [tool.poetry.dependencies]
        python = "^3.8"
        ddtrace = "4.16.0"
        """})
    result = ddlint(".", "--format", "json", cwd=root)
    (finding,) = found(result, "pyproject.toml", "DDL101")
    assert "^3.8" in finding["message"]
    assert ">=3.8,<4" not in finding["message"]
