"""The page's integration tables: ``rules/integrations.toml``."""

from __future__ import annotations

import functools
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


def _integration(row: dict[str, Any]) -> Integration:
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


@functools.lru_cache(maxsize=1)
def integrations() -> tuple[Integration, ...]:
    """Every row of ``rules/integrations.toml``, in page order."""
    return tuple(_integration(row) for row in facts.load("integrations")["integration"])


@functools.lru_cache(maxsize=1)
def by_distribution() -> dict[str, tuple[Integration, ...]]:
    """Distribution name (PEP 503) -> the rows that cover it."""
    index: dict[str, list[Integration]] = {}
    for row in integrations():
        for name in row.distributions:
            index.setdefault(name, []).append(row)
    return {name: tuple(rows) for name, rows in index.items()}
