"""Hostile input: half-merged, broken, odd and huge files each give a finding or a clear message
and the documented exit code, never a traceback, and leave every file as it was."""

from __future__ import annotations

import builtins
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ddlint import parsers
from ddlint.model import FileKind
from tests.conftest import EXIT_FINDINGS, EXIT_USAGE, FIXTURES, copy_project, ddl001, lint, make_top

# ---------------------------------------------------------------- requirements files

def test_conflict_markers_in_requirements(write: Any, ddlint: Any) -> None:
    root = write({"requirements.txt": (
        "ddtrace==4.16.0\n<<<<<<< HEAD\ndjango==1.7.11\n=======\ndjango==4.2.16\n"
        ">>>>>>> feature\nflask==3.0.3\n"
    )})
    result = lint(ddlint, root, "requirements.txt", "--format", "json")
    found = ddl001(result, "requirements.txt")
    assert [(line, column) for line, column, _ in found] == [(2, 1), (4, 1), (6, 1)]
    assert all("conflict marker" in message for _, _, message in found)
    assert result.code == EXIT_FINDINGS
    # The entries between the markers are still checked.
    assert result.json()["summary"]["dependencies"] == 4


def test_invalid_utf8_is_reported_at_its_byte(write: Any, ddlint: Any) -> None:
    root = write({"requirements.txt":
                  b"ddtrace==4.16.0\nflask==3.0.3  # caf\xe9\ndjango==1.7.11\n"})
    result = lint(ddlint, root, "requirements.txt", "--format", "json")
    [(line, column, message)] = ddl001(result, "requirements.txt")
    assert (line, column) == (2, 20) and "UTF-8" in message and "0xe9" in message
    # The rest of the file is still read: django's finding is on line 3.
    assert [(d["code"], d["line"]) for d in result.json()["diagnostics"]
            if d["code"] == "DDL301"] == [("DDL301", 3)]


@pytest.mark.parametrize(("prefix", "newline"), [
    (b"", b"\n"), (b"\xef\xbb\xbf", b"\n"), (b"", b"\r\n"), (b"\xef\xbb\xbf", b"\r\n"),
])
def test_bom_and_crlf_keep_line_numbers(write: Any, ddlint: Any, prefix: bytes,
                                        newline: bytes) -> None:
    lines = [b"# pinned", b"ddtrace==4.16.0", b"flask==3.0.3 \\", b"    ; python_version >= '3.9'",
             b"django==1.7.11", b"aiopg==0.17.0", b""]
    root = write({"requirements.txt": prefix + newline.join(lines)})
    result = lint(ddlint, root, "requirements.txt", "--format", "json")
    found = [(d["code"], d["line"], d["column"]) for d in result.json()["diagnostics"]
             if d["code"].startswith("DDL3")]
    assert found == [("DDL301", 5, 1), ("DDL302", 6, 1)]
    assert not ddl001(result, "requirements.txt")


def test_nul_bytes(write: Any, ddlint: Any) -> None:
    root = write({"requirements.txt": b"ddtrace==4.16.0\ndjango==1.7.11\x00\n\x00\x00\x00\n"})
    result = lint(ddlint, root, "requirements.txt", "--format", "json")
    assert [(line, column) for line, column, _ in ddl001(result, "requirements.txt")] == [
        (2, 1), (3, 1)]
    assert result.code == EXIT_FINDINGS


def test_a_ten_megabyte_line(write: Any, ddlint: Any) -> None:
    root = write({"requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11 " + "x" * 10_000_000
                  + "\nflask==3.0.3\n"})
    result = lint(ddlint, root, "requirements.txt", "--format", "json")
    [(line, column, message)] = ddl001(result, "requirements.txt")
    assert (line, column) == (2, 1) and len(message) < 300
    assert result.json()["summary"]["dependencies"] == 2


def test_absurdly_long_version_numbers(write: Any, ddlint: Any) -> None:
    """Python refuses int() of more than 4,300 digits (a ValueError, not InvalidVersion)."""
    huge = "1" * 5000
    root = write({"requirements.txt": f"ddtrace==4.{huge}\ndjango==1.{huge}\nflask>={huge}\n"})
    result = lint(ddlint, root, "requirements.txt", "--format", "json")
    assert result.code in (0, EXIT_FINDINGS)
    root = write({"requirements.txt": f"ddtrace==4.16.0\ndjango==1.{huge}\n"})
    lint(ddlint, root, "requirements.txt", "--format", "json")


@pytest.mark.parametrize("where", [".python-version", "requires-python", "uv.lock", "--python",
                                   "python-versions", "--agent-version", "--select"])
def test_absurdly_long_numbers_where_pythons_and_versions_come_from(
    write: Any, ddlint: Any, where: str
) -> None:
    huge = "1" * 5000
    files = {
        "requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n",
        "pyproject.toml": '[project]\nname = "x"\nversion = "1"\nrequires-python = ">=3.9"\n',
    }
    arguments = ["requirements.txt", "--format", "json"]
    if where == ".python-version":
        files[".python-version"] = f"3.{huge}\n"
    elif where == "requires-python":
        files["pyproject.toml"] = files["pyproject.toml"].replace(">=3.9", f">=3.{huge}")
    elif where == "uv.lock":
        lock = (FIXTURES / "parity" / "uv" / "uv.lock").read_text(encoding="utf-8")
        lock = lock.replace('requires-python = ">=3.9', f'requires-python = ">=3.{huge}')
        files["uv.lock"] = lock.replace('version = "1.0.0"', f'version = "1.{huge}"')
        arguments = ["uv.lock", "requirements.txt", "--format", "json"]
    elif where == "python-versions":
        files["ddlint.toml"] = f'python-versions = ["3.{huge}"]\n'
    else:
        arguments += [where, f"{'DDL' if where == '--select' else '3.'}{huge}"]
    result = lint(ddlint, write(files), *arguments)
    if result.code == EXIT_USAGE:
        assert "ddlint: error: " in result.err and len(result.err) < 1000
    else:
        result.json()


@pytest.mark.parametrize("python", ["^^3.9 garbage", "^3." + "1" * 5000, "x" * 100_000])
def test_a_poetry_python_constraint_ddlint_cannot_read(
    write: Any, ddlint: Any, python: str
) -> None:
    """The project's Python comes from its manifest even when pre-commit passes only the lock:
    an unreadable constraint there is reported once, on its line, and the run goes on."""
    root = write({"pyproject.toml": '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\n'
                                    f'python = "{python}"\nddtrace = "4.16.0"\n'})
    result = lint(ddlint, root, ".", "--format", "json")
    assert all(len(d["message"]) < 500 for d in result.json()["diagnostics"])


def test_deeply_nested_marker(write: Any, ddlint: Any) -> None:
    marker = "(" * 5000 + "python_version >= '3.9'" + ")" * 5000
    root = write({"requirements.txt": f"ddtrace==4.16.0\ndjango==1.7.11 ; {marker}\n"
                                      "aiopg==0.17.0\n"})
    result = lint(ddlint, root, "requirements.txt", "--format", "json")
    [(line, _, message)] = ddl001(result, "requirements.txt")
    # The behaviour, not packaging's wording (which changed in 26.4): one DDL001 on the
    # marker's own line, quoting it, and the line after it is still checked (lint() asserts
    # there is no traceback).
    assert line == 2 and "django==1.7.11" in message
    assert "DDL302" in result.codes()


def test_deeply_nested_marker_in_a_lock(tmp_path: Path, ddlint: Any) -> None:
    """A lock's markers are judged against every target environment: one too deep to parse
    counts as applying everywhere, as an undecidable marker does."""
    path = copy_project(FIXTURES / "parity" / "uv", tmp_path / "project") / "uv.lock"
    deep = "(" * 3000 + "python_full_version < '3.10'" + ")" * 3000
    text = path.read_text(encoding="utf-8")
    assert "marker = \"python_full_version < '3.10'\"" in text
    path.write_text(text.replace("marker = \"python_full_version < '3.10'\"",
                                 f'marker = "{deep}"'), encoding="utf-8")
    result = lint(ddlint, tmp_path, _relative(path, tmp_path), "--format", "json")
    assert result.code in (0, EXIT_FINDINGS)


def test_include_cycle_across_three_files(write: Any, ddlint: Any) -> None:
    root = write({
        "requirements.txt": "-r b.txt\nddtrace==4.16.0\n",
        "b.txt": "-r c.txt\ndjango==1.7.11\n",
        "c.txt": "flask==3.0.3\n-r requirements.txt\n",
    })
    result = lint(ddlint, root, "requirements.txt", "--format", "json")
    [(line, _, message)] = ddl001(result, "c.txt")
    assert line == 2 and "cycle: requirements.txt -> b.txt -> c.txt -> requirements.txt" in message
    assert result.json()["summary"]["dependencies"] == 3
    assert result.code == EXIT_FINDINGS


def test_include_outside_the_repository_is_not_read(tmp_path: Path, ddlint: Any) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secrets.txt").write_text("TOKEN-0123456789\n", encoding="utf-8")
    repo = tmp_path / "repo"
    make_top(repo)
    (repo / "requirements").mkdir()
    (repo / "base.txt").write_text("ddtrace==4.16.0\n", encoding="utf-8")
    (repo / "linked.txt").symlink_to(outside / "secrets.txt")
    (repo / "requirements" / "dev.txt").write_text(
        "-r ../base.txt\n-r ../../outside/secrets.txt\n-r /etc/passwd\n-r ../linked.txt\n"
        "django==1.7.11\n", encoding="utf-8")
    result = lint(ddlint, repo, "requirements/dev.txt", "--format", "json")
    found = ddl001(result, "requirements/dev.txt")
    assert [line for line, _, _ in found] == [2, 3, 4]
    assert all("outside the repository" in message for _, _, message in found)
    assert "TOKEN" not in result.out and "root:" not in result.out
    # The include that stays inside the repository is read: ddtrace pins the tracer.
    assert "DDL301" in result.codes()


def test_a_dependency_file_linked_to_outside_the_repository(tmp_path: Path, ddlint: Any) -> None:
    """A symlink committed as requirements.txt (or uv.lock) cannot make ddlint print another
    file of the machine, found by walking or named on the command line."""
    outside = tmp_path / "secrets.txt"
    outside.write_text("TOKEN-0123456789\n", encoding="utf-8")
    repo = tmp_path / "repo"
    make_top(repo)
    (repo / "real.txt").write_text("ddtrace==4.16.0\ndjango==1.7.11\n", encoding="utf-8")
    (repo / "requirements.txt").symlink_to(outside)
    (repo / "uv.lock").symlink_to(outside)
    (repo / "inside").mkdir()
    (repo / "inside" / "requirements.txt").symlink_to(repo / "real.txt")  # stays inside: read
    for arguments in ((".",), ("requirements.txt", "uv.lock", "inside/requirements.txt")):
        result = lint(ddlint, repo, *arguments, "--format", "json")
        assert "TOKEN" not in result.out + result.err
        for name in ("requirements.txt", "uv.lock"):
            [(line, _, message)] = ddl001(result, name)
            assert line == 1 and "outside the repository" in message
        assert "DDL301" in result.codes()  # inside/requirements.txt was read


@pytest.mark.parametrize("target", ["a\x00b", "x" * 5000])
def test_include_the_file_system_refuses(write: Any, ddlint: Any, target: str) -> None:
    root = write({"requirements.txt": f"-r {target}\nddtrace==4.16.0\ndjango==1.7.11\n"})
    result = lint(ddlint, root, "requirements.txt", "--format", "json")
    [(line, _, message)] = ddl001(result, "requirements.txt")
    assert line == 1 and "bug" not in message
    assert "DDL301" in result.codes()


def test_paths_the_file_system_refuses(write: Any, ddlint: Any) -> None:
    root = write({"requirements.txt": "ddtrace==4.16.0\n"})
    for arguments in (["x" * 5000], ["--config", "x" * 5000, "requirements.txt"]):
        result = lint(ddlint, root, *arguments)
        assert result.code == EXIT_USAGE and "ddlint: error: " in result.err


def test_include_through_a_symlink_loop(write: Any, ddlint: Any) -> None:
    root = write({"requirements.txt": "-r loop.txt\nddtrace==4.16.0\n"})
    (root / "loop.txt").symlink_to("loop.txt")
    result = lint(ddlint, root, "requirements.txt", "--format", "json")
    [(line, _, message)] = ddl001(result, "requirements.txt")
    assert line == 1 and "bug" not in message


# ---------------------------------------------------------------- folders and odd files

def test_symlink_loops_under_a_scanned_folder(write: Any, ddlint: Any) -> None:
    root = write({"app/requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n"})
    (root / "app" / "again").symlink_to(root / "app", target_is_directory=True)
    (root / "up").symlink_to(root, target_is_directory=True)
    (root / "app" / "requirements-loop.txt").symlink_to("requirements-loop.txt")
    (root / "app" / "requirements-a.txt").symlink_to("requirements-b.txt")
    (root / "app" / "requirements-b.txt").symlink_to("requirements-a.txt")
    result = lint(ddlint, root, ".", "--format", "json")
    assert result.code == EXIT_FINDINGS
    assert sorted({d["path"] for d in result.json()["diagnostics"]}) == ["app/requirements.txt"]


def test_a_folder_tree_a_thousand_levels_deep(write: Any, ddlint: Any) -> None:
    root = write({"requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n"})
    deepest = root
    for _ in range(1200):  # level by level: mkdir(parents=True) recurses too
        deepest = deepest / "d"
        deepest.mkdir()
    (deepest / "requirements.txt").write_text("aiopg==0.17.0\n", encoding="utf-8")
    try:
        result = lint(ddlint, root, ".", "--format", "json")
        assert result.json()["summary"]["files"] == 2
        assert result.code == EXIT_FINDINGS
    finally:  # bottom up: shutil.rmtree (pytest's clean-up) recurses as deep as the tree
        (deepest / "requirements.txt").unlink()
        while deepest != root:
            deepest.rmdir()
            deepest = deepest.parent


def test_folders_named_like_dependency_files(write: Any, ddlint: Any) -> None:
    root = write({"requirements.txt": "ddtrace==4.16.0\n"})
    for name in ("uv.lock", "poetry.lock", "pyproject.toml", "requirements-dev.txt"):
        (root / "sub" / name).mkdir(parents=True)
    result = lint(ddlint, root, ".", "--format", "json")
    assert result.json()["summary"]["files"] == 1
    # Named explicitly (as pre-commit never would), a folder is searched, not read.
    result = lint(ddlint, root, "sub/uv.lock")
    assert result.code == EXIT_USAGE and "no dependency files found" in result.err


def test_a_named_pipe_does_not_hang(write: Any, ddlint: Any) -> None:
    root = write({"requirements.txt": "ddtrace==4.16.0\n"})
    os.mkfifo(root / "requirements-pipe.txt")
    assert lint(ddlint, root, ".").code == 0
    result = lint(ddlint, root, "requirements-pipe.txt", "--format", "json")
    [(line, _, message)] = ddl001(result, "requirements-pipe.txt")
    assert line == 1 and "not a regular file" in message


def test_unreadable_file(write: Any, ddlint: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write({"requirements.txt": "ddtrace==4.16.0\n", "uv.lock": "version = 1\n"})
    for name in ("requirements.txt", "uv.lock"):
        os.chmod(root / name, 0)
    if os.geteuid() == 0:  # root reads anything: make the open itself fail as it would
        _deny_reading(monkeypatch, {root / "requirements.txt", root / "uv.lock"})
    try:
        for name in ("requirements.txt", "uv.lock"):
            result = lint(ddlint, root, name, "--format", "json")
            [(line, _, message)] = ddl001(result, name)
            assert line == 1 and "Permission denied" in message
            assert result.code == EXIT_FINDINGS
    finally:
        for name in ("requirements.txt", "uv.lock"):
            os.chmod(root / name, 0o644)


def _deny_reading(monkeypatch: pytest.MonkeyPatch, denied: set[Path]) -> None:
    real_open = builtins.open

    def guarded(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, os.PathLike)) and Path(os.path.abspath(file)) in denied:
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    real_os_open = os.open

    def guarded_os_open(file: Any, *args: Any, **kwargs: Any) -> int:
        if isinstance(file, (str, os.PathLike)) and Path(os.path.abspath(file)) in denied:
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    monkeypatch.setattr(io, "open", guarded)
    monkeypatch.setattr(os, "open", guarded_os_open)  # ddlint.reading opens with os.open


# ---------------------------------------------------------------- every parser, on real files

def _fixture_files() -> Iterator[Any]:
    """Each real-tool fixture with its format, one per format and folder."""
    seen: set[tuple[FileKind, Path]] = set()
    for path in sorted(FIXTURES.rglob("*")):
        kind = parsers.detect(path)
        if kind is None or not path.is_file() or (kind, path.parent) in seen:
            continue
        seen.add((kind, path.parent))
        yield pytest.param(kind, path, id=path.relative_to(FIXTURES).as_posix())


FIXTURE_FILES = list(_fixture_files())
# The costly cases (a 10 MB line) run on one fixture of each format.
ONE_PER_KIND = list({param.values[0]: param for param in reversed(FIXTURE_FILES)}.values())


def _middle_line(lines: list[str], kind: FileKind) -> int:
    """A 0-based line index about half-way, where a new line starts a statement: a TOML table
    header, a JSON object member, or any requirements line."""
    half = len(lines) // 2
    for index in range(half, len(lines)):
        text = lines[index].lstrip()
        if kind is FileKind.PIPFILE_LOCK:
            if text.startswith('"') and lines[index - 1].rstrip().endswith(","):
                return index
        elif kind is FileKind.REQUIREMENTS or text.startswith("["):
            return index
    return half


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def test_every_format_has_a_fixture() -> None:
    assert {param.values[0] for param in FIXTURE_FILES} == set(FileKind)


@pytest.mark.parametrize(("kind", "fixture"), FIXTURE_FILES)
def test_conflict_markers_in_every_format(
    tmp_path: Path, ddlint: Any, kind: FileKind, fixture: Path
) -> None:
    path = copy_project(fixture.parent, tmp_path / "project") / fixture.name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = _middle_line(lines, kind)
    ours, theirs = lines[at:at + 4], lines[at:at + 2]
    path.write_text("".join([*lines[:at], "<<<<<<< HEAD\n", *ours, "=======\n", *theirs,
                             ">>>>>>> feature\n", *lines[at + 4:]]), encoding="utf-8")
    result = lint(ddlint, tmp_path, _relative(path, tmp_path), "--format", "json")
    assert at + 1 in [line for line, _, _ in ddl001(result, _relative(path, tmp_path))]
    assert result.code == EXIT_FINDINGS


@pytest.mark.parametrize(("kind", "fixture"), FIXTURE_FILES)
def test_truncated_file_in_every_format(
    tmp_path: Path, ddlint: Any, kind: FileKind, fixture: Path
) -> None:
    path = copy_project(fixture.parent, tmp_path / "project") / fixture.name
    text = path.read_text(encoding="utf-8")
    if kind is FileKind.REQUIREMENTS:  # any cut of a requirements file can still be valid
        path.write_text(text[:len(text) // 2], encoding="utf-8")
        lint(ddlint, tmp_path, _relative(path, tmp_path), "--format", "json")
        return
    # Just after the first quote of a line in the second half: an unterminated string, which
    # no format accepts.
    start = text.index("\n", len(text) // 2) + 1
    while '"' not in text[start:text.index("\n", start)]:
        start = text.index("\n", start) + 1
    path.write_text(text[:text.index('"', start) + 1], encoding="utf-8")
    result = lint(ddlint, tmp_path, _relative(path, tmp_path), "--format", "json")
    assert ddl001(result, _relative(path, tmp_path))
    assert result.code == EXIT_FINDINGS


DAMAGE = {"invalid-utf8": b"\xff\xfe broken\n", "nul": b"\x00\n",
          "ten-megabyte-line": b"x" * 10_000_000 + b" !\n"}


@pytest.mark.parametrize(("kind", "fixture"), FIXTURE_FILES)
@pytest.mark.parametrize("damage", ["invalid-utf8", "nul"])
def test_damaged_line_in_every_format(tmp_path: Path, ddlint: Any, kind: FileKind, fixture: Path,
                                      damage: str) -> None:
    _damaged_line(tmp_path, ddlint, kind, fixture, DAMAGE[damage])


@pytest.mark.parametrize(("kind", "fixture"), ONE_PER_KIND)
def test_ten_megabyte_line_in_every_format(tmp_path: Path, ddlint: Any, kind: FileKind,
                                           fixture: Path) -> None:
    _damaged_line(tmp_path, ddlint, kind, fixture, DAMAGE["ten-megabyte-line"])


def _damaged_line(tmp_path: Path, ddlint: Any, kind: FileKind, fixture: Path, bad: bytes) -> None:
    path = copy_project(fixture.parent, tmp_path / "project") / fixture.name
    lines = path.read_bytes().splitlines(keepends=True)
    at = _middle_line([line.decode() for line in lines], kind)
    path.write_bytes(b"".join([*lines[:at], bad, *lines[at:]]))
    result = lint(ddlint, tmp_path, _relative(path, tmp_path), "--format", "json")
    found = ddl001(result, _relative(path, tmp_path))
    assert at + 1 in [line for line, _, _ in found], found
    assert all(len(message) < 500 for _, _, message in found)


@pytest.mark.parametrize(("kind", "fixture"), FIXTURE_FILES)
def test_bom_and_crlf_in_every_format(
    tmp_path: Path, ddlint: Any, kind: FileKind, fixture: Path
) -> None:
    """A file saved with a BOM and Windows line endings gives the same findings, same lines."""
    path = copy_project(fixture.parent, tmp_path / "lf" / "project") / fixture.name
    plain = lint(ddlint, tmp_path / "lf", _relative(path, tmp_path / "lf"), "--format", "json")
    path = copy_project(fixture.parent, tmp_path / "crlf" / "project") / fixture.name
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    windows = lint(ddlint, tmp_path / "crlf", _relative(path, tmp_path / "crlf"),
                   "--format", "json")
    assert windows.json()["diagnostics"] == plain.json()["diagnostics"]
    assert windows.code == plain.code


TOML_KINDS = [param for param in ONE_PER_KIND
              if param.values[0] not in (FileKind.REQUIREMENTS, FileKind.PIPFILE_LOCK)]


@pytest.mark.parametrize(("kind", "fixture"), TOML_KINDS)
def test_deeply_nested_toml(tmp_path: Path, ddlint: Any, kind: FileKind, fixture: Path) -> None:
    path = copy_project(fixture.parent, tmp_path / "project") / fixture.name
    deep = "deep = " + "[" * 20_000 + "]" * 20_000 + "\n"
    path.write_text("# nested\n" + deep + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = lint(ddlint, tmp_path, _relative(path, tmp_path), "--format", "json")
    assert [line for line, _, _ in ddl001(result, _relative(path, tmp_path))] == [2]
    assert result.code == EXIT_FINDINGS


def test_deeply_nested_pipfile_lock(write: Any, ddlint: Any) -> None:
    root = write({"Pipfile.lock": '{"default": ' + "[" * 100_000 + "]" * 100_000 + "}\n"})
    result = lint(ddlint, root, "Pipfile.lock", "--format", "json")
    assert ddl001(result, "Pipfile.lock") and result.code == EXIT_FINDINGS


def test_deeply_nested_pyproject_beside_a_lock(write: Any, ddlint: Any) -> None:
    """The project context (requires-python, [tool.ddlint]) is read from a broken manifest too."""
    root = write({
        "pyproject.toml": "[project]\nname = 'x'\n[tool.ddlint]\nx = " + "[" * 20_000
                          + "]" * 20_000 + "\n",
        "requirements.txt": "ddtrace==4.16.0\n",
    })
    result = lint(ddlint, root, "requirements.txt", "--format", "json")
    assert result.code == EXIT_USAGE and "nested too deeply" in result.err
    result = lint(ddlint, root, "requirements.txt", "--format", "json", "--config",
                  str(_empty_config(root)))
    assert result.code == 0


def _empty_config(root: Path) -> Path:
    config = root / "config" / "ddlint.toml"
    config.parent.mkdir()
    config.write_text("", encoding="utf-8")
    return config


@pytest.mark.parametrize("damage", [
    ('size = ', 'size = 0'),  # a leading zero
    ('", size', '\x01", size'),  # a control character in a string
    (" },\n", " }\n"),  # a missing comma
    ('hash = "', 'hash = "\\q'),  # an invalid escape
])
def test_damage_inside_the_lines_ddlint_skips_is_still_found(
    tmp_path: Path, ddlint: Any, damage: tuple[str, str]
) -> None:
    """uv.lock's sdist and wheels lines are left out of the parse only when valid by shape:
    damage inside them is a DDL001 on its line like anywhere else."""
    path = copy_project(FIXTURES / "parity" / "uv", tmp_path / "project") / "uv.lock"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(index for index, line in enumerate(lines)
              if index > len(lines) // 2 and line.startswith("    { url = ") and damage[0] in line)
    lines[at] = lines[at].replace(damage[0], damage[1], 1)
    path.write_text("".join(lines), encoding="utf-8")
    result = lint(ddlint, tmp_path, _relative(path, tmp_path), "--format", "json")
    found = [line for line, _, _ in ddl001(result, _relative(path, tmp_path))]
    assert found and found[0] in (at + 1, at + 2), (at + 1, found)
