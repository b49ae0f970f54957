"""One parser per dependency-file format, chosen by file name.

A parser is a module with ``parse(path: Path) -> DependencyFile``. Adding a format means adding
a module and a line in ``_MODULES``; modules are imported only when a file of theirs is read.
"""

from __future__ import annotations

import fnmatch
import importlib
import importlib.util
from pathlib import Path
from typing import Optional

from ddlint.model import DependencyFile, FileKind, Location
from ddlint.parsers.base import invalid_file

_MODULES: dict[FileKind, str] = {
    FileKind.REQUIREMENTS: "ddlint.parsers.requirements",
    FileKind.PYPROJECT: "ddlint.parsers.pyproject",
    FileKind.UV_LOCK: "ddlint.parsers.uv_lock",
    FileKind.POETRY_LOCK: "ddlint.parsers.poetry_lock",
    FileKind.PDM_LOCK: "ddlint.parsers.pdm_lock",
    FileKind.PIPFILE_LOCK: "ddlint.parsers.pipfile_lock",
    FileKind.PYLOCK: "ddlint.parsers.pylock",
}

_EXACT_NAMES = {
    "pyproject.toml": FileKind.PYPROJECT,
    "uv.lock": FileKind.UV_LOCK,
    "poetry.lock": FileKind.POETRY_LOCK,
    "pdm.lock": FileKind.PDM_LOCK,
    "Pipfile.lock": FileKind.PIPFILE_LOCK,
    "pylock.toml": FileKind.PYLOCK,
}
_REQUIREMENTS_PATTERNS = ("*requirements*.txt", "*requirements*.in", "constraints*.txt")
_REQUIREMENTS_FOLDERS = {"requirements", "requirements.d"}


def detect(path: Path) -> Optional[FileKind]:
    """The format of a file from its name, or None for a file ddlint does not read."""
    name = path.name
    if name in _EXACT_NAMES:
        return _EXACT_NAMES[name]
    if fnmatch.fnmatchcase(name, "pylock.*.toml"):  # PEP 751 named lock files
        return FileKind.PYLOCK
    lowered = name.lower()
    if any(fnmatch.fnmatchcase(lowered, pattern) for pattern in _REQUIREMENTS_PATTERNS):
        return FileKind.REQUIREMENTS
    if path.parent.name in _REQUIREMENTS_FOLDERS and lowered.endswith((".txt", ".in")):
        return FileKind.REQUIREMENTS
    return None


def available(kind: FileKind) -> bool:
    """Whether this build of ddlint has a parser for ``kind``."""
    return importlib.util.find_spec(_MODULES[kind]) is not None


def parse(path: Path, kind: FileKind) -> DependencyFile:
    """Parse ``path`` as ``kind``; a malformed file yields DDL001 findings, never an exception."""
    try:
        module = importlib.import_module(_MODULES[kind])
    except ModuleNotFoundError:
        return DependencyFile(path=path, kind=kind, diagnostics=(
            invalid_file(Location(path, 1, 1), f"ddlint cannot read {kind.value} files yet"),
        ))
    try:
        result: DependencyFile = module.parse(path)
    except RecursionError:
        result = DependencyFile(path=path, kind=kind, diagnostics=(
            invalid_file(Location(path, 1, 1), "too deeply nested to read"),
        ))
    except Exception as error:  # a parser bug must not become a traceback for the user
        result = DependencyFile(path=path, kind=kind, diagnostics=(invalid_file(
            Location(path, 1, 1),
            f"ddlint failed to read this file ({type(error).__name__}: {error}); "
            "please report this as a bug",
        ),))
    return result
