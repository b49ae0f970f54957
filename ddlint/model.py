"""The plain data that flows between ddlint's stages: dependencies, files, diagnostics."""

from __future__ import annotations

import enum
import re
from pathlib import Path, PurePath
from typing import Literal, Optional, Union

from ddlint.patterns import lazy
from ddlint.records import dataclass, field

_NORMALIZE = lazy(r"[-_.]+")


def normalize_name(name: str) -> str:
    """Return the PEP 503 normalized form of a distribution name."""
    return _NORMALIZE.sub("-", name).lower()


# What a terminal or a CI log would act on, in a value taken from a file or the command line:
# C0 controls (tab and line breaks too), DEL and C1, lone surrogates (the bytes of a file name
# that is not UTF-8), the line and paragraph separators and the bidi controls (U+061C, U+200E,
# U+200F, U+202A-U+202E, U+2066-U+2069); "##[" anywhere (GitHub's runner acts on
# "##[command]" in any line) and "::" at the start, after white space too (a workflow command).
HAZARD = lazy("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u2028\u2029"
                     "\u202a-\u202e\u2066-\u2069]|(?<=##)\\[")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(found: re.Match[str]) -> str:
    text = found.group()
    if text in _SHORT:
        return _SHORT[text]
    point = ord(text)
    if 0xDC80 <= point <= 0xDCFF:  # a byte that is not UTF-8, decoded by surrogateescape
        return f"\\x{point - 0xDC00:02x}"
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def shown(value: object, limit: Optional[int] = None) -> str:
    """The one rendering of a value taken from a file or the command line (a file name, a
    version, a key, a reason) for any output, the terminal and stderr: what a terminal or a CI
    log acts on is escaped (``\\n``, ``\\x1b``, ``\\u202e``; the bytes of a file name that
    is not UTF-8 as ``\\xNN``), ``##[`` becomes ``##\\x5b`` and a leading ``::`` (after
    white space too) ``\\x3a:``;
    cut to ``limit`` characters (then ``...``) when given. Text that needs none of it is
    returned as it is."""
    text = value if isinstance(value, str) else str(value)
    if limit is not None and len(text) > limit:
        text = text[:limit] + "..."
    if text.startswith("::") or (text[:1].isspace() and text.lstrip().startswith("::")):
        at = len(text) - len(text.lstrip())  # the runner trims leading white space first
        text = f"{text[:at]}\\x3a{text[at + 1:]}"
    if text.isascii() and text.isprintable() and "##[" not in text:
        return text  # printable ASCII holds none of HAZARD's characters
    return HAZARD.sub(_escaped, text)


def quoted(value: object, limit: int = 40) -> str:
    """``repr(value)`` for a message, cut short (a value taken from a file or an option can be
    megabytes long) and made safe as ``shown`` makes it."""
    if isinstance(value, str):
        return shown(repr(value if len(value) <= limit else value[:limit] + "..."))
    text = repr(value)
    return shown(text if len(text) <= limit else text[:limit] + "...")


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
class Declaration:
    """A version of the Agent, the Lambda Extension, the Lambda Python layer or the tracer that
    a deployment file declares (``ddlint.deployment``): what is declared, how exactly, where.

    ``state`` is ``known`` (``version`` is exact), ``lower-bound`` (``version`` or newer),
    ``line`` (``version`` is a major, e.g. ``7``), ``floating`` (``latest``, no tag) or
    ``unknown`` (an unresolved variable, a template, a custom image). ``scope`` is the folder
    whose dependency files it applies to (at or below it)."""

    kind: str  # "agent" | "lambda-extension" | "lambda-python-layer" | "tracer"
    state: str
    version: Optional[str]
    declared: str  # the text as written (after one hop of variable resolution, the original)
    location: Location
    via: str  # "compose", "kubernetes", "helm-values", ... (``ddlint deployment``'s contract)
    scope: Path = Path(".")
    detail: str = ""  # how the version was derived ("the default Agent of chart 3.57.0")

    def applies_to(self, path: PurePath) -> bool:
        """Whether a dependency file at ``path`` (absolute) lies at or below ``scope``."""
        return path.parent == self.scope or self.scope in path.parents


@dataclass(frozen=True)
class Declared:
    """What a manifest line declares of a package behind a locked entry: where, the range it
    admits (``""``: any) and the environments it applies in."""

    location: Location
    specifier: str = ""
    marker: Optional[str] = None


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
    # The file that pins it says so exactly (a lockfile) rather than declaring intent.
    locked: bool = False
    # Where a lockfile's own inline "# ddlint: ignore[...]"-style comments do not exist, the
    # manifest line behind a locked entry, when known.
    origin: Optional[Location] = None
    # What the manifest lines behind a locked entry declare of it (one per line; a Poetry
    # ``^1 || ^2`` gives one per alternative, on the same line), when known.
    declared: tuple[Declared, ...] = ()
    # A constraint, not a requirement: an entry of a ``-c`` file or of ``[tool.uv]
    # constraint-dependencies`` (it narrows what a resolver may pick, installs nothing).
    constraint: bool = False


class SuppressionKind(str, enum.Enum):
    """What suppressed a finding: a comment in the file, the configuration, or the baseline."""

    INLINE = "inline"  # a ``# ddlint: ignore`` comment
    CONFIGURED = "configured"  # an ignore or per-file-ignores entry in the configuration
    BASELINE = "baseline"  # an entry of the baseline file (``--baseline``)


@dataclass(frozen=True)
class Suppressed:
    """Why a finding is kept but does not count: what suppressed it, and the reason given."""

    kind: SuppressionKind
    reason: str


@dataclass(frozen=True)
class FixRequest:
    """What an automatic fix of a finding needs (``ddlint.autofix`` computes its edits): the
    declaration of ``package`` at ``location`` (a manifest line, never a lockfile's) narrowed to
    ``minimum``/``maximum`` (inclusive) and ``below`` (exclusive). ``action``: ``narrow`` (an
    integration's supported range), ``release-line`` (the tracer moved to another line),
    ``requires-python`` (raised to ``minimum``; ``package`` is ``python``). ``installed``: the
    version the environment holds (a lock's entry), so a fix that would take it back is unsafe.
    For ``release-line``: ``release``, what an exact pin becomes (the newest release of the line
    out on the as-of date), and ``python_floor`` / ``python_below``, the Requires-Python of
    that release, which the same file's ``requires-python`` (Poetry's ``python``) is narrowed
    to in the same edit (Poetry and PDM lock only a project whose Pythons all install it)."""

    action: str
    package: str
    location: Location
    minimum: Optional[str] = None
    maximum: Optional[str] = None
    below: Optional[str] = None
    installed: Optional[str] = None
    release: Optional[str] = None
    python_floor: Optional[str] = None
    python_below: Optional[str] = None


@dataclass(frozen=True)
class Edit:
    """``content`` replaces the text from (line, column) up to, not including, (end_line,
    end_column). Lines and columns are 1-based and count characters of the decoded text, a
    UTF-8 BOM not included; an empty span inserts."""

    path: PurePath
    line: int
    column: int
    end_line: int
    end_column: int
    content: str


@dataclass(frozen=True)
class Diagnostic:
    """One finding, with everything any output format needs."""

    code: str
    severity: Severity
    message: str
    location: Location
    name: str = ""  # the rule's name (``invalid-file``), for every format that shows it
    package: Optional[str] = None
    version: Optional[str] = None
    tracer_version: Optional[str] = None
    python: Optional[str] = None
    platform: Optional[str] = None
    fix: Optional[str] = None
    related: tuple[Location, ...] = ()
    # The dependency groups (extras, dev groups, Pipfile sections) of the entry behind the
    # finding, set by the engine from ``Dependency.groups``: a dev-only finding can be triaged.
    groups: tuple[str, ...] = ()
    # Set by the filter stage (or the baseline) when a suppression matched.
    suppressed: Optional[Suppressed] = None
    # What the verdict rests on: "tracer" for the tracer's own data (DDL5xx), "page" for the
    # compatibility page and ddlint's own checks (everything else).
    facts_source: str = "page"
    # What an automatic fix needs (set by rules), and the fix computed from it
    # (``ddlint.autofix``): "safe" or "unsafe", its edits, why it is unsafe.
    fix_request: Optional[FixRequest] = None
    applicability: Optional[str] = None
    edits: tuple[Edit, ...] = ()
    unsafe_reason: Optional[str] = None
    # The text of the line it points at, for a finding about no package (its identity for
    # SARIF, GitLab and the baseline): set by the engine from what the parse read, so that
    # nothing after the run reads the file again. Not part of what the finding is.
    line_text: Optional[str] = field(default=None, compare=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        loc = self.location
        return (loc.path.as_posix(), loc.line, loc.column, self.code, self.package or "",
                self.message)


# How a declared constraint is written: PEP 440, or Poetry's syntax (``^1.2``, ``~1.2``).
Syntax = Literal["pep440", "poetry"]


@dataclass(frozen=True)
class ConstraintSpan:
    """One declared constraint in a file a person writes, as its format's parser module finds
    it (``declarations(text, path)``): the span ``--fix`` edits. ``start``/``end`` are offsets
    of the constraint's text (the specifier only: no name, extras, marker or comment) in the
    file's text without a BOM; an empty span where a requirement has no specifier yet.
    ``specifier`` is that text as the tools read it (a ``\\`` continuation joined).
    ``line``/``column`` are where the entry starts (a requirement's line, a TOML string's
    opening quote). ``key`` is the TOML key path of the string (None in a requirements file).
    ``problem`` says why it cannot be edited (e.g. a TOML string with escape sequences)."""

    path: PurePath
    name: str
    syntax: Syntax
    specifier: str
    start: int
    end: int
    line: int
    column: int
    where: str
    key: Optional[tuple[Union[str, int], ...]] = None
    problem: Optional[str] = None
    # What lies inside the span but is not the constraint (a ``\\`` and line end between
    # its continued pieces): written after the new constraint, so that every line stays.
    joints: str = ""


@dataclass(frozen=True)
class GeneratedHeader:
    """How a generated file says it was made (a pip-compile or ``uv pip compile`` header, the
    ``uv export`` line of a pylock.toml): the tool, its command as written, the input files it
    names resolved as the tool ran them (from the repository's top, then the file's folder)
    and inside the repository, the inputs it names outside the repository (as written, never
    read), and the Python it resolved for. ``runs_in``: the folder its command runs in, when
    not the file's own (the repository's top, where the inputs it names were found, or where
    a custom command such as ``make upgrade`` runs); ``custom``: the command is no compiler's
    (pip-compile's ``CUSTOM_COMPILE_COMMAND``), so it takes no compiler options."""

    tool: str
    command: str = ""
    inputs: tuple[Path, ...] = ()
    outside: tuple[str, ...] = ()
    python: Optional[str] = None
    runs_in: Optional[Path] = None
    custom: bool = False


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
    # What a generated file's header says of how it was made (the re-lock command of --fix).
    header: Optional[GeneratedHeader] = None


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
            code=self.code, name=self.name, severity=severity or self.severity, message=message,
            location=location, **fields,  # type: ignore[arg-type]
        )
