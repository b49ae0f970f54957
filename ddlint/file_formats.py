"""The dependency-file formats ddlint reads: one row per format.

A row names the files of its format, the parser module that reads them, the tool that writes
them and that tool's commands, in the words of the fixes. ``parsers.detect``, the command
line's help and messages, and the fix wording (``ddlint.fixes``) all read these rows: adding a
format is a row here, a ``FileKind`` and its parser module. (The pre-commit hook's ``files``
pattern is tested against ``detect``.)
"""

from __future__ import annotations

from typing import Optional

from ddlint.model import FileKind
from ddlint.records import dataclass


@dataclass(frozen=True)
class FileFormat:
    """One dependency-file format."""

    kind: FileKind
    parser: str  # the module with ``parse(path) -> DependencyFile``, imported when needed
    shown: str  # how messages list the files it reads
    help_rank: int  # where ``--help`` names it (most used first)
    names: tuple[str, ...] = ()  # exact file names
    patterns: tuple[str, ...] = ()  # fnmatch patterns over the name, case-sensitive
    any_case_patterns: tuple[str, ...] = ()  # fnmatch patterns over the lower-cased name
    folders: tuple[str, ...] = ()  # folders whose .txt and .in files are of this format
    tool: Optional[str] = None  # the tool that writes it; None: written by hand
    upgrade: Optional[str] = None  # the tool's command moving one package ({name}) up
    relock: Optional[str] = None  # the tool's command re-resolving the lock from its manifest
    manifest: Optional[str] = None  # the file (beside the lock) its tool locks, by name
    edited: bool = False  # a person writes it: ``--fix`` edits it (its parser module has
    # ``declarations(text, path)``, the spans a fix edits); every other format is never edited

    @property
    def title(self) -> str:
        """The format's name, as ``FileKind`` spells it (``uv.lock``, ``requirements``)."""
        return self.kind.value


FORMATS: tuple[FileFormat, ...] = (
    FileFormat(
        FileKind.REQUIREMENTS, "ddlint.parsers.requirements",
        shown="requirements*.txt and *.in, constraints*.txt, requirements/*.txt", help_rank=1,
        any_case_patterns=("*requirements*.txt", "*requirements*.in", "constraints*.txt"),
        folders=("requirements", "requirements.d"), edited=True,
    ),
    FileFormat(FileKind.PYPROJECT, "ddlint.parsers.pyproject", shown="pyproject.toml",
               help_rank=4, names=("pyproject.toml",), edited=True),
    FileFormat(FileKind.UV_LOCK, "ddlint.parsers.uv_lock", shown="uv.lock", help_rank=2,
               names=("uv.lock",), tool="uv", upgrade="uv lock --upgrade-package {name}",
               relock="uv lock", manifest="pyproject.toml"),
    FileFormat(FileKind.POETRY_LOCK, "ddlint.parsers.poetry_lock", shown="poetry.lock",
               help_rank=3, names=("poetry.lock",), tool="poetry",
               upgrade="poetry update {name}", relock="poetry lock", manifest="pyproject.toml"),
    FileFormat(FileKind.PDM_LOCK, "ddlint.parsers.pdm_lock", shown="pdm.lock", help_rank=6,
               names=("pdm.lock",), tool="pdm", upgrade="pdm update {name}",
               relock="pdm lock", manifest="pyproject.toml"),
    FileFormat(FileKind.PIPFILE_LOCK, "ddlint.parsers.pipfile_lock", shown="Pipfile.lock",
               help_rank=7, names=("Pipfile.lock",), tool="pipenv",
               upgrade="pipenv upgrade {name}", relock="pipenv lock", manifest="Pipfile"),
    # pylock.toml is written by several tools; the file names its own (``created-by``), and
    # ddlint.fixes words the fix for it.
    FileFormat(FileKind.PYLOCK, "ddlint.parsers.pylock", shown="pylock.toml", help_rank=5,
               names=("pylock.toml",), patterns=("pylock.*.toml",),  # PEP 751 named locks
               manifest="pyproject.toml"),
)

BY_KIND: dict[FileKind, FileFormat] = {row.kind: row for row in FORMATS}


def described() -> str:
    """The formats as ``--help`` names them: ``requirements, uv.lock, ...``."""
    return ", ".join(row.title for row in sorted(FORMATS, key=lambda row: row.help_rank))


def shown() -> str:
    """The files ddlint reads, as messages list them."""
    return ", ".join(row.shown for row in FORMATS)
