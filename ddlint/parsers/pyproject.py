"""pyproject.toml: the ranges a project declares (PEP 621, PEP 735, Poetry, uv, PDM), each at
the line of its string or key, Poetry constraints translated to PEP 440."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Any, Literal, Optional

from ddlint import manifest, records
from ddlint.model import (
    ConstraintSpan,
    Dependency,
    DependencyFile,
    Diagnostic,
    FileKind,
    Location,
    normalize_name,
    quoted,
)
from ddlint.parsers import toml_source
from ddlint.parsers.base import (
    NotEditableError,
    exact_version,
    invalid_file,
    requirement_specifier,
)
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
        from ddlint.versions import alternatives

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


# --- what --fix edits: the span of each declared constraint -----------------------------------

# How a string is written: a PEP 508 requirement, a bare PEP 440 specifier, Poetry syntax.
_Form = Literal["pep508", "pep440", "poetry"]
_POETRY_TABLES = ("dependencies", "dev-dependencies")


def declarations(text: str, path: PurePath) -> list[ConstraintSpan]:
    """Every dependency constraint and ``requires-python`` the file declares (PEP 621, PEP 735,
    Poetry, uv, PDM), in file order, with the span of the constraint inside its string;
    ``text`` is the file without its BOM. Raises NotEditableError when it is no valid TOML.

    The parse's own reading (tomllib's values, ``toml_source.positions``' tokens, once per
    text and run) gives each string's place; the edit replaces characters inside the string,
    and a string whose text differs from its value (escapes, a line continuation, the newline
    after opening triple quotes) is left to the user. A constraint holds no quote, backslash
    or line break (``fixing.declarations.to_fix`` checks the new one), so nothing else of the
    document can change."""
    from ddlint import toml

    try:
        document = toml.loads(text)
    except toml.TOMLDecodeError as error:
        raise NotEditableError(f"{path.name} is no valid TOML, not touched: {error}") from None
    located = toml_source.positions(text)
    found = []
    for key, form, where in _strings(document):
        place, starts = located.strings.get(key), located.values.get(key)
        value = _get_optional(document, key)
        if place is not None and starts is not None and isinstance(value, str):
            declaration = _declaration(path, (key, form, where), (*place, *starts), value)
            if declaration is not None:
                found.append(declaration)
    return sorted(found, key=lambda d: d.start)


def _strings(data: dict[str, Any]) -> Iterator[tuple[Key, _Form, str]]:
    """(key path, syntax, where) of every string holding a constraint."""
    project = data.get("project")
    if isinstance(project, dict):
        if isinstance(project.get("requires-python"), str):
            yield ("project", "requires-python"), "pep440", "project.requires-python"
        yield from _array(data, ("project", "dependencies"), "project.dependencies")
        extras = project.get("optional-dependencies")
        if isinstance(extras, dict):
            for extra in extras:
                yield from _array(data, ("project", "optional-dependencies", extra),
                                  "project.optional-dependencies")
    groups = data.get("dependency-groups")
    if isinstance(groups, dict):
        for group in groups:
            yield from _array(data, ("dependency-groups", group), "dependency-groups")
    tool = data.get("tool")
    if not isinstance(tool, dict):
        return
    uv = tool.get("uv")
    if isinstance(uv, dict):
        yield from _array(data, ("tool", "uv", "dev-dependencies"), "tool.uv.dev-dependencies")
    pdm = tool.get("pdm")
    if isinstance(pdm, dict) and isinstance(pdm.get("dev-dependencies"), dict):
        for group in pdm["dev-dependencies"]:
            yield from _array(data, ("tool", "pdm", "dev-dependencies", group),
                              "tool.pdm.dev-dependencies")
    poetry = tool.get("poetry")
    if isinstance(poetry, dict):
        for table in _POETRY_TABLES:
            yield from _poetry(data, ("tool", "poetry", table))
        poetry_groups = poetry.get("group")
        if isinstance(poetry_groups, dict):
            for group in poetry_groups:
                yield from _poetry(data, ("tool", "poetry", "group", group, "dependencies"))


def _array(data: dict[str, Any], key: Key, where: str) -> Iterator[tuple[Key, _Form, str]]:
    values = _get_optional(data, key)
    if isinstance(values, list):
        for index, value in enumerate(values):
            if isinstance(value, str):  # PEP 735's {include-group = ...} tables are no strings
                yield (*key, index), "pep508", where


def _poetry(data: dict[str, Any], key: Key) -> Iterator[tuple[Key, _Form, str]]:
    table = _get_optional(data, key)
    if not isinstance(table, dict):
        return
    for name, value in table.items():
        if isinstance(value, str):
            yield (*key, name), "poetry", "poetry"
        elif isinstance(value, dict) and isinstance(value.get("version"), str):
            yield (*key, name, "version"), "poetry", "poetry"
        elif isinstance(value, list):  # multiple constraints, one table per environment
            for index, item in enumerate(value):
                if isinstance(item, dict) and isinstance(item.get("version"), str):
                    yield (*key, name, index, "version"), "poetry", "poetry"


def _get_optional(data: Any, key: Key) -> Any:
    for part in key:
        if isinstance(data, list) and isinstance(part, int):
            if part >= len(data):
                return None
            data = data[part]
        elif isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
        else:
            return None
    return data


def _poetry_name(key: Key) -> str:
    """The package a Poetry key path declares: the key after the dependencies table."""
    # (tool, poetry, dependencies, NAME, ...) or (tool, poetry, group, G, dependencies, NAME, ...)
    return str(key[5] if key[2] == "group" else key[3])


def _declaration(path: PurePath, target: tuple[Key, _Form, str],
                 place: tuple[int, str, int, int], value: str) -> Optional[ConstraintSpan]:
    """``target``: the string's key, syntax and table; ``place``: its offset, its text as
    written, its line and column."""
    key, form, where = target
    start, raw, line, column = place
    quote = 3 if raw.startswith(('"""', "'''")) else 1
    content_start = start + quote
    problem = None
    if raw[quote:len(raw) - quote] != value:
        problem = "the string has escape sequences or line continuations: edit it by hand"
    if where == "project.requires-python":
        name, begin, end = "python", 0, len(value)
    elif form == "poetry":
        name = normalize_name(_poetry_name(key))
        stripped = value.strip()
        begin = len(value) - len(value.lstrip())
        end = begin + len(stripped)
    else:
        located = requirement_specifier(value)
        if located is None:
            return None
        name, begin, end = located
    return ConstraintSpan(path, name, "poetry" if form == "poetry" else "pep440", value[begin:end],
                       content_start + begin, content_start + end, line, column, where, key,
                       problem)
