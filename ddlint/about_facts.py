"""``ddlint facts``: where ddlint's facts come from, their dates and age; ``ddlint facts
update``: the one command that uses the network (opt-in), refreshing the ddtrace release list
(versions, dates, yanked flags, wheel tags, requires_python) from the package index pip is
configured for, through the standard JSON API (PEP 691, with PEP 700 upload times), into the
user cache that later offline runs read."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path
from typing import Any, Optional

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def arguments(parser: argparse.ArgumentParser, name: str) -> None:
    """``ddlint facts [update]`` (``cli.SUBCOMMANDS``); ``--today`` and ``--facts-file`` are the
    shared options."""
    parser.description = (
        "Show the sources of ddlint's facts, their dates and age; `ddlint facts update` fetches "
        "the ddtrace release list (versions, dates, yanked flags, wheel tags, requires_python) "
        "from the package index pip is configured for into the user cache that later offline "
        "runs read (or --output FILE, a facts file a team keeps: --facts-file / facts-file).")
    parser.add_argument("action", nargs="?", choices=("update",),
                        help="update: refresh the release list (the one networked command)")
    parser.add_argument("--index-url", metavar="URL",
                        help="update: the simple index's base URL (default: the one pip uses)")
    parser.add_argument("--output", type=Path, metavar="FILE",
                        help="update: write FILE instead of the user cache")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                        help="update: seconds to wait for the index (default: 60)")


def run(args: argparse.Namespace, overrides: dict[str, object]) -> int:
    today = args.today or datetime.date.today()
    if args.action == "update":
        if args.facts_file is not None:
            print("ddlint: error: facts update writes the cache or --output FILE; "
                  "--facts-file is what a run reads", file=sys.stderr)
            return EXIT_USAGE
        return _update(args.index_url, args.output, args.timeout, args.today)
    if args.index_url or args.output:
        print("ddlint: error: --index-url and --output go with 'ddlint facts update'",
              file=sys.stderr)
        return EXIT_USAGE
    if args.facts_file is not None:
        from ddlint.config import facts_file_problem

        problem = facts_file_problem(args.facts_file)
        if problem is not None:
            print(f"ddlint: error: --facts-file: {problem}", file=sys.stderr)
            return EXIT_USAGE
    sys.stdout.write(describe(today, args.facts_file))
    return EXIT_OK


def describe(today: datetime.date, facts_file: Optional[Path] = None) -> str:
    """What ``ddlint facts`` prints: each source of facts, its date and age on ``today``."""
    from ddlint import facts
    from ddlint.facts.cache import activate, cache_file, shipped_date
    from ddlint.facts.releases import STALE_AFTER_DAYS, newest_of, snapshot_date

    note = activate(facts_file)
    lines = [f"ddlint's facts on {today} (facts older than {STALE_AFTER_DAYS} days are said to "
             "be so in every finding):", ""]

    def age(day: Any) -> str:
        days = (today - day).days
        stale = ", stale" if days > STALE_AFTER_DAYS else ""
        return f"{days} days old{stale}"

    releases = facts.load("releases")["meta"]
    used = facts.release_facts_file()
    where = f"from {used}" if used is not None else "shipped with ddlint"
    majors = sorted({int(row["version"].split(".")[0])
                     for row in facts.load("releases")["release"]
                     if row["version"].split(".")[0].isdigit()})
    newest = newest_of(majors[-1]) if majors else None
    newest_text = f"; newest release {newest.version} of {newest.date}" if newest else ""
    lines += [
        f"ddtrace releases (rules/releases.toml, rules/wheels.toml), {where}:",
        f"  as of {snapshot_date()} ({age(snapshot_date())}){newest_text}",
        f"  source: {releases.get('source', 'unknown')}",
    ]
    if used is None or used != cache_file():
        cached = cache_file()
        state = "present" if _is_file(cached) else "none"
        lines.append(f"  user cache ({cached}): {state}; `ddlint facts update` refreshes it")
    if used is not None:
        lines.append(f"  the snapshot shipped with ddlint is as of {shipped_date()}")
    if note and used is None:
        lines.append(f"  note: {note}")
    lines.append("")
    for name, title in (("lifecycle", "release lines and support policy"),
                        ("runtime", "runtime table"), ("integrations", "integration tables"),
                        ("agent", "Redis / Agent note")):
        meta = facts.shipped(name)["meta"]
        retrieved = datetime.date.fromisoformat(str(meta["retrieved"]))
        lines.append(f"compatibility page, {title} (rules/{name}.toml): retrieved {retrieved} "
                     f"({age(retrieved)})")
    lines.append(f"  source: {facts.shipped('lifecycle')['meta']['source']}")
    for row in facts.shipped("runtime").get("cpython", []):
        # "end_of_life: what the primary source says": the field, then why it is unconfirmed
        field, _, why = str(row.get("unconfirmed", "")).partition(":")
        if field:
            lines.append(f"  unconfirmed: CPython {row['version']} {field} "
                         f"({row.get(field, 'no date')}): {why.strip()}")
    lines.append("")
    from ddlint.facts.tracer import LINES, release_line

    for major in sorted(LINES):
        line = release_line(major)
        if line is not None:
            lines.append(f"ddtrace {major}.x's own data (rules/tracer_v{major}.toml): as of "
                         f"ddtrace {line.release}, from {', '.join(line.sources)}")
    from ddlint.facts.ssi import injection_rows, meta_source

    newest_injected = max((row.last for row in injection_rows()), default=None)
    lines.append(f"single-step instrumentation's abort conditions (rules/ssi.toml): as of "
                 f"ddtrace {newest_injected}, from {meta_source()}")
    return "\n".join(lines) + "\n"


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


# --- ddlint facts update --------------------------------------------------------------------------


def _update(index: Optional[str], chosen: Optional[Path], timeout: float,
            today: Optional[datetime.date]) -> int:
    as_of = today or datetime.datetime.now(datetime.timezone.utc).date()
    index = index or pip_index_url()
    if not index:
        print("ddlint: error: cannot tell which package index pip uses; give --index-url URL "
              "(the simple index's base URL)", file=sys.stderr)
        return EXIT_USAGE
    from ddlint.facts.cache import cache_file
    from ddlint.facts.index import IndexDataError, releases_of, render_document

    output = chosen or cache_file()
    try:
        document = fetch_project_page(index, timeout)
        releases, kind = releases_of(document)
    except (OSError, ValueError, KeyError, TypeError, IndexDataError) as error:
        print(f"ddlint: error: facts update from {index}: {error}", file=sys.stderr)
        return EXIT_FAILED
    if not releases:
        print(f"ddlint: error: facts update from {index}: no final ddtrace release >= 1.0.0",
              file=sys.stderr)
        return EXIT_FAILED
    text = render_document(releases, as_of, kind)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        temporary = output.with_name(output.name + ".tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, output)
    except OSError as error:
        print(f"ddlint: error: cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return EXIT_FAILED
    newest = releases[-1]
    yanked = sum(1 for release in releases if release.yanked)
    print(f"ddlint: {len(releases)} ddtrace releases as of {as_of} (newest {newest.version} of "
          f"{newest.date}, {yanked} yanked) written to {output}; offline runs read them from "
          "now on" + ("" if chosen is None else " with --facts-file / facts-file"))
    return EXIT_OK


def pip_index_url() -> Optional[str]:
    """The index pip is configured for: ``PIP_INDEX_URL``, else ``pip config``'s index-url,
    else pip's own default (asked from pip: ddlint names no index itself)."""
    import subprocess

    explicit = os.environ.get("PIP_INDEX_URL")
    if explicit:
        return explicit.split()[0]
    try:
        listed = subprocess.run([sys.executable, "-m", "pip", "config", "list"],
                                capture_output=True, text=True, timeout=60, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        listed = ""
    for line in listed.splitlines():
        key, _, value = line.partition("=")
        if key.endswith(".index-url") and value.strip("'\" "):
            return value.strip("'\" ").split()[0]
    try:
        default = subprocess.run(
            [sys.executable, "-c",
             "from pip._internal.models.index import PyPI; print(PyPI.simple_url)"],
            capture_output=True, text=True, timeout=60, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        default = ""
    return default or None


def fetch_project_page(index: str, timeout: float) -> Any:
    """The ddtrace project page of ``index`` as PEP 691 JSON (PEP 700 upload times needed)."""
    from ddlint.facts.index import PROJECT, SIMPLE_JSON

    return fetch_json(f"{index.rstrip('/')}/{PROJECT}/", SIMPLE_JSON, timeout)


def fetch_json(url: str, accept: str, timeout: float) -> Any:
    """``url``'s JSON answer when asked for ``accept``; ValueError when it answers another
    type (an index without the JSON API answers HTML)."""
    import json
    import urllib.request

    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        kind = response.headers.get_content_type()
        if "json" not in kind:
            raise ValueError(f"{url} answered {kind}, not JSON")
        return json.load(response)
