"""Resource bounds: memory and time against the input's size, on inputs generated here (tens of
megabytes, never committed), and imports that follow what the inputs need."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from benchmarks import generate
from benchmarks.bench import NOT_NEEDED
from tests.conftest import MEASURED, MEMORY_PER_INPUT_BYTE, REPO, TODAY

MB = 1_000_000
def _run(arguments: list[str], cwd: Path) -> tuple[float, int, int, str]:
    """Wall seconds, peak RSS in bytes, exit status and stderr of one ddlint process."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [*arguments, "--today", TODAY]
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, "-c", MEASURED, *command], cwd=cwd, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               check=False)
    elapsed = time.perf_counter() - started
    stderr, _, peak = completed.stderr.rpartition("\npeak ")
    return elapsed, int(peak), completed.returncode, stderr


def _baseline(cwd: Path) -> int:
    """The peak RSS of a run on a one-package lock: the interpreter, ddlint, packaging and the
    facts, which no input adds to."""
    project = cwd / "baseline"
    project.mkdir()
    (project / "uv.lock").write_text(generate.uv_lock(1), encoding="utf-8")
    return _run(["uv.lock"], project)[1]


def _every_line_parsed(text: str) -> str:
    """The lock with its sdist and wheels keys renamed: nothing left out of the parse, the worst
    case for time and memory (a lock as uv writes it costs about half)."""
    return re.sub(r"(?m)^(sdist|wheels) = ", r"\1-copy = ", text)


@pytest.mark.slow
def test_lockfiles_of_10_and_50_megabytes(tmp_path: Path) -> None:
    """Memory stays within a few times the input. Time is measured by benchmarks/bench.py, not
    asserted here: a timed test fails on a loaded machine without anything being wrong."""
    baseline = _baseline(tmp_path)
    for megabytes in (10, 50):
        project = tmp_path / f"p{megabytes}"
        project.mkdir()
        lock = project / "uv.lock"
        lock.write_text(_every_line_parsed(generate.uv_lock_of_size(megabytes)),
                        encoding="utf-8")
        (project / "pyproject.toml").write_text(generate.pyproject(), encoding="utf-8")
        size = lock.stat().st_size
        _, peak, code, stderr = _run(["uv.lock"], project)
        assert code == 1 and "Traceback" not in stderr, stderr  # the lock pins aiopg 0.17
        assert peak - baseline <= MEMORY_PER_INPUT_BYTE * size, (
            f"{megabytes} MB lock: {(peak - baseline) / size:.1f}x its size in memory")


@pytest.mark.slow
def test_a_requirements_file_of_5_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "requirements.txt"
    path.write_text(generate.requirements(25_000), encoding="utf-8")
    size = path.stat().st_size
    baseline = _baseline(tmp_path)
    _, peak, code, stderr = _run(["requirements.txt"], tmp_path)
    assert code == 1 and "Traceback" not in stderr, stderr
    assert peak - baseline <= MEMORY_PER_INPUT_BYTE * size




def imported(arguments: tuple[str, ...], cwd: Path, code: str = "") -> list[str]:
    """The modules ``ddlint ARGUMENTS`` imports (or ``code``), from ``python -X importtime``."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c",
         code or "import sys; from ddlint.cli import main; sys.exit(main())", *arguments],
        cwd=cwd, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    return [match.group(1) for match in
            re.finditer(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", completed.stderr, re.M)]


@pytest.mark.parametrize("arguments", sorted(NOT_NEEDED))
def test_imports_only_what_the_input_needs(write: Any, arguments: tuple[str, ...]) -> None:
    # One format per project: a file passed alone is read with its project's other dependency
    # files as context (a uv.lock next to a requirements.txt is read for it, and the reverse).
    if "uv.lock" in arguments:
        root = write({"uv.lock": (REPO / "fixtures" / "parity" / "uv" / "uv.lock").read_text()})
    else:
        root = write({"requirements.txt": "ddtrace==4.16.0\ndjango==4.2.16\n"})
    modules = imported(arguments, root)
    assert "ddlint.cli" in modules  # the measurement itself works
    interpreter = set(imported((), root, code="pass"))  # site-packages' .pth files import some
    needless = [m for m in modules if m not in interpreter
                and any(m == name or m.startswith(name + ".") for name in NOT_NEEDED[arguments])]
    assert not needless


def test_facts_without_the_columns_no_rule_reads() -> None:
    """The release snapshot is read without its wheel lists (half its size, read by no rule):
    every other value is the same."""
    from ddlint import facts

    whole = facts.load("releases")
    lean = facts.load("releases", omit=("wheels", "wheels_known"))
    assert lean["meta"] == whole["meta"]
    assert lean["release"] == [
        {key: value for key, value in row.items() if key not in ("wheels", "wheels_known")}
        for row in whole["release"]
    ]
    assert any("wheels" in row for row in whole["release"])


LOCKS = [path for name in ("uv.lock", "poetry.lock", "pdm.lock")
         for path in sorted((REPO / "fixtures").rglob(name))]


@pytest.mark.parametrize("lock", LOCKS, ids=lambda path: path.relative_to(REPO).as_posix())
def test_a_lock_read_without_its_file_lines_gives_the_same_result(lock: Path) -> None:
    """Leaving out the lines listing a lock's files (the speed-up: uv.lock's sdist and wheels,
    poetry.lock's and pdm.lock's files) changes no dependency, position, marker or finding."""
    import importlib

    from ddlint import parsers, records
    from ddlint.model import FileKind
    from ddlint.parsers import lockfile

    kind = parsers.detect(lock)
    assert kind is not None
    module = importlib.import_module(parsers._MODULES[kind])
    lean = module.parse(lock)
    original = getattr(module, "FORMAT")  # noqa: B009 (a module found by name)
    setattr(module, "FORMAT", records.replace(original, unread=()))  # noqa: B010
    try:
        whole = module.parse(lock)
    finally:
        setattr(module, "FORMAT", original)  # noqa: B010
    assert original.unread and lean == whole
    assert lean.dependencies
    if kind is not FileKind.POETRY_LOCK or "1.1" not in lock.parts:  # [metadata.files]
        assert lockfile.read_toml_lock(lock, original).document != lockfile.read_toml_lock(
            lock, records.replace(original, unread=())).document  # lines were left out
