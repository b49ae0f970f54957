"""``--format json`` carries the groups of the entry behind a finding (``Dependency.groups``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _found(ddlint, root: Path) -> list[tuple[str, str, list[str] | None]]:
    document = json.loads(ddlint(".", "--format", "json", cwd=root).out)
    return [(d["code"], d.get("package"), d.get("groups")) for d in document["diagnostics"]]


def test_a_dev_only_finding_carries_its_group(tmp_path: Path, ddlint) -> None:
    for name in ("pyproject.toml", "uv.lock"):
        shutil.copy(REPO / "fixtures" / "uv-groups" / name, tmp_path / name)
    found = _found(ddlint, tmp_path)
    assert ("DDL304", "pytest", ["dev"]) in found  # the dev group's pytest
    assert ("DDL401", "redis", ["redis"]) in found  # an extra
    assert all(groups for _, package, groups in found if package)


def test_no_groups_field_where_the_file_has_none(write, ddlint) -> None:
    root = write({"requirements.txt": "ddtrace==4.16.0\naiopg==0.17.0\n"})
    found = _found(ddlint, root)
    assert found and all(groups is None for _, _, groups in found)


def test_groups_from_a_poetry_lock(tmp_path: Path, ddlint) -> None:
    source = next(p for p in sorted((REPO / "fixtures").rglob("poetry.lock")))
    for path in source.parent.iterdir():
        shutil.copy(path, tmp_path / path.name)
    found = _found(ddlint, tmp_path)
    assert any(groups for _, _, groups in found)
