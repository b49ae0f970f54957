"""A marker ddlint cannot decide counts as applying: the entry is judged in every targeted
environment rather than silently skipped (a missed finding is worse than an extra one)."""

from __future__ import annotations

import pytest

from ddlint.environment import Environment, applicable

ENVIRONMENTS = (Environment("3.8", "linux-x86_64"), Environment("3.12", "linux-x86_64"),
                Environment("3.12", "windows-amd64"))


@pytest.mark.parametrize("marker", [
    'python_version >>> "3.9"',  # not PEP 508
    "(" * 2000 + 'python_version >= "3.9"' + ")" * 2000,  # too deeply nested to parse
])
def test_an_undecidable_marker_applies_everywhere(marker: str) -> None:
    assert applicable(marker, ENVIRONMENTS) == frozenset(ENVIRONMENTS)


def test_a_decidable_marker_is_decided() -> None:
    """The control: the same environments, a marker that can be read."""
    assert applicable('python_version >= "3.9"', ENVIRONMENTS) == frozenset(ENVIRONMENTS[1:])
    assert applicable('sys_platform == "win32"', ENVIRONMENTS) == {ENVIRONMENTS[2]}
