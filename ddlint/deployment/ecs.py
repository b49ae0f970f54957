"""JSON deployment files: ECS task definitions (``containerDefinitions[].image``), and
CloudFormation templates written as JSON (``sam``)."""

from __future__ import annotations

from collections.abc import Iterator

from ddlint.deployment import images, layers
from ddlint.deployment.sources import Source
from ddlint.model import Declaration


def read(source: Source) -> Iterator[Declaration]:
    if "AWSTemplateFormatVersion" in source.text or '"AWS::' in source.text:
        from ddlint.deployment import sam

        yield from sam.read(source)
        return
    if "containerDefinitions" in source.text:
        yield from images.read(source, "ecs")
        yield from layers.read(source, "ecs")
