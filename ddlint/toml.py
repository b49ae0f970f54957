"""TOML reading shared by the parsers and the configuration loader."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import IO, Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

TOMLDecodeError = tomllib.TOMLDecodeError

__all__ = ["REMEMBERED_CHARS", "LimitError", "TOMLDecodeError", "load", "load_path", "loads"]


class LimitError(TOMLDecodeError):
    """Valid TOML that tomllib cannot read: arrays nested deeper than its recursion follows
    (a RecursionError) or an integer of more than 4,300 digits (a plain ValueError).

    Callers already handle TOMLDecodeError (a DDL001 finding, a configuration error), so these
    become one of those, with their position.
    """

    def __init__(self, message: str, line: int, column: int) -> None:
        self.msg = message
        self.lineno, self.colno = line, column
        ValueError.__init__(self, f"{message} (at line {line}, column {column})")


# More parts than this in one dotted key (``a.b.c = 1``, ``[a.b.c]``) is a decoding error:
# tomllib's work and memory grow with the square of a key's parts (a 50,000-part key took
# 102 s and 14 GiB, issue 15 item 6); real keys have a handful.
MAX_KEY_PARTS = 1000


# The largest text ``loads`` keeps for the run: far above any pyproject.toml or configuration.
REMEMBERED_CHARS = 1024 * 1024


def loads(text: str) -> dict[str, Any]:
    """``tomllib.loads``, with input beyond its limits reported as a decoding error. Within a
    run (``reading.session``) a text is parsed once: a pyproject.toml is a manifest, a
    configuration, a project's Python and a fix's source, one parse. Callers never change the
    document they get. A text larger than ``REMEMBERED_CHARS`` (a lockfile, read once) is not
    kept: its document would live until the run ends."""
    if len(text) > REMEMBERED_CHARS:
        return _loads(text)
    from ddlint import reading

    return reading.remembered(("toml", text), lambda: _loads(text))


def _loads(text: str) -> dict[str, Any]:
    too_long = _long_key(text)
    if too_long is not None:
        raise too_long
    try:
        return tomllib.loads(text)
    except RecursionError:
        # Where brackets first open 32 deep with nothing but white space between them.
        raise _limit_error(text, "arrays or inline tables nested too deeply to read",
                           r"(?:[\[{][ \t\r\n]*){32}") from None
    except TOMLDecodeError:
        raise
    except ValueError:
        raise _limit_error(text, "a number too long to read", r"[0-9_]{4300}") from None


def _long_key(text: str) -> LimitError | None:
    """The first line holding more than MAX_KEY_PARTS dot-separated parts before any ``=``
    (a dotted key or table header); linear, and fast on a lock's many dotted URLs: the search
    starts only at line breaks and a line stops being a candidate at its first ``=``."""
    if text.count(".") < MAX_KEY_PARTS:
        return None
    import re

    parts = rf"(?:[^\n.=]+\.){{{MAX_KEY_PARTS}}}"
    found = re.match(parts, text) or re.search(rf"\n{parts}", text)
    if found is None:
        return None
    start = found.start() + (text[found.start()] == "\n")
    return LimitError(f"a dotted key of more than {MAX_KEY_PARTS} parts",
                      text.count("\n", 0, start) + 1, 1)


def load(fh: IO[bytes]) -> dict[str, Any]:
    """``tomllib.load``, with input beyond its limits reported as a decoding error."""
    return loads(fh.read().decode())


def _limit_error(text: str, message: str, pattern: str) -> LimitError:
    import re

    found = re.search(pattern, text)
    if found is None:
        return LimitError(message, 1, 1)
    start = found.start()
    line_start = text.rfind("\n", 0, start) + 1
    return LimitError(message, text.count("\n", 0, start) + 1, start - line_start + 1)


@functools.lru_cache(maxsize=64)
def load_path(path: Path) -> dict[str, Any]:
    """Parse a TOML file once per process (a pyproject.toml is read for context and linted)."""
    from ddlint.reading import read_bytes

    document: dict[str, Any] = loads(read_bytes(path).decode())
    return document
