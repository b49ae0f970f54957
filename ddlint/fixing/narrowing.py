"""Narrowing a declared version constraint to the supported range, in the syntax it is written
in (PEP 440, or Poetry's ``^ ~ *``), and whether that is safe.

Safe: the new constraint admits exactly the declared versions that are supported (it only
removes unsupported ones). Unsafe, with the reason: replacing an exact pin (offline, ddlint
cannot know which releases exist in the supported range), moving the tracer to another release
line, raising ``requires-python``. No fix (``NoFix``) when the constraint already admits only
supported versions, when it cannot be read, and when the declared range and the supported range
do not intersect and the constraint is no exact pin: such a range excludes every supported
version on purpose (an upper bound the project set for its own code), so replacing it is the
project's decision, not a narrowing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional, Union

from ddlint.fixing.edits import Applicability, NoFix
from ddlint.model import Syntax

__all__ = ["Narrowed", "NoFix", "Result", "SupportedRange", "Syntax", "move_release_line",
           "narrow", "narrow_requires_python"]
from ddlint.patterns import lazy
from ddlint.records import dataclass

if TYPE_CHECKING:
    from packaging.version import Version


_CLAUSE = lazy(r"(===|==|!=|~=|<=|>=|<|>|\^|~|=)?(\s*)(\*|[0-9A-Za-z][0-9A-Za-z.*+!_-]*)")
_PEP440_OPERATORS = {"===", "==", "!=", "~=", "<=", ">=", "<", ">"}


@dataclass(frozen=True)
class SupportedRange:
    """What the facts support: ``minimum`` and ``maximum`` inclusive (django >= 1.8, aiopg <=
    0.16), ``below`` exclusive (a release line: ddtrace < 5). Any may be None."""

    minimum: Optional[str] = None
    maximum: Optional[str] = None
    below: Optional[str] = None

    def text(self, separator: str = ",", spacing: str = "") -> str:
        """The range as PEP 440 clauses (also valid Poetry), e.g. ``>=0.12,<=0.16``."""
        clauses = [f"{op}{spacing}{version}" for op, version in
                   ((">=", self.minimum), ("<=", self.maximum), ("<", self.below)) if version]
        return separator.join(clauses)


@dataclass(frozen=True)
class Narrowed:
    """The new constraint text and whether writing it is safe."""

    text: str
    applicability: Applicability
    why_unsafe: Optional[str] = None


Result = Union[Narrowed, NoFix]


@dataclass(frozen=True)
class _Bound:
    version: Version
    inclusive: bool


@dataclass(frozen=True)
class _Clause:
    start: int
    end: int
    operator: str
    spacing: str
    version: str
    lower: Optional[_Bound]
    upper: Optional[_Bound]
    pinned: bool


class _Unreadable(ValueError):
    pass


def narrow(text: str, supported: SupportedRange, syntax: Syntax = "pep440",
           installed: Optional[str] = None) -> Result:
    """The constraint ``text`` narrowed to ``supported``, written in ``syntax``. Lowering its
    upper bound is unsafe unless ``installed`` (the version the environment holds) stays
    inside: a re-lock could take the installed version back (aiopg 1.4.0 to 0.16)."""
    try:
        alternatives = _alternatives(text, syntax)
    except _Unreadable as error:
        return NoFix(f"cannot read the constraint {text.strip()!r}: {error}")
    results = [_narrow_alternative(text[start:end], supported, syntax, installed)
               for start, end in alternatives]
    unsafe = [r for r in results if isinstance(r, Narrowed) and r.applicability == "unsafe"]
    if len(results) == 1:
        return results[0]
    # Poetry's `a || b`: alternatives outside the supported range go, the others are narrowed.
    if any(r.why_unsafe and r.why_unsafe.startswith(_PIN_REPLACED) for r in unsafe):
        return NoFix("an alternative of this `||` constraint pins an unsupported version")
    kept = [(span, r) for span, r in zip(alternatives, results)
            if isinstance(r, Narrowed) or r.satisfied]
    if not kept:
        return NoFix(results[0].reason if isinstance(results[0], NoFix) else "")
    if len(kept) == len(results) and all(isinstance(r, NoFix) for _, r in kept):
        return NoFix("already inside the supported range", satisfied=True)
    separator = re.search(r"\s*\|\|?\s*", text)
    joiner = separator.group(0) if separator else " || "
    pieces = [r.text if isinstance(r, Narrowed) else text[s:e] for (s, e), r in kept]
    # an alternative dropped for being above the range takes its versions back too
    try:
        dropped = [_clauses(text[start:end], syntax)
                   for (start, end), r in zip(alternatives, results)
                   if isinstance(r, NoFix) and not r.satisfied]
    except _Unreadable:
        dropped = []
    why = next((r.why_unsafe for r in unsafe), None) or next(
        (_downgrades(clauses, supported, installed) for clauses in dropped
         if _downgrades(clauses, supported, installed)), None)
    if why:
        return Narrowed(joiner.join(piece.strip() for piece in pieces), "unsafe", why)
    return Narrowed(joiner.join(piece.strip() for piece in pieces), "safe")


def narrow_requires_python(text: str, minimum: str, syntax: Syntax = "pep440") -> Result:
    """``requires-python`` (or Poetry's ``python``) raised to ``minimum``: always unsafe, as it
    drops older Pythons for everyone who installs the project."""
    result = narrow(text, SupportedRange(minimum=minimum), syntax)
    if isinstance(result, NoFix):
        return result
    return Narrowed(result.text, "unsafe",
                    f"raises the project's minimum Python to {minimum}: users of older "
                    "Pythons can no longer install this version of the project")


def move_release_line(text: str, line: SupportedRange, syntax: Syntax = "pep440",
                      release: Optional[str] = None) -> Result:
    """The tracer's constraint replaced by the range of another release line (``>=3,<4`` ->
    ``>=4,<5``): unsafe, the new line changes the tracer's API, Pythons and integrations. An
    exact pin stays one: ``==3.14.3`` becomes ``==`` ``release`` (the line's newest release)
    when one is given, the file's style kept."""
    try:
        alternatives = _alternatives(text, syntax)
        clauses = [c for start, end in alternatives for c in _clauses(text[start:end], syntax)]
    except _Unreadable as error:
        return NoFix(f"cannot read the constraint {text.strip()!r}: {error}")
    if len(alternatives) == 1 and _within(clauses, line):
        return NoFix("already inside the release line", satisfied=True)
    separator, spacing = _style(text, clauses, syntax)
    new = line.text(separator, spacing)
    if len(clauses) == 1 and clauses[0].pinned and release is not None:
        new = f"{clauses[0].operator}{clauses[0].spacing}{release}"
    elif syntax == "poetry" and any(c.operator == "^" for c in clauses) and line.minimum and (
            line.below and _caret_upper(line.minimum) == _version(line.below)):
        new = f"^{spacing}{line.minimum}"
    leading = text[:len(text) - len(text.lstrip())]
    trailing = text[len(text.rstrip()):]
    return Narrowed(leading + new + trailing, "unsafe",
                    "moves the tracer to another release line, whose API, supported Pythons and "
                    "integrations differ: test the application with it before deploying")


def _version(text: str) -> Version:
    from packaging.version import InvalidVersion, Version

    try:
        return Version(text)
    except InvalidVersion:
        raise _Unreadable(f"{text!r} is not a version") from None


def _alternatives(text: str, syntax: Syntax) -> list[tuple[int, int]]:
    if syntax == "pep440" or "|" not in text:
        return [(0, len(text))]
    spans, start = [], 0
    for found in re.finditer(r"\|\|?", text):
        spans.append((start, found.start()))
        start = found.end()
    spans.append((start, len(text)))
    return spans


def _clauses(text: str, syntax: Syntax) -> list[_Clause]:
    clauses: list[_Clause] = []
    position = 0
    separators = "," if syntax == "pep440" else ", \t"
    while True:
        while position < len(text) and (text[position] in separators or text[position].isspace()):
            position += 1
        if position >= len(text):
            return clauses
        found = _CLAUSE.match(text, position)
        if found is None or (found.end() < len(text) and text[found.end()] not in separators
                             and not text[found.end()].isspace()):
            raise _Unreadable(f"unexpected text at {text[position:position + 10]!r}")
        if syntax == "pep440" and found.group(1) not in _PEP440_OPERATORS:
            raise _Unreadable("not a PEP 440 specifier")
        if syntax == "pep440" and clauses and "," not in text[clauses[-1].end:position]:
            raise _Unreadable("PEP 440 clauses are separated by commas")
        clauses.append(_clause(found, syntax))
        position = found.end()


def _clause(found: re.Match[str], syntax: Syntax) -> _Clause:
    operator, spacing, version = found.group(1) or "", found.group(2), found.group(3)
    lower = upper = None
    pinned = False
    if version == "*":
        if operator:
            raise _Unreadable("`*` with an operator")
    elif version.endswith(".*"):
        if operator not in ("==", "!=", "") or (syntax == "pep440" and operator == ""):
            raise _Unreadable(f"{operator}{version} is not a valid wildcard")
        if operator != "!=":
            release = _version(version[:-2]).release
            lower = _Bound(_version(version[:-2]), True)
            upper = _Bound(_bump(release), False)
    else:
        parsed = _version(version)
        if operator in ("==", "===", "=", ""):
            pinned = True
        elif operator == ">=":
            lower = _Bound(parsed, True)
        elif operator == ">":
            lower = _Bound(parsed, False)
        elif operator == "<=":
            upper = _Bound(parsed, True)
        elif operator == "<":
            upper = _Bound(parsed, False)
        elif operator == "~=":
            if len(parsed.release) < 2:
                raise _Unreadable("`~=` needs a version of two parts or more")
            lower, upper = _Bound(parsed, True), _Bound(_bump(parsed.release[:-1]), False)
        elif operator == "^":
            lower, upper = _Bound(parsed, True), _Bound(_caret_upper(version), False)
        elif operator == "~":
            lower, upper = _Bound(parsed, True), _Bound(_tilde_upper(version), False)
    return _Clause(found.start(), found.end(), operator, spacing, version, lower, upper, pinned)


def _bump(release: tuple[int, ...]) -> Version:
    return _version(".".join(map(str, (*release[:-1], release[-1] + 1))))


def _caret_upper(version: str) -> Version:
    from ddlint.poetry_constraints import to_pep440

    return _version(to_pep440(f"^{version}").split(",<")[1])


def _tilde_upper(version: str) -> Version:
    from ddlint.poetry_constraints import to_pep440

    return _version(to_pep440(f"~{version}").split(",<")[1])


def _effective(clauses: list[_Clause]) -> tuple[Optional[_Bound], Optional[_Bound]]:
    lowers = [c.lower for c in clauses if c.lower is not None]
    uppers = [c.upper for c in clauses if c.upper is not None]
    lower = max(lowers, key=lambda b: (b.version, not b.inclusive), default=None)
    upper = min(uppers, key=lambda b: (b.version, b.inclusive), default=None)
    return lower, upper


def _below_minimum(bound: Optional[_Bound], minimum: Version) -> bool:
    """A lower bound (None: no bound) that admits versions below ``minimum``."""
    return bound is None or bound.version < minimum


def _above(bound: Optional[_Bound], maximum: Version, inclusive: bool) -> bool:
    """An upper bound that admits versions above ``maximum`` (or at it when not inclusive)."""
    if bound is None:
        return True
    if bound.version != maximum:
        return bound.version > maximum
    return bound.inclusive and not inclusive


def _within(clauses: list[_Clause], supported: SupportedRange) -> bool:
    lower, upper = _effective(clauses)
    pins = [_version(c.version) for c in clauses if c.pinned]
    if pins:
        return all(_pin_supported(pin, supported) for pin in pins)
    if supported.minimum and _below_minimum(lower, _version(supported.minimum)):
        return False
    if supported.maximum and _above(upper, _version(supported.maximum), True):
        return False
    return not (supported.below and _above(upper, _version(supported.below), False))


def _pin_supported(pin: Version, supported: SupportedRange) -> bool:
    return not ((supported.minimum and pin < _version(supported.minimum))
                or (supported.maximum and pin > _version(supported.maximum))
                or (supported.below and pin >= _version(supported.below)))


def _disjoint(clauses: list[_Clause], supported: SupportedRange) -> bool:
    lower, upper = _effective(clauses)
    if supported.minimum and upper is not None:
        minimum = _version(supported.minimum)
        if upper.version < minimum or (upper.version == minimum and not upper.inclusive):
            return True
    if supported.maximum and lower is not None:
        maximum = _version(supported.maximum)
        if lower.version > maximum or (lower.version == maximum and not lower.inclusive):
            return True
    return bool(supported.below and lower is not None
                and lower.version >= _version(supported.below))


def _style(text: str, clauses: list[_Clause], syntax: Syntax) -> tuple[str, str]:
    """The separator between clauses and the spacing after an operator, as the text has them."""
    separator = text[clauses[0].end:clauses[1].start] if len(clauses) > 1 else ","
    if syntax == "pep440" and "," not in separator:
        separator = ","
    spacing = next((c.spacing for c in clauses if c.operator), "")
    return separator, spacing


_PIN_REPLACED = "replaces the exact pin"


def _narrow_alternative(text: str, supported: SupportedRange, syntax: Syntax,
                        installed: Optional[str] = None) -> Result:
    try:
        clauses = _clauses(text, syntax)
        if _within(clauses, supported):
            return NoFix("already inside the supported range", satisfied=True)
        separator, spacing = _style(text, clauses, syntax)
        pins = [c for c in clauses if c.pinned]
        if pins:
            leading = text[:len(text) - len(text.lstrip())]
            trailing = text[len(text.rstrip()):]
            return Narrowed(leading + supported.text(separator, spacing) + trailing, "unsafe",
                            f"{_PIN_REPLACED} {pins[0].version}: ddlint cannot know "
                            "offline which releases exist in the supported range, so the new "
                            "range must be locked and tested")
        if _disjoint(clauses, supported):
            return NoFix("the declared range admits no supported version: changing it is the "
                         "project's decision")
        new = _rewrite(text, clauses, supported, separator=separator, spacing=spacing,
                       syntax=syntax)
        why = _downgrades(clauses, supported, installed)
        return Narrowed(new, "unsafe", why) if why else Narrowed(new, "safe")
    except _Unreadable as error:
        return NoFix(f"cannot read the constraint {text.strip()!r}: {error}")


def _downgrades(clauses: list[_Clause], supported: SupportedRange,
                installed: Optional[str]) -> Optional[str]:
    """Why lowering the constraint's upper bound to ``supported`` can take an installed
    version back (None: it lowers none, or ``installed`` stays inside)."""
    _, upper = _effective(clauses)
    lowered = [limit for limit, inclusive in ((supported.maximum, True), (supported.below, False))
               if limit and _above(upper, _version(limit), inclusive)]
    if not lowered:
        return None
    if installed is None:
        return (f"caps the range at {supported.text()}: a re-lock or install can downgrade "
                "a newer installed version, and the application's behaviour with it")
    try:
        if _pin_supported(_version(installed), supported):
            return None
    except _Unreadable:
        pass
    return (f"caps the range at {supported.text()}: the re-lock downgrades the installed "
            f"{installed}, and the application's behaviour with it")


def _rewrite(text: str, clauses: list[_Clause], supported: SupportedRange, *, separator: str,
             spacing: str, syntax: Syntax) -> str:
    replaced: dict[int, str] = {}  # clause index -> new text ("" drops it)
    before = after = ""
    lower, upper = _effective(clauses)
    if supported.minimum and _below_minimum(lower, _version(supported.minimum)):
        before = _raise_lower(clauses, supported.minimum, spacing, replaced)
    for maximum, operator, inclusive in ((supported.maximum, "<=", True),
                                         (supported.below, "<", False)):
        if maximum and _above(upper, _version(maximum), inclusive):
            after = _lower_upper(clauses, maximum, operator, inclusive=inclusive,
                                 spacing=spacing, replaced=replaced) or after
            upper = _Bound(_version(maximum), inclusive)
    pieces: list[str] = []
    position = 0
    for index, clause in enumerate(clauses):
        if index in replaced and replaced[index] == "":
            # Drop the clause with the separator before it (or after it, for the first one).
            pieces.append(text[position:clause.start].rstrip(", \t") if pieces else "")
            position = clause.end
            if not pieces or pieces == [""]:
                rest = text[position:]
                position += len(rest) - len(rest.lstrip(", \t"))
            continue
        pieces.append(text[position:clause.start])
        pieces.append(replaced.get(index, text[clause.start:clause.end]))
        position = clause.end
    body = "".join(pieces) + text[position:]
    leading = body[:len(body) - len(body.lstrip())]
    trailing = body[len(body.rstrip()):]
    core = body.strip()
    if syntax == "poetry" and core == "*":
        core = ""
    parts = [p for p in (before, core, after) if p]
    return leading + separator.join(parts) + trailing


def _raise_lower(clauses: list[_Clause], minimum: str, spacing: str,
                 replaced: dict[int, str]) -> str:
    """Raises the lower bound to ``minimum``; returns a clause to put first when none of the
    existing ones can carry it."""
    new_minimum = _version(minimum)
    carrier = None
    for index, clause in enumerate(clauses):
        if clause.lower is None or clause.lower.version >= new_minimum:
            continue
        if clause.operator in (">=", ">") and (
                clause.operator == ">=" or new_minimum.release > clause.lower.version.release):
            replaced[index] = "" if carrier is not None else f">={clause.spacing}{minimum}"
            carrier = index if carrier is None else carrier
    if carrier is not None:
        return ""
    for index, clause in enumerate(clauses):
        if clause.lower is None or clause.operator not in ("~=", "^", "~"):
            continue
        same = _same_upper(clause, minimum)
        if same is not None:
            replaced[index] = f"{clause.operator}{clause.spacing}{same}"
            return ""
    return f">={spacing}{minimum}"


def _same_upper(clause: _Clause, minimum: str) -> Optional[str]:
    """``minimum`` written for the clause's operator when that keeps the clause's upper bound."""
    new = _version(minimum)
    if new.pre or new.post or new.dev or new.local or new.epoch:
        return None
    if clause.operator == "~=":
        size = len(_version(clause.version).release)
        release = list(new.release)
        while len(release) > size and release[-1] == 0:
            release.pop()
        if len(release) > size:
            return None
        written = ".".join(map(str, release + [0] * (size - len(release))))
    else:
        written = minimum
    upper = {"~=": lambda v: _bump(_version(v).release[:-1]), "^": _caret_upper,
             "~": _tilde_upper}[clause.operator]
    assert clause.upper is not None
    return written if upper(written) == clause.upper.version else None


def _lower_upper(clauses: list[_Clause], maximum: str, operator: str, *, inclusive: bool,
                 spacing: str, replaced: dict[int, str]) -> str:
    """Lowers the upper bound to ``maximum``; returns a clause to put last when no ``<`` or
    ``<=`` clause can carry it."""
    limit = _version(maximum)
    carrier = None
    for index, clause in enumerate(clauses):
        if clause.operator not in ("<", "<=") or index in replaced:
            continue
        assert clause.upper is not None
        if _above(clause.upper, limit, inclusive):
            replaced[index] = "" if carrier is not None else f"{operator}{clause.spacing}{maximum}"
            carrier = index if carrier is None else carrier
    return "" if carrier is not None else f"{operator}{spacing}{maximum}"
