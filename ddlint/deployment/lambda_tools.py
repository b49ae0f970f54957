"""package.json: the version of serverless-plugin-datadog or datadog-cdk-constructs-v2, whose
release decides the Extension and Python layers they add by default (``rules/deployment.toml``);
an exact version gives them, a range (``^5.122.0``) a lower bound (defaults only grow)."""

from __future__ import annotations

from collections.abc import Iterator

from ddlint.deployment import layers
from ddlint.deployment.sources import DEFAULT_DETAIL, Source
from ddlint.model import Declaration
from ddlint.patterns import lazy

_TOOL = lazy(r'"(?P<tool>serverless-plugin-datadog|datadog-cdk-constructs-v2)"\s*:\s*'
             r'"(?P<range>[^"]*)"')
_RANGE = lazy(r"(?P<op>[\^~]|>=|=)?\s*v?(?P<version>\d+\.\d+\.\d+)")
_VIA = {"serverless-plugin-datadog": "serverless", "datadog-cdk-constructs-v2": "cdk"}


def read_package(source: Source) -> Iterator[Declaration]:
    from ddlint.facts.deployment import tool_default

    for match in _TOOL.finditer(source.text):
        tool, written = match.group("tool"), match.group("range").strip()
        found = _RANGE.fullmatch(written)
        if found is None:
            continue
        exact = found.group("op") in (None, "=")
        version = found.group("version")
        line = source.line_of(match.start())
        via = _VIA[tool]
        detail = f"{DEFAULT_DETAIL}{tool} {'' if exact else 'at least '}{version}"
        declared = match.group(0)
        extension = tool_default(tool, version, "extension_layer")
        if extension is not None:
            state = "known" if exact and extension.exact else "lower-bound"
            yield source.declaration("lambda-extension", state, extension.version, declared,
                                     line, via=via, detail=detail)
        python = tool_default(tool, version, "python_layer")
        if python is not None:
            state = "known" if exact and python.exact else "lower-bound"
            yield source.declaration("lambda-python-layer", state, python.version, declared,
                                     line, via=via, detail=detail)
            if state == "known":
                yield from layers.python_layer_tracer(source, int(python.version), None,
                                                      declared, line, via=via,
                                                      detail=f"{detail}: ")
