"""The page's release table and support policy: ``rules/lifecycle.toml``."""

from __future__ import annotations

import datetime
import enum
import functools
from typing import TYPE_CHECKING, Optional

from ddlint import facts
from ddlint.records import dataclass, replace

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    from ddlint.versions import ReleaseRange


class LifecycleStage(enum.IntEnum):
    """A release line's support level; ordered from most to least supported."""

    GENERAL_AVAILABILITY = 1
    MAINTENANCE = 2
    END_OF_LIFE = 3

    @property
    def title(self) -> str:
        return self.name.replace("_", " ").title().replace(" Of ", " of ")


_PUBLISHED = {
    "general-availability": LifecycleStage.GENERAL_AVAILABILITY,
    "maintenance": LifecycleStage.MAINTENANCE,
    "end-of-life": LifecycleStage.END_OF_LIFE,
}


@dataclass(frozen=True)
class Policy:
    """The page's support-level timeline, in months after a line's x.0.0 release."""

    general_availability_months: int
    end_of_life_months: int
    backported_minors: int


@dataclass(frozen=True)
class ReleaseLine:
    """One row of the page's release table."""

    tracer: ReleaseRange | SpecifierSet
    tracer_spec: str  # the data's specifier as written (str() of the range reorders it)
    release_text: str
    major: int
    status: LifecycleStage  # as published
    status_text: str
    first_release: datetime.date
    maintenance_until: Optional[datetime.date]
    minimum_agent: Optional[str]

    def covers(self, version: Version) -> bool:
        return self.tracer.contains(version, prereleases=True)

    def published_stage(self, today: datetime.date) -> LifecycleStage:
        """The page's status on ``today``: a dated Maintenance ends the day after its end date."""
        if (self.status == LifecycleStage.MAINTENANCE and self.maintenance_until is not None
                and today > self.maintenance_until):
            return LifecycleStage.END_OF_LIFE
        return self.status

    def maintenance_from(self, policy: Policy) -> datetime.date:
        return add_months(self.first_release, policy.general_availability_months)

    def end_of_life_from(self, policy: Policy) -> datetime.date:
        return add_months(self.first_release, policy.end_of_life_months)

    def policy_stage(self, policy: Policy, today: datetime.date) -> LifecycleStage:
        """What the policy's arithmetic from x.0.0's date gives on ``today``."""
        if today < self.maintenance_from(policy):
            return LifecycleStage.GENERAL_AVAILABILITY
        if today < self.end_of_life_from(policy):
            return LifecycleStage.MAINTENANCE
        return LifecycleStage.END_OF_LIFE


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months; the 31st lands on the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    # the month's last day: the day before the next month's first (calendar costs an import)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    last = (following - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


@functools.lru_cache(maxsize=1)
def policy() -> Policy:
    data = facts.load("lifecycle")["policy"]
    return Policy(
        general_availability_months=data["general_availability_months"],
        end_of_life_months=data["end_of_life_months"],
        backported_minors=data["backported_minors"],
    )


@functools.lru_cache(maxsize=1)
def release_lines() -> tuple[ReleaseLine, ...]:
    """The page's release table, newest line first."""
    from ddlint.versions import release_range

    return tuple(
        ReleaseLine(
            tracer=release_range(row["tracer"]),
            tracer_spec=row["tracer"],
            release_text=row["release_text"],
            major=row["major"],
            status=_PUBLISHED[row["status"]],
            status_text=row["status_text"],
            first_release=row["first_release"],
            maintenance_until=row.get("maintenance_until"),
            minimum_agent=row.get("minimum_agent"),
        )
        for row in facts.load("lifecycle")["release_line"]
    )


def supported_line(today: datetime.date) -> Optional[ReleaseLine]:
    """The newest line in General Availability on ``today``, as published: where a fix moves
    a pin on a line that is End of Life."""
    lines = [line for line in release_lines()
             if line.published_stage(today) == LifecycleStage.GENERAL_AVAILABILITY]
    return max(lines, key=lambda line: line.major, default=None)


def release_line(version: Version) -> Optional[ReleaseLine]:
    return next((line for line in release_lines() if line.covers(version)), None)


def policy_line(major: int, today: datetime.date) -> Optional[ReleaseLine]:
    """A release line the page's table does not list yet (5.x after the table was copied),
    judged by the page's policy from its x.0.0's date in the release facts; None while those
    know no x.0.0 out on ``today``."""
    from ddlint.facts.releases import within
    from ddlint.versions import release_range

    first = next((release for release in within(major, major)
                  if release.version.release[:3] in ((major,), (major, 0), (major, 0, 0))
                  and not release.version.is_prerelease and release.date <= today), None)
    if first is None:
        return None
    spec = f">={major},<{major + 1}"
    line = ReleaseLine(
        tracer=release_range(spec), tracer_spec=spec, release_text=spec, major=major,
        status=LifecycleStage.GENERAL_AVAILABILITY, status_text="(by the page's policy)",
        first_release=first.date, maintenance_until=None, minimum_agent=None)
    return replace(line, status=line.policy_stage(policy(), today))
