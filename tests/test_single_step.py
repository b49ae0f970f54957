"""DDL107, DDL108: where the deployment injects ddtrace with single-step instrumentation, the
conditions under which its sitecustomize.py aborts without a word (rules/ssi.toml)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests.conftest import GIT, diagnostics

_FOLDERS = itertools.count()


def _deployment(version: str) -> str:
    return ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
            "  template:\n    metadata:\n      annotations:\n"
            f"        admission.datadoghq.com/python-lib.version: \"{version}\"\n")


def _run(write: Any, ddlint: Any, requirements: str, injected: str, *args: str,
         **files: str) -> list[dict[str, Any]]:
    folder = f"case{next(_FOLDERS)}"
    tree = {**GIT, "requirements.txt": requirements, "k8s/deployment.yaml": _deployment(injected),
            **files}
    root = write({f"{folder}/{name}": text for name, text in tree.items()}) / folder
    result = ddlint(".", "--format", "json", "--select", "DDL107,DDL108", "--today",
                    "2026-11-25", *args, cwd=root)
    assert result.code in (0, 1), result.err
    return list(diagnostics(result))


@pytest.mark.parametrize("case", [
    ("v4.2.1", "3.14", True, "set single-step instrumentation's Python library to 4.3.0"),
    ("v4.16.0", "3.14", False, None),
    ("v4.16.0", "3.15", True, "run the application on CPython 3.9 to 3.14"),
    ("v4.0.2", "3.8", False, None),   # 4.0.x's injection still allows 3.8
    ("v4.1.0", "3.8", True, None),
    ("4", "3.15", True, None),        # a line: its newest known release, 4.16.0
    ("v4.17.0", "3.15", True, None),  # newer than the facts: its line's newest known release
    ("v2.5.0", "3.13", False, None),  # older than the allow list ddlint can read
    ("v" + "9" * 5000, "3.15", False, None),
    ("v4.16.0-custom", "3.15", False, None),
])
def test_the_injected_release_aborts_outside_its_python_range(
    write, ddlint, case: tuple[str, str, bool, Any]
) -> None:
    injected, python, fires, fix = case
    found = _run(write, ddlint, "flask==3.1.2\n", injected, "--python", python)
    if not fires:
        assert found == []
        return
    (finding,) = found
    assert finding["code"] == "DDL107" and finding["python"] == python
    assert (finding["path"], finding["line"]) == ("k8s/deployment.yaml", 9)
    assert f"aborts without a word on CPython {python}" in finding["message"]
    if injected == "v4.17.0":
        assert "judged as 4.16.0, the newest 4.x release ddlint's facts know" \
            in finding["message"]
    if fix:
        assert fix in finding["fix"]


def test_a_package_below_the_injected_requirement(write, ddlint) -> None:
    found = _run(write, ddlint, "flask==3.1.2\nwrapt==1.1.2\nbytecode==0.16.0\n", "v4.16.0",
                 "--python", "3.12")
    (finding,) = found
    assert (finding["code"], finding["path"], finding["line"]) == ("DDL108", "requirements.txt", 2)
    assert finding["package"] == "wrapt" and finding["version"] == "1.1.2"
    assert "below 1.2.0" in finding["message"]  # ">=1,!=2.2.0,<3" as sitecustomize reads it
    assert [f"{r['path']}:{r['line']}" for r in finding["related"]] == ["k8s/deployment.yaml:9"]
    assert finding["fix"] == "require wrapt>=1.2.0"
    # 4.2.x read ">=1,<3": 1.1.2 passes there
    assert _run(write, ddlint, "wrapt==1.1.2\n", "v4.2.1", "--python", "3.12") == []


def test_a_version_too_long_for_a_number_is_no_crash(write, ddlint) -> None:
    assert _run(write, ddlint, f"wrapt==0.{'9' * 5000}\n", "v4.16.0", "--python", "3.12") == []


def test_an_environment_with_its_own_tracer_is_left_alone(write, ddlint) -> None:
    """The injected sitecustomize.py defers to a ddtrace the application installs."""
    assert _run(write, ddlint, "ddtrace==4.16.0\nwrapt==1.1.2\n", "v4.16.0",
                "--python", "3.15") == []


def test_releases_without_facts_and_unknown_pythons_say_nothing(write, ddlint) -> None:
    # 3.9.x read another list (min_compatible_versions.csv): not judged
    assert _run(write, ddlint, "wrapt==0.9.0\n", "v3.9.0", "--python", "3.12") == []
    # no target Python: DDL107 cannot judge, DDL108 still does
    found = _run(write, ddlint, "wrapt==0.9.0\n", "v4.16.0")
    assert [f["code"] for f in found] == ["DDL108"]


def test_the_data_matches_the_range_of_the_issue() -> None:
    """CPython 3.9 to 3.14 for the current releases (RUNTIMES_ALLOW_LIST of 4.3.0 and later)."""
    from packaging.version import Version

    from ddlint.facts.ssi import injection_row

    row = injection_row(Version("4.16.0"))
    assert row is not None and row.python == ">=3.9,<3.15"
    assert row.requires is not None and "wrapt" in {r.name for r in row.requires}


# --- the refresh script over a repository's tags -------------------------------------------------

_SITECUSTOMIZE = '''\
RUNTIMES_ALLOW_LIST = {
    "cpython": {
        "min": Version(version=(3, 9), constraint=""),
        "max": Version(version=(3, %d), constraint=""),
    }
}


def python_version_is_compatible(marker_str, current_python_version_str):
    m = re.match(r"python_version%ss*([<>=!~]+)%ss*'([^']*)'", marker_str)
'''
_REQUIREMENTS = ("Dependency,Version Specifier,Python Version\n"
                 "bytecode,\">=0.13.0,<1\",python_version<'3.11'\n"
                 "bytecode,\">=0.17.0,<1\",python_version>='3.14.0'\n"
                 "ddtrace-internal,<1.0,\nwrapt,\"%s\",\n")


def _tag(top: Any, tag: str, maximum: int, escape: str, wrapt: str) -> None:
    import subprocess

    sources = top / "lib-injection" / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    (sources / "sitecustomize.py").write_text(_SITECUSTOMIZE % (maximum, escape, escape))
    (sources / "requirements.csv").write_text(_REQUIREMENTS % wrapt)
    for command in (["add", "-A"], ["commit", "-qm", tag, "--allow-empty"], ["tag", tag]):
        subprocess.run(["git", "-C", str(top), "-c", "user.name=t", "-c", "user.email=t@t",
                        *command], check=True)


def test_the_refresh_reads_sitecustomize_as_it_reads_itself(tmp_path: Any) -> None:
    import importlib.util
    import subprocess
    import sys
    from pathlib import Path

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    _tag(tmp_path, "v4.2.0", 14, "\\\\", ">=1,<3")
    _tag(tmp_path, "v4.3.0", 15, "\\\\", ">=1,!=2.2.0,<3")
    _tag(tmp_path, "v4.3.1", 15, "\\\\", ">=1,!=2.2.0,<3")
    _tag(tmp_path, "v4.4.0", 15, "\\", ">=1,!=2.2.0,<3")  # a pattern that matches the markers
    path = Path(__file__).resolve().parent.parent / "scripts" / "refresh_ssi_facts.py"
    spec = importlib.util.spec_from_file_location("refresh_ssi_facts", path)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = script
    spec.loader.exec_module(script)
    text = script.render(tmp_path)
    from ddlint import toml

    rows = toml.loads(text)["ssi"]
    assert [(r["first"], r["last"], r["python"]) for r in rows] == [
        ("4.2.0", "4.2.0", ">=3.9,<3.14"), ("4.3.0", "4.3.1", ">=3.9,<3.15"),
        ("4.4.0", "4.4.0", ">=3.9,<3.15")]
    # the doubled backslash matches no marker: every row applies, the last of a name wins;
    # only lower bounds, read by parse_version; "<1.0" has none
    assert rows[0]["requires"] == ["bytecode>=0.17.0", "wrapt>=1"]
    assert rows[1]["requires"] == ["bytecode>=0.17.0", "wrapt>=1.2.0"]
    # a matching pattern: a row for another Python is skipped, but a "<" marker always holds
    assert rows[2]["requires"] == [
        "bytecode>=0.13.0; python_version == '3.9'", "bytecode>=0.13.0; python_version == '3.10'",
        "bytecode>=0.13.0; python_version == '3.11'", "bytecode>=0.13.0; python_version == '3.12'",
        "bytecode>=0.13.0; python_version == '3.13'", "bytecode>=0.17.0; python_version == '3.14'",
        "wrapt>=1.2.0"]


def test_ddlint_facts_names_the_injection_data(ddlint) -> None:
    out = ddlint("facts").out
    assert "single-step instrumentation's abort conditions (rules/ssi.toml): as of ddtrace " \
           "4.16.0, from DataDog/dd-trace-py tags" in out
