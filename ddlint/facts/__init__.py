"""Load the compatibility facts shipped as TOML data (``rules/*.toml``).

``load(name)`` is the raw reader. Rules read facts through the typed loader named after each
data file: ``facts.releases``, ``facts.lifecycle``, ``facts.runtime``, ``facts.integrations``,
``facts.agent``.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional

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


# The data files a release facts file replaces (``ddlint facts update``'s cache, a team's
# ``--facts-file``): one file holds both, ``[meta]``, ``[[release]]`` and ``[[wheels]]``.
RELEASE_FACTS = ("releases", "wheels")
_released: dict[str, Any] = {"path": None, "document": None}
_on_change: list[Callable[[], None]] = []


def on_change(clear: Callable[[], None]) -> None:
    """Register a cache of a typed loader to clear when the release facts file changes."""
    _on_change.append(clear)


def release_facts_file() -> Any:
    """The release facts file in use (a ``pathlib.Path``), or None for the shipped snapshot."""
    return _released["path"]


def use_release_facts(path: Any, document: Optional[dict[str, Any]]) -> None:
    """Read the release facts from ``document`` (what ``read_release_facts(path)`` gave), or
    from the shipped snapshot again with None."""
    if _released["path"] == path:
        return
    _released.update(path=path, document=document)
    load.cache_clear()
    keys.cache_clear()
    for clear in _on_change:
        clear()


def read_release_facts(path: Any) -> dict[str, Any]:
    """A release facts file (JSON as ``ddlint facts update`` writes it, or TOML with the same
    keys) as the shipped data's shape; ValueError with the reason when it is not one."""
    import datetime
    import json

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        from ddlint import toml

        document: Any = toml.loads(text)
    else:
        document = json.loads(text)
    if not isinstance(document, dict) or not isinstance(document.get("meta"), dict) \
            or not isinstance(document.get("release"), list):
        raise ValueError("not a release facts file: it needs [meta] and [[release]] rows")

    def day(value: Any, what: str) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"{what}: {str(value)[:40]!r} is not a YYYY-MM-DD date") from None

    from packaging.version import InvalidVersion, Version

    def version(value: Any, what: str) -> str:
        try:
            Version(value)
        except (InvalidVersion, TypeError):
            raise ValueError(f"{what}: {str(value)[:40]!r} is not a version") from None
        return str(value)

    meta = dict(document["meta"])
    meta["as_of"] = day(meta.get("as_of"), "meta.as_of")
    meta["source"] = str(meta.get("source", "a release facts file"))
    releases = []
    for row in document["release"]:
        if not isinstance(row, dict):
            raise ValueError("a [[release]] row is not a table")
        name = version(row.get("version"), "a [[release]] row's version")
        required = row.get("requires_python")
        if required is not None and not isinstance(required, str):
            raise ValueError(f"release {name}: requires_python is not a string")
        releases.append({"version": name, "date": day(row.get("date"), f"release {name}"),
                         **({"requires_python": required} if required else {}),
                         "yanked": row.get("yanked") is True})
    wheels = []
    for row in document.get("wheels", []):
        pythons = row.get("pythons") if isinstance(row, dict) else None
        if not isinstance(pythons, list) or not all(isinstance(p, str) for p in pythons):
            raise ValueError("a [[wheels]] row without its list of pythons")
        wheels.append({"first": version(row.get("first"), "a [[wheels]] row's first"),
                       "last": version(row.get("last"), "a [[wheels]] row's last"),
                       "pythons": pythons, "sdist": row.get("sdist") is True})
    return {"meta": meta, "release": releases, "wheels": wheels}


@functools.cache
def load(name: str, omit: tuple[str, ...] = ()) -> dict[str, Any]:
    """``rules/<name>.toml`` as data, once per process (``_read``), or the release facts
    file's part for ``releases`` and ``wheels`` while one is in use."""
    released = _released["document"]
    if released is not None and name in RELEASE_FACTS:
        rows = "release" if name == "releases" else "wheels"
        return {"meta": released["meta"], rows: released[rows]}
    return _read(name, omit)


@functools.cache
def keys(name: str, omit: tuple[str, ...] = ()) -> dict[str, Any]:
    """The lookup tables of what ``load(name, omit)`` gives (``ddlint.facts.keyed``): key ->
    the positions of its rows in the document's table. From the compiled module when ``load``
    read that module, else built from the data once per process."""
    import sys

    document = load(name, omit)
    compiled = sys.modules.get(f"ddlint.facts._compiled.{name}")
    if compiled is not None and compiled.DOCUMENT is document:
        found: dict[str, Any] = compiled.KEYS
        return found
    from ddlint.facts import keyed

    return keyed.tables(name, document) or {}


@functools.cache
def shipped(name: str, omit: tuple[str, ...] = ()) -> dict[str, Any]:
    """``rules/<name>.toml`` as data, whatever release facts file is in use."""
    return _read(name, omit)


def _read(name: str, omit: tuple[str, ...] = ()) -> dict[str, Any]:
    """From the compiled module (``_fresh_module``) when there is one, else parsed from the TOML."""
    compiled = _fresh_module(name, omit)
    if compiled is not None:
        document: dict[str, Any] = compiled.DOCUMENT
        return document
    return parse(name, omit)


def _fresh_module(name: str, omit: tuple[str, ...] = ()) -> Any:
    """The compiled module of ``rules/<name>.toml`` (``ddlint/facts/_compiled/<name>.py``,
    written by ``scripts/generate.py``) while the data file has the size and CRC-32 recorded
    there and the module left out the same ``omit`` columns; else None (the TOML is read).

    A data file of the recorded size is not read where a wheel installed it (``ddlint/_facts``,
    built with its modules), nor in a source checkout while it changed no later than its
    module (as Python trusts a ``.pyc`` by its source's size and modification time); else it
    is read and its CRC-32 compared."""
    import zlib

    folder = facts_dir()
    source = folder / f"{name}.toml"
    try:
        compiled = __import__(f"ddlint.facts._compiled.{name}", fromlist=["DOCUMENT"])
    except ImportError:
        return None
    if omit != compiled.OMIT:
        return None
    module_file = compiled.__file__
    try:
        status = source.stat()
        if status.st_size == compiled.SOURCE_SIZE and (folder == _PACKAGE / "_facts" or (
                module_file is not None
                and status.st_mtime_ns <= os.stat(module_file).st_mtime_ns)):
            return compiled
    except OSError:
        pass
    data = source.read_bytes()
    if len(data) == compiled.SOURCE_SIZE and zlib.crc32(data) == compiled.SOURCE_CRC32:
        return compiled
    return None


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
