"""Poetry's constraint syntax (``^1.2``, ``~1.2``, ``*``, ``>=1 <2``, ``a || b``) as PEP 440.

PEP 440 has no "or", so a constraint with ``||`` becomes several specifiers joined by `` || ``;
``alternatives()`` splits such a string again.
"""

from __future__ import annotations

import re

from ddlint.model import quoted

_OR = re.compile(r"\s*\|\|?\s*")
_AND = re.compile(r"\s*,\s*|\s+(?=[<>=!~^*0-9])")
_OPERATOR = re.compile(r"^(===|==|!=|<=|>=|<|>|~=|\^|~|=)?\s*(.*)$")
_SPACED_OPERATOR = re.compile(r"(===|==|!=|<=|>=|<|>|~=|\^|~|=)\s+")


def _release(text: str) -> list[int]:
    parts = re.match(r"^(\d+(?:\.\d+)*)", text)
    if parts is None:
        raise ValueError(f"not a Poetry version constraint: {quoted(text)}")
    return [int(p) for p in parts.group(1).split(".")]


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
        return _caret(version)
    if operator == "~":
        return _tilde(version)
    if operator in ("", "="):
        return f"=={version}"
    return f"{operator}{version}"


def to_pep440(constraint: str) -> str:
    """Translate a Poetry constraint; raises ValueError when it is not one."""
    alternatives = []
    for alternative in _OR.split(constraint.strip()):
        alternative = _SPACED_OPERATOR.sub(r"\1", alternative.strip())
        parts = [_one(part) for part in _AND.split(alternative) if part.strip()]
        alternatives.append(",".join(p for p in parts if p))
    return " || ".join(alternatives)


def alternatives(specifier: str) -> list[str]:
    """Split a translated constraint back into PEP 440 specifiers (any one may hold)."""
    return [part.strip() for part in specifier.split("||")]


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
