"""Accountable suppressions: inline comments, per-file ignores and configured ignores with a
reason and an expiry, DDL901/DDL902, and a summary that counts what was silenced."""

from __future__ import annotations

import pytest

from ddlint.suppressions import parse_inline_ignore
from tests.conftest import FIXTURES, diagnostics

GIT = {".git/HEAD": "ref: refs/heads/main\n"}
# Lifecycle findings depend on the as-of date; these tests are about the filter.
QUIET = "ignore = ['DDL1', 'DDL2', 'DDL4']\n"


def kept(result) -> list[tuple[str, int, str]]:
    return [(d["path"], d["line"], d["code"]) for d in diagnostics(result)
            if not d.get("suppressed")]


def silenced(result) -> list[tuple[str, int, str, str]]:
    return [(d["path"], d["line"], d["code"], d["suppression_reason"])
            for d in diagnostics(result) if d.get("suppressed")]


@pytest.mark.parametrize(("comment", "codes"), [
    ("# ddlint: ignore", ()),
    ("# ddlint: ignore[DDL301]", ("DDL301",)),
    ("#ddlint:ignore[ddl301, DDL3 ]  upgrade in BILL-42", ("DDL301", "DDL3")),
    ("# DDLint: Ignore  legacy admin", ()),
    ("# pinned  # ddlint: ignore[DDL302]", ("DDL302",)),
    ("# ddlint: ignored because it is old", None),
    ("# ddlint: ignore-next-line", None),
    ("# ddlint ignore", None),
    ("# noqa", None),
    ("", None),
])
def test_inline_comment_grammar(comment: str, codes: tuple[str, ...] | None) -> None:
    assert parse_inline_ignore(comment) == codes


# -- inline --------------------------------------------------------------------------------------

def test_inline_ignore_in_a_requirements_file(write, ddlint) -> None:
    root = write({**GIT, "ddlint.toml": QUIET, "requirements.txt": """
        ddtrace==4.16.0
        django==1.7.11  # ddlint: ignore[DDL301]  legacy admin, upgrade in BILL-42
        aiopg==0.17.0 \\
            --hash=sha256:abc  # ddlint: ignore
        bottle==0.12.25  # ddlint: ignore[DDL301]
        """})
    result = ddlint("requirements.txt", "--format", "json", cwd=root)
    assert silenced(result) == [
        ("requirements.txt", 2, "DDL301", "inline ignore comment"),
        # the comment ends a continued line; the finding is on the line the entry starts
        ("requirements.txt", 3, "DDL302", "inline ignore comment"),
    ]
    # a comment naming another code silences nothing, and is itself reported
    assert kept(result) == [("requirements.txt", 5, "DDL304"), ("requirements.txt", 5, "DDL902")]
    unused = next(diagnostics(result, "DDL902"))
    assert unused["message"] == "the inline ignore[DDL301] on this line matched no finding"
    assert result.code == 0  # DDL304 and DDL902 are info
    assert result.json()["summary"]["suppressed"] == 2


def test_inline_ignore_on_a_pyproject_dependency_line(write, ddlint) -> None:
    root = write({**GIT, "ddlint.toml": QUIET, "pyproject.toml": """
        [project]
        name = "app"
        dependencies = [
            "ddtrace==4.16.0",
            "django==1.7.11",  # ddlint: ignore[DDL301]
            "aiopg==0.17.0",
        ]
        """})
    result = ddlint("pyproject.toml", "--format", "json", cwd=root)
    assert silenced(result) == [("pyproject.toml", 5, "DDL301", "inline ignore comment")]
    assert kept(result) == [("pyproject.toml", 6, "DDL302")]
    assert result.code == 1


def test_inline_ignore_in_an_included_file_counts_once(write, ddlint) -> None:
    root = write({**GIT, "ddlint.toml": QUIET,
                  "base.txt": "ddtrace==4.16.0\ndjango==1.7.11  # ddlint: ignore[DDL301]\n",
                  "requirements.txt": "-r base.txt\n", "requirements-dev.txt": "-r base.txt\n"})
    result = ddlint("--format", "json", cwd=root)
    assert silenced(result) == [("base.txt", 2, "DDL301", "inline ignore comment")]
    assert kept(result) == []


# -- configured ignores --------------------------------------------------------------------------

LOCK_CONFIG = """
[project]
name = "parity"
requires-python = ">=3.9"

[tool.ddlint]
ignore = ["DDL1", "DDL2", "DDL304", "DDL4"]

[[tool.ddlint.ignores]]
code = "DDL301"
package = "Django"
version = "<1.8"
reason = "legacy admin, upgrade in BILL-42"
expires = 2026-12-31

[[tool.ddlint.ignores]]
code = "DDL302"
package = "aiopg"
version = ">=2"
reason = "only for aiopg 2"

[[tool.ddlint.ignores]]
code = "DDL301"
path = "other/*.lock"
reason = "not this lockfile"
"""


def lock_project(write, config: str = LOCK_CONFIG):
    lock = (FIXTURES / "parity" / "uv" / "uv.lock").read_text(encoding="utf-8")
    return write({**GIT, "pyproject.toml": config, "uv.lock": lock})


def test_configured_ignores_on_a_lockfile(write, ddlint) -> None:
    root = lock_project(write)
    result = ddlint("--format", "json", cwd=root)
    assert silenced(result) == [
        ("uv.lock", 230, "DDL301", "legacy admin, upgrade in BILL-42")]
    assert kept(result) == [
        # the version and path ignores do not match these findings, and say so
        ("pyproject.toml", 15, "DDL902"),
        ("pyproject.toml", 21, "DDL902"),
        ("uv.lock", 14, "DDL302"),
        ("uv.lock", 97, "DDL301"),
    ]
    assert [d["message"] for d in diagnostics(result, "DDL902")] == [
        "the ignore of DDL302 for aiopg>=2 matched no finding",
        "the ignore of DDL301 matched no finding",
    ]


def test_expired_ignore_reports_the_finding_again(write, ddlint) -> None:
    root = lock_project(write)
    on_the_day = ddlint("--format", "json", "--today", "2026-12-31", cwd=root)
    assert ("uv.lock", 230, "DDL301", "legacy admin, upgrade in BILL-42") in silenced(on_the_day)
    assert not list(diagnostics(on_the_day, "DDL901"))

    after = ddlint("--format", "json", "--today", "2027-01-01", cwd=root)
    assert ("uv.lock", 230, "DDL301") in kept(after)
    assert silenced(after) == []
    expired = next(diagnostics(after, "DDL901"))
    assert (expired["path"], expired["line"], expired["severity"]) == (
        "pyproject.toml", 8, "warning")
    assert expired["message"] == (
        "the ignore of DDL301 for django<1.8 expired on 2026-12-31: its finding is reported "
        "again (reason was: legacy admin, upgrade in BILL-42)")
    # an expired ignore is not also "unused"
    assert [d["line"] for d in diagnostics(after, "DDL902")] == [15, 21]
    assert after.code == 1


def test_unused_configured_ignores_are_judged_only_on_whole_runs(write, ddlint) -> None:
    """pre-commit passes the files that changed: an ignore meant for another file is not
    "unused" there. ``ddlint`` / ``ddlint .`` search the configuration's folder and judge it."""
    root = lock_project(write)
    (root / "requirements.txt").write_text("flask==3.0.3\n")
    partial = ddlint("requirements.txt", "--format", "json", cwd=root)
    assert kept(partial) == [] and partial.code == 0
    whole = ddlint(".", "--format", "json", cwd=root)
    assert [d["line"] for d in diagnostics(whole, "DDL902")] == [15, 21]
    sub = root / "sub"
    sub.mkdir()
    below = ddlint("sub", "uv.lock", "--format", "json", cwd=root)
    assert not list(diagnostics(below, "DDL902"))  # sub/ does not hold the configuration


def test_a_shared_configuration_is_judged_once_per_run(write, ddlint) -> None:
    """One configuration above two projects: an ignore used by one of them is not unused, and
    one used by neither is reported once."""
    root = write({
        **GIT,
        "ddlint.toml": QUIET + """
            [[ignores]]
            code = "DDL301"
            package = "django"
            reason = "a still runs Django 1.7"

            [[ignores]]
            code = "DDL302"
            package = "aiopg"
            reason = "no project has this any more"
            """.replace("\n            ", "\n"),
        "a/pyproject.toml": "[project]\nname = 'a'\n",
        "a/requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n",
        "b/pyproject.toml": "[project]\nname = 'b'\n",
        "b/requirements.txt": "ddtrace==4.16.0\ndjango==4.2.16\n",
    })
    result = ddlint("--format", "json", cwd=root)
    assert silenced(result) == [("a/requirements.txt", 2, "DDL301", "a still runs Django 1.7")]
    assert kept(result) == [("ddlint.toml", 8, "DDL902")]
    # the same with --config naming it for every project
    flagged = ddlint("--config", "ddlint.toml", "--format", "json", cwd=root)
    assert kept(flagged) == [("ddlint.toml", 8, "DDL902")]


def test_suppressions_of_several_kinds_on_one_finding(write, ddlint) -> None:
    """Every suppression that matches is used (none is called unused); the most specific one,
    the inline comment, gives the reason."""
    root = write({
        **GIT,
        "ddlint.toml": QUIET + """
            [per-file-ignores]
            "legacy/*.txt" = ["DDL3"]

            [[ignores]]
            code = "DDL301"
            reason = "accepted"
            """.replace("\n            ", "\n"),
        "legacy/requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11  # ddlint: ignore\n",
    })
    result = ddlint("--format", "json", cwd=root)
    assert silenced(result) == [
        ("legacy/requirements.txt", 2, "DDL301", "inline ignore comment")]
    assert kept(result) == []


def test_per_file_ignores_are_relative_to_the_configuration(write, ddlint) -> None:
    root = write({
        **GIT,
        "services/ddlint.toml": QUIET + "[per-file-ignores]\n'api/*.txt' = ['DDL301']\n"
                                        "'requirements-dev.txt' = ['DDL3']\n",
        "services/api/requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n",
        "services/web/requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n",
        "services/web/deep/requirements-dev.txt": "ddtrace==4.16.0\naiopg==0.17.0\n",
        "api/requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n",
    })
    result = ddlint("--format", "json", cwd=root)
    assert silenced(result) == [
        ("services/api/requirements.txt", 2, "DDL301", "per-file-ignores: api/*.txt"),
        ("services/web/deep/requirements-dev.txt", 2, "DDL302",
         "per-file-ignores: requirements-dev.txt"),
    ]
    # api/ at the top is outside the configuration's folder: the pattern does not reach it
    assert ("api/requirements.txt", 2, "DDL301") in kept(result)
    assert ("services/web/requirements.txt", 2, "DDL301") in kept(result)


def test_meta_rules_follow_select_and_ignore(write, ddlint) -> None:
    root = lock_project(write)
    result = ddlint("--ignore", "DDL902", "--format", "json", cwd=root)
    assert not list(diagnostics(result, "DDL902"))
    expired = ddlint("--ignore", "DDL9", "--today", "2027-06-01", "--format", "json", cwd=root)
    assert not list(diagnostics(expired, "DDL901"))
    assert ("uv.lock", 230, "DDL301") in kept(expired)  # the expiry still applies


def test_a_projects_fail_on_applies_to_its_findings(write, ddlint) -> None:
    """Configurations differ per project: each fail-on judges its own project's findings."""
    relaxed = "[tool.ddlint]\nfail-on = 'error'\n" + "ignore = ['DDL1', 'DDL2', 'DDL4']\n"
    strict = "[tool.ddlint]\nfail-on = 'info'\n" + "ignore = ['DDL1', 'DDL2', 'DDL4']\n"
    root = write({**GIT, "a/pyproject.toml": relaxed,
                  "a/requirements.txt": "ddtrace==4.16.0\nbottle==0.12.25\n"})
    assert ddlint("a", cwd=root).code == 0  # DDL304 is info, a fails on errors only
    (root / "b").mkdir()
    (root / "b" / "pyproject.toml").write_text(strict)
    (root / "b" / "requirements.txt").write_text("ddtrace==4.16.0\nflask==3.0.3\n")
    assert ddlint("a", "b", cwd=root).code == 0  # b has nothing
    (root / "b" / "requirements.txt").write_text("ddtrace==4.16.0\nbottle==0.12.25\n")
    assert ddlint("a", "b", cwd=root).code == 1  # b fails on info
    assert ddlint("a", "b", "--fail-on", "error", cwd=root).code == 0  # the flag wins


# -- what the run says ---------------------------------------------------------------------------

def test_summary_and_statistics(write, ddlint) -> None:
    root = write({**GIT, "ddlint.toml": QUIET, "requirements.txt": """
        ddtrace==4.16.0
        django==1.7.11
        aiopg==0.17.0  # ddlint: ignore[DDL302]
        bottle==0.12.25
        falcon==1.0.0
        """})
    result = ddlint("requirements.txt", "--statistics", cwd=root)
    lines = result.out.splitlines()
    assert lines[-1] == (
        "1 file, 5 dependencies checked: 4 findings (1 error, 1 warning, 2 info), 1 suppressed; "
        "1 fixable with --unsafe-fixes")  # django==1.7.11: an exact pin, unsafe to replace
    statistics = [line for line in lines if line.startswith("    ")
                  and not line.lstrip().startswith("fix:")]
    # falcon 1.0.0: the page's >= 1.0 passes it, the 4.x tracer declares >= 3.0 (DDL502)
    assert statistics == ["    1  DDL301  integration-below-minimum",
                          "    2  DDL304  integration-manual",
                          "    1  DDL502  below-tracer-minimum"]
    document = ddlint("requirements.txt", "--format", "json", cwd=root).json()
    assert {k: document["summary"][k] for k in ("files", "dependencies", "findings",
                                                 "suppressed", "by_code")} == {
        "files": 1, "dependencies": 5, "findings": 4, "suppressed": 1,
        "by_code": {"DDL301": 1, "DDL304": 2, "DDL502": 1}}


def test_nothing_checked_is_not_no_findings(write, ddlint) -> None:
    empty = write({**GIT, "README.md": "# nothing to check\n", "src/app.py": "print()\n"})
    result = ddlint(cwd=empty)
    assert result.code == 2 and result.out == ""
    assert "no dependency files found in ." in result.err
    (empty / "requirements.txt").write_text("# no dependencies yet\n")
    checked = ddlint(cwd=empty)
    assert checked.code == 0
    assert checked.out.splitlines()[-1] == "1 file, 0 dependencies checked: no findings"
