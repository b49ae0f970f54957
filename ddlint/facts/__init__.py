"""Load the compatibility facts shipped as TOML data (``rules/*.toml``).

``load(name)`` is the raw reader. Rules read facts through the typed loader named after each
data file: ``facts.releases``, ``facts.lifecycle``, ``facts.runtime``, ``facts.integrations``,
``facts.agent``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

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
    """``rules/<name>.toml`` as data, once per process.

    From its compiled module (``ddlint/facts/_compiled/<name>.py``, written by
    ``scripts/compile_facts.py``) while the data file has the size and CRC-32 recorded there
    and the module left out the same ``omit`` columns; else parsed from the TOML.
    """
    import zlib

    data = (facts_dir() / f"{name}.toml").read_bytes()
    try:
        compiled = __import__(f"ddlint.facts._compiled.{name}", fromlist=["DOCUMENT"])
    except ImportError:
        compiled = None
    if (compiled is not None and omit == compiled.OMIT and len(data) == compiled.SOURCE_SIZE
            and zlib.crc32(data) == compiled.SOURCE_CRC32):
        document: dict[str, Any] = compiled.DOCUMENT
        return document
    return _parse_text(data.decode("utf-8"), omit)


def parse(name: str, omit: tuple[str, ...] = ()) -> dict[str, Any]:
    """``rules/<name>.toml`` parsed from the TOML, never from its compiled module."""
    return _parse_text((facts_dir() / f"{name}.toml").read_bytes().decode("utf-8"), omit)


def _parse_text(text: str, omit: tuple[str, ...]) -> dict[str, Any]:
    """Keys in ``omit`` are left out where a line assigns them a one-line array: a caller that
    never reads a large column spares every run parsing it (the release snapshot's wheel lists
    are half of its 115 kB)."""
    from ddlint import toml

    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as read_text() reads it
    if omit:
        import re

        keys = "|".join(re.escape(key) for key in omit)
        text = re.sub(rf"^(?:{keys})[ \t]*=[ \t]*\[[^\n\]]*\][ \t]*$", "", text, flags=re.M)
    document: dict[str, Any] = toml.loads(text)
    return document
