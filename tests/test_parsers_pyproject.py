"""pyproject.toml: every way a project declares dependencies, at the line of its entry."""

from __future__ import annotations

from pathlib import Path

from ddlint.model import Dependency, DependencyFile
from ddlint.parsers.pyproject import parse
from tests.conftest import FIXTURES, applies, diagnostics

EVERY_FORM = '''
[project]
name = "app"
requires-python = ">=3.9"
dependencies = [
    "ddtrace>=4",
    "Django>=1.5",   # the range DDL305 is about
    'redis[hiredis]==5.0.8 ; python_version < "3.12"',
]

[project.optional-dependencies]
web = ["flask>=2"]

[dependency-groups]
dev = ["pytest>=8", { include-group = "lint" }]
lint = ["ruff"]

[tool.uv]
dev-dependencies = ["mypy>=1"]

[tool.pdm.dev-dependencies]
test = ["coverage>=7"]

[tool.poetry.dependencies]
python = "^3.9"
celery = "^4.3"
gunicorn = { version = "~20.1", extras = ["gevent"], python = "<3.12" }
falcon = "*"
requests = [
    { version = "<2.30", python = "<3.10" },
    { version = "^2.31", python = ">=3.10", platform = "linux" },
]
mylib = { git = "https://registry.invalid/mylib.git", branch = "main" }

[tool.poetry.group.test.dependencies]
pytest-django = ">=4.5,<5"

[tool.poetry.dependencies.sqlalchemy]
version = "1.4.*"
'''


def _parse(write, text: str) -> DependencyFile:
    root = write({"pyproject.toml": text})
    return parse(root / "pyproject.toml")


def _one(file: DependencyFile, name: str) -> Dependency:
    (found,) = [d for d in file.dependencies if d.name == name]
    return found


def _line(file: DependencyFile, dependency: Dependency) -> str:
    lines = file.path.read_text(encoding="utf-8").splitlines()
    return lines[dependency.location.line - 1][dependency.location.column - 1:]


def test_every_form_is_read_at_its_entry(write) -> None:
    file = _parse(write, EVERY_FORM)
    assert file.diagnostics == ()
    assert file.requires_python == ">=3.9"
    names = {d.name for d in file.dependencies}
    assert names == {"ddtrace", "django", "redis", "flask", "pytest", "ruff", "mypy",
                     "coverage", "celery", "gunicorn", "falcon", "requests", "mylib",
                     "pytest-django", "sqlalchemy"}
    assert all(not d.locked for d in file.dependencies)
    django = _one(file, "django")
    assert _line(file, django).startswith('"Django>=1.5"')
    assert (django.specifier, django.version, django.groups) == (">=1.5", None, ("main",))
    redis = _one(file, "redis")
    assert _line(file, redis).startswith("'redis[hiredis]")
    assert (redis.version, redis.extras) == ("5.0.8", ("hiredis",))
    assert applies(redis.marker, "3.11") and not applies(redis.marker, "3.12")
    assert _one(file, "flask").groups == ("web",)
    assert _one(file, "pytest").groups == ("dev",)
    assert _one(file, "mypy").groups == ("dev",)
    assert _one(file, "coverage").groups == ("test",)
    assert _one(file, "pytest-django").groups == ("test",)


def test_poetry_forms_become_pep440(write) -> None:
    file = _parse(write, EVERY_FORM)
    celery = _one(file, "celery")
    assert _line(file, celery).startswith('celery = "^4.3"')
    assert celery.specifier == ">=4.3,<5" and celery.version is None
    gunicorn = _one(file, "gunicorn")
    assert gunicorn.specifier == ">=20.1,<20.2" and gunicorn.extras == ("gevent",)
    assert applies(gunicorn.marker, "3.11") and not applies(gunicorn.marker, "3.12")
    assert _one(file, "falcon").specifier == ""
    old, new = sorted((d for d in file.dependencies if d.name == "requests"),
                      key=lambda d: d.location.line)
    assert _line(file, old).startswith("{ version = \"<2.30\"")
    assert old.location.line + 1 == new.location.line
    assert applies(old.marker, "3.9") and not applies(new.marker, "3.9")
    assert applies(new.marker, "3.12", "linux-x86_64")
    assert not applies(new.marker, "3.12", "macos-arm64")
    mylib = _one(file, "mylib")
    assert mylib.url == "https://registry.invalid/mylib.git" and mylib.specifier == ""
    sqlalchemy = _one(file, "sqlalchemy")
    assert _line(file, sqlalchemy).startswith("[tool.poetry.dependencies.sqlalchemy]")
    assert sqlalchemy.specifier == "==1.4.*" and sqlalchemy.version is None


def test_poetry_python_is_the_projects_range(write) -> None:
    file = _parse(write, '[tool.poetry.dependencies]\npython = "^3.9"\nflask = "^3"\n')
    assert file.requires_python == ">=3.9,<4"
    assert [d.name for d in file.dependencies] == ["flask"]


def test_bad_entries_are_ddl001_at_their_position(write) -> None:
    file = _parse(write, '''
[project]
dependencies = [
    "ok",
    "django >= = 1",
    3,
]
optional-dependencies = { x = "not-a-list" }

[tool.poetry.dependencies]
flask = "^latest"
redis = 5
''')
    found = {(d.location.line, d.location.column): d.message for d in file.diagnostics}
    assert [d.name for d in file.dependencies] == ["ok"]
    assert "invalid requirement 'django >= = 1'" in found[(4, 5)]
    assert "must be strings" in found[(5, 5)]
    assert "must be an array" in found[(7, 31)]
    assert "flask" in found[(10, 1)] and "redis" in found[(11, 1)]
    assert len(found) == 5


def test_malformed_toml_is_a_finding(write, ddlint) -> None:
    root = write({"pyproject.toml": '[project]\ndependencies = ["a",\nname = 1\n'})
    result = ddlint("pyproject.toml", "--format", "json", cwd=root)
    (problem,) = diagnostics(result, "DDL001")
    assert problem["line"] == 3 and result.code == 1


def test_ddl305_for_a_range_on_the_manifest_line(write, ddlint) -> None:
    root = write({"pyproject.toml": '''
        [project]
        name = "app"
        dependencies = [
            "ddtrace==4.16.0",
            "django>=1.5",
            "flask>=3",
        ]

        [tool.poetry.dependencies]
        celery = "^4.3"
        django = "^1.7"
    '''})
    result = ddlint("pyproject.toml", "--format", "json", cwd=root)
    found = {(d["package"], d["line"]) for d in diagnostics(result, "DDL305")}
    # django>=1.5 admits releases below the supported minimum, and so do ^4.3 and ^1.7.
    assert found == {("django", 5), ("celery", 10), ("django", 11)}


def test_inline_ignore_in_pyproject(write, ddlint) -> None:
    root = write({"pyproject.toml": '''
        [project]
        dependencies = [
            "ddtrace==4.16.0",
            "django>=1.5",  # ddlint: ignore[DDL305]
        ]
    '''})
    result = ddlint("pyproject.toml", "--format", "json", cwd=root)
    assert "DDL305" not in result.codes()
    (suppressed,) = [d for d in diagnostics(result, "DDL305") if d.get("suppressed")]
    assert suppressed["line"] == 4


def test_fixture_manifests_read_cleanly() -> None:
    for path in sorted(FIXTURES.rglob("pyproject.toml")):
        file = parse(path)
        assert file.diagnostics == (), path
        if b"[tool.ruff]" in path.read_bytes() and b"dependencies" not in path.read_bytes():
            # a tooling-only pyproject.toml (a repository's root, as in environments/):
            # nothing to install, no Python declared
            assert (file.dependencies, file.requires_python) == ((), None), path
            continue
        assert file.dependencies, path
        assert file.requires_python, path


def test_no_dependencies_at_all(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[build-system]\nrequires = []\n", encoding="utf-8")
    file = parse(path)
    assert (file.dependencies, file.diagnostics, file.requires_python) == ((), (), None)
