"""``ddlint deployment [PATH ...] [--format text|json]``: what ddlint reads of the deployment
files (the Agent, the Lambda Extension, the Lambda Python layer, the tracer), each declaration
with its state, file and line. The JSON document is a contract:
``{"version": 1, "declarations": [{"kind", "state", "version", "declared", "path", "line",
"via"}]}``. Files that could not be read are told on stderr; exit 0, 2 for a usage error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ddlint.model import Declaration, shown


def arguments(parser: argparse.ArgumentParser, name: str) -> None:
    """``ddlint deployment [PATH ...] [--format text|json]`` (``cli.SUBCOMMANDS``)."""
    parser.description = ("List the Datadog Agent, Lambda Extension, Lambda Python layer and "
                          "tracer versions that the deployment files declare, and how exactly.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="deployment files or folders (default: the current folder)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text (default) or json (the contract tools read)")


def run(args: argparse.Namespace, overrides: dict[str, object]) -> int:
    """What is read; the shared options change nothing of it (it is not judged here)."""
    from ddlint.deployment import read
    from ddlint.subcommand import existing_paths

    paths = existing_paths(args.paths)
    if paths is None:
        return 2
    found = read(paths)
    for problem in found.problems:
        print(f"ddlint: {shown(problem.location.path.as_posix())}:{problem.location.line}: "
              f"{problem.message}", file=sys.stderr)
    declarations = sorted(found.declarations, key=_order)
    sys.stdout.write(render_json(declarations) if args.format == "json"
                     else render_text(declarations))
    return 0


def _order(declaration: Declaration) -> tuple[str, int, str, str]:
    return (declaration.location.path.as_posix(), declaration.location.line, declaration.kind,
            declaration.declared)


def as_json(declaration: Declaration) -> dict[str, object]:
    return {"kind": declaration.kind, "state": declaration.state,
            "version": declaration.version, "declared": declaration.declared,
            "path": declaration.location.path.as_posix(), "line": declaration.location.line,
            "via": declaration.via}


def render_json(declarations: Sequence[Declaration]) -> str:
    from ddlint.formatters import json_text

    return json_text({"version": 1, "declarations": [as_json(d) for d in declarations]}) + "\n"


def render_text(declarations: Sequence[Declaration]) -> str:
    if not declarations:
        return "no Datadog Agent, Lambda Extension, Lambda layer or tracer declared\n"
    lines = []
    for declaration in declarations:
        version = f" {shown(declaration.version)}" if declaration.version else ""
        detail = f"; {shown(declaration.detail)}" if declaration.detail else ""
        lines.append(f"{shown(declaration.location.path.as_posix())}:"
                     f"{declaration.location.line}: {declaration.kind}{version} "
                     f"({declaration.state}, {declaration.via}) {shown(repr(declaration.declared))}"
                     f"{detail}")
    return "\n".join(lines) + "\n"
