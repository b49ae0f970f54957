"""The project a dependency file belongs to, and the context it gives: Python, configuration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from ddlint import toml
from ddlint.config import find_config, load_config
from ddlint.repository import is_repository_top
from ddlint.settings import Settings


@dataclass(frozen=True)
class Project:
    """A folder with its pyproject.toml (if any), its declared Python and its settings."""

    root: Path
    settings: Settings
    pyproject: Optional[Path] = None
    requires_python: Optional[str] = None
    python_version: Optional[str] = None  # the first line of .python-version


def project_root(file: Path) -> Path:
    """The nearest folder upwards holding pyproject.toml, not leaving the repository;
    else the file's own folder."""
    folder = file.parent
    for candidate in (folder, *folder.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate
        if is_repository_top(candidate):
            break
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
        requires_python=_requires_python(pyproject),
        python_version=_python_version_file(root),
    )


def _requires_python(pyproject: Path) -> Optional[str]:
    if not pyproject.is_file():
        return None
    try:
        document = toml.load_path(pyproject)
    except (OSError, UnicodeDecodeError, toml.TOMLDecodeError):
        return None  # the pyproject parser reports it when the file is linted
    value = _table(document, "project").get("requires-python")
    if isinstance(value, str):
        return value
    poetry = _table(_table(_table(document, "tool"), "poetry"), "dependencies").get("python")
    if isinstance(poetry, str):
        from ddlint.poetry_constraints import to_pep440

        try:
            return to_pep440(poetry)
        except ValueError:
            return None  # the pyproject parser reports it when the file is linted
    return None


def _table(document: dict[str, Any], key: str) -> dict[str, Any]:
    """``document[key]`` when it is a table; a manifest may hold anything there."""
    value = document.get(key)
    return value if isinstance(value, dict) else {}


def _python_version_file(root: Path) -> Optional[str]:
    path = root / ".python-version"
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                return line
    except (OSError, UnicodeDecodeError):
        pass
    return None
