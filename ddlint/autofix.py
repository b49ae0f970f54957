"""``--fix``, ``--unsafe-fixes`` and ``--diff``: the fixes of a report's findings, computed from
their ``FixRequest`` (set by the rules) with ``ddlint.fixing``, planned per file, shown as a
diff or written atomically, and the lock tools' commands for the locks of a changed manifest.

Only files a person writes are edited: a pyproject.toml, a hand-written requirements file. A
finding on a lockfile carries the request for its manifest line (``Dependency.origin``); a
lockfile or a generated file is never edited (``fixing.declarations.declared``,
``fixing.writing.target``). Nothing here opens a file: the texts are the bytes the run's parse
read (``reading.session``), the spans come from each format's parser module, and the re-lock
commands from the parsed files' headers and the format rows.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

from ddlint import records
from ddlint.file_formats import BY_KIND, FORMATS
from ddlint.model import (
    ConstraintSpan,
    DependencyFile,
    Diagnostic,
    Edit,
    FileKind,
    FixRequest,
    GeneratedHeader,
)
from ddlint.records import dataclass, field

if TYPE_CHECKING:
    from ddlint.engine import Report
    from ddlint.fixing.declarations import Index
    from ddlint.fixing.edits import Fix, NoFix
    from ddlint.fixing.narrowing import Result


def _kind(path: Path) -> Optional[FileKind]:
    """The kind of an edited file: as ddlint detects it, else by its suffix (a requirements file
    included with ``-r``/``-c`` can have any name)."""
    from ddlint.parsers import detect

    kind = detect(path)
    if kind is None and path.suffix.lower() in (".txt", ".in"):
        return FileKind.REQUIREMENTS
    return kind


@dataclass
class _Source:
    """A file's text (BOM removed) and its declarations, read once per run."""

    text: Optional[str]
    kind: Optional[FileKind]
    declarations: Union[Index, str]  # or why it cannot be edited
    starts: list[int] = field(default_factory=list)  # the text's line_starts


def _read(path: Path, cache: dict[Path, _Source]) -> _Source:
    if path in cache:
        return cache[path]
    from ddlint.fixing.declarations import Index, NotEditableError, declared
    from ddlint.fixing.edits import decode, line_starts
    from ddlint.reading import read_bytes

    kind = _kind(path)
    source = _Source(None, kind, f"{path.name}: not a file ddlint edits")
    if kind is not None and BY_KIND[kind].edited:
        try:  # the bytes the parse read (the run's reading session)
            text, _ = decode(read_bytes(path))
        except (OSError, UnicodeDecodeError) as error:
            source = _Source(None, kind, f"{path.name}: cannot be read: {error}")
        else:
            try:
                source = _Source(text, kind, Index(declared(text, path, kind.value)),
                                 line_starts(text))
            except NotEditableError as error:
                source = _Source(text, kind, str(error))
            except (ValueError, RecursionError) as error:  # input no reader expected
                source = _Source(text, kind, f"{path.name}: not read for fixing: "
                                             f"{type(error).__name__}")
    cache[path] = source
    return source


def compute(request: FixRequest, cache: dict[Path, _Source]) -> Union[Fix, NoFix]:
    """The fix a request asks for, on the file it names; never raises for odd input."""
    from ddlint.fixing.edits import NoFix

    try:
        return _compute(request, cache)
    except (ValueError, RecursionError) as error:  # e.g. a version of 5,000 digits
        return NoFix(f"no automatic fix: {type(error).__name__}")


def _compute(request: FixRequest, cache: dict[Path, _Source]) -> Union[Fix, NoFix]:
    from ddlint.fixing.declarations import to_fix
    from ddlint.fixing.edits import NoFix

    found = _declaration(request, cache)
    if isinstance(found, NoFix):
        return found
    source = cache[request.location.path]
    assert source.text is not None
    fix = to_fix(source.text, found, _narrowed(request, found, found.specifier),
                 starts=source.starts)
    if (request.python_floor or request.python_below) and not isinstance(fix, NoFix):
        fix = _with_pythons(fix, request, source)
    return fix


def _with_pythons(fix: Fix, request: FixRequest, source: _Source) -> Fix:
    """``fix`` (the tracer moved to another release line) with the same file's
    ``requires-python`` (Poetry's ``python``) narrowed to the Pythons the new release declares:
    Poetry and PDM refuse to lock while the project admits a Python it does not install on."""
    from ddlint.fixing.declarations import Index, to_fix
    from ddlint.fixing.edits import Fix
    from ddlint.fixing.narrowing import SupportedRange, narrow

    assert source.text is not None and isinstance(source.declarations, Index)
    python = source.declarations.find("python", 1)
    if python is None or python.problem is not None:
        return fix
    pythons = SupportedRange(request.python_floor, None, request.python_below)
    narrowed = to_fix(source.text, python, narrow(python.specifier, pythons, python.syntax),
                      starts=source.starts)
    if not isinstance(narrowed, Fix):
        return fix
    why = (f"{fix.why_unsafe}; the project's Pythons are narrowed to the {pythons.text()} "
           f"that release declares")
    return Fix("unsafe", (*fix.edits, *narrowed.edits),
               f"{fix.description}; {narrowed.description}", why)


def _declaration(request: FixRequest, cache: dict[Path, _Source]) -> Union[ConstraintSpan, NoFix]:
    """The declaration a request is about, read from the file it names."""
    from ddlint.fixing.edits import NoFix

    path = request.location.path
    source = _read(path, cache)
    if isinstance(source.declarations, str) or source.text is None:
        return NoFix(source.declarations if isinstance(source.declarations, str) else "")
    found = source.declarations.find(request.package, request.location.line)
    if found is None:
        return NoFix(f"no editable declaration of {request.package} in {path.name}")
    if request.action == "requires-python" and found.name != "python":
        return NoFix("no requires-python to change")
    return found


def _narrowed(request: FixRequest, found: ConstraintSpan, specifier: str) -> Result:
    """What ``specifier`` (the declaration's, or what earlier fixes of it made it) becomes for
    ``request``."""
    from ddlint.fixing.narrowing import (
        Narrowed,
        SupportedRange,
        move_release_line,
        narrow,
        narrow_requires_python,
    )

    supported = SupportedRange(request.minimum, request.maximum, request.below)
    if request.action == "requires-python":
        if request.minimum is not None:
            return narrow_requires_python(specifier, request.minimum, found.syntax)
        # an upper bound: always unsafe, like raising the minimum
        result = narrow(specifier, supported, found.syntax)
        if isinstance(result, Narrowed):
            result = Narrowed(result.text, "unsafe", (
                f"caps the project's Python below {request.below}: users of newer Pythons "
                "can no longer install this version of the project"))
        return result
    if request.action == "release-line":
        return move_release_line(specifier, supported, found.syntax, request.release)
    return narrow(specifier, supported, found.syntax, request.installed)


def attach(report: Report) -> Report:
    """``report`` with the fix of every finding that asks for one and can get one (not the
    suppressed ones): ``applicability``, ``edits`` and ``unsafe_reason`` set."""
    from ddlint.fixing.edits import Fix

    if not any(d.fix_request is not None and d.suppressed is None for d in report.diagnostics):
        return report
    cache: dict[Path, _Source] = {}
    # A file ddlint could not read whole (DDL001: conflict markers, bad bytes) is not touched.
    broken = {os.path.abspath(d.location.path) for d in report.diagnostics if d.code == "DDL001"}
    diagnostics = []
    for diagnostic in report.diagnostics:
        if (diagnostic.fix_request is not None and diagnostic.suppressed is None
                and os.path.abspath(diagnostic.fix_request.location.path) not in broken):
            fix = compute(diagnostic.fix_request, cache)
            if isinstance(fix, Fix):
                diagnostic = records.replace(
                    diagnostic, applicability=fix.applicability, edits=fix.edits,
                    unsafe_reason=fix.why_unsafe)
        diagnostics.append(diagnostic)
    return records.replace(report, diagnostics=tuple(diagnostics))


def applies(diagnostic: Diagnostic, unsafe: bool) -> bool:
    """Whether ``--fix`` (with ``--unsafe-fixes`` when ``unsafe``) applies the finding's fix."""
    return bool(diagnostic.edits) and (diagnostic.applicability == "safe" or unsafe)


@dataclass(frozen=True)
class FileChange:
    """What ``--fix`` writes to one file: its text before and after (no BOM), the findings
    whose fixes it applies."""

    path: Path
    kind: FileKind
    before: str
    after: str
    fixed: tuple[Diagnostic, ...]
    bom: bool = False  # the file begins with a BOM, kept
    signature: Optional[tuple[int, int, int, int]] = None  # the file as read (reading.signature)


@dataclass(frozen=True)
class Plan:
    changes: tuple[FileChange, ...]
    skipped: tuple[Diagnostic, ...] = ()  # a fix overlapping another one of the same file
    unsafe_available: tuple[Diagnostic, ...] = field(default=())


def plan(report: Report, unsafe: bool) -> Plan:
    """The files ``--fix`` changes. Two findings about one declaration (a lock's DDL301 and
    the manifest's DDL305) carry the same edit: it is made once; a fix overlapping another is
    left for the next run."""
    from ddlint import reading
    from ddlint.repository import real_path

    by_file: dict[Path, list[Diagnostic]] = {}
    named: dict[Path, Path] = {}  # the real file -> the first name its findings give it
    for diagnostic in report.active:
        if applies(diagnostic, unsafe):
            # one file, however its findings name it (relative, absolute, through a project,
            # through a symlink): edited once
            path = Path(os.path.abspath(diagnostic.edits[0].path))
            real = real_path(path)
            by_file.setdefault(named.setdefault(real, path), []).append(diagnostic)
    changes: list[FileChange] = []
    skipped: list[Diagnostic] = []
    cache: dict[Path, _Source] = {}
    with reading.session():  # the run's, when one is open (the bytes it judged)
        for path in sorted(by_file, key=lambda p: p.as_posix()):
            change = _change(path, _together(by_file[path], cache), skipped)
            if change is not None:
                changes.append(change)
    available = tuple(d for d in report.active if d.edits and not applies(d, unsafe))
    return Plan(tuple(changes), tuple(skipped), available)


def _together(found: list[Diagnostic], cache: dict[Path, _Source]) -> list[Diagnostic]:
    """The findings of one file, the fixes applied together made one: several fixes of one
    declaration (requires-python raised by one finding and capped by another) each narrow
    what the one before made of it, and each finding carries the result, so that one run
    makes every change (a second changes nothing) and ``--diff`` shows all of it."""
    from ddlint.fixing.narrowing import Narrowed

    spans: dict[tuple[int, int, int, int], list[int]] = {}
    for index, diagnostic in enumerate(found):
        if len(diagnostic.edits) == 1 and diagnostic.fix_request is not None:
            edit = diagnostic.edits[0]
            spans.setdefault((edit.line, edit.column, edit.end_line, edit.end_column),
                             []).append(index)
    result = list(found)
    for indexes in spans.values():
        if len({found[index].edits[0].content for index in indexes}) < 2:
            continue
        requests = [request for request in (found[index].fix_request for index in indexes)
                    if request is not None]
        declaration = _declaration(requests[0], cache)
        if not isinstance(declaration, ConstraintSpan):
            continue
        current = declaration.specifier
        for request in requests:
            narrowed = _narrowed(request, declaration, current)
            if isinstance(narrowed, Narrowed):
                current = narrowed.text
        if declaration.start == declaration.end:
            current = current.strip()
        edit = records.replace(found[indexes[0]].edits[0], content=current + declaration.joints)
        for index in indexes:
            result[index] = records.replace(found[index], edits=(edit,))
    return result


def _change(path: Path, found: list[Diagnostic],
            skipped: list[Diagnostic]) -> Optional[FileChange]:
    """What the findings ``found`` change in the file at ``path`` (None: nothing). A fix
    overlapping one already taken goes to ``skipped``; each edit is placed once (a sorted list
    of spans), so the work is linear in the number of fixes."""
    import bisect

    from ddlint import reading
    from ddlint.fixing.edits import EditError, apply_edits, decode, line_starts, offset

    kind = _kind(path)
    if kind is None:
        return None
    try:  # the bytes the run judged (read once, during the parse)
        before, bom = decode(reading.read_bytes(path))
    except (OSError, UnicodeDecodeError):
        return None
    starts = line_starts(before)
    taken: set[tuple[int, int, int, int, str]] = set()
    spans: list[tuple[int, int]] = []  # the accepted edits' offsets, sorted
    accepted: list[Edit] = []
    fixed: list[Diagnostic] = []
    for diagnostic in found:
        new = [edit for edit in diagnostic.edits if _span(edit) not in taken]
        try:
            places = sorted((offset(starts, len(before), e.line, e.column),
                             offset(starts, len(before), e.end_line, e.end_column)) for e in new)
        except EditError:
            skipped.append(diagnostic)
            continue
        if not _fits(spans, places):
            skipped.append(diagnostic)
            continue
        for place in places:
            bisect.insort(spans, place)
        taken.update(_span(edit) for edit in new)
        accepted.extend(new)
        fixed.append(diagnostic)
    after = apply_edits(before, accepted)
    if after == before:
        return None
    return FileChange(path, kind, before, after, tuple(fixed), bom, reading.signature(path))


def _fits(spans: list[tuple[int, int]], places: list[tuple[int, int]]) -> bool:
    """Whether the sorted ``places`` overlap neither each other nor the sorted ``spans`` (two
    edits starting at one place overlap too, as ``apply_edits`` counts them)."""
    import bisect

    for (start, end), (next_start, _) in zip(places, places[1:]):
        if next_start < end or next_start == start:
            return False
    for start, end in places:
        if end < start:
            return False
        index = bisect.bisect_left(spans, (start, end))
        if index < len(spans) and (spans[index][0] < end or spans[index][0] == start):
            return False
        if index > 0 and (start < spans[index - 1][1] or start == spans[index - 1][0]):
            return False
    return True


def _span(edit: Edit) -> tuple[int, int, int, int, str]:
    """An edit without its path (one file's findings may name it differently)."""
    return edit.line, edit.column, edit.end_line, edit.end_column, edit.content


def diff(changes: Sequence[FileChange]) -> str:
    from ddlint.fixing.edits import render_diff
    from ddlint.formatters import display_path

    return "".join(render_diff(display_path(change.path), change.before, change.after)
                   for change in changes)


def write(changes: Sequence[FileChange]) -> list[str]:
    """Writes every change atomically; returns the problems (a file refused or unwritable)."""
    from ddlint.fixing.edits import encode
    from ddlint.fixing.writing import RefusedError, write_atomic
    from ddlint.repository import enclosing_repository

    problems = []
    for change in changes:
        try:
            write_atomic(change.path, encode(change.after, change.bom), change.kind.value,
                         enclosing_repository(change.path.parent), change.signature)
        except RefusedError as error:
            problems.append(str(error))
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{change.path}: cannot be written: {error}")
    if changes:
        from ddlint.toml import load_path

        load_path.cache_clear()  # TOML is parsed once per process and path: read it again
    return problems


def relock_commands(changed: Sequence[Path],
                    parsed: Sequence[DependencyFile]) -> list[tuple[Path, str]]:
    """(folder, command) for every lock whose manifest changed, from what the run parsed
    (nothing is opened): the lock tool's command (its format row) for a lock beside a changed
    manifest of its row's name, and the command a generated file's header names when it was
    made from the changed file (a compiled file's input, a uv-exported pylock.toml's
    pyproject.toml)."""
    commands: dict[tuple[Path, str], None] = {}
    for manifest in changed:
        folder = os.path.abspath(manifest.parent)
        beside = [file for file in parsed if os.path.abspath(file.path.parent) == folder
                  and os.path.abspath(file.path) != os.path.abspath(manifest)]
        for row in FORMATS:
            if (row.manifest == manifest.name and row.relock
                    and any(file.kind == row.kind for file in beside)):
                commands[(manifest.parent, row.relock)] = None
        for file in sorted(beside, key=lambda file: file.path.name):
            header = file.header
            if header is not None and header.command and _made_from(header, manifest):
                # where its own arguments name the files right: the repository's top for
                # ``uv pip compile requirements/main.in -o requirements/main.txt``
                commands[(header.runs_in or manifest.parent, header.command)] = None
    return list(commands)


def _made_from(header: GeneratedHeader, manifest: Path) -> bool:
    """Whether the tool made the file from ``manifest``: an input its header names, or the
    project beside a file that names none (``uv export``)."""
    if not header.inputs:
        return manifest.name == "pyproject.toml" and not header.outside
    return any(os.path.abspath(found) == os.path.abspath(manifest) for found in header.inputs)


def messages(result: Plan, problems: Sequence[str], unsafe: bool,
             parsed: Sequence[DependencyFile] = ()) -> list[str]:
    """What ``--fix`` says it did, before the report of what remains."""
    from ddlint.formatters import display_path
    from ddlint.model import shown

    # Every problem names its file first (``write``): a refused file was not fixed.
    written = [change for change in result.changes
               if not any(problem.startswith(f"{change.path}:") for problem in problems)]
    lines = []
    for change in written:
        count = len(change.fixed)
        lines.append(f"fixed {count} finding{'s' if count != 1 else ''} in "
                     f"{display_path(change.path)}")
    lines.extend(f"not fixed: {shown(problem)}" for problem in problems)
    for folder, command in relock_commands([change.path for change in written], parsed):
        # The command comes from a compiled file's header: a value from a file.
        lines.append(f"re-lock: run `{shown(command)}` in {display_path(folder) or '.'}")
    if result.skipped:
        lines.append(f"{len(result.skipped)} fix(es) overlap another: run --fix again")
    if result.unsafe_available and not unsafe:
        count = len(result.unsafe_available)
        lines.append(f"{count} unsafe fix{'es' if count != 1 else ''} available with "
                     f"--unsafe-fixes:")
        lines.extend(f"  {display_path(d.location.path)}:{d.location.line}: {d.code} "
                     f"{shown(d.package or '')}: {shown(d.unsafe_reason or 'unsafe')}"
                     for d in result.unsafe_available)
    return lines
