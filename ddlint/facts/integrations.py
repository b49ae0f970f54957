"""The page's integration tables: ``rules/integrations.toml``."""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Optional

from ddlint import facts
from ddlint.records import dataclass

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    from ddlint.versions import ReleaseRange


@dataclass(frozen=True)
class Integration:
    """One row of the page's integration tables."""

    id: str
    title: str
    table: str
    distributions: tuple[str, ...]
    stdlib: bool
    page_version: str
    minimum: Optional[Version]
    maximum: Optional[Version]
    tracer: Optional[ReleaseRange | SpecifierSet]
    automatic: bool
    docs: str
    source: str
    note: str = ""
    # DDL304's advice when enabling the integration is for some users only (the server side of
    # a library whose client is automatic): the condition, in the row's words.
    manual_advice: str = ""

    @property
    def supported(self) -> str:
        """The supported range in PEP 440 words, e.g. ``>=0.12.0,<=0.16``."""
        parts = []
        if self.minimum is not None:
            parts.append(f">={self.minimum}")
        if self.maximum is not None:
            parts.append(f"<={self.maximum}")
        return ",".join(parts)

    def available_in(self, tracer: Version) -> bool:
        return self.tracer is None or self.tracer.contains(tracer, prereleases=True)


def _integration(row: Mapping[str, Any]) -> Integration:
    from packaging.version import Version

    from ddlint.versions import release_range

    return Integration(
        id=row["id"],
        title=row["title"],
        table=row["table"],
        distributions=tuple(row["distributions"]),
        stdlib=row.get("stdlib", False),
        page_version=row["page_version"],
        minimum=Version(row["minimum"]) if "minimum" in row else None,
        maximum=Version(row["maximum"]) if "maximum" in row else None,
        tracer=release_range(row["tracer"]) if "tracer" in row else None,
        automatic=row["automatic"],
        docs=row["docs"],
        source=row["source"],
        note=row.get("note", ""),
        manual_advice=row.get("manual_advice", ""),
    )


def _rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = facts.load("integrations")["integration"]
    return rows


@functools.cache
def _row(position: int) -> Integration:
    """The table's row at ``position``, built once: a run builds the few rows its files name,
    of the page's hundreds."""
    return _integration(_rows()[position])


def _positions() -> Mapping[str, list[int]]:
    found: Mapping[str, list[int]] = facts.keys("integrations")["distribution"]
    return found


def integrations() -> tuple[Integration, ...]:
    """Every row of ``rules/integrations.toml``, in page order."""
    return tuple(_row(position) for position in range(len(_rows())))


def names() -> Collection[str]:
    """The distributions (PEP 503) some row covers, without building a row."""
    return _positions().keys()


def of_distribution(name: str) -> tuple[Integration, ...]:
    """The rows that cover distribution ``name`` (PEP 503), in page order; () for none."""
    return tuple(_row(position) for position in _positions().get(name, ()))


def by_distribution() -> Mapping[str, tuple[Integration, ...]]:
    """Distribution name (PEP 503) -> the rows that cover it, in page order (builds every row:
    a run asks ``names`` and ``of_distribution``)."""
    return {name: of_distribution(name) for name in _positions()}


def distributions_of(ids: Iterable[str]) -> tuple[str, ...]:
    """The distributions the rows with these ids list, in page order (no row is built)."""
    wanted = set(ids)
    return tuple(name for row in facts.load("integrations")["integration"] if row["id"] in wanted
                 for name in row["distributions"])
