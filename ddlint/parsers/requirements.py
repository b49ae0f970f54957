"""pip requirements files: the whole syntax pip accepts, with the line of every entry.

pip's own grammar (``pip/_internal/req/req_file.py``) is followed: ``\\`` continuations are
joined (the entry keeps the line where it starts), comments run from a ``#`` that starts the
line or follows white space, ``-r``/``-c`` include other files relative to the including one,
and options either stand on their own line (global) or follow a requirement (``--hash``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Optional

from ddlint.model import (
    ConstraintSpan,
    Dependency,
    DependencyFile,
    Diagnostic,
    FileKind,
    GeneratedHeader,
    Location,
    quoted,
)
from ddlint.parsers.base import (
    NotEditableError,
    exact_version,
    invalid_file,
    read_text,
    requirement_specifier,
)
from ddlint.patterns import lazy
from ddlint.records import dataclass, field, replace
from ddlint.repository import enclosing_repository, read_boundary, real_path, repository_of
from ddlint.suppressions import parse_inline_ignore

# A comment starts at a "#" at the start of the line or after white space (pip's COMMENT_RE).
_SCHEME = lazy(r"^[A-Za-z][A-Za-z0-9+.-]*://|^file:")
_VCS = lazy(r"^(git|hg|svn|bzr)\+", re.IGNORECASE)
_EGG = lazy(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_ARCHIVES = (".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip")
_ARCHIVE = lazy(r"(\.whl|\.tar\.gz|\.tgz|\.tar\.bz2|\.tar\.xz|\.zip)$", re.IGNORECASE)
_WHEEL_NAME = lazy(r"^([^-/]+)-([^-/]+)-")
_CONFLICT_MARKER = lazy(r"^(<{7}|={7}|>{7}|\|{7})(\s|$)")
_CONFLICT_STARTS = frozenset("<=>|")
# ``name==1.2.3`` and nothing else: what packaging's Requirement gives for it is known, and
# importing packaging.requirements (markers, tags, logging, subprocess) is most of the cost of a
# run on a small requirements file. Anything else goes through packaging.
_PLAIN_PIN = lazy(
    r"([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)[ \t]*==[ \t]*([0-9]+(?:\.[0-9]+)*)")
# A message quotes at most this much of the offending text: a 10 MB line stays a short finding.
_QUOTE_LIMIT = 80

_INCLUDE_OPTIONS = {"-r": "requirement", "--requirement": "requirement",
                    "-c": "constraint", "--constraint": "constraint"}
_EDITABLE_OPTIONS = {"-e", "--editable"}
# Options pip accepts on a line of their own; ddlint reads past them.
_GLOBAL_OPTIONS_WITH_VALUE = {
    "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--no-binary",
    "--only-binary", "--trusted-host", "--use-feature", "--config-settings",
}
_GLOBAL_FLAGS = {"--no-index", "--pre", "--prefer-binary", "--require-hashes"}
# Options pip accepts after a requirement on the same line.
_PER_REQUIREMENT_OPTIONS = {"--hash", "--config-settings", "--global-option", "--install-option"}


@dataclass(frozen=True)
class LogicalLine:
    """A requirement or option line after joining continuations and removing comments."""

    text: str
    line: int
    column: int
    comment: str = ""


def logical_lines(text: str) -> Iterator[LogicalLine]:
    """Join ``\\`` continuations and strip comments, keeping each line's first position
    (``_joined_lines``: pip's ``join_lines``, the one joining the fixes' spans use too)."""
    for line, joined, _ in _joined_lines(text, offsets=False):
        yield _strip(joined, line)


def _strip(joined: str, line: int) -> LogicalLine:
    comment = ""
    start = _comment_start(joined)
    if start >= 0:
        comment = joined[start:].strip()
        joined = joined[:start]
    stripped = joined.strip()
    column = len(joined) - len(joined.lstrip()) + 1
    return LogicalLine(stripped, line, column, comment)


def _comment_start(text: str) -> int:
    """Where a comment starts: the white space before the first ``#`` that begins the text or
    follows white space (pip's rule); -1 when there is none. A scan, not the regex
    ``(^|\\s+)#.*$``, which back-tracked quadratically on a line of spaces (issue 15 item 2)."""
    found = text.find("#")
    while found > 0 and not text[found - 1].isspace():
        found = text.find("#", found + 1)
    if found < 0:
        return -1
    return len(text[:found].rstrip())


@dataclass
class _State:
    """What one top-level parse has seen, shared by the files it includes."""

    dependencies: list[Dependency] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    included: list[Path] = field(default_factory=list)
    ignores: list[tuple[Path, int, tuple[str, ...]]] = field(default_factory=list)
    done: set[Path] = field(default_factory=set)
    # Includes met on the line just read, opened by _parse_file's loop: (file, include stack,
    # constraint, where the include is written).
    pending: list[tuple[Path, tuple[Path, ...], bool, Location]] = field(default_factory=list)
    boundary: Path = Path("/")  # includes are not read outside this folder
    # What ``-c`` files pin: it installs nothing, but fixes the version of a requirement.
    constraints: list[Dependency] = field(default_factory=list)
    constraint_files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    header: str = ""  # the top-level file's first lines, where a compiler names itself


# The headers pip-compile and uv pip compile write (their own wording, stable for years).
_PIP_COMPILE = lazy(r"^#\s*This file is autogenerated by pip-compile(?: with Python "
                          r"(\d{1,4}\.\d{1,4}))?", re.MULTILINE)
_UV_COMPILE = lazy(r"^#\s*This file was autogenerated by uv via the following command:"
                         r"[ \t]*\n#\s*(uv pip compile[^\n]{0,2000})", re.MULTILINE)
_HEADER_LINES = 30


def parse(path: Path) -> DependencyFile:
    """Parse a requirements file and every file it includes.

    A file pip-compile or ``uv pip compile`` wrote (its header says so) is the lock of its
    ``.in``: ``generated_by`` names the tool, ``compiled_for`` the Python it resolved for, and
    each entry the ``.in`` names has that line as its origin.
    """
    state = _State(boundary=_boundary(path))
    _parse_file(path, state, stack=(), constraint=False)
    header = _compiler(state.header, path, state.notes)
    generated_by = header.tool if header is not None else None
    compiled_for = header.python if header is not None else None
    sources = list(header.inputs) if header is not None else []
    dependencies = _constrained(state.dependencies, state.constraints)
    # A -c file's ranges stay readable, marked as constraints: they install nothing (the rules
    # skip them) but narrow a manifest's range for DDL305, as uv's constraint-dependencies do.
    # Its exact pins are applied above, or install nothing at all.
    dependencies += [replace(c, constraint=True) for c in state.constraints if c.version is None]
    if generated_by is not None:  # a lock: its exact pins win over the .in's, as a lock's do
        dependencies = [replace(d, locked=True) if d.version else d
                        for d in _with_origins(dependencies, sources)]
    return DependencyFile(
        path=path,
        kind=FileKind.REQUIREMENTS,
        dependencies=tuple(dependencies),
        diagnostics=tuple(state.diagnostics),
        included=tuple(state.included),
        inline_ignores=tuple(state.ignores),
        constraints=tuple(state.constraint_files),
        generated_by=generated_by,
        compiled_for=compiled_for,
        notes=tuple(state.notes),
        header=header,
    )


def _constrained(requirements: list[Dependency], constraints: list[Dependency]) -> list[Dependency]:
    """Constraints install nothing: an entry only in a ``-c`` file is left out. A requirement
    whose version a constraint pins is installed at that version: it is judged as the
    constraint's entry (its line, its version), the requirement's line as its origin."""
    pins: dict[str, Dependency] = {}
    for constraint in constraints:
        if constraint.version and constraint.url is None:
            pins.setdefault(constraint.name, constraint)
    if not pins:
        return requirements

    result = []
    for requirement in requirements:
        pin = pins.get(requirement.name)
        if pin is not None and requirement.version is None and requirement.url is None:
            requirement = replace(requirement, location=pin.location, version=pin.version,
                                  specifier=pin.specifier, origin=requirement.location)
        result.append(requirement)
    return result


def _compiler(header: str, path: Path, notes: list[str]) -> Optional[GeneratedHeader]:
    """What a compiled file's header says (tool, command, inputs, Python); None for a file no
    compiler wrote. An input named outside the repository is never read: a note names it."""
    command = ""
    python = None
    if "autogenerated by" not in header:  # in both headers: spares compiling the patterns
        return None
    pip = _PIP_COMPILE.search(header)
    uv = _UV_COMPILE.search(header)
    if uv is not None:
        tool = "uv"
        command = uv.group(1).strip()
        words = command.split()
        for flag in ("--python-version", "-p", "--python"):
            if flag in words[:-1]:
                python = _python_named(words[words.index(flag) + 1])
                break
    elif pip is not None:
        tool, python = "pip-compile", pip.group(1)
        # the line after "by the following command:": pip-compile's own command line, or
        # what CUSTOM_COMPILE_COMMAND made it write (``make upgrade``)
        command_line = re.search(r"by the following command:[ \t]*\n(?:#[ \t]*\n){0,3}"
                                 r"#[ \t]+([^\n]{1,2000})", header)
        command = command_line.group(1).strip() if command_line else ""
    else:
        return None
    custom = bool(command) and not command.startswith(("pip-compile", "uv pip compile"))
    inputs: list[Path] = []
    outside: list[str] = []
    from_top = False
    for word in (w for w in command.split() if w.endswith(".in") and not custom):
        found_input = _input(word, path)
        if found_input is None:
            outside.append(word)
            notes.append(f"{path.as_posix()}: its header names {_quoted(word)}, outside the "
                         "repository: not read")
        else:
            inputs.append(found_input)
            from_top = from_top or found_input != path.parent / word
    if not inputs and not outside:
        inputs.append(path.with_suffix(".in"))
    runs_in = None
    if from_top or custom:  # a custom command runs where the project's tasks do: its top
        top = enclosing_repository(path.parent)
        if top is not None and os.path.abspath(top) != os.path.abspath(path.parent):
            runs_in = _shown_as(top, path)
    return GeneratedHeader(tool, command, tuple(inputs), tuple(outside), python, runs_in,
                           custom)


def _shown_as(folder: Path, path: Path) -> Path:
    """``folder`` as the file's own path is written: relative to the current folder when the
    file's is relative and the folder is below it, else absolute."""
    shown = os.path.relpath(folder)
    return folder if path.is_absolute() or shown.startswith("..") else Path(shown)


def _input(word: str, path: Path) -> Optional[Path]:
    """An input file a compiled file's header names, as the compiler found it: from the
    repository's top (``pip-compile requirements/main.in`` run there), else from the compiled
    file's folder (the tool run next to it); None when it lies outside the repository (an
    absolute path, ``..``, a symlink out)."""
    found = path.parent / word
    top = enclosing_repository(path.parent)
    if top is not None and not os.path.isabs(word):
        candidate = top / word
        if candidate.is_file():
            found = _shown_as(candidate, path)
    if not real_path(found).is_relative_to(read_boundary(path)):
        return None
    return found


def _python_named(value: str) -> Optional[str]:
    """The CPython minor a compiler's ``--python`` names: ``3.13``, ``3.13.1``, or an
    interpreter's path ending in its version (``/usr/bin/python3.13``)."""
    found = re.search(r"(?:^|python)(\d{1,4}\.\d{1,4})(?:\.\d{1,4})?$", value)
    return found.group(1) if found else None


def _with_origins(dependencies: list[Dependency], sources: list[Path]) -> list[Dependency]:
    """Each compiled entry with the line of its input file that names it, as its origin."""
    origins: dict[str, Location] = {}
    for source in sources:
        try:
            if not source.is_file():
                continue
        except OSError:
            continue
        for dependency in parse(source).dependencies:
            origins.setdefault(dependency.name, dependency.location)
    if not origins:
        return dependencies

    return [replace(d, origin=origins[d.name]) if d.name in origins and d.origin is None else d
            for d in dependencies]


# Includes nested deeper than this are not read (DDL001 on the include that passes it); pip has
# no bound, but no project nests a tenth of it.
MAX_INCLUDE_DEPTH = 100


@dataclass
class _Frame:
    path: Path
    lines: Iterator[LogicalLine]
    stack: tuple[Path, ...]  # resolved files from the top one to this one
    constraint: bool


def _parse_file(path: Path, state: _State, stack: tuple[Path, ...], constraint: bool) -> None:
    """Read ``path`` and, depth first, what it includes: a loop over a stack of open files,
    not recursion (a chain of 330 includes raised RecursionError, issue 15 item 8)."""
    frames: list[_Frame] = []
    _open(path, state, stack, constraint, frames)
    while frames:
        frame = frames[-1]
        entry = next(frame.lines, None)
        if entry is None:
            frames.pop()
            continue
        codes = parse_inline_ignore(entry.comment)
        if codes is not None:
            state.ignores.append((frame.path, entry.line, codes))
        if not entry.text:
            continue
        where = Location(frame.path, entry.line, entry.column)
        if entry.text.startswith("-"):
            _option_line(entry, where, state, frame.stack, frame.constraint)
        else:
            _requirement_line(entry.text, where, state, frame.constraint, editable=False)
        for target, parents, included_constraint, at in state.pending:
            if len(parents) >= MAX_INCLUDE_DEPTH:
                state.included.pop()  # announced by _include, not read
                state.diagnostics.append(invalid_file(
                    at, f"includes nested more than {MAX_INCLUDE_DEPTH} deep: "
                        f"{_quoted(target.name)} was not read"))
                continue
            _open(target, state, parents, included_constraint, frames)
        state.pending.clear()


def _open(path: Path, state: _State, stack: tuple[Path, ...], constraint: bool,
          frames: list[_Frame]) -> None:
    key = path.resolve()
    state.done.add(key)
    text, problem = read_text(path)
    if problem is not None:
        state.diagnostics.append(problem)
    if text is None:
        return
    if not stack:
        state.header = "\n".join(text.lstrip("\ufeff").splitlines()[:_HEADER_LINES])
    frames.append(_Frame(path, logical_lines(text), (*stack, key), constraint))


def _boundary(path: Path) -> Path:
    """The folder includes may not leave: the repository holding ``path`` (nearest ``.git``
    upwards), else the current folder when ``path`` is inside it, else ``path``'s own folder.

    Without it, a requirements file in a pull request could pull any file of the CI machine
    (``-r /etc/passwd``) into the report, line by line.
    """
    repository = repository_of(path)
    if repository is not None:
        return repository
    absolute = Path(os.path.abspath(path))
    here = real_path(Path.cwd())
    return here if real_path(absolute).is_relative_to(here) else real_path(absolute.parent)


def _quoted(text: str) -> str:
    return quoted(text, _QUOTE_LIMIT)


def _split_option(text: str) -> tuple[str, str]:
    """``-r file``, ``-rfile``, ``--requirement=file``, ``--requirement file`` -> (opt, value)."""
    if text.startswith("--"):
        name, sep, value = text.partition("=")
        if sep:
            return name.strip(), value.strip()
        name, _, value = text.partition(" ")
        return name, value.strip()
    name, value = text[:2], text[2:]
    return name, value.strip().lstrip("=").strip()


def _option_line(
    entry: LogicalLine, where: Location, state: _State, stack: tuple[Path, ...], constraint: bool
) -> None:
    name, value = _split_option(entry.text)
    if name in _INCLUDE_OPTIONS:
        if not value:
            state.diagnostics.append(invalid_file(where, f"{name} needs a file name"))
            return
        _include(value, where, state, stack, constraint=_INCLUDE_OPTIONS[name] == "constraint")
    elif name in _EDITABLE_OPTIONS:
        if not value:
            state.diagnostics.append(invalid_file(where, f"{name} needs a path or URL"))
            return
        _requirement_line(value, where, state, constraint, editable=True)
    elif name in _GLOBAL_OPTIONS_WITH_VALUE:
        if not value:
            state.diagnostics.append(invalid_file(where, f"{name} needs a value"))
    elif name in _GLOBAL_FLAGS:
        if value:
            state.diagnostics.append(invalid_file(where, f"{name} takes no value"))
    else:
        state.diagnostics.append(
            invalid_file(where, f"unknown option {_quoted(name)} in a requirements file")
        )


def _include(
    value: str, where: Location, state: _State, stack: tuple[Path, ...], constraint: bool
) -> None:
    if _SCHEME.match(value) and not value.startswith("file:"):
        # pip reads it; ddlint works offline: said, and the rest of the file is checked.
        kind = "constraints" if constraint else "requirements"
        state.notes.append(
            f"{where.path.as_posix()}:{where.line}: the remote {kind} file {_quoted(value)} "
            f"was not read (ddlint works offline); the rest was checked")
        return
    target_text = value.removeprefix("file://").removeprefix("file:")
    if "\x00" in target_text:  # no file name holds one; the file system would refuse it
        state.diagnostics.append(invalid_file(where, f"included file name holds a NUL byte: "
                                                     f"{_quoted(value)}"))
        return
    target = where.path.parent / target_text
    try:
        key = target.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop before Python 3.13
        state.diagnostics.append(invalid_file(
            where, f"included file cannot be resolved (a symlink loop?): {_quoted(value)}"))
        return
    target = _normalised(target, key)
    if not key.is_relative_to(state.boundary):
        state.diagnostics.append(invalid_file(
            where, f"included file is outside the repository and was not read: {_quoted(value)}"))
        return
    if key in stack:
        chain = " -> ".join(p.name for p in (*stack, key)[stack.index(key):])
        state.diagnostics.append(invalid_file(where, f"include cycle: {chain}"))
        return
    if key in state.done:
        return  # a file included twice (not a cycle) is read once
    try:
        found = target.is_file()
    except OSError as error:  # a name too long, a path through a file
        state.diagnostics.append(invalid_file(
            where, f"included file cannot be read ({error.strerror}): {_quoted(value)}"))
        return
    if not found:
        state.diagnostics.append(invalid_file(where, f"included file not found: {_quoted(value)}"))
        return
    state.included.append(target)
    if constraint:
        state.constraint_files.append(target)
    state.pending.append((target, stack, constraint, where))  # read by _parse_file's loop


def _normalised(target: Path, real: Path) -> Path:
    """``requirements/../x.txt`` as ``x.txt``, the path the same file has when it is linted
    itself, so that its findings and its count are not doubled; kept as written where dropping
    ``..`` would name another file (a ``..`` after a symlinked folder)."""
    normal = Path(os.path.normpath(target))
    return normal if normal != target and real_path(normal) == real else target


def _split_requirement_options(text: str) -> tuple[str, str]:
    """Separate a requirement from the options after it (pip's ``break_args_options``)."""
    tokens = text.split(" ")
    for index, token in enumerate(tokens):
        if token.startswith("-"):
            return " ".join(tokens[:index]).strip(), " ".join(tokens[index:]).strip()
    return text.strip(), ""


def _requirement_line(
    text: str, where: Location, state: _State, constraint: bool, editable: bool
) -> None:
    requirement, options = _split_requirement_options(text)
    if options:
        for option in re.findall(r"--?[A-Za-z-]+", options):
            if option not in _PER_REQUIREMENT_OPTIONS:
                state.diagnostics.append(invalid_file(
                    where, f"option {_quoted(option)} is not allowed after a requirement"
                ))
                return
    if editable or _looks_like_url_or_path(requirement):
        state.dependencies.append(_direct_reference(requirement, where, editable))
        return
    dependency = _from_specifier(requirement, where)
    if isinstance(dependency, Diagnostic):
        state.diagnostics.append(dependency)
    elif constraint:
        state.constraints.append(dependency)
    else:
        state.dependencies.append(dependency)


def _looks_like_url_or_path(requirement: str) -> bool:
    head = requirement.split(";", 1)[0].strip()
    if "@" in head.split("://", 1)[0]:
        return False  # PEP 508 "name @ url"
    # Each pattern asked only of a line that holds what it matches: a name's line compiles none.
    return bool(
        (":" in head and _SCHEME.match(head)) or ("+" in head and _VCS.match(head))
        or head.startswith((".", "/", "~"))
        or (head.lower().endswith(_ARCHIVES) if head.isascii() else bool(_ARCHIVE.search(head)))
    )


def _direct_reference(requirement: str, where: Location, editable: bool) -> Dependency:
    """A URL, VCS or path requirement: the name when it can be told, never a version."""
    url, _, marker = requirement.partition(" ;")
    if not marker and ";" in url and not _SCHEME.match(url):
        url, _, marker = url.partition(";")
    url = url.strip()
    name = ""
    egg = _EGG.search(url)
    if egg:
        name = egg.group(1)
    else:
        wheel = _WHEEL_NAME.match(url.rsplit("/", 1)[-1])
        if wheel and url.endswith(".whl"):
            name = wheel.group(1)
        else:
            name = url.rstrip("/").rsplit("/", 1)[-1]
            name = _ARCHIVE.sub("", name)
    from ddlint.model import normalize_name

    return Dependency(
        name=normalize_name(name) if name else "",
        location=where,
        marker=marker.strip() or None,
        url=url,
    )


def _from_specifier(requirement: str, where: Location) -> Dependency | Diagnostic:
    from ddlint.model import normalize_name

    if requirement[:1] in _CONFLICT_STARTS and _CONFLICT_MARKER.match(requirement):
        return invalid_file(where, f"git conflict marker {_quoted(requirement)}: finish the merge")
    plain = _PLAIN_PIN.fullmatch(requirement)
    if plain:
        name, version = plain.groups()
        return Dependency(name=normalize_name(name), location=where, version=version,
                          specifier=f"=={version}")

    from packaging.requirements import InvalidRequirement, Requirement

    try:
        parsed = Requirement(requirement)
    except InvalidRequirement as error:
        detail = str(error).splitlines()[0]
        return invalid_file(where, f"invalid requirement {_quoted(requirement)}: {detail}")
    except RecursionError:
        return invalid_file(where, f"requirement nested too deeply to read: {_quoted(requirement)}")
    specifier = str(parsed.specifier)
    return Dependency(
        name=normalize_name(parsed.name),
        location=where,
        version=exact_version(parsed.specifier),
        specifier=specifier,
        marker=str(parsed.marker) if parsed.marker else None,
        extras=tuple(sorted(parsed.extras)),
        url=parsed.url,
    )


# --- what --fix edits: the span of each requirement's specifier ---------------------------------

_GENERATORS = ("autogenerated by", "@generated", "generated by", "uv pip compile", "pip-compile",
               "uv export", "pdm export")
_GENERATED = lazy("|".join(re.escape(words) for words in _GENERATORS), re.IGNORECASE)
_HASH = lazy(r"(^|\s)--hash[=\s]", re.MULTILINE)
# Lines that are no requirement: options, includes, editables, URLs and paths.
_NOT_A_REQUIREMENT = lazy(r"\s*(-|\.|/|[A-Za-z][A-Za-z0-9+.-]*://|$)")
_GENERATED_HEADER_LINES = 20


def _names_a_generator(comment: str) -> bool:
    if comment.isascii():  # as IGNORECASE compares ASCII, without compiling it
        lowered = comment.lower()
        return any(words in lowered for words in _GENERATORS)
    return _GENERATED.search(comment) is not None


def generated_reason(text: str, path: PurePath) -> Optional[str]:
    """Why ``path`` is no hand-written requirements file (None when it is one): a header
    comment naming the tool that generated it (editing it would be undone by the next run of
    that tool: the fix belongs in its input), or ``--hash`` options (a new version needs new
    hashes, which only the locking tool can write offline-safely)."""
    for line in text.splitlines()[:_GENERATED_HEADER_LINES]:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        if _names_a_generator(stripped):
            return f"{path.name} is generated ({stripped[:60]!r}): fix its input file instead"
    if "--hash" in text and _HASH.search(text):
        return f"{path.name} is hash-pinned: re-lock it with the tool that wrote it"
    return None


def is_hand_written(text: str, path: PurePath) -> bool:
    """True when ``--fix`` may edit this requirements file (see ``generated_reason``)."""
    return generated_reason(text, path) is None


def declarations(text: str, path: PurePath) -> list[ConstraintSpan]:
    """Every requirement with a name in the file (``text``: without its BOM), with the span of
    its specifier; raises NotEditableError for a generated or hash-pinned file.

    Continuations are joined as pip joins them (``logical_lines``), each character keeping
    its offset in the file: a specifier continued over ``\\`` lines is one span, and what
    lies between its pieces (the backslashes and line ends) is its ``joints``, which the fix
    writes after the new constraint: every line stays (empty where the constraint moved
    away); a marker, hashes and comments after it stay as they are."""
    reason = generated_reason(text, path)
    if reason is not None:
        raise NotEditableError(reason)
    found = []
    for line, joined, offsets in _joined_lines(text):
        body = joined.lstrip()
        if body.startswith("#") or _NOT_A_REQUIREMENT.match(joined):
            continue
        located = requirement_specifier(joined)
        if located is None:
            continue
        name, start, end = located
        joints = ""
        if start < end:
            begin, stop = offsets[start], offsets[end - 1] + 1
            if stop - begin != end - start:  # continued inside the constraint
                own = set(offsets[start:end])
                joints = "".join(text[place] for place in range(begin, stop)
                                 if place not in own)
        else:  # no specifier yet: inserted right after the name (and extras)
            begin = stop = offsets[start - 1] + 1
        found.append(ConstraintSpan(path, name, "pep440", joined[start:end], begin, stop, line,
                                    len(joined) - len(body) + 1, "requirements",
                                    joints=joints))
    return found


def _joined_lines(text: str, offsets: bool = True) -> Iterator[tuple[int, str, list[int]]]:
    """(first line, the line as pip reads it, each character's offset in ``text`` when
    ``offsets``): a line ending in ``\\`` continues on the next (the backslashes stripped)
    unless it is a comment line, and a comment line ends a continuation (pip's
    ``join_lines``). Line ends are LF or CRLF."""
    offset = 0
    parts: list[str] = []
    places: list[int] = []
    first = 0
    raws = text.split("\n")
    last = len(raws)
    for number, raw in enumerate(raws, start=1):
        # CRLF ends a line; a CR before the end of the text without LF stays (split_lines)
        line = raw[:-1] if raw.endswith("\r") and number < last else raw
        if not line.endswith("\\") or line.lstrip().startswith("#"):
            if not parts:  # most lines: no continuation
                yield number, line, list(range(offset, offset + len(line))) if offsets else []
            else:
                if line.lstrip().startswith("#"):  # pip: " " + the comment line
                    parts.append(" ")
                    if offsets:
                        places.append(offset)
                parts.append(line)
                if offsets:
                    places.extend(range(offset, offset + len(line)))
                yield first, "".join(parts), places
                parts, places = [], []
        else:
            if not parts:
                first = number
            lead = len(line) - len(line.lstrip("\\"))
            piece = line.strip("\\")
            parts.append(piece)
            if offsets:
                places.extend(range(offset + lead, offset + lead + len(piece)))
        offset += len(raw) + 1
    if parts:
        yield first, "".join(parts), places
