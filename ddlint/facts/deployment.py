"""What a version read from a deployment file means: ``rules/deployment.toml`` (the Helm chart's
and the Operator's default Agent, the Lambda Python layer's datadog-lambda and ddtrace, the
Lambda tools' default layers)."""

from __future__ import annotations

import functools
from typing import Any, Optional

from ddlint import facts
from ddlint.records import dataclass
from ddlint.versions import release_key


@dataclass(frozen=True)
class Derived:
    """A version derived from another through a table row: exact (``exact``) or, for a version
    between two rows of the table, the lower row's (a lower bound: defaults only grow)."""

    version: str
    exact: bool
    source: str


@dataclass(frozen=True)
class PythonLayer:
    """One Datadog-Python3XX layer: the datadog-lambda release it is, the ddtrace range it
    declared and the ddtrace it most likely bundled."""

    layer: int
    datadog_lambda: str
    ddtrace: str
    estimate: str
    source: str


def _data() -> dict[str, Any]:
    return facts.load("deployment")


def _within(rows: list[dict[str, Any]], first: str, last: str, value_key: str,
            version: str) -> Optional[Derived]:
    """The row whose ``first``..``last`` holds ``version``; between two rows, the lower's
    value as a lower bound; None below the first row or for no version."""
    wanted = release_key(version)
    if not wanted:
        return None
    below: Optional[dict[str, Any]] = None
    for row in rows:
        if release_key(row[first]) <= wanted <= release_key(row[last]):
            return Derived(row[value_key], True, row["source"])
        if release_key(row[last]) < wanted:
            below = row
    return Derived(below[value_key], False, below["source"]) if below is not None else None


def chart_agent(chart: str) -> Optional[Derived]:
    """The default Agent of the ``datadog`` Helm chart ``chart``."""
    return _within(_data()["chart"], "first", "last", "agent", chart)


def operator_agent(operator: str) -> Optional[Derived]:
    """The default Agent of the Datadog Operator ``operator``."""
    return _within(_data()["operator"], "operator", "operator", "agent", operator)


def operator_of_chart(chart: str) -> Optional[Derived]:
    """The Operator the ``datadog-operator`` Helm chart ``chart`` installs."""
    return _within(_data()["operator_chart"], "chart", "chart", "operator", chart)


@functools.cache
def python_layer(layer: int, python: Optional[str] = None) -> Optional[PythonLayer]:
    """Layer ``layer`` of the Datadog Python layer; for a runtime ``python`` whose first
    release came later, the lower numbers hold that first release's build (backfilled)."""
    data = _data()
    if python is not None:
        first = next((row["layer"] for row in data["python_layer_first"]
                      if row["python"] == python), None)
        if first is not None and layer < first:
            layer = first
    row = next((row for row in data["python_layer"] if row["layer"] == layer), None)
    if row is None:
        return None
    return PythonLayer(row["layer"], row["datadog_lambda"], row["ddtrace"], row["estimate"],
                       row["source"])


def tool_default(tool: str, version: str, column: str) -> Optional[Derived]:
    """The default ``column`` ("python_layer" or "extension_layer") of ``tool``'s release
    ``version``; a release between two rows gets the lower one's as a lower bound."""
    rows = [row for row in _data()["tool_default"] if row["tool"] == tool and row[column]]
    rows.sort(key=lambda row: release_key(row["version"]))
    return _within(rows, "version", "version", column, version)
