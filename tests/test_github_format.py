"""``--format github``: workflow commands that annotate pull requests, escaped as GitHub
reads them."""

from __future__ import annotations

from pathlib import Path

from ddlint.formatters.github import command, escape_data, escape_property
from ddlint.model import Diagnostic, Location, Severity
from tests.conftest import make_top

EXAMPLE = "ddtrace==4.16.0\ndjango==1.7.11\nbottle==0.12.25\n"


def commands(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("::")]


def test_findings_become_error_and_notice_commands(write, ddlint) -> None:
    root = write({"app/requirements.txt": EXAMPLE})
    make_top(root)
    result = ddlint("requirements.txt", "--format", "github", cwd=root / "app")
    assert result.code == 1
    lines = commands(result.out)
    django = next(line for line in lines if "DDL301" in line)
    assert django.startswith(
        "::error file=app/requirements.txt,line=2,col=1,title=DDL301 integration-below-minimum::"
        "django 1.7.11 is older than ddtrace 4.16.0")
    assert django.endswith("%0Afix: require django>=2.2.8")  # the fix on a second line
    bottle = next(line for line in lines if "DDL304" in line)
    assert bottle.startswith("::notice file=app/requirements.txt,line=3,col=1,")
    assert result.out.splitlines()[-1].startswith("1 file, 3 dependencies checked: ")


def test_suppressed_findings_are_not_annotated(write, ddlint) -> None:
    root = write({"requirements.txt":
                  "ddtrace==4.16.0\ndjango==1.7.11  # ddlint: ignore[DDL301]\n"})
    result = ddlint("requirements.txt", "--format", "github", cwd=root)
    assert not any("DDL301" in line for line in commands(result.out))
    assert "1 suppressed" in result.out


def test_warning_command() -> None:
    found = Diagnostic("DDL305", Severity.WARNING, "django>=1.5 admits 1.7",
                       Location(Path("pyproject.toml"), 7, 5))
    assert command(found, "DDL305 constraint-admits-unsupported", Path.cwd()) == (
        "::warning file=pyproject.toml,line=7,col=5,title=DDL305 constraint-admits-unsupported"
        "::django>=1.5 admits 1.7")


def test_escaping_follows_the_toolkit() -> None:
    assert escape_data("100% sure\r\nnext: a, b") == "100%25 sure%0D%0Anext: a, b"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    found = Diagnostic("DDL001", Severity.ERROR, "bad line\nhere: 50%",
                       Location(Path("dir, with: colon/requirements.txt"), 1, 1))
    line = command(found, "DDL001 invalid-file", Path.cwd())
    assert line == ("::error file=dir%2C with%3A colon/requirements.txt,line=1,col=1,"
                    "title=DDL001 invalid-file::bad line%0Ahere: 50%25")
    assert "\n" not in line
