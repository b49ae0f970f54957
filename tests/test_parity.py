"""One dependency set, locked by every tool ddlint reads, gives the same findings from each.

The set is ``fixtures/parity/*``: ddtrace 4.16.0 with django, aiopg, redis, flask and celery
pinned, locked by uv, Poetry, PDM, pipenv, ``uv export`` and ``pip lock`` (pylock.toml) and
pip-compile (``scripts/regen_fixtures.py``).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Collection
from pathlib import Path
from typing import Any

import pytest

from ddlint.model import normalize_name
from tests.conftest import FIXTURES, copy_project

PARITY = FIXTURES / "parity"
LOCKS = {
    "uv": "uv/uv.lock",
    "poetry": "poetry/poetry.lock",
    "pdm": "pdm/pdm.lock",
    "pipenv": "pipenv/Pipfile.lock",
    "pylock-uv": "pylock-uv/pylock.toml",
    "pylock-pip": "pylock-pip/pylock.toml",
    "pip-compile": "pip-compile/requirements.txt",
}
# PDM and pip reject celery 4.3.0's metadata ("pytz (>dev)"), so those manifests leave it out
# (they say so); kombu only comes with celery.
LEFT_OUT = {"pdm": {"celery", "kombu"}, "pylock-pip": {"celery", "kombu"}}
# The same targets for every format: what is compared is the reading of the lockfiles.
TARGETS = ("--python", "3.11", "--python", "3.12")

Finding = tuple[str, str, str]


_COPIES: dict[str, Path] = {}


def _copy(tool: str) -> Path:
    """The tool's folder, a repository's top of its own (one copy per run: the tests only
    read it): a folder without a project file of its own belongs to the project of the
    repository around it (ddlint's, here)."""
    if tool not in _COPIES:
        scratch = tempfile.mkdtemp(prefix="ddlint-parity-")
        atexit.register(shutil.rmtree, scratch, ignore_errors=True)
        _COPIES[tool] = copy_project((PARITY / LOCKS[tool]).parent, Path(scratch) / tool)
    return _COPIES[tool]


def _run(ddlint, tool: str, *args: str) -> list[dict[str, Any]]:
    path = PARITY / LOCKS[tool]
    result = ddlint(path.name, "--format", "json", *args, cwd=_copy(tool))
    assert result.code in (0, 1), result.err
    found: list[dict[str, Any]] = result.json()["diagnostics"]
    return found


def _key(found: list[dict[str, Any]], without: Collection[str] = ()) -> set[Finding]:
    return {(d["code"], d.get("package") or "", d.get("version") or "") for d in found
            if d.get("package") not in without}


@pytest.mark.parametrize("tool", [t for t in LOCKS if t != "uv"])
def test_same_findings_from_every_format(ddlint, tool: str) -> None:
    reference = _run(ddlint, "uv", *TARGETS)
    codes = {d["code"] for d in reference}
    assert {"DDL301", "DDL302"} <= codes  # the set is built to trip the integration rules
    left_out = LEFT_OUT.get(tool, set())
    assert _key(_run(ddlint, tool, *TARGETS)) == _key(reference, left_out)


@pytest.mark.parametrize("tool", list(LOCKS))
def test_left_out_packages_are_really_absent(tool: str) -> None:
    text = (PARITY / LOCKS[tool]).read_text(encoding="utf-8").lower()
    for name in ("celery", "kombu"):
        assert (f'"{name}"' in text or f"{name}==" in text) != (name in LEFT_OUT.get(tool, ()))


@pytest.mark.parametrize("tool", list(LOCKS))
def test_every_finding_is_on_its_packages_entry(ddlint, tool: str) -> None:
    path = PARITY / LOCKS[tool]
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [d for d in _run(ddlint, tool, *TARGETS) if d.get("package")]
    assert found
    for finding in found:
        line = lines[finding["line"] - 1][finding["column"] - 1:]
        named = line.replace('"', " ").replace("=", " ").split()
        assert normalize_name(named[0] if named[0] != "name" else named[1]) == finding["package"]


def test_declared_python_ranges_agree_without_targets(ddlint) -> None:
    """uv, Poetry, PDM and uv's pylock.toml declare the manifest's requires-python: with no
    --python, they give the same findings, the runtime ones included."""
    reference = _key(_run(ddlint, "uv"))
    for tool in ("poetry", "pylock-uv"):
        assert _key(_run(ddlint, tool)) == reference, tool
    assert _key(_run(ddlint, "pdm")) == {f for f in reference if f[1] not in LEFT_OUT["pdm"]}
