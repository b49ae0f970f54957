"""Integration rules: instrumented libraries inside the versions the tracer supports.

Facts: ``rules/integrations.toml``, one row per row of the compatibility page's integration
tables (web frameworks, datastores, libraries).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from ddlint import fixes
from ddlint.environment import applicable, extras_named
from ddlint.facts.integrations import Integration, by_distribution
from ddlint.model import Dependency, DependencyFile, Diagnostic, Rule, Severity
from ddlint.rules.context import Context, Note
from ddlint.rules.tracer import TRACER, TracerPin, tracer_pins
from ddlint.versions import bounds

if TYPE_CHECKING:
    from packaging.version import Version

_SOURCE = (
    "Datadog, \"Python Compatibility Requirements\", integration tables "
    "(rules/integrations.toml)"
)

BELOW_MINIMUM = Rule(
    code="DDL301",
    name="integration-below-minimum",
    severity=Severity.ERROR,
    summary="An instrumented library older than the tracer supports.",
    why=(
        "The tracer patches a library only in the versions it supports. Below the minimum the "
        "integration may not load, may trace nothing, or may break the library's calls."
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
        "not supported by the tracer's integration."
    ),
    example="requirements.txt:\n\n    ddtrace==4.16.0\n    aiopg==0.17.0\n",
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
        "Use a tracer release that has the integration, or move off the library and trace "
        "it manually in the meantime."
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
        "Others must be enabled in code or with `DD_PATCH_MODULES`, or they are not traced."
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
        "below the supported minimum; the manifest should say what the tracer needs."
    ),
    example="pyproject.toml:\n\n    dependencies = [\"ddtrace>=4\", \"django>=1.5\"]\n",
    fix="Tighten the range to the supported one, e.g. `django>=1.8`.",
    source=_SOURCE,
    tags=("compatibility", "integrations"),
)

RULES = (BELOW_MINIMUM, ABOVE_MAXIMUM, UNAVAILABLE, MANUAL, CONSTRAINT_ADMITS_UNSUPPORTED)


def check(context: Context) -> Iterator[Diagnostic | Note]:
    index = by_distribution()
    relevant = [
        (file, dep) for file in context.files for dep in file.dependencies if dep.name in index
    ]
    if not relevant:
        return
    pins = tracer_pins(context, infer=True)
    everywhere = frozenset(context.targets.environments())
    # A manifest's exact pin of a package that a lockfile of the project also pins is judged
    # once, on the lockfile's line (which names the manifest line as related).
    # One finding per code, entry and tracer: rows that share a distribution (aiohttp client
    # and server) and a verdict are reported once.
    seen: set[tuple[str, Any, Optional[str]]] = set()
    for file, dependency in relevant:
        if context.shadowed_by_lock(file, dependency):
            continue
        envs = applicable(dependency.marker, everywhere)
        if not envs:
            continue  # installed in no targeted environment
        for row in index[dependency.name]:
            for finding in _judge(file, dependency, row, pins, envs):
                key = (finding.code, finding.location, finding.tracer_version)
                if key not in seen:
                    seen.add(key)
                    yield finding
    # Only a project without any ddtrace entry skips the rules silently: it does not use the
    # tracer. One whose entries admit no known release (a URL, a range of none) is told.
    if not pins and any(dep.version for _, dep in relevant) and any(
            dep.name == TRACER for dep in context.dependencies()):
        yield Note(
            f"integration checks were skipped for {_shown(context.project.root)}: no {TRACER} "
            f"release could be told from its files and no --tracer-version was given"
        )


def _via_extra(dependency: Dependency) -> str:
    """`` (extra 'web')`` for an entry installed only with an extra, else ``""``."""
    named = extras_named(dependency.marker)
    if not named:
        return ""
    return " (with the extra " + ", ".join(repr(extra) for extra in named) + ")"


def _shown(folder: Path) -> str:
    """A folder as paths are shown: relative to the current one when below it."""
    relative = os.path.relpath(folder)
    return Path(relative).as_posix() if not relative.startswith("..") else folder.as_posix()


def _judge(
    file: DependencyFile, dependency: Dependency, row: Integration,
    pins: tuple[TracerPin, ...], envs: frozenset[Any],
) -> Iterator[Diagnostic]:
    if dependency.version is None:
        if not dependency.locked and dependency.url is None:
            yield from _judge_range(file, dependency, row, pins, envs)
        return
    from packaging.version import InvalidVersion, Version

    try:
        version = Version(dependency.version)
    except (InvalidVersion, ValueError):  # ValueError: a number too long for int()
        return
    for pin in pins:
        if not (pin.environments & envs):
            continue
        yield from _judge_pin(file, dependency, version, row, pin)


def _judge_pin(
    file: DependencyFile, dependency: Dependency, version: Version, row: Integration,
    pin: TracerPin,
) -> Iterator[Diagnostic]:
    name, where = dependency.name, dependency.location
    shown = f"{name} {version}{_via_extra(dependency)}"  # what is installed, and how
    if not row.available_in(pin.version):
        yield UNAVAILABLE.diagnostic(
            where,
            f"{shown} is not traced by {pin.described}: the {row.title} integration "
            f"exists only for {TRACER}{row.tracer}",
            fix=f"use {TRACER}{row.tracer}, or trace {name} manually",
            dependency=dependency,
            tracer_version=pin.text,
        )
        return
    if row.minimum is not None and version < row.minimum:
        yield BELOW_MINIMUM.diagnostic(
            where,
            f"{shown} is older than {pin.described} supports for {row.title} "
            f"({row.page_version})",
            fix=fixes.upgrade(file, name, f"{name}>={row.minimum}"),
            dependency=dependency,
            tracer_version=pin.text,
        )
    if row.maximum is not None and version > row.maximum:
        yield ABOVE_MAXIMUM.diagnostic(
            where,
            f"{shown} is newer than {pin.described} supports for {row.title} "
            f"({row.page_version})",
            fix=fixes.constrain(file, name, f"{name}{row.supported}"),
            dependency=dependency,
            tracer_version=pin.text,
        )
    if not row.automatic and not (row.minimum is not None and version < row.minimum):
        yield MANUAL.diagnostic(
            where,
            f"{row.title} is supported by {pin.described} but not instrumented "
            f"automatically: enable it in code (see {row.docs})",
            fix=f"enable the integration as documented at {row.docs}",
            dependency=dependency,
            tracer_version=pin.text,
        )


def _judge_range(
    file: DependencyFile, dependency: Dependency, row: Integration,
    pins: tuple[TracerPin, ...], envs: frozenset[Any],
) -> Iterator[Diagnostic]:
    """DDL305: a manifest range that lets unsupported versions in."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    if pins and not any(row.available_in(p.version) for p in pins if p.environments & envs):
        return  # DDL303 territory: the row does not apply to the tracer in use
    if not pins and row.tracer is not None:
        return  # cannot tell whether the row applies
    try:
        specifier = SpecifierSet(dependency.specifier)
    except InvalidSpecifier:
        return
    lower, upper = bounds(specifier)
    problems = []
    if row.minimum is not None and lower is not None and lower < row.minimum:
        problems.append(f"versions below {row.minimum}")
    if row.maximum is not None and (upper is None or upper > row.maximum):
        problems.append(f"versions above {row.maximum}")
    if not problems:
        return
    name = dependency.name
    yield CONSTRAINT_ADMITS_UNSUPPORTED.diagnostic(
        dependency.location,
        f"{name}{specifier} admits {' and '.join(problems)}, outside what {TRACER} supports "
        f"for {row.title} ({row.page_version})",
        fix=f"require {name}{row.supported}",
        dependency=dependency,
    )


