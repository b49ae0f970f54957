"""Regular expressions compiled on first use.

Compiling a pattern costs 0.05 to 0.5 ms (a case-insensitive or wide-Unicode character class
the most), and a module's patterns are compiled when it is imported, whether the run uses
them or not: a pre-commit hook on a small requirements file compiled some thirty of ddlint's,
a third of them for nothing (a configuration key, a ``.python-version`` line, a marker's
extra). ``lazy(pattern, flags)`` stands for ``re.compile(pattern, flags)`` and compiles on the
first call of a method; from then on its methods are the compiled pattern's own, so a pattern
in a loop costs what a compiled one does. Type checkers see a ``re.Pattern``.
"""

from __future__ import annotations

import re

__all__ = ["lazy"]

_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer")


class _Lazy:
    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> object:
        # Only for a name not set yet: the first method called compiles, and sets them all.
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self.flags)
        for method in _METHODS:
            self.__dict__[method] = getattr(compiled, method)
        self.__dict__["groups"] = compiled.groups
        self.__dict__["groupindex"] = compiled.groupindex
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self.flags!r})"


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled when first used."""
    return _Lazy(pattern, flags)  # type: ignore[return-value]
