"""Target environments (CPython minor x platform) and environment markers judged against them.

A dependency is judged only for the environments its marker admits. What is not known about
the targets is taken as "every possibility", so a marker that cannot be decided counts as
applying.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any, Optional

from ddlint.patterns import lazy
from ddlint.records import dataclass
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
    # The minors of ``pythons`` targeted as free-threaded builds (a `.python-version` of
    # `3.14t`): the same minor for the page's tables, another build for the wheels.
    free_threaded: tuple[str, ...] = ()
    # The minors of ``free_threaded`` also targeted as the standard build (``--python 3.14
    # --python 3.14t``).
    both_builds: tuple[str, ...] = ()

    def builds(self, python: str) -> tuple[str, ...]:
        """The CPython builds targeted of minor ``python``: ``3.14``, ``3.14t`` or both."""
        if python not in self.free_threaded:
            return (python,)
        return (python, f"{python}t") if python in self.both_builds else (f"{python}t",)

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
        _parse_marker(marker)
    except (InvalidMarker, RecursionError):  # RecursionError: parentheses nested too deep
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
    # Nor are the extras installed: an entry behind ``extra == "web"`` (a lock's entry for the
    # project's own extra, or one a dependency's extra pulls) applies when some extra it names
    # is installed, which cannot be ruled out.
    for extra in ("", *extras_named(marker)):
        for patch in ("0", "99"):
            environment = {**base, "python_full_version": f"{python}.{patch}",
                           "implementation_version": f"{python}.{patch}", "extra": extra}
            try:
                if _evaluate(marker, environment):
                    return True
            except (UndefinedComparison, ValueError, TypeError, RecursionError):
                return True
    return False


_EXTRA = lazy(r"""\bextra\s*==\s*(?:"([^"]{1,200})"|'([^']{1,200})')""")


def extras_named(marker: Optional[str]) -> tuple[str, ...]:
    """The extras a marker compares ``extra`` with (``extra == "web"`` -> ``("web",)``)."""
    if not marker or "extra" not in marker:
        return ()
    return tuple(dict.fromkeys(a or b for a, b in _EXTRA.findall(marker)))


def _evaluate(marker: str, environment: dict[str, str]) -> bool:
    """``Marker(marker).evaluate(environment)``, from caches.

    A lockfile's markers are long "or"s of the same few comparisons (its fork markers), judged
    in every target environment. Each marker is compiled once into its comparisons, and judged
    once per combination of the values it reads (seven platforms have three ``sys_platform``
    values); each comparison is evaluated once per value of its variable. On a typical uv.lock
    this made marker evaluation 10x cheaper. A tree unlike packaging's is evaluated whole.
    """
    compiled = _compiled(marker)
    if compiled is None:
        return bool(_parse_marker(marker).evaluate(environment))
    tree, variables = compiled
    return _judge(tree, tuple((name, environment.get(name, "")) for name in variables))


# A compiled marker: "or" groups of "and"-ed items; an item is a comparison (its text and the
# variable it reads) or a nested tree.
_Tree = tuple[tuple[Any, ...], ...]


@functools.lru_cache(maxsize=1024)
def _compiled(marker: str) -> Optional[tuple[_Tree, tuple[str, ...]]]:
    variables: set[str] = set()
    tree = getattr(_parse_marker(marker), "_markers", None)
    try:
        compiled = _compile(tree, variables) if isinstance(tree, list) else None
    except _UnknownTree:
        compiled = None
    return None if compiled is None else (compiled, tuple(sorted(variables)))


class _UnknownTree(Exception):
    """A marker tree shaped unlike packaging's ``(lhs, op, rhs)`` / "and" / "or" lists."""


def _compile(tree: list[Any], variables: set[str]) -> _Tree:
    groups: list[list[Any]] = [[]]
    for item in tree:
        if isinstance(item, list):
            groups[-1].append(_compile(item, variables))
        elif isinstance(item, tuple) and len(item) == 3:
            lhs, op, rhs = item
            variable = lhs if type(lhs).__name__ == "Variable" else rhs
            if type(variable).__name__ != "Variable":
                raise _UnknownTree
            variables.add(variable.value)
            groups[-1].append((f"{lhs.serialize()} {op.serialize()} {rhs.serialize()}",
                               variable.value))
        elif item == "or":
            groups.append([])
        elif item != "and":
            raise _UnknownTree
    return tuple(tuple(group) for group in groups)


@functools.lru_cache(maxsize=8192)
def _judge(tree: _Tree, values: tuple[tuple[str, str], ...]) -> bool:
    return _walk(tree, dict(values))


def _walk(tree: _Tree, values: dict[str, str]) -> bool:
    # Every comparison is evaluated, as packaging does: one that cannot be decided raises.
    results = [[_walk(item, values) if isinstance(item[0], tuple)
                else _compare(item[0], item[1], values[item[1]]) for item in group]
               for group in tree]
    return any(all(group) for group in results)


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
