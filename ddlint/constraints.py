"""``ddlint constraints [PATH ...] [--format uv]``: the supported range of every instrumented
package a project depends on, for the tracer release it uses, as a pip constraints file
(``pip install -c``) or as ``[tool.uv] constraint-dependencies``. With it, a resolver cannot pick
a version the tracer does not support; DDL305 reads both back (``Dependency.constraint``)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ddlint.records import dataclass

if TYPE_CHECKING:
    from packaging.version import Version

    from ddlint.facts.integrations import Integration
    from ddlint.model import DependencyFile
    from ddlint.project import Project


@dataclass(frozen=True)
class Line:
    """One package's supported range and the facts behind it."""

    name: str
    minimum: Optional[Version]
    maximum: Optional[Version]
    facts: tuple[str, ...]

    @property
    def requirement(self) -> str:
        parts = ([f">={self.minimum}"] if self.minimum is not None else []) + (
            [f"<={self.maximum}"] if self.maximum is not None else [])
        return self.name + ",".join(parts)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ddlint constraints",
        description="Print the supported range of every instrumented package the project "
                    "depends on, for its ddtrace release, as constraints a resolver obeys.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="dependency files or folders (default: the current folder)")
    parser.add_argument("--format", choices=("pip", "uv"), default="pip",
                        help="pip: a constraints file for `pip install -c` (default); uv: a "
                             "`[tool.uv] constraint-dependencies` array for pyproject.toml")
    parser.add_argument("--tracer-version", metavar="V",
                        help="the ddtrace release when it is not in the files")
    return parser


def main(argv: Sequence[str]) -> int:
    from ddlint import config
    from ddlint.subcommand import arguments

    given = arguments(_parser(), argv)
    if isinstance(given, int):
        return given
    args, paths = given
    overrides: dict[str, object] = {}
    if args.tracer_version:
        try:
            overrides["tracer_version"] = config.check_version(args.tracer_version)
        except ValueError as error:
            print(f"ddlint: error: --tracer-version: {error}", file=sys.stderr)
            return 2
    try:
        lines, tracers = supported_lines(paths, overrides)
    except config.ConfigError as error:
        print(f"ddlint: error: {error}", file=sys.stderr)
        return 2
    if tracers is None:
        where = ", ".join(p.as_posix() for p in paths)
        print(f"ddlint: error: no dependency files found in {where}", file=sys.stderr)
        return 2
    if not tracers:
        print("ddlint: error: no exact ddtrace version is pinned in the files and no "
              "--tracer-version was given: the supported ranges depend on it", file=sys.stderr)
        return 2
    sys.stdout.write(render(lines, tracers, args.format))
    return 0


def supported_lines(paths: Sequence[Path], overrides: dict[str, object]) -> tuple[
        list[Line], Optional[list[str]]]:
    """The projects' instrumented packages with their supported ranges (intersected over the
    projects' tracer releases and the rows covering a package), and those releases (None when
    no dependency file was found)."""
    from ddlint import parsers, targets
    from ddlint.config import find_config
    from ddlint.discovery import discover
    from ddlint.facts.integrations import by_distribution
    from ddlint.loader import load_project, project_root
    from ddlint.rules.context import Context
    from ddlint.rules.tracer import tracer_pins
    from ddlint.settings import Settings

    grouped: dict[tuple[Path, str], list[DependencyFile]] = {}
    projects: dict[tuple[Path, str], Project] = {}
    for candidate in discover(paths):
        path = Path(os.path.abspath(candidate.path))
        root = project_root(path)
        found = find_config(path.parent)
        key = (root, os.fspath(found) if found else "")
        if key not in projects:
            projects[key] = load_project(root, Settings(), dict(overrides), found)
        grouped.setdefault(key, []).append(parsers.parse(candidate.path, candidate.kind))
    if not grouped:
        return [], None
    index = by_distribution()
    rows: dict[str, dict[str, Integration]] = {}
    tracers: dict[str, None] = {}
    for key in sorted(grouped):
        files = tuple(grouped[key])
        project = projects[key]
        context = Context(project, files, targets.resolve(project, files))
        pins = tracer_pins(context)
        tracers.update(dict.fromkeys(pin.text for pin in pins))
        for dependency in context.dependencies():
            if dependency.constraint or dependency.name not in index:
                continue
            for row in index[dependency.name]:
                if (row.minimum is None and row.maximum is None) or not pins or not all(
                        row.available_in(pin.version) for pin in pins):
                    continue
                rows.setdefault(dependency.name, {})[row.id] = row
    lines = []
    for name in sorted(rows):
        covering = list(rows[name].values())
        minimums = [row.minimum for row in covering if row.minimum is not None]
        maximums = [row.maximum for row in covering if row.maximum is not None]
        facts = tuple(f"{row.title} {row.page_version}" for row in covering)
        lines.append(Line(name, max(minimums, default=None), min(maximums, default=None),
                          facts))
    return lines, list(tracers)


_SOURCE = "Datadog \"Python Compatibility Requirements\", via ddlint's rules/integrations.toml"


def render(lines: Sequence[Line], tracers: Sequence[str], form: str) -> str:
    tracer = ", ".join(f"ddtrace {text}" for text in tracers)
    if form == "uv":
        out = [f"# What {tracer} supports ({_SOURCE}); written by `ddlint constraints "
               "--format uv`.", "[tool.uv]", "constraint-dependencies = ["]
        out.extend(f"    {json.dumps(line.requirement)},  # {'; '.join(line.facts)}"
                   for line in lines)
        out.append("]")
        return "\n".join(out) + "\n"
    out = [f"# What {tracer} supports ({_SOURCE}); written by `ddlint constraints`.",
           "# Use it with `pip install -c FILE` (or PIP_CONSTRAINT=FILE)."]
    for line in lines:
        out.append(f"# {'; '.join(line.facts)}: supported by {tracer}")
        out.append(line.requirement)
    return "\n".join(out) + "\n"
