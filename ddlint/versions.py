"""Specifier maths: the bounds of a specifier, whether a range admits a CPython minor."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

# Patch levels tried when asking whether a range admits a minor: a minor is admitted when some
# release of it is (">=3.8.1" admits 3.8). CPython patch levels have stayed below 30; 99 covers
# ranges written against a far patch ("<3.9.99").
_PATCHES = (*range(31), 99)


def meets(specifier: SpecifierSet, version: str) -> bool:
    """Whether ``version`` (pre-releases included) is in ``specifier``, for any version text.

    packaging 22 and 23 raise InvalidVersion where later releases answer False for a version
    that is not PEP 440 (``===5.0.8-custom``, issue 15 item 17); such a version meets only
    ``===`` clauses naming it. A number too long for int() is no version either.
    """
    from packaging.version import InvalidVersion, Version

    try:
        Version(version)
    except (InvalidVersion, ValueError):
        clauses = list(specifier)
        return bool(clauses) and all(
            c.operator == "===" and c.version.lower() == version.strip().lower() for c in clauses)
    return specifier.contains(version, prereleases=True)


@functools.lru_cache(maxsize=4096)
def admits(specifiers: tuple[str, ...], minor: str) -> bool:
    """Whether any of ``specifiers`` (PEP 440, any-of) admits some release of CPython ``minor``.

    Raises ``ValueError`` for a specifier that is not PEP 440.
    """
    from packaging.version import Version

    for text in specifiers:
        # A bare version such as Pipfile's python_version = "3.11": the minor itself.
        if all(part.isdecimal() for part in text.strip().split(".")):
            text = f"=={text.strip()}.*" if text.count(".") < 2 else f"=={text.strip()}"
        try:
            # ">=3.9,<3.15", the usual requires-python, without packaging.specifiers
            specifier = release_range(text)
        except ValueError as error:  # InvalidSpecifier is a ValueError
            raise ValueError(str(error)) from None
        if isinstance(specifier, ReleaseRange):
            release = tuple(int(part) for part in minor.split("."))
            if any(specifier.contains_final((*release, patch)) for patch in _PATCHES):
                return True
        elif any(specifier.contains(Version(f"{minor}.{patch}")) for patch in _PATCHES):
            return True
    return False


def alternatives(specifier: str) -> list[str]:
    """Split a translated Poetry constraint (``ddlint.poetry_constraints``) back into PEP 440
    specifiers (any one may hold)."""
    return [part.strip() for part in specifier.split("||")]


def admitted(requires_python: str, minors: Iterable[str]) -> Optional[tuple[str, ...]]:
    """The minors of ``minors`` a ``requires-python`` value admits; None when it is not a valid
    specifier. Poetry's ``a || b`` alternatives (see ``ddlint.poetry_constraints``) are any-of."""
    options = tuple(alternatives(requires_python))
    try:
        return tuple(minor for minor in minors if admits(options, minor))
    except ValueError:
        return None


def bounds(specifier: SpecifierSet | ReleaseRange) -> tuple[Optional[Version], Optional[Version]]:
    """The lowest and highest version a specifier lets through (None: unbounded).

    Exclusivity is ignored: ``>1.7`` admits versions just above 1.7, so its bound is 1.7.
    """
    from packaging.version import Version

    lowers: list[Version] = []
    uppers: list[Version] = []
    for spec in specifier:
        text, operator = spec.version, spec.operator
        if operator in ("==", "===") and text.endswith(".*"):
            release = [int(p) for p in text[:-2].split(".") if p.isdigit()]
            lowers.append(Version(text[:-2]))
            uppers.append(Version(".".join(map(str, [*release[:-1], release[-1] + 1]))))
            continue
        try:
            version = Version(text)
        except ValueError:
            continue
        if operator in (">=", ">", "==", "===", "~="):
            lowers.append(version)
        if operator in ("<=", "<", "==", "==="):
            uppers.append(version)
        if operator == "~=":
            release = list(version.release[:-1])
            release[-1] += 1
            uppers.append(Version(".".join(map(str, release))))
    return (max(lowers) if lowers else None, min(uppers) if uppers else None)


def minor_key(python: str) -> tuple[int, ...]:
    """``"3.12"`` -> ``(3, 12)``, to order Python minors."""
    return tuple(int(part) for part in python.split("."))


def release_key(version: str) -> tuple[int, ...]:
    """The numbers a release starts with: ``"7.65.0-full"`` -> ``(7, 65, 0)``, ``"v93"`` ->
    ``(93,)``, ``""`` or ``"latest"`` -> ``()``; to compare versions read from deployment files
    (image tags, layer numbers), which are not PEP 440."""
    numbers: list[int] = []
    for part in version.strip().lstrip("vV").split("."):
        digits = ""
        for character in part:
            if not character.isdigit():
                break
            digits += character
        if not digits or len(digits) > 9:
            break
        numbers.append(int(digits))
        if len(digits) != len(part):
            break
    return tuple(numbers)


class _Clause:
    """One ``>=N`` or ``<N`` clause (``operator`` and ``version`` as a ``Specifier`` has them).
    ``bound`` is what a version is compared with: ``N``, or for ``<N`` the lowest release of
    ``N``'s family, ``N.dev0`` (``<N`` leaves out ``N``'s own pre- and dev-releases)."""

    __slots__ = ("bound", "operator", "release", "version")

    def __init__(self, operator: str, version: str) -> None:
        from packaging.version import Version

        self.operator, self.version = operator, version
        self.bound = Version(version if operator == ">=" else f"{version}.dev0")
        self.release = _final(tuple(int(part) for part in version.split(".")))

    def __str__(self) -> str:
        return f"{self.operator}{self.version}"


class ReleaseRange:
    """A range of tracer releases the facts name (``">=4,<5"``, ``"<2"``; ``""`` for every one),
    read without ``packaging.specifiers``, whose import is a tenth of a run on a small
    requirements file. ``contains(version, prereleases=True)``, ``str()`` and iterating are
    ``SpecifierSet``'s (``tests/test_versions.py`` compares them): ``>=N`` admits ``N`` and
    what sorts above it; ``<N`` what sorts below ``N`` but ``N``'s own pre- and dev-releases
    (PEP 440's exclusive comparison). Build one with ``release_range``, which gives a
    ``SpecifierSet`` for any other clause."""

    __slots__ = ("_clauses", "_text")

    def __init__(self, clauses: tuple[_Clause, ...]) -> None:
        self._clauses = clauses
        self._text = ",".join(sorted(str(clause) for clause in clauses))

    def __iter__(self) -> Iterator[_Clause]:
        return iter(self._clauses)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"<ReleaseRange({self._text!r})>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ReleaseRange) and other._text == self._text

    def __hash__(self) -> int:
        return hash(self._text)

    def contains(self, version: Version, prereleases: bool = True) -> bool:
        if not prereleases:
            raise ValueError("a ReleaseRange admits pre-releases (prereleases=True)")
        return all(version >= clause.bound if clause.operator == ">=" else version < clause.bound
                   for clause in self._clauses)

    def contains_final(self, release: tuple[int, ...]) -> bool:
        """``contains`` of the final release numbered ``release`` (``(3, 9, 1)``), without a
        ``Version``: for a final release ``>=N`` and ``<N`` compare release numbers alone."""
        number = _final(release)
        return all(number >= clause.release if clause.operator == ">=" else number < clause.release
                   for clause in self._clauses)


def _final(release: tuple[int, ...]) -> tuple[int, ...]:
    """A release number without its trailing zeros: ``3.9.0`` and ``3.9`` are one release."""
    end = len(release)
    while end > 1 and release[end - 1] == 0:
        end -= 1
    return release[:end]


def release_range(text: str) -> ReleaseRange | SpecifierSet:
    """``text`` as a range: a ``ReleaseRange`` when each clause is ``>=N`` or ``<N`` with
    ``N`` a plain release number, else a ``SpecifierSet``."""
    clauses = []
    for part in text.split(",") if text.strip() else ():
        part = part.strip()
        operator = ">=" if part.startswith(">=") else "<" if part[:1] == "<" and part[1:2] != "=" \
            else ""
        number = part[len(operator):].strip()
        if not operator or not number.replace(".", "").isdigit() or ".." in number \
                or number.startswith(".") or number.endswith("."):
            from packaging.specifiers import SpecifierSet

            return SpecifierSet(text)
        clauses.append(_Clause(operator, number))
    return ReleaseRange(tuple(clauses))
