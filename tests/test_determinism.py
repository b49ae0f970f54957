"""Same input and ``--today``, same output byte for byte in every format, whatever the hash seed
and the order in which the file system lists the files."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ddlint.formatters import FORMATS
from tests.conftest import FIXTURES, REPO, TODAY

AVAILABLE = [name for name, module in FORMATS.items() if importlib.util.find_spec(module)]

# Several projects of every format with findings of most rule families.
EXTRA = {
    "requirements/app/requirements.txt":
        "ddtrace==4.16.0\ndjango==1.7.11\naiopg==0.17.0\nredis==5.0.8\n-r ../common.txt\n",
    "requirements/common.txt": "flask==3.0.3\npylons==1.0\n",
    "requirements/app/requirements-dev.txt": "ddtrace==2.0.0\ncelery==4.3.0\nbroken ==\n",
    "requirements/app/.python-version": "3.8\n",
}


# Runs ddlint with every directory listing handed back in reverse: the order a file system
# returns entries in is its own (creation order, hash order); this makes sure it differs.
REVERSED_LISTINGS = """
import os, sys
_scandir, _listdir = os.scandir, os.listdir

class _Listing:
    def __init__(self, entries):
        self._entries = iter(entries)
    def __iter__(self):
        return self
    def __next__(self):
        return next(self._entries)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return None
    def close(self):
        pass

def scandir(path="."):
    with _scandir(path) as entries:
        return _Listing(list(entries)[::-1])

os.scandir = scandir
os.listdir = lambda path=".": _listdir(path)[::-1]
from ddlint.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _sources() -> list[tuple[str, Path]]:
    """(path in the tree, fixture file) for every fixture file."""
    return [(f"fixtures/{path.relative_to(FIXTURES).as_posix()}", path)
            for path in sorted(FIXTURES.rglob("*")) if path.is_file()]


def _build(root: Path, reverse: bool) -> None:
    """Create the tree, in sorted or reverse order, so that directory listings differ."""
    if root.exists():
        shutil.rmtree(root)
    entries: list[tuple[str, bytes]] = [(name, path.read_bytes()) for name, path in _sources()]
    entries += [(name, text.encode()) for name, text in EXTRA.items()]
    entries.sort(reverse=reverse)
    for name, content in entries:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def _run(root: Path, output_format: str, seed: str, reverse_listings: bool = False) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
    command = ["-c", REVERSED_LISTINGS] if reverse_listings else ["-m", "ddlint"]
    completed = subprocess.run(
        [sys.executable, *command, ".", "--format", output_format, "--today", TODAY],
        cwd=root, env=env, capture_output=True, timeout=120, check=False,
    )
    assert completed.returncode == 1, completed.stderr.decode()
    assert b"Traceback" not in completed.stderr
    return completed.stdout


@pytest.mark.parametrize("output_format", AVAILABLE)
def test_output_is_byte_identical(tmp_path: Path, output_format: str) -> None:
    root = tmp_path / "tree"
    _build(root, reverse=False)
    first = _run(root, output_format, "0")
    assert _run(root, output_format, "1") == first
    _build(root, reverse=True)
    assert _run(root, output_format, "4242", reverse_listings=True) == first
    assert b"DDL301" in first and b"DDL001" in first, "the tree should produce findings"


def test_order_of_paths_on_the_command_line(tmp_path: Path) -> None:
    """pre-commit passes files in any order; the report does not depend on it."""
    root = tmp_path / "tree"
    _build(root, reverse=False)
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*")
                   if p.name in ("uv.lock", "poetry.lock", "requirements.txt", "pylock.toml"))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    outputs = {
        subprocess.run([sys.executable, "-m", "ddlint", *order, "--format", "json", "--today",
                        TODAY], cwd=root, env=env, capture_output=True, timeout=120,
                       check=False).stdout
        for order in (files, files[::-1])
    }
    assert len(outputs) == 1
