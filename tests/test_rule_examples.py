"""Every rule's documented example, run as written, reports that rule.

An example is ``FILE:`` (a note in parentheses may follow the name), a blank line, the file's
lines indented by four spaces (more files may follow, each the same way), then optionally
``with `--option value``` naming the options.
"""

from __future__ import annotations

import re
import textwrap

import pytest

from ddlint.rules import Rule, all_rules
from tests.conftest import GIT

_HEADER = re.compile(r"^(?P<name>[\w.\-]+)(?: \([^)]*\))?:\n\n")


def _example(rule: Rule) -> tuple[dict[str, str], list[str]]:
    """({file name: file text}, options) of a rule's example; several files follow each other
    (a manifest and its lock), each ``FILE:`` and its indented lines."""
    files: dict[str, str] = {}
    rest = rule.example
    while True:
        header = _HEADER.match(rest)
        if header is None:
            break
        lines = rest[header.end():].split("\n")
        body = []
        for line in lines:
            if line and not line.startswith("    "):
                break
            body.append(line)
        files[header["name"]] = textwrap.dedent("\n".join(body)).strip("\n") + "\n"
        rest = "\n".join(lines[len(body):])
    assert files, f"{rule.code}: the example does not start with 'FILE:'"
    options = [word for option in re.findall(r"`(--[^`]+)`", rest) for word in option.split()]
    return files, options


_CASES = [pytest.param(rule, id=rule.code) for rule in all_rules()]


@pytest.mark.parametrize("rule", _CASES)
def test_the_documented_example_fires_its_rule(write, ddlint, rule: Rule) -> None:
    files, options = _example(rule)
    root = write({**GIT, **files})
    result = ddlint(*files, "--format", "json", *options, cwd=root)
    assert rule.code in {d["code"] for d in result.json()["diagnostics"]}, result.out
