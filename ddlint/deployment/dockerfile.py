"""Dockerfiles: Datadog images in ``FROM`` and ``COPY --from`` (the Agent, the Lambda
Extension's ``lambda-extension:<layer>``), ``pip install ddtrace``, the install script's
variables; ``ARG``/``ENV`` defaults of the same file resolve a tag (one hop)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ddlint.deployment import images, scripts
from ddlint.deployment.sources import Source, interpolate
from ddlint.model import Declaration
from ddlint.patterns import lazy

_DEFAULT = lazy(r"^\s*(?:ARG|ENV)\s+(?P<name>\w+)(?:=|\s+)(?P<value>[^\s]+)", 0)


def read(source: Source) -> Iterator[Declaration]:
    variables: dict[str, str] = {}
    for line in source.text.splitlines():
        match = _DEFAULT.match(line)
        if match is not None:
            variables.setdefault(match.group("name"), match.group("value").strip("\"'"))

    def resolve(text: str) -> Optional[str]:
        return interpolate(text, variables)

    yield from images.read(source, "dockerfile", resolve)
    yield from scripts.pip_installs(source, "dockerfile")
    yield from scripts.install_script(source)
