"""One declared constraint in a file a person writes: the ``Declaration`` record the
format readers (``requirements``, ``pyproject``) produce and ``declarations`` turns into fixes."""

from __future__ import annotations

from pathlib import PurePath
from typing import Optional, Union

from ddlint.fixing.narrowing import Syntax
from ddlint.model import normalize_name
from ddlint.patterns import lazy
from ddlint.records import dataclass

# A PEP 508 requirement up to its specifier: name, then optional extras.
_NAME = lazy(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)(\s*\[[^\]]*\])?")

Key = tuple[Union[str, int], ...]


@dataclass(frozen=True)
class Declaration:
    """One declared constraint. ``start``/``end`` are offsets of the constraint's text (the
    specifier only: no name, extras, marker or comment) in the file's text without a BOM; an
    empty span where a requirement has no specifier yet. ``line``/``column`` are where the
    entry starts (a requirement's line, a TOML string's opening quote). ``key`` is the TOML key
    path of the string (None in a requirements file). ``problem`` says why it cannot be
    edited (e.g. a TOML string with escape sequences)."""

    path: PurePath
    name: str
    syntax: Syntax
    specifier: str
    start: int
    end: int
    line: int
    column: int
    where: str
    key: Optional[Key] = None
    problem: Optional[str] = None


def requirement_specifier(requirement: str) -> Optional[tuple[str, int, int]]:
    """The normalized name and the span of the specifier in a PEP 508 requirement string
    (``django[bcrypt]>=1.5; python_version < "3.9"``), or None for a URL requirement or text
    that is no requirement. The span ends before the marker and surrounding white space."""
    found = _NAME.match(requirement)
    if found is None:
        return None
    start = found.end()
    stop = len(requirement)
    for end_mark in (";", " #", "\t#", " --", "\t--", "\\"):
        index = requirement.find(end_mark, start)
        if index != -1:
            stop = min(stop, index)
    spec = requirement[start:stop]
    if "@" in spec or "#" in spec:
        return None
    stripped = spec.strip()
    if not stripped:
        return normalize_name(found.group(1)), found.end(), found.end()
    lead = len(spec) - len(spec.lstrip())
    return normalize_name(found.group(1)), start + lead, start + lead + len(stripped)
