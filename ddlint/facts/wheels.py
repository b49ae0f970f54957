"""The CPython builds and platforms each ddtrace release has wheels for: ``rules/wheels.toml``."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Optional

from ddlint import facts
from ddlint.records import dataclass

if TYPE_CHECKING:
    from packaging.version import Version


@dataclass(frozen=True)
class WheelRow:
    """Consecutive releases, ``first`` to ``last`` (in version order), that ship the same
    wheels: ``builds`` maps a CPython build (``3.13``, ``3.14t`` free-threaded) to the ddlint
    platforms it has a wheel for."""

    first: Version
    last: Version
    builds: dict[str, frozenset[str]]
    sdist: bool

    def has_wheel(self, build: str, platform: Optional[str]) -> bool:
        platforms = self.builds.get(build, frozenset())
        return bool(platforms) if platform is None else platform in platforms


@functools.lru_cache(maxsize=1)
def wheel_rows() -> tuple[WheelRow, ...]:
    from packaging.version import Version

    rows = []
    for row in facts.load("wheels")["wheels"]:
        builds = {}
        for text in row["pythons"]:
            build, _, platforms = text.partition(":")
            builds[build.strip()] = frozenset(platforms.split())
        rows.append(WheelRow(Version(row["first"]), Version(row["last"]), builds,
                             bool(row["sdist"])))
    return tuple(rows)


def wheels_of(version: Version) -> Optional[WheelRow]:
    """The row of ``version``; None for a release the table does not cover (newer than it)."""
    return next((row for row in wheel_rows() if row.first <= version <= row.last), None)


def meta() -> dict[str, object]:
    """The wheel table's ``[meta]`` (``as_of``, ``source``), of the release facts in use."""
    found: dict[str, object] = facts.load("wheels")["meta"]
    return found


def file_in_use() -> object:
    """The release facts file the table comes from, or None for the shipped one."""
    return facts.release_facts_file()


facts.on_change(wheel_rows.cache_clear)
