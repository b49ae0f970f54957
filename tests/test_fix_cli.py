"""``--fix``, ``--unsafe-fixes`` and ``--diff`` through ``ddlint.cli.main``: each manifest format,
idempotence, bytes kept outside the edit, never a lockfile or a generated file, the diff and
its exit code, and the JSON and SARIF fields of a fix."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, GIT, REPO, copy_project, make_top

TRACER = '"ddtrace==4.16.0",\n'
PYTHON = 'requires-python = ">=3.9,<3.15"\n'


def _project(write: Any, files: Mapping[str, str | bytes]) -> Path:
    root: Path = write({**GIT, **files})
    return root


def _fix(ddlint: Any, root: Path, *args: str) -> Any:
    return ddlint(".", "--select", "DDL3", *args, cwd=root)


# -- each manifest format: (files, file edited, text expected after --fix) --------------------

PEP621 = f"""[project]
name = "svc"
version = "1"
{PYTHON}dependencies = [
    {TRACER}    "django>=1.5",  # web
    'aiopg >= 0.12',
]
"""
# --fix: the floor is the higher of the page's (1.8) and ddtrace 4.16.0's own (2.2.8)
PEP621_FIXED = PEP621.replace('"django>=1.5"', '"django>=2.2.8"')
# --unsafe-fixes too: the cap can take a newer installed aiopg back (4.16.0 declares >= 0.16.0)
PEP621_ALL = PEP621_FIXED.replace(
    "'aiopg >= 0.12'", "'aiopg >= 0.16.0,<= 0.16'")  # the spacing as written
# The page's ranges alone (--facts page), where the format cases are checked
PAGE = ("--facts", "page")

OPTIONAL = f"""[project]
name = "svc"
version = "1"
{PYTHON}dependencies = [{TRACER.strip()}]

[project.optional-dependencies]
web = ["django>=1.5,<3"]
"""

GROUPS = f"""[project]
name = "svc"
version = "1"
{PYTHON}dependencies = [{TRACER.strip()}]

[dependency-groups]
web = [
  "django>=1.5",
  {{include-group = "other"}},
]
other = []
"""

UV_DEV = f"""[project]
name = "svc"
version = "1"
{PYTHON}dependencies = [{TRACER.strip()}]

[tool.uv]
dev-dependencies = ["aiopg>=0.10"]
"""

PDM_DEV = f"""[project]
name = "svc"
version = "1"
{PYTHON}dependencies = [{TRACER.strip()}]

[tool.pdm.dev-dependencies]
web = ["django>=1.4"]
"""

POETRY = """[tool.poetry]
name = "svc"
version = "1"

[tool.poetry.dependencies]
python = ">=3.9,<3.15"
ddtrace = "4.16.0"
django = "^1.7"
aiopg = { version = ">=0.12", optional = true }

[tool.poetry.group.web.dependencies]
django = '>=1.5'  # kept in quotes as written

[tool.poetry.group.test.dependencies]
django = "~1"
"""

REQUIREMENTS_IN = (
    "# the service's direct dependencies\n"
    "ddtrace==4.16.0\n"
    'django>=1.5 ; python_version >= "3.9"  # web\n'
    "aiopg>=0.12 \\\n"
    '    ; python_version >= "3.9"\n'
)

CASES: dict[str, tuple[dict[str, str], str, str]] = {
    "pep621": ({"pyproject.toml": PEP621}, "pyproject.toml",
               PEP621.replace('"django>=1.5"', '"django>=1.8"').replace(
                   "'aiopg >= 0.12'", "'aiopg >= 0.12,<= 0.16'")),  # the spacing as written
    "optional": ({"pyproject.toml": OPTIONAL}, "pyproject.toml",
                 OPTIONAL.replace('"django>=1.5,<3"', '"django>=1.8,<3"')),
    "pep735": ({"pyproject.toml": GROUPS}, "pyproject.toml",
               GROUPS.replace('"django>=1.5",', '"django>=1.8",')),
    "uv-dev": ({"pyproject.toml": UV_DEV}, "pyproject.toml",
               UV_DEV.replace('"aiopg>=0.10"', '"aiopg>=0.12.0,<=0.16"')),
    "pdm-dev": ({"pyproject.toml": PDM_DEV}, "pyproject.toml",
                PDM_DEV.replace('"django>=1.4"', '"django>=1.8"')),
    "poetry": ({"pyproject.toml": POETRY}, "pyproject.toml",
               POETRY.replace('"^1.7"', '"^1.8"').replace('">=0.12"', '">=0.12,<=0.16"')
               .replace("'>=1.5'", "'>=1.8'").replace('"~1"', '">=1.8,~1"')),
    "requirements.in": ({"requirements.in": REQUIREMENTS_IN}, "requirements.in",
                        REQUIREMENTS_IN.replace("django>=1.5 ;", "django>=1.8 ;")
                        .replace("aiopg>=0.12 \\", "aiopg>=0.12,<=0.16 \\")),
}
# What --fix alone writes: the same but the caps (aiopg), which are unsafe.
SAFE_ONLY = {
    "pep621": PEP621.replace('"django>=1.5"', '"django>=1.8"'),
    "uv-dev": UV_DEV,
    "poetry": CASES["poetry"][2].replace('">=0.12,<=0.16"', '">=0.12"'),
    "requirements.in": CASES["requirements.in"][2].replace("aiopg>=0.12,<=0.16 \\",
                                                           "aiopg>=0.12 \\"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_fix_each_manifest_format(write: Any, ddlint: Any, case: str) -> None:
    files, edited, expected = CASES[case]
    root = _project(write, files)
    before = ddlint(".", "--select", "DDL3", *PAGE, "--format", "json", cwd=root).json()
    fixable = [d for d in before["diagnostics"] if d.get("applicability")]
    assert fixable, before
    _fix(ddlint, root, *PAGE, "--fix")
    assert (root / edited).read_text(encoding="utf-8") == SAFE_ONLY.get(case, expected)
    result = _fix(ddlint, root, *PAGE, "--fix", "--unsafe-fixes")
    assert (root / edited).read_text(encoding="utf-8") == expected
    assert "DDL305" not in result.out  # nothing of it remains
    assert result.code == 0, result.out
    # idempotent: a second run changes nothing and has nothing to diff
    again = _fix(ddlint, root, *PAGE, "--fix", "--unsafe-fixes")
    assert "fixed" not in again.out and (root / edited).read_text(encoding="utf-8") == expected
    assert _fix(ddlint, root, *PAGE, "--diff", "--unsafe-fixes").code == 0


def test_text_marks_safe_fixes_and_counts_them(write: Any, ddlint: Any) -> None:
    root = _project(write, {"pyproject.toml": PEP621.replace(
        '"django>=1.5"', '"django==1.7.11", "redis>=1.0"')})
    result = ddlint(".", "--select", "DDL3", cwd=root)
    lines = result.out.splitlines()
    assert "DDL305 [*] redis>=1.0 admits" in result.out  # safe: marked
    assert "DDL305 aiopg>=0.12 admits" in result.out  # a cap: unsafe, not marked
    assert any(" DDL301 django 1.7.11" in line for line in lines)  # unsafe: not marked
    assert lines[-1].endswith("; [*] 1 fixable with --fix, 3 with --unsafe-fixes")


def test_no_fix_no_marker_and_output_unchanged(write: Any, ddlint: Any) -> None:
    root = _project(write, {"requirements.txt": "ddtrace==4.16.0\nbottle==0.12.25\n"})
    result = ddlint(".", "--select", "DDL3", cwd=root)
    assert "[*]" not in result.out and "fixable" not in result.out
    document = ddlint(".", "--select", "DDL3", "--format", "json", cwd=root).json()
    assert all("edits" not in d and "applicability" not in d for d in document["diagnostics"])


def test_diff_prints_what_fix_would_write_and_writes_nothing(write: Any, ddlint: Any) -> None:
    root = _project(write, {"pyproject.toml": PEP621})
    result = _fix(ddlint, root, "--diff")
    assert result.code == 1
    assert result.out == (
        "--- a/pyproject.toml\n+++ b/pyproject.toml\n@@ -4,6 +4,6 @@\n"
        ' requires-python = ">=3.9,<3.15"\n dependencies = [\n     "ddtrace==4.16.0",\n'
        '-    "django>=1.5",  # web\n'
        '+    "django>=2.2.8",  # web\n'
        "     'aiopg >= 0.12',\n"
        " ]\n")
    assert (root / "pyproject.toml").read_text(encoding="utf-8") == PEP621


def test_unsafe_fixes_only_when_asked(write: Any, ddlint: Any) -> None:
    text = "ddtrace==4.16.0\ndjango==1.7.11\n"
    root = _project(write, {"requirements.txt": text})
    assert _fix(ddlint, root, "--diff").code == 0  # nothing safe to do
    result = _fix(ddlint, root, "--fix")
    assert (root / "requirements.txt").read_text(encoding="utf-8") == text
    assert "1 unsafe fix available with --unsafe-fixes:" in result.out
    assert "DDL301 django: replaces the exact pin 1.7.11" in result.out
    assert result.code == 1
    fixed = _fix(ddlint, root, "--fix", "--unsafe-fixes")
    assert (root / "requirements.txt").read_text(encoding="utf-8") == (
        "ddtrace==4.16.0\ndjango>=2.2.8\n")
    assert fixed.code == 0, fixed.out


def test_bytes_outside_the_edit_are_kept_crlf_and_bom(write: Any, ddlint: Any) -> None:
    crlf = PEP621.replace("\n", "\r\n").encode("utf-8")
    root = _project(write, {"pyproject.toml": b"\xef\xbb\xbf" + crlf,
                            "requirements.in": REQUIREMENTS_IN.replace("\n", "\r\n").encode()})
    _fix(ddlint, root, *PAGE, "--fix")
    assert (root / "pyproject.toml").read_bytes() == (
        b"\xef\xbb\xbf" + SAFE_ONLY["pep621"].replace("\n", "\r\n").encode("utf-8"))
    assert (root / "requirements.in").read_bytes() == SAFE_ONLY["requirements.in"].replace(
        "\n", "\r\n").encode()


def test_a_file_that_does_not_parse_is_not_touched(write: Any, ddlint: Any) -> None:
    broken = PEP621 + "[project\n"
    root = _project(write, {"pyproject.toml": broken})
    _fix(ddlint, root, "--fix", "--unsafe-fixes")
    assert (root / "pyproject.toml").read_text(encoding="utf-8") == broken


@pytest.mark.parametrize(("fixture", "lock", "command"), [
    ("parity/uv", "uv.lock", "uv lock"),
    ("parity/poetry", "poetry.lock", "poetry lock"),
    ("parity/pdm", "pdm.lock", "pdm lock"),
    ("parity/pip-compile", "requirements.txt", "pip-compile --generate-hashes"),
    ("parity/pylock-uv", "pylock.toml", "uv export --format pylock.toml -o pylock.toml"),
])
def test_never_a_lockfile_the_manifest_and_the_relock_command(
        tmp_path: Path, ddlint: Any, fixture: str, lock: str, command: str) -> None:
    root = copy_project(FIXTURES / fixture, tmp_path / "project")
    manifest = "requirements.in" if lock == "requirements.txt" else "pyproject.toml"
    locked, declared = (root / lock).read_bytes(), (root / manifest).read_bytes()
    result = ddlint(".", "--select", "DDL3", "--fix", "--unsafe-fixes", cwd=root)
    assert (root / lock).read_bytes() == locked  # the lock (or compiled file) is not edited
    after = (root / manifest).read_text(encoding="utf-8")
    assert after != declared.decode() and "django>=2.2.8" in after
    assert f"re-lock: run `{command}` in ." in result.out
    # the lock still pins the old versions until it is re-locked: those findings remain
    assert f"{lock}:" in result.out and result.code == 1


def test_generated_requirements_are_never_edited(write: Any, ddlint: Any) -> None:
    compiled = (FIXTURES / "parity" / "pip-compile" / "requirements.txt").read_text()
    root = _project(write, {"requirements.txt": compiled})  # no requirements.in beside it
    result = ddlint(".", "--select", "DDL3", "--format", "json", cwd=root).json()
    assert result["diagnostics"] and not any("edits" in d for d in result["diagnostics"])
    ddlint(".", "--select", "DDL3", "--fix", "--unsafe-fixes", cwd=root)
    assert (root / "requirements.txt").read_text() == compiled


def test_release_line_and_requires_python_are_unsafe(write: Any, ddlint: Any) -> None:
    # (with requires-python ">=3.8", 4.x could not install on 3.8: no such fix, see uv-forked)
    root = _project(write, {"pyproject.toml": (
        '[project]\nname = "svc"\nversion = "1"\nrequires-python = ">=3.9,<3.14"\n'
        'dependencies = ["ddtrace>=2.0,<3"]\n'),
        "requirements.txt": "ddtrace==2.21.0\n"})
    document = ddlint(".", "--select", "DDL1,DDL201,DDL202", "--format", "json",
                      cwd=root).json()
    edits = {(d["code"], d["applicability"], d["edits"][0]["content"])
             for d in document["diagnostics"] if "edits" in d}
    # 2.x is End of Life on the pinned date: the tracer moved to the supported line
    # an exact pin stays one: the newest 4.x release of the snapshot out on the pinned date;
    # the manifest's range, which admits only 2.x, moves to the line's range
    assert edits == {("DDL201", "unsafe", "==4.16.0"), ("DDL201", "unsafe", ">=4,<5")}
    assert [d["edits"][0]["path"] for d in document["diagnostics"] if "edits" in d] == [
        "pyproject.toml", "requirements.txt"]
    moved = ddlint(".", "--select", "DDL201", "--fix", "--unsafe-fixes", cwd=root)
    assert (root / "requirements.txt").read_text() == "ddtrace==4.16.0\n"
    assert 'dependencies = ["ddtrace>=4,<5"]' in (root / "pyproject.toml").read_text()
    assert "DDL201" not in moved.out


@pytest.mark.parametrize(("declared", "moved"), [
    ("ddtrace==3.14.3\nflask==3.0.3\n", "ddtrace==4.16.0\nflask==3.0.3\n"),
    ("ddtrace === 3.14.3\n", "ddtrace === 4.16.0\n"),  # the operator and spacing kept
])
def test_a_tracer_pin_moves_to_a_pin(write: Any, ddlint: Any, declared: str,
                                     moved: str) -> None:
    root = _project(write, {"requirements.txt": declared, ".python-version": "3.12\n"})
    ddlint(".", "--select", "DDL201", "--fix", "--unsafe-fixes", cwd=root)
    assert (root / "requirements.txt").read_text() == moved
    again = ddlint(".", "--select", "DDL2", "--diff", "--unsafe-fixes", cwd=root)
    assert again.out == "" and again.code == 0, again.out


POETRY_OLD_PYTHON = """[tool.poetry]
name = "svc"
version = "1"

[tool.poetry.dependencies]
python = "^3.8"
ddtrace = "{tracer}"
"""


@pytest.mark.parametrize(("files", "expected"), [
    # Poetry, .python-version 3.10: ddtrace 4.16.0 declares Python >=3.9,<3.15, and Poetry
    # locks only a project whose Pythons all install it: narrowed in the same edit
    ({"pyproject.toml": POETRY_OLD_PYTHON.format(tracer="3.14.3"), ".python-version": "3.10\n"},
     POETRY_OLD_PYTHON.format(tracer="4.16.0").replace('"^3.8"', '"^3.9,<3.15"')),
    ({"pyproject.toml": '[project]\nname = "svc"\nversion = "1"\nrequires-python = ">=3.8"\n'
                        'dependencies = ["ddtrace==3.14.3"]\n', ".python-version": "3.10\n"},
     '[project]\nname = "svc"\nversion = "1"\nrequires-python = ">=3.9,<3.15"\n'
     'dependencies = ["ddtrace==4.16.0"]\n'),
    # a floor already high enough is kept as written
    ({"pyproject.toml": POETRY_OLD_PYTHON.format(tracer="3.14.3").replace('"^3.8"', '"^3.10"'),
      ".python-version": "3.12\n"},
     POETRY_OLD_PYTHON.format(tracer="4.16.0").replace('"^3.8"', '"^3.10,<3.15"')),
], ids=["poetry", "pep621", "high-enough"])
def test_moving_the_tracer_narrows_the_pythons_to_what_it_declares(
        write: Any, ddlint: Any, files: dict[str, str], expected: str) -> None:
    root = _project(write, files)
    document = ddlint(".", "--select", "DDL201", "--format", "json", cwd=root).json()
    (found,) = [d for d in document["diagnostics"] if d["code"] == "DDL201"]
    assert found["applicability"] == "unsafe"
    ddlint(".", "--select", "DDL201", "--fix", "--unsafe-fixes", cwd=root)
    assert (root / "pyproject.toml").read_text() == expected
    again = ddlint(".", "--select", "DDL1,DDL2", "--diff", "--unsafe-fixes", cwd=root)
    assert again.out == "", again.out


def test_a_cap_that_takes_the_locked_version_back_is_unsafe(
        tmp_path: Path, ddlint: Any) -> None:
    """uv.lock holds aiopg 1.0.0 above the page's <= 0.16: the cap on the manifest's
    ``aiopg>=0.12`` makes the re-lock downgrade it a major version: unsafe."""
    root = copy_project(FIXTURES / "parity" / "uv", tmp_path / "project")
    manifest = root / "pyproject.toml"
    manifest.write_text(manifest.read_text().replace('"aiopg==1.0.0"', '"aiopg>=0.12"'))
    declared = manifest.read_text()
    document = ddlint(".", "--select", "DDL302", "--format", "json", cwd=root).json()
    (found,) = [d for d in document["diagnostics"] if d["package"] == "aiopg"]
    assert found["applicability"] == "unsafe" and found["path"] == "uv.lock"
    result = ddlint(".", "--select", "DDL302", "--fix", cwd=root)
    assert manifest.read_text() == declared
    assert "DDL302 aiopg: caps the range at >=0.16.0,<=0.16: the re-lock downgrades the " \
           "installed 1.0.0" in result.out
    ddlint(".", "--select", "DDL302", "--fix", "--unsafe-fixes", cwd=root)
    assert '"aiopg>=0.16.0,<=0.16"' in manifest.read_text()


def test_a_safe_floor_is_the_higher_of_the_page_and_the_tracer_line(
        write: Any, ddlint: Any) -> None:
    """The page says psycopg2 >= 2.4; ddtrace 3.x itself declares >= 2.8.0: a fix to 2.4
    would be reported by DDL502."""
    root = _project(write, {"requirements.txt": "ddtrace==3.14.3\npsycopg2-binary>=2.0\n",
                            ".python-version": "3.12\n"})
    result = ddlint(".", "--select", "DDL305", "--fix", cwd=root)
    assert (root / "requirements.txt").read_text() == (
        "ddtrace==3.14.3\npsycopg2-binary>=2.8.0\n"), result.out
    after = ddlint(".", "--select", "DDL3,DDL5", cwd=root)
    assert "psycopg2" not in after.out, after.out


def test_a_lock_without_its_manifest_gets_no_fix(tmp_path: Path, ddlint: Any) -> None:
    root = make_top(tmp_path / "lock-alone")
    shutil.copy(FIXTURES / "parity" / "uv" / "uv.lock", root / "uv.lock")
    locked = (root / "uv.lock").read_bytes()
    document = ddlint(".", "--select", "DDL3", "--format", "json", cwd=root).json()
    assert document["diagnostics"] and not any("edits" in d for d in document["diagnostics"])
    assert ddlint(".", "--select", "DDL3", "--diff", "--unsafe-fixes", cwd=root).code == 0
    ddlint(".", "--select", "DDL3", "--fix", "--unsafe-fixes", cwd=root)
    assert (root / "uv.lock").read_bytes() == locked


def test_requires_python_raised_for_ddl101(write: Any, ddlint: Any) -> None:
    root = _project(write, {"pyproject.toml": (
        '[project]\nname = "svc"\nversion = "1"\nrequires-python = ">=3.8,<3.15"\n'
        'dependencies = ["ddtrace==4.16.0"]\n')})
    document = ddlint(".", "--select", "DDL101", "--format", "json", cwd=root).json()
    found = [d for d in document["diagnostics"] if d.get("python") == "3.8"]
    assert found and found[0]["applicability"] == "unsafe"
    assert found[0]["edits"] == [{"path": "pyproject.toml", "line": 4, "column": 20,
                                  "end_line": 4, "end_column": 31, "content": ">=3.9,<3.15"}]


def test_json_edits_apply_to_the_file(write: Any, ddlint: Any) -> None:
    """The JSON edits, applied as documented (1-based, end exclusive), give what --fix writes."""
    root = _project(write, {"pyproject.toml": PEP621})
    document = ddlint(".", "--select", "DDL3", "--format", "json", cwd=root).json()
    assert document["version"] == 1
    lines = PEP621.split("\n")
    edits = [e for d in document["diagnostics"] if d.get("applicability") == "safe"
             for e in d["edits"]]
    assert {tuple(sorted(e)) for e in edits} == {
        ("column", "content", "end_column", "end_line", "line", "path")}
    for edit in sorted(edits, key=lambda e: (e["line"], e["column"]), reverse=True):
        assert edit["line"] == edit["end_line"] and edit["path"] == "pyproject.toml"
        text = lines[edit["line"] - 1]
        lines[edit["line"] - 1] = (text[:edit["column"] - 1] + edit["content"]
                                   + text[edit["end_column"] - 1:])
    assert "\n".join(lines) == PEP621_FIXED


# The project's own SARIF validator, which .ci/run runs (the multitool from npm).
VALIDATOR = REPO / ".ci" / "validate-sarif" / "run"


def test_sarif_fixes(write: Any, ddlint: Any) -> None:
    root = _project(write, {"pyproject.toml": PEP621})
    document = json.loads(ddlint(".", "--select", "DDL3", "--format", "sarif", cwd=root).out)
    results = document["runs"][0]["results"]
    fixes = [r["fixes"] for r in results if "fixes" in r]
    assert len(fixes) == 2
    change = fixes[0][0]["artifactChanges"][0]
    assert change["artifactLocation"] == {"uri": "pyproject.toml", "uriBaseId": "%SRCROOT%"}
    assert change["replacements"] == [{
        "deletedRegion": {"startLine": 7, "startColumn": 12, "endLine": 7, "endColumn": 17},
        "insertedContent": {"text": ">=2.2.8"}}]
    assert fixes[0][0]["properties"] == {"applicability": "safe"}


def test_sarif_with_fixes_validates(write: Any, ddlint: Any, tmp_path: Path) -> None:
    """The SARIF validator .ci/run uses reports no error or warning (on Linux, where .ci/run
    runs; skipped without node and npm, which it installs the multitool with)."""
    if not sys.platform.startswith("linux"):
        pytest.skip(".ci/validate-sarif runs on Linux, as .ci/run does")
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are not on this machine")
    root = _project(write, {"pyproject.toml": PEP621,
                            "requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n"})
    out = tmp_path / "fixes.sarif"
    ddlint(".", "--format", "sarif", "--output", str(out), cwd=root)
    assert "fixes" in out.read_text(encoding="utf-8")
    checked = subprocess.run(["bash", str(VALIDATOR), str(out)], capture_output=True,
                             text=True, check=False)
    if checked.returncode == 2:  # npm could not install the multitool (offline)
        pytest.skip(checked.stderr)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "error" not in checked.stdout.lower() and "warning" not in checked.stdout.lower()


def test_readme_diff_block_is_real_output(ddlint: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = "$ ddlint examples/requirements.txt --today 2026-11-25 --diff --unsafe-fixes\n"
    start = readme.index(command) + len(command)
    shown = readme[start:readme.index("$ echo $?", start)]
    monkeypatch.setenv("NO_COLOR", "1")
    result = ddlint("examples/requirements.txt", "--today", "2026-11-25", "--diff",
                    "--unsafe-fixes", cwd=REPO)
    assert result.out == shown
    code = readme[readme.index("$ echo $?", start) + 10:].split("\n", 1)[0]
    assert result.code == int(code)
    assert (REPO / "examples" / "requirements.txt").read_text().count("==") == 5  # untouched


def test_fix_with_json_keeps_stdout_json(write: Any, ddlint: Any) -> None:
    """What --fix did goes to stderr when stdout carries a machine format."""
    root = _project(write, {"pyproject.toml": PEP621})
    result = _fix(ddlint, root, "--fix", "--unsafe-fixes", "--format", "json")
    assert result.json()["diagnostics"] == []  # what remains: nothing
    assert result.err.startswith("fixed 2 findings in pyproject.toml")
    assert (root / "pyproject.toml").read_text(encoding="utf-8") == PEP621_ALL


def test_requires_python_capped_for_ddl104(tmp_path: Path, ddlint: Any) -> None:
    """typical's requires-python '>=3.9' targets 3.15, which ddtrace 4.16.0's own
    Requires-Python excludes and no later release declares: an unsafe cap, on the pyproject
    behind the uv.lock finding."""
    root = copy_project(FIXTURES / "typical", tmp_path / "project")
    document = ddlint(".", "--select", "DDL104", "--format", "json", cwd=root).json()
    found = document["diagnostics"]
    assert found and {d["applicability"] for d in found} == {"unsafe"}
    assert {e["content"] for d in found for e in d["edits"]} == {">=3.9,<3.15"}
    assert {e["path"] for d in found for e in d["edits"]} == {"pyproject.toml"}
    result = ddlint(".", "--select", "DDL104", "--fix", "--unsafe-fixes", cwd=root)
    assert 'requires-python = ">=3.9,<3.15"' in (root / "pyproject.toml").read_text()
    assert "re-lock: run `uv lock` in ." in result.out
    assert result.code == 0, result.out  # the targets now stop at 3.14: nothing remains


def test_a_symlink_out_of_the_repository_is_not_written(tmp_path: Path, ddlint: Any) -> None:
    outside = tmp_path / "elsewhere" / "requirements.in"
    outside.parent.mkdir()
    outside.write_text(REQUIREMENTS_IN, encoding="utf-8")
    root = make_top(tmp_path / "repo")
    (root / "requirements.in").symlink_to(outside)
    result = ddlint(".", "--select", "DDL3", "--fix", cwd=root)
    # not even read (DDL001); fixing.writing.target refuses it too, should it ever be
    assert "outside the repository" in result.out and "fixed" not in result.out
    assert outside.read_text(encoding="utf-8") == REQUIREMENTS_IN
    assert (root / "requirements.in").is_symlink()
    inside = root / "deps" / "base.in"
    inside.parent.mkdir()
    inside.write_text(REQUIREMENTS_IN, encoding="utf-8")
    (root / "requirements.in").unlink()
    (root / "requirements.in").symlink_to(inside)
    ddlint(".", "--select", "DDL3", *PAGE, "--fix", cwd=root)
    assert inside.read_text(encoding="utf-8") == SAFE_ONLY["requirements.in"]
    assert (root / "requirements.in").is_symlink()


@pytest.mark.parametrize("content", [
    b"ddtrace==4.16.0\n<<<<<<< HEAD\ndjango==1.7.11\n=======\ndjango>=1.5\n>>>>>>> feature\n",
    b"ddtrace==4.16.0\ndjango>=1.5  # caf\xe9\n",
    b"ddtrace==4.16.0\ndjango>=1.5\n\x00\n",
], ids=["conflict-markers", "not-utf8", "nul"])
def test_a_file_ddlint_cannot_read_whole_is_not_fixed(write: Any, ddlint: Any,
                                                      content: bytes) -> None:
    root = _project(write, {"requirements.txt": content})
    diff = ddlint(".", "--diff", "--unsafe-fixes", cwd=root)
    assert diff.code == 0 and diff.out == ""
    result = ddlint(".", "--fix", "--unsafe-fixes", cwd=root)
    assert (root / "requirements.txt").read_bytes() == content
    assert "Traceback" not in result.out + result.err and result.code == 1  # DDL001 remains


def test_one_file_named_two_ways_is_changed_once(tmp_path: Path, ddlint: Any) -> None:
    """uv-forked: DDL104's cap (the project's pyproject) and nothing else; the tracer's fork for
    Python 3.8 is not moved to 4.x, which 3.8 cannot install (DDL201's fix drops 3.8 first)."""
    root = copy_project(FIXTURES / "uv-forked", tmp_path / "project")
    before = (root / "pyproject.toml").read_text(encoding="utf-8")
    result = ddlint(".", "--fix", "--unsafe-fixes", cwd=root)
    assert result.out.count("fixed ") == 1 and result.out.count("re-lock: run `uv lock`") == 1
    assert (root / "pyproject.toml").read_text(encoding="utf-8") == before.replace(
        'requires-python = ">=3.8"', 'requires-python = ">=3.8,<3.15"')


COMPILED_BODY = ("ddtrace==4.16.0\n    # via -r requirements/main.in\n"
                 "django==1.7.11\n    # via -r requirements/main.in\n")
HEADERS = {
    "uv": ("# This file was autogenerated by uv via the following command:\n"
           "#    uv pip compile requirements/main.in -o requirements/main.txt\n",
           "uv pip compile requirements/main.in -o requirements/main.txt"),
    "pip-compile": ("#\n# This file is autogenerated by pip-compile with Python 3.12\n"
                    "# by the following command:\n#\n"
                    "#    pip-compile --output-file=requirements/main.txt requirements/main.in\n"
                    "#\n",
                    "pip-compile --output-file=requirements/main.txt requirements/main.in"),
}


@pytest.mark.parametrize("tool", sorted(HEADERS))
def test_a_file_compiled_from_the_top_is_relocked_there(write: Any, ddlint: Any,
                                                        tool: str) -> None:
    """The header names its files from the repository's top: the .in is edited, and the
    printed command, with the header's own arguments, runs from the top (from the folder,
    uv stops with "required arguments were not provided")."""
    header, command = HEADERS[tool]
    root = _project(write, {"requirements/main.in": "ddtrace==4.16.0\ndjango>=1.5\n",
                            "requirements/main.txt": header + COMPILED_BODY,
                            ".python-version": "3.12\n"})
    found = ddlint(".", "--select", "DDL301", "--format", "json", cwd=root).json()
    (django,) = [d for d in found["diagnostics"] if d["package"] == "django"]
    assert django["fix"] == (f"run `{command} --upgrade-package 'django>=2.2.8'` from the "
                             "repository's top")
    # run from the files' folder: the command still runs from the top
    result = ddlint("main.in", "main.txt", "--select", "DDL3", "--fix", cwd=root / "requirements")
    assert (root / "requirements" / "main.in").read_text() == "ddtrace==4.16.0\ndjango>=2.2.8\n"
    assert f"re-lock: run `{command}` in ..\n" in result.out, result.out


def test_a_custom_compile_command_is_the_one_printed(write: Any, ddlint: Any) -> None:
    """pip-compile writes CUSTOM_COMPILE_COMMAND (``make upgrade``) where its own command
    line would be: that is the command to run, not a bare pip-compile, which would compile
    something else."""
    header = ("#\n# This file is autogenerated by pip-compile with Python 3.12\n"
              "# by the following command:\n#\n#    make upgrade\n#\n")
    root = _project(write, {"requirements/main.in": "ddtrace==4.16.0\ndjango>=1.5\n",
                            "requirements/main.txt": header + COMPILED_BODY.replace(
                                "requirements/main.in", "main.in"),
                            ".python-version": "3.12\n"})
    found = ddlint(".", "--select", "DDL301", "--format", "json", cwd=root).json()
    (django,) = [d for d in found["diagnostics"] if d["package"] == "django"]
    assert django["fix"] == ("require django>=2.2.8 in the input file, then run `make upgrade` "
                             "from the repository's top")
    result = ddlint(".", "--select", "DDL3", "--fix", cwd=root)
    assert (root / "requirements" / "main.in").read_text() == "ddtrace==4.16.0\ndjango>=2.2.8\n"
    assert "re-lock: run `make upgrade` in .\n" in result.out, result.out
    assert "pip-compile" not in result.out


# -- the re-lock run by the real tool (slow: it resolves against the package index) ----------

RELOCK_PROJECTS = {
    "poetry": ('[tool.poetry]\nname = "svc"\nversion = "1"\npackage-mode = false\n\n'
               '[tool.poetry.dependencies]\npython = "^3.8"\nddtrace = "3.14.3"\n', "poetry lock"),
    "uv": ('[project]\nname = "svc"\nversion = "1"\nrequires-python = ">=3.8"\n'
           'dependencies = ["ddtrace==3.14.3"]\n', "uv lock"),
}


@pytest.mark.slow
@pytest.mark.parametrize("tool", sorted(RELOCK_PROJECTS))
def test_the_moved_tracer_relocks_with_the_real_tool(write: Any, ddlint: Any,
                                                     tool: str) -> None:
    """The unsafe DDL201 fix, then the re-lock command it prints, run by the tool itself: it
    resolves, because the fix raised the Python floor ddtrace 4 needs with it. Skipped where
    the tool is not installed (CI does not install it: the re-lock needs the package index)."""
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not on PATH")
    text, command = RELOCK_PROJECTS[tool]
    root = _project(write, {"pyproject.toml": text, ".python-version": "3.10\n"})
    result = ddlint(".", "--select", "DDL201", "--fix", "--unsafe-fixes", cwd=root)
    assert result.out.startswith("fixed 1 finding in pyproject.toml"), result.out
    done = subprocess.run(command.split(), cwd=root, capture_output=True, text=True,
                          timeout=900, check=False)
    if done.returncode != 0 and "network" in (done.stdout + done.stderr).lower():
        pytest.skip(f"{tool} could not reach the package index: {done.stderr[-300:]}")
    assert done.returncode == 0, done.stdout + done.stderr
    lock = (root / ("poetry.lock" if tool == "poetry" else "uv.lock")).read_text()
    assert 'name = "ddtrace"\nversion = "4.16.0"' in lock
