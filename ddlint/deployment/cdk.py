"""CDK stacks (TypeScript, JavaScript, Python, Java, Go, C#): string literals naming a Datadog
image (``ContainerImage.fromRegistry("...")``) or a layer ARN, and the Datadog constructs'
``extensionLayerVersion`` / ``extension_layer_version`` and Python layer parameters. Only files
that use the CDK are read (an application's own sources are not deployment)."""

from __future__ import annotations

from collections.abc import Iterator

from ddlint.deployment import images, layers
from ddlint.deployment.sources import Source
from ddlint.model import Declaration

_CDK = ("aws-cdk", "aws_cdk", "awscdk", "software.amazon.awscdk", "Amazon.CDK",
        "datadog-cdk-constructs", "datadog_cdk_constructs")


def read(source: Source) -> Iterator[Declaration]:
    if not any(marker in source.text for marker in _CDK):
        return
    yield from images.read(source, "cdk")
    yield from layers.read(source, "cdk")
