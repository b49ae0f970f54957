#!/usr/bin/env python3
"""Findings per code over the real-world corpus (benchmarks/corpus/), issue 10's measure.

For every project folder under the corpus it runs the installed ``ddlint`` (a subprocess, so
the figures are what a user gets) twice over:

* once over the project folder (``ddlint .``, the CI run), and
* once per dependency file the folder run found, passed alone (``ddlint FILE``, the hook run),

always with ``--today 2026-11-25 --format json``. Each project is copied into a scratch
folder with its own ``git init`` first, so the repository around the corpus does not count.

It prints a table of the folder runs' findings per code per project, the totals, DDL304's
share of all findings, and how many files get other findings alone than in the folder run
(DDL902 aside, as in tests/test_consistency.py).

    python benchmarks/corpus_report.py [--corpus DIR] [--ddlint COMMAND]
"""

from __future__ import annotations

import argparse
import collections
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
TODAY = "2026-11-25"


def run(ddlint: list[str], cwd: Path, target: str) -> dict[str, Any]:
    command = [*ddlint, target, "--today", TODAY, "--format", "json"]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        return {"error": done.stderr.strip() or f"exit {done.returncode}", "diagnostics": []}
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def located(document: dict[str, Any], path: str) -> list[str]:
    return sorted(json.dumps({k: v for k, v in d.items() if k != "name"}, sort_keys=True)
                  for d in document["diagnostics"]
                  if d["path"] == path and d["code"] != "DDL902")


def measure(project: Path, ddlint: list[str]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ddlint-corpus-") as scratch:
        copy = Path(scratch) / project.name
        shutil.copytree(project, copy)
        subprocess.run(["git", "init", "-q", str(copy)], check=True)
        folder = run(ddlint, copy, ".")
        files = sorted({d["path"] for d in folder["diagnostics"]}
                       | set(_dependency_files(copy)))
        differing = []
        for path in files:
            alone = run(ddlint, copy, path)
            if located(alone, path) != located(folder, path):
                differing.append(path)
    codes = collections.Counter(d["code"] for d in folder["diagnostics"]
                                if not d.get("suppressed"))
    return {"codes": codes, "files": len(files), "differing": differing,
            "error": folder.get("error")}


def _dependency_files(folder: Path) -> list[str]:
    """The files a folder run reads, as README's "Which files" names them."""
    names = ("pyproject.toml", "uv.lock", "poetry.lock", "pdm.lock", "Pipfile.lock")
    found = []
    for path in folder.rglob("*"):
        if ".git" in path.parts or not path.is_file():
            continue
        name = path.name
        if (name in names or name.endswith(".in") or name.startswith("pylock.")
                or (name.endswith(".txt") and (name.startswith(("requirements", "constraints"))
                                               or path.parent.name == "requirements"))):
            found.append(path.relative_to(folder).as_posix())
    return sorted(found)


def table(results: dict[str, dict[str, Any]]) -> str:
    codes = sorted(set().union(*(r["codes"] for r in results.values())))
    header = ["project", *codes, "total", "files", "differ"]
    rows = []
    totals: collections.Counter[str] = collections.Counter()
    differing = files = 0
    for name, result in results.items():
        totals.update(result["codes"])
        files += result["files"]
        differing += len(result["differing"])
        rows.append([name, *(str(result["codes"].get(c, 0)) for c in codes),
                     str(sum(result["codes"].values())), str(result["files"]),
                     str(len(result["differing"]))])
    rows.append(["TOTAL", *(str(totals[c]) for c in codes), str(sum(totals.values())),
                 str(files), str(differing)])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    total = sum(totals.values())
    share = 100.0 * totals["DDL304"] / total if total else 0.0
    lines.append("")
    lines.append(f"findings: {total}; DDL304: {totals['DDL304']} ({share:.1f}% of all findings); "
                 f"files whose findings alone differ from the folder run: {differing} of {files}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--ddlint", default=f"{shlex.quote(sys.executable)} -m ddlint",
                        help="the command that runs ddlint (default: %(default)s)")
    parser.add_argument("--verbose", action="store_true", help="list the differing files")
    args = parser.parse_args()
    ddlint = shlex.split(args.ddlint)
    results = {}
    for project in sorted(p for p in args.corpus.iterdir() if p.is_dir()):
        results[project.name] = measure(project, ddlint)
        if results[project.name]["error"]:
            print(f"{project.name}: {results[project.name]['error']}", file=sys.stderr)
        if args.verbose:
            for path in results[project.name]["differing"]:
                print(f"  differs alone: {project.name}/{path}", file=sys.stderr)
    print(table(results))


if __name__ == "__main__":
    main()
