"""Property-based tests: every parser, fed arbitrary bytes and text and mutated real fixtures
(deleted keys, wrong types, truncation), returns results or DDL001 findings, never an exception;
and a whole run on such files ends with exit 0 or 1."""

from __future__ import annotations

import contextlib
import importlib
import io
import itertools
import json
import math
import tempfile
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddlint import environment, parsers
from ddlint.cli import main
from ddlint.model import DependencyFile, FileKind
from ddlint.toml import loads as toml_loads
from tests.conftest import FIXTURES, TODAY

# Modest and reproducible: the same examples on every machine, nothing stored between runs.
FUZZ = settings(
    max_examples=150, deadline=None, derandomize=True, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)
MUTATIONS = settings(FUZZ, max_examples=100)

FILE_NAMES = {
    FileKind.REQUIREMENTS: "requirements.txt", FileKind.PYPROJECT: "pyproject.toml",
    FileKind.UV_LOCK: "uv.lock", FileKind.POETRY_LOCK: "poetry.lock",
    FileKind.PDM_LOCK: "pdm.lock", FileKind.PIPFILE_LOCK: "Pipfile.lock",
    FileKind.PYLOCK: "pylock.toml",
}
KINDS = [pytest.param(kind, id=kind.value) for kind in FileKind]

# Pieces of each format, so that generated text reaches past the first syntax check.
_TOML_TOKENS = [
    "\n", " ", "=", '"', "'", "[", "]", "[[", "]]", "{", "}", ",", ".", "#", "\\", '"""',
    "name", "version", "package", "source", "dependencies", "markers", "marker", "extras",
    "requires-python", "metadata", "project", "tool", "poetry", "dependency-groups", "groups",
    "optional-dependencies", "resolution-markers", "lock-version", "content-hash", "packages",
    '"ddtrace"', '"django"', '"4.16.0"', '"1.7.11"', '">=3.9"', '"^1.8"', '"*"', "1", "3.14",
    "true", "[]", "{}", "1" * 5000, '"python_version < \'3.9\'"',
    '{ registry = "https://registry.invalid" }',
    '{ editable = "." }', '{ version = "1.7.11", markers = "sys_platform == \'linux\'" }',
]
_REQUIREMENTS_TOKENS = [
    "\n", "\r\n", " ", "\\\n", "#", "-r ", "-c ", "-e ", "--hash=sha256:00", "--index-url ",
    "ddtrace", "django", "flask", "==", "===", ">=", "<", "~=", "!=", "4.16.0", "1.7.11", ".*",
    "[", "]", ",", ";", "python_version", "'3.9'", " and ", " or ", "(", ")", "@", "git+",
    "https://registry.invalid/x.whl", "./local", "#egg=", "other.txt", "requirements.txt",
    "1" * 5000, "\x00", "\ufeff",
]
_JSON_TOKENS = [
    "{", "}", "[", "]", ":", ",", '"', "\n", "null", "true", "1", '"_meta"', '"default"',
    '"develop"', '"version"', '"==1.7.11"', '"django"', '"ddtrace"', '"==4.16.0"', '"markers"',
    '"python_version < \'3.9\'"', '"requires"', '"python_version"', '"3.11"', '"hashes"',
    "1" * 5000,
]


def _tokens(kind: FileKind) -> list[str]:
    if kind is FileKind.REQUIREMENTS:
        return _REQUIREMENTS_TOKENS
    return _JSON_TOKENS if kind is FileKind.PIPFILE_LOCK else _TOML_TOKENS


_counter = itertools.count()


def _fresh(tmp_path: Path, kind: FileKind, content: bytes) -> Path:
    """A new folder per example: ddlint caches parsed TOML and configuration by path."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path, prefix=f"{next(_counter)}-"))
    path = folder / FILE_NAMES[kind]
    path.write_bytes(content)
    return path


def _parse(kind: FileKind, path: Path) -> DependencyFile:
    """The parser itself, not the dispatcher that turns its exceptions into findings."""
    module = importlib.import_module(parsers._MODULES[kind])
    result: DependencyFile = module.parse(path)
    _check(result, kind)
    return result


def _check(result: DependencyFile, kind: FileKind) -> None:
    assert isinstance(result, DependencyFile) and result.kind is kind
    for diagnostic in result.diagnostics:
        assert diagnostic.code == "DDL001", diagnostic
        assert diagnostic.location.line >= 1 and diagnostic.location.column >= 1
        assert "please report this as a bug" not in diagnostic.message
        assert len(diagnostic.message) < 1000
    for dependency in result.dependencies:
        assert isinstance(dependency.name, str)
        assert dependency.location.line >= 1 and dependency.location.column >= 1
        assert dependency.version is None or isinstance(dependency.version, str)


# ---------------------------------------------------------------- arbitrary input

@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(content=st.binary(max_size=2000))
def test_arbitrary_bytes(tmp_path: Path, kind: FileKind, content: bytes) -> None:
    _parse(kind, _fresh(tmp_path, kind, content))


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(data=st.data())
def test_arbitrary_text_made_of_the_format(tmp_path: Path, kind: FileKind, data: Any) -> None:
    pieces = data.draw(st.lists(st.sampled_from(_tokens(kind)) | st.text(max_size=8),
                                max_size=60))
    _parse(kind, _fresh(tmp_path, kind, "".join(pieces).encode("utf-8", "surrogatepass")))


# ---------------------------------------------------------------- mutated real files

def _fixtures() -> dict[FileKind, Path]:
    """The smallest real-tool fixture of each format."""
    found: dict[FileKind, Path] = {}
    for path in sorted(FIXTURES.rglob("*"), key=lambda p: (p.stat().st_size, str(p))):
        kind = parsers.detect(path)
        if kind is not None and path.is_file() and kind not in found:
            found[kind] = path
    return found


FIXTURE_OF = _fixtures()


def test_every_format_has_a_parser_and_a_fixture() -> None:
    """The properties below cover every format: none may be missing its parser or fixture."""
    assert all(parsers.available(kind) for kind in FileKind)
    assert set(FIXTURE_OF) == set(FileKind)
WITH_FIXTURE = [pytest.param(kind, id=kind.value) for kind in FileKind if kind in FIXTURE_OF]
# A requirements file has no structure beyond its lines: the line test covers it.
STRUCTURED = [param for param in WITH_FIXTURE if param.values[0] is not FileKind.REQUIREMENTS]


def _reduced(kind: FileKind, text: str, keep: int = 6) -> str:
    """The fixture cut to its first ``keep`` entries (and everything that is not an entry),
    so that an example parses in milliseconds."""
    if kind is FileKind.PIPFILE_LOCK:
        document = json.loads(text)
        for section in ("default", "develop"):
            if isinstance(document.get(section), dict):
                document[section] = dict(list(document[section].items())[:keep])
        return json.dumps(document, indent=4) + "\n"
    if kind is FileKind.REQUIREMENTS:
        return "\n".join(text.splitlines()[:keep * 5]) + "\n"
    chunks: list[list[str]] = [[]]
    for line in text.splitlines(keepends=True):
        if line.startswith("["):
            chunks.append([])
        chunks[-1].append(line)
    kept, entries, entry_name = [], 0, None
    for chunk in chunks:
        header = chunk[0].strip() if chunk else ""
        if header.startswith("[[") and "." not in header:
            entry_name, entries = header.strip("[]"), entries + 1
        elif entry_name is None or not header.lstrip("[").startswith(entry_name + "."):
            entry_name = None
        if entry_name is None or entries <= keep:
            kept.extend(chunk)
    return "".join(kept)


def _wrong_types(toml: bool) -> st.SearchStrategy[Any]:
    values: list[Any] = [0, -1, 2**62, True, 1.5, "", "not a version", "1" * 5000, [], {},
                         [1, "a"], {"name": 1}, [{"name": []}], {"version": {}}]
    if not toml:
        values.append(None)
    return st.sampled_from(values)


def _mutate(document: Any, data: Any, toml: bool) -> Any:
    """Delete a key (or item), or replace a value with one of the wrong type, somewhere in the
    document, chosen by hypothesis."""
    path: list[Any] = []
    node = document
    while isinstance(node, (dict, list)) and node and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(list(node) if isinstance(node, dict)
                                        else list(range(len(node)))))
        path.append(key)
        node = node[key]
    if not path:
        return data.draw(_wrong_types(toml)) if data.draw(st.booleans()) else document
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    if data.draw(st.booleans()):
        del parent[path[-1]]
    else:
        parent[path[-1]] = data.draw(_wrong_types(toml))
    return document


def _toml_value(value: Any) -> str:
    """A TOML rendering of ``value`` (tables inline), enough for mutated lockfiles."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}"
                               for k, v in value.items()) + "}"
    return json.dumps(str(value))  # dates and times: as strings, itself a wrong type


def _toml_dumps(document: Any) -> str:
    if not isinstance(document, dict):
        return f"value = {_toml_value(document)}\n"
    return "".join(f"{json.dumps(str(k))} = {_toml_value(v)}\n" for k, v in document.items())


@pytest.mark.parametrize("kind", STRUCTURED)
@MUTATIONS
@given(data=st.data())
def test_structured_mutations_of_real_files(tmp_path: Path, kind: FileKind, data: Any) -> None:
    """Deleted keys and wrong types anywhere in the document."""
    text = _reduced(kind, FIXTURE_OF[kind].read_text(encoding="utf-8"))
    toml = kind is not FileKind.PIPFILE_LOCK
    document = toml_loads(text) if toml else json.loads(text)
    for _ in range(data.draw(st.integers(1, 3))):
        document = _mutate(document, data, toml)
    rendered = _toml_dumps(document) if toml else json.dumps(document, indent=4)
    _parse(kind, _fresh(tmp_path, kind, rendered.encode()))


_LINE_EDITS: dict[str, Callable[[list[str], int, str], list[str]]] = {
    "delete": lambda lines, at, _: lines[:at] + lines[at + 1:],
    "duplicate": lambda lines, at, _: lines[:at + 1] + lines[at:],
    "replace-value": lambda lines, at, value: [
        *lines[:at], lines[at].split("=", 1)[0] + "= " + value + "\n"
        if "=" in lines[at] else lines[at], *lines[at + 1:]],
    "flip-table": lambda lines, at, _: [
        *lines[:at], lines[at].replace("[[", "<").replace("]]", ">").replace("[", "[[")
        .replace("]", "]]").replace("<", "[").replace(">", "]"), *lines[at + 1:]],
    "truncate": lambda lines, at, _: [*lines[:at], lines[at][:len(lines[at]) // 2]],
}


@pytest.mark.parametrize("kind", WITH_FIXTURE)
@MUTATIONS
@given(data=st.data())
def test_line_mutations_of_real_files(tmp_path: Path, kind: FileKind, data: Any) -> None:
    """Edits that keep the file's layout: deleted, duplicated and cut lines, a value replaced
    by another type, an array of tables turned into a table and back."""
    lines = _reduced(kind, FIXTURE_OF[kind].read_text(encoding="utf-8")).splitlines(True)
    values = ['1', 'true', '[]', '{}', '""', '"x"', '[1, "a"]', '{ name = 1 }', '"' + "9" * 5000]
    for _ in range(data.draw(st.integers(1, 4))):
        if not lines:
            break
        at = data.draw(st.integers(0, len(lines) - 1))
        edit = data.draw(st.sampled_from(sorted(_LINE_EDITS)))
        lines = _LINE_EDITS[edit](lines, at, data.draw(st.sampled_from(values)))
    _parse(kind, _fresh(tmp_path, kind, "".join(lines).encode()))


# ---------------------------------------------------------------- the whole run

# Valid options, each changing what the rules judge: the targets, the tracer, the deployment.
_OPTIONS = [[], ["--python", "3.8"], ["--python", "3.14"], ["--platform", "linux-i686"],
            ["--platform", "windows-x86"], ["--tracer-version", "2.21.0"],
            ["--tracer-version", "4.16.0"], ["--agent-version", "7.50.0"], ["--serverless"],
            ["--lambda-extension-version", "27"], ["--select", "DDL1,DDL2"],
            ["--fail-on", "info"], ["--exit-zero"], ["--today", "2031-01-01"]]
_PYTHON_VERSION_FILES = ["3.12\n", "3.8.10\n", "pypy3.10\n", "system\n", "", "\x00\n",
                         "3." + "1" * 5000 + "\n", "cpython-3.13t\n", "# comment\n3.7\n"]
_VALUES = ['"' + "1" * 5000 + '"', '"1.0"', '"x"', "[]", '">=3.' + "9" * 5000 + '"',
           '"<3"', '">=4"', '"==2.7.*"', '"^3.9"']


@MUTATIONS
@given(data=st.data())
def test_a_whole_run_on_mutated_files_exits_0_or_1(tmp_path: Path, data: Any) -> None:
    """The targets, the rules, the filter and every output format take whatever a parser
    returned and whatever the project's context says."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    requirements = data.draw(st.lists(st.sampled_from(_REQUIREMENTS_TOKENS), max_size=40))
    (folder / "requirements.txt").write_text("ddtrace==4.16.0\n" + "".join(requirements),
                                             encoding="utf-8", errors="surrogatepass")
    for kind in (FileKind.UV_LOCK, FileKind.PYPROJECT):
        if kind in FIXTURE_OF:
            lines = _reduced(kind, FIXTURE_OF[kind].read_text(encoding="utf-8")).splitlines(True)
            at = data.draw(st.integers(0, max(0, len(lines) - 1)))
            edit = data.draw(st.sampled_from(sorted(_LINE_EDITS)))
            value = data.draw(st.sampled_from(_VALUES))
            (folder / FILE_NAMES[kind]).write_text("".join(_LINE_EDITS[edit](lines, at, value)),
                                                   encoding="utf-8")
    if data.draw(st.booleans()):
        (folder / ".python-version").write_text(data.draw(st.sampled_from(_PYTHON_VERSION_FILES)),
                                                encoding="utf-8")
    output_format = data.draw(st.sampled_from(["text", "json", "sarif", "github"]))
    options = data.draw(st.sampled_from(_OPTIONS))
    today = [] if "--today" in options else ["--today", TODAY]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main([str(folder), "--format", output_format, *today, *options])
    assert code in (0, 1)


# ---------------------------------------------------------------- marker evaluation

_MARKER_VARIABLES = ["python_version", "python_full_version", "sys_platform", "os_name",
                     "platform_machine", "platform_system", "implementation_name", "extra"]
_MARKER_VALUES = ["3.9", "3.10", "3.11.5", "3.12.*", "3", "linux", "win32", "x86_64", "nt",
                  "cpython", "test", ""]
_MARKER_OPS = ["==", "!=", "<", "<=", ">", ">=", "~=", "===", "in", "not in"]
_comparisons = st.builds(
    lambda variable, op, value, flipped: f"'{value}' {op} {variable}" if flipped
    else f"{variable} {op} '{value}'",
    st.sampled_from(_MARKER_VARIABLES), st.sampled_from(_MARKER_OPS),
    st.sampled_from(_MARKER_VALUES), st.booleans(),
)
_markers = st.recursive(_comparisons, lambda inner: st.builds(
    lambda left, joint, right, grouped: f"({left} {joint} {right})" if grouped
    else f"{left} {joint} {right}",
    inner, st.sampled_from(["and", "or"]), inner, st.booleans(),
), max_leaves=12)


@FUZZ
@given(marker=_markers, python=st.sampled_from(["3.8", "3.9", "3.12", "3.14"]),
       platform=st.sampled_from(sorted(environment._PLATFORM_MARKERS)))
def test_marker_evaluation_matches_packaging(marker: str, python: str, platform: str) -> None:
    """ddlint evaluates markers comparison by comparison, from a cache: same answers as
    packaging's own evaluation of the whole marker, errors included."""
    from packaging.markers import InvalidMarker, Marker

    try:
        parsed = Marker(marker)
    except InvalidMarker:
        return
    env = {**environment._BLANK_ENVIRONMENT, **environment._PLATFORM_MARKERS[platform],
           "python_version": python, "python_full_version": f"{python}.1",
           "implementation_name": "cpython"}

    def outcome(evaluate: Callable[[], bool]) -> Any:
        try:
            return evaluate()
        except Exception as error:  # the same failure, whichever way it is evaluated
            return type(error).__name__

    assert outcome(lambda: environment._evaluate(marker, env)) == outcome(
        lambda: bool(parsed.evaluate(env)))


# ---------------------------------------------------------------- configuration files

_CONFIG_KEYS = ["python-versions", "platforms", "agent-version", "lambda-extension-version",
                "tracer-version", "serverless", "select", "ignore", "fail-on",
                "per-file-ignores", "ignores", "unknown-key"]
_CONFIG_VALUES = ['["3.12"]', '["linux-x86_64"]', '"7.76.1"', '"4.16.0"', "true", '["DDL3"]',
                  '"error"', '{ "requirements.txt" = ["DDL304"] }', "3.10", "1", '""', "[]",
                  "{}", '"' + "9" * 5000 + '"', "9" * 5000, '[{ code = "DDL301" }]',
                  '[{ code = "DDL301", reason = "x", expires = 2026-01-01 }]', "2026-01-01",
                  '["3.12", 3]', "[" * 3000 + "]" * 3000]


@MUTATIONS
@given(data=st.data())
def test_a_hostile_configuration_is_exit_2_or_a_run(tmp_path: Path, data: Any) -> None:
    """Any configuration file ends in a run (exit 0 or 1) or a clear error (exit 2)."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    (folder / "requirements.txt").write_text("ddtrace==4.16.0\ndjango==1.7.11\n",
                                             encoding="utf-8")
    lines = data.draw(st.lists(st.builds(
        lambda key, value: f"{key} = {value}\n",
        st.sampled_from(_CONFIG_KEYS), st.sampled_from(_CONFIG_VALUES),
    ) | st.sampled_from(["[tool.ddlint]\n", "[[ignores]]\n", "garbage\n", "\x00\n"]),
        max_size=6))
    where = data.draw(st.sampled_from(["ddlint.toml", "pyproject.toml"]))
    header = "[tool.ddlint]\n" if where == "pyproject.toml" else ""
    (folder / where).write_text(header + "".join(lines), encoding="utf-8")
    errors = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(errors):
        code = main([str(folder / "requirements.txt"), "--today", TODAY])
    assert code in (0, 1, 2)
    if code == 2:
        assert errors.getvalue().startswith("ddlint: error: ") and len(errors.getvalue()) < 2000
