"""Configuration: which file applies to which project, command-line precedence, and every
mistake in a configuration file is exit 2 with the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddlint.config import ConfigError, find_config, load_config
from tests.conftest import diagnostics

GIT = {".git/HEAD": "ref: refs/heads/main\n"}
# django 1.7.11: DDL301 (error); bottle: DDL304 (info); aiopg 0.17.0: DDL302 (error)
BAD = "ddtrace==4.16.0\ndjango==1.7.11\nbottle==0.12.25\n"


def found(result) -> list[tuple[str, str]]:
    """(path, code) of the findings not suppressed, leaving out rules these tests don't set up."""
    return sorted((d["path"], d["code"]) for d in diagnostics(result)
                  if not d.get("suppressed") and d["code"][:4] in ("DDL3", "DDL9"))


# -- which configuration applies ---------------------------------------------------------------

def test_precedence_within_a_folder(write) -> None:
    root = write({**GIT, "ddlint.toml": "select = ['DDL3']\n",
                  ".ddlint.toml": "select = ['DDL9']\n",
                  "pyproject.toml": "[tool.ddlint]\nselect = ['DDL1']\n"})
    assert find_config(root) == root / "ddlint.toml"
    (root / "ddlint.toml").unlink()
    assert find_config(root) == root / ".ddlint.toml"
    (root / ".ddlint.toml").unlink()
    assert find_config(root) == root / "pyproject.toml"


def test_nearest_configuration_per_project(write, ddlint) -> None:
    """A monorepo: each project's own configuration, the top one for a project without."""
    root = write({
        **GIT,
        "pyproject.toml": "[tool.ddlint]\nignore = ['DDL301']\n",
        "services/a/requirements.txt": BAD,
        "services/a/ddlint.toml": "ignore = ['DDL304']\n",
        # no [tool.ddlint] here: not a configuration, the search goes on upwards
        "services/b/pyproject.toml": "[project]\nname = 'b'\n",
        "services/b/requirements.txt": BAD,
        "services/c/requirements.txt": BAD,
    })
    result = ddlint("--format", "json", cwd=root)
    assert found(result) == [
        ("services/a/requirements.txt", "DDL301"),
        ("services/b/requirements.txt", "DDL304"),
        ("services/c/requirements.txt", "DDL304"),
    ]


def test_search_stops_at_the_repository_root(write) -> None:
    root = write({"ddlint.toml": "select = ['DDL9']\n", "repo/.git/HEAD": "x\n",
                  "repo/pkg/requirements.txt": BAD})
    assert find_config(root / "repo" / "pkg") is None
    (root / "repo" / ".git" / "HEAD").unlink()
    (root / "repo" / ".git").rmdir()
    assert find_config(root / "repo" / "pkg") == root / "ddlint.toml"


def test_pyproject_mentioning_ddlint_elsewhere_is_not_a_configuration(write) -> None:
    root = write({**GIT, "ddlint.toml": "ignore = ['DDL3']\n", "sub/pyproject.toml": """
        [project]
        name = "uses-ddlint"
        # [tool.ddlint] would go here
        dependencies = ["ddlint"]
        """})
    assert find_config(root / "sub") == root / "ddlint.toml"


def test_config_flag_overrides_discovery_for_every_project(write, ddlint) -> None:
    root = write({
        **GIT,
        "ci/ddlint.toml": "ignore = ['DDL304']\n",
        "a/pyproject.toml": "[tool.ddlint]\nignore = ['DDL301']\n",
        "a/requirements.txt": BAD,
        "b/ddlint.toml": "ignore = ['DDL301']\n",
        "b/requirements.txt": BAD,
    })
    assert found(ddlint("--format", "json", cwd=root)) == [
        ("a/requirements.txt", "DDL304"), ("b/requirements.txt", "DDL304")]
    result = ddlint("--config", "ci/ddlint.toml", "--format", "json", cwd=root)
    assert found(result) == [("a/requirements.txt", "DDL301"), ("b/requirements.txt", "DDL301")]


def test_command_line_wins_over_the_file(write, ddlint) -> None:
    root = write({**GIT, "requirements.txt": "ddtrace==4.16.0\nbottle==0.12.25\n",
                  "ddlint.toml": "fail-on = 'info'\nselect = ['DDL304']\n"})
    assert ddlint("requirements.txt", cwd=root).code == 1  # the file's fail-on = info
    assert ddlint("requirements.txt", "--fail-on", "error", cwd=root).code == 0
    result = ddlint("requirements.txt", "--select", "DDL301", "--format", "json", cwd=root)
    assert found(result) == [] and result.code == 0


def test_settings_reach_the_rules(write, ddlint) -> None:
    """Keys mirror the flags: the same file with python-versions in the configuration and with
    --python gives the same findings."""
    root = write({**GIT, "requirements.txt": "ddtrace==4.16.0\n"})
    by_flag = ddlint("--python", "2.7", "--format", "json", cwd=root).codes()
    (root / "ddlint.toml").write_text('python-versions = ["2.7"]\n')
    by_file = ddlint("--format", "json", cwd=root).codes()
    assert by_file == by_flag
    assert "DDL101" in by_file  # Python 2.7 is not a runtime ddtrace 4.x supports


def test_an_edited_file_is_read_again(write) -> None:
    root = write({"ddlint.toml": "select = ['DDL3']\n"})
    assert load_config(root / "ddlint.toml")["select"] == ("DDL3",)
    (root / "ddlint.toml").write_text("select = ['DDL301', 'DDL9']\n")
    assert load_config(root / "ddlint.toml")["select"] == ("DDL301", "DDL9")


def test_ignores_are_read_with_their_lines(write) -> None:
    import datetime

    root = write({"pyproject.toml": """
        [project]
        name = "x"

        [tool.ddlint]
        fail-on = "error"

        [[tool.ddlint.ignores]]
        code = "DDL301"
        package = "Django"
        version = "<1.8"
        reason = "legacy admin, upgrade planned"
        expires = 2027-03-31

        [[tool.ddlint.ignores]]
        code = "ddl2"
        path = "services/*/uv.lock"
        reason = "  pinned by the platform team  "
        expires = "2027-01-15"
        """})
    first, second = load_config(root / "pyproject.toml")["ignores"]
    assert (first.code, first.package, first.version, first.expires, first.origin) == (
        "DDL301", "django", "<1.8", datetime.date(2027, 3, 31), (root / "pyproject.toml", 7))
    assert (second.code, second.path, second.reason, second.expires, second.origin[1]) == (
        "DDL2", "services/*/uv.lock", "pinned by the platform team",
        datetime.date(2027, 1, 15), 14)


# -- mistakes: exit 2, file, line and key, never a traceback -------------------------------------

@pytest.mark.parametrize(("name", "text", "where", "says"), [
    ("ddlint.toml", "selct = ['DDL3']\n", "ddlint.toml:1: selct", "did you mean 'select'"),
    ("ddlint.toml", "# CI settings\n\nfail-on = 'fatal'\n", "ddlint.toml:3: fail-on",
     "unknown severity"),
    ("ddlint.toml", "python-versions = [3.10]\n", "ddlint.toml:1: python-versions",
     "3.10 is 3.1"),
    ("ddlint.toml", "python-versions = ['three']\n", "ddlint.toml:1: python-versions",
     "not a Python version"),
    ("ddlint.toml", "platforms = ['amiga']\n", "ddlint.toml:1: platforms", "not a platform"),
    ("ddlint.toml", "agent-version = 7.50\n", "ddlint.toml:1: agent-version",
     "must be a string"),
    ("ddlint.toml", "agent-version = 'latest'\n", "ddlint.toml:1: agent-version",
     "not a version"),
    ("ddlint.toml", "serverless = 'yes'\n", "ddlint.toml:1: serverless", "true or false"),
    ("ddlint.toml", "select = ['E501']\n", "ddlint.toml:1: select", "not a rule code"),
    ("ddlint.toml", "ignore = ['DDL777']\n", "ddlint.toml:1: ignore", "matches no rule"),
    ("ddlint.toml", "[per-file-ignores]\n'a/*' = 'DDL3'\n'b/*' = ['X1']\n",
     "ddlint.toml:1: per-file-ignores", "'b/*'"),
    ("ddlint.toml", "per-file-ignores = ['a']\n", "ddlint.toml:1: per-file-ignores",
     "table of"),
    (".ddlint.toml", "select = [\n", ".ddlint.toml: ", "invalid TOML"),
    ("pyproject.toml", "[tool]\nddlint = 1\n", "pyproject.toml:2: tool.ddlint",
     "must be a table"),
    ("pyproject.toml", "[project]\nname='x'\n\n[tool.ddlint]\nfail_on = 'error'\n",
     "pyproject.toml:5: tool.ddlint.fail_on", "did you mean 'fail-on'"),
    ("pyproject.toml", "[tool.ddlint]\nignores = {code = 'DDL301'}\n",
     "pyproject.toml:2: tool.ddlint.ignores", "array of tables"),
    ("pyproject.toml", "[tool.ddlint]\n[[tool.ddlint.ignores]]\ncode = 'DDL301'\n",
     "pyproject.toml:2: tool.ddlint.ignores[0]", "needs 'reason'"),
    ("pyproject.toml",
     "[tool.ddlint]\n[[tool.ddlint.ignores]]\ncode='DDL301'\nreason='x'\n"
     "[[tool.ddlint.ignores]]\ncode = 'DDL302'\nreason = '  '\n",
     "pyproject.toml:7: tool.ddlint.ignores[1].reason", "cannot be empty"),
    ("ddlint.toml", "[[ignores]]\ncode = 'DDL301'\nreason = 'x'\nexpire = 2027-01-01\n",
     "ddlint.toml:4: ignores[0].expire", "did you mean 'expires'"),
    ("ddlint.toml", "[[ignores]]\ncode = 'DDL301'\nreason = 'x'\nexpires = 'soon'\n",
     "ddlint.toml:4: ignores[0].expires", "not a date"),
    ("ddlint.toml", "[[ignores]]\ncode = 'DDL301'\nreason = 'x'\nversion = '1.7'\n",
     "ddlint.toml:4: ignores[0].version", "not a version specifier"),
    ("ddlint.toml", "[[ignores]]\ncode = 'DDL301'\nreason = 'x'\npackage = 3\n",
     "ddlint.toml:4: ignores[0].package", "must be a string"),
    (".ddlint.toml", "# copied from pyproject\n[tool.ddlint]\nselect = ['DDL3']\n",
     ".ddlint.toml:2: tool", "without [tool.ddlint]"),
    ("ddlint.toml", "[[ignores]]\ncode = 'W1'\nreason = 'x'\n",
     "ddlint.toml:2: ignores[0].code", "not a rule code"),
    ("ddlint.toml", "# sources\nfacts = ['page', 'traces']\n", "ddlint.toml:2: facts",
     "not a source of facts"),
    ("ddlint.toml", "facts = ['tracer']\n", "ddlint.toml:1: facts", 'must include "page"'),
    ("pyproject.toml", "[tool.ddlint]\nfacts = 1\n", "pyproject.toml:2: tool.ddlint.facts",
     "list of strings"),
])
def test_mistakes_are_exit_2_with_file_line_and_key(
    write, ddlint, *, name: str, text: str, where: str, says: str
) -> None:
    root = write({**GIT, "requirements.txt": "django==4.2.16\n", name: text})
    result = ddlint("requirements.txt", cwd=root)
    assert result.code == 2, result.out
    assert result.err.startswith(f"ddlint: error: {where}"), result.err
    assert says in result.err
    assert "Traceback" not in result.err and result.out == ""


def test_not_utf8(write, ddlint) -> None:
    root = write({**GIT, "requirements.txt": "django==4.2.16\n",
                  "ddlint.toml": "select = ['DDL3'] # caf\xe9\n".encode("latin-1")})
    result = ddlint("requirements.txt", cwd=root)
    assert result.code == 2 and "ddlint.toml: not valid UTF-8" in result.err


def test_broken_pyproject_with_a_section_is_a_configuration_error(write, ddlint) -> None:
    root = write({**GIT, "requirements.txt": "django==4.2.16\n",
                  "pyproject.toml": "[tool.ddlint]\nselect = ['DDL3'\n"})
    result = ddlint("requirements.txt", cwd=root)
    assert result.code == 2 and "pyproject.toml: invalid TOML" in result.err


def test_config_flag_needs_a_ddlint_table(write, ddlint) -> None:
    root = write({**GIT, "requirements.txt": "django==4.2.16\n",
                  "other/pyproject.toml": "[project]\nname = 'x'\n"})
    result = ddlint("--config", "other/pyproject.toml", "requirements.txt", cwd=root)
    assert result.code == 2 and "has no [tool.ddlint] table" in result.err


def test_error_path_is_relative_below_the_current_folder(
    write, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write({"ddlint.toml": "nope = 1\n", "elsewhere/.keep": ""})
    monkeypatch.chdir(root)
    with pytest.raises(ConfigError) as below:
        load_config(root / "ddlint.toml")
    assert str(below.value).startswith("ddlint.toml:1: nope: unknown key")
    assert (below.value.key, below.value.line) == ("nope", 1)
    monkeypatch.chdir(root / "elsewhere")
    with pytest.raises(ConfigError) as outside:
        load_config(root / "ddlint.toml")
    assert str(outside.value).startswith(f"{root / 'ddlint.toml'}:1: nope: ")


def test_every_key_of_the_reference_is_accepted(write, ddlint) -> None:
    """The configuration sample in the README works pasted as is (issue 25: it named a
    baseline file that did not exist, so the run exited 2); with its baseline line
    uncommented once the file is written, every key of the reference is in it and loads."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- configuration-reference -->")
    block = readme[start:].split("```toml\n", 1)[1].split("```", 1)[0]
    root = write({**GIT, "pyproject.toml": block, "requirements.txt": "django==4.2.16\n"})
    pasted = ddlint("requirements.txt", cwd=root)
    assert pasted.code in (0, 1), pasted.err
    assert ddlint("requirements.txt", "--write-baseline", "ddlint-baseline.json",
                  cwd=root).code == 0
    commented = '# baseline = "ddlint-baseline.json"'
    assert block.count(commented) == 1
    uncommented = block.replace(commented, 'baseline = "ddlint-baseline.json"')
    (root / "pyproject.toml").write_text(uncommented, encoding="utf-8")
    values = load_config(root / "pyproject.toml")
    from ddlint.config import _KEYS

    assert {name for name, _ in _KEYS.values()} | {"ignores", "baseline"} <= set(values)
    assert values["baseline"] == root / "ddlint-baseline.json"
    assert ddlint("requirements.txt", cwd=root).code in (0, 1)
