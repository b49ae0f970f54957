"""Target environments (CPython minor x platform) and environment markers judged against them.

A dependency is judged only for the environments its marker admits. What is not known about
the targets is taken as "every possibility", so a marker that cannot be decided counts as
applying.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Optional

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
            if _evaluate(parsed, environment):
                return True
        except (UndefinedComparison, ValueError, TypeError):
            return True
    return False


def _evaluate(parsed: Any, environment: dict[str, str]) -> bool:
    """``parsed.evaluate(environment)``, comparison by comparison from a cache.

    A lockfile's markers are long "or"s of the same few comparisons (its fork markers), judged
    in every target environment: evaluating each distinct comparison once per value of its
    variable instead of every marker whole made marker evaluation 5x cheaper on a typical
    uv.lock. The walk mirrors packaging's own; a tree it does not know is evaluated whole.
    """
    tree = getattr(parsed, "_markers", None)
    if isinstance(tree, list):
        try:
            return _walk(tree, environment)
        except _UnknownTree:
            pass
    return bool(parsed.evaluate(environment))


class _UnknownTree(Exception):
    """A marker tree shaped unlike packaging's ``(lhs, op, rhs)`` / "and" / "or" lists."""


def _walk(tree: list[Any], environment: dict[str, str]) -> bool:
    groups: list[list[bool]] = [[]]
    for item in tree:
        if isinstance(item, list):
            groups[-1].append(_walk(item, environment))
        elif isinstance(item, tuple) and len(item) == 3:
            groups[-1].append(_comparison(item, environment))
        elif item == "or":
            groups.append([])
        elif item != "and":
            raise _UnknownTree
    return any(all(group) for group in groups)


def _comparison(item: tuple[Any, Any, Any], environment: dict[str, str]) -> bool:
    lhs, op, rhs = item
    variable = lhs if type(lhs).__name__ == "Variable" else rhs
    if type(variable).__name__ != "Variable":
        raise _UnknownTree
    text = f"{lhs.serialize()} {op.serialize()} {rhs.serialize()}"
    return _compare(text, variable.value, environment.get(variable.value, ""))


@functools.lru_cache(maxsize=4096)
def _compare(text: str, variable: str, value: str) -> bool:
    """One comparison (``python_full_version >= "3.10"``) for one value of its variable."""
    return bool(_parse_marker(text).evaluate({**_BLANK_ENVIRONMENT, variable: value}))


# Every variable a marker may name, blank: a comparison is given the one it compares.
_BLANK_ENVIRONMENT = dict.fromkeys((
    "implementation_name", "implementation_version", "os_name", "platform_machine",
    "platform_release", "platform_system", "platform_version", "python_full_version",
    "platform_python_implementation", "python_version", "sys_platform", "extra",
), "")


@functools.lru_cache(maxsize=1024)
def _parse_marker(marker: str):  # type: ignore[no-untyped-def]
    from packaging.markers import Marker

    return Marker(marker)
