"""Which ddtrace release(s) a project runs: pinned in its files or given as an option."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from ddlint import fixes
from ddlint.environment import Environment, applicable
from ddlint.model import Declaration, Dependency, DependencyFile, Diagnostic, Location, Rule
from ddlint.records import dataclass
from ddlint.rules.context import Note, lock_wins

if TYPE_CHECKING:
    import datetime

    from packaging.version import Version

    from ddlint.facts.lifecycle import ReleaseLine
    from ddlint.rules.context import Context

TRACER = "ddtrace"


@dataclass(frozen=True)
class TracerPin:
    """One tracer release and the environments it is installed in.

    ``dependency`` is the entry that pins it; None when it comes from ``--tracer-version``.
    """

    version: Version
    environments: frozenset[Environment]
    dependency: Optional[Dependency] = None
    # Set when no entry pins the tracer exactly: the declared range ("" for none) the version
    # was inferred from, as the newest release an installer would pick on the as-of date.
    inferred_from: Optional[str] = None
    # Pinned in another file of the project: the environment pins no tracer of its own. Its
    # own verdicts (DDL1xx, DDL2xx) belong to the environments of that file (``own_pins``).
    borrowed: bool = False
    # Set for a tracer read from the deployment (a Dockerfile's pip install, a Lambda layer,
    # single-step instrumentation): findings go on its line.
    declaration: Optional[Declaration] = None
    # Only the release line is known (``version`` is its first release): only the line's
    # verdicts apply (``tracer_pins(lines=True)``).
    line_only: bool = False

    @property
    def text(self) -> str:
        return f"{self.version.major}.x" if self.line_only else str(self.version)

    @property
    def described(self) -> str:
        """``ddtrace 4.16.0``, saying so when the version was inferred from a range, where it
        is pinned when another file of the project pins it, or that the deployment declares
        it."""
        if self.borrowed and self.dependency is not None:
            return (f"{TRACER} {self.text} (pinned in "
                    f"{self.dependency.location.path.as_posix()})")
        if self.declaration is not None:
            detail = f", {self.declaration.detail}" if self.declaration.detail else ""
            return f"{TRACER} {self.text} (from the deployment{detail})"
        if self.inferred_from is None:
            return f"{TRACER} {self.text}"
        declared = f"the range {TRACER}{self.inferred_from}" if self.inferred_from else \
            f"an unpinned {TRACER}"
        return f"{TRACER} {self.text} (inferred from {declared}: the newest release it admits)"


def tracer_pins(context: Context, infer: bool = False,
                lines: bool = False) -> tuple[TracerPin, ...]:
    """The tracer releases an environment runs, first found wins: its own exact pins (locked
    ones preferred over manifest pins; a forked lock gives several pins, each with its
    environments); what the deployment declares exactly for its files (a Dockerfile's ``pip
    install ddtrace==X``, a Lambda layer that pinned it; with ``lines``, also a release line
    only, ``line_only``); with ``infer``, for its own ddtrace entries that pin no exact
    version, the release an installer would pick on the as-of date (``inferred_release``);
    without a ddtrace entry of its own, the project's other pins (each distinct one,
    ``borrowed``); else ``--tracer-version`` / ``tracer-version`` (a tracer installed outside
    the files)."""
    every = frozenset(context.targets.environments())
    own = [d for d in context.dependencies() if d.name == TRACER]
    pins = _exact(lock_wins([d for d in own if d.version]), every, borrowed=False)
    if pins:
        return pins
    deployed = _deployed(context, every, lines)
    if deployed:
        return deployed
    if own and not infer:
        return ()
    inferred: dict[tuple[str, Optional[str]], TracerPin] = {}
    for dependency in own:
        if dependency.url is not None or dependency.version:
            continue
        environments = applicable(dependency.marker, every)
        found = inferred_release(context, dependency.specifier) if environments else None
        key = (str(found), dependency.marker)
        if found is not None and key not in inferred:
            inferred[key] = TracerPin(found, environments, dependency,
                                      inferred_from=dependency.specifier)
    if own:
        return tuple(inferred.values())
    pins = _exact(context.project_pins, every, borrowed=True)
    if pins:
        return pins
    option = context.settings.tracer_version
    if option:
        from packaging.version import Version

        return (TracerPin(Version(option), every),)
    return ()


def own_pins(context: Context, lines: bool = False) -> tuple[TracerPin, ...]:
    """The tracer releases the environment itself pins (or its deployment declares, or
    ``--tracer-version`` gives): the ones whose own verdicts (lifecycle, runtime) it reports."""
    return tuple(pin for pin in tracer_pins(context, lines=lines) if not pin.borrowed)


def _exact(
    dependencies: Iterable[Dependency], every: frozenset[Environment], borrowed: bool
) -> tuple[TracerPin, ...]:
    from packaging.version import InvalidVersion, Version

    pins: dict[tuple[str, Optional[str]], TracerPin] = {}
    for dependency in dependencies:
        assert dependency.version is not None
        try:
            version = Version(dependency.version)
        except (InvalidVersion, ValueError):  # ValueError: a number too long for int()
            continue
        key = (str(version), dependency.marker)
        if key not in pins:
            pins[key] = TracerPin(version, applicable(dependency.marker, every), dependency,
                                  borrowed=borrowed)
    return tuple(pins.values())


def _deployed(context: Context, every: frozenset[Environment],
              lines: bool) -> tuple[TracerPin, ...]:
    """The tracer the deployment declares: its exact versions, else (``lines``) its lines."""
    from packaging.version import InvalidVersion, Version

    found: dict[str, TracerPin] = {}
    declared = context.declared("tracer")
    for declaration in declared:
        line_only = declaration.state == "line"
        if declaration.version is None or not (declaration.state == "known"
                                               or (lines and line_only)):
            continue
        try:
            version = Version(declaration.version)
        except (InvalidVersion, ValueError):
            continue
        if line_only and any(pin.version.major == version.major for pin in found.values()):
            continue
        found.setdefault(str(version), TracerPin(version, every, declaration=declaration,
                                                 line_only=line_only))
    return tuple(found.values())


def inferred_release(context: Context, specifier: str) -> Optional[Version]:
    """The newest release of the snapshot, out on the as-of date and not yanked, that
    ``specifier`` admits and whose Requires-Python admits the project's Python targets (every
    one, else some); None when the range admits none."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    from ddlint.facts.releases import snapshot

    try:
        wanted = SpecifierSet(specifier)
    except InvalidSpecifier:
        return None
    today = context.settings.today
    candidates = sorted((release for release in snapshot().values()
                         if release.date <= today and not release.yanked
                         and wanted.contains(release.version)),
                        key=lambda release: release.version, reverse=True)
    pythons = context.targets.pythons
    for admits in (all, any):
        for release in candidates:
            if not pythons or _admits_python(release.requires_python, pythons, admits):
                return release.version
    return candidates[0].version if candidates else None


def _admits_python(requires: Optional[str], pythons: tuple[str, ...], admits: Any) -> bool:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    if not requires:
        return True
    try:
        declared = SpecifierSet(requires)
    except InvalidSpecifier:
        return True
    return bool(admits(declared.contains(f"{python}.0") or declared.contains(f"{python}.99")
                       for python in pythons))


def dependency_file(context: Context, dependency: Dependency) -> Optional[DependencyFile]:
    """The parsed file an entry belongs to (an included requirements file's entries belong to
    the file that includes it)."""
    return next((file for file in context.files if dependency in file.dependencies), None)


def pin_location(context: Context, pin: TracerPin) -> Optional[Location]:
    """Where a finding about ``pin`` goes: the entry that pins it, else the ``tracer-version``
    line of the configuration file that sets it. None for a tracer given only on the command
    line: no line of any file states it, so its findings are told as notes (``placed``)."""
    if pin.dependency is not None:
        return pin.dependency.location
    if pin.declaration is not None:
        return pin.declaration.location
    return context.project.tracer_version_at


def placed(
    context: Context, rule: Rule, where: Optional[Location], message: str, **fields: Any
) -> Diagnostic | Note:
    """``rule``'s finding at ``where``; a note when the fact has no line to point at (a tracer
    given only with ``--tracer-version``): a finding on an unrelated line would label it with a
    package that is not there, and code scanning needs a location for every result. The note
    names the project it is about (a run may judge several with that tracer)."""
    if where is not None:
        return rule.diagnostic(where, message, **fields)
    fix = fields.get("fix")
    project = shown_folder(context.project.root)
    return Note(f"{rule.code} ({rule.name}, {TRACER} from --tracer-version, for {project}): "
                f"{message}" + (f"; fix: {fix}" if fix else ""), code=rule.code)


def declared_at(declaration: Declaration) -> str:
    """Where the deployment declares something, as messages and fixes name it: ``file:line``."""
    from ddlint.model import shown

    return f"{shown(declaration.location.path.as_posix())}:{declaration.location.line}"


def shown_folder(folder: Path) -> str:
    """A folder as a message names it: relative to the current folder when below it."""
    relative = os.path.relpath(folder)
    return folder.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def line_installs(line: ReleaseLine, python: str, today: datetime.date) -> bool:
    """Whether a release of ``line`` out on ``today`` (not yanked) admits ``python`` in its
    Requires-Python and ships a wheel for it (4.1.0 and later declare <3.15; 4.0.x declare
    3.15 but ship no wheel for it). A release the wheel data does not cover counts."""
    from ddlint.facts.releases import within
    from ddlint.facts.wheels import wheels_of
    from ddlint.versions import admitted

    for release in within(line.major, line.major):
        if (not line.covers(release.version) or release.yanked or release.date > today
                or release.version.is_prerelease):
            continue
        if release.requires_python and admitted(release.requires_python, (python,)) == ():
            continue
        wheels = wheels_of(release.version)
        if wheels is None or wheels.has_wheel(python, None):
            return True
    return False


def pin_fields(pin: TracerPin) -> dict[str, Any]:
    """The fields of a finding about ``pin`` itself: its entry (package, version, related), or
    for a tracer given as an option the package and version it names."""
    if pin.dependency is None:
        return {"package": TRACER, "version": pin.text, "tracer_version": pin.text}
    return {"dependency": pin.dependency, "tracer_version": pin.text}


def upgrade_fix(context: Context, pin: TracerPin, requirement: str) -> str:
    """How to move the tracer to ``requirement`` (e.g. ``ddtrace>=4,<5``), in the words of the
    tool that wrote the file; a tracer given as an option is installed outside the files."""
    if pin.dependency is not None:
        file = dependency_file(context, pin.dependency)
        if file is not None:
            return fixes.upgrade(file, TRACER, requirement)
    if pin.declaration is not None:
        where = declared_at(pin.declaration)
        if "datadog-lambda" in pin.declaration.detail:  # a Datadog Lambda Python layer's
            return f"use a Datadog Lambda Python layer that bundles {requirement} in {where}"
        if pin.declaration.via == "ssi":
            return (f"set single-step instrumentation's Python library to a release of "
                    f"{requirement} in {where}")
        return f"install {requirement} where {where} installs the tracer"
    return (f"install {requirement} where the tracer comes from (single-step instrumentation, "
            f"Lambda layer, image), then update tracer-version / --tracer-version")
