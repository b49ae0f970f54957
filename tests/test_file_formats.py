"""A format's home: its ``FileFormat`` row and its parser module are all that adding a format
takes (plus tests and docs), and a forgotten piece fails here; after the parse, nothing opens
a file."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from ddlint.file_formats import FORMATS, FileFormat
from ddlint.fixing.writing import RefusedError, target
from ddlint.parsers import detect
from tests.conftest import REPO

PACKAGE = REPO / "ddlint"


@pytest.mark.parametrize("row", FORMATS, ids=lambda row: row.title)
def test_each_row_has_its_pieces(row: FileFormat) -> None:
    module = importlib.import_module(row.parser)
    assert callable(getattr(module, "parse", None)), f"{row.parser} has no parse(path)"
    parameters = inspect.signature(module.parse).parameters
    if row.edited:  # --fix edits it: the module gives the spans
        assert callable(getattr(module, "declarations", None)), \
            f"{row.parser}: an edited format needs declarations(text, path)"
    else:
        assert not hasattr(module, "declarations")
    manifest = detect(Path(row.manifest)) if row.manifest else None
    if manifest is not None:  # the engine hands the parsed manifest to the lock's parse
        assert "manifest" in parameters, f"{row.parser}.parse takes no manifest"
    for name in row.names:
        assert detect(Path(name)) == row.kind


@pytest.mark.parametrize("row", [row for row in FORMATS if not row.edited],
                         ids=lambda row: row.title)
def test_the_writer_refuses_every_format_no_person_writes(tmp_path: Path,
                                                          row: FileFormat) -> None:
    """The writer's refusals come from the rows: a new lock format is refused without a list
    to edit by hand, whatever kind the caller says."""
    names = [*row.names, *(pattern.replace("*", "dev") for pattern in row.patterns)]
    for name in names:
        path = tmp_path / name
        path.write_text("x\n", encoding="utf-8")
        with pytest.raises(RefusedError):
            target(path, "requirements", tmp_path)


def _imports_and_calls(path: Path) -> tuple[set[str], set[str]]:
    """What a module imports (``module.name``) and the names it calls, except the one
    reader's (``ddlint.reading``: within a run, the bytes the parse read)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported: set[str] = set()
    calls: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call):
            calls.append(node.func)
    reader = {name.rpartition(".")[2] for name in imported if name.startswith("ddlint.reading.")}
    called: set[str] = set()
    for function in calls:
        if isinstance(function, ast.Attribute):
            if not (isinstance(function.value, ast.Name) and function.value.id == "reading"):
                called.add(function.attr)
        elif isinstance(function, ast.Name) and function.id not in reader:
            called.add(function.id)
    return imported, called


@pytest.mark.parametrize("path", sorted((PACKAGE / "parsers").glob("*.py")),
                         ids=lambda path: path.name)
def test_no_parser_calls_the_parser_registry(path: Path) -> None:
    if path.name == "__init__.py":
        return  # the registry itself
    imported, _ = _imports_and_calls(path)
    assert not {"ddlint.parsers.parse", "ddlint.parsers.detect"} & imported


# What opens, reads or lists a file. The fix stage's one writer (fixing/writing.py) creates its
# temporary file (mkstemp, fdopen) and renames it; nothing after the parse reads.
_READS = {"open", "read_bytes", "read_text", "glob", "rglob", "iterdir", "scandir", "listdir",
          "walk", "load_path"}
_AFTER_THE_PARSE = [PACKAGE / "autofix.py", *sorted((PACKAGE / "fixing").glob("*.py")),
                    *sorted((PACKAGE / "formatters").glob("*.py"))]


@pytest.mark.parametrize("path", _AFTER_THE_PARSE, ids=lambda path: path.name)
def test_nothing_after_the_parse_opens_a_file(path: Path) -> None:
    """The fix stage and the formats work from what the parse read (``reading``'s session,
    ``Report.parsed``, ``Report.lines``); tests/test_fix_hostile.py counts the opens of real
    runs."""
    _, called = _imports_and_calls(path)
    assert not called & _READS, f"{path.name} reads a file: {sorted(called & _READS)}"
