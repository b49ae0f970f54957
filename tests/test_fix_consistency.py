"""Fixes never contradict another rule (issue 24, item 4): every fix ddlint offers on the
fixtures, the example and a case per fixing rule is applied and judged again by every rule on the
same as-of date. A tracer fix must not land on a release line that is End of Life, yanked or
without a wheel; a library fix must not land on a version another rule reports."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

import pytest

from tests.conftest import GIT, TODAY

TOP = Path(__file__).resolve().parent.parent
_FOLDERS = sorted({path.parent.relative_to(TOP).as_posix()
                   for pattern in ("*.txt", "*.toml", "*.lock", "Pipfile.lock")
                   for path in (TOP / "fixtures").rglob(pattern)} | {"examples"})
# One case per rule whose fix moves the tracer or narrows a library (besides the fixtures').
_CASES = {
    "yanked": ("ddtrace==3.12.2\n", ["--python", "3.12"]),
    "eol": ("ddtrace==2.21.12\n", ["--python", "3.12"]),
    "no-wheel": ("ddtrace==3.5.0\n", ["--python", "3.13", "--platform", "windows-amd64"]),
    "no-wheel-3.15": ("ddtrace==3.19.9\n", ["--python", "3.15"]),
    "yanked-3.15": ("ddtrace==3.12.2\n", ["--python", "3.15"]),
    "removed": ("ddtrace==4.16.0\nmongoengine==0.29.1\n", ["--python", "3.12"]),
    "below": ("ddtrace==4.16.0\ndjango==1.7.11\npsycopg2==2.9.9\n", ["--python", "3.12"]),
    "above": ("ddtrace==4.16.0\naiopg==1.4.0\n", ["--python", "3.12"]),
    "es-2x": ("ddtrace==2.21.12\nelasticsearch==8.15.0\n", ["--python", "3.12"]),
}
# Reported about a version a fix lands on, these would contradict it (info rules are advice).
_CONTRADICTING = {"error", "warning"}
_TRACER_REQUIREMENT = re.compile(r"ddtrace((?:>=|==)[\d.]+(?:,<[\d.]+)?)")


def _fixes(result: Any) -> list[dict[str, Any]]:
    return [d for d in result.json()["diagnostics"] if d.get("fix")]


def _newest(requirement: str) -> Optional[str]:
    """The release an installer picks for ``ddtrace{requirement}`` on the as-of date."""
    import datetime

    from packaging.specifiers import SpecifierSet

    from ddlint.facts.releases import snapshot

    today = datetime.date.fromisoformat(TODAY)
    admitted = [version for version, release in snapshot().items()
                if release.date <= today and not release.yanked
                and SpecifierSet(requirement).contains(version)]
    return str(max(admitted)) if admitted else None


def _lowest(name: str, fix: str) -> Optional[str]:
    found = re.search(rf"(?<![\w-]){re.escape(name)}>=([\d.]+)", fix)
    return found.group(1) if found else None


def _check_fixes(write: Any, ddlint: Any, findings: list[dict[str, Any]],
                 python: list[str]) -> list[str]:
    problems = []
    for finding in findings:
        fix, package = finding["fix"], finding.get("package")
        requirement = _TRACER_REQUIREMENT.search(fix)
        if requirement is not None:
            landing = _newest(requirement.group(1))
            assert landing is not None, fix
            text = f"ddtrace=={landing}\n"
            about = "ddtrace"
        elif package and finding.get("tracer_version") and _lowest(package, fix):
            text = f"ddtrace=={finding['tracer_version']}\n{package}=={_lowest(package, fix)}\n"
            about = package
        else:
            continue
        # judged on the Python the finding is about (a wheel for 3.15), else the case's, but
        # for those the fix says to stop targeting
        where = ["--python", finding["python"].rstrip("t")] if finding.get("python") else python
        stop = re.match(r"stop targeting Python ([\d., ]+)", fix)
        if stop is not None and where[1:] and where[1] in stop.group(1).replace(" ", "").split(","):
            where = ["--python", "3.12"]
        root = write({**GIT, "requirements.txt": text})
        after = ddlint("requirements.txt", "--format", "json", *where, cwd=root).json()
        for other in after["diagnostics"]:
            if other.get("package") == about and other["severity"] in _CONTRADICTING:
                problems.append(f"{finding['code']} fix {fix!r} -> {text.strip()!r}: "
                                f"{other['code']} {other['message']}")
    return problems


@pytest.mark.parametrize("folder", _FOLDERS)
def test_fixes_on_the_fixtures_contradict_no_rule(write, ddlint, folder: str) -> None:
    result = ddlint(str(TOP / folder), "--format", "json")
    assert _check_fixes(write, ddlint, _fixes(result), ["--python", "3.12"]) == []


@pytest.mark.parametrize("case", sorted(_CASES))
def test_fixes_of_each_fixing_rule_contradict_no_rule(write, ddlint, case: str) -> None:
    text, options = _CASES[case]
    root = write({**GIT, "requirements.txt": text})
    result = ddlint("requirements.txt", "--format", "json", *options, cwd=root)
    findings = _fixes(result)
    assert findings or case == "es-2x"
    python = [word for pair in zip(options[::2], options[1::2]) if pair[0] == "--python"
              for word in pair]
    assert _check_fixes(write, ddlint, findings, python) == []


def test_the_2x_elasticsearch_cap_follows_the_tracers_code(write, ddlint) -> None:
    """2.21's docs table says < 8.0; its riotfile tests elasticsearch 8.0.1 and its patch.py
    patches elastic_transport (8.x's transport): no DDL502 for elasticsearch 8 on 2.x."""
    root = write({**GIT, "requirements.txt": "ddtrace==2.21.12\nelasticsearch==8.15.0\n"})
    result = ddlint("requirements.txt", "--format", "json", "--python", "3.12", cwd=root)
    assert [d["code"] for d in result.json()["diagnostics"]
            if d.get("package") == "elasticsearch"] == []
