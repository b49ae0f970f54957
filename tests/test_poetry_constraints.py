"""Poetry constraints as PEP 440: judged by the versions each admits, not by its spelling."""

from __future__ import annotations

import pytest
from packaging.specifiers import SpecifierSet

from ddlint.poetry_constraints import python_marker, to_pep440
from ddlint.versions import alternatives
from tests.conftest import applies

# constraint, versions it admits, versions it does not (Poetry's documented semantics)
CASES = [
    ("^1.7", ["1.7", "1.7.0", "1.9.9"], ["1.6.9", "2.0", "2.0.0"]),
    ("^1.2.3", ["1.2.3", "1.99"], ["1.2.2", "2.0.0"]),
    ("^0.2.3", ["0.2.3", "0.2.99"], ["0.2.2", "0.3.0"]),
    ("^0.0.3", ["0.0.3"], ["0.0.4", "0.0.2"]),
    ("^0", ["0.0.1", "0.99"], ["1.0"]),
    ("~1.2.3", ["1.2.3", "1.2.99"], ["1.3.0", "1.2.2"]),
    ("~1.2", ["1.2.0", "1.2.99"], ["1.3.0"]),
    ("~1", ["1.0", "1.99"], ["2.0"]),
    ("*", ["0.1", "99"], []),
    ("1.2.3", ["1.2.3"], ["1.2.4"]),
    ("=1.2.3", ["1.2.3"], ["1.2.4"]),
    ("1.2.*", ["1.2.0", "1.2.9"], ["1.3.0"]),
    (">= 1.2, < 1.5", ["1.2", "1.4.9"], ["1.1", "1.5"]),
    (">=1.2 <1.5", ["1.2", "1.4.9"], ["1.1", "1.5"]),
    ("!=1.3", ["1.2", "1.4"], ["1.3"]),
    ("~=1.4.2", ["1.4.5"], ["1.5.0"]),
]


@pytest.mark.parametrize(("constraint", "inside", "outside"), CASES)
def test_translation_admits_what_poetry_admits(
    constraint: str, inside: list[str], outside: list[str]
) -> None:
    specifier = SpecifierSet(to_pep440(constraint))
    assert all(specifier.contains(v, prereleases=True) for v in inside)
    assert not any(specifier.contains(v, prereleases=True) for v in outside)


def test_or_constraints_split_into_alternatives() -> None:
    translated = to_pep440("^1.7 || ^3.0")
    parts = [SpecifierSet(p) for p in alternatives(translated)]
    assert len(parts) == 2
    assert any(p.contains("1.8") for p in parts) and any(p.contains("3.1") for p in parts)
    assert not any(p.contains("2.0") for p in parts)


@pytest.mark.parametrize("bad", ["^latest", "~abc", ">=x"])
def test_not_a_constraint(bad: str) -> None:
    with pytest.raises(ValueError, match="not a Poetry version constraint"):
        to_pep440(bad)


@pytest.mark.parametrize(("constraint", "yes", "no"), [
    ("^3.8", ["3.8", "3.13"], ["3.7"]),
    (">=3.9,<3.11", ["3.9", "3.10"], ["3.8", "3.11"]),
    ("~3.9", ["3.9"], ["3.10"]),
    ("3.9.*", ["3.9"], ["3.10"]),
    ("^2.7 || >=3.12", ["3.12"], ["3.10", "3.11"]),
])
def test_python_constraint_as_marker(constraint: str, yes: list[str], no: list[str]) -> None:
    marker = python_marker(constraint)
    assert all(applies(marker, p) for p in yes)
    assert not any(applies(marker, p) for p in no)


def test_patch_level_python_bound_uses_the_full_version() -> None:
    assert "python_full_version" in python_marker(">=3.8.1")
    assert python_marker("*") == ""
