"""YAML deployment files other than compose, serverless.yml and Chart.yaml, by what they
hold: Kubernetes manifests (Datadog images; Argo CD and Flux installs of the chart with their
inline values; the ``DatadogAgent`` resource of the Operator; single-step instrumentation),
Helm values files, SAM/CloudFormation templates (``sam``)."""

from __future__ import annotations

from collections.abc import Iterator

from ddlint.deployment import helm, images, ssi
from ddlint.deployment.sources import DEFAULT_DETAIL, Source
from ddlint.deployment.yaml_lines import Entry, entries
from ddlint.model import Declaration


def read_yaml(source: Source) -> Iterator[Declaration]:
    text = source.text
    if "AWSTemplateFormatVersion" in text or "AWS::Serverless" in text \
            or "DatadogServerless" in text:
        from ddlint.deployment import sam

        yield from sam.read(source)
        return
    found = list(entries(text))
    if helm.is_values_file(found):
        yield from helm.values(source, found)
        yield from ssi.read(source, found)
        return
    if not any(entry.key == "apiVersion" and not entry.path for entry in found):
        return
    operator_documents = {entry.document for entry in found
                          if entry.key == "kind" and not entry.path
                          and entry.value == "DatadogAgent"}
    overrides = list(operator(source, [e for e in found if e.document in operator_documents]))
    yield from overrides
    said = {d.location.line for d in overrides}
    yield from (d for d in images.read(source, "kubernetes") if d.location.line not in said)
    yield from helm.chart_versions(source, found)
    yield from helm.values(source, found)
    yield from ssi.read(source, found)


def operator(source: Source, found: list[Entry]) -> Iterator[Declaration]:
    """A ``DatadogAgent``'s node Agent image: ``spec.override.nodeAgent.image.{name,tag}``
    (``name`` may be a whole reference, whose tag wins), v1alpha1 ``spec.agent.image.name``;
    without one, the Operator's default (its version is read from the chart that installs
    it, else floating)."""
    documents = sorted({entry.document for entry in found})
    for document in documents:
        mine = [e for e in found if e.document == document]
        image = [e for e in mine if e.path in (("spec", "override", "nodeAgent", "image"),
                                               ("spec", "agent", "image"))]
        keys = {entry.key: entry for entry in image}
        name, tag = keys.get("name"), keys.get("tag")
        reference = images.parse_reference(name.value) if name is not None else None
        if reference is not None and reference[1] is not None and name is not None:
            state, version = images.classify(reference[0], reference[1])
            yield source.declaration("agent", state, version, f"name: {name.value}",
                                     name.line, via="operator")
        elif tag is not None:
            state, version = images.classify_tag("agent", tag.value)
            yield source.declaration("agent", state, version, f"tag: {tag.value}", tag.line,
                                     via="operator")
        else:
            kind = next((e for e in mine if e.key == "kind" and not e.path), None)
            line = kind.line if kind is not None else 1
            yield source.declaration(
                "agent", "floating", None, "kind: DatadogAgent", line, via="operator",
                detail=f"{DEFAULT_DETAIL}the Datadog Operator, whose version is not pinned here")
