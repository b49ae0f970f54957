"""``ddlint constraints``: the supported ranges as a pip constraints file or a uv table, and
DDL305 reading both back."""

from __future__ import annotations

from typing import Any

from ddlint.toml import loads
from tests.conftest import GIT

MANIFEST = ('[project]\nname = "svc"\nversion = "1"\nrequires-python = ">=3.9,<3.15"\n'
            'dependencies = ["ddtrace==4.16.0", "django>=1.5", "aiopg>=0.12", "flask>=2"]\n')


def test_pip_constraints_name_the_fact_behind_each_line(write: Any, ddlint: Any) -> None:
    root = write({**GIT, "pyproject.toml": MANIFEST})
    result = ddlint("constraints", cwd=root, today=False)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    requirements = [line for line in lines if not line.startswith("#")]
    assert requirements == ["aiopg>=0.12.0,<=0.16", "django>=1.8", "flask>=0.10"]
    # the comment above each line names the page's row and the tracer release
    django = lines.index("django>=1.8")
    assert lines[django - 1] == "# Django >= 1.8: supported by ddtrace 4.16.0"


def test_uv_constraint_dependencies(write: Any, ddlint: Any) -> None:
    root = write({**GIT, "pyproject.toml": MANIFEST})
    result = ddlint("constraints", "--format", "uv", cwd=root, today=False)
    table = loads(result.out)
    assert table == {"tool": {"uv": {"constraint-dependencies": [
        "aiopg>=0.12.0,<=0.16", "django>=1.8", "flask>=0.10"]}}}


def test_no_tracer_no_constraints(write: Any, ddlint: Any) -> None:
    root = write({**GIT, "requirements.txt": "django>=1.5\n"})
    result = ddlint("constraints", cwd=root, today=False)
    assert result.code == 2 and "--tracer-version" in result.err
    given = ddlint("constraints", "--tracer-version", "4.16.0", cwd=root, today=False)
    assert given.code == 0 and "django>=1.8" in given.out.splitlines()


def test_ddl305_reads_a_pip_constraints_file_back(write: Any, ddlint: Any) -> None:
    root = write({**GIT, "requirements.txt": "ddtrace==4.16.0\ndjango>=1.5\naiopg>=0.12\n"})
    assert ddlint(".", "--select", "DDL305", cwd=root).code == 1
    printed = ddlint("constraints", "requirements.txt", cwd=root, today=False).out
    (root / "constraints.txt").write_text(printed, encoding="utf-8")
    (root / "requirements.txt").write_text(
        "ddtrace==4.16.0\ndjango>=1.5\naiopg>=0.12\n-c constraints.txt\n", encoding="utf-8")
    result = ddlint("requirements.txt", "--select", "DDL305", cwd=root)
    assert result.code == 0 and "DDL305" not in result.out, result.out


def test_ddl305_reads_uv_constraint_dependencies_back(write: Any, ddlint: Any) -> None:
    root = write({**GIT, "pyproject.toml": MANIFEST})
    assert "DDL305" in ddlint(".", "--select", "DDL305", cwd=root).out
    printed = ddlint("constraints", "--format", "uv", cwd=root, today=False).out
    (root / "pyproject.toml").write_text(MANIFEST + "\n" + printed, encoding="utf-8")
    assert "DDL305" not in ddlint(".", "--select", "DDL305", cwd=root).out


def test_a_constraint_that_still_admits_unsupported_versions_does_not_hide_ddl305(
        write: Any, ddlint: Any) -> None:
    root = write({**GIT, "pyproject.toml": MANIFEST + (
        '\n[tool.uv]\nconstraint-dependencies = ["django>=1.6", "aiopg<=0.16"]\n')})
    out = ddlint(".", "--select", "DDL305", "--format", "json", cwd=root).json()
    assert sorted((d["package"], d["line"]) for d in out["diagnostics"]) == [
        ("django", 5), ("django", 8)]  # the manifest's and the constraint's own range


def test_no_files_is_a_usage_error(write: Any, ddlint: Any) -> None:
    root = write({**GIT, "README.md": "nothing\n"})
    result = ddlint("constraints", cwd=root, today=False)
    assert result.code == 2 and "no dependency files found" in result.err
    assert ddlint("constraints", "missing", cwd=root, today=False).code == 2


def test_one_section_per_tracer_pin_at_a_repositorys_top(write: Any, ddlint: Any) -> None:
    """Apps pinning different tracer releases get a section each, naming its apps, instead of
    one header over every release and ranges intersected across them (issue 25)."""
    root = write({**GIT, "api/requirements.txt": "ddtrace==4.16.0\ndjango>=1.5\n",
                  "web/requirements.txt": "ddtrace==4.16.0\naiopg>=0.12\n",
                  "old/requirements.txt": "ddtrace==2.21.12\nflask>=0.9\n"})
    result = ddlint("constraints", cwd=root, today=False)
    assert result.code == 0, result.err
    first, *sections = result.out.split("\n\n")
    assert first.startswith("# 2 sections, one per ddtrace release the projects pin")
    heads = [section.splitlines()[:2] for section in sections]
    assert [head[0].split(" supports")[0] for head in heads] == [
        "# What ddtrace 2.21.12", "# What ddtrace 4.16.0"]
    assert [head[1] for head in heads] == ["# For: old", "# For: api, web"]
    old, new = ([line for line in section.splitlines() if not line.startswith("#")]
                for section in sections)
    assert old == ["flask>=0.10"]
    assert new == ["aiopg>=0.12.0,<=0.16", "django>=1.8"]
    alone = ddlint("constraints", "api", cwd=root, today=False)
    assert alone.out.startswith("# What ddtrace 4.16.0 supports") and "# For:" not in alone.out
    uv = ddlint("constraints", "--format", "uv", cwd=root, today=False).out
    blocks = [loads(block) for block in uv.split("\n\n")[1:]]
    assert [b["tool"]["uv"]["constraint-dependencies"] for b in blocks] == [old, new]
