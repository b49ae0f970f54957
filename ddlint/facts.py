"""Load the compatibility facts shipped as TOML data (``rules/*.toml``)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ddlint import toml

_PACKAGE = Path(__file__).resolve().parent


def facts_dir() -> Path:
    """The folder holding the data files.

    An installed wheel carries them as ``ddlint/_facts``; a source checkout (editable install,
    tests) keeps them in the top-level ``rules/`` folder beside the package.
    """
    packaged = _PACKAGE / "_facts"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / "rules"


@functools.cache
def load(name: str) -> dict[str, Any]:
    """Parse ``rules/<name>.toml`` once per process."""
    path = facts_dir() / f"{name}.toml"
    with path.open("rb") as fh:
        document: dict[str, Any] = toml.load(fh)
    return document
