"""Issue 15: a pull request cannot hang, blind or hijack ddlint. One test (or several, one per
shape) for each numbered defect of the issue, with its reproduction; a defect not yet fixed is an
``xfail(strict=True)`` naming its item, so that the fix turns it into a pass that must be kept.

Time bombs and memory bombs run in a child process (``python -c`` running ``ddlint.cli.main``)
with a time-out and an address-space cap, so that a defect fails its test instead of hanging the
suite or the machine.

How the resource tests measure (``assert_linear``): each superlinear input is generated at a
size N and at 4N (plus a baseline at size 1, which carries the interpreter, the imports and the
facts). The work of a run is the child's own CPU seconds (user + system, from
``getrusage(RUSAGE_CHILDREN)``) minus the baseline's, and its memory the child's peak resident
set (Linux ``VmHWM``, the measuring script of tests/test_limits.py) minus the baseline's. The
regex back-tracking these inputs trigger happens inside the C regex engine, where no operation
counter reaches, so CPU time is the work measure there; unlike wall time it does not grow when
other processes share the machine. Linear work grows 4x from N to 4N, quadratic 16x, cubic 64x:
the test allows 8x plus one second (for noise at small figures), and memory at most 8x the
N-run's plus 16 MB, and at most 10 bytes per byte of input and output (the README's bound, as in
tests/test_limits.py; the output counts because a run holds the report it prints). The 4N
run is killed once it passes twice what it is allowed, so that a quadratic input costs seconds,
not minutes. The figures of each run are printed (``pytest -s``).
"""

from __future__ import annotations

import json
import os
import re
import resource
import shlex
import shutil
import stat
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional
from xml.etree import ElementTree

import pytest

from ddlint.formatters import OUTPUT_FORMATS
from tests.conftest import (
    ACTION,
    BAD,
    CALENDAR_FREE,
    EXIT_FINDINGS,
    EXIT_USAGE,
    FIXTURES,
    HOOKS_MANIFEST,
    MEASURED,
    MEMORY_PER_INPUT_BYTE,
    REPO,
    TODAY,
    Result,
    ddl001,
    git,
    hook_env,
    lint,
    load_yaml,
    make_top,
    steps,
)

MB = 1_000_000
ADDRESS_SPACE = 3 * 1024 * MB  # a memory bomb raises MemoryError in the child, not in the machine
HANG = 20.0  # seconds before a run that should take one is called a hang
FACTOR, RATIO, CPU_SLACK, MEMORY_SLACK = 4, 8, 1.0, 16 * MB


# ---------------------------------------------------------------- running ddlint in a child

@dataclass
class Child:
    code: Optional[int]  # None: killed at its time-out
    cpu: float  # user + system seconds
    peak: int  # peak resident bytes, 0 when killed
    out: bytes
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def child(arguments: list[str], cwd: Path | bytes, timeout: float = HANG,
          today: bool = True) -> Child:
    """Run ``ddlint ARGUMENTS`` in a child process, measured as tests/test_limits.py does."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", MEASURED, *arguments, *(["--today", TODAY] if today else [])]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True,
                                   timeout=timeout, preexec_fn=_cap_memory, check=False)
    except subprocess.TimeoutExpired as expired:
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return Child(None, _cpu(after) - _cpu(before), 0, expired.stdout or b"",
                     (expired.stderr or b"").decode("utf-8", "replace"))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The measuring script writes its peak in a ``finally``: a traceback comes after it.
    err = completed.stderr.decode("utf-8", "replace")
    peaks = re.findall(r"\npeak (\d+)\n", err)
    return Child(completed.returncode, _cpu(after) - _cpu(before),
                 int(peaks[-1]) if peaks else 0, completed.stdout,
                 re.sub(r"\npeak \d+\n", "\n", err))


def _cpu(usage: Any) -> float:
    return float(usage.ru_utime + usage.ru_stime)


def finished(run: Child) -> None:
    """The contract every hostile run keeps: done in time, a documented exit code, no trace."""
    assert run.code is not None, f"still running after {HANG:.0f} s (CPU {run.cpu:.1f} s)"
    assert "Traceback" not in run.err, run.err[-2000:]
    assert run.code in (0, EXIT_FINDINGS, EXIT_USAGE), (run.code, run.err[-2000:])


# name -> ((N, cpu, peak), (4N, cpu, peak)), for the report (pytest -s prints them too)
FIGURES: dict[str, Any] = {}

Make = Callable[[Path, int], list[str]]  # writes the input of size n in a folder -> arguments


def assert_linear(tmp_path: Path, name: str, make: Make, n: int) -> None:
    """``make`` at size 1, N and 4N: work and memory grow linearly, memory stays within a few
    times the input (see the module docstring)."""
    def measure(size: int, timeout: float) -> tuple[Child, int]:
        folder = tmp_path / f"{name}-{size}"
        folder.mkdir()
        arguments = make(folder, size)
        run = child(arguments, folder, timeout=timeout)
        files = [p for p in folder.rglob("*") if p.is_file()]
        return run, sum(p.stat().st_size for p in files)

    started = time.perf_counter()
    base, _ = measure(1, HANG)
    base_wall = time.perf_counter() - started
    finished(base)
    small, small_size = measure(n, 6 * HANG)
    assert small.code is not None, f"{name}: size {n} still running after {6 * HANG:.0f} s"
    work = max(small.cpu - base.cpu, 0.0)
    allowed = RATIO * work + CPU_SLACK
    large, large_size = measure(FACTOR * n, 2 * (allowed + base_wall) + 5)
    FIGURES[name] = ((n, small_size, round(small.cpu - base.cpu, 2), small.peak - base.peak),
                     (FACTOR * n, large_size, round(large.cpu - base.cpu, 2),
                      large.peak - base.peak if large.code is not None else None))
    print(f"\n{name}: base cpu {base.cpu:.2f} s peak {base.peak / MB:.0f} MB; "
          f"N={n} ({small_size} B) cpu +{small.cpu - base.cpu:.2f} s peak "
          f"+{(small.peak - base.peak) / MB:.1f} MB; {FACTOR}N ({large_size} B) cpu "
          f"+{large.cpu - base.cpu:.2f} s "
          + (f"peak +{(large.peak - base.peak) / MB:.1f} MB" if large.code is not None
             else "killed at its time-out"))
    finished(small)
    assert large.code is not None, (
        f"{name}: {FACTOR}N killed after {large.cpu:.1f} s CPU; N took {work:.2f} s")
    finished(large)
    assert large.cpu - base.cpu <= allowed, (
        f"{name}: work grew from {work:.2f} s to {large.cpu - base.cpu:.2f} s for {FACTOR}x input")
    grown = large.peak - base.peak
    assert grown <= RATIO * max(small.peak - base.peak, 0) + MEMORY_SLACK, (
        f"{name}: memory grew from {(small.peak - base.peak) / MB:.1f} MB to {grown / MB:.1f} MB")
    # Bytes of input and of output: a run holds the report it prints, and an input of one
    # finding per 5-byte line (item 7) prints 30 times its size as JSON.
    held = large_size + len(large.out)
    assert grown <= MEMORY_PER_INPUT_BYTE * held + MEMORY_SLACK, (
        f"{name}: {grown / MB:.1f} MB for a {large_size / MB:.1f} MB input "
        f"and {len(large.out) / MB:.1f} MB output")


def _text(folder: Path, name: str, content: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


# ---------------------------------------------------------------- 1-3, 5-8: time and memory

def make_config_line_of_spaces(folder: Path, n: int) -> list[str]:
    """Item 1: inside a valid multi-line string of [tool.ddlint], a line of ``[``, spaces, x."""
    _text(folder, "pyproject.toml",
          '[project]\nname = "x"\nversion = "1"\n\n[tool.ddlint]\n\n[[tool.ddlint.ignores]]\n'
          'code = "DDL301"\npackage = "django"\nreason = """\n[' + " " * n + 'x\n"""\n')
    _text(folder, "requirements.txt", "ddtrace==4.16.0\ndjango==1.7.11\n")
    return ["requirements.txt", "--format", "json"]


def make_requirements_line_of_spaces(folder: Path, n: int) -> list[str]:
    """Item 2: one requirements line of spaces (comment stripping)."""
    _text(folder, "requirements.txt", "ddtrace==4.16.0\n" + " " * n + "x\n")
    return ["requirements.txt", "--format", "json"]


def make_poetry_constraint_of_spaces(folder: Path, n: int) -> list[str]:
    """Item 3: a Poetry constraint with spaces inside."""
    _text(folder, "pyproject.toml",
          '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\npython = "^3.9"\n'
          f'ddtrace = "4.16.0"\ndjango = "^4.2{" " * n}x"\n')
    return ["pyproject.toml", "--format", "json"]


def make_broken_pyproject_of_blank_lines(folder: Path, n: int) -> list[str]:
    """Item 3: a broken pyproject.toml of blank lines, probed for its [tool.ddlint] table."""
    _text(folder, "pyproject.toml", "[project\n" + "\n" * n + "# ddlint\n")
    _text(folder, "requirements.txt", "ddtrace==4.16.0\n")
    return ["requirements.txt", "--format", "json"]


def uv_chain(n: int) -> str:
    """Item 5: a uv.lock whose packages form one chain, a distinct marker on every edge."""
    out = ['version = 1\nrevision = 2\nrequires-python = ">=3.9"\n\n[[package]]\nname = "app"\n'
           'version = "0.1.0"\nsource = { editable = "." }\n'
           'dependencies = [{ name = "ddtrace" }, { name = "p0" }]\n\n'
           '[[package]]\nname = "ddtrace"\nversion = "4.16.0"\n'
           'source = { registry = "https://registry.invalid/simple" }\n']
    for index in range(n):
        edge = (f'dependencies = [{{ name = "p{index + 1}", marker = '
                f"\"sys_platform != 'p{index}'\" }}]\n" if index + 1 < n else "")
        out.append(f'\n[[package]]\nname = "p{index}"\nversion = "1.0.0"\n'
                   f'source = {{ registry = "https://registry.invalid/simple" }}\n{edge}')
    return "".join(out)


def make_uv_chain(folder: Path, n: int) -> list[str]:
    _text(folder, "uv.lock", uv_chain(n))
    _text(folder, "pyproject.toml", '[project]\nname = "app"\nversion = "0.1.0"\n'
                                    'requires-python = ">=3.9"\ndependencies = ["ddtrace"]\n')
    return ["uv.lock", "--format", "json"]


def make_long_dotted_key(folder: Path, n: int) -> list[str]:
    """Item 6: a pyproject.toml with one dotted key of n parts (tomllib is quadratic)."""
    _text(folder, "pyproject.toml",
          '[project]\nname = "x"\nversion = "1"\ndependencies = ["ddtrace==4.16.0"]\n\n'
          "[tool.x]\n" + "a." * n + "a = 1\n")
    return ["pyproject.toml", "--format", "json"]


def make_per_file_ignores(folder: Path, n: int) -> list[str]:
    """Item 7: n patterns that match no file, 10n findings (one DDL001 per line)."""
    patterns = "".join(f'"other-{index}/*.txt" = ["DDL9"]\n' for index in range(n))
    _text(folder, "ddlint.toml", "[per-file-ignores]\n" + patterns)
    _text(folder, "requirements.txt",
          "ddtrace==4.16.0\n" + "".join(f"!!{index}\n" for index in range(10 * n)))
    return ["requirements.txt", "--format", "json"]


def make_include_chain(folder: Path, n: int) -> list[str]:
    """Item 8: requirements.txt includes r1.txt, which includes r2.txt, ... n files deep."""
    _text(folder, "requirements.txt", "-r r1.txt\nddtrace==4.16.0\ndjango==1.7.11\n")
    for index in range(1, n + 1):
        _text(folder, f"r{index}.txt",
              (f"-r r{index + 1}.txt\n" if index < n else "") + f"package-{index}==1.0\n")
    return ["requirements.txt", "--format", "json"]


@pytest.mark.slow
def test_item1_config_line_of_spaces_is_linear(tmp_path: Path) -> None:
    assert_linear(tmp_path, "item1-config-spaces", make_config_line_of_spaces, 600)


@pytest.mark.slow
def test_item2_requirements_line_of_spaces_is_linear(tmp_path: Path) -> None:
    assert_linear(tmp_path, "item2-requirements-spaces", make_requirements_line_of_spaces, 8000)


@pytest.mark.slow
def test_item3_poetry_constraint_of_spaces_is_linear(tmp_path: Path) -> None:
    assert_linear(tmp_path, "item3-poetry-spaces", make_poetry_constraint_of_spaces, 5000)


@pytest.mark.slow
def test_item3_broken_pyproject_probe_is_linear(tmp_path: Path) -> None:
    assert_linear(tmp_path, "item3-probe-blank-lines", make_broken_pyproject_of_blank_lines,
                  25_000)


@pytest.mark.slow
def test_item5_uv_lock_marker_chain_is_linear(tmp_path: Path) -> None:
    assert_linear(tmp_path, "item5-uv-chain", make_uv_chain, 800)


@pytest.mark.slow
def test_item6_long_dotted_key_is_linear(tmp_path: Path) -> None:
    assert_linear(tmp_path, "item6-dotted-key", make_long_dotted_key, 2000)


def test_item6_a_dotted_key_beyond_a_sane_bound_is_ddl001(tmp_path: Path) -> None:
    arguments = make_long_dotted_key(tmp_path, 50_000)
    run = child(arguments, tmp_path)
    finished(run)
    found = [d for d in run.json()["diagnostics"] if d["code"] == "DDL001"]
    assert [d["line"] for d in found] == [7]


@pytest.mark.slow
def test_item7_per_file_ignores_are_linear(tmp_path: Path) -> None:
    assert_linear(tmp_path, "item7-per-file-ignores", make_per_file_ignores, 300)


def test_item8_a_deep_include_chain(tmp_path: Path) -> None:
    arguments = make_include_chain(tmp_path, 400)
    run = child(arguments, tmp_path)
    finished(run)
    diagnostics = run.json()["diagnostics"]
    # The top file's own entries are read: django's DDL301 on its line 3.
    assert ("DDL301", "requirements.txt", 3) in [(d["code"], d["path"], d["line"])
                                                  for d in diagnostics]
    assert all("bug" not in d["message"] for d in diagnostics)
    # Either every file is read or the depth bound is a DDL001 on the include that passes it.
    if run.json()["summary"]["dependencies"] < 402:
        assert [d for d in diagnostics if d["code"] == "DDL001" and "deep" in d["message"]]


def test_item8_a_chain_within_the_bound_is_read_whole(tmp_path: Path) -> None:
    """The control: a chain well within the stack is read to its end."""
    run = child(make_include_chain(tmp_path, 50), tmp_path)
    finished(run)
    assert run.json()["summary"]["dependencies"] == 52


# ---------------------------------------------------------------- 4: .python-version

def _project_with_python_version(root: Path) -> Path:
    make_top(root)
    _text(root, "requirements.txt", "ddtrace==4.16.0\ndjango==4.2.16\n")
    return root / ".python-version"


# Holds through item 12's repository bound (/dev/zero lies outside the repository); item 4's
# regular-file check in the one reader is the FIFO's test below.
def test_item4_python_version_linked_to_dev_zero(tmp_path: Path) -> None:
    _project_with_python_version(tmp_path).symlink_to("/dev/zero")
    run = child(["requirements.txt", "--format", "json"], tmp_path)
    finished(run)
    assert run.peak < 200 * MB


def test_item4_python_version_that_is_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(_project_with_python_version(tmp_path))
    finished(child(["requirements.txt", "--format", "json"], tmp_path, timeout=10))


def test_item4_python_version_as_a_regular_file_is_read(tmp_path: Path) -> None:
    """The control: a plain .python-version still sets the target Python (DDL101 for 3.8)."""
    _project_with_python_version(tmp_path).write_text("3.8\n", encoding="utf-8")
    run = child(["requirements.txt", "--format", "json"], tmp_path)
    finished(run)
    assert "DDL101" in [d["code"] for d in run.json()["diagnostics"]]


# ---------------------------------------------------------------- 9: one value, whole file lost

def _findings(result: Result) -> set[tuple[str, str, int]]:
    return {(d["code"], d["path"], d["line"]) for d in result.json()["diagnostics"]}


def test_item9_a_huge_version_in_a_forked_poetry_lock(tmp_path: Path, ddlint: Any) -> None:
    """Poetry 2.0's lock of the fixture holds ddtrace twice (3.x below Python 3.9, 4.x above)."""
    shutil.copytree(FIXTURES / "poetry-lock-versions" / "2.0", tmp_path / "project")
    lock = tmp_path / "project" / "poetry.lock"
    whole = lint(ddlint, tmp_path, "project/poetry.lock", "--format", "json")
    lines = lock.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index('name = "ddtrace"\n') + 1
    assert lines[at].startswith("version = ")
    lines[at] = f'version = "4.{"1" * 5000}"\n'
    lock.write_text("".join(lines), encoding="utf-8")
    result = lint(ddlint, tmp_path, "project/poetry.lock", "--format", "json")
    assert all("bug" not in d["message"] for d in result.json()["diagnostics"])
    assert [line for line, _, _ in ddl001(result, "project/poetry.lock")] == [at + 1]
    # Every other package is still checked.
    others = {f for f in _findings(whole) if f[2] not in (at, at + 1)}
    assert others and others <= _findings(result)


POETRY = ('[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\npython = "{python}"\n'
          'ddtrace = "4.16.0"\nflask = "{flask}"\ndjango = "1.7.11"\n')


def test_item9_a_newline_in_a_poetry_constraint(write: Any, ddlint: Any) -> None:
    root = write({"pyproject.toml": POETRY.format(python="^3.9", flask="^3.0\\nx")})
    result = lint(ddlint, root, "pyproject.toml", "--format", "json")
    assert [line for line, _, _ in ddl001(result, "pyproject.toml")] == [6]
    assert all("bug" not in d["message"] for d in result.json()["diagnostics"])
    assert ("DDL301", "pyproject.toml", 7) in _findings(result)  # the rest is read


def test_item9_a_newline_in_poetrys_python(tmp_path: Path) -> None:
    _text(tmp_path, "pyproject.toml", POETRY.format(python=">=3.9\\nx", flask="^3.0"))
    run = child(["pyproject.toml", "--format", "json"], tmp_path)
    finished(run)
    found = [(d["code"], d["line"]) for d in run.json()["diagnostics"]]
    assert ("DDL001", 4) in found and ("DDL301", 7) in found


# A crash inside ddlint, made from outside it: the JSON library it renders with fails.
_CRASH = """
import json, runpy, sys
def broken(*args, **kwargs):
    raise RuntimeError("simulated internal error")
json.dumps = broken
sys.argv = ["ddlint", *sys.argv[1:]]
runpy.run_module("ddlint", run_name="__main__")
"""


def test_item9_an_internal_error_has_its_own_exit_code(tmp_path: Path) -> None:
    _text(tmp_path, "requirements.txt", "ddtrace==4.16.0\ndjango==4.2.16\n")
    completed = subprocess.run(
        [sys.executable, "-c", _CRASH, "requirements.txt", "--format", "json", "--today", TODAY],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True,
        text=True, timeout=HANG, check=False)
    assert completed.returncode not in (0, EXIT_FINDINGS, EXIT_USAGE), completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and "report" in lines[0], completed.stderr


# ---------------------------------------------------------------- 10: pre-commit's file names

def _hook() -> dict[str, Any]:
    from pre_commit.clientlib import load_manifest

    hooks = load_manifest(str(HOOKS_MANIFEST))
    hook: dict[str, Any] = next(h for h in hooks if h["id"] == "ddlint")
    return hook


def hook_argv(user_args: list[str], files: list[str]) -> list[str]:
    """What pre-commit runs for the ddlint hook: its entry, then ``args:`` (the manifest's unless
    the user gives some), then the file names, with no ``--`` between them. ``main()`` gets
    everything after the entry's program name. Run it with ``today=False``: the fixture's
    ``--today`` would come after the file names, where pre-commit never puts anything (the
    repository's configuration leaves the calendar's rules out instead)."""
    hook = _hook()
    return [*shlex.split(hook["entry"])[1:], *(user_args or hook["args"]), *files]


# name -> (hostile files, whose names the hook is given besides requirements.txt)
HOSTILE_NAMES: dict[str, dict[str, str]] = {
    "output-requirements": {"--output=requirements.txt": ""},
    "config-elsewhere": {"--config=cfg/pyproject.toml": "", "cfg/pyproject.toml":
                         '[project]\nname = "x"\nversion = "1"\n[tool.ddlint]\nignore = ["DDL"]\n'},
    "output-outside": {"--output=../requirements.txt": ""},
    "dash-name": {"-requirements.txt": ""},
}
USER_ARGS = [[], ["--format", "text"], ["--python", "3.12"]]


def _hostile_repository(root: Path, files: dict[str, str]) -> list[str]:
    """A git repository with a failing requirements.txt and the hostile files; the names the
    hook is given (what its ``files`` pattern takes)."""
    root.mkdir(parents=True, exist_ok=True)
    _text(root, "ddlint.toml", CALENDAR_FREE)
    _text(root, "requirements.txt", BAD)
    for name, content in files.items():
        _text(root, name, content)
    return ["requirements.txt", *[name for name in files if name.split("/")[0].startswith("-")]]


@pytest.mark.parametrize("user_args", USER_ARGS, ids=lambda a: " ".join(a) or "no-args")
@pytest.mark.parametrize("shape", sorted(HOSTILE_NAMES))
def test_item10_names_pre_commit_passes_stay_file_names(
    tmp_path: Path, ddlint: Any, shape: str, user_args: list[str]
) -> None:
    root = tmp_path / "repo"
    make_top(root)
    passed = _hostile_repository(root, HOSTILE_NAMES[shape])
    before = (root / "requirements.txt").read_bytes()
    result = ddlint(*hook_argv(user_args, passed), cwd=root, today=False)
    assert (root / "requirements.txt").read_bytes() == before
    assert not (tmp_path / "requirements.txt").exists(), "written outside the repository"
    assert result.code == EXIT_FINDINGS, result.err
    assert "DDL301" in result.out  # the configuration elsewhere did not silence it


def test_item10_the_repository_fails_without_hostile_names(tmp_path: Path, ddlint: Any) -> None:
    """The control: the hook on requirements.txt alone fails with DDL301."""
    root = tmp_path / "repo"
    make_top(root)
    passed = _hostile_repository(root, {})
    result = ddlint(*hook_argv([], passed), cwd=root, today=False)
    assert result.code == EXIT_FINDINGS and "DDL301" in result.out


def _local_hook_config(user_args: list[str]) -> str:
    """A .pre-commit-config.yaml running the manifest's ddlint hook as a local hook, with this
    checkout's ddlint on PATH: pre-commit builds the command line exactly as for the published
    hook (entry, args, file names), without building an environment for it."""
    hook = _hook()
    entry = {key: hook[key] for key in ("id", "name", "entry", "files", "types",
                                        "pass_filenames", "require_serial")}
    entry.update(language="system", args=user_args or hook["args"])
    return json.dumps({"repos": [{"repo": "local", "hooks": [entry]}]})  # JSON is YAML


def _run_pre_commit(tmp_path: Path, files: dict[str, str], user_args: list[str]) -> str:
    """``pre-commit run --all-files`` in a new git repository holding ``files``; its log. The
    repository's requirements.txt must come out unchanged, and nothing may appear beside it."""
    root = tmp_path / "repo"
    _hostile_repository(root, files)
    _text(root, ".pre-commit-config.yaml", _local_hook_config(user_args))
    git(root, "init", "-q")
    git(root, "add", "-A")
    before = (root / "requirements.txt").read_bytes()
    env = hook_env(tmp_path / "home")
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    completed = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"],
                               cwd=root, env=env, capture_output=True, text=True, timeout=300,
                               check=False)
    log = completed.stdout + completed.stderr
    assert (root / "requirements.txt").read_bytes() == before, log
    assert not (tmp_path / "requirements.txt").exists(), log
    # The hook fails: on the finding, or (issue 21 item 16) loudly where a committed name
    # sorts among the options and could be either (pre-commit passes names in git's order).
    assert completed.returncode == 1, log
    assert "DDL301" in log or "or a file pre-commit passed?" in log, log
    assert "usage:" not in log, log
    return log


@pytest.mark.precommit
@pytest.mark.parametrize("user_args", USER_ARGS[:2], ids=lambda a: " ".join(a) or "no-args")
@pytest.mark.parametrize("shape", sorted(HOSTILE_NAMES))
def test_item10_with_the_real_pre_commit(tmp_path: Path, shape: str,
                                         user_args: list[str]) -> None:
    _run_pre_commit(tmp_path, HOSTILE_NAMES[shape], user_args)


@pytest.mark.precommit
def test_item10_the_real_pre_commit_without_hostile_names(tmp_path: Path) -> None:
    """The control: the same hook, repository and checks, without the hostile names, pass."""
    assert "requirements.txt:2:1: DDL301" in _run_pre_commit(tmp_path, {}, [])


# ---------------------------------------------------------------- 11: where --output writes

REPORT_INPUT = {"requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n"}


def test_item11_output_to_a_fifo_is_written_as_a_stream(write: Any, ddlint: Any) -> None:
    root = write(REPORT_INPUT)
    os.mkfifo(root / "report.fifo")
    reader = os.open(root / "report.fifo", os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = ddlint("requirements.txt", "--format", "json", "--output", "report.fifo",
                        cwd=root)
        assert stat.S_ISFIFO((root / "report.fifo").lstat().st_mode)
        received = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert result.code == EXIT_FINDINGS
    assert json.loads(received)["summary"]["findings"] >= 1


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="no /dev/stdout")
def test_item11_output_to_dev_stdout(tmp_path: Path) -> None:
    """``--output /dev/stdout`` named by the user is written as a stream. A link to it in the
    checked folder is refused (issue 21 item 2: tests/test_hostile_writes.py)."""
    _text(tmp_path, "requirements.txt", REPORT_INPUT["requirements.txt"])
    run = child(["requirements.txt", "--format", "json", "--output", "/dev/stdout"], tmp_path)
    finished(run)
    assert b'"summary"' in run.out


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node takes root")
def test_item11_output_to_a_link_to_dev_null(write: Any, ddlint: Any) -> None:
    """A link to a copy of /dev/null made in the test's folder: a test never names the system's
    own (as root, a defect would replace it)."""
    root = write(REPORT_INPUT)
    os.mknod(root / "devnull", 0o666 | stat.S_IFCHR, os.stat(os.devnull).st_rdev)
    (root / "null").symlink_to(root / "devnull")
    result = ddlint("requirements.txt", "--format", "json", "--output", "null", cwd=root)
    assert result.code == EXIT_FINDINGS
    assert (root / "null").is_symlink()
    assert stat.S_ISCHR((root / "devnull").lstat().st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node takes root")
def test_item11_output_to_a_character_device(write: Any, ddlint: Any) -> None:
    """A copy of /dev/null made in the test's folder, never the system's own."""
    root = write(REPORT_INPUT)
    os.mknod(root / "null", 0o666 | stat.S_IFCHR, os.stat(os.devnull).st_rdev)
    result = ddlint("requirements.txt", "--format", "sarif", "--output", "null", cwd=root)
    assert result.code == EXIT_FINDINGS
    assert stat.S_ISCHR((root / "null").lstat().st_mode)


@pytest.mark.parametrize("spelling", ["requirements.txt", "./requirements.txt", "link.txt"])
def test_item11_output_never_replaces_an_input(write: Any, ddlint: Any, spelling: str) -> None:
    root = write(REPORT_INPUT)
    (root / "link.txt").symlink_to("requirements.txt")
    before = (root / "requirements.txt").read_bytes()
    result = ddlint("requirements.txt", "--format", "json", "--output", spelling, cwd=root)
    assert (root / "requirements.txt").read_bytes() == before
    assert result.code == EXIT_USAGE and "ddlint: error: " in result.err


# ---------------------------------------------------------------- 12: outside the repository

def _repository_beside_a_secret(tmp_path: Path, git: bool = True) -> tuple[Path, Path]:
    outside = tmp_path / "outside"
    outside.mkdir()
    repo = tmp_path / "repo"
    repo.mkdir()
    if git:
        make_top(repo)
    return repo, outside


def test_item12_configuration_linked_outside(tmp_path: Path, ddlint: Any) -> None:
    repo, outside = _repository_beside_a_secret(tmp_path)
    _text(outside, "ddlint.toml", 'python-versions = ["TOKEN-0123456789"]\n')
    (repo / "ddlint.toml").symlink_to(outside / "ddlint.toml")
    _text(repo, "requirements.txt", "ddtrace==4.16.0\ndjango==1.7.11\n")
    result = ddlint("requirements.txt", "--format", "json", cwd=repo)
    assert "TOKEN" not in result.out + result.err
    assert "outside the repository" in result.out + result.err


def test_item12_python_version_linked_outside(tmp_path: Path, ddlint: Any) -> None:
    repo, outside = _repository_beside_a_secret(tmp_path)
    _text(outside, "python-version", "3.8\n")
    (repo / ".python-version").symlink_to(outside / "python-version")
    _text(repo, "requirements.txt", "ddtrace==4.16.0\ndjango==4.2.16\n")
    result = ddlint("requirements.txt", "--format", "json", cwd=repo)
    assert "DDL101" not in result.codes()


def test_item12_without_git_the_top_is_the_current_folder(tmp_path: Path, ddlint: Any) -> None:
    repo, outside = _repository_beside_a_secret(tmp_path, git=False)
    _text(outside, "secrets.txt", "TOKEN-0123456789\n")
    (repo / "requirements.txt").symlink_to(outside / "secrets.txt")
    _text(repo, "requirements-dev.txt", "ddtrace==4.16.0\ndjango==1.7.11\n")
    result = lint(ddlint, repo, ".", "--format", "json")
    assert "TOKEN" not in result.out + result.err
    [(line, _, message)] = ddl001(result, "requirements.txt")
    assert line == 1 and "outside" in message
    assert "DDL301" in result.codes()


# ---------------------------------------------------------------- 13: one path per file

@pytest.mark.parametrize("format_", ["json", "sarif", "text"])
def test_item13_an_include_upwards_is_one_file(write: Any, ddlint: Any, format_: str) -> None:
    root = write({"x.txt": "ddtrace==4.16.0\ndjango==1.7.11\n",
                  "requirements.txt": "-r x.txt\n", "requirements/dev.txt": "-r ../x.txt\n"})
    result = lint(ddlint, root, ".", "--format", format_)
    if format_ == "json":
        assert ".." not in result.out
        assert result.json()["summary"]["files"] == 3
        assert [d["path"] for d in diagnostics_of(result, "DDL301")] == ["x.txt"]
    elif format_ == "sarif":
        results = json.loads(result.out)["runs"][0]["results"]  # rule help has its "..."
        assert [r["ruleId"] for r in results].count("DDL301") == 1
        uris = [loc["physicalLocation"]["artifactLocation"]["uri"]
                for r in results for loc in r["locations"]]
        assert uris and not [uri for uri in uris if ".." in uri]
    else:
        assert ".." not in result.out
        assert result.out.count("DDL301") == 1


def diagnostics_of(result: Result, code: str) -> Iterator[dict[str, Any]]:
    return (d for d in result.json()["diagnostics"] if d["code"] == code)


# ---------------------------------------------------------------- 14: names that are not UTF-8

# Every output format (a new one is in every hostile case below by its row alone).
FORMATS = [row.name for row in OUTPUT_FORMATS]
# The formats that are JSON or XML documents: their values are read back as such; the others
# are lines.
_JSON_FORMATS, _XML_FORMATS = ("json", "sarif", "gitlab"), ("junit",)
_LINE_FORMATS = ("text", "concise", "full", "github")


def test_every_output_format_is_a_hostile_case() -> None:
    """The hostile cases run every output format ``--format`` offers, each read back by its
    kind of reader: a format missing from FORMATS, or one no reader here knows, fails."""
    from ddlint.cli import build_parser

    action = next(a for a in build_parser()._actions if "--format" in a.option_strings)
    assert sorted(FORMATS) == sorted(action.choices or ())
    assert sorted(FORMATS) == sorted(_JSON_FORMATS + _XML_FORMATS + _LINE_FORMATS)


def _document_strings(format_: str, text: str) -> Iterator[str]:
    """Every value of a JSON or XML report (not their escaped spelling); other formats whole."""
    if format_ in _JSON_FORMATS:
        yield from _strings(json.loads(text))
    elif format_ in _XML_FORMATS:
        for element in ElementTree.fromstring(text).iter():
            yield from (element.text or "", element.tail or "", *element.attrib.values())
    else:
        yield text


def _non_utf8_project(tmp_path: Path) -> bytes:
    folder = os.path.join(os.fsencode(tmp_path), b"caf\xe9")
    os.mkdir(folder)
    with open(os.path.join(folder, b"requirements.txt"), "w", encoding="utf-8") as fh:
        fh.write("ddtrace==4.16.0\ndjango==1.7.11\n")
    return os.fsencode(tmp_path)


def _escaped_name(tmp_path: Path) -> str:
    """The folder's name as the JSON report writes it (whatever escape ddlint chooses)."""
    run = child([".", "--format", "json"], _non_utf8_project(tmp_path / "probe"))
    finished(run)
    [path] = {d["path"] for d in run.json()["diagnostics"] if d["code"] == "DDL301"}
    name: str = path.rsplit("/", 1)[0]
    return name


@pytest.mark.parametrize("output", [False, True], ids=["stdout", "output-file"])
@pytest.mark.parametrize("format_", FORMATS)
def test_item14_a_name_that_is_not_utf8(tmp_path: Path, format_: str, output: bool) -> None:
    (tmp_path / "probe").mkdir()
    escaped = _escaped_name(tmp_path)
    (tmp_path / "run").mkdir()
    cwd = _non_utf8_project(tmp_path / "run")
    run = child([".", "--format", format_, *(["--output", "report"] if output else [])], cwd)
    finished(run)
    assert run.code == EXIT_FINDINGS
    text = (tmp_path / "run" / "report").read_bytes() if output else run.out
    decoded = text.decode("utf-8")  # valid UTF-8, no lone surrogate written out
    # the values, not their JSON or XML spelling (a \\ for a \)
    decoded = "\n".join(_document_strings(format_, decoded))
    assert escaped in decoded and unicodedata.is_normalized("NFC", escaped)
    if output:  # the terminal's summary too
        assert escaped in run.out.decode("utf-8")


def _strings(value: Any) -> Iterator[str]:
    """Every string in a JSON document, keys too."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# ---------------------------------------------------------------- 15: nothing raw in a log

# "##[" first: a message that shortens a value (with repr()) still shows it.
PAYLOAD = "##[command]a\x1b[2Jb\x9bc\x7fd\u202ee\u2066f\n::set-env name=X::y\r\nz"


def hazards(text: str, commands: bool = False) -> list[str]:
    """What a terminal or GitHub's runner would act on: C0 (but tab and line breaks), ESC, DEL,
    C1, bidi controls, a line starting with '::' or any '##['. ``commands``: the output of
    --format github, whose own annotation commands may start a line (their shape is
    test_item15_github_format_stays_escaped's)."""
    own = ("::error ", "::warning ", "::notice ") if commands else ()
    found = [f"U+{ord(c):04X}" for c in text
             if (ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) < 0xA0
             or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069]
    found += [f"line {line!r}" for line in text.split("\n")
              if line.lstrip().startswith("::") and not (own and line.startswith(own))]
    if "##[" in text:
        found.append("##[")
    return found


def _payload_project(root: Path, shape: str) -> list[str]:
    """The payload where a file or the command line can put it; the arguments to lint it."""
    if shape == "locked-version":
        shutil.copytree(FIXTURES / "parity" / "uv", root, dirs_exist_ok=True)
        lock = root / "uv.lock"
        text = lock.read_text(encoding="utf-8")
        start = text.index('name = "redis"\nversion = "') + len('name = "redis"\nversion = "')
        end = text.index('"', start)
        escaped = json.dumps("5.0.8" + PAYLOAD)[1:-1]
        lock.write_text(text[:start] + escaped + text[end:], encoding="utf-8")
        return ["uv.lock"]
    if shape == "folder-name":
        _text(root, f"x{PAYLOAD.replace('/', '')}/requirements.txt", BAD)
        return ["."]
    if shape == "ignore-reason-and-package":
        value = json.dumps(PAYLOAD)
        _text(root, "ddlint.toml", '[[ignores]]\ncode = "DDL301"\npackage = "django"\n'
                                   f"reason = {value}\n\n[[ignores]]\ncode = \"DDL302\"\n"
                                   f"package = {value}\nreason = {value}\n")
        _text(root, "requirements.txt", BAD)
        return ["requirements.txt"]
    if shape == "poetry-key":
        _text(root, "pyproject.toml",
              '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\npython = "^3.9"\n'
              f'ddtrace = "4.16.0"\n{json.dumps("django" + PAYLOAD)} = 5\n')
        return ["pyproject.toml"]
    if shape == "remote-include":
        _text(root, "requirements.txt",
              f"-r https://registry.invalid/{PAYLOAD.replace(chr(10), '').replace(chr(13), '')}"
              + "a" * 1_000_000 + "\nddtrace==4.16.0\n")
        return ["requirements.txt"]
    assert shape == "configuration-key"
    _text(root, "ddlint.toml", f"{json.dumps(PAYLOAD)} = 1\n")
    _text(root, "requirements.txt", BAD)
    return ["requirements.txt"]


PAYLOAD_SHAPES = ["locked-version", "folder-name", "ignore-reason-and-package", "poetry-key",
                  "remote-include", "configuration-key"]


@pytest.mark.parametrize(("shape", "format_"), [
    pytest.param(shape, format_, id=f"{shape}-{format_}")
    for shape in PAYLOAD_SHAPES for format_ in FORMATS])
def test_item15_nothing_raw_reaches_a_log(tmp_path: Path, ddlint: Any, shape: str,
                                          format_: str) -> None:
    arguments = _payload_project(tmp_path, shape)
    result = ddlint(*arguments, "--format", format_, "--agent-version", "7.50.0", cwd=tmp_path)
    assert "Traceback" not in result.err
    github = format_ == "github"
    assert not hazards(result.out, github), hazards(result.out, github)[:5]
    assert not hazards(result.err), hazards(result.err)[:5]
    # Bounded, not proportional to the 1 MB payload; SARIF alone carries every rule's
    # documentation (about 100 kB), so the bound leaves room for it.
    assert len(result.out) + len(result.err) < 150_000


@pytest.mark.parametrize("shape", PAYLOAD_SHAPES)
def test_item15_github_format_stays_escaped(tmp_path: Path, ddlint: Any, shape: str) -> None:
    """--format github escapes line breaks and '::' today (workflow-command data): keep it so."""
    arguments = _payload_project(tmp_path, shape)
    result = ddlint(*arguments, "--format", "github", "--agent-version", "7.50.0", cwd=tmp_path)
    commands = [line for line in result.out.split("\n") if line.startswith("::")]
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in commands)


def test_item15_the_payload_reaches_ddlint(tmp_path: Path, ddlint: Any) -> None:
    """The control for the shapes above: the locked version is read (DDL401 on redis)."""
    arguments = _payload_project(tmp_path, "locked-version")
    result = ddlint(*arguments, "--format", "json", "--agent-version", "7.50.0", cwd=tmp_path)
    assert "set-env" in "".join(d["message"] for d in diagnostics_of(result, "DDL401"))


# ---------------------------------------------------------------- 16: action.yml

def run_lint_step(workspace: Path, runner: Path, **inputs: str) -> tuple[int, str, bytes]:
    """The action's lint step (scripts/action-step.sh lint) run with bash as tests/test_action.py's
    lint_step fixture runs it: the step's env: from ``inputs`` (the action's defaults
    otherwise), a virtual environment's Python that runs this checkout. Returns the raw
    $GITHUB_OUTPUT, read by ``github_outputs`` (both of its forms)."""
    action = load_yaml(ACTION)
    step = next(s for s in steps(action) if s.get("id") == "lint")
    python = runner / "ddlint-venv" / "bin" / "python"
    python.parent.mkdir(parents=True, exist_ok=True)
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    output, summary = runner / "output", runner / "summary"
    output.write_bytes(b"")
    summary.write_bytes(b"")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(RUNNER_TEMP=str(runner), GITHUB_OUTPUT=str(output),
               GITHUB_STEP_SUMMARY=str(summary), GITHUB_ACTION_PATH=str(REPO),
               PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    for name, expression in step["env"].items():
        key = expression.removeprefix("${{ inputs.").removesuffix(" }}")
        env[name] = inputs.get(key.replace("-", "_"), action["inputs"][key].get("default", ""))
    completed = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                                step["run"]], cwd=workspace, env=env, capture_output=True,
                               text=True, timeout=120, check=False)
    return completed.returncode, completed.stdout + completed.stderr, output.read_bytes()


def github_outputs(raw: bytes) -> dict[str, list[str]]:
    """$GITHUB_OUTPUT as the runner reads it: ``name=value`` lines and ``name<<DELIMITER``
    blocks; every value of each name, in order."""
    found: dict[str, list[str]] = {}
    lines = iter(raw.decode("utf-8").split("\n"))
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            value = []
            for inner in lines:
                if inner == delimiter:
                    break
                value.append(inner)
            found.setdefault(name, []).append("\n".join(value))
        elif "=" in line:
            name, value_ = line.split("=", 1)
            found.setdefault(name, []).append(value_)
    return found


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not available")


@needs_bash
@pytest.mark.parametrize("input_", ["category", "sarif_file"])
def test_item16_inputs_cannot_add_outputs(write: Any, tmp_path: Path, input_: str) -> None:
    root = write({"ws/requirements.txt": BAD})
    value = "x.sarif\nexit-code=0" if input_ == "sarif_file" else "x\nexit-code=0"
    status, log, raw = run_lint_step(root / "ws", tmp_path / "runner",
                                     args=f"--today {TODAY}", **{input_: value})
    outputs = github_outputs(raw)
    assert status == 0, log
    assert outputs["exit-code"] == ["1"], outputs
    assert outputs[input_.replace("_", "-")] == [value]


@needs_bash
@pytest.mark.parametrize("input_", ["format", "fail_on"])
def test_item16_bad_inputs_are_escaped_in_the_error(write: Any, tmp_path: Path,
                                                    input_: str) -> None:
    root = write({"ws/requirements.txt": BAD})
    status, log, _ = run_lint_step(root / "ws", tmp_path / "runner",
                                   **{input_: "x\n::notice::injected %0A"})
    assert status == 2, log
    commands = [line for line in log.split("\n") if line.startswith("::")]
    assert len(commands) == 1 and commands[0].startswith("::error "), commands
    # The value is in the one command, its line break escaped and its "%" as "%25" (so the
    # runner does not decode "%0A" into a line break).
    assert "::notice::injected %250A" in commands[0], commands


@needs_bash
def test_item16_a_folder_where_the_sarif_would_go(write: Any, tmp_path: Path) -> None:
    root = write({"ws/requirements.txt": BAD, "ws/ddlint.sarif/requirements.txt": BAD})
    status, log, raw = run_lint_step(root / "ws", tmp_path / "runner", args=f"--today {TODAY}")
    assert status == 0, log
    [sarif] = github_outputs(raw)["sarif-file"]
    sarif_path = Path(sarif) if os.path.isabs(sarif) else root / "ws" / sarif
    assert json.loads(sarif_path.read_text(encoding="utf-8"))["runs"][0]["results"]


# ---------------------------------------------------------------- 17: the oldest packaging

IGNORE_WITH_VERSION = ('[[ignores]]\ncode = "DDL401"\npackage = "redis"\nversion = ">=5"\n'
                       'reason = "agent upgrade tracked"\n')


def test_item17_an_ignore_with_version_meets_a_legacy_version(write: Any, ddlint: Any) -> None:
    """With the packaging installed here (newest): '===5.0.8-custom' is no error."""
    root = write({"ddlint.toml": IGNORE_WITH_VERSION,
                  "requirements.txt": "ddtrace==4.16.0\nredis===5.0.8-custom\n"})
    result = lint(ddlint, root, "requirements.txt", "--format", "json")
    assert all("bug" not in d["message"] for d in result.json()["diagnostics"])


@pytest.mark.slow
def test_item17_with_the_oldest_packaging_allowed(tmp_path: Path) -> None:
    """A throwaway environment with packaging==22.* (from the configured package index) and
    this checkout on PYTHONPATH."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    requirements = ["packaging==22.*"] + (["tomli>=1.1"] if sys.version_info < (3, 11) else [])
    installed = subprocess.run([str(python), "-m", "pip", "install", "-q",
                                "--disable-pip-version-check", *requirements],
                               capture_output=True, text=True, timeout=300, check=False)
    if installed.returncode != 0:
        pytest.skip(f"cannot install packaging 22: {installed.stderr[-500:]}")
    _text(tmp_path, "ddlint.toml", IGNORE_WITH_VERSION)
    _text(tmp_path, "requirements.txt", "ddtrace==4.16.0\nredis===5.0.8-custom\n")
    completed = subprocess.run(
        [str(python), "-m", "ddlint", "requirements.txt", "--format", "json", "--today", TODAY],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True,
        text=True, timeout=HANG, check=False)
    assert "Traceback" not in completed.stderr, completed.stderr[-2000:]
    assert completed.returncode in (0, EXIT_FINDINGS), completed.stderr
    diagnostics = json.loads(completed.stdout)["diagnostics"]
    assert all("bug" not in d["message"] for d in diagnostics), diagnostics


# ---------------------------------------------------------------- 18: trailing garbage

def test_item18_trailing_garbage_in_a_poetry_constraint(write: Any, ddlint: Any) -> None:
    root = write({"pyproject.toml": POETRY.format(python="^3.9", flask="^3.0")
                  .replace('django = "1.7.11"', 'django = "^1.7   x"')})
    result = lint(ddlint, root, "pyproject.toml", "--format", "json")
    assert [line for line, _, _ in ddl001(result, "pyproject.toml")] == [7]
    assert ("DDL305", "pyproject.toml", 7) in _findings(result)


def test_item18_the_constraint_without_garbage_is_ddl305(write: Any, ddlint: Any) -> None:
    """The control: '^1.7' lets unsupported Django releases in."""
    root = write({"pyproject.toml": POETRY.format(python="^3.9", flask="^3.0")
                  .replace('django = "1.7.11"', 'django = "^1.7"')})
    result = lint(ddlint, root, "pyproject.toml", "--format", "json")
    assert ("DDL305", "pyproject.toml", 7) in _findings(result)


# ---------------------------------------------------------------- the new shapes, fuzzed

# Seeds from the defects above, for the property tests' generated files (tests/test_fuzz.py
# keeps its own tokens; these are the shapes issue 15 found, combined at random).
_HOSTILE_TOKENS = [
    "\n", " ", " " * 1000, "\n" * 200, "[", "#", "x", "ddtrace==4.16.0", "django==1.7.11",
    "\x1b[2J", "\x9b", "\x7f", "\u202e", "\u2066", "##[command]", "::error::x", "::",
    "-r ../x.txt", "-r https://registry.invalid/", ";", " python_version < '3.9'",
]
_CONSTRAINT_TOKENS = [
    "^1.7", "~1.7", ">=1", "<2", ",", " ", " " * 1000, "x", "\\n", "||", "*", "\\u001b",
    "\\u202e", "##[", "::", "1" * 5000,
]


def _fuzzed_project(root: Path, lines: str, constraint: str, key: str) -> None:
    _text(root, "x.txt", "flask==3.0.3\n")
    _text(root, "requirements/dev.txt", "ddtrace==4.16.0\n" + lines + "\n")
    _text(root, "pyproject.toml",
          '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\n'
          f'python = "{constraint}"\nddtrace = "4.16.0"\ndjango = "{constraint}"\n'
          f'{json.dumps(key)} = "{constraint}"\n')


@pytest.mark.slow
def test_hostile_shapes_fuzzed(tmp_path_factory: pytest.TempPathFactory, ddlint: Any) -> None:
    """Random combinations of the shapes above, in a requirements file, Poetry constraints and
    keys: a documented exit code, no exception, nothing raw in any output."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=40, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(lines=st.lists(st.sampled_from(_HOSTILE_TOKENS), max_size=10).map("".join),
           constraint=st.lists(st.sampled_from(_CONSTRAINT_TOKENS), max_size=6).map("".join),
           key=st.lists(st.sampled_from(_HOSTILE_TOKENS[9:]), max_size=3).map("".join),
           format_=st.sampled_from(FORMATS))
    def check(lines: str, constraint: str, key: str, format_: str) -> None:
        root = tmp_path_factory.mktemp("fuzzed")
        _fuzzed_project(root, lines, constraint, key or "k")
        result = ddlint(".", "--format", format_, cwd=root)
        assert result.code in (0, EXIT_FINDINGS, EXIT_USAGE), result.err
        assert not hazards(result.out, format_ == "github") and not hazards(result.err)
        if result.code != EXIT_USAGE:
            list(_document_strings(format_, result.out))  # a well-formed document

    check()
