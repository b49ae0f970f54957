"""pyproject.toml: the ranges a project declares (PEP 621, PEP 735, Poetry, uv, PDM), each at
the line of its string or key, Poetry constraints translated to PEP 440."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

from ddlint import manifest, records
from ddlint.model import (
    Dependency,
    DependencyFile,
    Diagnostic,
    FileKind,
    Location,
    normalize_name,
    quoted,
)
from ddlint.parsers import toml_source
from ddlint.parsers.base import exact_version, invalid_file
from ddlint.parsers.toml_source import Key, Positions
from ddlint.suppressions import parse_inline_ignore

# Group names: the project's own dependencies are "main" (as Poetry and uv.lock say); extras,
# PEP 735 groups and tool groups keep their names.
MAIN_GROUP = "main"
_POETRY_DEV_GROUP = "dev"
_UV_DEV_GROUP = "dev"


def parse(path: Path) -> DependencyFile:
    source = toml_source.load(path)
    document = source.document
    if document is None:
        return DependencyFile(path=path, kind=FileKind.PYPROJECT, diagnostics=source.diagnostics)
    where = toml_source.positions(source.text)
    reader = _Reader(path, where)
    reader.read(document)
    ignores = []
    for line, comment in sorted(where.comments.items()):
        codes = parse_inline_ignore(comment)
        if codes is not None:
            ignores.append((path, line, codes))
    return DependencyFile(
        path=path,
        kind=FileKind.PYPROJECT,
        dependencies=tuple(reader.dependencies),
        diagnostics=(*source.diagnostics, *reader.diagnostics),
        requires_python=reader.requires_python(document),
        inline_ignores=tuple(ignores),
    )


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class _Reader:
    """Collects dependencies and problems from one parsed document."""

    def __init__(self, path: Path, where: Positions) -> None:
        self.path = path
        self.where = where
        self.dependencies: list[Dependency] = []
        self.diagnostics: list[Diagnostic] = []

    def location(self, *key: str | int) -> Location:
        found = self.where.value(self.path, *key) or self.where.key(self.path, *key)
        if found is not None:
            return found
        # A dotted or unusual layout: fall back to the nearest enclosing key that was seen.
        for end in range(len(key) - 1, 0, -1):
            found = self.where.key(self.path, *key[:end]) or self.where.value(self.path, *key[:end])
            if found is not None:
                return found
        return Location(self.path, 1, 1)

    def read(self, document: dict[str, Any]) -> None:
        project = _table(document.get("project"))
        self.pep508_list(project.get("dependencies"), ("project", "dependencies"), MAIN_GROUP)
        for extra, items in _table(project.get("optional-dependencies")).items():
            self.pep508_list(items, ("project", "optional-dependencies", extra), extra)
        for group, items in _table(document.get("dependency-groups")).items():
            self.pep508_list(items, ("dependency-groups", group), group)
        tool = _table(document.get("tool"))
        uv = _table(tool.get("uv"))
        self.pep508_list(uv.get("dev-dependencies"), ("tool", "uv", "dev-dependencies"),
                         _UV_DEV_GROUP)
        first = len(self.dependencies)
        self.pep508_list(uv.get("constraint-dependencies"),
                         ("tool", "uv", "constraint-dependencies"), _UV_DEV_GROUP)
        self.dependencies[first:] = [records.replace(d, groups=(), constraint=True)
                                     for d in self.dependencies[first:]]
        pdm_dev = _table(_table(tool.get("pdm")).get("dev-dependencies"))
        for group, items in pdm_dev.items():
            self.pep508_list(items, ("tool", "pdm", "dev-dependencies", group), group)
        poetry = _table(tool.get("poetry"))
        self.poetry_table(poetry.get("dependencies"), ("tool", "poetry", "dependencies"),
                          MAIN_GROUP)
        self.poetry_table(poetry.get("dev-dependencies"), ("tool", "poetry", "dev-dependencies"),
                          _POETRY_DEV_GROUP)
        for group, table in _table(poetry.get("group")).items():
            self.poetry_table(_table(table).get("dependencies"),
                              ("tool", "poetry", "group", group, "dependencies"), group)

    def requires_python(self, document: dict[str, Any]) -> Optional[str]:
        return manifest.requires_python(document)

    # --- PEP 508 strings ------------------------------------------------------------------

    def pep508_list(self, items: Any, key: Key, group: str) -> None:
        if items is None:
            return
        if not isinstance(items, list):
            self.diagnostics.append(invalid_file(
                self.location(*key), f"`{'.'.join(map(str, key))}` must be an array of strings"
            ))
            return
        for index, item in enumerate(items):
            where = self.location(*key, index)
            if isinstance(item, dict) and "include-group" in item:
                continue  # PEP 735: the included group is read on its own
            if not isinstance(item, str):
                self.diagnostics.append(invalid_file(
                    where, f"`{'.'.join(map(str, key))}` entries must be strings"
                ))
                continue
            self.pep508(item, where, group)

    def pep508(self, text: str, where: Location, group: str) -> None:
        from ddlint.parsers.requirements import _from_specifier

        found = _from_specifier(text, where)
        if isinstance(found, Diagnostic):
            self.diagnostics.append(found)
            return
        self.dependencies.append(Dependency(
            name=found.name, location=where, version=found.version, specifier=found.specifier,
            marker=found.marker, extras=found.extras, groups=(group,), url=found.url,
        ))

    # --- Poetry tables --------------------------------------------------------------------

    def poetry_table(self, table: Any, key: Key, group: str) -> None:
        if not isinstance(table, dict):
            return
        for name, value in table.items():
            if normalize_name(name) == "python":
                # The project's own Python range (requires_python); a bad one is reported here.
                self.poetry_python(value, self.where.key(self.path, *key, name)
                                   or self.location(*key, name))
                continue
            if isinstance(value, list):
                for index, item in enumerate(value):
                    self.poetry_entry(name, item, self.location(*key, name, index), group)
            else:
                where = self.where.key(self.path, *key, name) or self.location(*key, name)
                self.poetry_entry(name, value, where, group)

    def poetry_python(self, value: Any, where: Location) -> None:
        from ddlint.poetry_constraints import to_pep440

        if not isinstance(value, str):
            return
        try:
            to_pep440(value)
        except ValueError as error:
            self.diagnostics.append(invalid_file(where, f"python: {error}"))

    def poetry_entry(self, name: str, value: Any, where: Location, group: str) -> None:
        from ddlint.poetry_constraints import translate

        if isinstance(value, str):
            value = {"version": value}
        if not isinstance(value, dict):
            self.diagnostics.append(invalid_file(
                where, f"dependency {quoted(name)} must be a version constraint or a table"
            ))
            return
        url = next((value[k] for k in ("git", "url", "path") if isinstance(value.get(k), str)),
                   None)
        constraint = value.get("version", "" if url else "*")
        if not isinstance(constraint, str):
            self.diagnostics.append(invalid_file(where, f"{name}: `version` must be a string"))
            return
        try:
            markers = list(poetry_markers(value))
        except ValueError as error:
            self.diagnostics.append(invalid_file(where, f"{name}: {error}"))
            return
        translated, problems = translate(constraint) if constraint else ("", [])
        for problem in problems[:1]:  # one finding per entry; the parts read still count
            self.diagnostics.append(invalid_file(where, f"{name}: {problem}"))
        if translated is None:
            return
        specifiers = [translated]
        from ddlint.poetry_constraints import alternatives

        extras = value.get("extras", [])
        extras = tuple(sorted(e for e in extras if isinstance(e, str))) if isinstance(
            extras, list) else ()
        marker = " and ".join(f"({m})" for m in markers) if len(markers) > 1 else (
            markers[0] if markers else None)
        # PEP 440 has no "or": ``^1.7 || ^2.0`` is one entry per alternative, same line.
        for specifier in alternatives(specifiers[0]):
            self.dependencies.append(Dependency(
                name=normalize_name(name), location=where,
                version=_exact(specifier), specifier=specifier, marker=marker,
                extras=extras, groups=(group,), url=url,
            ))


def _exact(specifier: str) -> Optional[str]:
    if not specifier:
        return None
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        return exact_version(SpecifierSet(specifier))
    except InvalidSpecifier:
        return None


def poetry_markers(value: dict[str, Any]) -> Iterator[str]:
    """Poetry's ``python``, ``platform`` and ``markers`` keys as PEP 508 markers."""
    from ddlint.poetry_constraints import python_marker

    python = value.get("python")
    if isinstance(python, str):
        marker = python_marker(python)
        if marker:
            yield marker
    platform = value.get("platform")
    if isinstance(platform, str) and platform:
        yield f"sys_platform == {platform!r}"
    markers = value.get("markers")
    if isinstance(markers, str) and markers.strip():
        yield markers.strip()
