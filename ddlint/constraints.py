"""``ddlint constraints [PATH ...] [--format uv]``: the supported range of every instrumented
package a project depends on, for the tracer release it uses, as a pip constraints file
(``pip install -c``) or as ``[tool.uv] constraint-dependencies``. With it, a resolver cannot pick
a version the tracer does not support; DDL305 reads both back (``Dependency.constraint``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ddlint.records import dataclass

if TYPE_CHECKING:
    from packaging.version import Version

    from ddlint.facts.integrations import Integration


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


def arguments(parser: argparse.ArgumentParser, name: str) -> None:
    """``ddlint constraints [PATH ...] [--format pip|uv]`` (``cli.SUBCOMMANDS``); the shared
    options (--python, --tracer-version, --today, --config, ...) are the lint's."""
    parser.description = ("Print the supported range of every instrumented package the project "
                          "depends on, for its ddtrace release, as constraints a resolver "
                          "obeys.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="dependency files or folders (default: the current folder)")
    parser.add_argument("--format", choices=("pip", "uv"), default="pip",
                        help="pip: a constraints file for `pip install -c` (default); uv: a "
                             "`[tool.uv] constraint-dependencies` array for pyproject.toml")


def run(args: argparse.Namespace, overrides: dict[str, object]) -> int:
    from ddlint import config
    from ddlint.model import shown

    if args.config is not None and not args.config.is_file():
        print(f"ddlint: error: configuration file not found: {shown(args.config)}",
              file=sys.stderr)
        return 2
    paths = args.paths or [Path()]
    missing = [p for p in paths if not p.exists()]
    if missing:
        for path in missing:
            print(f"ddlint: error: no such file or folder: {shown(path)}", file=sys.stderr)
        return 2
    try:
        lines, tracers = supported_lines(paths, overrides, args.config)
    except config.ConfigError as error:
        print(f"ddlint: error: {error}", file=sys.stderr)
        return 2
    if tracers is None:
        where = ", ".join(shown(p.as_posix()) for p in paths)
        print(f"ddlint: error: no dependency files found in {where}", file=sys.stderr)
        return 2
    if not tracers:
        print("ddlint: error: no exact ddtrace version is pinned in the files and no "
              "--tracer-version was given: the supported ranges depend on it", file=sys.stderr)
        return 2
    sys.stdout.write(render(lines, tracers, args.format))
    return 0


def supported_lines(paths: Sequence[Path], overrides: dict[str, object],
                    config_file: Optional[Path] = None) -> tuple[list[Line], Optional[list[str]]]:
    """The projects' instrumented packages with their supported ranges (intersected over the
    projects' tracer releases and the rows covering a package), and those releases (None when
    no dependency file was found)."""
    from ddlint import targets
    from ddlint.facts.integrations import by_distribution
    from ddlint.project_view import read_projects
    from ddlint.rules.context import Context
    from ddlint.rules.tracer import tracer_pins

    read = read_projects(paths, overrides, config_file)
    if not read:
        return [], None
    index = by_distribution()
    rows: dict[str, dict[str, Integration]] = {}
    tracers: dict[str, None] = {}
    for each in read:
        files, project = each.files, each.project
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
