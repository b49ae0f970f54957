"""One parser per dependency-file format, chosen by file name.

A parser is a module with ``parse(path: Path) -> DependencyFile``. Adding a format means adding
a module and its row in ``ddlint.file_formats``; modules are imported only when a file of
theirs is read.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional, Union

from ddlint.file_formats import BY_KIND, FORMATS
from ddlint.model import DependencyFile, FileKind, Location
from ddlint.parsers.base import invalid_file

_MODULES: dict[FileKind, str] = {row.kind: row.parser for row in FORMATS}


def detect(path: Path) -> Optional[FileKind]:
    """The format of a file from its name, or None for a file ddlint does not read."""
    return detect_name(path.name, path.parent.name)


def detect_name(name: str, folder: str) -> Optional[FileKind]:
    """``detect`` of a file named ``name`` in a folder named ``folder`` (a walk asks it of
    every file it lists, without making a path of each)."""
    names, patterns, any_case, folders = _name_tables()
    kind = names.get(name)
    if kind is not None:
        return kind
    for matches, found in patterns:
        if matches(name):
            return found
    lowered = name.lower()
    for matches, found in any_case:
        if matches(lowered):
            return found
    if lowered.endswith((".txt", ".in")):
        return folders.get(folder)
    return None


_TABLES: list[Any] = []  # detect's tables, built on first use (a walk asks for every file)


def _name_tables() -> tuple[dict[str, FileKind], list[tuple[Callable[[str], Any], FileKind]],
                            list[tuple[Callable[[str], Any], FileKind]], dict[str, FileKind]]:
    """The formats' names, patterns (one compiled expression per format and kind of pattern,
    in the rows' order) and folders, as ``detect`` asks them."""
    if not _TABLES:
        import re

        def compiled(patterns: tuple[str, ...]) -> Callable[[str], Any]:
            return re.compile("|".join(fnmatch.translate(p) for p in patterns)).match

        names: dict[str, FileKind] = {}
        folders: dict[str, FileKind] = {}
        for row in FORMATS:
            for name in row.names:
                names.setdefault(name, row.kind)
            for folder in row.folders:
                folders.setdefault(folder, row.kind)
        _TABLES.append((
            names,
            [(compiled(row.patterns), row.kind) for row in FORMATS if row.patterns],
            [(compiled(row.any_case_patterns), row.kind) for row in FORMATS
             if row.any_case_patterns],
            folders,
        ))
    tables: tuple[dict[str, FileKind], list[tuple[Callable[[str], Any], FileKind]],
                  list[tuple[Callable[[str], Any], FileKind]], dict[str, FileKind]] = _TABLES[0]
    return tables


def available(kind: FileKind) -> bool:
    """Whether this build of ddlint has a parser for ``kind``."""
    import importlib.util

    return importlib.util.find_spec(_MODULES[kind]) is not None


def parse(path: Path, kind: FileKind) -> DependencyFile:
    """Parse ``path`` as ``kind``; a malformed file yields DDL001 findings, never an exception.
    Once per file and run: a pyproject.toml is linted and is the manifest of its lockfiles."""
    from ddlint import reading

    return reading.remembered(("parse", kind, os.fspath(path)), lambda: _parse(path, kind))


def _manifest(path: Path, kind: FileKind) -> Union[DependencyFile, bool, None]:
    """The parsed manifest a lock of ``kind`` is made from (its row's ``manifest``, when it is
    a format ddlint reads): None when the file is missing, False for a format without one.
    Parsed once per run however many locks lie beside it, and handed to the lock's parser,
    which never parses another file itself."""
    name = BY_KIND[kind].manifest
    manifest_kind = detect(Path(name)) if name is not None else None
    if name is None or manifest_kind is None:
        return False
    beside = path.parent / name
    try:
        found = beside.is_file()
    except OSError:
        found = False
    return parse(beside, manifest_kind) if found else None


def _parse(path: Path, kind: FileKind) -> DependencyFile:
    module = __import__(_MODULES[kind], fromlist=["parse"])  # no importlib to import
    try:
        manifest = _manifest(path, kind)
        result: DependencyFile = (module.parse(path) if manifest is False
                                  else module.parse(path, manifest))
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
