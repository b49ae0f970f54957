"""Typed view of ``rules/tracer_v<N>.toml``: what each ddtrace release line itself declares and
tests, per integration and PyPI distribution (written by ``scripts/refresh_tracer_facts.py``).

Data only, no verdicts (``ddlint.rules.tracer_judgement`` judges). Nothing is read until a function
is called, and each file is parsed once per process; versions stay text so that importing this
module costs no ``packaging``.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from typing import Any, Optional

from ddlint import facts
from ddlint.model import normalize_name
from ddlint.records import dataclass

# The release lines with a data file, oldest first.
LINES = (2, 3, 4)


@dataclass(frozen=True)
class TestedRange:
    """The oldest and newest version of a distribution the line's CI tested on one CPython."""

    python: str
    minimum: str
    maximum: str


@dataclass(frozen=True)
class DistributionFacts:
    """One distribution as one integration of the line sees it.

    ``declared`` is the spec the tracer states (``_supported_versions()`` or, for 2.x, its
    docs table): ``""`` when it states none, ``"*"`` for any version. ``minimum`` is its
    inclusive lower bound, ``maximum`` an exclusive upper bound (from the spec, or from the
    patch code where the tracer stops patching: ``maximum_source`` says which). The tested
    range is empty (``""``) when the line publishes none; ``tested_by_python`` is empty when
    it publishes no per-CPython split (3.x and 2.x). A ``companion`` is tested only as a
    dependency of another integration's library (botocore in aiobotocore's rows) and is not
    judged on its own.
    """

    name: str
    integration: str
    declared: str
    declared_source: str
    minimum: str
    maximum: str
    maximum_source: str
    tested_min: str
    tested_max: str
    tested_source: str
    tested_by_python: tuple[TestedRange, ...]
    companion: bool

    def tested_on(self, python: str) -> Optional[TestedRange]:
        """The tested range on CPython ``python`` ("3.12"), or None if not tested there."""
        return next((r for r in self.tested_by_python if r.python == python), None)


@dataclass(frozen=True)
class IntegrationFacts:
    """An integration the line ships: ``patched`` is "yes" (patched by default), "no",
    "manual" (not in ``PATCH_MODULES``: enabled in code) or "conditional" (by a setting)."""

    name: str
    patched: str
    source: str


@dataclass(frozen=True)
class PageRowFacts:
    """Whether the line still has the integration behind a row of the compatibility page
    (``id`` is the row's id in ``rules/integrations.toml``)."""

    id: str
    integration: str
    present: bool
    source: str


@dataclass(frozen=True)
class LineFacts:
    """Everything one release line's data file says. ``release`` is the newest release its
    sources describe ("4.16.0"); ``sources`` are those sources, oldest first.

    A distribution's rows are built when first asked for (``distribution``): a run judges the
    few distributions its files name, of the line's hundred and more (``distributions`` builds
    them all). The data file's compiled module holds the rows by name (``ddlint.facts.keyed``)."""

    line: int
    release: str
    sources: tuple[str, ...]
    integrations: tuple[IntegrationFacts, ...]
    page_rows: tuple[PageRowFacts, ...]

    @property
    def distributions(self) -> tuple[DistributionFacts, ...]:
        """Every distribution row of the line, in the data's order."""
        count = len(facts.load(f"tracer_v{self.line}").get("distribution", []))
        return tuple(_distribution_at(self.line, position) for position in range(count))

    def names(self) -> frozenset[str]:
        """The distributions the line's data names (PEP 503), without building their rows."""
        return frozenset(_keys(self.line)["distribution"])

    def tested_pythons(self) -> frozenset[str]:
        """The CPythons the line's CI tests any distribution on."""
        return frozenset(_keys(self.line)["tested_pythons"])

    def distribution(self, name: str) -> tuple[DistributionFacts, ...]:
        """The rows for a distribution (any spelling), one per integration that lists it."""
        positions = _keys(self.line)["distribution"].get(normalize_name(name), ())
        return tuple(_distribution_at(self.line, position) for position in positions)

    def integration(self, name: str) -> Optional[IntegrationFacts]:
        return next((i for i in self.integrations if i.name == name), None)

    def page_row(self, row_id: str) -> Optional[PageRowFacts]:
        return next((p for p in self.page_rows if p.id == row_id), None)


def _keys(major: int) -> dict[str, Any]:
    return facts.keys(f"tracer_v{major}")


@functools.cache
def _distribution_at(major: int, position: int) -> DistributionFacts:
    """Release line ``major``'s distribution row at ``position``, built once."""
    row = facts.load(f"tracer_v{major}")["distribution"][position]
    return DistributionFacts(
        name=row["name"],
        integration=row["integration"],
        declared=row["declared"],
        declared_source=row["declared_source"],
        minimum=row["minimum"],
        maximum=row["maximum"],
        maximum_source=row["maximum_source"],
        tested_min=row["tested_min"],
        tested_max=row["tested_max"],
        tested_source=row["tested_source"],
        tested_by_python=tuple(
            TestedRange(cell["python"], cell["min"], cell["max"])
            for cell in row["tested_by_python"]
        ),
        companion=row["companion"],
    )


@functools.cache
def release_line(major: int) -> Optional[LineFacts]:
    """The data of release line ``major`` (2, 3, 4), or None for a line ddlint has no data for."""
    if major not in LINES:
        return None
    document = facts.load(f"tracer_v{major}")
    meta = document["meta"]
    return LineFacts(
        line=meta["line"],
        release=meta["release"],
        sources=tuple(meta["sources"]),
        integrations=tuple(
            IntegrationFacts(r["name"], r["patched"], r["source"])
            for r in document.get("integration", [])
        ),
        page_rows=tuple(
            PageRowFacts(r["id"], r["integration"], r["present"], r["source"])
            for r in document.get("page", [])
        ),
    )


@dataclass(frozen=True)
class PageEntry:
    """The parts of a compatibility-page row (``rules/integrations.toml``) that the tracer's
    own facts are compared with. Versions are text; ``maximum`` is inclusive (``<= 0.16``),
    ``tracer`` the tracer versions the row applies to ("" for all)."""

    id: str
    distributions: tuple[str, ...]
    page_version: str
    minimum: str
    maximum: str
    tracer: str


def page_entries() -> Mapping[str, tuple[PageEntry, ...]]:
    """Distribution name (PEP 503) -> the page rows that list it, in page order (builds every
    entry: a run asks ``page_names`` and ``page_entries_of``)."""
    return {name: page_entries_of(name) for name in page_names()}


def page_names() -> Collection[str]:
    """The distributions (PEP 503) some page row lists, without building an entry."""
    positions: Mapping[str, list[int]] = facts.keys("integrations")["distribution"]
    return positions.keys()


def page_entries_of(name: str) -> tuple[PageEntry, ...]:
    """The page rows that list distribution ``name`` (PEP 503), in page order; () for none."""
    positions = facts.keys("integrations")["distribution"].get(name, ())
    return tuple(_page_entry_at(position) for position in positions)


@functools.cache
def _page_entry_at(position: int) -> PageEntry:
    return _page_entry(facts.load("integrations")["integration"][position])


def _page_entry(row: Mapping[str, Any]) -> PageEntry:
    return PageEntry(
        id=row["id"],
        distributions=tuple(row["distributions"]),
        page_version=row["page_version"],
        minimum=row.get("minimum", ""),
        maximum=row.get("maximum", ""),
        tracer=row.get("tracer", ""),
    )
