"""datadog-lambda's own ddtrace requirement per Python narrows DDL201's fix and is DDL207 where it
forbids the supported line (issue 24, item 6)."""

from __future__ import annotations

from typing import Any

from tests.conftest import diagnostics, run_case


def _run(write: Any, ddlint: Any, requirements: str, *pythons: str) -> Any:
    args = [word for python in pythons for word in ("--python", python)]
    return run_case(write, ddlint, "DDL2", requirements, *args)


def _by_code(result: Any) -> dict[str, dict[str, Any]]:
    return {d["code"]: d for d in diagnostics(result)}


def test_lambda_forbids_4x_on_python_39(write, ddlint) -> None:
    found = _by_code(_run(write, ddlint, "ddtrace==3.19.9\ndatadog-lambda==8.130.0\n", "3.9"))
    assert set(found) == {"DDL201", "DDL207"}
    lam = found["DDL207"]
    assert lam["line"] == 2 and lam["package"] == "datadog-lambda" and lam["python"] == "3.9"
    assert "requires ddtrace>=3.19.1,<4 on Python 3.9" in lam["message"]
    assert "target Python 3.10 or later" in lam["fix"]
    # DDL201's fix no longer asks for what cannot be installed as such
    assert found["DDL201"]["fix"].startswith("stop targeting Python 3.9 or upgrade datadog-lambda")


def test_lambda_narrows_the_fix_where_it_allows_the_line(write, ddlint) -> None:
    found = _by_code(_run(write, ddlint, "ddtrace==3.19.9\ndatadog-lambda==8.130.0\n", "3.12"))
    assert set(found) == {"DDL201"}
    assert found["DDL201"]["fix"] == ("require ddtrace==4.16.0 (within datadog-lambda's own "
                                      "requirement ddtrace>=4.1.1,<5,!=4.6.*)")


def test_an_older_lambda_release_forbids_4x_everywhere(write, ddlint) -> None:
    found = _by_code(_run(write, ddlint, "ddtrace==3.18.0\ndatadog-lambda==8.118.0\n", "3.12"))
    assert "DDL207" in found
    assert "upgrade datadog-lambda to a release that allows ddtrace>=4,<5" in \
        found["DDL207"]["fix"]


def test_without_datadog_lambda_nothing_changes(write, ddlint) -> None:
    found = _by_code(_run(write, ddlint, "ddtrace==3.19.9\n", "3.9"))
    assert set(found) == {"DDL201"} and found["DDL201"]["fix"] == "require ddtrace==4.16.0"
