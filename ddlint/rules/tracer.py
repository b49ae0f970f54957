"""Which ddtrace release(s) a project runs: pinned in its files or given as an option."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from ddlint.environment import Environment, applicable
from ddlint.model import Dependency

if TYPE_CHECKING:
    from packaging.version import Version

    from ddlint.rules.catalogue import Context

TRACER = "ddtrace"


@dataclass(frozen=True)
class TracerPin:
    """One tracer release and the environments it is installed in.

    ``dependency`` is the entry that pins it; None when it comes from ``--tracer-version``.
    """

    version: Version
    environments: frozenset[Environment]
    dependency: Optional[Dependency] = None

    @property
    def text(self) -> str:
        return str(self.version)


def tracer_pins(context: Context) -> tuple[TracerPin, ...]:
    """The tracer releases in use. ``--tracer-version`` wins (an injected tracer is the one that
    runs); otherwise exact pins, locked ones preferred over manifest pins. A forked lock
    (several ddtrace entries with markers) gives several pins, each with its environments."""
    from packaging.version import InvalidVersion, Version

    every = frozenset(context.targets.environments())
    option = context.settings.tracer_version
    if option:
        return (TracerPin(Version(option), every),)
    pinned = [d for d in context.dependencies() if d.name == TRACER and d.version]
    locked = [d for d in pinned if d.locked]
    pins: dict[tuple[str, Optional[str]], TracerPin] = {}
    for dependency in locked or pinned:
        assert dependency.version is not None
        try:
            version = Version(dependency.version)
        except (InvalidVersion, ValueError):  # ValueError: a number too long for int()
            continue
        key = (str(version), dependency.marker)
        if key not in pins:
            pins[key] = TracerPin(version, applicable(dependency.marker, every), dependency)
    return tuple(pins.values())
