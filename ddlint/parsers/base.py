"""What every parser shares: reading a file safely and reporting a malformed one (DDL001)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ddlint.model import Diagnostic, Location, Severity, normalize_name
from ddlint.patterns import lazy

# The repository bound of every read (ddlint.repository): the configuration reader uses it too.
from ddlint.repository import leaves_repository

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet

# A PEP 508 requirement up to its specifier: name, then optional extras.
_NAME = lazy(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)(\s*\[[^\]]*\])?")


class NotEditableError(ValueError):
    """A file ``--fix`` must not edit (generated, hash-pinned, no valid TOML); says why. A
    format's ``declarations(text, path)`` raises it."""


def invalid_file(where: Location, message: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    """A DDL001 finding at ``where``. (Parsers do not import the rules: the name is
    ``rules.meta.INVALID_FILE``'s, which a test checks.)"""
    return Diagnostic(code="DDL001", name="invalid-file", severity=severity, message=message,
                      location=where)


def split_lines(text: str) -> list[str]:
    """Split on the line endings editors count (LF, CRLF), nothing else."""
    return text.replace("\r\n", "\n").split("\n")


def read_text(path: Path) -> tuple[Optional[str], Optional[Diagnostic]]:
    """Read a file as UTF-8 (a BOM is allowed).

    Returns the text (None when the file cannot be read at all) and a DDL001 finding when
    something was wrong. Bytes that are not UTF-8 are reported at their position and replaced,
    so that the rest of the file is still checked.
    """
    if leaves_repository(path):
        return None, invalid_file(
            Location(path, 1, 1), "a symlink to a file outside the repository, not read")
    from ddlint.reading import Unreadable, read_bytes

    try:
        data = read_bytes(path)  # a FIFO or device would block or never end: refused
    except Unreadable as error:
        return None, invalid_file(Location(path, 1, 1), (
            "not a regular file, not read" if error.special else f"{error.strerror}, not read"))
    except IsADirectoryError:
        return None, invalid_file(Location(path, 1, 1), "is a directory, not a dependency file")
    except FileNotFoundError:
        return None, invalid_file(Location(path, 1, 1), "no such file")
    except OSError as error:
        return None, invalid_file(Location(path, 1, 1), f"cannot read file: {error.strerror}")
    # A leading BOM is dropped as "utf-8-sig" drops it; that codec also shifts the positions of
    # its errors by the BOM's three bytes (and costs an import).
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[bom:].decode("utf-8"), None
    except UnicodeDecodeError as error:
        start = error.start + bom
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        problem = invalid_file(
            Location(path, line, column),
            f"not valid UTF-8: byte 0x{data[start]:02x} cannot be decoded",
        )
        return data[bom:].decode("utf-8", errors="replace"), problem


def exact_version(specifier: SpecifierSet) -> Optional[str]:
    """The one version a specifier pins (``==1.2`` or ``===1.2``), else None."""
    specs = list(specifier)
    if len(specs) != 1:
        return None
    spec = specs[0]
    if spec.operator == "===" or (spec.operator == "==" and not spec.version.endswith(".*")):
        return spec.version
    return None


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
