"""``ddlint rules --format json``: the rule catalogue for tools (editors, dashboards, CI
templates) to read instead of parsing the text listing."""

from __future__ import annotations

import json
from typing import Any

from ddlint import __version__
from ddlint.explain import help_uri
from ddlint.rules import all_rules

FORMATS = ("text", "json")


def render_json() -> str:
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


def requested_format(arguments: list[str]) -> str | None:
    """The format ``ddlint rules`` was asked for (``--format F`` or ``--format=F``; default
    text), or None when the arguments are anything else."""
    if not arguments:
        return "text"
    if len(arguments) == 2 and arguments[0] == "--format":
        chosen = arguments[1]
    elif len(arguments) == 1 and arguments[0].startswith("--format="):
        chosen = arguments[0].split("=", 1)[1]
    else:
        return None
    return chosen if chosen in FORMATS else None
