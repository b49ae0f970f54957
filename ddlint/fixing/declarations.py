"""Where a constraint is declared in a file a person writes, and the Fix that rewrites it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Optional, Union

from ddlint.fixing.declaration import Declaration
from ddlint.fixing.edits import Fix, NoFix, apply_edits, span_edit
from ddlint.fixing.narrowing import (
    Narrowed,
    Result,
    SupportedRange,
    narrow,
    narrow_requires_python,
)
from ddlint.model import normalize_name


def find(declarations: Sequence[Declaration], name: str, line: int) -> Optional[Declaration]:
    """The declaration of ``name`` at ``line`` (where a diagnostic's Dependency points), else
    the first one of that name after it (a Poetry table's key line precedes its version)."""
    name = normalize_name(name)
    named = [d for d in declarations if d.name == name]
    exact = [d for d in named if d.line == line]
    after = sorted((d for d in named if d.line > line), key=lambda d: d.line)
    found = exact or after
    return found[0] if found else None


def to_fix(text: str, declaration: Declaration, result: Result, description: str = "") -> Union[
        Fix, NoFix]:
    """The Fix that writes ``result`` (from narrowing) over the declaration's constraint in
    ``text``; a TOML edit is checked by parsing the result: only that one value may change."""
    if declaration.problem is not None:
        return NoFix(declaration.problem)
    if not isinstance(result, Narrowed):
        return result
    new = result.text
    if declaration.start == declaration.end:
        new = new.strip()
    if new == declaration.specifier:
        return NoFix("already inside the supported range", satisfied=True)
    edit = span_edit(declaration.path, text, declaration.start, declaration.end, new)
    if declaration.key is not None:
        from ddlint.fixing.pyproject import changes_only

        if not changes_only(text, apply_edits(text, [edit]), declaration):
            return NoFix("the edit would change more of the file than the constraint")
    shown = new or "no constraint"
    what = description or (f"{declaration.name}: {declaration.specifier or 'no constraint'} -> "
                           f"{shown}")
    return Fix(result.applicability, (edit,), what, result.why_unsafe)


class NotEditableError(ValueError):
    """A file --fix must not edit (generated, hash-pinned, no valid TOML); says why."""


def declared(text: str, path: PurePath, kind: str) -> list[Declaration]:
    """The declarations of a file of ``kind`` (``requirements`` or ``pyproject.toml``, the
    ddlint.model.FileKind values); raises NotEditableError for a generated or hash-pinned
    requirements file, a pyproject.toml that does not parse, and any other kind."""
    if kind == "requirements":
        from ddlint.fixing import requirements

        reason = requirements.generated_reason(text, path)
        if reason is not None:
            raise NotEditableError(reason)
        return requirements.declarations(text, path)
    if kind == "pyproject.toml":
        from ddlint.fixing import pyproject

        try:
            return pyproject.declarations(text, path)
        except pyproject.UnparsableError as error:
            raise NotEditableError(f"{path.name} is no valid TOML, not touched: {error}") from None
    raise NotEditableError(f"{path.name}: a {kind} file is never edited by --fix")


def fix_for(text: str, path: PurePath, kind: str, name: str, line: int, *,
            supported: SupportedRange) -> Union[Fix, NoFix]:
    """The fix for a finding on ``name`` at ``line`` of a file: its declaration narrowed to
    ``supported`` (for ``python``, ``requires-python`` raised to ``supported.minimum``). ``text``
    is the file without its BOM (``edits.decode``)."""
    try:
        found = find(declared(text, path, kind), name, line)
    except NotEditableError as error:
        return NoFix(str(error))
    if found is None:
        return NoFix(f"no editable declaration of {name} at line {line} of {path.name}")
    if found.name == "python":
        if supported.minimum is None:
            return NoFix("no minimum Python to raise requires-python to")
        return to_fix(text, found, narrow_requires_python(found.specifier, supported.minimum,
                                                          found.syntax))
    return to_fix(text, found, narrow(found.specifier, supported, found.syntax))
