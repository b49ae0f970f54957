"""One deployment file as read (``Source``), and which source kind module reads it."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Optional

from ddlint.model import Declaration, Location
from ddlint.patterns import lazy
from ddlint.records import dataclass

# How a declaration derived from a tool's default says so: such a default gives way to a tag
# set in the same scope (``ddlint.deployment._overridden``).
DEFAULT_DETAIL = "the default of "
# What a file must hold (any case) to be worth reading line by line: a fast test that spares a
# repository's YAML and sources that say nothing of Datadog.
_MARKERS = (b"datadog", b"ddtrace", b"dd_agent", b"agents:")


# The most of a deployment file read: larger ones are generated or data, not configuration.
MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """A deployment file that could not be read as one (too large, not UTF-8, unreadable)."""

    location: Location
    message: str


@dataclass(frozen=True)
class Source:
    """A deployment file's text; ``path`` as shown (relative to the current folder below it)."""

    path: Path
    text: str

    def location(self, line: int) -> Location:
        return Location(self.path, line)

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def declaration(self, kind: str, state: str, version: Optional[str], declared: str,
                    line: int, *, via: str, detail: str = "") -> Declaration:
        return Declaration(kind, state, version, declared.strip(), self.location(line), via,
                           detail=detail)


def open_source(path: Path, problems: list[Problem]) -> Optional[Source]:
    """The file's text, or None: outside the repository, unreadable, too large, not UTF-8
    (a problem is recorded), or saying nothing of Datadog (silently)."""
    from ddlint import reading
    from ddlint.repository import leaves_repository

    shown = _shown(path)
    if leaves_repository(path):
        problems.append(Problem(Location(shown, 1), "a symlink to outside the repository: "
                                                    "not read"))
        return None
    try:
        data = reading.read_bytes(path, MAX_BYTES)
    except OSError as error:
        problems.append(Problem(Location(shown, 1), f"cannot be read: {error.strerror or error}"))
        return None
    lowered = data.lower()
    if not any(marker in lowered for marker in _MARKERS):
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.append(Problem(Location(shown, line), "not UTF-8 text: not read"))
        return None
    return Source(shown, text.replace("\r\n", "\n").replace("\r", "\n"))


def _shown(path: Path) -> Path:
    relative = os.path.relpath(path) if path.is_absolute() else os.fspath(path)
    return path if relative.startswith("..") else Path(relative)


_REFERENCE = lazy(r"\$\{(?P<name>\w+)(?:(?P<op>:?-)(?P<default>[^}]*))?\}|\$(?P<bare>\w+)")


def interpolate(text: str, variables: dict[str, str]) -> Optional[str]:
    """``text`` with ``${VAR}``, ``${VAR:-default}``, ``${VAR-default}`` and ``$VAR`` replaced
    from ``variables`` (one hop: a value's own variables are not replaced), else by the
    default; None when a variable has neither."""
    missing = False

    def value(match: re.Match[str]) -> str:
        nonlocal missing
        name = match.group("name") or match.group("bare")
        if name in variables and (variables[name] or match.group("op") != ":-"):
            return variables[name]
        if match.group("op") is not None:
            return match.group("default")
        missing = True
        return ""

    result = _REFERENCE.sub(value, text)
    return None if missing else result


def sibling_text(source: Source, name: str) -> Optional[str]:
    """The text of the file ``name`` beside ``source`` (a compose file's ``.env``, a Terraform
    module's other files), read through the one reader inside the repository; None when it
    is absent or cannot be read."""
    from ddlint import reading
    from ddlint.repository import leaves_repository

    path = source.path.parent / name
    if not path.is_file() or leaves_repository(path):
        return None
    try:
        return reading.read_text(path, MAX_BYTES)
    except (OSError, UnicodeDecodeError):
        return None
