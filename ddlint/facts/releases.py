"""Every ddtrace release with its date: ``rules/releases.toml`` (the release snapshot)."""

from __future__ import annotations

import datetime
import functools
from typing import TYPE_CHECKING, Optional

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


@functools.lru_cache(maxsize=1)
def snapshot() -> dict[Version, Release]:
    """Every release of ``rules/releases.toml`` by version (normalized: ``4.16`` is ``4.16.0``)."""
    from packaging.version import Version

    releases = (Release(Version(row["version"]), row["date"], row.get("requires_python"),
                        bool(row.get("yanked")))
                for row in facts.load("releases", omit=("wheels", "wheels_known"))["release"])
    return {release.version: release for release in releases}


@functools.lru_cache(maxsize=1)
def snapshot_date() -> datetime.date:
    """The release snapshot's ``[meta] as_of``. Every run asks (the staleness note): from the
    compiled facts, which the release rows' loader reads too (no TOML parse)."""
    as_of: datetime.date = facts.load("releases", omit=("wheels", "wheels_known"))["meta"]["as_of"]
    return as_of
