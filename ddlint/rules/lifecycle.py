"""Release-lifecycle rules: the tracer's release line on the as-of date, and its minimum Agent.

Facts: ``rules/lifecycle.toml`` (the page's release table and support policy) and
``rules/releases.toml`` (every ddtrace release with its date, as of the snapshot's date).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any, Optional

from ddlint.facts.lifecycle import LifecycleStage, ReleaseLine, policy, release_line, release_lines
from ddlint.facts.releases import snapshot_date, within
from ddlint.facts.runtime import runtime_rows
from ddlint.model import (
    Declaration,
    Diagnostic,
    FixRequest,
    Location,
    Rule,
    Severity,
    quoted,
    shown,
)
from ddlint.rules.context import Context, Note
from ddlint.rules.tracer import (
    TRACER,
    TracerPin,
    dependency_file,
    pin_location,
    placed,
    tracer_pins,
    upgrade_fix,
)
from ddlint.versions import bounds

_SOURCE = (
    "Datadog, \"Python Compatibility Requirements\", Releases section: release table and "
    "support levels (rules/lifecycle.toml); release dates from the package index "
    "(rules/releases.toml)"
)
# ddlint's own judgement, not a published fact: past this many days after the release
# snapshot's date, newer tracer releases or an edited page are likely.
STALE_AFTER_DAYS = 180

# Where the rules of the tracer's release read its version (the rule pages say it).
TRACER_READ_FROM = (
    "Where the tracer's version is read from: `--tracer-version` / `tracer-version` first, then "
    "an exact pin of the dependency files, then the deployment files that apply to them "
    "(`pip install ddtrace==X` in a Dockerfile or script, single-step instrumentation's "
    "Python library version, the Datadog Lambda Python layer's bundled tracer); a release "
    "line only (SSI `v2`, a Python layer) gives the line's verdicts, on the declaration's line."
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

RULES = (END_OF_LIFE, MAINTENANCE, MINOR_NOT_BACKPORTED, AGENT_BELOW_MINIMUM, POLICY_STAGE)


def check(context: Context) -> Iterator[Diagnostic | Note]:
    today = context.settings.today
    stale = (today - snapshot_date()).days
    if stale > STALE_AFTER_DAYS:
        yield Note(
            f"ddlint's release facts are as of {snapshot_date()}, {stale} days before the as-of "
            f"date {today}: they may be stale (newer {TRACER} releases, an edited compatibility "
            f"page); update ddlint"
        )
    for pin in tracer_pins(context, lines=True):
        if not pin.environments:
            continue  # its marker admits none of the targeted environments
        line = release_line(pin.version)
        if line is None:
            yield Note(f"no release-line facts for {TRACER} {pin.text}; update ddlint")
            continue
        yield from _judge(context, pin, line, today)


def _judge(
    context: Context, pin: TracerPin, line: ReleaseLine, today: datetime.date
) -> Iterator[Diagnostic | Note]:
    where = pin_location(context, pin)
    common: dict[str, Any] = {"dependency": pin.dependency, "tracer_version": pin.text}
    if pin.dependency is None:
        common.update(package=TRACER, version=pin.text)
    stage = line.published_stage(today)
    supported = _supported_line(today)
    upgrade = None
    moving = dict(common)  # DDL201/202 only: the tracer moved to the supported line
    if supported is not None and supported.major > line.major:
        upgrade = _move_fix(context, pin, supported)
        # Only a plain move: when targeted Pythons must be dropped first (a fork for 3.8
        # cannot take 4.x), rewriting the tracer's range alone would not resolve.
        plain = upgrade == upgrade_fix(context, pin, f"{TRACER}{supported.tracer_spec}")
        if pin.dependency is not None and plain:
            moving["fix_request"] = FixRequest(
                "release-line", TRACER, pin.dependency.origin or pin.dependency.location,
                minimum=str(supported.major), below=str(supported.major + 1))
    if stage == LifecycleStage.END_OF_LIFE:
        ended = ""
        if line.maintenance_until is not None:
            ended = f", whose Maintenance ended {line.maintenance_until}"
        yield placed(
            END_OF_LIFE, where,
            f"{TRACER} {pin.text} is End of Life on {today}: release line {line.release_text}"
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
        yield placed(
            MAINTENANCE, where,
            f"{TRACER} {pin.text} is in Maintenance on {today} (critical security and bug fixes "
            f"only): release line {line.release_text} is supported {until}",
            fix=upgrade or "plan the upgrade to the next major release when it is published",
            **moving,
        )
    yield from _policy(pin, line, stage, today, where=where, common=common)
    # The page promises backports to the 3 most recent minors during General Availability
    # only; in Maintenance DDL202 already says what is left.
    if stage == LifecycleStage.GENERAL_AVAILABILITY and not pin.line_only:
        yield from _backports(context, pin, line, today, where=where, common=common)
    yield from _agent(context, pin, line, where=where, common=common)


def _move_fix(context: Context, pin: TracerPin, supported: ReleaseLine) -> str:
    """Upgrade to ``supported``; first drop the targeted Pythons it does not run on (a fork of
    the lock for Python 3.8 cannot move to 4.x, which needs 3.9+)."""
    from packaging.version import Version

    upgrade = upgrade_fix(context, pin, f"{TRACER}{supported.tracer_spec}")
    first = Version(f"{supported.major}")
    rows = [row for row in runtime_rows() if row.tracer.contains(first, prereleases=True)]
    pythons = sorted({env.python for env in pin.environments} & set(context.targets.pythons),
                     key=lambda python: tuple(int(part) for part in python.split(".")))
    left_behind = [p for p in pythons if rows and not any(row.admits(p) for row in rows)]
    if not left_behind:
        return upgrade
    texts = " / ".join(dict.fromkeys(row.python_text for row in rows))
    return (f"stop targeting Python {', '.join(left_behind)} ({TRACER}{supported.tracer_spec} "
            f"supports CPython {texts}), then {upgrade}")


def _supported_line(today: datetime.date) -> Optional[ReleaseLine]:
    """The newest line in General Availability on ``today``, as published."""
    lines = [line for line in release_lines()
             if line.published_stage(today) == LifecycleStage.GENERAL_AVAILABILITY]
    return max(lines, key=lambda line: line.major, default=None)


def _policy(
    pin: TracerPin, line: ReleaseLine, stage: LifecycleStage, today: datetime.date, *,
    where: Optional[Location], common: dict[str, Any],
) -> Iterator[Diagnostic | Note]:
    """DDL205: the policy's arithmetic is further along than the published status."""
    rules = policy()
    implied = line.policy_stage(rules, today)
    if implied <= stage:
        return
    later = sorted((release for release in within(line.major + 1, None)
                    if release.version.major > line.major and not release.version.is_prerelease
                    and release.date <= today), key=lambda release: release.version)
    if later:
        successor = f"{TRACER} {later[0].version} ({later[0].date}) is out"
    else:
        successor = f"no {line.major + 1}.x release exists (release snapshot of {snapshot_date()})"
    if implied == LifecycleStage.MAINTENANCE:
        timeline = (f"in Maintenance since {line.maintenance_from(rules)} (End of Life from "
                    f"{line.end_of_life_from(rules)})")
    else:
        timeline = f"End of Life since {line.end_of_life_from(rules)}"
    yield placed(
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
    yield placed(
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
        yield placed(
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
