"""Release-lifecycle rules: the tracer's release line on the as-of date, and its minimum Agent.

Facts: ``rules/lifecycle.toml`` (the page's release table and support policy) and
``rules/releases.toml`` (every ddtrace release with its date, as of the snapshot's date).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any, Optional

from ddlint.environment import applicable
from ddlint.facts.datadog_lambda import PACKAGE as LAMBDA_PACKAGE
from ddlint.facts.datadog_lambda import source as lambda_source
from ddlint.facts.datadog_lambda import tracer_requirements
from ddlint.facts.lifecycle import (
    LifecycleStage,
    ReleaseLine,
    policy,
    policy_line,
    release_line,
    release_lines,
    supported_line,
)
from ddlint.facts.releases import facts_age, newest_of, snapshot_date, within
from ddlint.facts.runtime import runtime_rows
from ddlint.model import (
    Declaration,
    Dependency,
    Diagnostic,
    FixRequest,
    Location,
    Rule,
    Severity,
    quoted,
    shown,
)
from ddlint.rules.context import Context, Note, written_by_a_tool
from ddlint.rules.tracer import (
    TRACER,
    TracerPin,
    dependency_file,
    line_installs,
    pin_fields,
    pin_location,
    placed,
    tracer_pins,
    upgrade_fix,
)
from ddlint.versions import bounds, minor_key

_SOURCE = (
    "Datadog, \"Python Compatibility Requirements\", Releases section: release table and "
    "support levels (rules/lifecycle.toml); release dates from the package index "
    "(rules/releases.toml)"
)
# Where the rules of the tracer's release read its version (the rule pages say it).
TRACER_READ_FROM = (
    "Where the tracer's version is read from: an exact pin of the environment's own files "
    "first, then the deployment files that apply to them (`pip install ddtrace==X` in a "
    "Dockerfile or script, single-step instrumentation's Python library version, the Datadog "
    "Lambda Python layer's bundled tracer), then `--tracer-version` / `tracer-version` (a "
    "tracer installed outside the files); a release line only (SSI `v2`, a Python layer) "
    "gives the line's verdicts, on the declaration's line. A range of the environment's own "
    "that admits no release of the line in General Availability (`ddtrace>=3,<4`) is judged "
    "as the newest release it admits, which an installer picks, and the message says so "
    "(DDL201 and DDL202 only)."
)

END_OF_LIFE = Rule(
    code="DDL201",
    name="release-eol",
    severity=Severity.ERROR,
    summary="The tracer's release line is End of Life on the as-of date.",
    why=(
        "An End of Life release line gets no updates or support: no security fixes, no "
        "support for new library or Python versions, and Datadog support will ask for an "
        "upgrade first. The as-of date is `--today` (default: today), so a line whose "
        "Maintenance ends on 2026-05-31 is End of Life from 2026-06-01. " + TRACER_READ_FROM
    ),
    example="requirements.txt:\n\n    ddtrace==2.21.12\n",
    fix=(
        "Upgrade to the release line in General Availability (`ddtrace>=4,<5` on 2026-11-25): "
        "raise the bound in the manifest and re-lock (`uv lock --upgrade-package ddtrace`, "
        "`poetry update ddtrace`, ...)."
    ),
    source=_SOURCE,
    tags=("lifecycle",),
)
MAINTENANCE = Rule(
    code="DDL202",
    name="release-maintenance",
    severity=Severity.WARNING,
    summary="The tracer's release line is in Maintenance (critical fixes only); says until when.",
    why=(
        "A line in Maintenance gets critical security and bug fixes only, and becomes End of "
        "Life at the end date the page gives (3.x: until 2026-05-31). Plan the upgrade before "
        "that date. " + TRACER_READ_FROM
    ),
    example="requirements.txt:\n\n    ddtrace==3.19.9\n\nwith `--today 2026-05-31`.",
    fix="Upgrade to the release line in General Availability and re-lock.",
    source=_SOURCE,
    tags=("lifecycle",),
)
MINOR_NOT_BACKPORTED = Rule(
    code="DDL203",
    name="minor-not-backported",
    severity=Severity.INFO,
    summary=(
        "The pinned minor is not among the 3 most recent minors that receive critical backports."
    ),
    why=(
        "During General Availability critical fixes are backported to the 3 most recent minor "
        "releases of the line only (as of the as-of date, from the release snapshot). An "
        "older minor receives no fix at all, even though its line is supported. Reported for "
        "lines in General Availability; for a line in Maintenance DDL202 applies."
    ),
    example=(
        "requirements.txt:\n\n    ddtrace==4.10.0\n\nwith `--today 2026-11-25` "
        "(4.16, 4.15 and 4.14 are the 3 most recent minors)."
    ),
    fix="Upgrade to the latest patch of a recent minor, e.g. `uv lock --upgrade-package ddtrace`.",
    source=_SOURCE,
    tags=("lifecycle",),
)
AGENT_BELOW_MINIMUM = Rule(
    code="DDL204",
    name="agent-below-minimum",
    severity=Severity.ERROR,
    summary="The declared Datadog Agent is older than the release line's minimum Agent (7.28).",
    why=(
        "The page gives a minimum Datadog Agent per release line; an older Agent may not accept "
        "what the tracer sends. Reported only when the Agent version is declared: with "
        "`--agent-version` or `agent-version` in the configuration (which win), else read from "
        "the deployment files that apply to the dependency file (`ddlint deployment` lists "
        "them): an Agent image's tag (compose, Kubernetes, ECS, Terraform, CDK, Dockerfile "
        "`FROM`), Helm `agents.image.tag` or the pinned chart's default Agent, the Operator's "
        "override or default, the install script's `DD_AGENT_MAJOR_VERSION`. A release line "
        "wholly below the minimum counts (an Agent 6 tag, the Agent 5 image "
        "`datadog/docker-dd-agent`); the finding names the declaration's file and line."
    ),
    example="requirements.txt:\n\n    ddtrace==4.16.0\n\nwith `--agent-version 7.27.2`.",
    fix="Upgrade the Datadog Agent to the minimum (7.28) or newer, and declare its version.",
    source=_SOURCE,
    tags=("lifecycle", "agent"),
)
POLICY_STAGE = Rule(
    code="DDL205",
    name="release-policy-stage",
    severity=Severity.INFO,
    summary="The support policy puts the release line further along than the page's table says.",
    why=(
        "The page's policy says a major version is in General Availability for 12 months after "
        "x.0.0, in Maintenance for the next 6, and End of Life 18 months after x.0.0. Its release "
        "table is updated by hand and can lag: 4.0.0 was published 2025-11-20, so the policy "
        "puts 4.x in Maintenance from 2026-11-20, while the table still says General "
        "Availability and no 5.x exists. ddlint reports the published status (DDL201/DDL202 "
        "follow the table) and says here what the policy implies, so nobody is failed for an "
        "upgrade that does not exist yet."
    ),
    example="requirements.txt:\n\n    ddtrace==4.16.0\n\nwith `--today 2026-11-25`.",
    fix=(
        "Nothing to change today; watch for the next major release and plan the upgrade. "
        "Ignore the rule (`ignore = [\"DDL205\"]`) if the reminder is not wanted."
    ),
    source=_SOURCE,
    tags=("lifecycle",),
)

FACTS_PREDATE = Rule(
    code="DDL206",
    name="facts-predate-release",
    severity=Severity.WARNING,
    summary="ddlint's facts predate the tracer release, or are too old to judge its line.",
    why=(
        "ddlint judges a release line by the page's table as of its facts' date. A release of a "
        "line the facts do not know (5.0.0 when they end at 4.x) is judged by the page's policy "
        "from its x.0.0's date when the release facts know it (`ddlint facts update`); "
        "otherwise nothing about it can be checked, and that is said rather than passed "
        "silently. The same holds when the facts are older than 90 days and the page's policy "
        "puts the pinned line past General Availability: the table ddlint copied may no longer "
        "be the page's."
    ),
    example="requirements.txt:\n\n    ddtrace==5.0.0\n\nwith facts as of 2026-11-25.",
    fix=(
        "Refresh the release facts (`ddlint facts update`), point `--facts-file` at a team's "
        "newer file, or upgrade ddlint."
    ),
    source=_SOURCE,
    tags=("lifecycle",),
)

LAMBDA_FORBIDS_LINE = Rule(
    code="DDL207",
    name="lambda-library-forbids-line",
    severity=Severity.WARNING,
    summary=(
        "datadog-lambda's own ddtrace requirement forbids the supported release line on a "
        "targeted Python."
    ),
    why=(
        "On AWS Lambda the tracer comes with `datadog-lambda`, which pins its own ddtrace range "
        "per Python: 8.130.0 requires ddtrace 3.x (`>=3.19.1,<4`) on Python 3.8 and 3.9 and "
        "`>=4.1.1,<5,!=4.6.*` from 3.10, and 8.118.0 requires `<3.19.0` everywhere. Where that "
        "range leaves out the line in General Availability, the upgrade DDL201 asks for cannot "
        "be installed beside it: the Python or the datadog-lambda release must move first. "
        "Where it admits the line, DDL201's fix names the narrower range."
    ),
    example=(
        "requirements.txt:\n\n    ddtrace==3.19.9\n    datadog-lambda==8.130.0\n\n"
        "with `--python 3.9`."
    ),
    fix=(
        "Target a Python on which the datadog-lambda release allows the supported line (3.10 "
        "or later for 8.130.0), or upgrade datadog-lambda to a release that allows it."
    ),
    source=(
        "datadog-lambda's own metadata (Requires-Dist: ddtrace) per release "
        "(rules/datadog_lambda.toml); the page's release table (rules/lifecycle.toml)"
    ),
    tags=("lifecycle", "serverless"),
)

RULES = (END_OF_LIFE, MAINTENANCE, MINOR_NOT_BACKPORTED, AGENT_BELOW_MINIMUM, POLICY_STAGE,
         FACTS_PREDATE, LAMBDA_FORBIDS_LINE)


def check(context: Context) -> Iterator[Diagnostic | Note]:
    today = context.settings.today
    stale = facts_age(today)
    if stale is not None:
        yield Note(
            f"ddlint's release facts are as of {snapshot_date()}, {stale} days before the as-of "
            f"date {today}: they may be stale (newer {TRACER} releases, an edited compatibility "
            f"page); run `ddlint facts update` or upgrade ddlint"
        )
    # The environment's own tracer, one look: its exact pins (else what its deployment or
    # --tracer-version gives), else what its own ranges install (``_capped``).
    pins = [pin for pin in tracer_pins(context, infer=True, lines=True) if not pin.borrowed]
    for pin in pins:
        if not pin.environments or pin.inferred_from is not None:
            continue  # its marker admits none of the targeted environments; or a range's
        line = release_line(pin.version) or policy_line(pin.version.major, today)
        newest = newest_of(pin.version.major)
        if line is None:
            newest_known = newest_of(max(line.major for line in release_lines()))
            known = f", newest known release {newest_known.version}" if newest_known else ""
            yield placed(context,
                FACTS_PREDATE, pin_location(context, pin),
                f"{TRACER} {pin.text} is newer than ddlint's facts (release snapshot of "
                f"{snapshot_date()}{known}): release line {pin.version.major}.x is not in "
                f"them, so its lifecycle, runtime and tracer-data checks were not done",
                fix="run `ddlint facts update` (or use --facts-file) and lint again, or "
                    "upgrade ddlint",
                **pin_fields(pin),
            )
            continue
        if newest is not None and pin.version > newest.version:
            yield Note(
                f"{TRACER} {pin.text} is newer than ddlint's release facts (snapshot of "
                f"{snapshot_date()}, newest known {line.major}.x: {newest.version}): judged as "
                f"release line {line.release_text} with the newest known {line.major}.x data")
        yield from _judge(context, pin, line, today)
    yield from _capped(context, [pin for pin in pins if pin.inferred_from], today)
    yield from _lambda(context, today)


def _capped(context: Context, inferred: list[TracerPin],
            today: datetime.date) -> Iterator[Diagnostic | Note]:
    """DDL201/DDL202 for a range of the environment's own (no exact pin of its own) that
    admits no release of the line in General Availability (``ddtrace>=3,<4``): judged as the
    newest release it admits (``inferred``: each with the range it comes from), which an
    installer picks, and said so. A range that admits the supported line (an unpinned
    ``ddtrace`` too) is left to the installer."""
    supported = supported_line(today)
    if supported is None:
        return
    for pin in inferred:
        assert pin.inferred_from  # a valid range: inferred_release read it
        line = release_line(pin.version)
        if not pin.environments or line is None or line.major >= supported.major \
                or _line_release(pin.inferred_from, supported, today) is not None:
            continue
        for found in _judge(context, pin, line, today):
            if isinstance(found, Diagnostic) and found.code in (END_OF_LIFE.code,
                                                                MAINTENANCE.code):
                yield found


def _lambda_requirements(context: Context, python: str) -> list[tuple[Dependency, str]]:
    """(the datadog-lambda entry, its ddtrace specifier on ``python``) for each pinned
    datadog-lambda release the data holds."""
    from ddlint.environment import Environment

    found = []
    for _, dependency in context.effective_entries():
        if dependency.name != LAMBDA_PACKAGE or not dependency.version:
            continue
        for requirement in tracer_requirements(dependency.version) or ():
            where = {Environment(python, "linux-x86_64")}
            if not requirement.marker or applicable(requirement.marker, where):
                found.append((dependency, requirement.specifier))
    return found


def _line_release(spec: str, line: ReleaseLine, today: datetime.date) -> Optional[str]:
    """The oldest final release of ``line``, out on ``today`` and not yanked, that ``spec``
    admits; None when it admits none."""
    from packaging.specifiers import SpecifierSet

    wanted = SpecifierSet(spec)
    admitted = sorted(release.version for release in within(line.major, line.major)
                      if line.covers(release.version) and not release.version.is_prerelease
                      and not release.yanked and release.date <= today
                      and wanted.contains(release.version))
    return str(admitted[0]) if admitted else None


def _lambda(context: Context, today: datetime.date) -> Iterator[Diagnostic | Note]:
    """DDL207: a datadog-lambda release whose own ddtrace requirement leaves out the line in
    General Availability on a targeted Python."""
    supported = supported_line(today)
    if supported is None:
        return
    told: set[tuple[Location, str]] = set()
    targeted = sorted(context.targets.pythons, key=minor_key)
    for python in targeted:
        for dependency, spec in _lambda_requirements(context, python):
            if (dependency.location, spec) in told or \
                    _line_release(spec, supported, today) is not None:
                continue
            told.add((dependency.location, spec))
            pythons = [p for p in targeted if any(s == spec and d is dependency
                                                  for d, s in _lambda_requirements(context, p))]
            allowing = [p for p in context.targets.known_pythons
                        if any(d is dependency and _line_release(s, supported, today)
                               for d, s in _lambda_requirements(context, p))]
            fix = (f"target Python {allowing[0]} or later, where {LAMBDA_PACKAGE} "
                   f"{dependency.version} allows {TRACER}{supported.tracer_spec}, or upgrade "
                   f"{LAMBDA_PACKAGE}" if allowing else
                   f"upgrade {LAMBDA_PACKAGE} to a release that allows "
                   f"{TRACER}{supported.tracer_spec}")
            yield LAMBDA_FORBIDS_LINE.diagnostic(
                dependency.location,
                f"{LAMBDA_PACKAGE} {dependency.version} requires {TRACER}{spec} on Python "
                f"{', '.join(pythons)} ({lambda_source()}): {TRACER}{supported.tracer_spec}, "
                f"the release line in General Availability on {today}, cannot be installed "
                f"beside it",
                fix=fix, dependency=dependency, python=pythons[0],
            )


def _lambda_narrowed(context: Context, pin: TracerPin, supported: ReleaseLine,
                     today: datetime.date) -> Optional[str]:
    """The tracer requirement DDL201/DDL202's fix names when a pinned datadog-lambda narrows
    the supported line on every Python the pin serves (``>=4.1.1,<5,!=4.6.*``); None when
    none does or it leaves the line out somewhere (DDL207 says so)."""
    pythons = sorted({env.python for env in pin.environments} & set(context.targets.pythons))
    specs = {spec for python in pythons for _, spec in _lambda_requirements(context, python)}
    if len(specs) != 1:
        return None
    (spec,) = specs
    lowest = _line_release(spec, supported, today)
    if lowest is None:
        return None
    excluded = [part for part in spec.split(",") if part.strip().startswith("!=")]
    return ",".join([f">={lowest}", f"<{supported.major + 1}", *excluded])


def _judge(
    context: Context, pin: TracerPin, line: ReleaseLine, today: datetime.date
) -> Iterator[Diagnostic | Note]:
    where = pin_location(context, pin)
    # A release inferred from a range says so ("ddtrace 3.19.9 (inferred from the range ...)").
    subject = pin.described if pin.inferred_from is not None else f"{TRACER} {pin.text}"
    common: dict[str, Any] = {"dependency": pin.dependency, "tracer_version": pin.text}
    if pin.dependency is None:
        common.update(package=TRACER, version=pin.text)
    stage = line.published_stage(today)
    supported = supported_line(today)
    upgrade = None
    moving = dict(common)  # DDL201/202 only: the tracer moved to the supported line
    if supported is not None and supported.major > line.major:
        release, floor, cap = _moved_to(context, pin, supported, today)
        upgrade, plain = _move_fix(context, pin, supported, release)
        # Only a plain move: when targeted Pythons must be dropped first (a fork for 3.8
        # cannot take 4.x), rewriting the tracer's range alone would not resolve.
        if pin.dependency is not None and plain:
            moving["fix_request"] = FixRequest(
                "release-line", TRACER, pin.dependency.origin or pin.dependency.location,
                minimum=str(supported.major), below=str(supported.major + 1),
                release=release, python_floor=floor, python_below=cap)
    if stage == LifecycleStage.END_OF_LIFE:
        ended = ""
        if line.maintenance_until is not None:
            ended = f", whose Maintenance ended {line.maintenance_until}"
        yield placed(context,
            END_OF_LIFE, where,
            f"{subject} is End of Life on {today}: release line {line.release_text}"
            f"{ended}, gets no updates or support",
            fix=upgrade or "no release line is in General Availability in ddlint's facts; "
                           "update ddlint",
            **moving,
        )
    elif stage == LifecycleStage.MAINTENANCE:
        if line.maintenance_until is not None:
            until = (f"until {line.maintenance_until}, End of Life from "
                     f"{line.maintenance_until + datetime.timedelta(days=1)}")
        else:
            until = "the page names no end date"
        yield placed(context,
            MAINTENANCE, where,
            f"{subject} is in Maintenance on {today} (critical security and bug fixes "
            f"only): release line {line.release_text} is supported {until}",
            fix=upgrade or "plan the upgrade to the next major release when it is published",
            **moving,
        )
    yield from _policy(context, pin, line, stage, today, where=where, common=common)
    # The page promises backports to the 3 most recent minors during General Availability
    # only; in Maintenance DDL202 already says what is left.
    if stage == LifecycleStage.GENERAL_AVAILABILITY and not pin.line_only:
        yield from _backports(context, pin, line, today, where=where, common=common)
    yield from _agent(context, pin, line, where=where, common=common)


def _moved_to(context: Context, pin: TracerPin, supported: ReleaseLine, today: datetime.date
              ) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """The release an exact pin of the tracer moves to (the newest of ``supported`` out on
    ``today``, not yanked, that a pinned datadog-lambda allows and whose Requires-Python admits
    the pin's targeted Pythons), and that release's Requires-Python as a floor (``>=``) and a
    cap (``<``), which the project's own Python range must keep inside for a lock to resolve
    (Poetry's ``python = "^3.8"`` cannot lock ddtrace 4.16.0, which needs >=3.9,<3.15)."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    from ddlint.versions import admitted

    narrowed = _lambda_narrowed(context, pin, supported, today)
    wanted = SpecifierSet(narrowed or "")
    pythons = sorted({env.python for env in pin.environments} & set(context.targets.pythons))
    candidates = [release for release in within(supported.major, supported.major)
                  if supported.covers(release.version) and not release.version.is_prerelease
                  and not release.yanked and release.date <= today
                  and wanted.contains(release.version)
                  and not (release.requires_python and pythons and
                           admitted(release.requires_python, pythons) != tuple(pythons))]
    if not candidates:
        return None, None, None
    newest = max(candidates, key=lambda release: release.version)
    floor = cap = None
    try:
        for clause in SpecifierSet(newest.requires_python or ""):
            if clause.operator == ">=":
                floor = clause.version
            elif clause.operator == "<":
                cap = clause.version
    except InvalidSpecifier:
        pass
    return str(newest.version), floor, cap


def _move_fix(context: Context, pin: TracerPin, supported: ReleaseLine,
              release: Optional[str]) -> tuple[str, bool]:
    """Upgrade to ``supported`` (narrowed to what a pinned datadog-lambda requires), and
    whether that is all; first drop the targeted Pythons it does not run on (a fork of the
    lock for Python 3.8 cannot move to 4.x, which needs 3.9+) or on which datadog-lambda
    forbids it (DDL207). A hand-written exact pin moves to ``release`` (the newest release
    the move allows), as the edit writes it; anything else to the line's range."""
    from packaging.version import Version

    today = context.settings.today
    narrowed = _lambda_narrowed(context, pin, supported, today)
    operator = _hand_written_pin(context, pin)
    if release is not None and operator is not None:
        upgrade = upgrade_fix(context, pin, f"{TRACER}{operator}{release}")
        if narrowed:
            upgrade += f" (within {LAMBDA_PACKAGE}'s own requirement {TRACER}{narrowed})"
    else:
        upgrade = upgrade_fix(context, pin, f"{TRACER}{narrowed or supported.tracer_spec}")
        if narrowed:
            upgrade += f" ({LAMBDA_PACKAGE}'s own requirement)"
    first = Version(f"{supported.major}")
    rows = [row for row in runtime_rows() if row.tracer.contains(first, prereleases=True)]
    pythons = sorted({env.python for env in pin.environments} & set(context.targets.pythons),
                     key=lambda python: tuple(int(part) for part in python.split(".")))
    left_behind = [p for p in pythons if rows and not any(row.admits(p) for row in rows)]
    if left_behind:
        texts = " / ".join(dict.fromkeys(row.python_text for row in rows))
        return (f"stop targeting Python {', '.join(left_behind)} ({TRACER}"
                f"{supported.tracer_spec} supports CPython {texts}), then {upgrade}", False)
    uninstallable = [p for p in pythons if not line_installs(supported, p, today)]
    if uninstallable:
        return (f"stop targeting Python {', '.join(uninstallable)} (no {TRACER}"
                f"{supported.tracer_spec} release both declares it in its Requires-Python and "
                f"ships a wheel for it), then {upgrade}", False)
    forbidden = [p for p in pythons if any(_line_release(spec, supported, today) is None
                                           for _, spec in _lambda_requirements(context, p))]
    if forbidden:
        return (f"stop targeting Python {', '.join(forbidden)} or upgrade {LAMBDA_PACKAGE} "
                f"(its own requirement forbids {TRACER}{supported.tracer_spec} there, DDL207), "
                f"then {upgrade}", False)
    return upgrade, True


def _hand_written_pin(context: Context, pin: TracerPin) -> Optional[str]:
    """The operator (``==``, ``===``) of ``pin`` when it is one exact clause of a file a person
    writes, which the fix rewrites to an exact release with the same operator
    (``fixing.narrowing.move_release_line``); else None."""
    dependency = pin.dependency
    if dependency is None or dependency.origin is not None or not dependency.version \
            or pin.inferred_from is not None or pin.borrowed:
        return None
    file = dependency_file(context, dependency)
    clauses = [c.strip() for c in (dependency.specifier or "").split(",") if c.strip()]
    if file is None or written_by_a_tool(file) or len(clauses) != 1 \
            or not clauses[0].startswith("==") or clauses[0].endswith(".*"):
        return None
    return "===" if clauses[0].startswith("===") else "=="


def _policy(
    context: Context, pin: TracerPin, line: ReleaseLine, stage: LifecycleStage,
    today: datetime.date, *, where: Optional[Location], common: dict[str, Any],
) -> Iterator[Diagnostic | Note]:
    """DDL205: the policy's arithmetic is further along than the published status."""
    rules = policy()
    implied = line.policy_stage(rules, today)
    if implied <= stage:
        return
    later = sorted((release for release in within(line.major + 1, None)
                    if release.version.major > line.major and not release.version.is_prerelease
                    and release.date <= today), key=lambda release: release.version)
    stale = facts_age(today)
    if later:
        successor = f"{TRACER} {later[0].version} ({later[0].date}) is out"
    elif stale is not None:
        successor = (f"ddlint's facts, {stale} days old (release snapshot of "
                     f"{snapshot_date()}), know no {line.major + 1}.x release")
    else:
        successor = f"no {line.major + 1}.x release exists (release snapshot of {snapshot_date()})"
    if implied == LifecycleStage.MAINTENANCE:
        timeline = (f"in Maintenance since {line.maintenance_from(rules)} (End of Life from "
                    f"{line.end_of_life_from(rules)})")
    else:
        timeline = f"End of Life since {line.end_of_life_from(rules)}"
    if stale is not None and not later:
        # The table may have moved on since the facts were copied: not a silent pass.
        yield placed(context,
            FACTS_PREDATE, where,
            f"by the page's support policy {TRACER} {pin.text} (release line "
            f"{line.release_text}, {line.major}.0.0 of {line.first_release}) is {timeline}, and "
            f"{successor}: the page's table as ddlint copied it ({stage.title}) may be out of "
            f"date",
            fix="run `ddlint facts update` (or use --facts-file) and lint again, or upgrade "
                f"ddlint; plan the move to {TRACER} {line.major + 1}.x",
            **common,
        )
        return
    yield placed(context,
        POLICY_STAGE, where,
        f"by the page's support policy {TRACER} {pin.text} (release line {line.release_text}, "
        f"{line.major}.0.0 of {line.first_release}) is {timeline}; the page's table still "
        f"says {stage.title} and {successor}, so ddlint reports the table's status",
        fix=f"plan the move to {TRACER} {line.major + 1}.x",
        **common,
    )


def _backports(
    context: Context, pin: TracerPin, line: ReleaseLine, today: datetime.date, *,
    where: Optional[Location], common: dict[str, Any],
) -> Iterator[Diagnostic | Note]:
    """DDL203: the pinned minor is older than the N most recent minors of its line."""
    count = policy().backported_minors
    own = pin.version.release[:2]
    low, high = bounds(line.tracer)
    minors = {release.version.release[:2]
              for release in within(low.major if low else None,
                                             high.major if high else None)
              if line.covers(release.version) and not release.version.is_prerelease
              and release.date <= today}
    recent = sorted(minors | {own}, reverse=True)[:count]
    if own in recent:
        return
    names = ", ".join(".".join(map(str, minor)) for minor in recent)
    oldest = ".".join(map(str, recent[-1]))
    yield placed(context,
        MINOR_NOT_BACKPORTED, where,
        f"{TRACER} {pin.text} is on minor {'.'.join(map(str, own))}, not among the {count} most "
        f"recent minors of release line {line.release_text} on {today} ({names}): critical "
        f"fixes are not backported to it",
        fix=upgrade_fix(context, pin, f"{TRACER}>={oldest}"),
        **common,
    )


def _agent(
    context: Context, pin: TracerPin, line: ReleaseLine, *, where: Optional[Location],
    common: dict[str, Any],
) -> Iterator[Diagnostic | Note]:
    """DDL204: the declared Agent (configuration and command line first, else the oldest the
    deployment declares: a version, or a release line wholly below, Agent 6 or 5) is older
    than the line's minimum."""
    from packaging.version import InvalidVersion, Version

    if line.minimum_agent is None:
        return
    agent = context.settings.agent_version
    declaration = None
    if agent is None:
        declaration = _old_agent(context, pin, line.minimum_agent)
        if declaration is None or declaration.version is None:
            return
        agent = declaration.version
        too_old = True
    else:
        try:
            too_old = Version(agent) < Version(line.minimum_agent)
        except InvalidVersion:
            return  # the configuration check rejects these; nothing to judge
    if too_old:
        named = ""
        fix = "update agent-version / --agent-version"
        extra = dict(common)
        if declaration is not None:
            where_declared = (f"{shown(declaration.location.path.as_posix())}:"
                              f"{declaration.location.line}")
            named = f" ({where_declared} {quoted(declaration.declared, 60)})"
            fix = f"change {where_declared}"
            origin = pin.dependency.origin if pin.dependency is not None else None
            extra["related"] = (*([origin] if origin is not None else []), declaration.location)
        yield placed(context,
            AGENT_BELOW_MINIMUM, where,
            f"the Datadog Agent {shown(agent)}{named} is older than {line.minimum_agent}, the "
            f"minimum Agent for {TRACER} {pin.text} (release line {line.release_text})",
            fix=f"upgrade the Datadog Agent to {line.minimum_agent} or newer and {fix}",
            **extra,
        )


def _old_agent(context: Context, pin: TracerPin, minimum: str) -> Optional[Declaration]:
    """The deployment's oldest Agent below ``minimum`` that applies to the pin's file: a known
    version, or a release line wholly below it (``6``, the Agent 5 image)."""
    from ddlint.versions import release_key

    file = dependency_file(context, pin.dependency) if pin.dependency is not None else None
    wanted = release_key(minimum)
    for declaration in context.declared("agent", file):
        found = release_key(declaration.version or "")
        if not found:
            continue
        if declaration.state == "known" and found < wanted:
            return declaration
        if declaration.state == "line" and found < wanted[:len(found)]:
            return declaration
    return None
