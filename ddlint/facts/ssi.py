"""When single-step instrumentation's Python library aborts: ``rules/ssi.toml``."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Optional

from ddlint import facts
from ddlint.records import dataclass

if TYPE_CHECKING:
    from packaging.version import Version


@dataclass(frozen=True)
class Requirement:
    """An installed package below ``minimum`` aborts the injection (on ``python`` only, when
    set)."""

    name: str
    minimum: tuple[int, ...]
    python: Optional[str] = None

    @property
    def minimum_text(self) -> str:
        return ".".join(map(str, self.minimum))


@dataclass(frozen=True)
class InjectionRow:
    """Releases ``first`` to ``last`` whose injected library aborts alike: outside CPython
    ``python`` (a specifier), or with an installed package below a ``requires`` (None: not
    known, the release reads no requirements file)."""

    first: Version
    last: Version
    python: str
    requires: Optional[tuple[Requirement, ...]]
    source: str

    @property
    def python_text(self) -> str:
        """``>=3.9,<3.15`` as ``3.9 to 3.14`` (the allow list is ``min <= version < max``)."""
        lower, _, upper = self.python.partition(",")
        major, minor = upper.lstrip("<").split(".")[:2]
        return f"{lower.lstrip('>=')} to {major}.{int(minor) - 1}"


@functools.lru_cache(maxsize=1)
def injection_rows() -> tuple[InjectionRow, ...]:
    from packaging.version import Version

    rows = []
    for row in facts.load("ssi")["ssi"]:
        requires = None
        if "requires" in row:
            requires = tuple(_requirement(text) for text in row["requires"])
        rows.append(InjectionRow(Version(row["first"]), Version(row["last"]), row["python"],
                                 requires, row["source"]))
    return tuple(rows)


def _requirement(text: str) -> Requirement:
    """``name>=1.2.0`` or ``name>=1.2.0; python_version == '3.12'``."""
    spec, _, marker = text.partition(";")
    name, _, minimum = spec.partition(">=")
    python = marker.split("==")[1].strip().strip("'\"") if "==" in marker else None
    return Requirement(name.strip(), tuple(int(n) for n in minimum.strip().split(".")), python)


def injection_row(version: Version) -> Optional[InjectionRow]:
    """The row of ``version``; a release newer than the data is judged by its line's newest
    row (``newest_of_line``), None when the data has no row for it."""
    return next((row for row in injection_rows() if row.first <= version <= row.last), None)


def newest_of_line(major: int) -> Optional[InjectionRow]:
    """The row of the newest release of release line ``major`` the data knows."""
    rows = [row for row in injection_rows() if row.last.major == major]
    return max(rows, key=lambda row: row.last, default=None)


def meta_source() -> str:
    return str(facts.load("ssi")["meta"]["source"])
