"""pyproject.toml: where each dependency constraint is declared (PEP 621, PEP 735, Poetry,
uv, PDM, ``requires-python``), located with tomlkit's parse, and a check that an edit changed
nothing but that one string.

Why span edits rather than tomlkit's own writing (measured with tomlkit 0.15, see
tests/test_fixing_pyproject.py): tomlkit round-trips CRLF line endings and comments inside
arrays exactly, but assigning a new value writes a ``'literal'`` string back as a ``"basic"``
one, and a file that begins with a UTF-8 BOM does not parse at all. Edits must also carry a line
and column for JSON and SARIF, which tomlkit does not give. So tomlkit finds the string (its
parse is the one that knows TOML's grammar), the edit replaces the characters of the
constraint inside it, and parsing the result proves that nothing else changed.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any, Literal, Optional

from ddlint.fixing.declaration import Declaration, Key, requirement_specifier
from ddlint.fixing.edits import line_starts, position
from ddlint.fixing.narrowing import Syntax
from ddlint.model import normalize_name

# How a string is written: a PEP 508 requirement, a bare PEP 440 specifier, Poetry syntax.
_Form = Literal["pep508", "pep440", "poetry"]
_SENTINEL = "ddlintfixinglocation"
_POETRY_TABLES = ("dependencies", "dev-dependencies")


class UnparsableError(ValueError):
    """The file is no valid TOML: nothing in it is touched."""


def declarations(text: str, path: PurePath) -> list[Declaration]:
    """Every dependency constraint and ``requires-python`` the file declares, in file order.
    ``text`` is the file without its BOM; raises UnparsableError when it is no valid TOML."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    from ddlint.toml import TOMLDecodeError, loads

    try:
        loads(text)
        document = tomlkit.parse(text)
    except (TOMLDecodeError, TOMLKitError) as error:
        raise UnparsableError(str(error)) from None
    if document.as_string() != text:
        raise UnparsableError("tomlkit does not read this file back unchanged")
    targets = list(_strings(document.unwrap()))
    places = _places(text, document, [key for key, _, _ in targets])
    found = []
    for target, place in zip(targets, places):
        if place is not None:
            declaration = _declaration(text, path, target, place)
            if declaration is not None:
                found.append(declaration)
    return sorted(found, key=lambda d: d.start)


def changes_only(before: str, after: str, declaration: Declaration) -> bool:
    """True when ``after`` parses and differs from ``before`` only in the declaration's
    string (its constraint, nothing else of the file's data)."""
    from ddlint.toml import TOMLDecodeError, loads

    try:
        old, new = loads(before), loads(after)
    except TOMLDecodeError:
        return False
    assert declaration.key is not None
    expected = copy.deepcopy(old)
    container: Any = expected
    for part in declaration.key[:-1]:
        container = container[part]
    container[declaration.key[-1]] = _get(new, declaration.key)
    return expected == new and _get(new, declaration.key) != _get(old, declaration.key)


def _get(document: Any, key: Key) -> Any:
    for part in key:
        document = document[part]
    return document


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
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
        else:
            return None
    return data


def _poetry_name(key: Key) -> str:
    """The package a Poetry key path declares: the key after the dependencies table."""
    # (tool, poetry, dependencies, NAME, ...) or (tool, poetry, group, G, dependencies, NAME, ...)
    return str(key[5] if key[2] == "group" else key[3])


def _places(text: str, document: Any, keys: list[Key]) -> list[Optional[tuple[int, Any]]]:
    """Where each string at ``keys`` starts in ``text`` (with its tomlkit item), found in one
    pass: every string is replaced by a numbered marker of the same kind, the document written
    once, and the markers' places mapped back to the original (checked: putting the original
    strings back gives the original text exactly). None for a value that is no string."""
    from tomlkit.items import String

    marker = _SENTINEL
    while marker in text:
        marker += "x"
    items: list[Any] = []
    for number, key in enumerate(keys):
        container = document
        for part in key[:-1]:
            container = container[part]
        item = container[key[-1]]
        if isinstance(item, String):
            container[key[-1]] = String.from_raw(f"{marker}{number:06d}", type_=item.type)
            items.append(item)
        else:
            items.append(None)
    marked = document.as_string()
    places: list[Optional[tuple[int, Any]]] = [None] * len(keys)
    pieces, position, shift = [], 0, 0
    for found in re.finditer(re.escape(marker) + r"(\d{6})", marked):
        number = int(found.group(1))
        item = items[number]
        raw = item.as_string()
        quote = 3 if item.type.is_multiline() else 1
        start = found.start() - quote
        pieces += [marked[position:start], raw]
        position = found.end() + quote
        places[number] = (start + shift, item)
        shift += len(raw) - (position - start)
    if "".join(pieces) + marked[position:] != text:
        return [None] * len(keys)
    return places


def _declaration(text: str, path: PurePath, target: tuple[Key, _Form, str],
                 place: tuple[int, Any]) -> Optional[Declaration]:
    key, form, where = target
    start, item = place
    raw = item.as_string()
    quote = 3 if item.type.is_multiline() else 1
    value = str(item)
    content_start = start + quote
    line, column = position(line_starts(text), start)
    problem = None
    if raw[quote:len(raw) - quote] != value:
        problem = "the string has escape sequences or line continuations: edit it by hand"
    if where == "project.requires-python":
        name, begin, end = "python", 0, len(value)
    elif form == "poetry":
        name = normalize_name(_poetry_name(key))
        begin, end = _trimmed(value)
    else:
        located = requirement_specifier(value)
        if located is None:
            return None
        name, begin, end = located
    syntax: Syntax = "poetry" if form == "poetry" else "pep440"
    return Declaration(path, name, syntax, value[begin:end], content_start + begin,
                       content_start + end, line, column, where, key, problem)


def _trimmed(value: str) -> tuple[int, int]:
    stripped = value.strip()
    begin = len(value) - len(value.lstrip())
    return begin, begin + len(stripped)
