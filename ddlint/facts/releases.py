"""Every ddtrace release with its date: ``rules/releases.toml`` (the release snapshot)."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional

from ddlint import facts
from ddlint.records import dataclass

if TYPE_CHECKING:
    from packaging.version import Version


@dataclass(frozen=True)
class Release:
    """One ddtrace release of the snapshot."""

    version: Version
    date: datetime.date
    requires_python: Optional[str]
    yanked: bool = False  # every file of the release is yanked: installers skip it


_OMIT = ("wheels", "wheels_known")  # the snapshot's wheel columns: facts.wheels reads wheels


def _release(row: Mapping[str, Any]) -> Release:
    from packaging.version import Version

    return Release(Version(row["version"]), row["date"], row.get("requires_python"),
                   bool(row.get("yanked")))


@functools.cache
def _release_at(position: int) -> Release:
    """The snapshot's release at ``position``, built once (a run reads the releases of the
    majors it asks about, of the snapshot's hundreds)."""
    return _release(facts.load("releases", omit=_OMIT)["release"][position])


def within(first: Optional[int], last: Optional[int]) -> tuple[Release, ...]:
    """The releases whose major is from ``first`` to ``last`` (None: unbounded), in the
    snapshot's order; only those are read. A version that starts with no major (an epoch) is
    always read."""
    by_major: Mapping[str, list[int]] = facts.keys("releases", omit=_OMIT)["major"]
    positions = sorted(position for major, found in by_major.items() if not major or (
        (first is None or int(major) >= first) and (last is None or int(major) <= last))
        for position in found)
    return tuple(_release_at(position) for position in positions)


def lookup(version: Version) -> Optional[Release]:
    """The snapshot's release ``version`` (``4.16`` is ``4.16.0``), or None."""
    found = None
    for candidate in within(version.major, version.major):
        if candidate.version == version:
            found = candidate  # the last, as the snapshot's dict keeps it
    return found


@functools.lru_cache(maxsize=1)
def snapshot() -> dict[Version, Release]:
    """Every release of ``rules/releases.toml`` by version (normalized: ``4.16`` is ``4.16.0``)."""
    return {release.version: release for release in within(None, None)}


@functools.lru_cache(maxsize=1)
def snapshot_date() -> datetime.date:
    """The release snapshot's ``[meta] as_of``. Every run asks (the staleness note): from the
    compiled facts, which the release rows' loader reads too (no TOML parse)."""
    as_of: datetime.date = facts.load("releases", omit=_OMIT)["meta"]["as_of"]
    return as_of


# ddlint's own judgement, not a published fact: ddtrace publishes a minor release about every
# month and the page is edited between ddlint releases, so past this many days after the
# snapshot's date every message built on the facts says how old they are (README, "Facts").
STALE_AFTER_DAYS = 90


def facts_age(today: datetime.date) -> Optional[int]:
    """How many days the release facts are older than ``today``, when more than
    ``STALE_AFTER_DAYS``; None while they are fresh enough to go unsaid."""
    age = (today - snapshot_date()).days
    return age if age > STALE_AFTER_DAYS else None


def age_clause(today: datetime.date) -> str:
    """`` (ddlint's facts are as of 2026-11-25, 188 days before 2027-06-01)`` when the facts
    are stale on ``today``; "" otherwise."""
    age = facts_age(today)
    if age is None:
        return ""
    return f" (ddlint's facts are as of {snapshot_date()}, {age} days before {today})"


def newest_of(major: int) -> Optional[Release]:
    """The newest final release of ``major`` in the snapshot."""
    finals = [release for release in within(major, major) if not release.version.is_prerelease]
    return max(finals, key=lambda release: release.version, default=None)


for _cached in (_release_at, snapshot, snapshot_date):
    facts.on_change(_cached.cache_clear)
