"""The project stage: the project a dependency file belongs to, and the context it gives
(Python, configuration), loaded once per project as a ``ddlint.project.Project``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from ddlint import manifest
from ddlint.config import ConfigError, find_config, load_config
from ddlint.model import Location
from ddlint.project import Project
from ddlint.reading import SMALL_FILE_BYTES, read_text
from ddlint.repository import (
    enclosing_repository,
    has_project_file,
    is_repository_top,
    leaves_repository,
)
from ddlint.settings import Settings


def project_root(file: Path) -> Path:
    """The nearest folder upwards holding pyproject.toml, setup.py or setup.cfg, not leaving
    the repository; else the folder holding the file's requirements folder
    (``requirements/main.txt`` -> the folder above ``requirements/``), else the file's own
    folder.

    Without a project file the repository's top is not taken as the project: such a repository
    often holds several independent apps, one folder each (with their own tracer pins), while
    a requirements/ folder is one project's files split by purpose (deploy.txt, main.txt).
    """
    from ddlint.file_formats import FORMATS

    folder = file.parent
    for candidate in (folder, *folder.parents):
        if has_project_file(candidate):
            return candidate
        if is_repository_top(candidate):
            break
    if folder.name in {name for row in FORMATS for name in row.folders}:
        return folder.parent
    return folder


def load_project(
    root: Path, base: Settings, overrides: dict[str, Any], config_file: Optional[Path]
) -> Project:
    """Build the project's context: configuration (``config_file`` if given, else the nearest),
    then ``overrides`` from the command line on top."""
    config = config_file or find_config(root)
    settings = base
    if config is not None:
        settings = settings.merged(load_config(config))
    settings = settings.merged(overrides)
    pyproject = root / "pyproject.toml"
    return Project(
        root=root,
        settings=settings,
        pyproject=pyproject if pyproject.is_file() else None,
        **_requires_python(pyproject),
        python_version=_python_version_file(root),
        tracer_version_at=_tracer_version_at(settings),
    )


def _tracer_version_at(settings: Settings) -> Optional[Location]:
    """The ``tracer-version`` line of the configuration file, when that file sets the tracer
    version in use (an option may override it)."""
    if settings.config_path is None or not settings.tracer_version:
        return None
    try:
        configured = load_config(settings.config_path).get("tracer_version")
    except ConfigError:
        configured = None
    if configured == settings.tracer_version:
        line = _key_line(settings.config_path, "tracer-version")
        if line is not None:
            return Location(settings.config_path, line)
    return None


def _requires_python(pyproject: Path) -> dict[str, Any]:
    """``requires_python`` (PEP 440) and ``requires_python_as_written`` of a Project."""
    if not pyproject.is_file() or leaves_repository(pyproject):
        return {}  # outside: the pyproject parser reports it when the file is linted
    try:
        text = read_text(pyproject)
    except (OSError, UnicodeDecodeError):
        return {}  # the pyproject parser reports it when the file is linted
    if "python" not in text:  # a tool's settings only: no need to parse
        return {}
    from ddlint import toml  # tomllib: only where a pyproject.toml may declare the Python

    try:
        document = toml.loads(text)
    except toml.TOMLDecodeError:
        return {}
    return {"requires_python": manifest.requires_python(document),
            "requires_python_as_written": manifest.python_as_written(document)}


def _key_line(path: Path, key: str) -> Optional[int]:
    """The 1-based line where a TOML file assigns ``key``, if one does."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    try:
        lines = read_text(path).splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, text in enumerate(lines, 1) if pattern.match(text)), None)


def python_version_near(folder: Path, project: Path) -> Optional[str]:
    """The nearest ``.python-version`` upwards from ``folder``, as pyenv and uv read it: not
    above the repository's top (without a repository, not above the project's root)."""
    inside = enclosing_repository(folder) is not None
    for candidate in (folder, *folder.parents):
        found = _python_version_file(candidate)
        if found is not None:
            return found
        if is_repository_top(candidate) or (not inside and candidate == project):
            break
    return None


def _python_version_file(root: Path) -> Optional[str]:
    path = root / ".python-version"
    if leaves_repository(path):  # a symlink out of the repository sets nothing
        return None
    try:
        # A FIFO or a symlink to /dev/zero is refused, not read (issue 15 item 4).
        for line in read_text(path, SMALL_FILE_BYTES).splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                return line
    except (OSError, UnicodeDecodeError):
        pass
    return None
