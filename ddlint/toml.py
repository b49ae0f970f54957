"""TOML reading shared by the parsers and the configuration loader."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

TOMLDecodeError = tomllib.TOMLDecodeError
loads = tomllib.loads
load = tomllib.load

__all__ = ["TOMLDecodeError", "load", "load_path", "loads"]


@functools.lru_cache(maxsize=64)
def load_path(path: Path) -> dict[str, Any]:
    """Parse a TOML file once per process (a pyproject.toml is read for context and linted)."""
    with path.open("rb") as fh:
        document: dict[str, Any] = load(fh)
    return document
