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
    from ddlint.subcommand import existing_paths

    if args.config is not None and not args.config.is_file():
        print(f"ddlint: error: configuration file not found: {shown(args.config)}",
              file=sys.stderr)
        return 2
    paths = existing_paths(args.paths)
    if paths is None:
        return 2
    try:
        found = sections(paths, overrides, args.config)
    except config.ConfigError as error:
        print(f"ddlint: error: {error}", file=sys.stderr)
        return 2
    if found is None:
        where = ", ".join(shown(p.as_posix()) for p in paths)
        print(f"ddlint: error: no dependency files found in {where}", file=sys.stderr)
        return 2
    if not found:
        print("ddlint: error: no exact ddtrace version is pinned in the files and no "
              "--tracer-version was given: the supported ranges depend on it", file=sys.stderr)
        return 2
    sys.stdout.write(render(found, args.format))
    return 0


@dataclass(frozen=True)
class Section:
    """The constraints of the projects that pin the same tracer release(s)."""

    tracers: tuple[str, ...]
    projects: tuple[Path, ...]
    lines: tuple[Line, ...]


def sections(paths: Sequence[Path], overrides: dict[str, object],
             config_file: Optional[Path] = None) -> Optional[list[Section]]:
    """One section per tracer pin (the releases a project pins: several for a lock forked by
    markers), with the projects that pin it and their instrumented packages' supported ranges
    (intersected over those releases and the rows covering a package); None when no
    dependency file was found. A repository whose apps pin ten tracer releases gets ten
    sections, not one range over all of them."""
    from ddlint import targets
    from ddlint.facts.integrations import names, of_distribution
    from ddlint.project_view import read_projects
    from ddlint.rules.context import Context
    from ddlint.rules.tracer import tracer_pins

    read = read_projects(paths, overrides, config_file)
    if not read:
        return None
    index = names()
    rows: dict[tuple[str, ...], dict[str, dict[str, Integration]]] = {}
    projects: dict[tuple[str, ...], dict[Path, None]] = {}
    for each in read:
        files, project = each.files, each.project
        context = Context(project, files, targets.resolve(project, files))
        pins = tracer_pins(context)
        if not pins:
            continue
        key = tuple(dict.fromkeys(pin.text for pin in pins))
        projects.setdefault(key, {})[project.root] = None
        found = rows.setdefault(key, {})
        for dependency in context.dependencies():
            if dependency.constraint or dependency.name not in index:
                continue
            for row in of_distribution(dependency.name):
                if (row.minimum is None and row.maximum is None) or not all(
                        row.available_in(pin.version) for pin in pins):
                    continue
                found.setdefault(dependency.name, {})[row.id] = row
    return [Section(key, tuple(projects[key]), _lines(rows[key]))
            for key in sorted(rows, key=_release_order)]


def _release_order(tracers: tuple[str, ...]) -> tuple[Version, ...]:
    from packaging.version import Version

    return tuple(Version(text) for text in tracers)


def _lines(rows: dict[str, dict[str, Integration]]) -> tuple[Line, ...]:
    lines = []
    for name in sorted(rows):
        covering = list(rows[name].values())
        minimums = [row.minimum for row in covering if row.minimum is not None]
        maximums = [row.maximum for row in covering if row.maximum is not None]
        facts = tuple(f"{row.title} {row.page_version}" for row in covering)
        lines.append(Line(name, max(minimums, default=None), min(maximums, default=None),
                          facts))
    return tuple(lines)


_SOURCE = "Datadog \"Python Compatibility Requirements\", via ddlint's rules/integrations.toml"


def render(found: Sequence[Section], form: str) -> str:
    from ddlint.formatters import display_path

    command = "ddlint constraints" + (" --format uv" if form == "uv" else "")
    out: list[str] = []
    if len(found) > 1:
        where = "the pyproject.toml of the projects it names" if form == "uv" else \
            "pip for the projects it names"
        out += [f"# {len(found)} sections, one per ddtrace release the projects pin: give "
                f"each to {where} (or run `{command} PROJECT`).", ""]
    for section in found:
        tracer = ", ".join(f"ddtrace {text}" for text in section.tracers)
        out.append(f"# What {tracer} supports ({_SOURCE}); written by `{command}`.")
        if len(found) > 1:
            out.append("# For: " + ", ".join(display_path(root) for root in section.projects))
        if form == "uv":
            out += ["[tool.uv]", "constraint-dependencies = ["]
            out.extend(f"    {json.dumps(line.requirement)},  # {'; '.join(line.facts)}"
                       for line in section.lines)
            out.append("]")
        else:
            out.append("# Use it with `pip install -c FILE` (or PIP_CONSTRAINT=FILE).")
            for line in section.lines:
                out.append(f"# {'; '.join(line.facts)}: supported by {tracer}")
                out.append(line.requirement)
        out.append("")
    return "\n".join(out[:-1]) + "\n"
