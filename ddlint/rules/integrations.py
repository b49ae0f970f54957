"""Integration rules: instrumented libraries inside the versions the tracer supports.

Facts: ``rules/integrations.toml``, one row per row of the compatibility page's integration
tables (web frameworks, datastores, libraries).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Optional

from ddlint import fixes
from ddlint.environment import applicable, extras_named
from ddlint.facts.integrations import Integration, names, of_distribution
from ddlint.facts.lifecycle import LifecycleStage, release_lines
from ddlint.facts.releases import snapshot
from ddlint.model import Dependency, DependencyFile, Diagnostic, FixRequest, Rule, Severity
from ddlint.rules.context import Context, Note, written_by_a_tool
from ddlint.rules.tracer import TRACER, TracerPin, shown_folder, tracer_pins
from ddlint.versions import bounds

if TYPE_CHECKING:
    from packaging.version import Version

_SOURCE = (
    "Datadog, \"Python Compatibility Requirements\", integration tables "
    "(rules/integrations.toml)"
)

_PAGE_FIRST = (
    " The verdict follows the compatibility page, ddlint's contract. Where the tracer's own "
    "data for the pinned release line admits the version all the same (aiopg 1.x: the page "
    "caps it at 0.16, ddtrace 2.x-4.x declare >= 0.16.0 and test up to 1.4.0), the message "
    "adds one clause saying so; `--facts page` leaves it out. DDL502 reports the opposite "
    "case, a version the page passes and the tracer's own range does not."
)

BELOW_MINIMUM = Rule(
    code="DDL301",
    name="integration-below-minimum",
    severity=Severity.ERROR,
    summary="An instrumented library older than the tracer supports.",
    why=(
        "The tracer patches a library only in the versions it supports. Below the minimum the "
        "integration may not load, may trace nothing, or may break the library's calls."
        + _PAGE_FIRST
    ),
    example="requirements.txt:\n\n    ddtrace==4.16.0\n    django==1.7.11\n",
    fix=(
        "Upgrade the library to at least the minimum: raise its lower bound in the manifest "
        "and re-lock (`uv lock --upgrade-package django`, `poetry update django`, ...)."
    ),
    source=_SOURCE,
    tags=("compatibility", "integrations"),
)
ABOVE_MAXIMUM = Rule(
    code="DDL302",
    name="integration-above-maximum",
    severity=Severity.ERROR,
    summary="An instrumented library newer than a supported upper bound (aiopg <= 0.16).",
    why=(
        "Where the compatibility page gives an upper bound, newer releases of the library are "
        "not supported by the tracer's integration." + _PAGE_FIRST
    ),
    example="requirements.txt:\n\n    ddtrace==4.16.0\n    aiopg==1.4.0\n",
    fix="Constrain the library to the supported range (e.g. `aiopg>=0.12.0,<=0.16`) and re-lock.",
    source=_SOURCE,
    tags=("compatibility", "integrations"),
)
UNAVAILABLE = Rule(
    code="DDL303",
    name="integration-unavailable",
    severity=Severity.ERROR,
    summary="A library whose integration does not exist for the tracer release in use.",
    why=(
        "Some integrations exist only in some tracer releases (Pylons: dd-trace-py 1.x only). "
        "With a newer tracer the library runs untraced."
    ),
    example="requirements.txt:\n\n    ddtrace==4.16.0\n    pylons==1.0.3\n",
    fix=(
        "Use a tracer release that has the integration (when one is not End of Life on the "
        "as-of date), or move off the library and trace it manually in the meantime."
    ),
    source=_SOURCE,
    tags=("compatibility", "integrations"),
)
MANUAL = Rule(
    code="DDL304",
    name="integration-manual",
    severity=Severity.INFO,
    summary="A supported library that the tracer does not instrument automatically.",
    why=(
        "`ddtrace-run` and `import ddtrace.auto` patch only the integrations marked automatic. "
        "Others must be enabled in code or with `DD_PATCH_MODULES`, or they are not traced. "
        "Reported once per project and integration, at its most direct pin: an entry of a "
        "manifest or requirements file, or a locked entry naming the manifest line behind it, "
        "before a transitive lock entry; then the file nearest the project's top, then the "
        "first by path and line."
    ),
    example="requirements.txt:\n\n    ddtrace==4.16.0\n    bottle==0.12.25\n",
    fix=(
        "Enable the integration as its documentation says, e.g. `ddtrace.patch(bottle=True)` "
        "or `DD_PATCH_MODULES=bottle:true`; or ignore the rule once it is done."
    ),
    source=_SOURCE,
    tags=("integrations",),
)
CONSTRAINT_ADMITS_UNSUPPORTED = Rule(
    code="DDL305",
    name="constraint-admits-unsupported",
    severity=Severity.WARNING,
    summary="A version range in a manifest that admits versions the tracer does not support.",
    why=(
        "A range such as `django>=1.5` lets a resolver (or an old lockfile) pick a release "
        "below the supported minimum; the manifest should say what the tracer needs. A range "
        "without a lower bound (`urllib3<2`, Poetry's `*`, a bare name) admits every old "
        "release, and one without an upper bound every release above a supported maximum: "
        "these are reported in a project that uses the tracer, unless a lockfile of the "
        "project pins the package (the lock wins: its entry is judged by DDL301/DDL302)."
    ),
    example=(
        "pyproject.toml:\n\n    [project]\n    name = \"app\"\n    version = \"1.0\"\n"
        "    dependencies = [\"ddtrace==4.16.0\", \"django>=1.5\"]\n"
    ),
    fix="Tighten the range to the supported one, e.g. `django>=1.8` (`urllib3>=1.22,<2`).",
    source=_SOURCE,
    tags=("compatibility", "integrations"),
)

RULES = (BELOW_MINIMUM, ABOVE_MAXIMUM, UNAVAILABLE, MANUAL, CONSTRAINT_ADMITS_UNSUPPORTED)


def check(context: Context) -> Iterator[Diagnostic | Note]:
    index = names()
    relevant = [
        (file, dep) for file in context.files for dep in file.dependencies if dep.name in index
    ]
    if not relevant:
        return
    pins = tracer_pins(context, infer=True)
    # A range without a lower (or upper) bound says nothing about it: it admits what the
    # resolver picks. Judged so only in a project that uses the tracer, and not where a lock of
    # the project pins the package (the lock wins: its entry is judged by DDL301/DDL302).
    uses_tracer = bool(pins) or any(dep.name == TRACER for dep in context.dependencies())
    everywhere = frozenset(context.targets.environments())
    # A manifest's exact pin of a package that a lockfile of the project also pins is judged
    # once, on the lockfile's line (which names the manifest line as related).
    # One finding per code, entry and tracer: rows that share a distribution (aiohttp client
    # and server) and a verdict are reported once.
    seen: set[tuple[str, Any, Optional[str]]] = set()
    # Where the tracer's own data disagrees with the page, a page finding says so (DDL301/302).
    contrast = "tracer" in context.settings.facts
    # A `-c` file's and `[tool.uv] constraint-dependencies`' ranges, by name.
    constraints: dict[str, list[str]] = {}
    for _, entry in relevant:
        if entry.constraint:
            constraints.setdefault(entry.name, []).append(
                f"=={entry.version}" if entry.version else entry.specifier)
    # DDL304 is advice about the project's code, not about an entry: once per integration, at
    # its most direct pin (``_directness``).
    manual: dict[str, tuple[tuple[Any, ...], Diagnostic]] = {}
    for file, dependency in relevant:
        if (dependency.constraint and dependency.version) or context.shadowed_by_lock(file,
                                                                                   dependency):
            # A constraint's pin installs nothing (its range is still judged, DDL305); a lock's
            # entry stands for a manifest's pin.
            continue
        envs = applicable(dependency.marker, everywhere)
        if not envs:
            continue  # installed in no targeted environment
        for row in of_distribution(dependency.name):
            # An open side says nothing in a constraint: it only narrows what else asks for.
            open_ended = (uses_tracer and not dependency.constraint
                          and dependency.name not in context.pinned_by_locks)
            for finding in _judge(file, dependency, row, pins, envs, contrast=contrast,
                                  constraints=constraints, open_ended=open_ended,
                                  today=context.settings.today):
                if finding.code == MANUAL.code:
                    rank = (*_directness(file, dependency), finding.sort_key)
                    if row.id not in manual or rank < manual[row.id][0]:
                        manual[row.id] = (rank, finding)
                    continue
                key = (finding.code, finding.location, finding.tracer_version)
                if key not in seen:
                    seen.add(key)
                    yield finding
    for _, finding in manual.values():
        yield finding
    # Only a project without any ddtrace entry skips the rules silently: it does not use the
    # tracer. One whose entries admit no known release (a URL, a range of none) is told.
    if not pins and any(dep.version for _, dep in relevant) and any(
            dep.name == TRACER for dep in context.dependencies()):
        yield Note(
            f"integration checks were skipped for {shown_folder(context.project.root)}: no "
            f"{TRACER} release could be told from its files and no --tracer-version was given"
        )


def _directness(file: DependencyFile, dependency: Dependency) -> tuple[int, int]:
    """How directly the project asks for ``dependency``, lowest first: an entry of a file the
    project writes (manifest, requirements) or a locked entry that names the manifest line
    behind it (0) before a transitive lock entry (1); then files nearer the project's top."""
    direct = not written_by_a_tool(file) or dependency.origin is not None
    return (0 if direct else 1, len(dependency.location.path.parts))


def _via_extra(dependency: Dependency) -> str:
    """`` (extra 'web')`` for an entry installed only with an extra, else ``""``."""
    named = extras_named(dependency.marker)
    if not named:
        return ""
    return " (with the extra " + ", ".join(repr(extra) for extra in named) + ")"


def _judge(
    file: DependencyFile, dependency: Dependency, row: Integration,
    pins: tuple[TracerPin, ...], envs: frozenset[Any], *, constraints: dict[str, list[str]],
    today: datetime.date, contrast: bool = False, open_ended: bool = False,
) -> Iterator[Diagnostic]:
    if dependency.version is None:
        if not dependency.locked and dependency.url is None:
            yield from _judge_range(file, dependency, row, pins, envs, constraints=constraints,
                                    open_ended=open_ended)
        return
    from packaging.version import InvalidVersion, Version

    try:
        version = Version(dependency.version)
    except (InvalidVersion, ValueError):  # ValueError: a number too long for int()
        return
    for pin in pins:
        if not (pin.environments & envs):
            continue
        yield from _judge_pin(file, dependency, version, row, pin, contrast=contrast, today=today)


def _judge_pin(
    file: DependencyFile, dependency: Dependency, version: Version, row: Integration,
    pin: TracerPin, *, today: datetime.date, contrast: bool = False,
) -> Iterator[Diagnostic]:
    name, where = dependency.name, dependency.location
    shown = f"{name} {version}{_via_extra(dependency)}"  # what is installed, and how
    if not row.available_in(pin.version):
        yield UNAVAILABLE.diagnostic(
            where,
            f"{shown} is not traced by {pin.described}: the {row.title} integration "
            f"exists only for {TRACER}{row.tracer}",
            fix=_unavailable_fix(row, name, today),
            dependency=dependency,
            tracer_version=pin.text,
        )
        return
    fixed = _fix_range(row, name, pin, contrast)
    if row.minimum is not None and version < row.minimum:
        yield BELOW_MINIMUM.diagnostic(
            where,
            f"{shown} is older than {pin.described} supports for {row.title} "
            f"({_page_says(row, name, version, pin, contrast)})",
            fix=fixes.upgrade(file, name, f"{name}>={fixed.minimum}"),
            dependency=dependency,
            tracer_version=pin.text,
            fix_request=_request(dependency, fixed),
        )
    if row.maximum is not None and version > row.maximum:
        yield ABOVE_MAXIMUM.diagnostic(
            where,
            f"{shown} is newer than {pin.described} supports for {row.title} "
            f"({_page_says(row, name, version, pin, contrast)})",
            fix=fixes.constrain(file, name, f"{name}{fixed.supported}"),
            dependency=dependency,
            tracer_version=pin.text,
            fix_request=_request(dependency, fixed),
        )
    if not row.automatic and not (row.minimum is not None and version < row.minimum):
        advice = row.manual_advice or "enable it in code"
        yield MANUAL.diagnostic(
            where,
            f"{row.title} is supported by {pin.described} but not instrumented "
            f"automatically: {advice} (see {row.docs})",
            fix=f"enable the integration as documented at {row.docs}",
            dependency=dependency,
            tracer_version=pin.text,
        )


def _fix_range(row: Integration, name: str, pin: TracerPin, contrast: bool) -> Integration:
    """The page's row with its minimum raised to the one the pinned line itself declares, when
    the run uses the tracer's facts: a fix to the page's minimum alone would be reported by
    DDL502 (Django >= 1.8 on the page, >= 2.2.8 in 4.x). Unchanged where the two ranges do not
    meet (nothing satisfies both; the page's range is the contract)."""
    if not contrast or row.minimum is None:
        return row
    from packaging.version import InvalidVersion, Version

    from ddlint.records import replace
    from ddlint.rules.tracer_judgement import tracer_view

    own = tracer_view(name, pin.version)
    if own is None or not own.minimum:
        return row
    try:
        floor = Version(own.minimum)
    except InvalidVersion:
        return row
    if floor <= row.minimum or (row.maximum is not None and floor > row.maximum):
        return row
    return replace(row, minimum=floor)


def _page_says(
    row: Integration, name: str, version: Version, pin: TracerPin, contrast: bool
) -> str:
    """The page's range, and where the tracer's own data admits the version the page rejects,
    one clause saying so (only when the run uses the tracer's facts)."""
    if not contrast:
        return row.page_version
    from ddlint.rules.tracer_judgement import page_contrast, spaced

    other = page_contrast(name, version, pin.version)
    if other is None:
        return row.page_version
    tested = f" and tests up to {other.tested_max}" if other.tested_max else ""
    return (f"{row.page_version} per the compatibility page; {TRACER} {other.release} itself "
            f"declares {name} {spaced(other.declared)}{tested}")


def _unavailable_fix(row: Integration, name: str, today: datetime.date) -> str:
    """Name the tracer releases that have the integration only if one of their release lines
    is still supported (not End of Life) on ``today``."""
    lines = [line for line in release_lines()
             if line.published_stage(today) != LifecycleStage.END_OF_LIFE]
    if any(row.available_in(version) and any(line.covers(version) for line in lines)
           for version in snapshot()):
        return f"use {TRACER}{row.tracer}, or trace {name} manually"
    return (f"trace {name} manually, or move off it: the {TRACER} releases that have the "
            f"{row.title} integration ({TRACER}{row.tracer}) are End of Life on {today}")


def _judge_range(
    file: DependencyFile, dependency: Dependency, row: Integration,
    pins: tuple[TracerPin, ...], envs: frozenset[Any], *, constraints: dict[str, list[str]],
    open_ended: bool = False,
) -> Iterator[Diagnostic]:
    """DDL305: a manifest range that lets unsupported versions in: a bound beyond the supported
    range, or (``open_ended``) no bound at all on a side where the range is limited; a
    project's constraint that narrows it to supported versions keeps them out."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    if pins and not any(row.available_in(p.version) for p in pins if p.environments & envs):
        return  # DDL303 territory: the row does not apply to the tracer in use
    if not pins and row.tracer is not None:
        return  # cannot tell whether the row applies
    try:
        specifier = SpecifierSet(dependency.specifier)
    except InvalidSpecifier:
        return
    for constraint in constraints.get(dependency.name, ()):
        try:  # the project's constraints narrow what a resolver may pick for this range
            specifier &= SpecifierSet(constraint)
        except InvalidSpecifier:
            continue
    lower, upper = bounds(specifier)
    problems = []
    if row.minimum is not None and (lower < row.minimum if lower is not None else open_ended):
        problems.append(f"versions below {row.minimum}")
    if row.maximum is not None and (upper > row.maximum if upper is not None else open_ended):
        problems.append(f"versions above {row.maximum}")
    if not problems:
        return
    name = dependency.name
    declared = f"{name}{specifier}" if str(specifier) else f"{name} (no version range)"
    fix = f"require {name}{row.supported}"
    if lower is None and upper is not None and (row.maximum is None or upper <= row.maximum):
        fix = f"add the lower bound: {name}>={row.minimum},{specifier}"  # keep what it says
    yield CONSTRAINT_ADMITS_UNSUPPORTED.diagnostic(
        dependency.location,
        f"{declared} admits {' and '.join(problems)}, outside what {TRACER} supports "
        f"for {row.title} ({row.page_version})",
        fix=fix,
        dependency=dependency,
        fix_request=_request(dependency, row),
    )


def _request(dependency: Dependency, row: Integration) -> FixRequest:
    """The supported range for the declaration behind the entry (a lock's: its manifest line)."""
    return FixRequest(
        "narrow", dependency.name, dependency.origin or dependency.location,
        minimum=str(row.minimum) if row.minimum is not None else None,
        maximum=str(row.maximum) if row.maximum is not None else None)


