"""SAM and CloudFormation templates (YAML or JSON): layer ARNs in ``Layers`` /
``Globals.Function.Layers``, the ``DatadogServerless`` macro's ``extensionLayerVersion`` and
``pythonLayerVersion``, container images of task definitions; ``!Ref P`` / ``${P}`` resolved
from ``Parameters.P.Default`` (one hop)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ddlint.deployment import images, layers
from ddlint.deployment.sources import Source
from ddlint.deployment.yaml_lines import entries
from ddlint.model import Declaration
from ddlint.patterns import lazy

_JSON_DEFAULT = lazy(r'"(?P<name>\w+)"\s*:\s*\{[^{}]*?"Default"\s*:\s*"?(?P<value>[\w.\-]+)')
_NAME = lazy(r"(?:!Ref\s+|\$\{)?(?P<name>[\w]+)\}?")


def read(source: Source) -> Iterator[Declaration]:
    defaults = parameter_defaults(source)

    def resolve(text: str) -> Optional[str]:
        match = _NAME.fullmatch(text.strip())
        return defaults.get(match.group("name")) if match is not None else None

    yield from layers.read(source, "sam", resolve)
    yield from images.read(source, "sam")


def parameter_defaults(source: Source) -> dict[str, str]:
    if source.text.lstrip().startswith("{"):
        return {m.group("name"): m.group("value") for m in _JSON_DEFAULT.finditer(source.text)}
    return {entry.path[1]: entry.value for entry in entries(source.text)
            if entry.key == "Default" and len(entry.path) == 2 and entry.path[0] == "Parameters"}
