"""datadog-lambda's own ddtrace requirement per Python: ``rules/datadog_lambda.toml``."""

from __future__ import annotations

import functools
from typing import Optional

from ddlint import facts
from ddlint.records import dataclass

PACKAGE = "datadog-lambda"


@dataclass(frozen=True)
class TracerRequirement:
    """One ``Requires-Dist: ddtrace`` line of a datadog-lambda release."""

    marker: str  # "" when it applies everywhere
    specifier: str


@functools.lru_cache(maxsize=1)
def _releases() -> dict[str, tuple[TracerRequirement, ...]]:
    from packaging.version import Version

    return {str(Version(row["version"])): tuple(
        TracerRequirement(item["marker"], item["specifier"]) for item in row["ddtrace"])
        for row in facts.load("datadog_lambda")["release"]}


def tracer_requirements(version: str) -> Optional[tuple[TracerRequirement, ...]]:
    """The ddtrace requirements of datadog-lambda ``version``; None for a release the data
    does not hold."""
    from packaging.version import InvalidVersion, Version

    try:
        return _releases().get(str(Version(version)))
    except InvalidVersion:
        return None


def source() -> str:
    meta = facts.load("datadog_lambda")["meta"]
    return f"{meta['source']}, retrieved {meta['retrieved']}"
