"""Installability rules: what the package index actually serves of the pinned tracer release.

Facts: ``rules/wheels.toml`` (the CPython builds and platforms each release ships a wheel for)
and ``rules/releases.toml`` (yanked releases, dates), both from the package index.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Optional

from ddlint.facts.lifecycle import LifecycleStage, release_line, supported_line
from ddlint.facts.releases import Release, lookup, snapshot
from ddlint.facts.runtime import runtime_rows
from ddlint.facts.wheels import wheels_of
from ddlint.model import Diagnostic, Rule, Severity
from ddlint.rules.context import Context, Note
from ddlint.rules.tracer import (
    TRACER,
    TracerPin,
    line_installs,
    own_pins,
    pin_fields,
    pin_location,
    placed,
    upgrade_fix,
)
from ddlint.versions import admitted, minor_key

if TYPE_CHECKING:
    import datetime

    from packaging.version import Version

_SOURCE = (
    "the package index's file list for the ddtrace project: wheel tags (rules/wheels.toml) and "
    "yanked flags (rules/releases.toml)"
)

NO_WHEEL = Rule(
    code="DDL105",
    name="no-wheel",
    severity=Severity.WARNING,
    summary="The pinned tracer release ships no wheel for a targeted CPython build or platform.",
    why=(
        "ddtrace is a compiled package. Where a release has no wheel for the targeted CPython "
        "(or its free-threaded build, `3.13t`, `3.14t`) on the targeted platform, installers "
        "fall back to building the source distribution, which needs a C compiler and a Rust "
        "toolchain and was never tested there: the install fails or takes minutes, although "
        "the compatibility page lists that CPython for the line (e.g. no 3.14 wheel before "
        "3.16.0, no 3.13 wheel for 2.0.0 to 2.18.2, no free-threaded wheel for any release). "
        "Only CPython versions the page and the release's Requires-Python admit are judged "
        "here (DDL101 and DDL104 report the others); platforms only when declared. "
        "Not checked: the macOS version. From 4.2.0 the macOS wheels need macOS 14 or later "
        "(tagged `macosx_14_0`; 4.1.x and older were built for macOS 12.7 and older, "
        "DataDog/dd-trace-py .gitlab/validate-ddtrace-package.py at v4.2.0), so on macOS 13 "
        "installers build the source distribution. A platform (`--platform macos-arm64`) is "
        "an OS and CPU pair, which environment markers can tell apart and lock files fork on; "
        "no marker names a macOS version, and the wheel data keeps each wheel's platform, not "
        "its minimum OS version, so ddlint has neither a target nor a fact to judge it by."
    ),
    example=(
        "requirements.txt:\n\n    ddtrace==3.15.0\n\nwith `--python 3.14` (the 3.14 wheels "
        "start at 3.16.0)."
    ),
    fix="Upgrade to the nearest release that ships the wheel (the fix names it), and re-lock.",
    source=_SOURCE,
    tags=("compatibility", "runtime", "installability"),
)
YANKED = Rule(
    code="DDL106",
    name="release-yanked",
    severity=Severity.WARNING,
    summary="The pinned tracer release was yanked from the package index.",
    why=(
        "A yanked release was withdrawn by its maintainers, usually for a serious defect; "
        "installers skip it unless it is pinned exactly, and ddlint never infers one from a "
        "range. ddtrace 1.9.1 and 3.12.1 to 3.12.4 are yanked."
    ),
    example="requirements.txt:\n\n    ddtrace==3.12.2\n",
    fix="Pin the nearest release that is not yanked, on a supported release line.",
    source=_SOURCE,
    tags=("installability",),
)

RULES = (NO_WHEEL, YANKED)


def check(context: Context) -> Iterator[Diagnostic | Note]:
    today = context.settings.today
    for pin in own_pins(context):  # the tracer's own verdicts: where it is pinned
        if not pin.environments:
            continue
        release = lookup(pin.version)
        if release is not None and release.yanked:
            yield _yanked(context, pin, today)
        if context.targets.pythons:
            yield from _wheels(context, pin, release, today)


def _candidates(today: datetime.date) -> list[Release]:
    """Releases one may move to on ``today``: out, final, not yanked, oldest first."""
    return sorted((release for release in snapshot().values()
                   if release.date <= today and not release.yanked
                   and not release.version.is_prerelease), key=lambda release: release.version)


def _supported(version: Version, today: datetime.date) -> bool:
    line = release_line(version)
    return line is not None and line.published_stage(today) != LifecycleStage.END_OF_LIFE


def _yanked(context: Context, pin: TracerPin, today: datetime.date) -> Diagnostic | Note:
    later = [release for release in _candidates(today) if release.version > pin.version
             and release.version.major == pin.version.major]
    nearest = f"; the nearest release not yanked is {later[0].version}" if later else ""
    # A fix never advises a line End of Life on the as-of date (DDL201 would report it), nor
    # one that cannot be installed on a targeted Python (DDL104/DDL105 would).
    pythons = sorted({env.python for env in pin.environments} & set(context.targets.pythons),
                     key=minor_key)
    if later and _supported(later[0].version, today):
        fix = upgrade_fix(context, pin, f"{TRACER}>={later[0].version}")
    else:
        line = supported_line(today)
        fix = upgrade_fix(context, pin, f"{TRACER}{line.tracer_spec}") if line else \
            "pin a release that is not yanked"
        stuck = [p for p in pythons if line is not None and not line_installs(line, p, today)]
        if stuck:
            fix = f"stop targeting Python {', '.join(stuck)}, then {fix}"
    return placed(context,
        YANKED, pin_location(context, pin),
        f"{TRACER} {pin.text} was yanked from the package index: installers skip it unless "
        f"pinned exactly{nearest}",
        fix=fix, **pin_fields(pin),
    )


def _wheels(context: Context, pin: TracerPin, release: Optional[Release],
            today: datetime.date) -> Iterator[Diagnostic | Note]:
    row = wheels_of(pin.version)
    if row is None:
        return  # newer than the wheel table: nothing known to judge
    targets = context.targets
    rows = [r for r in runtime_rows() if r.tracer.contains(pin.version, prereleases=True)]
    declared = release.requires_python if release is not None else None
    pythons = sorted({env.python for env in pin.environments} & set(targets.pythons),
                     key=minor_key)
    for python in pythons:
        if not any(r.admits(python) for r in rows):
            continue  # DDL101
        if declared is not None and admitted(declared, (python,)) == ():
            continue  # DDL104
        platforms: Sequence[Optional[str]] = sorted(
            {env.platform for env in pin.environments if env.python == python}
            & set(targets.platforms)) or [None]
        for build in targets.builds(python):
            for platform in platforms:
                if row.has_wheel(build, platform):
                    continue
                yield _no_wheel(context, pin, build, platform, today, sdist=row.sdist,
                                python=python)


def _installs_on(release: Release, python: str) -> bool:
    """Whether the page's runtime table and the release's Requires-Python admit ``python``."""
    rows = [r for r in runtime_rows() if r.tracer.contains(release.version, prereleases=True)]
    return any(r.admits(python) for r in rows) and (
        release.requires_python is None or admitted(release.requires_python, (python,)) != ())


def _no_wheel(context: Context, pin: TracerPin, build: str, platform: Optional[str],
              today: datetime.date, *, sdist: bool, python: str) -> Diagnostic | Note:
    described = ("free-threaded CPython " if build.endswith("t") else "CPython ") + build
    where = f" on {platform}" if platform else ""
    # Only releases that also declare and support the Python: a wheel a release's own
    # Requires-Python refuses (4.11's 3.15 wheels, <3.15) is no way out (DDL104 would say so).
    having = [release for release in _candidates(today)
              if (row := wheels_of(release.version)) is not None
              and row.has_wheel(build, platform) and _installs_on(release, python)]
    newer = [release for release in having if release.version > pin.version]
    supported = [release for release in newer if _supported(release.version, today)]
    if supported:
        nearest = supported[0]
        fix = upgrade_fix(context, pin, f"{TRACER}>={nearest.version}")
        told = f"; the nearest release on a line supported on {today} with one is {nearest.version}"
    elif newer or having:
        nearest = (newer or having)[-1 if not newer else 0]
        told = (f"; the nearest release that has one is {nearest.version}, on a release line "
                f"End of Life on {today}")
        fix = f"target another Python build{where} (no supported {TRACER} release has a wheel)"
    else:
        told = f"; no {TRACER} release of ddlint's facts has one"
        fix = (f"target another Python build{where}: no {TRACER} release ships a wheel for "
               f"{described}")
    building = (" (installers would build the source distribution, which needs a C compiler "
                "and a Rust toolchain)" if sdist else " and no source distribution")
    return placed(context,
        NO_WHEEL, pin_location(context, pin),
        f"{TRACER} {pin.text} ships no wheel for {described}{where}, targeted by "
        f"{context.targets.python_source or 'the targets'}{building}{told}",
        fix=fix, python=build, **({"platform": platform} if platform else {}),
        **pin_fields(pin),
    )




def provenance() -> str:
    """Where the data comes from and how old it is (for ``ddlint rule DDL105``/``DDL106``)."""
    from ddlint.facts.releases import snapshot_date
    from ddlint.facts.wheels import file_in_use, meta

    data = meta()
    used = file_in_use()
    where = f"{used}" if used is not None else "rules/wheels.toml and rules/releases.toml"
    return (f"The release facts: {where}, as of {snapshot_date()} (wheels as of "
            f"{data['as_of']}); source: {data['source']}. A release newer than them is not "
            "judged here; `ddlint facts update` refreshes them.\n")
