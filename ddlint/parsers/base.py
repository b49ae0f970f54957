"""What every parser shares: reading a file safely and reporting a malformed one (DDL001)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ddlint import reading
from ddlint.model import Diagnostic, Location, Severity
from ddlint.repository import enclosing_repository

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet


def invalid_file(where: Location, message: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    """A DDL001 finding at ``where``."""
    return Diagnostic(code="DDL001", severity=severity, message=message, location=where)


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
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or device would block or never end
            if path.is_dir():
                raise IsADirectoryError(path)
            return None, invalid_file(Location(path, 1, 1), "not a regular file, not read")
        data = reading.read_bytes(path)
    except IsADirectoryError:
        return None, invalid_file(Location(path, 1, 1), "is a directory, not a dependency file")
    except FileNotFoundError:
        return None, invalid_file(Location(path, 1, 1), "no such file")
    except OSError as error:
        return None, invalid_file(Location(path, 1, 1), f"cannot read file: {error.strerror}")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problem = invalid_file(
            Location(path, line, column),
            f"not valid UTF-8: byte 0x{data[error.start]:02x} cannot be decoded",
        )
        return data.decode("utf-8-sig", errors="replace"), problem


def repository_of(path: Path) -> Optional[Path]:
    """The repository holding ``path``: the nearest folder upwards with ``.git`` (a folder, or
    a file in worktrees and submodules), symlinks resolved; None outside any repository."""
    top = enclosing_repository(Path(os.path.abspath(path)).parent)
    return real_path(top) if top is not None else None


def real_path(path: Path) -> Path:
    """``path`` with symlinks resolved as far as they go (a symlink loop stops there)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop before Python 3.13
        return Path(os.path.abspath(path))


def leaves_repository(path: Path) -> bool:
    """Whether ``path`` lies in a repository but is a symlink (or inside a symlinked folder)
    to somewhere outside it. Reading it would let a file in a pull request pull any file of
    the CI machine (``/etc/passwd``) into the report, line by line."""
    real = real_path(path)
    if real == Path(os.path.abspath(path)):
        return False  # no symlink on the way: nothing to escape through
    repository = repository_of(path)
    return repository is not None and not real.is_relative_to(repository)


def exact_version(specifier: SpecifierSet) -> Optional[str]:
    """The one version a specifier pins (``==1.2`` or ``===1.2``), else None."""
    specs = list(specifier)
    if len(specs) != 1:
        return None
    spec = specs[0]
    if spec.operator == "===" or (spec.operator == "==" and not spec.version.endswith(".*")):
        return spec.version
    return None
