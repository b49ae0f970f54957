"""``ddlint rules`` lists the rules; ``ddlint rule CODE`` explains one (ruff's ``ruff rule``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ddlint.rules import Rule, all_rules, rule


def explain(entry: Rule) -> str:
    """A rule's documentation as Markdown: the single source for the CLI, docs and SARIF."""
    return (
        f"# {entry.code} {entry.name}\n\n"
        f"Default severity: {entry.severity.label}\n\n"
        f"{entry.summary}\n\n"
        f"## Why it matters\n\n{entry.why}\n\n"
        f"## Example\n\n{entry.example}\n"
        f"## How to fix\n\n{entry.fix}\n\n"
        f"## Source\n\n{entry.source}\n"
    )


def main(argv: Sequence[str]) -> int:
    command, rest = argv[0], list(argv[1:])
    if command == "rules":
        if rest:
            print("ddlint: error: 'ddlint rules' takes no arguments", file=sys.stderr)
            return 2
        for entry in all_rules():
            print(f"{entry.code}  {entry.name:<32} {entry.severity.label:<8} {entry.summary}")
        return 0
    if len(rest) != 1:
        print("ddlint: error: usage: ddlint rule CODE", file=sys.stderr)
        return 2
    found = rule(rest[0])
    if found is None:
        print(f"ddlint: error: no rule {rest[0]!r}; 'ddlint rules' lists them", file=sys.stderr)
        return 2
    sys.stdout.write(explain(found))
    return 0
