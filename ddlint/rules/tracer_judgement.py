"""Verdicts from the tracer's own facts (DDL501-503): pure functions of a distribution, its
version, the pinned tracer version and the targeted CPython minors.

The compatibility page stays the contract: a version the page already rejects (below its
minimum, above its maximum, or a row the page itself limits to other tracer releases) gets no
DDL501/DDL502 here, so the page's findings and these never report the same fault twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Optional

from ddlint.facts import tracer as tracer_facts
from ddlint.model import normalize_name
from ddlint.records import dataclass

if TYPE_CHECKING:
    from packaging.version import Version

    from ddlint.facts.tracer import DistributionFacts, PageEntry

REMOVED = "DDL501"
OUTSIDE_DECLARED = "DDL502"
UNTESTED = "DDL503"


@dataclass(frozen=True)
class TracerVerdict:
    """One verdict and the numbers its message needs.

    ``reason``: "integration-removed" (DDL501), "below-minimum" or "above-maximum" (DDL502),
    "newer-than-tested" or "python-untested" (DDL503). ``declared`` is the line's range as
    text (">=2.6.3,<3.0"; "" if it declares none), ``tested_min``/``tested_max`` the line's
    tested range over every CPython ("" if it publishes none), ``source`` where
    the deciding fact comes from, ``release`` the newest tracer release the data describes.
    ``python`` is set on a "python-untested" verdict; ``tested_pythons`` lists the CPythons the
    line tested the library on (empty where it publishes no per-CPython split). ``new_series``
    is True on a "newer-than-tested" verdict whose major.minor is past the tested maximum's
    (Django 6.1.3 past 5.2.15), False for a later patch release of a tested minor (5.2.19).
    ``page_id``/``page_version`` name the page row that lists the library ("" if none).
    """

    code: str
    reason: str
    distribution: str
    version: str
    tracer_version: str
    line: int
    release: str
    integration: str
    declared: str
    tested_min: str
    tested_max: str
    python: str
    tested_pythons: tuple[str, ...]
    new_series: bool
    source: str
    page_id: str
    page_version: str


def judge(
    distribution: str,
    version: Version,
    tracer_version: Version,
    pythons: Sequence[str] = (),
) -> tuple[TracerVerdict, ...]:
    """What the tracer's own data says about ``distribution==version`` under ``tracer_version``
    on the CPython minors ``pythons`` ("3.12"; empty when unknown: no CPython is judged)."""
    from packaging.version import Version

    facts = tracer_facts.release_line(tracer_version.major)
    if facts is None:
        return ()
    name = normalize_name(distribution)
    page = _page_entry(name, tracer_version)

    def verdict(
        code: str, reason: str, row: Optional[DistributionFacts], **numbers: str
    ) -> TracerVerdict:
        assert facts is not None
        fields: dict[str, str] = {
            "integration": row.integration if row else "",
            "declared": declared_range(row) if row else "",
            "tested_min": row.tested_min if row else "",
            "tested_max": row.tested_max if row else "",
            "python": "",
            "source": "",
            **numbers,
        }
        return TracerVerdict(
            code=code,
            reason=reason,
            distribution=name,
            version=str(version),
            tracer_version=str(tracer_version),
            line=facts.line,
            release=facts.release,
            page_id=page.id if page else "",
            page_version=page.page_version if page else "",
            tested_pythons=tuple(r.python for r in row.tested_by_python) if row else (),
            new_series=reason == "newer-than-tested" and row is not None
            and version.release[:2] > Version(row.tested_max).release[:2],
            **fields,
        )

    if page is not None:
        row = facts.page_row(page.id)
        if row is not None and not row.present:
            return (
                verdict(
                    REMOVED,
                    "integration-removed",
                    None,
                    integration=row.integration,
                    source=row.source,
                ),
            )

    judged = tracer_view(name, tracer_version)
    if judged is None:
        return ()
    if judged.minimum and version < Version(judged.minimum):
        if _page_admits(page, version):
            return (
                verdict(OUTSIDE_DECLARED, "below-minimum", judged, source=judged.declared_source),
            )
        return ()
    if judged.maximum and version >= Version(judged.maximum):
        if _page_admits(page, version):
            return (
                verdict(OUTSIDE_DECLARED, "above-maximum", judged, source=judged.maximum_source),
            )
        return ()

    # The line's newest tested version overall (the measure: redis 6.4.0 is tested on
    # 3.14 only, and is not "untested" on 3.12 for that); a CPython is untested only where the
    # line has no test of the library on it at all.
    untested: list[TracerVerdict] = []
    if judged.tested_max and version > Version(judged.tested_max):
        untested.append(verdict(UNTESTED, "newer-than-tested", judged, source=judged.tested_source))
    if judged.tested_by_python:
        for python in pythons:
            if judged.tested_on(python) is None:
                untested.append(
                    verdict(
                        UNTESTED,
                        "python-untested",
                        judged,
                        python=python,
                        source=judged.tested_source,
                    )
                )
    return tuple(untested)


def tracer_view(distribution: str, tracer_version: Version) -> Optional[DistributionFacts]:
    """The row of the pinned line that judges ``distribution``, or None: companions are left
    out, and of several integrations listing it the one named after it wins (ray over
    ray_serve). A page finding can quote it where the page and the tracer disagree."""
    facts = tracer_facts.release_line(tracer_version.major)
    if facts is None:
        return None
    name = normalize_name(distribution)
    rows = [row for row in facts.distribution(name) if not row.companion]
    if not rows:
        return None
    return next((row for row in rows if normalize_name(row.integration) == name), rows[0])


def declared_range(row: DistributionFacts) -> str:
    """The line's range as one specifier text: the declared spec plus a code-level bound."""
    parts = [f">={row.minimum}"] if row.minimum else []
    if row.maximum:
        parts.append(f"<{row.maximum}")
    return ",".join(parts) or row.declared


def spaced(specifier: str) -> str:
    """">=0.16.0,<3.0" as a message writes it: ">= 0.16.0, < 3.0"."""
    return ", ".join(_spaced_clause(part) for part in specifier.split(","))


def _spaced_clause(clause: str) -> str:
    """A clause's operator, one space, its version (a clause without one as it is)."""
    version = clause.lstrip("<>=!~")
    if version == clause:
        return clause
    return f"{clause[:len(clause) - len(version)]} {version.lstrip()}"


def _page_entry(name: str, tracer_version: Version) -> Optional[PageEntry]:
    """The first page row listing ``name`` that applies to this tracer release."""
    from ddlint.versions import release_range

    for entry in tracer_facts.page_entries_of(name):
        if not entry.tracer or release_range(entry.tracer).contains(
            tracer_version, prereleases=True
        ):
            return entry
    return None


def page_rejects(distribution: str, version: Version, tracer_version: Version) -> bool:
    """Whether the page row that applies to this tracer release rejects ``version``."""
    page = _page_entry(normalize_name(distribution), tracer_version)
    return page is not None and not _page_admits(page, version)


def _page_admits(page: Optional[PageEntry], version: Version) -> bool:
    """Whether the page row (if any) passes ``version``: where it does not, the page's own
    finding (DDL301/DDL302) is the one reported."""
    from packaging.version import Version

    if page is None:
        return True
    if page.minimum and version < Version(page.minimum):
        return False
    return not (page.maximum and version > Version(page.maximum))


@dataclass(frozen=True)
class PageContrast:
    """What the tracer itself says about a version the page rejects but the line's own range
    admits, for the one clause a page finding (DDL301/DDL302) adds: "(<= 0.16 per the
    compatibility page; ddtrace 4.16.0 itself declares aiopg >= 0.16.0 and tests up to 1.4.0)"."""

    distribution: str
    page_version: str
    declared: str
    tested_min: str
    tested_max: str
    release: str
    source: str


def page_contrast(
    distribution: str, version: Version, tracer_version: Version
) -> Optional[PageContrast]:
    """The tracer's view when the page rejects ``version`` and the line's declared range
    admits it; None where they agree or the line declares nothing."""
    from packaging.version import Version

    name = normalize_name(distribution)
    page = _page_entry(name, tracer_version)
    judged = tracer_view(name, tracer_version)
    facts = tracer_facts.release_line(tracer_version.major)
    if page is None or judged is None or facts is None or _page_admits(page, version):
        return None
    if not judged.minimum or version < Version(judged.minimum):
        return None
    if judged.maximum and version >= Version(judged.maximum):
        return None
    return PageContrast(
        distribution=name,
        page_version=page.page_version,
        declared=declared_range(judged),
        tested_min=judged.tested_min,
        tested_max=judged.tested_max,
        release=facts.release,
        source=judged.declared_source,
    )
