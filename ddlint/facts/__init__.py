"""Load the compatibility facts shipped as TOML data (``rules/*.toml``).

``load(name)`` is the raw reader. Rules read facts through the typed loader named after each
data file: ``facts.releases``, ``facts.lifecycle``, ``facts.runtime``, ``facts.integrations``,
``facts.agent``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ddlint import toml

_PACKAGE = Path(__file__).resolve().parent.parent  # ddlint/, above this package


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
def load(name: str, omit: tuple[str, ...] = ()) -> dict[str, Any]:
    """Parse ``rules/<name>.toml`` once per process.

    Keys in ``omit`` are left out where a line assigns them a one-line array: a caller that
    never reads a large column spares every run parsing it (the release snapshot's wheel lists
    are half of its 115 kB).
    """
    path = facts_dir() / f"{name}.toml"
    text = path.read_text(encoding="utf-8")
    if omit:
        import re

        keys = "|".join(re.escape(key) for key in omit)
        text = re.sub(rf"^(?:{keys})[ \t]*=[ \t]*\[[^\n\]]*\][ \t]*$", "", text, flags=re.M)
    document: dict[str, Any] = toml.loads(text)
    return document
