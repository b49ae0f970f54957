"""The fuzz harness of ``--fix`` (issue 21): on generated requirements files and pyprojects
(continuation lines, CRLF, a BOM, includes, comments carrying terminal escapes) with symlinks
and special files beside them, every run keeps its promises:

- the bytes of every line no fix touches are kept, and nothing outside the repository (or any
  other file) is written;
- what ``--diff`` prints is what ``--fix`` writes (the same rendering of the same change);
- the fixed file still parses (no new DDL001);
- a second ``--fix`` changes nothing (idempotent).

Each example runs in its own scratch ``git init`` folder, beside a folder ``outside`` that
stands for the rest of the machine. Shapes that still break a promise are tests of their own,
``xfail(strict=True)`` naming the item of issue 21 that fixes them: the fix turns each into a
pass that must then be kept (remove the mark).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddlint.cli import main
from ddlint.fixing.edits import render_diff
from tests.conftest import TODAY

FIX_FUZZ = settings(
    max_examples=60, deadline=None, derandomize=True, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)

# Requirement lines (a list of physical lines each) that --fix edits, and lines it leaves.
FIXABLE = [
    ["django>=1.5"], ["flask>=0.9"], ["aiopg>=0.13"], ["django>=1.5,<6"], ["Django >= 1.5"],
    ["django>=1.5 ; python_version >= '3.8'"], ["django[bcrypt]>=1.5"],
    ["flask>=0.9  # pinned by ops"], ["django>=1.5,\\", "<6"],
    ["django>=1.5 \\", "    ; python_version >= '3.8'"],
]
PLAIN = [
    ["# a comment"], [""], ["requests==2.32.3"], ["flask==3.0.3"], ["  # indented"],
    ["--index-url https://registry.invalid/simple"],
    ["requests==2.32.3 \\", "    --hash=sha256:" + "0" * 64],
    ["# \x1b]0;title\x07 \x1b[31mred \u202e bidi ##[group]x"], ["# ::error::not a command"],
]
PYPROJECT_DEPENDENCIES = ['"django>=1.5"', '"flask>=0.9"', '"requests==2.32.3"',
                          '"aiopg>=0.13"', '"django>=1.5,<6"']


def _requirements(blocks: list[list[str]], newline: str, bom: bool) -> bytes:
    lines = ["ddtrace==4.16.0", *(line for block in blocks for line in block)]
    return ("\ufeff" if bom else "").encode() + (newline.join(lines) + newline).encode("utf-8")


def _pyproject(dependencies: list[str]) -> bytes:
    items = "".join(f"  {item},\n" for item in ['"ddtrace==4.16.0"', *dependencies])
    return (f'[project]\nname = "app"\nversion = "1"\ndescription = """\n  ::error::x\n"""\n'
            f"dependencies = [\n{items}]\n").encode()


def scratch(parent: Path, files: dict[str, bytes]) -> tuple[Path, Path]:
    """(a new git work tree holding ``files``, the folder ``outside`` beside it)."""
    folder = Path(tempfile.mkdtemp(dir=parent))
    repo, outside = folder / "repo", folder / "outside"
    repo.mkdir()
    outside.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (outside / "victim.txt").write_bytes(b"ddtrace==4.16.0\ndjango>=1.5\n")
    for name, data in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_bytes(data)
    return repo, outside


def contents(root: Path) -> dict[str, tuple[str, bytes]]:
    """Every entry below ``root`` but .git, not following links: a file's bytes, a link's
    target."""
    found: dict[str, tuple[str, bytes]] = {}
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if name != ".git"]
        for name in names + [f for f in folders if os.path.islink(os.path.join(folder, f))]:
            path = Path(folder, name)
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = ("link", os.readlink(path).encode())
            elif path.is_file():
                found[key] = ("file", path.read_bytes())
            else:
                found[key] = ("special", b"")
    return found


def run(repo: Path, *argv: str) -> tuple[int, str]:
    """``ddlint ARGV --today TODAY`` in ``repo``: (exit code, standard output)."""
    previous = os.getcwd()
    out, err = io.StringIO(), io.StringIO()
    os.chdir(repo)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([*argv, "--today", TODAY])
    finally:
        os.chdir(previous)
    assert "Traceback" not in err.getvalue() and code in (0, 1, 2), (code, err.getvalue())
    return code, out.getvalue()


def _touched(report: dict[str, Any], repo: Path, unsafe: bool) -> dict[str, set[int]]:
    """The lines the fixes --fix applies may change, per real file (relative to ``repo``)."""
    touched: dict[str, set[int]] = {}
    for diagnostic in report["diagnostics"]:
        if diagnostic.get("suppressed") or not diagnostic.get("edits"):
            continue
        if diagnostic.get("applicability") != "safe" and not unsafe:
            continue
        for edit in diagnostic["edits"]:
            real = (repo / edit["path"]).resolve().relative_to(repo.resolve()).as_posix()
            touched.setdefault(real, set()).update(range(edit["line"], edit["end_line"] + 1))
    return touched


def _chunks(diff: str) -> list[str]:
    """A diff's per-file parts, their ``---``/``+++`` file names left out (a link's findings
    name the link, the file written is its target)."""
    parts: list[str] = []
    for line in diff.splitlines(keepends=True):
        if line.startswith("--- a/"):
            parts.append("")
        elif not line.startswith("+++ b/") and parts:
            parts[-1] += line
    return sorted(parts)


def _text(data: bytes) -> str:
    return data.decode("utf-8").removeprefix("\ufeff")


def _ddl001(report: dict[str, Any]) -> set[str]:
    return {d["path"] for d in report["diagnostics"] if d["code"] == "DDL001"}


def fix_keeps_its_promises(repo: Path, outside: Path, args: list[str]) -> None:
    """The module's four promises for ``ddlint ARGS --fix`` in ``repo``."""
    unsafe = "--unsafe-fixes" in args
    before, outside_before = contents(repo), contents(outside)
    report = json.loads(run(repo, *args, "--format", "json")[1])
    _, diff = run(repo, *args, "--diff")
    assert contents(repo) == before, "--diff wrote"
    run(repo, *args, "--fix")
    after = contents(repo)
    assert contents(outside) == outside_before, "--fix wrote outside the repository"
    assert set(after) == set(before), "--fix created or removed a file"
    changed = sorted(name for name in after if after[name] != before[name])
    touched = _touched(report, repo, unsafe)
    expected = []
    for name in changed:
        assert before[name][0] == after[name][0] == "file", f"{name} changed its type"
        old, new = before[name][1], after[name][1]
        old_lines, new_lines = old.split(b"\n"), new.split(b"\n")
        assert len(old_lines) == len(new_lines), f"{name}: lines added or removed"
        moved = {number for number, (a, b) in enumerate(zip(old_lines, new_lines), 1) if a != b}
        assert moved <= touched.get(name, set()), f"{name}: untouched lines {moved} changed"
        expected.append(render_diff(name, _text(old), _text(new)))
    assert _chunks(diff) == _chunks("".join(expected)), "--diff is not what --fix wrote"
    broken_before = _ddl001(report)
    broken_after = _ddl001(json.loads(run(repo, *args, "--format", "json")[1]))
    assert broken_after <= broken_before, f"--fix left unparseable: {broken_after}"
    run(repo, *args, "--fix")
    assert contents(repo) == after, "a second --fix changed something"


# ---------------------------------------------------------------- the promises, kept

@FIX_FUZZ
@given(data=st.data())
def test_fix_keeps_its_promises(tmp_path: Path, data: Any) -> None:
    blocks = data.draw(st.lists(st.sampled_from(FIXABLE + PLAIN), min_size=1, max_size=8))
    newline = data.draw(st.sampled_from(["\n", "\r\n"]))
    files = {"requirements.txt": _requirements(blocks, newline, data.draw(st.booleans()))}
    if data.draw(st.booleans()):  # an include, fixed in its own file
        files["requirements.txt"] += b"-r base.txt\n"
        files["base.txt"] = _requirements(
            data.draw(st.lists(st.sampled_from(FIXABLE + PLAIN), max_size=4)), "\n", False)
    if data.draw(st.booleans()):
        files["pyproject.toml"] = _pyproject(
            data.draw(st.lists(st.sampled_from(PYPROJECT_DEPENDENCIES), max_size=4)))
    repo, outside = scratch(tmp_path, files)
    # Links and special files beside them: one to outside the repository, named like a
    # dependency file; one to a device.
    if data.draw(st.booleans()):
        (repo / "requirements-outside.txt").symlink_to("../outside/victim.txt")
    if data.draw(st.booleans()):
        (repo / "requirements-null.txt").symlink_to(os.devnull)
    args = data.draw(st.sampled_from([["."], ["requirements.txt"], [".", "--unsafe-fixes"],
                                      ["requirements.txt", "--unsafe-fixes"]]))
    fix_keeps_its_promises(repo, outside, args)


def test_the_harness_sees_a_fix(tmp_path: Path) -> None:
    """The control: a run the harness checks does change the file."""
    repo, outside = scratch(tmp_path, {"requirements.txt": _requirements(
        [["django>=1.5 \\", "    ; python_version >= '3.8'"], ["# kept"]], "\r\n", True)})
    fix_keeps_its_promises(repo, outside, ["."])
    assert b"django>=2.2.8 \\\r\n    ; python_version >= '3.8'\r\n# kept\r\n" in (
        repo / "requirements.txt").read_bytes()


# ---------------------------------------------------------------- shapes still broken

@pytest.mark.parametrize("block", [["django \\", "    >=1.5"], ["django[bcrypt] \\", "  >= 1.5"]],
                         ids=["name-then-specifier", "extras-then-specifier"])
def test_item5_a_continued_requirement(tmp_path: Path, block: list[str]) -> None:
    repo, outside = scratch(tmp_path, {"requirements.txt": _requirements([block], "\n", False)})
    fix_keeps_its_promises(repo, outside, ["."])


def test_item4_a_file_reached_under_two_names(tmp_path: Path) -> None:
    repo, outside = scratch(tmp_path, {"requirements.txt": _requirements(
        [["flask>=0.9"]], "\n", False)})
    (repo / "requirements-dev.txt").symlink_to("requirements.txt")
    fix_keeps_its_promises(repo, outside, ["."])


def test_item6_requires_python_raised_then_capped(tmp_path: Path) -> None:
    pyproject = _pyproject(['"django>=1.5"']).replace(
        b'version = "1"\n', b'version = "1"\nrequires-python = ">=3.7"\n')
    repo, outside = scratch(tmp_path, {"pyproject.toml": pyproject})
    fix_keeps_its_promises(repo, outside, [".", "--unsafe-fixes"])


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="handing a file to another owner takes root")
def test_item7_fix_as_root_keeps_owner_group_and_mode(tmp_path: Path) -> None:
    repo, _ = scratch(tmp_path, {"requirements.txt": _requirements([["flask>=0.9"]], "\n",
                                                                   False)})
    path = repo / "requirements.txt"
    os.chown(path, 1234, 2345)
    path.chmod(0o640)
    run(repo, ".", "--fix")
    assert b"flask>=1.1.4" in path.read_bytes()  # 4.16.0 itself declares flask >= 1.1.4
    found = path.stat()
    assert (found.st_uid, found.st_gid, found.st_mode & 0o7777) == (1234, 2345, 0o640)


# Special files beside a fixed manifest, which a run must never open (a FIFO blocks, a link to
# standard output reads a terminal): in a child process with a time-out.
def _fifo(name: str) -> Callable[[Path], None]:
    return lambda repo: os.mkfifo(repo / name)


def _link(name: str, target: str) -> Callable[[Path], None]:
    return lambda repo: (repo / name).symlink_to(target)


SPECIAL: dict[str, Callable[[Path], None]] = {
    "fifo-txt": _fifo("notes.txt"),
    "stdout-link": _link("notes.txt", "/proc/self/fd/1"),
    "pylock-fifo": _fifo("pylock.toml"),
}


def _fix_in_a_child(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ddlint", ".", "--fix", "--today", TODAY],
                          cwd=repo, capture_output=True, text=True, timeout=10,
                          stdin=subprocess.DEVNULL, check=False)


def test_special_files_beside_an_unfixed_manifest(tmp_path: Path) -> None:
    """The control: with nothing to fix the same tree runs to its end."""
    repo, _ = scratch(tmp_path, {"requirements.txt": _requirements([["flask==3.0.3"]], "\n",
                                                                   False)})
    for make in SPECIAL.values():
        with contextlib.suppress(FileExistsError):
            make(repo)
    assert _fix_in_a_child(repo).returncode in (0, 1)


@pytest.mark.parametrize("shape", sorted(SPECIAL))
def test_item8_special_files_beside_a_fixed_manifest(tmp_path: Path, shape: str) -> None:
    repo, _ = scratch(tmp_path, {"requirements.txt": _requirements([["flask>=0.9"]], "\n",
                                                                   False),
                                 "pyproject.toml": _pyproject(['"django>=1.5"'])})
    SPECIAL[shape](repo)
    completed = _fix_in_a_child(repo)
    assert completed.returncode in (0, 1) and "Traceback" not in completed.stderr
