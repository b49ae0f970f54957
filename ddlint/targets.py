"""Which Python versions and platforms a project targets, and where that was declared."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable, Sequence
from typing import Optional

from ddlint import facts
from ddlint.environment import Targets
from ddlint.model import DependencyFile, quoted
from ddlint.project import Project

# The start of a .python-version line naming a CPython: "3.12", "3.12.4", "cpython-3.12.4",
# "3.13t", "3.14-dev". Other interpreters ("pypy3.10", "system") are not CPython targets.
# (Bounded digits: a longer number is no CPython, and int() refuses more than 4,300 digits.)
_PYTHON_VERSION_LINE = re.compile(r"^(?:cpython-?)?(\d{1,4})\.(\d{1,4})(?!\d)", re.IGNORECASE)
# A bare version such as Pipfile's python_version = "3.11": the minor itself.
_BARE_VERSION = re.compile(r"^\d+(?:\.\d+)*$")
# Patch levels tried when asking whether a range admits a minor: a minor is admitted when some
# release of it is (">=3.8.1" admits 3.8). CPython patch levels have stayed below 30; 99 covers
# ranges written against a far patch ("<3.9.99").
_PATCHES = (*range(31), 99)


@functools.lru_cache(maxsize=8)
def released_pythons(today: datetime.date) -> tuple[str, ...]:
    """Every CPython minor released on ``today`` (from ``rules/runtime.toml``)."""
    rows = facts.load("runtime").get("cpython", [])
    return tuple(str(row["version"]) for row in rows if row["released"] <= today)


@functools.lru_cache(maxsize=4096)
def admits(specifiers: tuple[str, ...], minor: str) -> bool:
    """Whether any of ``specifiers`` (PEP 440, any-of) admits some release of CPython ``minor``.

    Raises ``ValueError`` for a specifier that is not PEP 440.
    """
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import Version

    for text in specifiers:
        if _BARE_VERSION.match(text.strip()):
            text = f"=={text.strip()}.*" if text.count(".") < 2 else f"=={text.strip()}"
        try:
            specifier = SpecifierSet(text)
        except InvalidSpecifier as error:
            raise ValueError(str(error)) from None
        if any(specifier.contains(Version(f"{minor}.{patch}")) for patch in _PATCHES):
            return True
    return False


def admitted(requires_python: str, minors: Iterable[str]) -> Optional[tuple[str, ...]]:
    """The minors of ``minors`` a ``requires-python`` value admits; None when it is not a valid
    specifier. Poetry's ``a || b`` alternatives (see ``ddlint.poetry_constraints``) are any-of."""
    from ddlint.poetry_constraints import alternatives

    options = tuple(alternatives(requires_python))
    try:
        return tuple(minor for minor in minors if admits(options, minor))
    except ValueError:
        return None


def resolve(project: Project, files: Sequence[DependencyFile]) -> Targets:
    """The project's targets; for Python, first found wins: ``--python``, the configuration's
    ``python-versions``, ``.python-version``, then ``requires-python`` (pyproject.toml, else the
    first dependency file that declares one: uv.lock, poetry.lock, Pipfile.lock, pdm.lock).

    A range stands for every CPython minor it admits that is released on the as-of date.
    Platforms come only from ``--platform`` / ``platforms``.
    """
    settings = project.settings
    known = released_pythons(settings.today)
    platforms = settings.platforms
    if settings.python_versions:
        if settings.python_source:
            source = settings.python_source
        else:
            where = settings.config_path.name if settings.config_path else "the configuration"
            source = f"python-versions in {where}"
        return Targets(settings.python_versions, platforms, source, known)
    if project.python_version:
        match = _PYTHON_VERSION_LINE.match(project.python_version)
        if match:
            minor = f"{match.group(1)}.{match.group(2)}"
            return Targets((minor,), platforms, ".python-version", known)
    declared: list[tuple[str, str]] = []
    if project.requires_python and project.pyproject is not None:
        declared.append((project.requires_python, project.pyproject.name))
    declared.extend(
        (file.requires_python, file.path.name)
        for file in sorted(files, key=lambda f: f.path.as_posix()) if file.requires_python
    )
    for requires_python, where in declared:
        pythons = admitted(requires_python, known)
        # A value that is not a specifier, or admits no released CPython, tells nothing usable.
        if pythons:
            source = f"requires-python {quoted(requires_python.strip(), 80)} in {where}"
            return Targets(pythons, platforms, source, known)
    return Targets((), platforms, None, known)
