"""Rule documentation from one source (each ``Rule``): ``ddlint rules``, ``ddlint rule CODE``,
``docs/rules.md`` (``scripts/generate.py``) and SARIF rule help."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Optional

from ddlint import HOMEPAGE, __version__
from ddlint.model import Severity, quoted
from ddlint.rules import Rule, all_rules, rule

if TYPE_CHECKING:
    import argparse

# Where the generated documentation lives in the repository; helpUri links point into it.
DOCS_PATH = "docs/rules.md"
# GitHub code scanning truncates longer rule descriptions.
MAX_DESCRIPTION = 1024

_NOT_IN_ANCHOR = re.compile(r"[^\w\- ]")
# GitHub's bands: 9.0+ critical, 7.0+ high, 4.0+ medium, 0.1+ low.
_SECURITY_BANDS = {Severity.ERROR: "7.5", Severity.WARNING: "5.5", Severity.INFO: "2.0"}


def title(entry: Rule) -> str:
    """The heading every rendering uses, e.g. ``DDL301 integration-below-minimum``."""
    return f"{entry.code} {entry.name}"


def anchor(entry: Rule) -> str:
    """The anchor GitHub gives the rule's heading in docs/rules.md: lower case, punctuation
    other than ``-`` and ``_`` dropped, spaces turned into ``-``."""
    return _NOT_IN_ANCHOR.sub("", title(entry).lower()).replace(" ", "-")


def help_uri(entry: Rule) -> str:
    return f"{HOMEPAGE}/blob/main/{DOCS_PATH}#{anchor(entry)}"


def security_severity(entry: Rule) -> Optional[str]:
    """GitHub's security score for a security rule: its own, else one in the band of its
    default severity (error: high, warning: medium, info: low); None for other rules."""
    if entry.security_severity is not None:
        return entry.security_severity
    if "security" not in entry.tags:
        return None
    return _SECURITY_BANDS[entry.severity]


def _example(entry: Rule) -> str:
    # Examples are a file name line and an indented block: end it with a blank line so the
    # next heading is not read as part of it.
    return entry.example.rstrip("\n") + "\n"


def explain(entry: Rule, level: int = 1) -> str:
    """A rule's documentation as Markdown, its title at heading ``level``."""
    head, sub = "#" * level, "#" * (level + 1)
    score = security_severity(entry)
    security = f" (security severity {score})" if score is not None else ""
    return (
        f"{head} {title(entry)}\n\n"
        f"Default severity: {entry.severity.label}{security}\n\n"
        f"{entry.summary}\n\n"
        f"{sub} Why it matters\n\n{entry.why}\n\n"
        f"{sub} Example\n\n{_example(entry)}\n"
        f"{sub} How to fix\n\n{entry.fix}\n\n"
        f"{sub} Source\n\n{entry.source}\n"
    )


def plain(entry: Rule) -> str:
    """The same documentation as plain text (SARIF ``help.text``)."""
    return (
        f"{title(entry)} (default severity: {entry.severity.label})\n\n"
        f"{entry.summary}\n\n"
        f"Why it matters: {entry.why}\n\n"
        f"Example: {_example(entry)}\n"
        f"How to fix: {entry.fix}\n\n"
        f"Source: {entry.source}\n"
    )


def full_description(entry: Rule) -> str:
    """What the rule reports and why, cut at a word to fit ``MAX_DESCRIPTION``."""
    text = f"{entry.summary} {entry.why}"
    if len(text) <= MAX_DESCRIPTION:
        return text
    cut = text[: MAX_DESCRIPTION - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def document(rules: Sequence[Rule]) -> str:
    """docs/rules.md below its first line (``scripts/generate.py``): an index of every rule,
    then each rule's documentation."""
    out = [
        "# ddlint rules\n",
        "`ddlint rules` lists these codes; `ddlint rule CODE` prints one of them.\n",
        "| code | name | default severity | reports |",
        "|---|---|---|---|",
    ]
    for entry in rules:
        summary = entry.summary.replace("|", "\\|")
        out.append(f"| [{entry.code}](#{anchor(entry)}) | {entry.name} | "
                   f"{entry.severity.label} | {summary} |")
    out.append("")
    out.extend(explain(entry, level=2) for entry in rules)
    return "\n".join(out)


# What ``ddlint rules --format`` offers: the listing for people, the catalogue for tools
# (editors, dashboards, CI templates) to read instead of parsing the listing.
LISTING_FORMATS = ("text", "json")



def catalogue_json() -> str:
    rules: list[dict[str, Any]] = [
        {
            "code": entry.code,
            "name": entry.name,
            "severity": entry.severity.label,
            "summary": entry.summary,
            "help_uri": help_uri(entry),
            "tags": list(entry.tags),
        }
        for entry in all_rules()
    ]
    document = {"version": 1, "tool": {"name": "ddlint", "version": __version__},
                "rules": rules}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def arguments(parser: argparse.ArgumentParser, name: str) -> None:
    """``ddlint rules [--format text|json]`` and ``ddlint rule CODE`` (``cli.SUBCOMMANDS``)."""
    parser.set_defaults(command=name)
    if name == "rules":
        parser.description = "List every rule: code, name, default severity, summary."
        parser.add_argument("--format", choices=LISTING_FORMATS, default="text",
                            help="text (default), or json for tools")
    else:
        parser.description = "Explain one rule: why it matters, an example, the fix, the source."
        parser.add_argument("code", metavar="CODE", help="a rule code, e.g. DDL301")


def run(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    """The rule documentation asked for; the shared options (``overrides``) change none."""
    if args.command == "rules":
        if args.format == "json":
            sys.stdout.write(catalogue_json())
            return 0
        # One write, as the lint output does: `ddlint rules | head` then ends without a
        # broken pipe half-way through.
        sys.stdout.write("".join(
            f"{entry.code}  {entry.name:<32} {entry.severity.label:<8} {entry.summary}\n"
            for entry in all_rules()))
        return 0
    found = rule(args.code)
    if found is None:
        print(f"ddlint: error: no rule {quoted(args.code)}; 'ddlint rules' lists them",
              file=sys.stderr)
        return 2
    from ddlint.rules.catalogue import provenance

    data = provenance(found.code)
    sys.stdout.write(explain(found) + (f"\n## Data\n\n{data}" if data else ""))
    return 0
