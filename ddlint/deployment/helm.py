"""The ``datadog`` Helm chart: ``agents.image.tag`` (and ``repository``/``name``) in values
files (also inline: Argo CD ``helm.valuesObject``, Flux ``spec.values``), and the chart's
version where it is pinned (Argo CD ``targetRevision``, Flux ``HelmRelease``,
``Chart.yaml`` dependencies, helmfile; Terraform ``helm_release`` in ``terraform``) through the
chart -> default Agent table; the ``datadog-operator`` chart through the operator -> Agent
table."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Optional

from ddlint.deployment import images
from ddlint.deployment.sources import DEFAULT_DETAIL, Source
from ddlint.deployment.yaml_lines import Entry, entries
from ddlint.model import Declaration

CHARTS = ("datadog", "datadog-operator")
_VERSION_KEYS = ("version", "targetRevision")


def read_chart_file(source: Source) -> Iterator[Declaration]:
    """``Chart.yaml`` (its dependencies) and helmfiles: the pinned chart versions."""
    yield from chart_versions(source, list(entries(source.text)))


def chart_name(text: str) -> Optional[str]:
    """``datadog`` for ``datadog``, ``datadog/datadog``, ``oci://.../datadog``; else None."""
    name = text.strip().rstrip("/").rsplit("/", 1)[-1]
    return name if name in CHARTS else None


def chart_versions(source: Source, found: Iterable[Entry]) -> Iterator[Declaration]:
    """A mapping naming the chart (``chart:`` or ``name:``) with a ``version`` or
    ``targetRevision`` beside it."""
    by_mapping: dict[int, list[Entry]] = {}
    for entry in found:
        by_mapping.setdefault(entry.mapping, []).append(entry)
    for group in by_mapping.values():
        chart = next((chart_name(e.value) for e in group if e.key in ("chart", "name")
                      and chart_name(e.value)), None)
        if chart is None:
            continue
        version = next((e for e in group if e.key in _VERSION_KEYS), None)
        if version is not None:
            yield chart_agent(source, chart, version.value, f"{version.key}: {version.value}",
                              version.line, via="helm-chart")


def chart_agent(source: Source, chart: str, version: str, declared: str, line: int, *,
                via: str) -> Declaration:
    """The Agent a pinned chart installs by default: known from the table (a chart between two
    rows: the lower row's, a lower bound); a range or variable: unknown."""
    from ddlint.facts.deployment import chart_agent as default_agent
    from ddlint.facts.deployment import operator_agent, operator_of_chart
    from ddlint.versions import release_key

    exact = version.strip().lstrip("v")
    if len(release_key(exact)) != 3 or not exact.replace(".", "").isdigit():
        state = "floating" if exact in ("", "*", "latest") else "unknown"
        return source.declaration("agent", state, None, declared, line, via=via,
                                  detail=f"the {chart} chart's version is not pinned")
    if chart == "datadog":
        derived = default_agent(exact)
        detail = f"{DEFAULT_DETAIL}the datadog chart {exact}"
    else:
        operator = operator_of_chart(exact)
        derived = operator_agent(operator.version) if operator is not None else None
        detail = (f"{DEFAULT_DETAIL}the Datadog Operator {operator.version} "
                  f"(datadog-operator chart {exact})" if operator is not None else "")
        via = "operator"
    if derived is None:
        return source.declaration("agent", "unknown", None, declared, line, via=via,
                                  detail=f"the {chart} chart {exact} is not in ddlint's table")
    return source.declaration("agent", "known" if derived.exact else "lower-bound",
                              derived.version, declared, line, via=via, detail=detail)


def values(source: Source, found: Iterable[Entry]) -> Iterator[Declaration]:
    """``agents.image`` of a values file (at any depth: inline values too)."""
    by_mapping: dict[int, list[Entry]] = {}
    for entry in found:
        if entry.path[-2:] == ("agents", "image"):
            by_mapping.setdefault(entry.mapping, []).append(entry)
    for group in by_mapping.values():
        keys = {entry.key: entry for entry in group}
        tag = keys.get("tag")
        repository = keys.get("repository") or keys.get("name")
        if repository is not None and repository.value not in ("", "agent") \
                and images.parse_reference(repository.value) is None:
            yield source.declaration("agent", "unknown", None,
                                     f"{repository.key}: {repository.value}", repository.line,
                                     via="helm-values", detail="a custom image")
            continue
        if tag is None:
            continue
        state, version = images.classify_tag("agent", tag.value)
        yield source.declaration("agent", state, version, f"tag: {tag.value}", tag.line,
                                 via="helm-values")


def is_values_file(found: Iterable[Entry]) -> bool:
    """A values file of the datadog chart: a top-level ``datadog:`` or ``agents:`` key."""
    return any(not entry.path and entry.key in ("datadog", "agents") and not entry.value
               for entry in found)
