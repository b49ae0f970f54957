"""Benchmark: ddlint on a 5,000-package uv.lock against tomllib alone on the same file.

The lockfile is the real one in ``fixtures/parity/uv`` scaled up: its packages are copied
under new names (``django`` stays, ``django-1``, ``django-2``, ... are added) with their
dependency references renamed alike, so every entry keeps uv's real layout (forks, wheels,
sdists). It is written under a temporary folder at run time, never committed.

    python benchmarks/bench_lockfile.py [--packages 5000] [--runs 7]
    python benchmarks/bench_lockfile.py --dense [--megabytes 2.5]

Both commands run side by side in one process each, alternating, and the median wall time
and the peak resident memory of each are printed. The target: ddlint <= 1.5x tomllib.

``--dense`` measures the case that bounds the ratio instead (README, Performance): a lock of
many small packages with no file lines (``sdist``, ``wheels``: the part ddlint skips unparsed),
each with ``--dependencies`` references, of about ``--megabytes``; ddlint's work grows with
the packages and their references, tomllib's with the bytes. It exits 0 whatever the ratio.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "fixtures" / "parity" / "uv"
TARGET_RATIO = 1.5
_NAME = re.compile(r'(name = ")([^"]+)(")')
_DIRECT = re.compile(r"(\ndependencies = \[\n)(.*?)(?=\n\])", re.DOTALL)


def scaled_uv_lock(count: int, source: Path = SOURCE / "uv.lock") -> str:
    """A uv.lock with ``count`` locked packages made from copies of ``source``'s packages."""
    text = source.read_text(encoding="utf-8")
    head, *blocks = text.split("\n[[package]]\n")
    project = next(b for b in blocks if 'source = { virtual = "." }' in b
                   or 'source = { editable = "." }' in b)
    packages = [b for b in blocks if b is not project]
    names = {_NAME.search(b).group(2) for b in packages}  # type: ignore[union-attr]

    def renamed(block: str, copy: int) -> str:
        if copy == 0:
            return block
        return _NAME.sub(
            lambda m: f"{m.group(1)}{m.group(2)}-{copy}{m.group(3)}"
            if m.group(2) in names else m.group(0),
            block,
        )

    out: list[str] = []
    copy = 0
    while len(out) < count:
        out.extend(renamed(b, copy) for b in packages[: count - len(out)])
        copy += 1
    # The project depends on every copy's direct dependencies, so that the whole graph is
    # walked as in a real project.
    direct = _DIRECT.search(project)
    assert direct is not None, "the fixture's project entry lists its dependencies"
    lines = [renamed(direct.group(2), k) for k in range(copy)]
    project = project[: direct.start(2)] + "\n".join(lines) + project[direct.end(2):]
    return "\n[[package]]\n".join([head, project, *out]).rstrip("\n") + "\n"


def dense_uv_lock(megabytes: float, dependencies: int) -> tuple[str, int]:
    """(a uv.lock of about ``megabytes`` whose packages have no file lines and ``dependencies``
    references each, all reached from the project; its package count)."""

    def lock(count: int) -> str:
        out = ['version = 1\nrevision = 2\nrequires-python = ">=3.9"\n\n[[package]]\n'
               'name = "app"\nversion = "0.1.0"\nsource = { virtual = "." }\n'
               'dependencies = [\n'
               + "".join(f'    {{ name = "pkg-{i}" }},\n' for i in range(count)) + "]\n"]
        for i in range(count):
            out.append(f'\n[[package]]\nname = "pkg-{i}"\nversion = "1.{i}.0"\n'
                       'source = { registry = "https://registry.invalid/simple" }\n')
            if dependencies:
                out.append("dependencies = [\n" + "".join(
                    f'    {{ name = "pkg-{(i + j) % count}" }},\n'
                    for j in range(1, dependencies + 1)) + "]\n")
        return "".join(out)

    count = 100
    while len(text := lock(count)) < megabytes * 1e6:
        count = int(count * megabytes * 1e6 / len(text)) + 1
    return text, count


def write_project(folder: Path, count: int, text: str | None = None) -> Path:
    """A project folder holding the fixture's pyproject.toml and the scaled uv.lock (or
    ``text``)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text(
        (SOURCE / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    lock = folder / "uv.lock"
    lock.write_text(scaled_uv_lock(count) if text is None else text, encoding="utf-8")
    return lock


def measure(command: Sequence[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of ``command``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                   stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    # 1 is ddlint reporting findings, as it should here; a traceback is a failed run.
    if code not in (0, 1) or "Traceback" in stderr:
        raise SystemExit(f"{' '.join(command[:4])} failed with {code}:\n{stderr}")
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return elapsed, peak


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dense", action="store_true",
                        help="the lock that bounds the ratio (module docstring)")
    parser.add_argument("--megabytes", type=float, default=2.5)
    parser.add_argument("--dependencies", type=int, default=0)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="ddlint-bench-") as scratch:
        text = None
        if args.dense:
            text, args.packages = dense_uv_lock(args.megabytes, args.dependencies)
        lock = write_project(Path(scratch) / "project", args.packages, text)
        size = lock.stat().st_size
        commands = {
            "tomllib": [sys.executable, "-c",
                        "import tomllib,sys; tomllib.load(open(sys.argv[1],'rb'))", lock.name],
            "ddlint": [sys.executable, "-m", "ddlint", lock.name, "--today", "2026-11-25",
                       "--python", "3.12"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, int] = dict.fromkeys(commands, 0)
        for _ in range(args.runs):
            for name, command in commands.items():
                elapsed, peak = measure(command, lock.parent)
                times[name].append(elapsed)
                peaks[name] = max(peaks[name], peak)

    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = medians["ddlint"] / medians["tomllib"]
    print(f"uv.lock: {args.packages} packages, {size / 1e6:.1f} MB; median of {args.runs} runs")
    for name in commands:
        spread = f"{min(times[name]):.3f}-{max(times[name]):.3f}"
        memory = peaks[name] / 1024
        print(f"  {name:8} {medians[name]:.3f} s (range {spread})  peak RSS {memory:.0f} MiB")
    if args.dense:
        print(f"  ratio    {ratio:.2f}x (the bound the README states for such a lock)")
        return 0
    verdict = "ok" if ratio <= TARGET_RATIO else "OVER"
    print(f"  ratio    {ratio:.2f}x (target <= {TARGET_RATIO}x): {verdict}")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
