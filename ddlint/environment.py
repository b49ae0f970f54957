"""Target environments (CPython minor x platform) and environment markers judged against them.

A dependency is judged only for the environments its marker admits. What is not known about
the targets is taken as "every possibility", so a marker that cannot be decided counts as
applying.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Optional

from ddlint.settings import PLATFORMS

# The marker variables each ddlint platform name stands for.
_PLATFORM_MARKERS: dict[str, dict[str, str]] = {
    "linux-x86_64": {"sys_platform": "linux", "platform_system": "Linux",
                     "platform_machine": "x86_64", "os_name": "posix"},
    "linux-aarch64": {"sys_platform": "linux", "platform_system": "Linux",
                      "platform_machine": "aarch64", "os_name": "posix"},
    "linux-i686": {"sys_platform": "linux", "platform_system": "Linux",
                   "platform_machine": "i686", "os_name": "posix"},
    "macos-x86_64": {"sys_platform": "darwin", "platform_system": "Darwin",
                     "platform_machine": "x86_64", "os_name": "posix"},
    "macos-arm64": {"sys_platform": "darwin", "platform_system": "Darwin",
                    "platform_machine": "arm64", "os_name": "posix"},
    "windows-amd64": {"sys_platform": "win32", "platform_system": "Windows",
                      "platform_machine": "AMD64", "os_name": "nt"},
    "windows-x86": {"sys_platform": "win32", "platform_system": "Windows",
                    "platform_machine": "x86", "os_name": "nt"},
}


@dataclass(frozen=True)
class Environment:
    """One CPython minor (``"3.12"``) on one platform (``"linux-x86_64"``)."""

    python: str
    platform: str


@dataclass(frozen=True)
class Targets:
    """What a project runs on. Empty ``pythons``/``platforms`` mean unknown."""

    pythons: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    # Where the Python versions came from, for messages ("--python", ".python-version", ...).
    python_source: Optional[str] = None
    # Every CPython minor released on the as-of date: what "unknown" stands for.
    known_pythons: tuple[str, ...] = ()

    def environments(self) -> tuple[Environment, ...]:
        pythons = self.pythons or self.known_pythons
        platforms = self.platforms or PLATFORMS
        return tuple(Environment(p, q) for p in pythons for q in platforms)


def applicable(
    marker: Optional[str], environments: Iterable[Environment]
) -> frozenset[Environment]:
    """The environments in which a dependency with ``marker`` is installed."""
    envs = frozenset(environments)
    if not marker:
        return envs
    return frozenset(env for env in envs if _holds(marker, env.python, env.platform))


@functools.lru_cache(maxsize=4096)
def _holds(marker: str, python: str, platform: str) -> bool:
    from packaging.markers import InvalidMarker, UndefinedComparison

    try:
        parsed = _parse_marker(marker)
    except InvalidMarker:
        return True  # cannot be decided: counts as applying
    base = {
        "python_version": python,
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "platform_release": "",
        "platform_version": "",
        "extra": "",
        **_PLATFORM_MARKERS[platform],
    }
    # The patch level is not known: the marker applies if it holds for the first or a late one.
    for patch in ("0", "99"):
        environment = {**base, "python_full_version": f"{python}.{patch}",
                       "implementation_version": f"{python}.{patch}"}
        try:
            if parsed.evaluate(environment):
                return True
        except (UndefinedComparison, ValueError, TypeError):
            return True
    return False


@functools.lru_cache(maxsize=1024)
def _parse_marker(marker: str):  # type: ignore[no-untyped-def]
    from packaging.markers import Marker

    return Marker(marker)
