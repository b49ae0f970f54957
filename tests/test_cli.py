"""The command line's contract: exit codes, JSON shape, options, errors without tracebacks."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Optional

import pytest

from ddlint import __version__
from tests.conftest import REPO, TODAY

EXAMPLE = REPO / "examples" / "requirements.txt"


def test_done_when_example(write, ddlint) -> None:
    """The 0.1 acceptance: DDL301 and DDL302 on the right lines, exit 1."""
    root = write({"requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\naiopg==0.17.0\n"})
    # The integration rules only: the runtime and lifecycle families add info findings here.
    result = ddlint("requirements.txt", "--select", "DDL3", cwd=root)
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0].startswith(
        "requirements.txt:2:1: DDL301 django 1.7.11 is older than ddtrace 4.16.0")
    assert any(line.startswith("requirements.txt:3:1: DDL302 aiopg 0.17.0 is newer than")
               for line in lines)
    assert lines[-1].startswith("1 file, 3 dependencies checked: ")


def test_json_contract(write, ddlint) -> None:
    root = write({"sub/requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\naiopg==0.17.0\n"})
    result = ddlint("sub/requirements.txt", "--format", "json", "--select", "DDL3", cwd=root)
    document = result.json()
    assert set(document) >= {"version", "tool", "as_of", "diagnostics", "summary"}
    assert document["version"] == 1
    assert document["tool"] == {"name": "ddlint", "version": __version__}
    assert document["as_of"] == TODAY
    first = document["diagnostics"][0]
    assert first == {
        "code": "DDL301", "name": "integration-below-minimum", "severity": "error",
        "message": first["message"], "path": "sub/requirements.txt", "line": 2, "column": 1,
        "package": "django", "version": "1.7.11", "tracer_version": "4.16.0",
        "fix": "require django>=2.2.8", "facts_source": "page",
        # An exact pin replaced: unsafe (ddlint cannot know offline which releases exist).
        "applicability": "unsafe",
        "edits": [{"path": "sub/requirements.txt", "line": 2, "column": 7, "end_line": 2,
                   "end_column": 15, "content": ">=2.2.8"}],
    }
    summary = document["summary"]
    assert (summary["files"], summary["dependencies"], summary["errors"]) == (1, 3, 2)
    assert result.code == 1


# Same bytes whatever the hash seed, in every format: tests/test_determinism.py (separate
# processes; a run twice in one process shares its seed and proves nothing).


@pytest.mark.parametrize(("args", "code"), [
    ([], 1), (["--exit-zero"], 0), (["--fail-on", "error"], 1), (["--ignore", "DDL3"], 0),
    (["--ignore", "DDL302"], 0), (["--select", "DDL304"], 0),
    (["--select", "DDL304", "--fail-on", "info"], 1), (["--select", "DDL302,DDL304"], 1),
    (["--select", "DDL3", "--ignore", "DDL302"], 0),
])
def test_fail_level_and_selection(write, ddlint, args: list[str], code: int) -> None:
    # aiopg 0.17.0: DDL302 (error); bottle: DDL304 (info)
    root = write({"requirements.txt": "ddtrace==4.16.0\nbottle==0.12.25\naiopg==0.17.0\n"})
    assert ddlint("requirements.txt", *args, cwd=root).code == code


def test_info_never_fails_by_default(write, ddlint) -> None:
    root = write({"requirements.txt": "ddtrace==4.16.0\nbottle==0.12.25\n"})
    result = ddlint("requirements.txt", cwd=root)
    assert "DDL304" in result.out and result.code == 0
    assert ddlint("requirements.txt", "--fail-on", "info", cwd=root).code == 1


@pytest.mark.parametrize("args", [
    ["--format", "xml"], ["--today", "25/11/2026"], ["--python", "three"],
    ["--platform", "amiga"], ["--select", "E501"], ["--fail-on", "fatal"],
    ["--agent-version", "latest"], ["--no-such-flag"], ["--config", "missing.toml"],
    ["does-not-exist.txt"],
])
def test_usage_errors_exit_2_without_traceback(write, ddlint, args: list[str]) -> None:
    root = write({"requirements.txt": "django==4.2.16\n"})
    result = ddlint(*args, cwd=root)
    assert result.code == 2
    assert "Traceback" not in result.err and result.err.strip()


def test_no_files_found(tmp_path: Path, ddlint) -> None:
    (tmp_path / "README.md").write_text("nothing here\n")
    result = ddlint(cwd=tmp_path)
    assert result.code == 2 and "no dependency files found" in result.err


def test_folder_discovery_skips_virtualenvs(write, ddlint) -> None:
    root = write({
        "requirements.txt": "ddtrace==4.16.0\n",
        "requirements-dev.txt": "django==1.7.11\n",
        ".venv/requirements.txt": "django==1.0\n",
        "node_modules/x/requirements.txt": "django==1.0\n",
        "env/pyvenv.cfg": "home = /usr\n",
        "env/requirements.txt": "django==1.0\n",
        "notes.txt": "django==1.0\n",
    })
    result = ddlint("--format", "json", "--select", "DDL3", cwd=root)
    found = [(d["path"], d["code"]) for d in result.json()["diagnostics"]]
    assert found == [("requirements-dev.txt", "DDL301")]


@pytest.mark.parametrize("where", [".", "../requirements", ""])
def test_a_folder_run_inside_a_requirements_folder_finds_its_files(
        write, ddlint, where: str) -> None:
    """``ddlint .`` in ``requirements/`` reads what ``ddlint`` at the top reads there: the
    folder is told by its own name, not by the ``.`` it was given as."""
    root = write({"pyproject.toml": "[project]\nname = 'x'\nversion = '1'\n",
                  "requirements/base.txt": "ddtrace==4.16.0\ndjango==1.7.11\n"})
    top = ddlint("--format", "json", "--select", "DDL301", cwd=root)
    inside = ddlint(*([where] if where else []), "--format", "json", "--select", "DDL301",
                    cwd=root / "requirements")
    assert inside.code == top.code == 1, inside.err
    assert [(d["line"], d["code"]) for d in inside.json()["diagnostics"]] \
        == [(d["line"], d["code"]) for d in top.json()["diagnostics"]] == [(2, "DDL301")]


def test_output_file_keeps_text_summary(write, ddlint) -> None:
    root = write({"requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n"})
    result = ddlint("requirements.txt", "--format", "json", "--output", "out.json",
                    "--select", "DDL3", cwd=root)
    assert result.code == 1
    assert "DDL301" in result.out and "1 finding" in result.out
    document = json.loads((root / "out.json").read_text())
    assert document["diagnostics"][0]["code"] == "DDL301"
    assert sorted(p.name for p in root.iterdir()) == ["out.json", "requirements.txt"]


def test_colour_only_on_terminals(write, ddlint, monkeypatch: pytest.MonkeyPatch) -> None:
    from ddlint.formatters.text import use_colour

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert use_colour(Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(Tty())
    root = write({"requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n"})
    assert "\033[" not in ddlint("requirements.txt", cwd=root).out  # captured: not a terminal


def test_rules_and_rule(ddlint) -> None:
    listing = ddlint("rules")
    assert listing.code == 0
    for code in ("DDL001", "DDL301", "DDL302", "DDL303", "DDL304", "DDL305"):
        assert code in listing.out
    explained = ddlint("rule", "ddl302")
    assert explained.code == 0 and explained.out.startswith("# DDL302 integration-above-maximum")
    assert ddlint("rule", "DDL999").code == 2


def test_version_and_module_entry_point() -> None:
    result = subprocess.run([sys.executable, "-m", "ddlint", "--version"], capture_output=True,
                            text=True, cwd=REPO, check=False)
    assert result.returncode == 0 and result.stdout.strip() == f"ddlint {__version__}"


def test_example_in_a_subprocess() -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "ddlint", "examples/requirements.txt", "--today", TODAY],
        capture_output=True, text=True, cwd=REPO, env=env, check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "examples/requirements.txt:3:1: DDL301" in result.stdout
    assert "examples/requirements.txt:4:1: DDL302" in result.stdout


def test_readme_usage_block_is_real_output(ddlint, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Usage example is what the command prints, byte for byte."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = "$ ddlint examples/requirements.txt --today 2026-11-25\n"
    start = readme.index(command) + len(command)
    shown = readme[start:readme.index("$ echo $?", start)]
    monkeypatch.setenv("NO_COLOR", "1")
    result = ddlint("examples/requirements.txt", "--today", "2026-11-25", cwd=REPO)
    assert result.out == shown
    assert result.code == int(readme[readme.index("$ echo $?") + 10:].split("\n", 1)[0])


def test_an_unsupported_file_named_with_others_is_told_and_the_rest_checked(write, ddlint) -> None:
    root = write({"setup.cfg": "[options]\ninstall_requires =\n    django==1.7.11\n",
                  "requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n",
                  "deps.txt": "django==1.7.11\n"})
    result = ddlint("setup.cfg", "requirements.txt", "deps.txt", "--format", "json", cwd=root)
    assert "warning: setup.cfg is not a dependency file ddlint reads" in result.err
    paths = {d["path"] for d in result.json()["diagnostics"]}
    assert "setup.cfg" not in paths and "deps.txt" in paths  # any .txt is read as requirements
    assert result.code == 1
    alone = ddlint("setup.cfg", cwd=root)
    assert alone.code == 2 and "error: setup.cfg is not a dependency file" in alone.err


@pytest.mark.parametrize("columns", [None, "", "0", "-3", "abc", "40", "200"])
def test_help_is_as_wide_as_argparse_makes_it(
        columns: Optional[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """ddlint gives argparse the width argparse would ask shutil for (it does not import it)."""
    import argparse

    from ddlint.cli import build_parser

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    ours = build_parser()
    plain = build_parser()
    plain.formatter_class = argparse.HelpFormatter
    assert ours.format_help() == plain.format_help()


_IN_PROCESS = "import sys; from ddlint.cli import main; sys.exit(main())"


@pytest.mark.parametrize("arguments", [
    ["examples/requirements.txt", "--today", TODAY],
    ["fixtures", "--format", "sarif", "--today", TODAY],  # more than a pipe's buffer
    ["examples", "--format", "json", "--today", TODAY],
    ["--help"], ["--version"], ["--no-such-option"], ["no/such/file.txt"],
    ["--pre-commit", "examples/requirements.txt", "--today", TODAY],
])
def test_the_console_script_ends_as_a_normal_exit_would(arguments: list[str]) -> None:
    """``python -m ddlint`` (the console scripts' ``_run_and_end``: a larger collector
    threshold, then os._exit) gives the bytes and status of a plain ``sys.exit(main())``."""
    def run(*command: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, *command, *arguments], cwd=REPO,
                              capture_output=True, check=False)

    console, plain = run("-m", "ddlint"), run("-c", _IN_PROCESS)
    assert (console.returncode, console.stdout, console.stderr) \
        == (plain.returncode, plain.stdout, plain.stderr)
    assert console.stdout or console.stderr


def test_a_closed_pipe_ends_quietly_with_a_failure_status() -> None:
    reader, writer = os.pipe()
    os.close(reader)  # nobody reads: the first flush fails with EPIPE
    try:
        done = subprocess.run([sys.executable, "-m", "ddlint", "fixtures", "--format", "sarif",
                               "--today", TODAY], cwd=REPO, stdout=writer,
                              stderr=subprocess.PIPE, check=False)
    finally:
        os.close(writer)
    assert done.returncode != 0
    assert b"Traceback" not in done.stderr


# Command lines for the argparse-free reader: what hooks and CI jobs write, and what it must
# leave to argparse (it gives None, argparse then reads them and reports any error).
_COMMON = [
    [], ["requirements.txt"], ["a.txt", "b/uv.lock", "c"], [".", "--today", TODAY],
    ["--today", TODAY, "requirements.txt"], ["--today=" + TODAY, "x"],
    ["--format", "json", "x"], ["--format=sarif", "--output", "out.sarif", "."],
    ["--fix", "--unsafe-fixes", "pyproject.toml"], ["--diff", "x", "--statistics"],
    ["--python", "3.12", "--python=3.9", "x"], ["--platform", "linux-x86_64", "x"],
    ["--select", "DDL3,DDL401", "--select", "DDL5", "--ignore", "DDL304", "x"],
    ["--fail-on", "error", "--exit-zero", "x"], ["--facts", "page", "x"],
    ["--facts", "page", "--facts", "tracer"], ["--tracer-version", "4.16.0", "x"],
    ["--agent-version", "7.76.1", "--lambda-extension-version", "80", "--serverless"],
    ["--baseline", "b.json", "x"], ["--write-baseline", "b.json"], ["--config", "c.toml", ""],
    ["x", "--today", TODAY, "--today", "2026-01-01"], ["--output", "", "x"],
    ["a", "--fix", "b"], ["a", "--python", "3.12", "b", "--today", TODAY, "c"],
    ["-q", "x"], ["--quiet", "--show-settings", "--stdin-filename", "r.txt"],
]
_LEFT_TO_ARGPARSE = [
    ["--help"], ["-h"], ["--nope"], ["--form", "json"], ["--format", "xml"], ["--today"],
    ["--today", "yesterday"], ["--today", "-1"], ["--fix=1"], ["-"],
    ["--", "x"], ["x", "--pre-commit"], ["--facts", "tracer"], ["--python", "3"],
    ["--select", "ABC"], ["--fail-on", "fatal"], ["--version", "x"], ["-x"],
]


def _argparse_reads(argv: list[str]) -> Optional[dict[str, object]]:
    from ddlint.cli import _check_values, build_parser

    parser = build_parser()
    try:
        args = parser.parse_intermixed_args(argv)
        if args.pre_commit:
            parser.error("--pre-commit must be the first word")
        _check_values(parser, args)
    except SystemExit:
        return None
    return vars(args)


@pytest.mark.parametrize("argv", _COMMON + _LEFT_TO_ARGPARSE)
def test_the_argparse_free_reader_reads_what_argparse_reads(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """``_simple_args`` gives argparse's namespace for a well-formed command line, and leaves
    every other one to argparse: never a different reading."""
    from ddlint.cli import _simple_args

    ours = _simple_args(argv)
    expected = _argparse_reads(argv)
    capsys.readouterr()  # argparse's usage errors
    if argv in _COMMON:
        assert ours is not None, argv  # the common command lines skip argparse
        assert vars(ours) == expected
    else:
        assert ours is None, argv


def test_the_argparse_free_reader_knows_every_option_of_the_parser() -> None:
    """Its table is the parser's: every option argparse has, with its default."""
    from ddlint.cli import _options, _simple_args, build_parser

    parser = build_parser()
    flags = {flag for action in parser._actions for flag in action.option_strings}
    assert flags - {"-h", "--help", "--version"} == {
        name for _, flag, keywords in _options() for name in (flag, *keywords.get("aliases", ()))}
    ours = _simple_args([])
    assert ours is not None and vars(ours) == vars(parser.parse_args([]))


def test_the_argparse_free_reader_reads_every_option_of_the_table() -> None:
    """Every option in the table is one the argparse-free reader reads as argparse does (a
    flag, one value, a repeatable value): an option with ``nargs``, ``count``, ``store_const``
    or another keyword it does not know fails here, rather than send every command line to
    argparse unnoticed."""
    from ddlint.cli import _options, _simply_read

    unread = [flag for _, flag, keywords in _options() if not _simply_read(keywords)]
    assert unread == []


_UNREAD_OPTIONS: list[dict[str, Any]] = [
    {"nargs": 2}, {"nargs": "?", "const": "c"}, {"action": "count"},
    {"action": "store_const", "const": 3}, {"action": "store_false"},
    {"action": "extend", "nargs": "+"}, {"action": "append_const", "const": 1},
    {"required": True}, {"dest": "other"}, {"action": "store_true", "dest": "fix"},
]


@pytest.mark.parametrize("keywords", _UNREAD_OPTIONS, ids=repr)
def test_the_argparse_free_reader_refuses_an_option_it_cannot_read(
        keywords: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """An option the reader cannot read, added to the table, sends every command line to
    argparse, even one without it (a required option, a ``dest`` or a default changes that
    reading too); before, ``--new x`` with ``count`` or ``store_const`` read "x" as its value."""
    from ddlint import cli

    table = cli._options()
    monkeypatch.setattr(cli, "_options", lambda: (*table, (None, "--new", keywords)))
    for argv in (["x"], ["--new", "x"], ["--new", "1", "2", "x"], ["x", "--fix"]):
        assert cli._simple_args(argv) is None, argv
    monkeypatch.undo()
    assert cli._simple_args(["--new", "x"]) is None and cli._simple_args(["x"]) is not None


def test_a_hook_run_imports_no_argparse(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("ddtrace==4.16.0\n", encoding="utf-8")
    code = ("import sys; from ddlint.cli import pre_commit_main, main; "
            "main(['requirements.txt', '--today', '2026-11-25']); "
            "pre_commit_main(['requirements.txt']); print('argparse' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, check=False, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.stdout.strip().splitlines()[-1] == "False", done.stdout + done.stderr
