"""ddlint's requirements parser against ``requirements-parser`` (the test extra), the library
the README says ddlint does not use: on the requirements files of the fixtures and examples,
and on lines of each kind pip reads, both read the same names, version specifiers, extras and
references; the README's reasons for not using it (no line numbers, no marker, a bad line ends
the whole parse) are checked here too, so they are dropped when they stop being true."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from ddlint.parsers.requirements import parse
from tests.conftest import REPO

requirements = pytest.importorskip("requirements")

FILES = sorted(path for folder in ("fixtures", "examples")
               for path in (REPO / folder).rglob("*") if path.suffix in (".txt", ".in")
               and path.name != "README.md")
LINES = (
    "Django[bcrypt]>=1.8,<2 ; python_version >= '3.8'\n"
    "flask==0.9\n"
    "# a comment\n"
    "redis ~= 4.0 \\\n"
    "    --hash=sha256:0123\n"
    "Celery[Redis,SQS] >=5.3,!=5.3.1\n"
    "aiopg\n"
    "-e git+https://registry.invalid/x.git#egg=foo\n"
    "psycopg2-binary===2.9.9\n"
)


def _normal(name: str) -> str:
    from packaging.utils import canonicalize_name

    return str(canonicalize_name(name))


def _theirs(text: str) -> list[tuple[str, str, tuple[str, ...], bool]]:
    from packaging.specifiers import SpecifierSet

    out = []
    for found in requirements.parse(io.StringIO(text)):
        if found.name is None:
            continue
        specifier = SpecifierSet(",".join(op + version for op, version in found.specs))
        out.append((_normal(found.name), str(specifier),
                    tuple(sorted(_normal(e) for e in found.extras)), found.uri is not None))
    return out


def _ours(path: Path) -> list[tuple[str, str, tuple[str, ...], bool]]:
    from packaging.specifiers import SpecifierSet

    return [(d.name, str(SpecifierSet(d.specifier or "")),
             tuple(sorted(_normal(e) for e in d.extras)), d.url is not None)
            for d in parse(path).dependencies if d.location.path == path]


def _own_lines(path: Path) -> str:
    """The file without its includes, which requirements-parser follows and ddlint reports
    as the included file's."""
    return "".join(line for line in path.read_text(encoding="utf-8").splitlines(True)
                   if not line.lstrip().startswith(("-r", "-c", "--requirement",
                                                   "--constraint")))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_both_read_the_same_requirements_from_each_file(path: Path) -> None:
    assert _ours(path) == _theirs(_own_lines(path))


def test_both_read_the_same_requirements_from_each_kind_of_line(tmp_path: Path) -> None:
    path = tmp_path / "requirements.txt"
    path.write_text(LINES, encoding="utf-8")
    ours = _ours(path)
    assert ours == _theirs(LINES)
    assert [d.location.line for d in parse(path).dependencies] == [1, 2, 4, 6, 7, 8, 9]
    assert parse(path).dependencies[0].marker == 'python_version >= "3.8"'


def test_what_requirements_parser_lacks_for_findings(tmp_path: Path) -> None:
    """The README ("Requirements files"): no line number, the marker left out of its fields,
    and a bad line raises, ending the parse with no position; ddlint has all three."""
    found: Any = next(iter(requirements.parse(io.StringIO(LINES))))
    assert not hasattr(found, "lineno") and found.line.startswith("Django[bcrypt]")
    assert getattr(found, "marker", None) in (None, "")  # only inside .line
    with pytest.raises(Exception):  # noqa: B017 - whatever it raises
        list(requirements.parse(io.StringIO("flask==0.9\n%%% not a requirement\n")))
    path = tmp_path / "requirements.txt"
    path.write_text("flask==0.9\n%%% not a requirement\n", encoding="utf-8")
    parsed = parse(path)
    assert [d.name for d in parsed.dependencies] == ["flask"]
    assert [(d.code, d.location.line) for d in parsed.diagnostics] == [("DDL001", 2)]
    assert parse(path).dependencies[0].location.line == 1
