"""Runtime rules: the targeted CPython versions and platforms against the tracer release's.

Facts: ``rules/runtime.toml`` (the page's runtime table) and, for what the package metadata
declares, ``rules/releases.toml`` (each release's ``requires_python``); for single-step
instrumentation, ``rules/ssi.toml`` (when its injected library aborts).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Optional

from ddlint.facts.lifecycle import LifecycleStage, release_line, release_lines
from ddlint.facts.releases import lookup, newest_of, snapshot
from ddlint.facts.runtime import RuntimeRow, runtime_rows
from ddlint.model import (
    Declaration,
    Diagnostic,
    FixRequest,
    Location,
    Rule,
    Severity,
    quoted,
)
from ddlint.rules.context import Context, Note
from ddlint.rules.tracer import (
    TRACER,
    TracerPin,
    declared_at,
    line_installs,
    own_pins,
    pin_fields,
    pin_location,
    placed,
    upgrade_fix,
)
from ddlint.versions import admitted, bounds, minor_key

if TYPE_CHECKING:
    from packaging.version import Version

    from ddlint.facts.ssi import InjectionRow

_SOURCE = (
    "Datadog, \"Python Compatibility Requirements\", Releases section, runtime table "
    "(rules/runtime.toml)"
)

PYTHON_UNSUPPORTED = Rule(
    code="DDL101",
    name="python-unsupported",
    severity=Severity.ERROR,
    summary="A targeted CPython version outside the runtimes the tracer release supports.",
    why=(
        "The page lists, per tracer release line, the CPython versions it supports (4.x: 3.9+, "
        "3.x: 3.8+, 2.x: 3.7-3.13, <2: 2.7 and 3.5-3.11). On another version the tracer may not "
        "install, may not load, or may trace nothing. The targeted versions come from "
        "`--python`, `python-versions`, `.python-version` or `requires-python`; a range stands "
        "for every CPython minor it admits that is released on the as-of date. Only the "
        "environments a tracer entry applies to are judged: in a lockfile that forks ddtrace "
        "by Python version, each entry is judged for its own Pythons."
    ),
    example=(
        "pyproject.toml:\n\n    [project]\n    requires-python = \">=3.8\"\n"
        "    dependencies = [\"ddtrace==4.16.0\"]\n\n(4.x supports CPython 3.9+; 3.8 is targeted)"
    ),
    fix=(
        "Stop targeting that Python (raise `requires-python`, change `.python-version`), or use "
        "a tracer release line that supports it and is not End of Life on the as-of date, for "
        "that Python only if need be (`ddtrace>=3,<4; python_version == \"3.8\"` until "
        "2026-05-31); the fix says when no supported line runs on it."
    ),
    source=_SOURCE,
    tags=("compatibility", "runtime"),
)
PLATFORM_UNSUPPORTED = Rule(
    code="DDL102",
    name="platform-unsupported",
    severity=Severity.ERROR,
    summary="A targeted OS/CPU the tracer release does not support (e.g. Linux i686 with 4.x).",
    why=(
        "The page lists the OS and CPU each release line supports; 4.x dropped 32-bit Linux "
        "(i686). Platforms are judged only when they are declared with `--platform` or "
        "`platforms` in the configuration: ddlint does not guess where a project runs."
    ),
    example="requirements.txt:\n\n    ddtrace==4.16.0\n\nwith `--platform linux-i686`.",
    fix=(
        "Run on a supported platform, or use a release line that supports it and is not End "
        "of Life on the as-of date (the fix says when none is)."
    ),
    source=_SOURCE,
    tags=("compatibility", "runtime"),
)
PYTHON_UNKNOWN = Rule(
    code="DDL103",
    name="python-unknown",
    severity=Severity.INFO,
    summary="No target Python could be determined, so runtime checks were skipped.",
    why=(
        "Without a targeted Python ddlint cannot say whether the tracer release supports the "
        "runtime. Reported once per project that pins a tracer."
    ),
    example="requirements.txt (no pyproject.toml, no .python-version):\n\n    ddtrace==4.16.0\n",
    fix=(
        "Declare the Python the project runs on: `requires-python` in pyproject.toml, a "
        "`.python-version` file, `--python X.Y`, or `python-versions` in the configuration."
    ),
    source="ddlint",
    tags=("runtime",),
)
PYTHON_EXCLUDED_BY_METADATA = Rule(
    code="DDL104",
    name="python-excluded-by-metadata",
    severity=Severity.WARNING,
    summary="The tracer release's own Requires-Python excludes a targeted Python the page allows.",
    why=(
        "The page's runtime table is coarser than the package metadata: since 4.1.0 ddtrace "
        "declares `requires_python = \"<3.15,>=3.9\"` while the page says 3.9+. An installer "
        "refuses such a release on Python 3.15 (or resolves an older one). Reported apart from "
        "DDL101 so that what the page says and what the package says stay distinguishable."
    ),
    example=(
        "pyproject.toml:\n\n    [project]\n    requires-python = \">=3.9\"\n"
        "    dependencies = [\"ddtrace==4.16.0\"]\n\n(3.15 was released 2026-10-09)"
    ),
    fix=(
        "Keep that Python out of the targets until a tracer release declares it "
        "(e.g. `requires-python = \">=3.9,<3.15\"`), or upgrade to a release that declares it."
    ),
    source="the package index's Requires-Python metadata per ddtrace release (rules/releases.toml)",
    tags=("compatibility", "runtime"),
)

_SSI_SOURCE = (
    "ddtrace's lib-injection/sources/sitecustomize.py and requirements.csv per release "
    "(DataDog/dd-trace-py tags; rules/ssi.toml)"
)
SSI_PYTHON_UNSUPPORTED = Rule(
    code="DDL107",
    name="ssi-python-unsupported",
    severity=Severity.WARNING,
    summary="Single-step instrumentation's Python library aborts on a targeted CPython.",
    why=(
        "Where the deployment enables single-step instrumentation (the pod annotation "
        "`admission.datadoghq.com/python-lib.version`, Helm or Operator `ddTraceVersions`, the "
        "`dd-lib-python-init` image), the injected library's sitecustomize.py first checks the "
        "running CPython against its own allow list and, outside it, aborts without a word: "
        "the application runs untraced. The range is the release's, not the page's: 3.9 to "
        "3.14 from 4.3.0, 3.9 to 3.13 for 4.1.x and 4.2.x, 3.8 to 3.13 for 3.1.0 to 4.0.x. "
        "Judged only for environments that do not install ddtrace themselves (the injection "
        "then defers to that ddtrace) and whose Python is known; a release line "
        "(`python: \"4\"`) or `latest` is judged by the newest release ddlint's facts know "
        "of it."
    ),
    example=(
        "requirements.txt:\n\n    flask==3.1.2\n\ndeployment.yaml:\n\n    apiVersion: apps/v1\n"
        "    kind: Deployment\n    metadata:\n      annotations:\n"
        "        admission.datadoghq.com/python-lib.version: "
        "v4.2.1\n\nwith `--python 3.14` (4.1.0 to 4.2.x inject only on 3.9 to 3.13)"
    ),
    fix=(
        "Set the injected library to a release that runs on that Python (the fix names it), "
        "or run the application on a CPython the injected release allows. "
        "`DD_INJECT_FORCE=true` skips the check, untested."
    ),
    source=_SSI_SOURCE,
    tags=("compatibility", "runtime", "deployment"),
)
SSI_DEPENDENCY_CONFLICT = Rule(
    code="DDL108",
    name="ssi-dependency-conflict",
    severity=Severity.WARNING,
    summary="An installed package below the injected ddtrace's own requirement aborts "
            "single-step instrumentation.",
    why=(
        "Before it loads, single-step instrumentation's sitecustomize.py compares every "
        "installed package with ddtrace's own requirements (requirements.csv: bytecode, "
        "envier, wrapt, opentracing, OpenTelemetry, ...) and aborts without a word when one "
        "is below its minimum: the application runs untraced. Only the lower bound is "
        "checked, as sitecustomize.py reads it (`wrapt>=1,!=2.2.0,<3` reads as 1.2.0). "
        "Judged for exact pins and locked versions, in environments that do not install "
        "ddtrace themselves; releases before 3.10.0 read another list and are not judged."
    ),
    example=(
        "requirements.txt:\n\n    wrapt==1.1.2\n\ndeployment.yaml:\n\n    apiVersion: apps/v1\n"
        "    kind: Deployment\n    metadata:\n      annotations:\n"
        "        admission.datadoghq.com/python-lib.version: "
        "v4.16.0\n"
    ),
    fix="Upgrade the package to the minimum (the fix names it), and re-lock.",
    source=_SSI_SOURCE,
    tags=("compatibility", "deployment", "installability"),
)

# The page's spelling of the data's OS names, for messages.
_OS_NAMES = {"linux": "Linux", "macos": "macOS", "windows": "Windows"}

RULES = (PYTHON_UNSUPPORTED, PLATFORM_UNSUPPORTED, PYTHON_UNKNOWN, PYTHON_EXCLUDED_BY_METADATA,
         SSI_PYTHON_UNSUPPORTED, SSI_DEPENDENCY_CONFLICT)


def check(context: Context) -> Iterator[Diagnostic | Note]:
    yield from _injection(context)
    pins = own_pins(context)
    if not pins:
        return
    targets = context.targets
    if not targets.pythons:
        first = pins[0]
        yield placed(context,
            PYTHON_UNKNOWN, pin_location(context, first),
            f"no target Python is known, so {TRACER} {first.text} was not checked against the "
            f"Python versions it supports; declare one with requires-python in pyproject.toml, "
            f"a .python-version file, --python X.Y or python-versions in the configuration",
            **pin_fields(first),
        )
    for pin in pins:
        rows = tuple(row for row in runtime_rows()
                     if row.tracer.contains(pin.version, prereleases=True))
        if not rows:
            yield Note(f"no runtime facts for {TRACER} {pin.text}; update ddlint")
            continue
        if targets.pythons:
            yield from _pythons(context, pin, rows)
        if targets.platforms:
            yield from _platforms(context, pin, rows)


def _pythons(
    context: Context, pin: TracerPin, rows: Sequence[RuntimeRow]
) -> Iterator[Diagnostic | Note]:
    """DDL101 by the page, else DDL104 by the release's own Requires-Python."""
    where = pin_location(context, pin)
    targeted = set(context.targets.pythons)
    pythons = sorted({env.python for env in pin.environments} & targeted, key=minor_key)
    release = lookup(pin.version)
    who = f"{TRACER} {pin.text}"
    if release is None:  # newer than the release facts: judged by its line's newest release
        release = newest_of(pin.version.major)
        if release is not None and release.version < pin.version:
            who = (f"the newest {pin.version.major}.x release ddlint's facts know, {TRACER} "
                   f"{release.version} ({TRACER} {pin.text} is newer),")
        else:
            release = None
    declared = release.requires_python if release is not None else None
    source = context.targets.python_source or "the targets"
    for python in pythons:
        platforms = {env.platform for env in pin.environments if env.python == python}
        # Judge the rows of the targeted platforms when they are known; the page gives every
        # OS of a line the same Python range, so this only matters if that ever changes.
        relevant = [row for row in rows if platforms & set(row.platforms)] or list(rows)
        if not any(row.admits(python) for row in relevant):
            yield placed(context,
                PYTHON_UNSUPPORTED, where,
                f"{TRACER} {pin.text} does not support Python {python}, targeted by {source}: "
                f"the compatibility page lists CPython "
                f"{_texts(row.python_text for row in relevant)} for {TRACER} "
                f"{relevant[0].tracer_text}",
                fix=_python_fix(context, pin, python),
                python=python,
                fix_request=_raise_python(context, pin, python, relevant),
                **pin_fields(pin),
            )
        elif declared is not None and admitted(declared, (python,)) == ():
            yield placed(context,
                PYTHON_EXCLUDED_BY_METADATA, where,
                f"{who} declares Requires-Python {declared!r}, which excludes "
                f"Python {python}, targeted by {source}: installers will not install it there, "
                f"although the compatibility page lists CPython "
                f"{_texts(row.python_text for row in relevant)} for {TRACER} "
                f"{relevant[0].tracer_text}",
                fix=_metadata_fix(context, pin, python),
                python=python,
                fix_request=_cap_python(context, pin, declared, pythons),
                **pin_fields(pin),
            )


def _platforms(
    context: Context, pin: TracerPin, rows: Sequence[RuntimeRow]
) -> Iterator[Diagnostic | Note]:
    """DDL102: a declared platform no row of the release line covers."""
    where = pin_location(context, pin)
    declared = [p for p in context.targets.platforms
                if any(env.platform == p for env in pin.environments)]
    for platform in declared:
        if any(platform in row.platforms for row in rows):
            continue
        covered = "; ".join(f"{_OS_NAMES.get(row.os, row.os)} {row.cpu_text}" for row in rows)
        today = context.settings.today
        supporting = [row for row in runtime_rows() if platform in row.platforms]
        newest = max((row for row in supporting if _supported_on(row, today)), key=_lower_bound,
                     default=None)
        if newest is not None:
            fix = f"run on a supported platform, or use {TRACER}{newest.tracer_spec} on {platform}"
        elif supporting:
            fix = (f"run on a platform {TRACER} supports: every release line that supports "
                   f"{platform} is End of Life on {today}")
        else:
            fix = f"run on a platform {TRACER} supports"
        yield placed(context,
            PLATFORM_UNSUPPORTED, where,
            f"{TRACER} {pin.text} does not support {platform}: the compatibility page lists "
            f"{covered} for {TRACER} {rows[0].tracer_text}",
            fix=fix,
            platform=platform,
            **pin_fields(pin),
        )


def _texts(texts: Iterable[str]) -> str:
    """The distinct cells, in order (rows of one line repeat their Python range per OS)."""
    return " / ".join(dict.fromkeys(texts))


def _lower_bound(row: RuntimeRow) -> tuple[int, ...]:
    """The lowest release a row's tracer range admits, for ordering lines (``<2`` is lowest)."""
    lower = bounds(row.tracer)[0]
    return lower.release if lower is not None else (-1,)


def _installs(row: RuntimeRow, python: str, today: datetime.date) -> bool:
    """Whether some release of the row's line installs on ``python`` (``line_installs``)."""
    lower = bounds(row.tracer)[0]
    line = release_line(lower) if lower is not None else None
    return line is None or line_installs(line, python, today)


def _supported_on(row: RuntimeRow, today: datetime.date) -> bool:
    """Whether the release line a runtime row is about is supported (General Availability or
    Maintenance) on ``today``; a line without release-table facts is not recommended."""
    lines = [line for line in release_lines() if line.tracer_spec == row.tracer_spec]
    return bool(lines) and all(
        line.published_stage(today) != LifecycleStage.END_OF_LIFE for line in lines)


def _line_supported(version: Version, today: datetime.date) -> bool:
    line = release_line(version)
    return line is not None and line.published_stage(today) != LifecycleStage.END_OF_LIFE


def _python_fix(context: Context, pin: TracerPin, python: str) -> str:
    today = context.settings.today
    # a line the page lists for ``python`` but none of whose releases installs there (4.x on
    # 3.15: Requires-Python <3.15, no wheel) is no fix
    supporting = [row for row in runtime_rows()
                  if row.admits(python) and _supported_on(row, today)
                  and _installs(row, python, today)]
    newer = [row for row in supporting if (_lower_bound(row) > pin.version.release)]
    if newer:
        best = max(newer, key=_lower_bound)
        return upgrade_fix(context, pin, f"{TRACER}{best.tracer_spec}")
    stop = f"stop targeting Python {python} (e.g. raise requires-python)"
    if supporting:
        best = max(supporting, key=_lower_bound)
        return (f"{stop}, or use {TRACER}{best.tracer_spec} for it "
                f"(marker: python_version == \"{python}\")")
    return f"{stop}: no {TRACER} release line supported on {today} runs on it"


def _raise_python(context: Context, pin: TracerPin, python: str,
                  rows: Sequence[RuntimeRow]) -> Optional[FixRequest]:
    """requires-python raised past ``python`` to the next targeted Python the rows support, when
    the fix says so (no newer tracer supports ``python``) and requires-python is the target."""
    project = context.project
    source = context.targets.python_source or ""
    if project.pyproject is None or not source.startswith("requires-python"):
        return None
    if any(_lower_bound(row) > pin.version.release
           for row in runtime_rows() if row.admits(python)):
        return None  # the fix moves the tracer instead
    later = [p for p in context.targets.pythons
             if minor_key(p) > minor_key(python) and any(row.admits(p) for row in rows)]
    if not later:
        return None
    return FixRequest("requires-python", "python", Location(project.pyproject, 1),
                      minimum=min(later, key=minor_key))


def _cap_python(context: Context, pin: TracerPin, declared: str,
                pythons: Sequence[str]) -> Optional[FixRequest]:
    """requires-python capped below the first targeted Python the release's Requires-Python
    excludes, when the fix says so (no later release declares it) and requires-python is what
    targets it."""
    project = context.project
    source = context.targets.python_source or ""
    if project.pyproject is None or not source.startswith("requires-python"):
        return None
    installable = [p for p in pythons if admitted(declared, (p,)) != ()]
    if not installable:
        return None
    # Only Pythons above the lowest it installs on: one below is raised past by DDL101's fix
    # (capping below 3.8 because 3.8 is excluded would contradict it).
    lowest = min(installable, key=minor_key)
    excluded = sorted((p for p in pythons if admitted(declared, (p,)) == ()
                       and minor_key(p) > minor_key(lowest)), key=minor_key)
    if not excluded or _later_release_declares(pin, excluded[0], context.settings.today):
        return None  # the fix upgrades the tracer instead
    return FixRequest("requires-python", "python", Location(project.pyproject, 1),
                      below=excluded[0])


def _declaring(pin: TracerPin, python: str, today: datetime.date) -> list[Version]:
    """The releases after ``pin`` on a line supported on ``today`` whose Requires-Python admits
    ``python``, oldest first."""
    return sorted(
        version for version, release in snapshot().items()
        if version > pin.version and not version.is_prerelease and _line_supported(version, today)
        and (release.requires_python is None
             or admitted(release.requires_python, (python,)) == (python,))
    )


def _later_release_declares(pin: TracerPin, python: str, today: datetime.date) -> bool:
    return bool(_declaring(pin, python, today))


def _metadata_fix(context: Context, pin: TracerPin, python: str) -> str:
    declaring = _declaring(pin, python, context.settings.today)
    if declaring:
        return upgrade_fix(context, pin, f"{TRACER}>={declaring[0]}")
    return (f"keep Python {python} out of the targets until a {TRACER} release declares it "
            f"(e.g. an upper bound <{python} in requires-python)")


def _injection(context: Context) -> Iterator[Diagnostic | Note]:
    """DDL107, DDL108: where the deployment injects the tracer (single-step instrumentation)
    into an environment that installs none of its own."""
    if any(dependency.name == TRACER for dependency in context.dependencies()):
        return  # the injected sitecustomize.py defers to the environment's own ddtrace
    for declaration in context.declared("tracer"):
        if declaration.via != "ssi":
            continue
        injected = _injected(declaration)
        if injected is None:
            continue
        row, who = injected
        yield from _injected_pythons(context, declaration, row, who)
        yield from _injected_conflicts(context, declaration, row, who)


def _injected(declaration: Declaration) -> Optional[tuple[InjectionRow, str]]:
    """The facts of the release single-step instrumentation injects, and how to name it."""
    from packaging.version import InvalidVersion, Version

    from ddlint.facts.ssi import injection_row, injection_rows, newest_of_line

    try:
        version = Version(declaration.version) if declaration.version else None
    except (InvalidVersion, ValueError):
        return None
    if declaration.state == "known" and version is not None:
        row = injection_row(version)
        if row is not None:
            return row, f"{TRACER} {version}"
        row = newest_of_line(version.major)
        if row is None or row.last > version:
            return None
        return row, (f"{TRACER} {version} (judged as {row.last}, the newest "
                     f"{version.major}.x release ddlint's facts know)")
    if declaration.state == "line" and version is not None:
        row = newest_of_line(version.major)
        return (row, f"{TRACER} {version.major}.x (its newest release ddlint's facts know, "
                     f"{row.last})") if row is not None else None
    if declaration.state == "floating" and injection_rows():
        row = max(injection_rows(), key=lambda row: row.last)
        return row, f"{TRACER} latest (the newest release ddlint's facts know, {row.last})"
    return None


def _injected_pythons(context: Context, declaration: Declaration, row: InjectionRow,
                      who: str) -> Iterator[Diagnostic | Note]:
    from ddlint.facts.ssi import injection_rows
    from ddlint.versions import admits

    source = context.targets.python_source or "the targets"
    for python in sorted(context.targets.pythons, key=minor_key):
        if admits((row.python,), python):
            continue
        later = [r for r in injection_rows() if r.first > row.last and admits((r.python,), python)
                 and _line_supported(r.first, context.settings.today)]
        fix = (f"set single-step instrumentation's Python library to {later[0].first} or later "
               f"in {declared_at(declaration)}" if later else
               f"run the application on CPython {row.python_text}, or install "
               f"{TRACER} in the application's image")
        yield SSI_PYTHON_UNSUPPORTED.diagnostic(
            declaration.location,
            f"single-step instrumentation injects {who} ({quoted(declaration.declared, 80)}), "
            f"whose sitecustomize.py aborts without a word on CPython {python}, targeted by "
            f"{source}: it runs on CPython {row.python_text} only, so the "
            f"application runs untraced",
            fix=fix, python=python, package=TRACER, tracer_version=str(row.last),
        )


def _injected_conflicts(context: Context, declaration: Declaration, row: InjectionRow,
                        who: str) -> Iterator[Diagnostic | Note]:
    from ddlint import fixes
    from ddlint.environment import applicable

    if row.requires is None:
        return
    pythons = set(context.targets.pythons)
    for file, dependency in context.effective_entries():
        if dependency.version is None:
            continue
        installed = _numbers(dependency.version)
        if installed is None:
            continue
        for requirement in row.requires:
            if requirement.name != dependency.name or installed >= requirement.minimum:
                continue
            if requirement.python is not None and (
                    (pythons and requirement.python not in pythons)
                    or not any(env.python == requirement.python for env in applicable(
                        dependency.marker, context.targets.environments()))):
                continue
            minimum = requirement.minimum_text
            yield SSI_DEPENDENCY_CONFLICT.diagnostic(
                dependency.location,
                f"{quoted(dependency.name)} {quoted(dependency.version)} is below {minimum}, "
                f"the lowest the {who} that single-step instrumentation injects "
                f"({declared_at(declaration)}) accepts: its sitecustomize.py aborts without a "
                f"word, so the application runs untraced",
                dependency=dependency,
                fix=fixes.upgrade(file, dependency.name, f"{dependency.name}>={minimum}"),
                related=(*((dependency.origin,) if dependency.origin else ()),
                         declaration.location),
                tracer_version=str(row.last),
            )


def _numbers(version: str) -> Optional[tuple[int, ...]]:
    """A version as sitecustomize.py's parse_version reads it: each dot-separated part's
    leading number (None for a number too long for ``int``: no release of a package)."""
    import re

    try:
        return tuple(int(match.group(1)) for part in version.split(".")
                     if (match := re.match(r"(\d+)", part)))
    except ValueError:
        return None
