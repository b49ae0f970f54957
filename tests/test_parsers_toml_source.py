"""Positions in TOML dependency files: the lockfile entry scan and the manifest scanner."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddlint.parsers import toml_source
from tests.conftest import FIXTURES

LOCKFILES = sorted(
    [*FIXTURES.rglob("uv.lock"), *FIXTURES.rglob("poetry.lock"), *FIXTURES.rglob("pdm.lock"),
     *FIXTURES.rglob("pylock*.toml")]
)


def _array(path: Path) -> str:
    return "packages" if path.name.startswith("pylock") else "package"


@pytest.mark.parametrize("path", LOCKFILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fast_scan_agrees_with_general_scan_and_parse(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = toml_source.entry_positions(text, _array(path))
    assert fast == toml_source.entry_positions_scan(text, _array(path))
    document = toml_source.load(path).document
    assert document is not None
    assert [name for name, _, _ in fast] == [e["name"] for e in document[_array(path)]]
    lines = text.splitlines()
    for name, line, column in fast:
        assert lines[line - 1][column - 1:].startswith("name")
        assert name in lines[line - 1]


def test_unusual_layouts_are_located() -> None:
    text = (
        "[[package]]  # first\r\n"
        "\r\n"
        "# a comment\r\n"
        "  name = 'Literal'\r\n"
        "[[package]]\n"
        "version = \"1\"\n"
        "name = \"late\"\n"
        "[package.sub]\n"
        "name = \"not-an-entry\"\n"
        "[[package]]\n"
        "name = \"esc\\u0061ped\"\n"
    )
    expected = [("Literal", 4, 3), ("late", 7, 1), ("escaped", 11, 1)]
    assert toml_source.entry_positions(text, "package") == expected
    assert toml_source.entry_positions_scan(text, "package") == expected


def test_entries_without_a_name_point_at_their_header(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    path.write_text('[[package]]\nversion = "1"\n\n[[ package ]]\nname = "b"\n', encoding="utf-8")
    source = toml_source.load(path)
    assert source.document is not None
    located = list(toml_source.located_entries(source, "package", source.document["package"]))
    assert [(where.line, where.column) for _, where in located] == [(1, 1), (5, 1)]


@pytest.mark.parametrize(("text", "line", "column"), [
    ('a = "unterminated\n', 1, 18),  # tomllib points past the string, at the line end
    ("[ok]\nb = 1\nb = 2\n", 3, 6),
    ("x = [1,\n2\n", 3, 1),  # "at end of document": after the last character
])
def test_invalid_toml_is_ddl001_at_the_parser_position(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    path = tmp_path / "uv.lock"
    path.write_text(text, encoding="utf-8")
    source = toml_source.load(path)
    assert source.document is None
    (problem,) = source.diagnostics
    assert problem.code == "DDL001" and problem.message.startswith("invalid TOML: ")
    assert "(at " not in problem.message
    assert (problem.location.line, problem.location.column) == (line, column)


def test_manifest_positions() -> None:
    text = '''# top
[project]
name = "x"
when = 1979-05-27 07:32:00
pi = 3.14
description = """a "quoted" [table]
name = "inside a string"
"""
dependencies = [
  "django>=1.5",  # ddlint: ignore[DDL305]
  'flask',
]
[project.optional-dependencies]
test = ["pytest", { include = "x" }]
[[tool.x]]
name = "a"
[[tool.x]]
name = "b"
[tool.x.sub]
q = {a = [1, "s"], b.c = "d"}
[tool.poetry.dependencies]
"Django" = { version = "^1.7" }
[tool.poetry.dependencies.flask]
version = "*"
'''
    where = toml_source.positions(text)
    assert where.values[("project", "dependencies", 0)] == (10, 3)
    assert where.values[("project", "dependencies", 1)] == (11, 3)
    assert where.values[("project", "optional-dependencies", "test", 1)] == (14, 19)
    assert where.keys[("project", "pi")] == (5, 1)
    assert where.keys[("tool", "x", 1, "name")] == (18, 1)
    assert where.keys[("tool", "x", 1, "sub", "q", "b", "c")] == (20, 20)
    assert where.keys[("tool", "poetry", "dependencies", "Django")] == (22, 1)
    assert where.keys[("tool", "poetry", "dependencies", "flask")] == (23, 1)
    assert where.comments == {1: "# top", 10: "# ddlint: ignore[DDL305]"}
