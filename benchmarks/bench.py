"""Benchmark: ddlint against the floors users already pay, side by side, median of several runs.

    python benchmarks/bench.py [--runs 7] [--check-toml PATH] [--projects 200]

1. cold ``ddlint --version`` against ``python -c pass`` (the interpreter's own start-up), and
   ddlint on a small requirements file (``examples/requirements.txt``, 6 lines, alone in a
   folder) against ``check-toml`` on a small pyproject.toml (``examples/pyproject.toml``): what
   a pre-commit hook mostly sees;
2. a typical project (``fixtures/typical``: pyproject.toml + a 300-package uv.lock) against
   ``check-toml`` from pre-commit-hooks on the same two files (``pip install pre-commit-hooks``;
   the column is left out when it is not found);
3. a 5,000-package uv.lock (``bench_lockfile.py``'s scaled real lock) against a bare
   ``tomllib.load`` of it;
4. monorepos of 25 to 200 projects, to show that cost grows linearly;
5. ``python -X importtime``: the modules each kind of run imports, and none it does not need.

Every command runs in a fresh process (cold, as a pre-commit hook runs), the commands of one
comparison alternating; wall time is the median, memory the peak resident set. ddlint runs from
this checkout, as its console script does (``ddlint.cli.console_main``). Exit status 1 when
a target is missed: --version <= 2x python -c pass, small requirements file <= 1.5x check-toml,
typical project <= 1.5x check-toml, 5,000-package lock <= 1.3x tomllib, no unneeded import.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import bench_lockfile, generate  # noqa: E402

TODAY = "2026-11-25"
TYPICAL = ROOT / "fixtures" / "typical"
TARGETS = {"version": 2.0, "small": 1.5, "typical": 1.5, "lock": 1.3}
EXAMPLES = ROOT / "examples"
# The console script's own code, so that no ``-m`` machinery is timed.
DDLINT = [sys.executable, "-c", "from ddlint.cli import console_main; console_main()"]
TOMLLIB = [sys.executable, "-c", "import tomllib,sys; tomllib.load(open(sys.argv[1],'rb'))"]

# What a run must not import, by its arguments: a module here costs start-up time for nothing
# (the rule facts are compiled Python modules: tomllib only where a TOML file is read; --version
# imports nothing beyond ddlint/__init__.py and cli.py).
# tests/test_limits.py holds every run to this table.
# tomlkit: never (a pyproject.toml's spans come from the parse's own reading). The facts'
# lookup tables come compiled with them: ddlint.facts.keyed builds them only for a TOML read.
_FIXING = ("tomlkit", "ddlint.facts.keyed")
# The readers of deployment files and their tables: only for a repository that has such files.
_DEPLOYMENT = ("ddlint.deployment.images", "ddlint.deployment.yaml_lines",
               "ddlint.deployment.layers", "ddlint.facts.deployment")
NOT_NEEDED: dict[tuple[str, ...], tuple[str, ...]] = {
    ("--version",): ("packaging", "tomllib", "tomli", "json", "tempfile", "ddlint.engine",
                     "ddlint.parsers", "ddlint.rules", "ddlint.autofix", "ddlint.fixing",
                     *_FIXING, "argparse", "dataclasses", "typing", "pathlib", "ddlint.config",
                     "ddlint.model", "ddlint.formatters"),
    ("requirements.txt",): (*_FIXING, "ddlint.autofix", "ddlint.fixing", "tomllib", "tomli",
                            "dataclasses", "inspect", "shutil",  # ddlint.records, cli
                            "calendar", "importlib.util", "encodings.utf_8_sig",
                            "argparse", "gettext",  # cli._simple_args
                            "packaging.requirements", "packaging.markers",
                            "packaging.specifiers",  # the facts' ranges: ddlint.versions
                            "json", "ddlint.formatters.json", "ddlint.formatters.sarif",
                            "ddlint.formatters.github", "ddlint.parsers.uv_lock",
                            "ddlint.parsers.poetry_lock", "ddlint.parsers.pyproject",
                            "ddlint.parsers.pipfile_lock", "ddlint.parsers.pylock",
                            "ddlint.parsers.pdm_lock", "ddlint.parsers.toml_source",
                            *_DEPLOYMENT),
    # (packaging.markers, which a lock's markers need, imports dataclasses itself)
    ("uv.lock",): (*_FIXING, "json", "ddlint.formatters.sarif", "ddlint.parsers.requirements",
                   "ddlint.parsers.poetry_lock", "ddlint.parsers.pipfile_lock", *_DEPLOYMENT),
    ("requirements.txt", "--format", "json"): (*_FIXING, "ddlint.autofix",
                                                "ddlint.formatters.sarif",
                                                "ddlint.parsers.uv_lock"),
    # strict to the page: the tracer's own data is neither read nor imported
    ("requirements.txt", "--facts", "page"): ("ddlint.facts.tracer",
                                               "ddlint.rules.tracer_judgement"),
}


# Runs a Python command (``-c CODE ...`` or ``SCRIPT ...``) and writes its own peak resident
# memory (KiB) to $BENCH_PEAK_FILE at exit (os._exit included). Linux's VmHWM counts this
# process alone; the ru_maxrss a parent gets from wait4 also counts the parent's pages the child
# was forked with.
_PEAK = """
import atexit, os, runpy, sys
def _peak():
    try:
        with open("/proc/self/status") as status:
            found = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        import resource
        found = str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)  # macOS: bytes
    with open(os.environ["BENCH_PEAK_FILE"], "w") as out:
        out.write(found)
atexit.register(_peak)
_exit = os._exit
def _measured_exit(status):  # ddlint's console script ends with os._exit: no atexit
    _peak()
    _exit(status)
os._exit = _measured_exit
if sys.argv[1] == "-c":
    code, sys.argv = sys.argv[2], ["-c", *sys.argv[3:]]
    exec(compile(code, "<string>", "exec"), {"__name__": "__main__"})
else:
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
"""


def _interpreter(command: list[str]) -> list[str]:
    """The Python that runs ``command``: its own for a script with a shebang line."""
    if command[0] == sys.executable:
        return [sys.executable, *command[1:]]
    with open(command[0], "rb") as script:
        first = script.readline().decode().strip()
    if not first.startswith("#!") or "python" not in first:
        raise SystemExit(f"{command[0]}: not a Python script, cannot measure its memory")
    return [first[2:].strip(), command[0], *command[1:]]


def peak_memory(command: list[str], cwd: Path, scratch: Path) -> int:
    """The peak resident memory (KiB) of one run of ``command``, measured by itself."""
    python, *rest = _interpreter(command)
    out = scratch / "peak"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BENCH_PEAK_FILE": str(out)}
    code = rest[1] if rest[0] == "-c" else None
    arguments = ["-c", code, *rest[2:]] if code is not None else rest
    out.unlink(missing_ok=True)  # no figure of an earlier command
    subprocess.run([python, "-c", _PEAK, *arguments], cwd=cwd, env=env, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return int(out.read_text())


def median_runs(
    commands: dict[str, list[str]], cwd: Path, runs: int
) -> dict[str, tuple[float, int]]:
    """Median wall seconds and peak RSS (KiB) of each command, the commands alternating.
    An untimed first run of each (which also writes the bytecode an installed package ships)
    measures the memory."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as scratch:
        peaks = {name: peak_memory(command, cwd, Path(scratch))
                 for name, command in commands.items()}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(bench_lockfile.measure(command, cwd)[0])
    return {name: (statistics.median(times[name]), peaks[name]) for name in commands}


def _row(label: str, seconds: float, peak: int, base: float | None = None) -> str:
    ratio = f"{seconds / base:5.2f}x" if base else "      "
    return f"  {label:44} {seconds * 1000:8.0f} ms {ratio}  {peak / 1024:6.0f} MiB"


def start_up(runs: int, check_toml: str | None, scratch: Path) -> bool:
    print("1. start-up: cold `ddlint --version` against the interpreter's floor; a small "
          "requirements file against check-toml on a small pyproject.toml")
    # Two folders: the requirements file is not in the pyproject's project.
    small, manifest = scratch / "small" / "requirements", scratch / "small" / "manifest"
    small.mkdir(parents=True)
    manifest.mkdir()
    shutil.copy(EXAMPLES / "requirements.txt", small / "requirements.txt")
    shutil.copy(EXAMPLES / "pyproject.toml", manifest / "pyproject.toml")
    commands = {"python -c pass": [sys.executable, "-c", "pass"],
                "ddlint --version": [*DDLINT, "--version"],
                "ddlint requirements.txt (6 lines)":
                [*DDLINT, "requirements/requirements.txt", "--today", TODAY]}
    if check_toml:
        commands["check-toml pyproject.toml (5 lines)"] = [check_toml, "manifest/pyproject.toml"]
    found = median_runs(commands, small.parent, runs)
    base = found["python -c pass"][0]
    for name, (seconds, peak) in found.items():
        print(_row(name, seconds, peak, base))
    print(f"  ddlint's own start-up: {(found['ddlint --version'][0] - base) * 1000:.0f} ms")
    met = _verdict(found["ddlint --version"][0] / base, TARGETS["version"], "python -c pass")
    if not check_toml:
        print("  check-toml not found: pip install pre-commit-hooks, or pass --check-toml PATH")
        return met
    ratio = (found["ddlint requirements.txt (6 lines)"][0]
             / found["check-toml pyproject.toml (5 lines)"][0])
    return _verdict(ratio, TARGETS["small"], "check-toml") and met


def typical_project(runs: int, check_toml: str | None) -> bool:
    lock = TYPICAL / "uv.lock"
    packages = lock.read_text(encoding="utf-8").count("[[package]]")
    print(f"2. a typical project: pyproject.toml + uv.lock ({packages} packages, "
          f"{lock.stat().st_size / 1e6:.1f} MB), fixtures/typical")
    commands = {"ddlint pyproject.toml uv.lock":
                [*DDLINT, "pyproject.toml", "uv.lock", "--today", TODAY]}
    if check_toml:
        commands = {"check-toml pyproject.toml uv.lock":
                    [check_toml, "pyproject.toml", "uv.lock"], **commands}
    found = median_runs(commands, TYPICAL, runs)
    base = found["check-toml pyproject.toml uv.lock"][0] if check_toml else None
    for name, (seconds, peak) in found.items():
        print(_row(name, seconds, peak, base))
    if base is None:
        print("  check-toml not found: pip install pre-commit-hooks, or pass --check-toml PATH")
        return True
    ratio = found["ddlint pyproject.toml uv.lock"][0] / base
    return _verdict(ratio, TARGETS["typical"], "check-toml")


def large_lock(runs: int, scratch: Path) -> bool:
    lock = bench_lockfile.write_project(scratch / "large", 5000)
    print(f"3. a 5,000-package uv.lock ({lock.stat().st_size / 1e6:.1f} MB, the real fixture "
          "scaled up)")
    found = median_runs({
        "python -c 'tomllib.load(...)'": [*TOMLLIB, "uv.lock"],
        "ddlint uv.lock": [*DDLINT, "uv.lock", "--today", TODAY],
    }, lock.parent, runs)
    base = found["python -c 'tomllib.load(...)'"][0]
    for name, (seconds, peak) in found.items():
        print(_row(name, seconds, peak, base))
    return _verdict(found["ddlint uv.lock"][0] / base, TARGETS["lock"], "bare tomllib")


def monorepo(runs: int, scratch: Path, largest: int) -> bool:
    print("4. monorepos: N projects, each pyproject.toml + a 60-package uv.lock + a "
          "requirements file; `ddlint .`")
    sizes = sorted({max(1, largest // 8), max(1, largest // 4), max(1, largest // 2), largest})
    seconds: list[float] = []
    for size in sizes:
        root = generate.write_monorepo(scratch / f"monorepo-{size}", size)
        elapsed, peak = median_runs({"ddlint": [*DDLINT, ".", "--today", TODAY]}, root,
                                    max(3, runs // 2))["ddlint"]
        seconds.append(elapsed)
        step = ""
        if len(seconds) > 1:
            added = (seconds[-1] - seconds[-2]) / (size - sizes[len(seconds) - 2])
            step = f"  +{added * 1000:5.1f} ms per added project"
        print(f"  {size:4} projects {elapsed * 1000:8.0f} ms  {peak / 1024:6.0f} MiB{step}")
    # Linear: each added project costs the same, however many there are already.
    added = [(seconds[i + 1] - seconds[i]) / (sizes[i + 1] - sizes[i])
             for i in range(len(sizes) - 1)]
    growth = max(added) / min(added) if added and min(added) > 0 else 1.0
    print(f"  cost of an added project, largest step against smallest: {growth:.2f}x")
    return growth <= 1.5


def environments(runs: int, check_toml: str | None, scratch: Path, files: int) -> bool:
    """Issue 20's targets: a one-file hook run costs the same in any repository; a folder run
    grows linearly; a requirements file with a pyproject.toml beside it is near check-toml."""
    print(f"6. environments: a one-file hook run in a test matrix ({files:,} compiled "
          f"requirements files) and in {files // 2:,} apps under one tooling-only "
          "pyproject.toml, against the same file alone in a small repository")
    matrix = generate.write_test_matrix(scratch / "matrix", files)
    apps = generate.write_apps(scratch / "apps", files // 2)
    # As in a repository whose files were not all written in the last two seconds: the scan
    # cache (ddlint.scans) trusts no entry of a file changed within its timestamp step of the
    # cache's writing (DDLINT_NO_CACHE=1 measures without it).
    time.sleep(2.1)
    ok = True
    for label, root, relative in (
            ("test matrix, a file pinning ddtrace", matrix, _matrix_file(matrix, tracer=True)),
            ("test matrix, a file without ddtrace", matrix, _matrix_file(matrix, tracer=False)),
            ("apps, an app pinning ddtrace", apps, "apps/app-0002/requirements.txt"),
            ("apps, an app without ddtrace", apps, "apps/app-0003/requirements.txt")):
        small = scratch / "small" / f"{len(label)}-{relative.replace('/', '-')}"
        generate.mark_repository(small)
        shutil.copy(root / relative, small / "requirements.txt")
        hook = ["--pre-commit", "--today", TODAY, "--exit-zero"]
        found = _alternating({"large": ([*DDLINT, *hook, relative], root),
                              "small": ([*DDLINT, *hook, "requirements.txt"], small)}, runs)
        ratio = found["large"][1] / found["small"][1]
        print(f"  {label:37} {_pair(found['large'])}, alone {_pair(found['small'])}: "
              f"{ratio:.2f}x CPU (target <= 1.5x)")
        ok = ok and ratio <= 1.5
    print("  `ddlint .` over test matrices of N and 10 N files")
    tenth = generate.write_test_matrix(scratch / "matrix-tenth", files // 10)
    folder_run = [*DDLINT, ".", "--today", TODAY, "--exit-zero"]
    found = _alternating({"tenth": (folder_run, tenth), "whole": (folder_run, matrix)},
                         max(3, runs // 3))
    ratio = found["whole"][1] / found["tenth"][1]
    print(f"  {files // 10:6,} files {_pair(found['tenth'])}, {files:,} files "
          f"{_pair(found['whole'])}: {ratio:.1f}x the CPU time for 10x the files "
          f"(target <= 11x)")
    ok = ok and ratio <= 11
    if check_toml:
        beside = scratch / "beside"
        generate.mark_repository(beside)
        shutil.copy(EXAMPLES / "requirements.txt", beside / "requirements.txt")
        shutil.copy(EXAMPLES / "pyproject.toml", beside / "pyproject.toml")
        found = _alternating({
            "check-toml": ([check_toml, "pyproject.toml"], beside),
            "ddlint": ([*DDLINT, "requirements.txt", "--today", TODAY, "--exit-zero"], beside),
        }, runs)
        ratio = found["ddlint"][1] / found["check-toml"][1]
        print(f"  requirements.txt with a pyproject.toml beside it {_pair(found['ddlint'])}, "
              f"check-toml on that pyproject.toml {_pair(found['check-toml'])}: {ratio:.2f}x "
              f"CPU (target <= 1.5x)")
        ok = ok and ratio <= 1.5
    return ok


def _alternating(
    commands: dict[str, tuple[list[str], Path]], runs: int
) -> dict[str, tuple[float, float]]:
    """Median wall and CPU (user + system) seconds of each command, each in its own folder,
    the commands alternating, after an untimed run of each. On a shared machine the CPU time
    is the steadier figure: the comparisons of section 6 are judged by it."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for round_ in range(runs + 1):
        for name, (command, cwd) in commands.items():
            start = time.perf_counter()
            process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - start
            if os.waitstatus_to_exitcode(status) not in (0, 1):
                raise SystemExit(f"{' '.join(command[:5])} failed in {cwd}")
            if round_:
                walls[name].append(elapsed)
                cpus[name].append(usage.ru_utime + usage.ru_stime)
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name]))
            for name in commands}


def _pair(figures: tuple[float, float]) -> str:
    wall, cpu = figures
    return f"{wall * 1000:6.0f} ms wall / {cpu * 1000:5.0f} ms CPU"


def _matrix_file(root: Path, tracer: bool) -> str:
    """A file of the test matrix that pins the tracer, or one that does not."""
    for path in sorted((root / ".riot" / "requirements").iterdir()):
        if ("ddtrace==" in path.read_text(encoding="utf-8")) == tracer:
            return path.relative_to(root).as_posix()
    raise SystemExit("the generated test matrix has no such file")


def _imported(arguments: list[str], cwd: Path, code: str = "") -> tuple[list[str], float]:
    """The modules a run imports (in order) and their total import time in seconds, from the
    second of two runs (the first writes the bytecode). ``code``: run that instead."""
    command = ["-c", code] if code else DDLINT[1:]
    for _ in range(2):
        completed = subprocess.run([sys.executable, "-X", "importtime", *command,
                                    *arguments],
                                   cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                   capture_output=True, text=True, check=False)
    modules, total = [], 0
    for line in completed.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            modules.append(match.group(4))
            if not match.group(3).strip(" ") and len(match.group(3)) == 1:
                total += int(match.group(2))  # top-level imports: cumulative covers the rest
    return modules, total / 1e6


def imports(scratch: Path) -> bool:
    print("5. python -X importtime: what each run imports")
    # One format per folder, as in tests/test_limits.py: a file passed alone is read with its
    # project's other dependency files as context.
    requirements, lock = scratch / "imports" / "requirements", scratch / "imports" / "lock"
    requirements.mkdir(parents=True)
    lock.mkdir()
    (requirements / "requirements.txt").write_text("ddtrace==4.16.0\ndjango==4.2.16\n",
                                                   encoding="utf-8")
    shutil.copy(TYPICAL / "uv.lock", lock / "uv.lock")
    ok = True
    # What the interpreter imports by itself (site-packages' .pth files import some) is not
    # ddlint's doing.
    interpreter = set(_imported([], requirements, code="pass")[0])
    for arguments, unwanted in NOT_NEEDED.items():
        project = lock if "uv.lock" in arguments else requirements
        dated = [] if arguments == ("--version",) else ["--today", TODAY]  # --version alone
        modules, seconds = _imported([*arguments, *dated], project)
        ours = [m for m in modules if m.startswith("ddlint")]
        needless = [m for m in modules if m not in interpreter
                    and any(m == f or m.startswith(f + ".") for f in unwanted)]
        print(f"  ddlint {' '.join(arguments):33} {len(modules):3} modules ({len(ours):2} of "
              f"ddlint), {seconds * 1000:3.0f} ms importing; needless: "
              f"{', '.join(needless) or 'none'}")
        ok = ok and not needless
    return ok


def _verdict(ratio: float, target: float, against: str) -> bool:
    met = ratio <= target
    print(f"  ratio {ratio:.2f}x {against} (target <= {target}x): {'ok' if met else 'MISSED'}")
    return met


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per command (default 7)")
    parser.add_argument("--check-toml", default=shutil.which("check-toml"),
                        help="the check-toml executable (default: the one on PATH)")
    parser.add_argument("--projects", type=int, default=200,
                        help="the largest monorepo (default 200 projects)")
    parser.add_argument("--matrix", type=int, default=2000,
                        help="compiled requirements files of the test matrix (default 2,000)")
    parser.add_argument("--only", type=lambda text: {int(n) for n in text.split(",")},
                        default={1, 2, 3, 4, 5, 6}, metavar="N,...",
                        help="run only these comparisons (numbered as above)")
    args = parser.parse_args(argv)
    print(f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs; "
          f"median of {args.runs} cold runs\n")
    with tempfile.TemporaryDirectory(prefix="ddlint-bench-") as folder:
        # A checkout has no bytecode (and PYTHONDONTWRITEBYTECODE may forbid writing it); an
        # installed ddlint has it. Compiled files go to the scratch folder, not the tree.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = os.path.join(folder, "pycache")
        scratch = Path(folder)
        comparisons = {
            1: lambda: start_up(args.runs, args.check_toml, scratch),
            2: lambda: typical_project(args.runs, args.check_toml),
            3: lambda: large_lock(args.runs, scratch),
            4: lambda: monorepo(args.runs, scratch, args.projects),
            5: lambda: imports(scratch),
            6: lambda: environments(args.runs, args.check_toml, scratch, args.matrix),
        }
        results = [run() for number, run in comparisons.items() if number in args.only]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
