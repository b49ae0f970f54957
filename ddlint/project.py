"""The project a dependency file belongs to, as plain data: its folder, declared Python and
settings. ``ddlint.loader`` builds it."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ddlint.model import Location
from ddlint.records import dataclass
from ddlint.settings import Settings


@dataclass(frozen=True)
class Project:
    """A folder with its pyproject.toml (if any), its declared Python and its settings."""

    root: Path
    settings: Settings
    pyproject: Optional[Path] = None
    requires_python: Optional[str] = None
    # The key and text of that declaration as the file writes it (Poetry: ("python", "^3.8")).
    requires_python_as_written: Optional[tuple[str, str]] = None
    python_version: Optional[str] = None  # the first line of .python-version
    # The line of the configuration that sets tracer-version, when the tracer comes from it
    # (findings about an option-given tracer point there).
    tracer_version_at: Optional[Location] = None
