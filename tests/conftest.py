"""The one layer of shared test helpers: pytest fixtures, and what several test modules use.

Test modules import shared names from here only, never from one another
(``tests/test_structure.py`` checks it): pytest loads this module for every test already, and
one place for fixture copies, repository tops, lock files, the hostile-run contract and the
constants several modules agree on keeps them from drifting apart.

- Temporary trees: ``write`` (a fixture), ``GIT`` (a repository's top in a ``write`` tree),
  ``make_top`` (the same for a folder made otherwise), ``copy_project`` (a fixture folder
  copied and made a repository's top), ``git`` (the real git, only for tests that run git or
  pre-commit themselves: ddlint never runs git, ``GIT`` is a top to it), ``lock`` (a
  fixture: a lock file of one format around a test's entries).
- Runs: ``ddlint`` (a fixture: ``main`` in-process), ``run_case``, ``lint`` (a run that keeps
  the hostile-input contract), ``diagnostics``, ``ddl001``.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import pytest

from ddlint.cli import main

if TYPE_CHECKING:
    from packaging.version import Version

    from ddlint.model import DependencyFile

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
TODAY = "2026-11-25"
# A repository's top, so that discovery and the configuration search stop at the case folder.
GIT = {".git/HEAD": "ref: refs/heads/main\n"}
_CASES = itertools.count()
# No test reads the user's own `ddlint facts update` cache: a folder that does not exist (a
# test that wants one sets DDLINT_CACHE_DIR itself); subprocesses inherit it.
os.environ["DDLINT_CACHE_DIR"] = str(REPO / ".no-such-cache-folder")
# Nor writes a scan cache (``ddlint.scans``), unless a test turns it on with its own folder.
os.environ["DDLINT_NO_CACHE"] = "1"


def run_case(write: Any, ddlint: Any, select: str, requirements: str, *args: str,
             **files: str) -> Any:
    """``ddlint requirements.txt --format json --select SELECT ARGS`` in a new folder holding
    ``requirements`` and ``files``. A new folder per run: a pyproject.toml is parsed once per
    process and path."""
    folder = f"case{next(_CASES)}"
    tree = {**GIT, "requirements.txt": requirements, **files}
    root = write({f"{folder}/{name}": text for name, text in tree.items()}) / folder
    return ddlint("requirements.txt", "--format", "json", "--select", select, *args, cwd=root)


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(self.out)
        return document

    def codes(self) -> list[str]:
        return [d["code"] for d in self.json()["diagnostics"] if not d.get("suppressed")]


@pytest.fixture
def write(tmp_path: Path):
    """write({"requirements.txt": "..."}) -> tmp_path, with the texts dedented."""
    def _write(files: dict[str, str | bytes]) -> Path:
        for name, content in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return tmp_path
    return _write


@pytest.fixture
def ddlint(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """ddlint(*args, cwd=...) -> Result; pins --today unless given."""
    def _run(*args: str, cwd: Path | None = None, today: bool = True) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        argv = list(args)
        if today and argv[:1] not in (["rule"], ["rules"]) and "--today" not in argv:
            argv += ["--today", TODAY]
        capsys.readouterr()
        code = main(argv)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)
    return _run


def diagnostics(result: Result, code: str | None = None) -> Iterator[dict[str, Any]]:
    for item in result.json()["diagnostics"]:
        if code is None or item["code"] == code:
            yield item


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With pytest-xdist (``-n``), the cases that are not safe side by side share one group,
    which ``--dist loadgroup`` (pyproject.toml) runs one after another on one worker: the real
    pre-commit (its session fixtures build the hook's environment once per process) and the
    resource bounds (``slow``: time and memory measured against the input's size). The rest
    runs in parallel: each test writes only below its own tmp_path."""
    for item in items:
        if item.get_closest_marker("precommit") or item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.xdist_group("serial"))


# --- repository tops and fixture copies ---------------------------------------------------------

def make_top(root: Path) -> Path:
    """Make ``root`` (created if need be) a repository's top as ddlint sees one: ``GIT``."""
    for name, text in GIT.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def git(folder: Path, *args: str) -> None:
    """The real git, in ``folder`` (for tests that run git or pre-commit themselves)."""
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def copy_project(source: Path, root: Path) -> Path:
    """A copy of the fixture folder ``source`` at ``root``, made a repository's top."""
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("__pycache__"))
    return make_top(root)


# The smallest frame each hand-written lock's parser accepts around a test's entries, by file
# name: (before the entries, after them); ``{version}`` is the format's lock version.
_LOCK_FRAMES = {
    "uv.lock": ("version = {version}\nrevision = 3\n", ""),
    "pylock.toml": ('lock-version = "{version}"\ncreated-by = "pdm"\n', ""),
    "pdm.lock": ('[metadata]\ngroups = ["default", "dev"]\nlock_version = "{version}"\n'
                 'requires_python = ">=3.10"\n\n', ""),
    "poetry.lock": ("", '\n[metadata]\nlock-version = "{version}"\npython-versions = "^3.9"\n'
                        'content-hash = "x"\n'),
}
_LOCK_VERSIONS = {"uv.lock": "1", "pylock.toml": "1.0", "pdm.lock": "4.5.0", "poetry.lock": "2.1"}


@pytest.fixture
def lock(write: Any):
    """lock(name, entries, version=None, header=None) -> the path of the lock file ``name``
    (``uv.lock``, ``pylock.toml``, ``pdm.lock``, ``poetry.lock``) holding ``entries`` in the
    format's smallest frame at its lock ``version`` (default: one the parser reads);
    ``header`` replaces what comes before the entries."""
    def _lock(name: str, entries: str, version: Optional[str] = None,
              header: Optional[str] = None) -> Path:
        before, after = _LOCK_FRAMES[name]
        version = version or _LOCK_VERSIONS[name]
        text = (before.format(version=version) if header is None else header) + entries
        path: Path = write({name: text + after.format(version=version)}) / name
        return path
    return _lock


# --- the hostile-input contract (tests/test_hostile*.py, test_reading, ...) -----------------

EXIT_FINDINGS, EXIT_USAGE = 1, 2
# A guard against hangs, not a speed test (speed is benchmarks/bench.py's): generous enough
# that a loaded CI machine never trips it, far below "forever".
SECONDS = 30.0

Snapshot = dict[str, tuple[str, int, int]]


def snapshot(root: Path) -> Snapshot:
    """Every entry below ``root`` (symlinks not followed): its type, size and mtime. (A stack,
    not os.walk: one test's tree is deeper than os.walk's recursion goes before Python 3.12.)"""
    found: Snapshot = {}
    pending = [root]
    while pending:
        for entry in os.scandir(pending.pop()):
            path = Path(entry.path)
            info = entry.stat(follow_symlinks=False)
            kind = "link" if entry.is_symlink() else "dir" if entry.is_dir() else "file"
            found[path.relative_to(root).as_posix()] = (kind, info.st_size, info.st_mtime_ns)
            if kind == "dir":
                pending.append(path)
    return found


def lint(ddlint: Any, root: Path, *args: str) -> Result:
    """Run ddlint in ``root`` and check the contract every hostile run keeps: no file created,
    changed or removed, no traceback, a documented exit code, output of a sane size."""
    before = snapshot(root)
    started = time.perf_counter()
    result: Result = ddlint(*args, cwd=root)
    elapsed = time.perf_counter() - started
    assert snapshot(root) == before, "ddlint wrote into the tree it checked"
    assert "Traceback" not in result.err and "Traceback" not in result.out
    assert result.code in (0, EXIT_FINDINGS, EXIT_USAGE)
    # Bounded, not proportional to the input; SARIF alone carries every rule's documentation
    # (about 100 kB with issue 24's and the deployment's rules), so the bound leaves room.
    assert len(result.out) + len(result.err) < 150_000, "a message quoted the input wholesale"
    assert elapsed < SECONDS, f"took {elapsed:.1f} s"
    return result


def ddl001(result: Result, path: str) -> list[tuple[int, int, str]]:
    """(line, column, message) of each DDL001 finding on ``path``."""
    return [(d["line"], d["column"], d["message"]) for d in result.json()["diagnostics"]
            if d["code"] == "DDL001" and d["path"] == path]


# --- what several modules agree on ---------------------------------------------------------------

ACTION = REPO / "action.yml"
HOOKS_MANIFEST = REPO / ".pre-commit-hooks.yaml"
BAD = "ddtrace==4.16.0\ndjango==1.7.11\n"
# In a hook the as-of date is the day it runs; lifecycle findings (DDL2) would make these
# tests depend on the calendar, so the repositories switch them off.
CALENDAR_FREE = "ignore = ['DDL2']\n"


def load_yaml(path: Path) -> Any:
    """A YAML file (action.yml, a workflow, the pre-commit manifest) as data."""
    from ruamel.yaml import YAML  # comes with check-jsonschema (the test extras)

    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def steps(document: Any) -> list[dict[str, Any]]:
    """The steps of an action (``runs.steps``) or of every job of a workflow."""
    if "runs" in document:
        found: list[dict[str, Any]] = document["runs"]["steps"]
        return found
    return [step for job in document["jobs"].values() for step in job["steps"]]


def hook_env(home: Path) -> dict[str, str]:
    """The environment of a real pre-commit run with its store in ``home``."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "PYTHONPATH"}
    # PYTHONPATH is gone: the hook must run the ddlint that pre-commit installed.
    env.update(PRE_COMMIT_HOME=str(home), NO_COLOR="1", PRE_COMMIT_COLOR="never")
    return env


# The bounds the README states ("Limits"), with room for a slower, busier CI machine.
MEMORY_PER_INPUT_BYTE = 10  # peak resident memory <= 10x the input + a fixed part


# Runs ddlint and reports its own peak resident memory in bytes on the last line of stderr.
# Linux's VmHWM counts this process alone; a child's ru_maxrss would also count the pages of the
# (large) test process it was forked from.
MEASURED = """
import sys
from ddlint.cli import main

def peak():
    try:
        with open("/proc/self/status") as status:
            return 1024 * int(next(l for l in status if l.startswith("VmHWM:")).split()[1])
    except OSError:  # not Linux: macOS counts bytes
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

try:
    code = main(sys.argv[1:])
finally:
    sys.stderr.write(f"\\npeak {peak()}\\n")
sys.exit(code)
"""


def just_below(version: str) -> Version:
    """A version right below ``version``: 2.2.8 -> 2.2.7, 1.34 -> 1.33, 1.0 -> 0.999."""
    from packaging.version import Version

    release = list(Version(version).release)
    last = max(i for i, part in enumerate(release) if part > 0)
    head = release[: last + 1]
    head[last] -= 1
    if last < len(release) - 1 or len(release) == 1:
        head.append(999)
    return Version(".".join(map(str, head)))


# --- parser checks (tests/test_parsers_*.py) -----------------------------------------------------

def assert_at_name_lines(file: DependencyFile) -> None:
    """Each dependency's location is a ``name = "..."`` line naming that dependency, at the
    column of ``name``; and no two entries share a line."""
    from ddlint.model import normalize_name

    lines = file.path.read_text(encoding="utf-8").splitlines()
    seen: set[int] = set()
    for dependency in file.dependencies:
        where = dependency.location
        assert where.path == file.path
        text = lines[where.line - 1]
        match = re.match(r'\s*name\s*=\s*["\']([^"\']+)["\']', text)
        assert match, f"{dependency.name}: line {where.line} is {text!r}"
        assert normalize_name(match.group(1)) == dependency.name
        assert where.column == len(text) - len(text.lstrip()) + 1
        assert where.line not in seen
        seen.add(where.line)


def applies(marker: str | None, python: str, platform: str = "linux-x86_64") -> bool:
    """Whether a dependency with ``marker`` is installed on CPython ``python``."""
    from ddlint.environment import _holds

    return marker is None or _holds(marker, python, platform)


def edit_once(path: Path, old: str, new: str) -> None:
    """Replace ``old``, which the file must hold exactly once, by ``new``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
