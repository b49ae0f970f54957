"""Hand-written requirements files: only the specifier changes; comments, markers, extras,
continuations and options stay; generated and hash-pinned files are refused."""

from __future__ import annotations

from pathlib import PurePath
from typing import Union

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ddlint.fixing.declarations import NotEditableError, declared, find, to_fix
from ddlint.fixing.edits import Fix, NoFix, apply_edits
from ddlint.fixing.narrowing import SupportedRange, move_release_line, narrow
from ddlint.parsers.requirements import generated_reason, is_hand_written
from tests.conftest import FIXTURES

PATH = PurePath("requirements.in")
RANGES = {"django": SupportedRange(minimum="1.8"),
          "aiopg": SupportedRange(minimum="0.12", maximum="0.16")}
# What the environment holds (a lock's entry): inside the range, so a cap takes nothing back
INSTALLED = {"aiopg": "0.14"}


def fix_all(text: str, path: PurePath = PATH, unsafe: bool = False) -> tuple[str, list[Union[
        Fix, NoFix]]]:
    """Every declaration of a package in RANGES narrowed, as --fix would write it."""
    results: list[Union[Fix, NoFix]] = []
    for declaration in declared(text, path, "requirements"):
        if declaration.name in RANGES:
            results.append(to_fix(text, declaration, narrow(
                declaration.specifier, RANGES[declaration.name], declaration.syntax,
                INSTALLED.get(declaration.name))))
    edits = [e for r in results if isinstance(r, Fix) and (unsafe or r.applicability == "safe")
             for e in r.edits]
    return apply_edits(text, edits), results


HAND_WRITTEN = (
    "# Web stack\n"
    "Django[bcrypt] >= 1.5, < 4  # ddlint: ignore[DDL304] reviewed\n"
    "aiopg>=0.10 ; python_version < '3.12' \\\n"
    "    # continued\n"
    "-r base.txt\n"
    "-c constraints.txt\n"
    "--index-url https://registry.invalid/simple\n"
    "flask\n"
    "./local-package\n"
    "https://registry.invalid/pkg.whl\n"
    "DJANGO_debug_toolbar\n"
)


def test_only_the_specifier_changes() -> None:
    fixed, results = fix_all(HAND_WRITTEN)
    assert fixed == HAND_WRITTEN.replace(">= 1.5, < 4", ">= 1.8, < 4").replace(
        "aiopg>=0.10 ;", "aiopg>=0.12,<=0.16 ;")
    assert [r.applicability for r in results if isinstance(r, Fix)] == ["safe", "safe"]


def test_fixing_twice_changes_nothing_the_second_time() -> None:
    fixed, _ = fix_all(HAND_WRITTEN)
    again, results = fix_all(fixed)
    assert again == fixed
    assert results and all(isinstance(r, NoFix) and r.satisfied for r in results)


def test_a_requirement_without_a_specifier_gets_the_minimum() -> None:
    text = "django  # the web framework\naiopg[sa]; sys_platform == 'linux'\r\n"
    fixed, _ = fix_all(text)
    assert fixed == ("django>=1.8  # the web framework\n"
                     "aiopg[sa]>=0.12,<=0.16; sys_platform == 'linux'\r\n")


def test_an_exact_pin_is_only_fixed_when_unsafe_fixes_are_asked_for() -> None:
    text = "django==1.7.11 --config-settings x=y\n"
    fixed, (result,) = fix_all(text)
    assert fixed == text
    assert isinstance(result, Fix) and result.applicability == "unsafe"
    assert result.why_unsafe
    assert fix_all(text, unsafe=True)[0] == "django>=1.8 --config-settings x=y\n"


def test_each_line_of_a_continued_requirement_stays() -> None:
    text = "django>=1.5 \\\n  ; python_version >= '3.8' \\\n  # ddlint: ignore[DDL305]\nflask\n"
    fixed, _ = fix_all(text)
    assert fixed == text.replace(">=1.5", ">=1.8", 1)
    # A continuation line is no requirement of its own.
    assert [d.name for d in declared(text, PATH, "requirements")] == ["django", "flask"]


def test_declarations_point_at_the_requirement_line() -> None:
    found = declared(HAND_WRITTEN, PATH, "requirements")
    assert [(d.name, d.line, d.specifier) for d in found] == [
        ("django", 2, ">= 1.5, < 4"), ("aiopg", 3, ">=0.10"), ("flask", 8, ""),
        ("django-debug-toolbar", 11, "")]
    assert find(found, "Django", 2) is found[0]
    assert find(found, "aiopg", 1) is found[1]
    assert find(found, "aiopg", 4) is None


def test_a_url_requirement_is_no_declaration() -> None:
    assert declared("django @ https://registry.invalid/django.whl\n", PATH,
                    "requirements") == []


def test_a_real_pip_compile_output_is_refused() -> None:
    path = FIXTURES / "parity" / "pip-compile" / "requirements.txt"
    text = path.read_text()
    reason = generated_reason(text, path)
    assert reason is not None and "generated" in reason
    with pytest.raises(NotEditableError, match="generated"):
        declared(text, path, "requirements")
    # Its input is hand-written.
    source = path.with_name("requirements.in")
    assert is_hand_written(source.read_text(), source)


def test_a_uv_generated_header_is_refused() -> None:
    # The header as uv writes it (fixtures/parity/pylock-uv/pylock.toml has the real one).
    header = (FIXTURES / "parity" / "pylock-uv" / "pylock.toml").read_text().splitlines()[0]
    text = f"{header}\n#    uv pip compile requirements.in -o requirements.txt\ndjango==1.7\n"
    assert not is_hand_written(text, PurePath("requirements.txt"))


def test_a_hash_pinned_file_is_refused() -> None:
    # The pip-compile output's entries without its header: still hash-pinned.
    text = (FIXTURES / "parity" / "pip-compile" / "requirements.txt").read_text()
    body = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
    reason = generated_reason(body, PurePath("requirements.txt"))
    assert reason is not None and "hash" in reason


def test_a_comment_that_mentions_a_tool_below_the_header_is_no_header() -> None:
    text = "django>=1.5\n# generated by hand, not by pip-compile\n"
    assert is_hand_written(text, PATH)


_NAMES = st.sampled_from(["django", "Django", "aiopg", "flask"])
_SPECS = st.sampled_from(["", ">=1.5", ">= 0.10, <1", "==1.7.11", "<3", "~=0.13.0", ">=2"])
_EXTRAS = st.sampled_from(["", "[sa]", " [bcrypt, argon2]"])
_MARKERS = st.sampled_from(["", "; python_version < '3.12'", " ; sys_platform=='linux'"])
_COMMENTS = st.sampled_from(["", "  # ddlint: ignore[DDL305]", "\t# note"])
_ENDS = st.sampled_from(["\n", "\r\n"])


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(st.tuples(_NAMES, _EXTRAS, _SPECS, _MARKERS, _COMMENTS, _ENDS), max_size=6))
def test_fixes_change_only_specifiers_and_are_idempotent(
        lines: list[tuple[str, str, str, str, str, str]]) -> None:
    text = "".join("".join(parts) for parts in lines)
    fixed, _ = fix_all(text, unsafe=True)
    assert fix_all(fixed, unsafe=True)[0] == fixed
    fixed_lines = fixed.splitlines(keepends=True)
    assert len(fixed_lines) == len(lines)
    for (name, extras, spec, marker, comment, end), line in zip(lines, fixed_lines):
        assert line.startswith(name + extras)
        assert line.endswith(marker + comment + end)
        new_spec = line[len(name + extras):len(line) - len(marker + comment + end)]
        if name.lower() not in RANGES:
            assert new_spec == spec


def test_moving_the_tracer_line_in_a_requirements_file() -> None:
    text = "ddtrace >=3, <4  # the tracer\n"
    (declaration,) = declared(text, PATH, "requirements")
    fix = to_fix(text, declaration, move_release_line(
        declaration.specifier, SupportedRange(minimum="4", below="5")))
    assert isinstance(fix, Fix) and fix.applicability == "unsafe"
    assert apply_edits(text, fix.edits) == "ddtrace >=4, <5  # the tracer\n"
