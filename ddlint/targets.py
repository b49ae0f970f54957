"""Which Python versions and platforms a project targets, and where that was declared."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ddlint.environment import Targets
from ddlint.facts.runtime import released_pythons
from ddlint.model import DependencyFile, FileKind, quoted
from ddlint.patterns import lazy
from ddlint.project import Project
from ddlint.versions import admitted

# The start of a .python-version line naming a CPython: "3.12", "3.12.4", "cpython-3.12.4",
# "3.13t", "3.14-dev". Other interpreters ("pypy3.10", "system") are not CPython targets.
# (Bounded digits: a longer number is no CPython, and int() refuses more than 4,300 digits.)
_PYTHON_VERSION_LINE = lazy(r"^(?:cpython-?)?(\d{1,4})\.(\d{1,4})(?!\d)(t(?![\w.]))?",
                            re.IGNORECASE)


def resolve(project: Project, files: Sequence[DependencyFile]) -> Targets:
    """An environment's targets (``files``: its root file and companions); for Python, first
    found wins: ``--python``, the configuration's ``python-versions``, the nearest
    ``.python-version`` (``project.python_version``), the Python a compiled file's header names
    (pip-compile, uv pip compile), the environment's ``requires-python`` (its pyproject.toml,
    else its lock: uv.lock, poetry.lock, Pipfile.lock, pdm.lock), then the project's.

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
        return _given(settings.python_versions, platforms, source, known)
    if project.python_version:
        match = _PYTHON_VERSION_LINE.match(project.python_version)
        if match:
            minor = f"{match.group(1)}.{match.group(2)}"
            threaded = (minor,) if match.group(3) else ()
            return Targets((minor,), platforms, ".python-version", known, threaded)
    compiled = sorted({file.compiled_for: file.path.as_posix() for file in files
                       if file.compiled_for}.items())
    if compiled:  # pip-compile / uv pip compile resolved these files for these Pythons
        minors = tuple(sorted({python for python, _ in compiled},
                              key=lambda v: tuple(int(p) for p in v.split("."))))
        source = "the header of " + ", ".join(sorted({name for _, name in compiled}))
        return Targets(minors, platforms, source, known)
    # (the range, where, the key and text as the file writes them: quoted in messages)
    declared: list[tuple[str, str, tuple[str, str]]] = []
    # The environment's own declaration first (its manifest, its lock), then the project's.
    own = [file for file in files if file.kind == FileKind.PYPROJECT]
    if project.requires_python and project.pyproject is not None and own:
        declared.append(_project_declaration(project))
    declared.extend(
        (file.requires_python, file.path.as_posix(), ("requires-python", file.requires_python))
        for file in sorted(files, key=lambda f: f.path.as_posix())
        if file.requires_python and file.kind != FileKind.PYPROJECT
    )
    if project.requires_python and project.pyproject is not None and not own:
        declared.append(_project_declaration(project))
    for requires_python, where, (key, text) in declared:
        pythons = admitted(requires_python, known)
        # A value that is not a specifier, or admits no released CPython, tells nothing usable.
        if pythons:
            source = f"{key} {quoted(text.strip(), 80)} in {where}"
            return Targets(pythons, platforms, source, known)
    return Targets((), platforms, None, known)


def _given(versions: Sequence[str], platforms: tuple[str, ...], source: str,
           known: tuple[str, ...]) -> Targets:
    """The targets ``--python`` / ``python-versions`` name: ``3.14t`` is minor 3.14's
    free-threaded build, the same minor for the page's tables."""
    minors = tuple(dict.fromkeys(version.rstrip("t") for version in versions))
    threaded = tuple(v[:-1] for v in dict.fromkeys(versions) if v.endswith("t"))
    both = tuple(minor for minor in threaded if minor in versions)
    return Targets(minors, platforms, source, known, threaded, both)


def _project_declaration(project: Project) -> tuple[str, str, tuple[str, str]]:
    """The project's requires-python: (the range, where, the key and text as written)."""
    assert project.requires_python is not None and project.pyproject is not None
    written = project.requires_python_as_written or ("requires-python", project.requires_python)
    return project.requires_python, project.pyproject.name, written
