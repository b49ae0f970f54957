"""One read of each file per run: the bytes of every file the project stage, the
configuration and the parsers open, kept while a run lasts (``session``).

A pyproject.toml is a manifest, a project's requires-python, a configuration and the manifest
behind its lockfile: four readers, one open. Outside a session every read goes to the disk.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Optional, Union

# None outside a run; else absolute path -> the bytes read, or the OSError reading raised.
_CACHE: Optional[dict[str, Union[bytes, OSError]]] = None


@contextlib.contextmanager
def session() -> Iterator[None]:
    """Keep what is read until the block ends (one lint run). Sessions nest: the outermost
    one keeps the cache."""
    global _CACHE
    if _CACHE is not None:
        yield
        return
    _CACHE = {}
    try:
        yield
    finally:
        _CACHE = None


def read_bytes(path: Path) -> bytes:
    """``path.read_bytes()``, once per file and run; raises the OSError reading raised."""
    if _CACHE is None:
        return path.read_bytes()
    key = os.path.abspath(path)
    if key not in _CACHE:
        try:
            _CACHE[key] = path.read_bytes()
        except OSError as error:
            _CACHE[key] = error
    found = _CACHE[key]
    if isinstance(found, OSError):
        raise found
    return found


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """``path.read_text(encoding)`` through ``read_bytes``."""
    return read_bytes(path).decode(encoding)
