"""Pipfile.lock (JSON, pipfile-spec 6): the ``default`` and ``develop`` packages with their
markers, each at the line of its ``"name": {`` key."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from ddlint.model import (
    Declared,
    Dependency,
    DependencyFile,
    Diagnostic,
    FileKind,
    Location,
    normalize_name,
    quoted,
)
from ddlint.parsers import lockfile, toml_source
from ddlint.parsers.base import invalid_file, read_text
from ddlint.records import replace

SECTIONS = ("default", "develop")
# The Pipfile sections the lock's sections come from.
_PIPFILE_SECTIONS = {"packages": "default", "dev-packages": "develop"}

_JSON_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"([ \t\r\n]*:)?|[{}\[\]]')


def parse(path: Path) -> DependencyFile:
    import json

    text, problem = read_text(path)
    diagnostics: list[Diagnostic] = [problem] if problem is not None else []
    if text is None:
        return DependencyFile(path=path, kind=FileKind.PIPFILE_LOCK, diagnostics=tuple(diagnostics))
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        diagnostics.append(invalid_file(
            Location(path, error.lineno, error.colno), f"invalid JSON: {error.msg}"
        ))
        return DependencyFile(path=path, kind=FileKind.PIPFILE_LOCK, diagnostics=tuple(diagnostics))
    except ValueError:  # an integer of more than 4,300 digits, which int() refuses
        long_number = re.search(r"[0-9]{4300}", text)
        start = long_number.start() if long_number else 0
        line_start = text.rfind("\n", 0, start) + 1
        diagnostics.append(invalid_file(
            Location(path, text.count("\n", 0, start) + 1, start - line_start + 1),
            "a number too long to read",
        ))
        return DependencyFile(path=path, kind=FileKind.PIPFILE_LOCK, diagnostics=tuple(diagnostics))
    if not isinstance(document, dict):
        diagnostics.append(invalid_file(Location(path, 1, 1), "must be a JSON object"))
        return DependencyFile(path=path, kind=FileKind.PIPFILE_LOCK, diagnostics=tuple(diagnostics))

    keys = _key_positions(text)
    meta = document.get("_meta")
    meta = meta if isinstance(meta, dict) else {}
    if "pipfile-spec" in meta:
        readable, problem = lockfile.check_format(
            _at(path, keys, ("_meta", "pipfile-spec")), "Pipfile.lock pipfile-spec",
            meta["pipfile-spec"], supported=(6,), newest=(6,),
        )
        if problem is not None:
            diagnostics.append(problem)
        if not readable:
            return DependencyFile(path=path, kind=FileKind.PIPFILE_LOCK,
                                  diagnostics=tuple(diagnostics), generated_by="pipenv")
    declared = _pipfile_declarations(path.parent / "Pipfile")
    origins = {name: entries[0].location for name, entries in declared.items()}
    dependencies: list[Dependency] = []
    for section in SECTIONS:
        packages = document.get(section, {})
        if not isinstance(packages, dict):
            diagnostics.append(invalid_file(_at(path, keys, (section,)),
                                            f"`{section}` must be an object"))
            continue
        for name, entry in packages.items():
            where = _at(path, keys, (section, name))
            dependency = _dependency(name, entry, section, where, origins=origins,
                                     diagnostics=diagnostics)
            if dependency is not None:
                dependencies.append(replace(dependency,
                                            declared=declared.get(dependency.name, ())))
    return DependencyFile(
        path=path, kind=FileKind.PIPFILE_LOCK, dependencies=tuple(dependencies),
        diagnostics=tuple(diagnostics), requires_python=_requires_python(meta),
        generated_by="pipenv",
    )


def _at(path: Path, keys: dict[tuple[str, ...], tuple[int, int]], key: tuple[str, ...]) -> Location:
    line, column = keys.get(key, (1, 1))
    return Location(path, line, column)


def _key_positions(text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """The position of every key of the first two object levels (``("default", "django")``),
    from one scan of the tokens that matter: strings, keys and brackets."""
    import json

    found: dict[tuple[str, ...], tuple[int, int]] = {}
    stack: list[str] = []  # the key each open container belongs to ("" in arrays / root)
    pending = ""
    line, offset, line_start = 1, 0, 0
    for match in _JSON_TOKEN.finditer(text):
        start = match.start()
        newlines = text.count("\n", offset, start)
        if newlines:
            line += newlines
            line_start = text.rindex("\n", offset, start) + 1
        offset = start
        token = match.group()
        if token in ("{", "["):
            stack.append(pending)
            pending = ""
        elif token in ("}", "]"):
            if stack:
                stack.pop()
        elif match.group(2) is not None:  # a key
            raw = match.group(1)
            key = json.loads(f'"{raw}"') if "\\" in raw else raw
            pending = key
            if 1 <= len(stack) <= 2:
                found.setdefault((*stack[1:], key), (line, start - line_start + 1))
        # a token may span lines only inside a string, which JSON forbids raw: nothing to count
    return found


def _dependency(
    name: str, entry: Any, section: str, where: Location, *, origins: dict[str, Location],
    diagnostics: list[Diagnostic],
) -> Optional[Dependency]:
    normalized = normalize_name(name)
    if not isinstance(entry, dict):
        diagnostics.append(invalid_file(where, f"package {quoted(name)} must be an object"))
        return None
    url = next((entry[k] for k in ("git", "hg", "svn", "bzr", "path", "file")
                if isinstance(entry.get(k), str)), None)
    version = entry.get("version")
    if isinstance(version, str) and version.startswith(("==", "===")):
        version = version.lstrip("=").strip()
    elif url is not None:
        version = None  # a VCS or path entry: its version is what the checkout holds
    else:
        diagnostics.append(invalid_file(
            where, f"package {quoted(name)} has no exact version"
            + (f" (found {quoted(version)})" if version is not None else "")
        ))
        return None
    marker = entry.get("markers")
    return Dependency(
        name=normalized,
        location=where,
        version=version,
        marker=(marker.strip() or None) if isinstance(marker, str) else None,
        extras=tuple(sorted(e for e in entry.get("extras", []) if isinstance(e, str)))
        if isinstance(entry.get("extras"), list) else (),
        groups=(section,),
        url=url,
        locked=True,
        origin=origins.get(normalized),
    )


def _requires_python(meta: dict[str, Any]) -> Optional[str]:
    requires = meta.get("requires")
    if not isinstance(requires, dict):
        return None
    full = requires.get("python_full_version")
    if isinstance(full, str) and full.strip():
        return f"=={full.strip()}"
    minor = requires.get("python_version")
    if isinstance(minor, str) and minor.strip():
        return f"=={minor.strip()}.*"
    return None


def _pipfile_declarations(pipfile: Path) -> dict[str, tuple[Declared, ...]]:
    """Name -> the Pipfile keys that declare it (the manifest lines behind a locked entry)
    with the range and marker each gives (``"*"``: any)."""
    if not pipfile.is_file():
        return {}
    source = toml_source.load(pipfile)
    if source.document is None:
        return {}
    where = toml_source.positions(source.text)
    found: dict[str, tuple[Declared, ...]] = {}
    for table in _PIPFILE_SECTIONS:
        packages = source.document.get(table)
        if not isinstance(packages, dict):
            continue
        for name, value in packages.items():
            location = where.key(pipfile, table, name)
            if location is not None:
                normalized = normalize_name(name)
                found[normalized] = (*found.get(normalized, ()),
                                     _pipfile_declared(location, value))
    return found


def _pipfile_declared(location: Location, value: Any) -> Declared:
    """A Pipfile value: ``"==1.2"``, ``"*"`` or a table with ``version`` and ``markers``;
    a range that is no PEP 440 specifier admits every version (DDL006 checks)."""
    table = value if isinstance(value, dict) else {"version": value}
    version, marker = table.get("version"), table.get("markers")
    specifier = version.strip() if isinstance(version, str) and version.strip() != "*" else ""
    return Declared(location, specifier,
                    marker.strip() or None if isinstance(marker, str) else None)
