"""serverless.yml: layer ARNs (``layers:`` of the provider or a function) and the
serverless-plugin-datadog's settings. The plugin adds the Extension and the Python layer of
its release's defaults (``lambda_tools``, from package.json) unless ``addExtension`` /
``addLayers`` is false here."""

from __future__ import annotations

from collections.abc import Iterator

from ddlint.deployment import layers
from ddlint.deployment.sources import Source
from ddlint.model import Declaration


def read(source: Source) -> Iterator[Declaration]:
    # ${self:custom.x}, ${env:X}, ${ssm:...}: resolved by the framework at deploy time
    yield from layers.read(source, "serverless")
