"""Where a constraint is declared in a file a person writes (its format's parser module says:
``declarations(text, path)``), and the Fix that rewrites it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Optional, Union

from ddlint.file_formats import FORMATS
from ddlint.fixing.edits import Fix, NoFix, span_edit
from ddlint.fixing.narrowing import (
    Narrowed,
    Result,
    SupportedRange,
    narrow,
    narrow_requires_python,
)
from ddlint.model import ConstraintSpan, normalize_name
from ddlint.parsers.base import NotEditableError

__all__ = ["Index", "NotEditableError", "declared", "find", "fix_for", "to_fix"]

# What a constraint written by a fix never holds: it could end a TOML string or a requirement.
_UNSAFE_IN_CONSTRAINT = frozenset("\"'\\\n\r#;")


def find(declarations: Sequence[ConstraintSpan], name: str, line: int) -> Optional[ConstraintSpan]:
    """The declaration of ``name`` at ``line`` (where a diagnostic's Dependency points), else
    the first one of that name after it (a Poetry table's key line precedes its version)."""
    return Index(declarations).find(name, line)


class Index:
    """A file's declarations by name and line: ``find`` is a search, not a scan, so that a fix
    per finding stays linear in the number of findings."""

    def __init__(self, declarations: Sequence[ConstraintSpan]) -> None:
        self._named: dict[str, list[ConstraintSpan]] = {}
        for declaration in declarations:
            self._named.setdefault(declaration.name, []).append(declaration)
        for found in self._named.values():
            found.sort(key=lambda d: d.line)  # stable: file order within a line
        self._lines = {name: [d.line for d in found] for name, found in self._named.items()}

    def find(self, name: str, line: int) -> Optional[ConstraintSpan]:
        """``find``'s answer."""
        import bisect

        name = normalize_name(name)
        found = self._named.get(name, [])
        index = bisect.bisect_left(self._lines.get(name, []), line)
        return found[index] if index < len(found) else None


def to_fix(text: str, declaration: ConstraintSpan, result: Result, description: str = "",
           starts: Optional[Sequence[int]] = None) -> Union[Fix, NoFix]:
    """The Fix that writes ``result`` (from narrowing) over the declaration's constraint in
    ``text`` (``starts``: its ``line_starts``, when the caller has them). The new constraint
    holds no quote, backslash, line break, ``#`` or ``;``: it changes nothing of the file but
    that constraint."""
    if declaration.problem is not None:
        return NoFix(declaration.problem)
    if not isinstance(result, Narrowed):
        return result
    new = result.text
    if declaration.start == declaration.end:
        new = new.strip()
    if new == declaration.specifier:
        return NoFix("already inside the supported range", satisfied=True)
    if _UNSAFE_IN_CONSTRAINT.intersection(new):
        return NoFix("the edit would change more of the file than the constraint")
    edit = span_edit(declaration.path, text, declaration.start, declaration.end,
                     new + declaration.joints, starts=starts)
    shown = new or "no constraint"
    what = description or (f"{declaration.name}: {declaration.specifier or 'no constraint'} -> "
                           f"{shown}")
    return Fix(result.applicability, (edit,), what, result.why_unsafe)


def declared(text: str, path: PurePath, kind: str) -> list[ConstraintSpan]:
    """The declarations of a file of ``kind`` (a ddlint.model.FileKind value) from its format's
    parser module; raises NotEditableError for a file it must not edit (generated,
    hash-pinned, no valid TOML) and for a format no person writes (its row is not ``edited``)."""
    for row in FORMATS:
        if row.kind.value == kind and row.edited:
            module = __import__(row.parser, fromlist=["declarations"])
            found: list[ConstraintSpan] = module.declarations(text, path)
            return found
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
