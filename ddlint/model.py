"""The plain data that flows between ddlint's stages: dependencies, files, diagnostics."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

_NORMALIZE = re.compile(r"[-_.]+")


def normalize_name(name: str) -> str:
    """Return the PEP 503 normalized form of a distribution name."""
    return _NORMALIZE.sub("-", name).lower()


def quoted(value: object, limit: int = 40) -> str:
    """``repr(value)`` for a message, cut short: a value taken from a file or an option can be
    megabytes long."""
    if isinstance(value, str):
        return repr(value if len(value) <= limit else value[:limit] + "...")
    shown = repr(value)
    return shown if len(shown) <= limit else shown[:limit] + "..."


class Severity(enum.IntEnum):
    """How serious a finding is; ordered so that ``max()`` gives the most severe."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {quoted(text)} (expected error, warning or info)"
            ) from None


class FileKind(str, enum.Enum):
    """The formats ddlint reads."""

    REQUIREMENTS = "requirements"
    PYPROJECT = "pyproject.toml"
    UV_LOCK = "uv.lock"
    POETRY_LOCK = "poetry.lock"
    PDM_LOCK = "pdm.lock"
    PIPFILE_LOCK = "Pipfile.lock"
    PYLOCK = "pylock.toml"

    @property
    def is_lock(self) -> bool:
        return self not in (FileKind.REQUIREMENTS, FileKind.PYPROJECT)


@dataclass(frozen=True)
class Location:
    """A place in a file: 1-based line and column."""

    path: Path
    line: int
    column: int = 1


@dataclass(frozen=True)
class Dependency:
    """One dependency entry as a file declares or locks it.

    ``version`` is set only when the entry pins one exact version (a lockfile entry, ``==`` or
    ``===``); otherwise ``specifier`` holds the declared range (possibly empty).
    """

    name: str
    location: Location
    version: Optional[str] = None
    specifier: str = ""
    marker: Optional[str] = None
    extras: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    url: Optional[str] = None
    editable: bool = False
    # The file that pins it says so exactly (a lockfile) rather than declaring intent.
    locked: bool = False
    # Where a lockfile's own inline "# ddlint: ignore[...]"-style comments do not exist, the
    # manifest line behind a locked entry, when known.
    origin: Optional[Location] = None



@dataclass(frozen=True)
class Diagnostic:
    """One finding, with everything any output format needs."""

    code: str
    severity: Severity
    message: str
    location: Location
    package: Optional[str] = None
    version: Optional[str] = None
    tracer_version: Optional[str] = None
    python: Optional[str] = None
    platform: Optional[str] = None
    fix: Optional[str] = None
    related: tuple[Location, ...] = ()
    # Set by the filter stage when a suppression matched: the reason given for it.
    suppressed: Optional[str] = None

    @property
    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        loc = self.location
        return (loc.path.as_posix(), loc.line, loc.column, self.code, self.package or "",
                self.message)


@dataclass(frozen=True)
class DependencyFile:
    """A parsed dependency file: its entries, its own problems, and what it says of Python."""

    path: Path
    kind: FileKind
    dependencies: tuple[Dependency, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    requires_python: Optional[str] = None
    # The tool that wrote the file, when it says so (e.g. "pip-compile", "uv"), for fix hints.
    generated_by: Optional[str] = None
    # Files read on the way (requirements includes), for the summary.
    included: tuple[Path, ...] = ()
    # Line numbers carrying inline suppressions: line -> codes (empty tuple = every code).
    inline_ignores: tuple[tuple[Path, int, tuple[str, ...]], ...] = field(default=())
    # Files included as constraints (``-c``): what they pin installs nothing by itself.
    constraints: tuple[Path, ...] = ()
    # The Python a tool resolved the file for, as its header says ("3.11"; pip-compile, uv).
    compiled_for: Optional[str] = None
    # What the run should tell that is not a finding (a remote include that was not read).
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """A rule's identity and documentation, the single source for ``ddlint rule``, the docs
    and SARIF rule metadata."""

    code: str
    name: str
    severity: Severity
    summary: str  # one line: what it reports
    why: str  # why it matters
    example: str  # a dependency file (or option) that triggers it
    fix: str  # how to fix it
    source: str  # where its facts come from
    tags: tuple[str, ...] = ()
    # For security rules (tag "security"): GitHub code scanning's score, "0.1" to "10.0"
    # (>= 7.0 high, >= 4.0 medium); unset, it follows the default severity.
    security_severity: Optional[str] = None

    def diagnostic(
        self, location: Location, message: str, *, severity: Optional[Severity] = None,
        dependency: Optional[Dependency] = None, **extra: object,
    ) -> Diagnostic:
        """A finding of this rule; ``dependency`` fills package and version."""
        fields: dict[str, object] = {}
        if dependency is not None:
            fields["package"] = dependency.name
            fields["version"] = dependency.version
            if dependency.origin is not None:
                fields["related"] = (dependency.origin,)
        fields.update(extra)
        return Diagnostic(
            code=self.code, severity=severity or self.severity, message=message,
            location=location, **fields,  # type: ignore[arg-type]
        )
