"""Narrowing a declared constraint to the supported range: the text, in the syntax it is
written in, and whether the fix is safe."""

from __future__ import annotations

from typing import Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from ddlint.fixing.edits import NoFix
from ddlint.fixing.narrowing import (
    Narrowed,
    SupportedRange,
    Syntax,
    move_release_line,
    narrow,
    narrow_requires_python,
)
from ddlint.poetry_constraints import to_pep440
from ddlint.versions import alternatives

DJANGO = SupportedRange(minimum="1.8")
AIOPG = SupportedRange(minimum="0.12", maximum="0.16")


@pytest.mark.parametrize(("declared", "supported", "syntax", "expected"), [
    # The examples.
    (">=1.5", DJANGO, "pep440", ">=1.8"),
    (">=0.12", AIOPG, "pep440", ">=0.12,<=0.16"),
    ("^1.7", DJANGO, "poetry", "^1.8"),
    ("", DJANGO, "pep440", ">=1.8"),
    ("<3", DJANGO, "pep440", ">=1.8,<3"),
    # Spacing and operator order kept.
    (">= 1.5, < 3", DJANGO, "pep440", ">= 1.8, < 3"),
    ("<3,>=1.5", DJANGO, "pep440", "<3,>=1.8"),
    ("!=1.9,>1.5", DJANGO, "pep440", "!=1.9,>=1.8"),
    (">1.5,>=1.6", DJANGO, "pep440", ">=1.8"),
    (">=0.10,<1", AIOPG, "pep440", ">=0.12,<=0.16"),
    ("<=0.20", AIOPG, "pep440", ">=0.12,<=0.16"),
    # ~= keeps its operator when its upper bound stays the same, else gets a >= beside it.
    ("~=1.5", DJANGO, "pep440", "~=1.8"),
    ("~=1.5", SupportedRange(minimum="1.8.1"), "pep440", ">=1.8.1,~=1.5"),
    ("==1.*", DJANGO, "pep440", ">=1.8,==1.*"),
    # Poetry's own syntax.
    ("~1.7", SupportedRange(minimum="1.7.5"), "poetry", "~1.7.5"),
    ("^0.12", SupportedRange(minimum="0.12.3", maximum="0.16"), "poetry", "^0.12.3"),
    ("^0.10", SupportedRange(minimum="0.10.5", maximum="0.10.8"), "poetry", "^0.10.5,<=0.10.8"),
    ("*", DJANGO, "poetry", ">=1.8"),
    (">=1.5 <3", DJANGO, "poetry", ">=1.8 <3"),
    (">= 1.5, < 3", DJANGO, "poetry", ">= 1.8, < 3"),
    ("^1.0 || ^2.0", DJANGO, "poetry", "^1.8 || ^2.0"),
    ("^0.1 || ^2.0", DJANGO, "poetry", "^2.0"),
])
def test_safe_narrowing(declared: str, supported: SupportedRange, syntax: Syntax,
                        expected: str) -> None:
    # installed: what the environment holds (a lock's entry), inside the supported range
    assert narrow(declared, supported, syntax, supported.minimum) == Narrowed(expected, "safe")


@pytest.mark.parametrize(("declared", "syntax", "installed", "safe"), [
    (">=0.12", "pep440", "1.4.0", False),  # the issue's: the re-lock takes 1.4.0 to 0.16
    (">=0.12", "pep440", None, False),  # unknown: an install can pick a newer one
    (">=0.12", "pep440", "0.15", True),  # what the environment holds stays
    ("^0.12 || ^1.0", "poetry", "1.4.0", False),  # dropping an alternative above it, too
    ("^0.12 || ^1.0", "poetry", "0.12.5", True),
    (">=0.10", "pep440", "0.11", True),  # only the minimum raised: an upgrade, never back
])
def test_a_cap_that_can_downgrade_is_unsafe(declared: str, syntax: Syntax,
                                            installed: str | None, safe: bool) -> None:
    supported = AIOPG if declared != ">=0.10" else SupportedRange(minimum="0.12")
    result = narrow(declared, supported, syntax, installed)
    assert isinstance(result, Narrowed)
    assert result.applicability == ("safe" if safe else "unsafe"), result
    if not safe:
        assert result.why_unsafe is not None and "downgrade" in result.why_unsafe
        assert installed is None or installed in result.why_unsafe


@pytest.mark.parametrize(("declared", "syntax", "expected"), [
    ("==1.7.11", "pep440", ">=1.8"),
    ("===1.7.11", "pep440", ">=1.8"),
    ("1.7.11", "poetry", ">=1.8"),
    ("==1.7.11", "poetry", ">=1.8"),
])
def test_an_exact_pin_is_an_unsafe_fix(declared: str, syntax: Syntax, expected: str) -> None:
    result = narrow(declared, DJANGO, syntax)
    assert isinstance(result, Narrowed)
    assert (result.text, result.applicability) == (expected, "unsafe")
    assert result.why_unsafe is not None and "1.7.11" in result.why_unsafe


def test_a_pin_above_the_maximum_gets_the_whole_supported_range() -> None:
    result = narrow("==0.17", AIOPG)
    assert isinstance(result, Narrowed)
    assert (result.text, result.applicability) == (">=0.12,<=0.16", "unsafe")


@pytest.mark.parametrize(("declared", "supported", "syntax"), [
    (">=1.8", DJANGO, "pep440"),
    ("==1.8.2", DJANGO, "pep440"),
    (">=0.12,<=0.16", AIOPG, "pep440"),
    ("~=0.13.0", AIOPG, "pep440"),
    ("^1.8", DJANGO, "poetry"),
    ("~0.14", AIOPG, "poetry"),
    ("1.9", DJANGO, "poetry"),
])
def test_already_supported_is_no_fix(declared: str, supported: SupportedRange,
                                     syntax: Syntax) -> None:
    result = narrow(declared, supported, syntax)
    assert isinstance(result, NoFix) and result.satisfied


@pytest.mark.parametrize(("declared", "supported", "syntax"), [
    ("<1.5", DJANGO, "pep440"),
    ("~=1.5.2", DJANGO, "pep440"),
    (">=0.17", AIOPG, "pep440"),
    ("~1.7", DJANGO, "poetry"),
    ("^0.1 || ~1.7", DJANGO, "poetry"),
])
def test_a_range_that_admits_no_supported_version_is_left_to_the_project(
        declared: str, supported: SupportedRange, syntax: Syntax) -> None:
    result = narrow(declared, supported, syntax)
    assert isinstance(result, NoFix) and not result.satisfied
    assert "no supported version" in result.reason


@pytest.mark.parametrize(("declared", "syntax"), [
    (">=1.5 <3", "pep440"),  # PEP 440 needs the comma
    ("1.5", "pep440"),
    (">=1.5;", "pep440"),
    ("^1..2", "poetry"),
    ("latest", "poetry"),
])
def test_unreadable_constraints_are_no_fix(declared: str, syntax: Syntax) -> None:
    result = narrow(declared, DJANGO, syntax)
    assert isinstance(result, NoFix) and not result.satisfied
    assert "cannot read" in result.reason


def test_moving_the_tracer_to_another_release_line_is_unsafe() -> None:
    line = SupportedRange(minimum="4", below="5")
    result = move_release_line(">=3,<4", line)
    assert isinstance(result, Narrowed)
    assert (result.text, result.applicability) == (">=4,<5", "unsafe")
    assert result.why_unsafe and "release line" in result.why_unsafe
    poetry = move_release_line("^3.2", line, "poetry")
    assert isinstance(poetry, Narrowed) and poetry.text == "^4"
    assert move_release_line(">=4.1,<5", line) == NoFix("already inside the release line",
                                                        satisfied=True)


def test_requires_python_is_unsafe() -> None:
    result = narrow_requires_python(">=3.8", "3.9")
    assert isinstance(result, Narrowed)
    assert (result.text, result.applicability) == (">=3.9", "unsafe")
    assert result.why_unsafe and "3.9" in result.why_unsafe
    poetry = narrow_requires_python("^3.8", "3.9", "poetry")
    assert isinstance(poetry, Narrowed) and poetry.text == "^3.9"
    assert isinstance(narrow_requires_python(">=3.10", "3.9"), NoFix)


# Property: a safe fix admits exactly the declared versions that are supported.

_RELEASES = st.lists(st.integers(0, 3), min_size=1, max_size=3).map(
    lambda parts: ".".join(map(str, parts)))
_VERSIONS = st.one_of(
    _RELEASES,
    st.tuples(_RELEASES, st.sampled_from(["a1", "rc1", ".post1", ".dev0", "+local"])).map(
        "".join))
_PEP440_CLAUSE = st.tuples(st.sampled_from([">=", ">", "<", "<=", "!=", "~=", "=="]),
                           _RELEASES).map(lambda c: c[0] + (c[1] + ".0" if c[0] == "~=" else
                                                            c[1]))
_POETRY_CLAUSE = st.tuples(st.sampled_from(["^", "~", ">=", "<", ""]), _RELEASES).map("".join)
_BOUND = st.one_of(st.none(), _RELEASES)
_SUPPORTED = st.builds(SupportedRange, _BOUND, _BOUND, _BOUND).filter(
    lambda s: s.minimum is not None or s.maximum is not None or s.below is not None)


def _admits(specifier: str, syntax: Syntax, version: Version) -> bool:
    if syntax == "poetry":
        return any(SpecifierSet(a).contains(version, prereleases=True)
                   for a in alternatives(to_pep440(specifier)))
    return SpecifierSet(specifier).contains(version, prereleases=True)


def _check(declared: str, syntax: Syntax, supported: SupportedRange,
           versions: list[str]) -> Optional[Narrowed]:
    result = narrow(declared, supported, syntax)
    if not isinstance(result, Narrowed) or result.applicability != "safe":
        return None
    wanted = SpecifierSet(supported.text())
    for text in versions:
        version = Version(text)
        expected = _admits(declared, syntax, version) and wanted.contains(version,
                                                                          prereleases=True)
        assert _admits(result.text, syntax, version) == expected, (declared, result.text, text)
    # Idempotence: the fixed constraint needs no fix.
    again = narrow(result.text, supported, syntax)
    assert isinstance(again, NoFix) and again.satisfied, (declared, result.text, again)
    return result


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(_PEP440_CLAUSE, max_size=3), _SUPPORTED, st.lists(_VERSIONS, max_size=30))
def test_safe_pep440_fixes_admit_exactly_the_supported_declared_versions(
        clauses: list[str], supported: SupportedRange, versions: list[str]) -> None:
    _check(",".join(clauses), "pep440", supported, [*versions, "1.8", "0.12", "0.16"])


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(_POETRY_CLAUSE, min_size=1, max_size=2), _SUPPORTED,
       st.lists(_VERSIONS, max_size=30))
def test_safe_poetry_fixes_admit_exactly_the_supported_declared_versions(
        clauses: list[str], supported: SupportedRange, versions: list[str]) -> None:
    declared = ",".join(clauses)
    try:
        to_pep440(declared)
    except ValueError:
        return
    _check(declared, "poetry", supported, versions)
