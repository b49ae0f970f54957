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

__all__ = ["NestingError", "TOMLDecodeError", "load", "load_path", "loads"]


class NestingError(TOMLDecodeError):
    """Arrays or inline tables nested deeper than tomllib's recursion can follow.

    tomllib raises RecursionError there; callers already handle TOMLDecodeError (a DDL001
    finding, a configuration error), so the nesting becomes one of those, with its position.
    """

    def __init__(self, line: int, column: int) -> None:
        self.msg = "arrays or inline tables nested too deeply to read"
        self.lineno, self.colno = line, column
        ValueError.__init__(self, f"{self.msg} (at line {line}, column {column})")


def loads(text: str) -> dict[str, Any]:
    """``tomllib.loads``, with deep nesting reported as a decoding error."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise _nesting_error(text) from None


def load(fh: IO[bytes]) -> dict[str, Any]:
    """``tomllib.load``, with deep nesting reported as a decoding error."""
    return loads(fh.read().decode())


def _nesting_error(text: str) -> NestingError:
    import re

    # Where brackets first open 32 deep with nothing but white space between them.
    deep = re.search(r"(?:[\[{][ \t\r\n]*){32}", text)
    if deep is None:
        return NestingError(1, 1)
    start = deep.start()
    line_start = text.rfind("\n", 0, start) + 1
    return NestingError(text.count("\n", 0, start) + 1, start - line_start + 1)


@functools.lru_cache(maxsize=64)
def load_path(path: Path) -> dict[str, Any]:
    """Parse a TOML file once per process (a pyproject.toml is read for context and linted)."""
    with path.open("rb") as fh:
        document: dict[str, Any] = load(fh)
    return document
