"""The README's set-up, as a new user follows it from a fresh clone (issue 25): the commands
work as written, say why the example exits 1, and install nothing by a name that has no
release behind it."""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
CHANGELOG = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _unreleased() -> bool:
    newest = re.search(r"^## (\S+) .*$", CHANGELOG, re.MULTILINE)
    assert newest is not None
    return "unreleased" in newest.group()


def test_step_one_says_why_the_example_exits_1(ddlint: Any) -> None:
    setup = _section("Set up")
    command = next(line for line in setup.splitlines() if "ddlint examples/" in line)
    words = command.split("&& ")[-1].split()
    assert words[0] == "ddlint"
    result = ddlint(*words[1:], cwd=REPO, today=False)
    said = setup.split(command, 1)[1]
    if result.code == 1:
        assert "exits 1" in said and "--exit-zero" in said
    else:
        assert result.code == 0
    assert ddlint(*words[1:], "--exit-zero", cwd=REPO, today=False).code == 0


def test_step_two_says_how_long_and_where_the_fast_loop_is() -> None:
    setup = _section("Set up")
    tests = setup.split("python -m pytest -q\n```", 1)[1]
    assert re.search(r"about \d+ minutes", tests)
    assert "CONTRIBUTING.md" in tests and "-m 'not slow and not" in tests


def test_nothing_is_installed_by_a_name_with_no_release_behind_it() -> None:
    """Until the CHANGELOG's newest version is released, no command installs `ddlint` by name
    (anyone could publish a package under it): README, GitLab template, the Action."""
    if not _unreleased():
        pytest.skip("released: installing by name is what the README should say")
    # ddlint by name (a direct reference, "ddlint @ URL", names where it comes from)
    by_name = re.compile(r"pip install( --quiet)? ['\"]?ddlint(==\S*)?['\"]?(?!\s*@)(\s|$)|"
                         r"(pipx run|uvx) ddlint(\s|$)")
    blocks = "".join(README.split("```")[1::2])  # the README's code blocks, not its prose
    for path, text in ((REPO / "README.md", blocks),
                       (REPO / "docs" / "gitlab-ci.yml", None), (REPO / "action.yml", None)):
        text = path.read_text(encoding="utf-8") if text is None else text
        commands = [line for line in text.splitlines()
                    if by_name.search(line) and not line.lstrip().startswith("#")]
        assert commands == [], path


def test_the_pre_commit_rev_exists() -> None:
    """`rev:` names a tag only when the repository has it (no tag exists before the first
    release); otherwise a branch or a commit, and the README says so."""
    snippet = _section("pre-commit").split("```yaml\n", 1)[1].split("```", 1)[0]
    rev = re.search(r"^\s+rev: (\S+)", snippet, re.MULTILINE)
    assert rev is not None
    if re.fullmatch(r"v\d+(\.\d+)*", rev.group(1)):
        done = subprocess.run(["git", "tag", "--list", rev.group(1)], cwd=REPO,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            pytest.skip("not a git checkout")
        assert done.stdout.split() == [rev.group(1)]
    else:
        assert "autoupdate --freeze" in _section("pre-commit")
