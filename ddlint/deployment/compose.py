"""docker-compose files: Datadog images of the services, with the ``.env`` beside the file
(``${DD_AGENT_VERSION:-latest}``: the ``.env`` value, else the default; one hop)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ddlint.deployment import images
from ddlint.deployment.sources import Source, interpolate, sibling_text
from ddlint.model import Declaration


def read(source: Source) -> Iterator[Declaration]:
    variables = dot_env(sibling_text(source, ".env") or "")

    def resolve(text: str) -> Optional[str]:
        return interpolate(text, variables)

    yield from images.read(source, "compose", resolve)


def read_env(source: Source) -> Iterator[Declaration]:
    """A ``.env`` declares nothing by itself: the compose files beside it read it."""
    return iter(())


def dot_env(text: str) -> dict[str, str]:
    """``NAME=value`` lines of an env file (``export`` and quotes allowed, comments skipped)."""
    variables: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if value[:1] in ("'", '"') and value.endswith(value[0]) and len(value) > 1:
            value = value[1:-1]
        else:
            value = value.split(" #")[0].strip()
        variables[name.strip()] = value
    return variables
