"""What a person at a terminal or an editor asks of the text output (issue 25): --quiet,
--show-settings, the concise and full views, colour, and --stdin-filename."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GIT, REPO, TODAY

EXAMPLE = "ddtrace==4.16.0\ndjango==1.7.11\n"


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_quiet_prints_the_findings_only(write: Any, ddlint: Any) -> None:
    root = write({**GIT, "requirements.txt": EXAMPLE})
    loud = ddlint("requirements.txt", "--python", "3.12", cwd=root)
    quiet = ddlint("requirements.txt", "--python", "3.12", "--quiet", cwd=root)
    assert quiet.code == loud.code == 1
    assert "checked" in loud.out.splitlines()[-1]  # the summary line
    assert quiet.out == "".join(f"{line}\n" for line in loud.out.splitlines()[:-1])
    assert quiet.out.startswith("requirements.txt:1:1: DDL205")
    assert ddlint("requirements.txt", "--python", "3.12", "-q", cwd=root).out == quiet.out
    clean = write({"clean/.git/HEAD": "x", "clean/requirements.txt": "flask==3.0.3\n"})
    assert ddlint("requirements.txt", "--quiet", cwd=clean / "clean").out == ""


def test_quiet_with_a_report_file_or_a_baseline_says_nothing(write: Any, ddlint: Any) -> None:
    root = write({**GIT, "requirements.txt": EXAMPLE})
    written = ddlint("requirements.txt", "--format", "json", "--output", "out.json", "--quiet",
                     cwd=root)
    assert written.code == 1 and written.out == "" and (root / "out.json").is_file()
    baseline = ddlint("requirements.txt", "--write-baseline", "b.json", "--quiet", cwd=root)
    assert baseline.code == 0 and baseline.out == "" and (root / "b.json").is_file()


def test_concise_is_one_line_per_finding(write: Any, ddlint: Any) -> None:
    root = write({**GIT, "requirements.txt": EXAMPLE})
    text = ddlint("requirements.txt", "--python", "3.12", cwd=root).out.splitlines()
    concise = ddlint("requirements.txt", "--python", "3.12", "--format", "concise",
                     cwd=root).out.splitlines()
    assert concise == [line for line in text if not line.startswith("    fix: ")]
    assert len(concise) == 3  # DDL205, DDL301, the summary


def test_full_shows_the_source_line_and_the_fix(write: Any, ddlint: Any) -> None:
    root = write({**GIT, "requirements.txt": "ddtrace==4.16.0\n  django==1.7.11  # web\n"})
    full = ddlint("requirements.txt", "--python", "3.12", "--format", "full", "--select",
                  "DDL301", cwd=root)
    assert full.code == 1
    assert full.out.split("\n\n")[0].splitlines() == [
        "requirements.txt:2:3: DDL301 django 1.7.11 is older than ddtrace 4.16.0 supports for "
        "Django (>= 1.8)",
        "  |",
        "2 |   django==1.7.11  # web",
        "  |   ^^^^^^^^^^^^^^^^^^^^^ integration-below-minimum",
        "  = fix: require django>=2.2.8",
        "  = note: unsafe fix (--unsafe-fixes): replaces the exact pin 1.7.11: ddlint cannot "
        "know offline which releases exist in the supported range, so the new range must be "
        "locked and tested",
    ]
    assert full.out.endswith("1 file, 2 dependencies checked: 1 finding (1 error); "
                             "1 fixable with --unsafe-fixes\n")


def test_show_settings_says_what_each_file_is_checked_with(write: Any, ddlint: Any) -> None:
    root = write({**GIT, "requirements.txt": EXAMPLE,
                  "ddlint.toml": 'python-versions = ["3.11"]\nfail-on = "error"\n'
                                 'ignore = ["DDL205"]\n'})
    result = ddlint("requirements.txt", "--show-settings", "--agent-version", "7.80.0",
                    cwd=root)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "requirements.txt (requirements)"
    said = dict(line.strip().split(": ", 1) for line in lines[1:] if line)
    assert said["configuration"] == "ddlint.toml"
    assert said["python"].startswith("3.11 (from ")
    assert said["tracer"] == "ddtrace 4.16.0 (requirements.txt:1)"
    assert said["agent-version"] == "7.80.0"
    assert said["fail-on"] == "error" and said["ignore"] == "DDL205"
    assert said["as of"] == TODAY
    broken = write({"bad/.git/HEAD": "x", "bad/requirements.txt": EXAMPLE,
                    "bad/ddlint.toml": "fail-on = 3\n"})
    assert ddlint("requirements.txt", "--show-settings", cwd=broken / "bad").code == 2


def test_stdin_filename_checks_the_buffer_as_that_file(write: Any, ddlint: Any,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = write({**GIT, "requirements.txt": "ddtrace==4.16.0\nflask==3.0.3\n"})
    _stdin(monkeypatch, b"ddtrace==4.16.0\nflask==0.9\n")  # the unsaved buffer
    result = ddlint("--stdin-filename", "requirements.txt", "--format", "json", "--python",
                    "3.12", cwd=root)
    assert result.code == 1, result.err
    [finding] = [d for d in result.json()["diagnostics"] if d["code"] == "DDL301"]
    assert (finding["path"], finding["line"], finding["package"]) == (
        "requirements.txt", 2, "flask")
    assert (root / "requirements.txt").read_text() == "ddtrace==4.16.0\nflask==3.0.3\n"
    # A file not on disk yet (a new buffer), and the full view shows the buffer's line
    _stdin(monkeypatch, b"ddtrace==4.16.0\nflask==0.9\n")
    new = ddlint("-", "--stdin-filename", "svc/requirements.txt", "--format", "full",
                 "--select", "DDL301", cwd=root)
    assert new.code == 1 and "2 | flask==0.9" in new.out


@pytest.mark.parametrize("words", [["other.txt"], ["--fix"], ["--diff"],
                                   ["--write-baseline", "b.json"]])
def test_stdin_filename_refuses_what_it_cannot_do(write: Any, ddlint: Any, words: list[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = write({**GIT, "requirements.txt": EXAMPLE, "other.txt": EXAMPLE})
    _stdin(monkeypatch, EXAMPLE.encode())
    result = ddlint("--stdin-filename", "requirements.txt", *words, cwd=root)
    assert result.code == 2 and "--stdin-filename" in result.err
    assert sorted(p.name for p in root.iterdir()) == [".git", "other.txt", "requirements.txt"]


def test_stdin_filename_without_a_standard_input(write: Any, ddlint: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = write({**GIT, "requirements.txt": EXAMPLE})
    monkeypatch.setattr(sys, "stdin", None)
    result = ddlint("--stdin-filename", "requirements.txt", cwd=root)
    assert result.code == 2 and "standard input cannot be read" in result.err


def test_stdin_filename_that_is_not_a_dependency_file(write: Any, ddlint: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = write(GIT)
    _stdin(monkeypatch, b"print(1)\n")
    result = ddlint("--stdin-filename", "main.py", cwd=root)
    assert result.code == 2 and "is not a dependency file" in result.err


def _run(args: list[str], env: dict[str, str], terminal: bool, cwd: Path) -> str:
    env = {**{k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")},
           "PYTHONPATH": str(REPO), **env}
    command = [sys.executable, "-m", "ddlint", *args]
    if not terminal:
        return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                              check=False).stdout
    import pty

    main, child = pty.openpty()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=child, stderr=child)
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait()
    os.close(main)
    return b"".join(chunks).decode()


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_colour_on_a_terminal_never_in_a_pipe_unless_forced(write: Any) -> None:
    root = write({**GIT, "requirements.txt": EXAMPLE})
    args = ["requirements.txt", "--today", TODAY, "--python", "3.12"]
    assert "\033[31mDDL301\033[0m" in _run(args, {}, True, root)
    assert "\033[" not in _run(args, {"NO_COLOR": "1"}, True, root)
    assert "\033[" not in _run(args, {}, False, root)
    assert "\033[31mDDL301" in _run(args, {"FORCE_COLOR": "1"}, False, root)
    assert "\033[" not in _run(args, {"FORCE_COLOR": "0"}, False, root)
    assert "\033[" not in _run(args, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, root)
    # A report file is never coloured, whatever the terminal
    _run([*args, "--format", "concise", "--output", "out.txt"], {"FORCE_COLOR": "1"}, True,
         root)
    assert "\033[" not in (root / "out.txt").read_text()


def test_diff_with_only_unsafe_fixes_says_how_to_see_them(write: Any, ddlint: Any) -> None:
    root = write({**GIT, "requirements.txt": EXAMPLE})
    result = ddlint("requirements.txt", "--python", "3.12", "--diff", cwd=root)
    assert result.code == 0 and result.out == ""
    assert result.err == ("ddlint: no safe fix to show; 1 unsafe fix available: --diff "
                          "--unsafe-fixes shows them\n")
    shown = ddlint("requirements.txt", "--python", "3.12", "--diff", "--unsafe-fixes", cwd=root)
    assert shown.code == 1 and "+django>=2.2.8" in shown.out and shown.err == ""
