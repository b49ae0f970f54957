"""Poetry's constraint syntax (``^1.2``, ``~1.2``, ``*``, ``>=1 <2``, ``a || b``) as PEP 440.

PEP 440 has no "or", so a constraint with ``||`` becomes several specifiers joined by `` || ``;
``versions.alternatives()`` splits such a string again.
"""

from __future__ import annotations

import re
from typing import Optional

from ddlint.model import quoted
from ddlint.versions import alternatives

# Linear on any input (issue 15 item 3): white space around ``||`` and ``,`` is stripped from
# the parts, not matched, and a run of white space is only tried where it starts (``(?<!\s)``),
# so no run is scanned once per character. DOTALL and \Z: a line break is part of the text.
_OR = re.compile(r"\|\|?")
# Any white space separates parts, so that trailing garbage (``^1.7   x``) is a part of its own,
# reported, while the constraint before it is still read (issue 15 item 18).
_AND = re.compile(r"(?<!\s)\s*,\s*|(?<!\s)\s+")
_OPERATOR = re.compile(r"(===|==|!=|<=|>=|<|>|~=|\^|~|=)?\s*(.*)\Z", re.DOTALL)
_SPACED_OPERATOR = re.compile(r"(===|==|!=|<=|>=|<|>|~=|\^|~|=)\s+")


def _release(text: str) -> list[int]:
    parts = re.match(r"^(\d+(?:\.\d+)*)", text)
    if parts is None:
        raise ValueError(f"not a Poetry version constraint: {quoted(text)}")
    if any(len(p) > _DIGITS for p in parts.group(1).split(".")):
        raise ValueError(f"a version number too long to read: {quoted(text)}")
    return [int(p) for p in parts.group(1).split(".")]


_DIGITS = 100  # int() refuses more than 4,300 digits; no release has a part this long


def _valid(translated: str, constraint: str) -> str:
    """``translated`` when it is a PEP 440 specifier set, else a ValueError naming the Poetry
    constraint: ``^1.7   x`` or a line break inside must not become a specifier that silently
    admits nothing (issue 15 items 9, 18)."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        SpecifierSet(translated)
    except InvalidSpecifier:
        raise ValueError(f"not a Poetry version constraint: {quoted(constraint)}") from None
    return translated


def _join(numbers: list[int]) -> str:
    return ".".join(str(n) for n in numbers)


def _caret(version: str) -> str:
    release = _release(version)
    # The upper bound bumps the first non-zero part among those given.
    index = next((i for i, n in enumerate(release) if n != 0), len(release) - 1)
    upper = [*release[:index], release[index] + 1]
    return f">={version},<{_join(upper)}"


def _tilde(version: str) -> str:
    release = _release(version)
    upper = [release[0] + 1] if len(release) == 1 else [release[0], release[1] + 1]
    return f">={version},<{_join(upper)}"


def _one(constraint: str) -> str:
    constraint = constraint.strip()
    if constraint in ("", "*"):
        return ""
    match = _OPERATOR.match(constraint)
    assert match is not None  # the pattern matches any string
    operator, version = match.group(1) or "", match.group(2).strip()
    _release(version)  # every part must start with a release number
    if operator == "^":
        return _valid(_caret(version), constraint)
    if operator == "~":
        return _valid(_tilde(version), constraint)
    if operator in ("", "="):
        return _valid(f"=={version}", constraint)
    return _valid(f"{operator}{version}", constraint)


def to_pep440(constraint: str) -> str:
    """Translate a Poetry constraint; raises ValueError when it is not one."""
    translated, problems = translate(constraint)
    if problems:
        raise ValueError(problems[0])
    assert translated is not None  # no problem, so every part was read
    return translated


def translate(constraint: str) -> tuple[Optional[str], list[str]]:
    """Translate a Poetry constraint leniently: the translation of the parts that are
    constraints (None when some alternative has none left) and a message for each part that is
    not, so that ``^1.7   x`` is reported and still read as ``^1.7``."""
    alternatives: list[str] = []
    problems: list[str] = []
    lost = False
    for alternative in _OR.split(constraint.strip()):
        alternative = _SPACED_OPERATOR.sub(r"\1", alternative.strip())
        parts, failed = [], False
        for part in _AND.split(alternative):
            if not part.strip():
                continue
            try:
                parts.append(_one(part))
            except ValueError as error:
                failed = True
                problems.append(str(error) if problems or part.strip() == constraint.strip()
                                else f"{error} in {quoted(constraint)}")
        lost = lost or (failed and not parts)
        alternatives.append(",".join(p for p in parts if p))
    return (None if lost else " || ".join(alternatives)), problems


def python_marker(constraint: str) -> str:
    """A Poetry ``python = "^3.8"`` constraint as a PEP 508 marker; raises ValueError."""
    ored = []
    for alternative in alternatives(to_pep440(constraint)):
        anded = []
        for spec in (s for s in alternative.split(",") if s.strip()):
            match = _OPERATOR.match(spec.strip())
            assert match is not None  # the pattern matches any string
            operator, version = match.group(1) or "==", match.group(2).strip()
            release = version.removesuffix(".*").split(".")
            # python_version has two parts; a patch-level bound needs the full version.
            variable = "python_full_version" if len(release) > 2 else "python_version"
            anded.append(f"{variable} {operator} {version!r}")
        if not anded:
            return ""
        ored.append(" and ".join(anded))
    if len(ored) == 1:
        return ored[0]
    return " or ".join(f"({m})" for m in ored)
