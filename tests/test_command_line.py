"""The command line as argparse users expect it (issue 25): sub-commands from one table, the
shared options before or after a sub-command's name, paths anywhere."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from ddlint.cli import SUBCOMMANDS
from tests.conftest import GIT, TODAY

PINNED = "ddtrace==4.16.0\ndjango==1.7.11\n"


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_every_sub_command_has_help_that_exits_0(name: str, ddlint: Any) -> None:
    result = ddlint(name, "--help", today=False)
    assert result.code == 0, result.err
    assert result.out.startswith(f"usage: ddlint {name}")
    assert "--today" in result.out and "--config" in result.out  # the shared options
    module = importlib.import_module(SUBCOMMANDS[name][0])
    assert callable(module.arguments) and callable(module.run)


def test_the_main_help_names_every_sub_command(ddlint: Any) -> None:
    said = " ".join(ddlint("--help", today=False).out.split())
    for name in SUBCOMMANDS:
        assert f"'ddlint {name}'" in said


@pytest.mark.parametrize("words", [
    ["--today", TODAY, "constraints"], ["constraints", "--today", TODAY],
    ["--today", TODAY, "constraints", "."], [".", "--today", TODAY, "constraints"],
])
def test_shared_options_before_or_after_the_sub_command(write: Any, ddlint: Any,
                                                        words: list[str]) -> None:
    root = write({**GIT, "requirements.txt": PINNED})
    result = ddlint(*words, cwd=root, today=False)
    if words[0] == ".":  # a path first: `constraints` is a second path, which does not exist
        assert result.code == 2 and "no such file or folder: constraints" in result.err
        return
    assert result.code == 0, result.err
    assert "django>=1.8" in result.out.splitlines()


def test_constraints_reads_the_configuration_given(write: Any, ddlint: Any) -> None:
    """--config before or after the name: its tracer-version is what the ranges depend on."""
    root = write({**GIT, "requirements.txt": "django>=1.5\n",
                  "elsewhere/ddlint.toml": 'tracer-version = "4.16.0"\n'})
    assert ddlint("constraints", cwd=root, today=False).code == 2
    for words in (["constraints", "--config", "elsewhere/ddlint.toml"],
                  ["--config", "elsewhere/ddlint.toml", "constraints"]):
        result = ddlint(*words, cwd=root, today=False)
        assert result.code == 0, result.err
        assert "django>=1.8" in result.out.splitlines()
    missing = ddlint("constraints", "--config", "nope.toml", cwd=root, today=False)
    assert missing.code == 2 and "configuration file not found" in missing.err


def test_constraints_takes_the_python_targets(write: Any, ddlint: Any) -> None:
    """A shared option the lint has (--python) is the sub-command's too, checked the same."""
    root = write({**GIT, "requirements.txt": PINNED})
    assert ddlint("constraints", "--python", "3.12", cwd=root, today=False).code == 0
    bad = ddlint("constraints", "--python", "three", cwd=root, today=False)
    assert bad.code == 2 and "--python" in bad.err


def test_rules_format_before_or_after_the_name(ddlint: Any) -> None:
    after = ddlint("rules", "--format", "json", today=False)
    before = ddlint("--format", "json", "rules", today=False)
    assert after.code == before.code == 0 and after.out == before.out
    assert after.out.startswith("{")
    assert ddlint("rules", "--format", "sarif", today=False).code == 2


def test_paths_anywhere(write: Any, ddlint: Any) -> None:
    root = write({**GIT, "a/requirements.txt": PINNED, "b/requirements.txt": PINNED})
    result = ddlint("a", "--python", "3.12", "b", "--format", "json", cwd=root)
    assert result.code == 1, result.err
    paths = {d["path"] for d in result.json()["diagnostics"]}
    assert paths == {"a/requirements.txt", "b/requirements.txt"}


def test_a_folder_named_like_a_sub_command_after_a_path_is_checked(write: Any,
                                                                   ddlint: Any) -> None:
    root = write({**GIT, "a/requirements.txt": PINNED, "rules/requirements.txt": PINNED})
    result = ddlint("a", "rules", "--format", "json", cwd=root)
    assert {d["path"] for d in result.json()["diagnostics"]} == {
        "a/requirements.txt", "rules/requirements.txt"}
    assert ddlint("./rules", "--format", "json", cwd=root).code == 1
