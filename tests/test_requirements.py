"""The requirements-file parser: every element of pip's syntax, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddlint.model import Dependency, DependencyFile
from ddlint.parsers.requirements import parse


def _parse(write, text: str | bytes, name: str = "requirements.txt",
           **others: str) -> DependencyFile:
    root = write({name: text, **others})
    return parse(root / name)


def _by_name(result: DependencyFile) -> dict[str, Dependency]:
    return {d.name: d for d in result.dependencies}


def test_pins_ranges_and_positions(write) -> None:
    result = _parse(write, """
        # a comment line

        ddtrace==4.16.0
          Django==1.7.11  # trailing comment
        flask>=2,<4
        legacy===1.0-custom
        redis[hiredis]==5.0.8
        celery ~= 5.3
        sqlalchemy==2.0.*
    """)
    deps = _by_name(result)
    assert not result.diagnostics
    assert deps["ddtrace"].version == "4.16.0" and deps["ddtrace"].location.line == 3
    assert deps["django"].version == "1.7.11"
    assert (deps["django"].location.line, deps["django"].location.column) == (4, 3)
    assert deps["flask"].version is None and deps["flask"].specifier == "<4,>=2"
    assert deps["legacy"].version == "1.0-custom"
    assert deps["redis"].extras == ("hiredis",) and deps["redis"].version == "5.0.8"
    assert deps["celery"].version is None and deps["celery"].specifier == "~=5.3"
    assert deps["sqlalchemy"].version is None  # a wildcard is a range, not a pin


@pytest.mark.parametrize("spelling", ["Django", "django", "DJANGO", "dJaNgO"])
def test_names_are_normalized(write, spelling: str) -> None:
    result = _parse(write, f"{spelling}==1.7.11\nPyMySQL==0.6\nmysql_connector.python==2.0\n")
    assert [d.name for d in result.dependencies] == ["django", "pymysql", "mysql-connector-python"]


def test_continuations_keep_the_first_line(write) -> None:
    result = _parse(write, """
        aiopg==0.17.0 \\
            --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000 \\
            --hash=sha256:1111111111111111111111111111111111111111111111111111111111111111
        django\\
        ==1.7.11
        flask==3.0.3
    """)
    deps = _by_name(result)
    assert not result.diagnostics
    assert deps["aiopg"].location.line == 1 and deps["aiopg"].version == "0.17.0"
    assert deps["django"].location.line == 4 and deps["django"].version == "1.7.11"
    assert deps["flask"].location.line == 6


def test_comment_line_ends_a_continuation_as_pip_does(write) -> None:
    result = _parse(write, "django==1.7.11 \\\n# a comment\nflask==3.0.3\n")
    assert [(d.name, d.location.line) for d in result.dependencies] == [
        ("django", 1), ("flask", 3)]


def test_markers(write) -> None:
    result = _parse(write, """
        ddtrace==3.19.9; python_version < "3.9"
        ddtrace==4.16.0 ; python_version >= "3.9" and sys_platform != "win32"
    """)
    markers = [d.marker for d in result.dependencies]
    assert markers == ['python_version < "3.9"',
                       'python_version >= "3.9" and sys_platform != "win32"']


def test_global_options_are_accepted(write) -> None:
    result = _parse(write, """
        -i https://registry.invalid/simple
        --index-url https://registry.invalid/simple
        --extra-index-url=https://registry.invalid/extra
        -f ./wheels
        --find-links ./wheels
        --no-index
        --pre
        --prefer-binary
        --require-hashes
        --no-binary :all:
        --only-binary=:none:
        --trusted-host registry.invalid
        --use-feature truststore
        django==4.2.16
    """)
    assert not result.diagnostics
    assert [d.name for d in result.dependencies] == ["django"]


def test_direct_references_have_no_version(write) -> None:
    result = _parse(write, """
        -e git+https://example.invalid/org/mylib.git@v1.0#egg=mylib
        --editable ./local/pkg
        requests @ https://example.invalid/requests-2.0.0.tar.gz
        https://example.invalid/wheels/redis-5.0.8-py3-none-any.whl
        git+https://example.invalid/org/celery.git#egg=celery ; python_version >= "3.9"
    """)
    assert not result.diagnostics
    deps = result.dependencies
    assert [d.name for d in deps] == ["mylib", "pkg", "requests", "redis", "celery"]
    assert all(d.version is None for d in deps)
    assert (deps[0].url, deps[1].url) == ("git+https://example.invalid/org/mylib.git@v1.0#egg=mylib",
                                          "./local/pkg")
    assert deps[2].url == "https://example.invalid/requests-2.0.0.tar.gz"
    assert deps[4].marker == 'python_version >= "3.9"'


def test_includes_resolve_relative_to_the_including_file(write) -> None:
    root = write({
        "requirements.txt":
            "-r requirements/base.txt\n--constraint constraints.txt\nflask==3.0.3\n",
        "requirements/base.txt": "# base\n-r common.txt\ndjango==1.7.11\n",
        "requirements/common.txt": "# common\n\nredis==5.0.8\n",
        "constraints.txt": "celery==4.3.0\n",
    })
    result = parse(root / "requirements.txt")
    where = {d.name: (d.location.path.relative_to(root).as_posix(), d.location.line)
             for d in result.dependencies}
    assert where == {
        "redis": ("requirements/common.txt", 3),
        "django": ("requirements/base.txt", 3),
        "flask": ("requirements.txt", 3),
    }  # celery: only constrained, so not installed (issue 10 item 7)
    assert [p.relative_to(root).as_posix() for p in result.constraints] == ["constraints.txt"]
    assert not result.diagnostics
    assert len(result.included) == 3


@pytest.mark.parametrize("option", ["-r", "--requirement", "-c", "--constraint"])
@pytest.mark.parametrize("form", ["{o} {f}", "{o}={f}"])
def test_include_option_spellings(write, option: str, form: str) -> None:
    if form == "{o}={f}" and not option.startswith("--"):
        form = "{o}{f}"  # -rfile
    root = write({"requirements.txt": form.format(o=option, f="other.txt") + "\n",
                  "other.txt": "django==1.7.11\n"})
    result = parse(root / "requirements.txt")
    if option in ("-c", "--constraint"):  # a constraint installs nothing
        assert result.dependencies == ()
        assert [p.name for p in result.constraints] == ["other.txt"]
    else:
        assert [d.name for d in result.dependencies] == ["django"]


def test_missing_include_is_reported_and_the_rest_checked(write) -> None:
    result = _parse(write, "django==1.7.11\n-r nowhere.txt\nflask==3.0.3\n")
    [problem] = result.diagnostics
    assert problem.code == "DDL001" and problem.location.line == 2
    assert "nowhere.txt" in problem.message
    assert [d.name for d in result.dependencies] == ["django", "flask"]


def test_include_cycle_is_reported_once(write) -> None:
    root = write({
        "requirements.txt": "-r b.txt\ndjango==1.7.11\n",
        "b.txt": "-r c.txt\n",
        "c.txt": "flask==3.0.3\n-r requirements.txt\n",
    })
    result = parse(root / "requirements.txt")
    [problem] = result.diagnostics
    assert problem.code == "DDL001"
    assert (problem.location.path.name, problem.location.line) == ("c.txt", 2)
    assert "cycle" in problem.message and "requirements.txt -> b.txt -> c.txt" in problem.message
    assert sorted(d.name for d in result.dependencies) == ["django", "flask"]


def test_unparsable_line_is_reported_and_the_rest_checked(write) -> None:
    result = _parse(write, "django==1.7.11\nthis is not a requirement!\nflask>=\naiopg==0.17.0\n")
    assert [(p.code, p.location.line) for p in result.diagnostics] == [
        ("DDL001", 2), ("DDL001", 3)]
    assert [d.name for d in result.dependencies] == ["django", "aiopg"]


def test_unknown_option_is_reported(write) -> None:
    result = _parse(write, "--frobnicate\ndjango==1.7.11 --install-everything\n")
    assert [(p.code, p.location.line) for p in result.diagnostics] == [
        ("DDL001", 1), ("DDL001", 2)]


def test_invalid_utf8_is_reported_at_its_line(write) -> None:
    result = _parse(write, b"django==1.7.11\n# caf\xe9\nflask==3.0.3\n")
    [problem] = result.diagnostics
    assert problem.code == "DDL001"
    assert (problem.location.line, problem.location.column) == (2, 6)
    assert [d.name for d in result.dependencies] == ["django", "flask"]


def test_invalid_utf8_after_a_bom_is_reported_at_its_own_byte(write) -> None:
    """The BOM's three bytes count in the position (utf-8-sig reported 2:5 and the byte 0x6b
    here, three bytes early)."""
    result = _parse(write, b"\xef\xbb\xbfdjango==1.0\n# caf\xe9\nflask==3.0.3\n")
    [problem] = result.diagnostics
    assert (problem.location.line, problem.location.column) == (2, 6)
    assert "byte 0xe9" in problem.message
    assert [d.name for d in result.dependencies] == ["django", "flask"]


def test_bom_and_crlf(write) -> None:
    result = _parse(write, b"\xef\xbb\xbfddtrace==4.16.0\r\n\r\ndjango==1.7.11\r\n")
    assert not result.diagnostics
    assert [(d.name, d.location.line, d.version) for d in result.dependencies] == [
        ("ddtrace", 1, "4.16.0"), ("django", 3, "1.7.11")]


def test_remote_include_is_not_fetched(write) -> None:
    result = _parse(write, "-r https://example.invalid/requirements.txt\ndjango==4.2.16\n")
    assert not result.diagnostics  # pip accepts it: a note, not DDL001 (issue 10 item 10)
    [note] = result.notes
    assert "https://example.invalid/requirements.txt" in note and "offline" in note
    assert ":1:" in note
    assert [d.name for d in result.dependencies] == ["django"]


def test_inline_ignores_are_recorded(write) -> None:
    result = _parse(write, "django==1.7.11  # ddlint: ignore[DDL301, ddl304]\n"
                           "flask==3.0.3 # ddlint: ignore\nredis==5.0.8 # noqa\n")
    assert [(line, codes) for _, line, codes in result.inline_ignores] == [
        (1, ("DDL301", "DDL304")), (2, ())]


def test_unreadable_path(tmp_path: Path) -> None:
    result = parse(tmp_path)
    [problem] = result.diagnostics
    assert problem.code == "DDL001" and "directory" in problem.message


@pytest.mark.parametrize("line", [
    "ddtrace==4.16.0", "Django == 1.7.11", "zope.interface\t==\t5.0", "a_b-c.d==2", "x==1.07",
    "x==0", "x==1.0.*", "x==1.0rc1", "x==1.0 ; python_version < '3.9'", "x[y]==1.0",
])
def test_a_plain_pin_reads_as_packaging_reads_it(write, line: str) -> None:
    # A plain ``name==1.2.3`` is read without packaging (start-up cost); what it gives must be
    # what packaging.requirements gives for the same line.
    from packaging.requirements import Requirement

    from ddlint.parsers.base import exact_version

    (found,) = _parse(write, line + "\n").dependencies
    expected = Requirement(line)
    assert found.name == expected.name.lower().replace("_", "-").replace(".", "-")
    assert found.version == exact_version(expected.specifier)
    assert found.specifier == str(expected.specifier)
    assert found.marker == (str(expected.marker) if expected.marker else None)
    assert found.extras == tuple(sorted(expected.extras))
    assert found.url is None
