"""Every ddtrace release with its date: ``rules/releases.toml`` (the release snapshot)."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator
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


def _rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = facts.load("releases", omit=("wheels", "wheels_known"))["release"]
    return rows


@functools.lru_cache(maxsize=1)
def _by_major() -> dict[Optional[int], list[int]]:
    """Positions of the rows by the major number their version text starts with (``None``:
    a text that does not start with one, such as an epoch; always read). Telling it costs
    no version parse, so a run reads only the releases of the majors it asks about."""
    index: dict[Optional[int], list[int]] = {}
    for position, row in enumerate(_rows()):
        head = row["version"].split(".", 1)[0]
        major = int(head) if head.isascii() and head.isdigit() and "!" not in row["version"] \
            else None
        index.setdefault(major, []).append(position)
    return index


_BUILT: dict[int, Release] = {}


def _release(position: int) -> Release:
    built = _BUILT.get(position)
    if built is None:
        from packaging.version import Version

        row = _rows()[position]
        built = _BUILT[position] = Release(Version(row["version"]), row["date"],
                                           row.get("requires_python"), bool(row.get("yanked")))
    return built


def within(first: Optional[int], last: Optional[int]) -> Iterator[Release]:
    """The releases whose major is from ``first`` to ``last`` (None: unbounded), in the
    snapshot's order; only those are read."""
    index = _by_major()
    positions = sorted(
        position for major, found in index.items()
        if major is None or ((first is None or major >= first) and (last is None or major <= last))
        for position in found)
    return (_release(position) for position in positions)


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
