"""What the tracer itself says (DDL501-503): each pinned library against the declared and tested
ranges of the pinned ddtrace release line.

Facts: ``rules/tracer_v2.toml``, ``tracer_v3.toml``, ``tracer_v4.toml`` (through
``ddlint.facts.tracer``), judged by ``ddlint.rules.tracer_judgement``. The compatibility page
stays the contract: a version the page rejects gets its page finding (DDL3xx) and nothing here.
Both modules are imported only when a run uses the tracer's facts (``facts`` includes
"tracer", the default): ``--facts page`` reads none of them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Optional

from ddlint import fixes
from ddlint.environment import applicable
from ddlint.model import Dependency, DependencyFile, Diagnostic, Rule, Severity
from ddlint.rules.context import Context
from ddlint.rules.tracer import TRACER, TracerPin, tracer_pins

if TYPE_CHECKING:
    import datetime

    from packaging.version import Version

    from ddlint.facts.tracer import LineFacts
    from ddlint.rules.tracer_judgement import TracerVerdict

FACTS = "tracer"  # the value of ``facts`` / ``--facts`` that turns this family on

_SOURCE = (
    "ddtrace's own data per release line (rules/tracer_v2.toml, rules/tracer_v3.toml, "
    "rules/tracer_v4.toml, written by scripts/refresh_tracer_facts.py): each integration's "
    "_supported_versions() and patch code, the tracer's PATCH_MODULES, and the tested ranges "
    "of its CI (supported_versions.json, supported_versions_table.csv). `ddlint rule CODE` "
    "names the exact sources and how old they are."
)
_WHICH_SOURCE = (
    " The compatibility page stays ddlint's contract: a version the page itself rejects gets "
    "the page's finding (DDL301/DDL302/DDL303) and no DDL5xx, so one fault is reported once; "
    "`facts = [\"page\"]` in the configuration (or `--facts page`) turns every DDL5xx off."
)

INTEGRATION_REMOVED = Rule(
    code="DDL501",
    name="integration-removed",
    severity=Severity.WARNING,
    summary=(
        "A library the compatibility page lists whose integration the pinned tracer release "
        "line no longer has (MongoEngine and Cassandra on ddtrace 4.x)."
    ),
    why=(
        "The page still lists the integration, so the page's rules pass, but the tracer's own "
        "code for the release line in use has removed it: the library runs untraced, with no "
        "error." + _WHICH_SOURCE
    ),
    example="requirements.txt:\n\n    ddtrace==4.16.0\n    mongoengine==0.29.1\n",
    fix=(
        "Stay on the last release line that has the integration (the message names it) until "
        "you can move off the library, or trace it manually (for MongoEngine the pymongo "
        "integration still traces the queries it sends)."
    ),
    source=_SOURCE,
    tags=("compatibility", "integrations", "tracer-facts"),
)
BELOW_TRACER_MINIMUM = Rule(
    code="DDL502",
    name="below-tracer-minimum",
    severity=Severity.WARNING,
    summary=(
        "A library version the page allows (or the page does not list) but outside the range "
        "the pinned tracer release line itself declares: below its minimum, or at or above a "
        "maximum where it stops patching."
    ),
    why=(
        "The page's minimums are those of the tracer's 1.x documentation; later release lines "
        "declare higher ones (Django >= 2.2.8, psycopg2 >= 2.9.10, requests >= 2.25.1 on 4.x) "
        "and skip patching a library outside them, so traces are silently missing. Some "
        "integrations stop at a major (algoliasearch: 2.x only)." + _WHICH_SOURCE
    ),
    example="requirements.txt:\n\n    ddtrace==4.16.0\n    psycopg2==2.9.9\n",
    fix=(
        "Move the library into the declared range the message gives: raise its lower bound "
        "and re-lock (`uv lock --upgrade-package psycopg2`), or below a declared maximum "
        "constrain it (`algoliasearch>=2.6.3,<3.0`)."
    ),
    source=_SOURCE,
    tags=("compatibility", "integrations", "tracer-facts"),
)
UNTESTED_VERSION = Rule(
    code="DDL503",
    name="untested-version",
    severity=Severity.INFO,
    summary=(
        "A library release series newer than anything the pinned tracer release line was "
        "tested with, or a library the line tests but not on a targeted CPython."
    ),
    why=(
        "Untested is not unsupported: the integration may well work, but the tracer's CI has "
        "never run it there, so a break (missing spans, a patch that no longer applies) would "
        "be found in production. Reported for a newer major series than the newest tested "
        "(for 0.x versions, a newer minor): Django 6.1.3 when 5.2.15 is the newest tested; a "
        "later minor or patch release of a tested major (Django 5.2.19, cassandra-driver 3.29 "
        "on 3.x) is not reported, as libraries keep those compatible and a team could not act "
        "on every one. For a CPython, reported when the line tests the library on other "
        "CPythons only (bottle on 3.9 only), with the targeted CPythons it lacks."
        + _WHICH_SOURCE
    ),
    example=(
        "requirements.txt:\n\n    ddtrace==4.16.0\n    django==6.1.3\n\n"
        "with `--python 3.12`."
    ),
    fix=(
        "Run your service's tests with tracing on and check the spans, then accept the "
        "finding (an ignore with the reason); or stay on the newest tested series (the "
        "message gives it) until a tracer release tests the new one."
    ),
    source=_SOURCE,
    tags=("compatibility", "integrations", "tracer-facts"),
)

RULES = (INTEGRATION_REMOVED, BELOW_TRACER_MINIMUM, UNTESTED_VERSION)


def check(context: Context) -> Iterator[Diagnostic]:
    if FACTS not in context.settings.facts:
        return
    pins = tracer_pins(context)
    if not pins:
        return  # the integrations family already says that no tracer is pinned
    from packaging.version import InvalidVersion, Version

    known = _known_names(frozenset(pin.version.major for pin in pins))
    everywhere = frozenset(context.targets.environments())
    targeted = set(context.targets.pythons)
    seen: set[tuple[str, object, str, str]] = set()
    for file, dependency in context.effective_entries():
        if dependency.name == TRACER or dependency.name not in known or not dependency.version:
            continue
        envs = applicable(dependency.marker, everywhere)
        if not envs:
            continue  # installed in no targeted environment
        try:
            version = Version(dependency.version)
        except (InvalidVersion, ValueError):  # ValueError: a number too long for int()
            continue
        for pin in pins:
            shared = pin.environments & envs
            if not shared:
                continue
            # Only CPythons the project targets ("unknown" stands for every one, and a library
            # untested on some CPython nobody declared is nothing to act on) and the line tests
            # something on: a CPython the tracer itself is not tested on is the runtime rules'
            # matter (DDL1xx), not each library's.
            pythons = sorted({env.python for env in shared} & targeted
                             & _line_pythons(pin.version.major), key=_minor_key)
            for finding in _judge(file, dependency, version, pin, pythons,
                                  today=context.settings.today):
                key = (finding.code, finding.location, pin.text, finding.message)
                if key not in seen:
                    seen.add(key)
                    yield finding


@functools.lru_cache(maxsize=4)
def _known_names(majors: frozenset[int]) -> frozenset[str]:
    """Every distribution the page's rows or the data of the pinned release lines name: the
    rest is skipped before its version is parsed (``judge`` reads only the pinned line's
    data and the page, so the other lines' data need not be loaded)."""
    from ddlint.facts import tracer as facts

    names: set[str] = set(facts.page_names())
    for major in sorted(majors):
        line = facts.release_line(major)
        if line is not None:
            names.update(line.names())
    return frozenset(names)


@functools.cache
def _line_pythons(major: int) -> frozenset[str]:
    """The CPythons the release line's CI tests any library on."""
    from ddlint.facts import tracer as facts

    line = facts.release_line(major)
    if line is None:
        return frozenset()
    return line.tested_pythons()


def _minor_key(python: str) -> tuple[int, ...]:
    return tuple(int(part) for part in python.split("."))


def _judge(
    file: DependencyFile, dependency: Dependency, version: Version, pin: TracerPin,
    pythons: Sequence[str], *, today: datetime.date,
) -> Iterator[Diagnostic]:
    from ddlint.rules.tracer_judgement import judge, page_rejects

    verdicts = judge(dependency.name, version, pin.version, pythons)
    if any(v.code == UNTESTED_VERSION.code for v in verdicts) and page_rejects(
            dependency.name, version, pin.version):
        return  # the page's own finding (DDL301/DDL302) is the one to act on
    untested_pythons = [v.python for v in verdicts if v.reason == "python-untested"]
    # One DDL503 per entry: a new series says the CPythons it is untested on too.
    newer = any(v.reason == "newer-than-tested" and _newer_series(version, v.tested_max)
                for v in verdicts)
    for verdict in verdicts:
        if verdict.reason == "integration-removed":
            yield _removed(dependency, verdict, today)
        elif verdict.reason in ("below-minimum", "above-maximum"):
            yield _outside(file, dependency, verdict)
        elif verdict.reason == "newer-than-tested":
            if newer:
                yield _newer(dependency, verdict, untested_pythons)
        elif (verdict.reason == "python-untested" and verdict.python == untested_pythons[0]
              and not newer):
            yield _untested_on(dependency, verdict, untested_pythons)


def _as_of(verdict: TracerVerdict) -> str:
    from packaging.version import Version

    text = f"{TRACER}'s own data for the {verdict.line}.x release line, as of {verdict.release}"
    if Version(verdict.tracer_version) > Version(verdict.release):
        # a release newer than the data: judged by the newest data of its line
        text += f", the newest known {verdict.line}.x data: {TRACER} {verdict.tracer_version} " \
                "is newer"
    return text


def _tested(verdict: TracerVerdict) -> str:
    if not verdict.tested_max:
        return "no tested range published"
    if verdict.tested_min == verdict.tested_max:
        return f"tested on {verdict.tested_max} only"
    return f"tested {verdict.tested_min} to {verdict.tested_max}"


def _removed(dependency: Dependency, verdict: TracerVerdict,
             today: datetime.date) -> Diagnostic:
    from packaging.version import Version

    from ddlint.facts.lifecycle import LifecycleStage, release_line

    still = _last_line_with(verdict.page_id, verdict.line)
    manually = f"trace {dependency.name} manually"
    advice = manually
    if still is not None:
        line = release_line(Version(still.release))
        stage = line.published_stage(today) if line is not None else None
        if stage is not None and stage != LifecycleStage.END_OF_LIFE:
            advice = (f"stay on {TRACER} {still.line}.x ({still.release} has the integration; "
                      f"{stage.title} on {today}), or {manually}")
        else:
            # Never advise a line End of Life on the as-of date (DDL201 would report it).
            advice = (f"{manually} ({TRACER} {still.line}.x, the last line with the "
                      f"integration, is End of Life on {today})")
    return INTEGRATION_REMOVED.diagnostic(
        dependency.location,
        f"{dependency.name} {dependency.version} is not traced by {TRACER} "
        f"{verdict.tracer_version}: the {verdict.line}.x release line no longer has the "
        f"{verdict.integration} integration, though the compatibility page lists it "
        f"({_as_of(verdict)})",
        fix=advice,
        dependency=dependency, tracer_version=verdict.tracer_version, facts_source=FACTS,
    )


def _last_line_with(page_id: str, below: int) -> Optional[LineFacts]:
    """The newest release line older than ``below`` that still has the page row's
    integration."""
    from ddlint.facts import tracer as facts

    for major in sorted(facts.LINES, reverse=True):
        if major >= below:
            continue
        line = facts.release_line(major)
        row = line.page_row(page_id) if line is not None else None
        if line is not None and row is not None and row.present:
            return line
    return None


def _outside(file: DependencyFile, dependency: Dependency, verdict: TracerVerdict) -> Diagnostic:
    from ddlint.rules.tracer_judgement import spaced

    name, declared = dependency.name, verdict.declared
    page = f"; the compatibility page lists {verdict.page_version}" if verdict.page_version \
        else "; the compatibility page does not list it"
    if verdict.reason == "below-minimum":
        where = "older than"
        minimum = declared.split(",")[0].lstrip(">=")
        fix = fixes.upgrade(file, name, f"{name}>={minimum}")
    else:
        where = "outside"
        fix = fixes.constrain(file, name, f"{name}{declared}")
    return BELOW_TRACER_MINIMUM.diagnostic(
        dependency.location,
        f"{name} {dependency.version} is {where} the range {TRACER} {verdict.tracer_version} "
        f"itself declares for its {verdict.integration} integration ({spaced(declared)}, "
        f"{_tested(verdict)}{page}; {_as_of(verdict)})",
        fix=fix, dependency=dependency, tracer_version=verdict.tracer_version,
        facts_source=FACTS,
    )


def _newer_series(version: Version, tested_max: str) -> bool:
    """Whether ``version`` opens a release series past the newest tested: a higher major, or
    for 0.x versions (where a minor breaks) a higher minor."""
    from packaging.version import Version

    newest = Version(tested_max)
    if version.major != newest.major:
        return version.major > newest.major
    return version.major == 0 and version.minor > newest.minor


def _newer(
    dependency: Dependency, verdict: TracerVerdict, pythons: Sequence[str]
) -> Diagnostic:
    also = (f", and with no {dependency.name} on CPython {', '.join(pythons)}"
            if pythons else "")
    return UNTESTED_VERSION.diagnostic(
        dependency.location,
        f"{dependency.name} {dependency.version} is untested, not unsupported: the "
        f"{verdict.line}.x release line of {TRACER} was tested with {dependency.name} "
        f"{verdict.tested_min} to {verdict.tested_max}{also} ({_as_of(verdict)})",
        fix=(f"check the traces of {dependency.name} {dependency.version} with {TRACER} "
             f"{verdict.tracer_version} and accept the finding, or stay on the tested "
             f"{dependency.name} {_series(verdict.tested_max)}"),
        dependency=dependency, tracer_version=verdict.tracer_version, facts_source=FACTS,
    )


def _series(version: str) -> str:
    parts = version.split(".")
    return f"{parts[0]}.{parts[1]}.x" if parts[0] == "0" and len(parts) > 1 else f"{parts[0]}.x"


def _untested_on(
    dependency: Dependency, verdict: TracerVerdict, pythons: Sequence[str]
) -> Diagnostic:
    tested = ", ".join(sorted(verdict.tested_pythons, key=_minor_key))
    missing = ", ".join(pythons)
    return UNTESTED_VERSION.diagnostic(
        dependency.location,
        f"{dependency.name} {dependency.version} is untested, not unsupported, on CPython "
        f"{missing}: the {verdict.line}.x release line of {TRACER} tests {dependency.name} on "
        f"CPython {tested} only ({_as_of(verdict)})",
        fix=(f"check the traces of {dependency.name} on CPython {missing} and accept the "
             f"finding, or target a CPython the tracer tests it on ({tested})"),
        dependency=dependency, tracer_version=verdict.tracer_version, python=missing,
        facts_source=FACTS,
    )


def provenance() -> str:
    """Where the data comes from and how old it is, per release line, from the data's own
    ``[meta]`` (for ``ddlint rule DDL50x``)."""
    from ddlint.facts import releases
    from ddlint.facts import tracer as facts

    dates = {str(version): release.date for version, release in releases.snapshot().items()}
    lines = []
    for major in facts.LINES:
        line = facts.release_line(major)
        if line is None:
            continue
        released = dates.get(line.release)
        when = f", released {released.isoformat()}" if released else ""
        lines.append(f"- {major}.x: rules/tracer_v{major}.toml, as of ddtrace {line.release}"
                     f"{when}; sources: {', '.join(line.sources)}")
    return ("The tracer's own data, per release line (a pinned ddtrace of another line is "
            "not judged):\n\n" + "\n".join(lines) + "\n\nA tracer release newer than the "
            "data's is judged by its line's data; `scripts/refresh_tracer_facts.py` "
            "regenerates it from the tracer's published sources.\n")
