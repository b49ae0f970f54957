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


def _major(row: Mapping[str, Any]) -> tuple[str]:
    """The major number a row's version text starts with, as text ("" for a text that does not
    start with one, such as an epoch: always read). Telling it costs no version parse, so a
    run reads only the releases of the majors it asks about."""
    text = row["version"]
    head = text.split(".", 1)[0]
    return (head if head.isascii() and head.isdigit() and "!" not in text else "",)


def _release(row: Mapping[str, Any]) -> Release:
    from packaging.version import Version

    return Release(Version(row["version"]), row["date"], row.get("requires_python"),
                   bool(row.get("yanked")))


@functools.lru_cache(maxsize=1)
def _index() -> facts.RowIndex[Release]:
    rows = facts.load("releases", omit=("wheels", "wheels_known"))["release"]
    return facts.RowIndex(rows, _major, _release)


def within(first: Optional[int], last: Optional[int]) -> tuple[Release, ...]:
    """The releases whose major is from ``first`` to ``last`` (None: unbounded), in the
    snapshot's order; only those are read."""
    index = _index()
    return index.rows_of(major for major in index if not major or (
        (first is None or int(major) >= first) and (last is None or int(major) <= last)))


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
    as_of: datetime.date = facts.load("releases", omit=("wheels", "wheels_known"))["meta"]["as_of"]
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


for _cached in (_index, snapshot, snapshot_date):
    facts.on_change(_cached.cache_clear)
