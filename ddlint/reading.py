"""One read of each file per run: the bytes of every file the project stage, the
configuration and the parsers open, kept while a run lasts (``session``).

A pyproject.toml is a manifest, a project's requires-python, a configuration and the manifest
behind its lockfile: four readers, one open. Outside a session every read goes to the disk.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any, TypeVar, Union

T = TypeVar("T")

# The open session's cache (none outside a run): absolute path -> the bytes read, or the
# OSError reading raised.
_SESSIONS: list[dict[str, Union[bytes, OSError]]] = []
# The values ``remembered`` computed in the open session.
_REMEMBERED: list[dict[Hashable, Any]] = []


@contextlib.contextmanager
def session() -> Iterator[None]:
    """Keep what is read until the block ends (one lint run). Sessions nest: the outermost
    one keeps the cache."""
    if _SESSIONS:
        yield
        return
    _SESSIONS.append({})
    _REMEMBERED.append({})
    try:
        yield
    finally:
        _SESSIONS.clear()
        _REMEMBERED.clear()


def read_bytes(path: Path) -> bytes:
    """``path.read_bytes()``, once per file and run; raises the OSError reading raised."""
    if not _SESSIONS:
        return path.read_bytes()
    cache = _SESSIONS[0]
    key = os.path.abspath(path)
    if key not in cache:
        try:
            cache[key] = path.read_bytes()
        except OSError as error:
            cache[key] = error
    found = cache[key]
    if isinstance(found, OSError):
        raise found
    return found


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, once per ``key`` and run (e.g. the manifest behind several lockfiles,
    parsed once); outside a session, every time."""
    if not _REMEMBERED:
        return compute()
    cache = _REMEMBERED[0]
    if key not in cache:
        cache[key] = compute()
    found: T = cache[key]
    return found


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """``path.read_text(encoding)`` through ``read_bytes``."""
    return read_bytes(path).decode(encoding)
