"""One parser per dependency-file format, chosen by file name.

A parser is a module with ``parse(path: Path) -> DependencyFile``. Adding a format means adding
a module and its row in ``ddlint.file_formats``; modules are imported only when a file of
theirs is read.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import Optional

from ddlint.file_formats import FORMATS
from ddlint.model import DependencyFile, FileKind, Location
from ddlint.parsers.base import invalid_file

_MODULES: dict[FileKind, str] = {row.kind: row.parser for row in FORMATS}


def detect(path: Path) -> Optional[FileKind]:
    """The format of a file from its name, or None for a file ddlint does not read."""
    name = path.name
    for row in FORMATS:
        if name in row.names:
            return row.kind
    for row in FORMATS:
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in row.patterns):
            return row.kind
    lowered = name.lower()
    for row in FORMATS:
        if any(fnmatch.fnmatchcase(lowered, pattern) for pattern in row.any_case_patterns):
            return row.kind
    for row in FORMATS:
        if path.parent.name in row.folders and lowered.endswith((".txt", ".in")):
            return row.kind
    return None


def available(kind: FileKind) -> bool:
    """Whether this build of ddlint has a parser for ``kind``."""
    import importlib.util

    return importlib.util.find_spec(_MODULES[kind]) is not None


def parse(path: Path, kind: FileKind) -> DependencyFile:
    """Parse ``path`` as ``kind``; a malformed file yields DDL001 findings, never an exception.
    Once per file and run: a pyproject.toml is linted and is the manifest of its lockfiles."""
    from ddlint import reading

    return reading.remembered(("parse", kind, os.fspath(path)), lambda: _parse(path, kind))


def _parse(path: Path, kind: FileKind) -> DependencyFile:
    module = __import__(_MODULES[kind], fromlist=["parse"])  # no importlib to import
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
