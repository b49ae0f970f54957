"""Load the compatibility facts shipped as TOML data (``rules/*.toml``).

``load(name)`` is the raw reader. Rules read facts through the typed loader named after each
data file: ``facts.releases``, ``facts.lifecycle``, ``facts.runtime``, ``facts.integrations``,
``facts.agent``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_PACKAGE = Path(__file__).resolve().parent.parent  # ddlint/, above this package


def facts_dir() -> Path:
    """The folder holding the data files.

    An installed wheel carries them as ``ddlint/_facts``; a source checkout (editable install,
    tests) keeps them in the top-level ``rules/`` folder beside the package.
    """
    packaged = _PACKAGE / "_facts"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / "rules"


@functools.cache
def load(name: str, omit: tuple[str, ...] = ()) -> dict[str, Any]:
    """``rules/<name>.toml`` as data, once per process.

    From its compiled module (``ddlint/facts/_compiled/<name>.py``, written by
    ``scripts/generate.py``) while the data file has the size and CRC-32 recorded there
    and the module left out the same ``omit`` columns; else parsed from the TOML.
    """
    import zlib

    data = (facts_dir() / f"{name}.toml").read_bytes()
    try:
        compiled = __import__(f"ddlint.facts._compiled.{name}", fromlist=["DOCUMENT"])
    except ImportError:
        compiled = None
    if (compiled is not None and omit == compiled.OMIT and len(data) == compiled.SOURCE_SIZE
            and zlib.crc32(data) == compiled.SOURCE_CRC32):
        document: dict[str, Any] = compiled.DOCUMENT
        return document
    return _parse_text(data.decode("utf-8"), omit)


def parse(name: str, omit: tuple[str, ...] = ()) -> dict[str, Any]:
    """``rules/<name>.toml`` parsed from the TOML, never from its compiled module."""
    return _parse_text((facts_dir() / f"{name}.toml").read_bytes().decode("utf-8"), omit)


def _parse_text(text: str, omit: tuple[str, ...]) -> dict[str, Any]:
    """Keys in ``omit`` are left out where a line assigns them a one-line array: a caller that
    never reads a large column spares every run parsing it (the release snapshot's wheel lists
    are half of its 115 kB)."""
    from ddlint import toml

    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as read_text() reads it
    if omit:
        import re

        keys = "|".join(re.escape(key) for key in omit)
        text = re.sub(rf"^(?:{keys})[ \t]*=[ \t]*\[[^\n\]]*\][ \t]*$", "", text, flags=re.M)
    document: dict[str, Any] = toml.loads(text)
    return document


class RowIndex(Mapping[str, "tuple[T, ...]"], Generic[T]):
    """Name -> the typed rows of a data table that list it, each row built from its data the
    first time it is asked for: a run asks for the few names its files hold, of a table's
    dozens or hundreds (building every row was a tenth of a small run's work)."""

    def __init__(self, rows: Sequence[Mapping[str, Any]],
                 names: Callable[[Mapping[str, Any]], Iterable[str]],
                 build: Callable[[Mapping[str, Any]], T]) -> None:
        self.rows, self._build = rows, build  # the data's rows, as they are
        self._built: dict[int, T] = {}
        index: dict[str, list[int]] = {}
        for position, row in enumerate(rows):
            for name in names(row):
                positions = index.setdefault(name, [])
                if position not in positions:
                    positions.append(position)
        self._index = index

    def row(self, position: int) -> T:
        """The table's row at ``position``, typed (built once)."""
        built = self._built.get(position)
        if built is None:
            built = self._built[position] = self._build(self.rows[position])
        return built

    def all(self) -> tuple[T, ...]:
        """Every row, in the table's order."""
        return tuple(self.row(position) for position in range(len(self.rows)))

    def rows_of(self, names: Iterable[str]) -> tuple[T, ...]:
        """The rows listing any of ``names``, in the table's order, each once."""
        positions = sorted({position for name in names for position in self._index.get(name, ())})
        return tuple(self.row(position) for position in positions)

    def __getitem__(self, name: str) -> tuple[T, ...]:
        return tuple(self.row(position) for position in self._index[name])

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)
