"""The page's runtime table and the CPython release dates: ``rules/runtime.toml``."""

from __future__ import annotations

import datetime
import functools
from typing import TYPE_CHECKING

from ddlint import facts
from ddlint.records import dataclass
from ddlint.versions import admits

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet

    from ddlint.versions import ReleaseRange


@dataclass(frozen=True)
class RuntimeRow:
    """One row of the page's runtime table."""

    os: str
    platforms: tuple[str, ...]
    cpu_text: str
    python: tuple[str, ...]  # PEP 440 specifiers, any-of
    python_text: str
    tracer: ReleaseRange | SpecifierSet
    tracer_spec: str  # the data's specifier as written (str() of the range reorders it)
    tracer_text: str

    def admits(self, python: str) -> bool:
        return admits(self.python, python)


@functools.lru_cache(maxsize=1)
def runtime_rows() -> tuple[RuntimeRow, ...]:
    from ddlint.versions import release_range

    return tuple(
        RuntimeRow(
            os=row["os"], platforms=tuple(row["cpu"]), cpu_text=row["cpu_text"],
            python=tuple(row["python"]), python_text=row["python_text"],
            tracer=release_range(row["tracer"]), tracer_spec=row["tracer"],
            tracer_text=row["tracer_text"],
        )
        for row in facts.load("runtime")["runtime"]
    )


@functools.lru_cache(maxsize=8)
def released_pythons(today: datetime.date) -> tuple[str, ...]:
    """Every CPython minor released on ``today`` (from ``rules/runtime.toml``)."""
    rows = facts.load("runtime").get("cpython", [])
    return tuple(str(row["version"]) for row in rows if row["released"] <= today)
