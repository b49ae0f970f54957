"""pyproject.toml: every table that declares dependencies, in its own syntax; nothing but the
constraint changes (comments, quoting, key order, trailing commas, CRLF, BOM kept)."""

from __future__ import annotations

import re
from pathlib import Path, PurePath
from typing import Union

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ddlint.fixing.declarations import NotEditableError, declared, find, fix_for, to_fix
from ddlint.fixing.edits import Fix, NoFix, apply_to_bytes, decode
from ddlint.fixing.narrowing import SupportedRange, narrow, narrow_requires_python
from ddlint.parsers import pyproject as pyproject_parser
from tests.conftest import FIXTURES

PATH = PurePath("pyproject.toml")
RANGES = {"django": SupportedRange(minimum="1.8"),
          "aiopg": SupportedRange(minimum="0.12", maximum="0.16")}
# What the environment holds (a lock's entry): inside the range, so a cap takes nothing back
INSTALLED = {"aiopg": "0.14"}


def fix_all(data: bytes, unsafe: bool = False) -> tuple[bytes, list[Union[Fix, NoFix]]]:
    """Every declaration of a package in RANGES narrowed (requires-python to 3.9), as --fix
    (with --unsafe-fixes when ``unsafe``) would write it."""
    text, _ = decode(data)
    results: list[Union[Fix, NoFix]] = []
    for declaration in declared(text, PATH, "pyproject.toml"):
        if declaration.name == "python":
            narrowed = narrow_requires_python(declaration.specifier, "3.9", declaration.syntax)
        elif declaration.name in RANGES:
            narrowed = narrow(declaration.specifier, RANGES[declaration.name],
                              declaration.syntax, INSTALLED.get(declaration.name))
        else:
            continue
        results.append(to_fix(text, declaration, narrowed))
    edits = [e for r in results if isinstance(r, Fix) and (unsafe or r.applicability == "safe")
             for e in r.edits]
    return apply_to_bytes(data, edits), results


PEP621 = '''\
[project]
name = "shop"  # the name
requires-python = ">=3.8"
dependencies = [
    # the web framework
    "django>=1.5",  # reviewed
    'aiopg[sa] >=0.10; python_version < "3.12"',
    """flask""",
    \'\'\'Django-Debug-Toolbar\'\'\',
]

[project.optional-dependencies]
db = ["aiopg", "django<4",]  # trailing comma kept

[dependency-groups]
test = ["pytest", {include-group = "lint"}, "django==1.7.11"]
lint = ["ruff"]

[tool.uv]
dev-dependencies = ["django~=1.5"]

[tool.pdm.dev-dependencies]
dev = ["aiopg>=0.12"]
'''

PEP621_FIXED = (PEP621
                .replace('"django>=1.5"', '"django>=1.8"')
                .replace("'aiopg[sa] >=0.10;", "'aiopg[sa] >=0.12,<=0.16;")
                .replace('["aiopg", "django<4",]', '["aiopg>=0.12,<=0.16", "django>=1.8,<4",]')
                .replace('"django~=1.5"', '"django~=1.8"')
                .replace('"aiopg>=0.12"', '"aiopg>=0.12,<=0.16"'))


def test_pep621_pep735_uv_and_pdm_tables() -> None:
    fixed, results = fix_all(PEP621.encode())
    assert fixed.decode() == PEP621_FIXED
    unsafe = [r for r in results if isinstance(r, Fix) and r.applicability == "unsafe"]
    assert sorted(r.description for r in unsafe) == [
        "django: ==1.7.11 -> >=1.8", "python: >=3.8 -> >=3.9"]


def test_unsafe_fixes_change_pins_and_requires_python() -> None:
    fixed, _ = fix_all(PEP621.encode(), unsafe=True)
    assert fixed.decode() == PEP621_FIXED.replace('"django==1.7.11"', '"django>=1.8"').replace(
        'requires-python = ">=3.8"', 'requires-python = ">=3.9"')


def test_fixing_twice_changes_nothing_the_second_time() -> None:
    fixed, _ = fix_all(PEP621.encode(), unsafe=True)
    again, results = fix_all(fixed, unsafe=True)
    assert again == fixed
    assert results and all(isinstance(r, NoFix) and r.satisfied for r in results)


POETRY = '''\
[tool.poetry]
name = "shop"

[tool.poetry.dependencies]
python = "^3.8"
Django = "^1.7"   # caret, in Poetry's syntax
aiopg = { version = "~0.10", extras = ["sa"], markers = "sys_platform == 'linux'" }
flask = "*"

[tool.poetry.dependencies.django-filter]
version = ">=1.0"

[tool.poetry.group.web.dependencies]
django = [
    { version = "^1.6", python = "<3.10" },
    { version = "^2.2", python = ">=3.10" },
]

[tool.poetry.dev-dependencies]
django = '1.7.11'
'''


def test_poetry_forms_keep_poetry_syntax() -> None:
    ranges = {**RANGES, "django-filter": SupportedRange(minimum="2.0")}
    text = POETRY
    results = []
    for declaration in declared(text, PATH, "pyproject.toml"):
        if declaration.name in ranges:
            results.append(to_fix(text, declaration, narrow(
                declaration.specifier, ranges[declaration.name], declaration.syntax)))
    fixes = [r for r in results if isinstance(r, Fix)]
    assert [(f.applicability, f.description) for f in fixes] == [
        ("safe", "django: ^1.7 -> ^1.8"),
        ("safe", "django-filter: >=1.0 -> >=2.0"),
        ("safe", "django: ^1.6 -> ^1.8"),
        ("unsafe", "django: 1.7.11 -> >=1.8"),
    ]
    # aiopg ~0.10 (>=0.10,<0.11) admits no supported version: no fix. django ^2.2 is fine.
    assert [r.satisfied for r in results if isinstance(r, NoFix)] == [False, True]
    assert [r.reason for r in results if isinstance(r, NoFix) and not r.satisfied] == [
        "the declared range admits no supported version: changing it is the project's decision"]
    edits = [e for f in fixes for e in f.edits]
    fixed = apply_to_bytes(text.encode(), edits).decode()
    assert fixed == (text.replace('"^1.7"', '"^1.8"').replace('">=1.0"', '">=2.0"')
                     .replace('"^1.6"', '"^1.8"').replace("'1.7.11'", "'>=1.8'"))


def test_poetry_python_is_an_unsafe_requires_python_fix() -> None:
    (python,) = [d for d in declared(POETRY, PATH, "pyproject.toml") if d.name == "python"]
    fix = to_fix(POETRY, python, narrow_requires_python(python.specifier, "3.9", "poetry"))
    assert isinstance(fix, Fix) and fix.applicability == "unsafe"
    assert fix.edits[0].content == "^3.9" and fix.edits[0].line == 5


def test_crlf_and_bom_are_kept_byte_for_byte() -> None:
    data = b"\xef\xbb\xbf" + PEP621.replace("\n", "\r\n").encode()
    fixed, _ = fix_all(data)
    assert fixed == b"\xef\xbb\xbf" + PEP621_FIXED.replace("\n", "\r\n").encode()


def test_everything_outside_the_edit_is_kept() -> None:
    data = PEP621.encode()
    _, results = fix_all(data)
    text = PEP621
    for result in results:
        if not isinstance(result, Fix):
            continue
        (edit,) = result.edits
        after = apply_to_bytes(data, [edit]).decode()
        lines, fixed_lines = text.split("\n"), after.split("\n")
        assert lines[:edit.line - 1] == fixed_lines[:edit.line - 1]
        assert lines[edit.end_line:] == fixed_lines[edit.end_line:]
        line, fixed_line = lines[edit.line - 1], fixed_lines[edit.line - 1]
        assert line[:edit.column - 1] == fixed_line[:edit.column - 1]
        tail = len(line) - edit.end_column + 1
        assert line[len(line) - tail:] == fixed_line[len(fixed_line) - tail:]


def test_a_file_that_does_not_parse_is_not_touched() -> None:
    with pytest.raises(NotEditableError, match="no valid TOML"):
        declared('[project]\ndependencies = ["django>=1.5"\n', PATH, "pyproject.toml")


def test_a_string_with_escapes_is_left_to_the_user() -> None:
    text = '[project]\ndependencies = ["django\\u003e=1.5"]\n'
    (declaration,) = declared(text, PATH, "pyproject.toml")
    result = to_fix(text, declaration, narrow(declaration.specifier, RANGES["django"]))
    assert isinstance(result, NoFix) and "escape" in result.reason


def test_a_key_shared_by_several_tables_is_located_in_each() -> None:
    text = ('[project]\ndependencies = ["django>=1.5"]\n'
            '[project.optional-dependencies]\nweb = ["django>=1.5"]\n'
            '[dependency-groups]\ndev = ["django>=1.5"]\n')
    found = declared(text, PATH, "pyproject.toml")
    assert [(d.line, d.where) for d in found] == [
        (2, "project.dependencies"), (4, "project.optional-dependencies"),
        (6, "dependency-groups")]
    assert find(found, "django", 4) is found[1]


@pytest.mark.parametrize("fixture", ["poetry", "pdm", "uv", "pylock-uv"])
def test_every_declared_dependency_ddlint_reads_is_found(fixture: str) -> None:
    path = FIXTURES / "parity" / fixture / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    found = declared(text, path, "pyproject.toml")
    for dependency in pyproject_parser.parse(path).dependencies:
        declaration = find(found, dependency.name, dependency.location.line)
        assert declaration is not None, dependency
        assert declaration.line == dependency.location.line


def test_a_literal_string_stays_literal() -> None:
    """The edit replaces characters inside the string: a ``'literal'`` string is not written
    back as a ``"basic"`` one (as tomlkit's own writing would)."""
    fixed, _ = fix_all(PEP621.encode())
    assert "'aiopg[sa] >=0.12,<=0.16;" in fixed.decode()


def test_fixing_a_real_fixture_with_unsafe_fixes(tmp_path: Path) -> None:
    path = FIXTURES / "parity" / "poetry" / "pyproject.toml"
    fixed, results = fix_all(path.read_bytes(), unsafe=True)
    assert fixed == path.read_bytes().replace(b'"django==1.7.11"', b'"django>=1.8"').replace(
        b'"aiopg==1.0.0"', b'"aiopg>=0.12,<=0.16"')
    assert {r.applicability for r in results if isinstance(r, Fix)} == {"unsafe"}


def test_many_equal_strings_are_each_located_at_their_own_line() -> None:
    entries = "".join(f'    "django>=1.5",  # {n}\n' for n in range(150))
    text = f"[project]\ndependencies = [\n{entries}]\n[tool.uv]\ndev-dependencies = [\n{entries}]\n"
    found = declared(text, PATH, "pyproject.toml")
    assert [d.line for d in found] == [*range(3, 153), *range(156, 306)]
    assert {text[d.start:d.end] for d in found} == {">=1.5"}


def test_fix_for_a_finding_at_its_line() -> None:
    fix = fix_for(POETRY, PATH, "pyproject.toml", "django", 6, supported=RANGES["django"])
    assert isinstance(fix, Fix) and fix.edits[0].content == "^1.8" and fix.edits[0].line == 6
    # A Poetry table's key line precedes its version line.
    fix = fix_for(POETRY, PATH, "pyproject.toml", "django-filter", 10,
                  supported=SupportedRange(minimum="2"))
    assert isinstance(fix, Fix) and fix.edits[0].line == 11
    python = fix_for(POETRY, PATH, "pyproject.toml", "python", 5, supported=SupportedRange("3.9"))
    assert isinstance(python, Fix) and python.applicability == "unsafe"
    missing = fix_for(POETRY, PATH, "pyproject.toml", "redis", 1, supported=RANGES["django"])
    assert isinstance(missing, NoFix) and "no editable declaration" in missing.reason
    broken = fix_for("[project\n", PATH, "pyproject.toml", "django", 1,
                     supported=RANGES["django"])
    assert isinstance(broken, NoFix) and "no valid TOML" in broken.reason
    lock = fix_for("version = 1\n", PurePath("uv.lock"), "uv.lock", "django", 1,
                   supported=RANGES["django"])
    assert isinstance(lock, NoFix) and "never edited" in lock.reason


def test_a_package_named_like_a_poetry_table() -> None:
    text = '[tool.poetry.dependencies]\ndependencies = "^1.0"\n'
    (found,) = declared(text, PATH, "pyproject.toml")
    assert (found.name, found.specifier) == ("dependencies", "^1.0")


_QUOTES = st.sampled_from(['"', "'", '"""', "'''"])
_REQUIREMENTS = st.sampled_from([
    "django>=1.5", "Django [bcrypt] >= 1.5, < 4", "aiopg", "aiopg>=0.10; python_version < '3.12'",
    "django==1.7.11", "flask>=2", "aiopg~=0.13.0"])
_AFTER = st.sampled_from(["", "  # note", " # ddlint: ignore[DDL305]"])


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.lists(st.tuples(_QUOTES, _REQUIREMENTS, _AFTER), min_size=1, max_size=5),
       st.booleans(), st.booleans(), st.booleans())
def test_only_constraints_change_whatever_the_file_looks_like(
        entries: list[tuple[str, str, str]], crlf: bool, bom: bool, trailing: bool) -> None:
    lines = []
    for number, (quote, requirement, comment) in enumerate(entries, start=1):
        if "'" in quote:  # a literal string cannot hold its own quote
            requirement = requirement.replace("'", '"')
        comma = "," if trailing or number < len(entries) else ""
        lines.append(f"    {quote}{requirement}{quote}{comma}{comment}")
    text = "[project]  # top\nname = 'x'\ndependencies = [\n" + "\n".join(lines) + "\n]\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    fixed, results = fix_all(data, unsafe=True)
    assert fix_all(fixed, unsafe=True)[0] == fixed  # idempotent
    assert fixed.startswith(b"\xef\xbb\xbf") == bom
    assert fixed.count(b"\r\n") == data.count(b"\r\n")
    assert all(e.line == e.end_line for r in results if isinstance(r, Fix) for e in r.edits)
    # Each changed line keeps its indentation, quotes, name, comma and comment.
    before, after = decode(data)[0].split("\n"), decode(fixed)[0].split("\n")
    assert len(before) == len(after)
    for old, new in zip(before, after):
        if old == new:
            continue
        indent = len(old) - len(old.lstrip())
        assert new[:indent + 1] == old[:indent + 1]
        quote = next(q for q in ('"""', "'''", '"', "'") if old.lstrip().startswith(q))
        assert old.rsplit(quote, 1)[1] == new.rsplit(quote, 1)[1]
        name = re.match(r"[A-Za-z]+", old.lstrip()[len(quote):])
        assert name is not None and new.lstrip()[len(quote):].startswith(name.group(0))
