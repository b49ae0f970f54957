"""The format registries: one row per dependency-file format and per output format, each
naming a module that exists and does its job."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from typing import Any, Callable
from xml.etree import ElementTree

import pytest

from ddlint import file_formats, formatters, parsers
from ddlint.model import FileKind
from tests.conftest import FIXTURES


def test_one_row_per_file_kind_with_its_parser() -> None:
    assert [row.kind for row in file_formats.FORMATS] == list(FileKind)
    for row in file_formats.FORMATS:
        assert callable(importlib.import_module(row.parser).parse), row.parser
        for name in row.names:
            assert parsers.detect(Path(name)) is row.kind


def test_the_lock_tools_commands_are_worded_from_the_rows() -> None:
    from ddlint import fixes
    from ddlint.model import DependencyFile

    for row in file_formats.FORMATS:
        if row.upgrade is None:
            continue
        file = DependencyFile(path=Path(row.names[0]), kind=row.kind)
        assert row.upgrade.format(name="django") in fixes.upgrade(file, "django", "django>=1.8")
        assert f"`{row.relock}`" in fixes.constrain(file, "aiopg", "aiopg<=0.16")


def test_help_names_every_file_format(capsys: pytest.CaptureFixture[str]) -> None:
    """``ddlint --help`` names exactly the formats ddlint reads, each once, most used first:
    the formats of the fixtures (``parsers.detect`` over every fixture file), not the rows'
    own list read back."""
    from ddlint.cli import main

    assert main(["--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    described = re.search(r"Check Python dependency files \(([^)]*)\)", text)
    assert described is not None, text
    named = described.group(1).split(", ")
    read = {parsers.detect(path) for path in FIXTURES.rglob("*") if path.is_file()}
    assert len(named) == len(set(named))
    assert set(named) == {kind.value for kind in read if kind is not None}
    assert named[:3] == ["requirements", "uv.lock", "poetry.lock"]


def _is_json_report(out: str) -> bool:
    return {d["code"] for d in json.loads(out)["diagnostics"]} >= {"DDL301"}


def _is_sarif(out: str) -> bool:
    run = json.loads(out)["runs"][0]
    return {r["ruleId"] for r in run["results"]} >= {"DDL301"}


def _is_gitlab(out: str) -> bool:
    return any(issue["check_name"].startswith("DDL301 ") for issue in json.loads(out))


def _is_junit(out: str) -> bool:
    return ElementTree.fromstring(out).findall(".//testcase/failure") != []


# What each output format looks like, read by its own kind of reader (a test fails when a
# format has no entry here).
def _lines(out: str, fix: str, frame: bool) -> bool:
    """ddlint's text views: the finding's line, then (text) an indented fix, (full) the source
    line in a frame and the fix after ``=``, or (concise) neither."""
    lines = out.splitlines()
    fixes = [line for line in lines if line.startswith(("    fix: ", "  = fix: "))]
    return (any(line.startswith("requirements.txt:2:1: DDL301 ") for line in lines)
            and (fix in fixes if fix else not fixes)
            and ("2 | django==1.7.11" in lines) == frame)


LOOKS_LIKE: dict[str, Callable[[str], bool]] = {
    "text": lambda out: _lines(out, "    fix: require django>=2.2.8", frame=False),
    "concise": lambda out: _lines(out, "", frame=False),
    "full": lambda out: _lines(out, "  = fix: require django>=2.2.8", frame=True),
    "json": _is_json_report,
    "sarif": _is_sarif,
    "github": lambda out: any(line.startswith("::error file=requirements.txt,line=2")
                              for line in out.splitlines()),
    "gitlab": _is_gitlab,
    "junit": _is_junit,
}


def test_format_choices_come_from_the_output_registry(write: Any, ddlint: Any) -> None:
    """Each row of ``OUTPUT_FORMATS`` is a ``--format`` that renders its own format (read
    back by a JSON, XML or line reader); a name with no row is a usage error."""
    root = write({".git/HEAD": "ref: refs/heads/main\n",
                  "requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n"})
    assert set(LOOKS_LIKE) == {row.name for row in formatters.OUTPUT_FORMATS}
    for row in formatters.OUTPUT_FORMATS:
        result = ddlint("requirements.txt", "--format", row.name, cwd=root)
        assert result.code == 1, (row.name, result.err)
        assert LOOKS_LIKE[row.name](result.out), row.name
        others = [name for name, looks in LOOKS_LIKE.items() if name != row.name]
        assert not any(_reads(LOOKS_LIKE[name], result.out) for name in others), row.name
    refused = ddlint("requirements.txt", "--format", "xml", cwd=root)
    assert refused.code == 2 and "invalid choice: 'xml'" in refused.err


def _reads(looks: Callable[[str], bool], out: str) -> bool:
    try:
        return looks(out)
    except (ValueError, KeyError, TypeError, IndexError, ElementTree.ParseError):
        return False
