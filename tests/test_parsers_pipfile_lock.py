"""Pipfile.lock: default and develop, markers, the line of each package key, bad JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ddlint.model import Severity
from ddlint.parsers.pipfile_lock import parse
from tests.conftest import FIXTURES, applies, diagnostics


def test_real_lock() -> None:
    file = parse(FIXTURES / "parity" / "pipenv" / "Pipfile.lock")
    assert file.diagnostics == ()
    assert file.requires_python == "==3.11.*"
    assert file.generated_by == "pipenv"
    document = json.loads(file.path.read_text(encoding="utf-8"))
    assert [d.name for d in file.dependencies] == list(document["default"])
    lines = file.path.read_text(encoding="utf-8").splitlines()
    for dependency in file.dependencies:
        text = lines[dependency.location.line - 1]
        assert text[dependency.location.column - 1:].startswith(f'"{dependency.name}": {{')
        assert dependency.version == document["default"][dependency.name]["version"][2:]
        assert dependency.groups == ("default",) and dependency.locked
    amqp = next(d for d in file.dependencies if d.name == "amqp")
    assert applies(amqp.marker, "3.11") and not applies(amqp.marker, "3.4")
    django = next(d for d in file.dependencies if d.name == "django")
    assert django.origin is not None and django.origin.path.name == "Pipfile"


LOCK = {
    "_meta": {"pipfile-spec": 6, "requires": {"python_full_version": "3.12.4"}},
    "default": {
        "Django": {"version": "==4.2.1", "markers": "python_version >= '3.8'"},
        "mylib": {"git": "https://registry.invalid/mylib.git", "ref": "abc", "editable": True},
    },
    "develop": {"pytest": {"version": "==8.0.0"}, "broken": {"version": ">=1"},
                "nothing": {}},
}


def _write(write, document: object, indent: int | None = 4) -> Path:
    root = write({"Pipfile.lock": json.dumps(document, indent=indent)})
    path: Path = root / "Pipfile.lock"
    return path


@pytest.mark.parametrize("indent", [4, None], ids=["pipenv-layout", "one-line"])
def test_sections_sources_and_bad_entries(write, indent: int | None) -> None:
    file = parse(_write(write, LOCK, indent))
    assert file.requires_python == "==3.12.4"
    assert [(d.name, d.version, d.groups) for d in file.dependencies] == [
        ("django", "4.2.1", ("default",)), ("mylib", None, ("default",)),
        ("pytest", "8.0.0", ("develop",)),
    ]
    assert file.dependencies[1].version is None
    broken, nothing = file.diagnostics
    assert "'broken' has no exact version" in broken.message
    assert "'nothing' has no exact version" in nothing.message
    text = file.path.read_text(encoding="utf-8")
    for problem, key in ((broken, '"broken"'), (nothing, '"nothing"')):
        line = text.splitlines()[problem.location.line - 1]
        assert line[problem.location.column - 1:].startswith(key)


def test_unknown_spec_version(write) -> None:
    file = parse(_write(write, {**LOCK, "_meta": {"pipfile-spec": 7}}))
    (problem,) = file.diagnostics
    assert problem.severity is Severity.ERROR and "pipfile-spec 7" in problem.message
    assert file.dependencies == ()


def test_bad_json_is_ddl001_at_the_decoder_position(write, ddlint) -> None:
    root = write({"Pipfile.lock": '{\n  "default": {\n    "a": {"version": "==1",}\n  }\n}\n'})
    result = ddlint("Pipfile.lock", "--format", "json", cwd=root)
    (problem,) = diagnostics(result, "DDL001")
    assert (problem["line"], problem["column"]) == (3, 28)  # where json stops: the "}"
    assert problem["message"].startswith("invalid JSON")


@pytest.mark.parametrize("document", [[], {"default": []}])
def test_wrong_shapes(write, document: object) -> None:
    file = parse(_write(write, document))
    assert [d.code for d in file.diagnostics] == ["DDL001"]
