"""Write ddlint's output on every fixture to a folder, to show that a change moved code only.

Usage: ``python scripts/snapshot_outputs.py OUT`` on the tree before a change and again after it,
then ``diff -r BEFORE AFTER`` must be empty. It runs ``ddlint`` in a subprocess (``--today
2026-11-25``, from the checkout's top) on every fixture folder that holds files, on
``examples/``, and on each fixture file alone, in every output format (``FORMATS``: a test fails
when one is missing) and with ``--diff --unsafe-fixes`` (the fixes, shown, nothing written); and
it records ``ddlint rules``, ``ddlint rule CODE`` for every code, and ``--help``. Each output
file holds the exit status, the standard output and the standard error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")
TODAY = "2026-11-25"


def _targets() -> list[str]:
    folders = {p.parent for p in (TOP / "fixtures").rglob("*") if p.is_file()}
    folders.discard(TOP / "fixtures")
    files = [p for p in (TOP / "fixtures").rglob("*") if p.is_file() and p.name != "README.md"]
    shown = [*sorted(folders), TOP / "examples", *sorted(files)]
    return [p.relative_to(TOP).as_posix() for p in shown]


def _run(args: list[str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ddlint", *args], cwd=TOP, capture_output=True, text=True,
        check=False, env={"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0", "COLUMNS": "100"},
    )
    return f"exit {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}"


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for target in _targets():
        name = target.replace("/", "__")
        for fmt in FORMATS:
            text = _run([target, "--today", TODAY, "--format", fmt])
            (out / f"{name}.{fmt}").write_text(text, encoding="utf-8")
        text = _run([target, "--today", TODAY, "--statistics"])
        (out / f"{name}.statistics").write_text(text, encoding="utf-8")
        text = _run([target, "--today", TODAY, "--diff", "--unsafe-fixes"])
        (out / f"{name}.diff").write_text(text, encoding="utf-8")
    (out / "rules.txt").write_text(_run(["rules"]), encoding="utf-8")
    (out / "help.txt").write_text(_run(["--help"]), encoding="utf-8")
    listing = subprocess.run(
        [sys.executable, "-m", "ddlint", "rules"], cwd=TOP, capture_output=True, text=True,
        check=True,
    ).stdout
    for code in (line.split()[0] for line in listing.splitlines() if line.startswith("DDL")):
        (out / f"rule-{code}.txt").write_text(_run(["rule", code]), encoding="utf-8")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: snapshot_outputs.py OUT")
    sys.exit(main(Path(sys.argv[1])))
