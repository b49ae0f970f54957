"""The facts shaped for lookup: for a data file, the tables its loaders look rows up in.

``scripts/generate.py`` writes what ``tables(name, document)`` gives into the compiled module
of ``rules/<name>.toml`` (``KEYS``), so a run looks rows up without building an index; a run
that reads the TOML (a compiled module that no longer matches its data file, a release facts
file) builds the same tables here, once per process. A table maps a key to the positions of
the rows under it, in the data's order, each once: the rows themselves stay in the document,
written once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Optional


def positions(rows: Sequence[Mapping[str, Any]],
              keys: Callable[[Mapping[str, Any]], Iterable[str]]) -> dict[str, list[int]]:
    """Key -> the positions of the rows ``keys`` gives it for, in the rows' order, each once."""
    table: dict[str, list[int]] = {}
    for position, row in enumerate(rows):
        for key in keys(row):
            found = table.setdefault(key, [])
            if position not in found:
                found.append(position)
    return table


def major(row: Mapping[str, Any]) -> tuple[str]:
    """The major number a release row's version text starts with, as text ("" for a text that
    does not start with one, such as an epoch: always read). Telling it costs no version
    parse, so a run reads only the releases of the majors it asks about."""
    text = row["version"]
    head = text.split(".", 1)[0]
    return (head if head.isascii() and head.isdigit() and "!" not in text else "",)


def _integrations(document: Mapping[str, Any]) -> dict[str, Any]:
    rows = document["integration"]
    return {"distribution": positions(rows, lambda row: row["distributions"])}


def _releases(document: Mapping[str, Any]) -> dict[str, Any]:
    return {"major": positions(document["release"], major)}


def _tracer(document: Mapping[str, Any]) -> dict[str, Any]:
    rows = document.get("distribution", [])
    return {"distribution": positions(rows, lambda row: (row["name"],)),
            "tested_pythons": sorted({cell["python"] for row in rows
                                      for cell in row["tested_by_python"]})}


_KEYED: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "integrations": _integrations,
    "releases": _releases,
}


def tables(name: str, document: Mapping[str, Any]) -> Optional[dict[str, Any]]:
    """The lookup tables of data file ``name`` read as ``document``; None for a file whose
    loaders look nothing up."""
    if name.startswith("tracer_v"):
        return _tracer(document)
    keyed = _KEYED.get(name)
    return None if keyed is None else keyed(document)
