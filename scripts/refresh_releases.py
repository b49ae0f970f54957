"""Rebuild rules/releases.toml and rules/wheels.toml (ddlint's ddtrace release snapshot).

Maintainer tool (standard library and ddlint.facts.index, which `ddlint facts update` shares).
Run it when a tracer release lands, review the diff, commit.

    python scripts/refresh_releases.py --index-url URL            # PEP 691 simple index or JSON API
    python scripts/refresh_releases.py --from-json FILE --as-of YYYY-MM-DD   # a saved answer
    python scripts/refresh_releases.py --from-csv FILE --as-of YYYY-MM-DD
    python scripts/refresh_releases.py --from-csv FILE --as-of YYYY-MM-DD --check

--index-url is the base the project name is appended to: "{URL}/ddtrace/" is asked for a PEP 691
JSON simple page (with PEP 700 upload times), "{URL}/ddtrace/json" for a JSON API document
("releases" keyed by version). The URL is never written into the output.

The snapshot keeps final releases >= 1.0.0 with: the date the release's first file was uploaded
(UTC), its requires_python, whether it is yanked, and which of four platforms it ships a wheel
for (the four the original snapshot checked); rules/wheels.toml keeps, from an index answer, every
CPython build (free-threaded ones too) and ddlint platform each release has a wheel for. A CSV
has neither yanked flags nor builds: from one, only releases.toml is written.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import urllib.error
from collections.abc import Sequence
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TOP))

from ddlint.about_facts import fetch_json  # noqa: E402
from ddlint.facts.index import (  # noqa: E402
    CHECKED_PLATFORMS,
    PROJECT,
    SIMPLE_JSON,
    SOURCES,
    IndexDataError,
    IndexRelease,
    is_wanted,
    releases_of,
    render_releases,
    render_wheels,
)

DEFAULT_OUTPUT = TOP / "rules" / "releases.toml"
DEFAULT_WHEELS = TOP / "rules" / "wheels.toml"

# ddlint platform name -> the CSV column that records a wheel for it.
CSV_WHEEL_COLUMNS = {
    "linux-aarch64": "has_linux_aarch64_wheel",
    "linux-i686": "has_manylinux_i686_wheel",
    "macos-arm64": "has_macos_arm64_wheel",
    "windows-x86": "has_win32_wheel",
}
assert tuple(CSV_WHEEL_COLUMNS) == CHECKED_PLATFORMS
CSV_COLUMNS = ("version", "upload_date", "requires_python", *CSV_WHEEL_COLUMNS.values())
CSV_SOURCE = SOURCES["json"]


class SnapshotError(Exception):
    """The input (index answer or CSV) cannot be turned into a snapshot."""


# --- reading a CSV in the shared snapshot format ------------------------------------------------


def _csv_bool(value: str, column: str, line: int) -> bool:
    if value == "true":
        return True
    if value == "false":
        return False
    raise SnapshotError(f"line {line}: {column} is {value!r}, expected true or false")


def releases_from_csv(path: Path) -> list[IndexRelease]:
    """The CSV has no yanked flags, CPython builds or sdists: only releases.toml is written."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in CSV_COLUMNS if column not in (reader.fieldnames or ())]
        if missing:
            raise SnapshotError(f"{path}: missing column(s) {', '.join(missing)}")
        releases = []
        for row in reader:
            line = reader.line_num
            version = row["version"].strip()
            if not is_wanted(version):
                continue
            try:
                date = dt.date.fromisoformat(row["upload_date"].strip())
            except ValueError as error:
                raise SnapshotError(f"line {line}: upload_date: {error}") from None
            wheels = frozenset(
                platform
                for platform, column in CSV_WHEEL_COLUMNS.items()
                if _csv_bool(row[column].strip(), column, line)
            )
            releases.append(IndexRelease(version, date, row["requires_python"] or None, wheels,
                                         False, frozenset(), True))
    return releases


# --- reading a package index ----------------------------------------------------------------------


def releases_from_index(base_url: str, api: str,
                        timeout: float) -> tuple[list[IndexRelease], str]:
    """Fetch the project's files; returns the releases and the API kind actually used."""
    base = base_url.rstrip("/")
    if api in ("simple", "auto"):
        try:
            document = fetch_json(f"{base}/{PROJECT}/", SIMPLE_JSON, timeout)
        except (urllib.error.HTTPError, ValueError):
            if api == "simple":
                raise
            document = None
        if isinstance(document, dict) and "files" in document:
            return releases_of(document)
        if api == "simple":
            raise SnapshotError(f"{base}/{PROJECT}/: not a PEP 691 project page")
    document = fetch_json(f"{base}/{PROJECT}/json", "application/json", timeout)
    if not isinstance(document, dict) or "releases" not in document:
        raise SnapshotError(f"{base}/{PROJECT}/json: not a JSON API project document")
    return releases_of(document)


# --- command line ---------------------------------------------------------------------------------


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    origin = parser.add_mutually_exclusive_group(required=True)
    origin.add_argument("--index-url", metavar="URL", help="base URL of a package index")
    origin.add_argument("--from-json", metavar="FILE", type=Path,
                        help="a saved index answer (PEP 691 project page or JSON API document)")
    origin.add_argument("--from-csv", metavar="FILE", type=Path, help="a CSV in the shared format")
    parser.add_argument(
        "--api",
        choices=("auto", "simple", "json"),
        default="auto",
        help="which index API to ask (default: PEP 691 simple, then the JSON API)",
    )
    parser.add_argument(
        "--as-of", type=_date, help="date the snapshot was taken (default: today, UTC)"
    )
    parser.add_argument("--source", help="override the [meta] source text")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="file to write")
    parser.add_argument("--wheels-output", type=Path, default=DEFAULT_WHEELS,
                        help="the wheel table to write (not from a CSV, which has no builds)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the output would change"
    )
    args = parser.parse_args(argv)

    if args.index_url is None and args.as_of is None:
        parser.error("--from-csv and --from-json need --as-of: a file does not say when it "
                     "was gathered")
    as_of = args.as_of or dt.datetime.now(dt.timezone.utc).date()
    try:
        if args.from_csv is not None:
            releases = releases_from_csv(args.from_csv)
            source = CSV_SOURCE
        elif args.from_json is not None:
            releases, used = releases_of(json.loads(args.from_json.read_text(encoding="utf-8")))
            source = SOURCES[used]
        else:
            releases, used = releases_from_index(args.index_url, args.api, args.timeout)
            source = SOURCES[used]
    except (OSError, SnapshotError, ValueError, KeyError, TypeError) as error:
        print(f"refresh_releases: {error}", file=sys.stderr)
        return 1
    if not releases:
        print("refresh_releases: no final release >= 1.0.0 found", file=sys.stderr)
        return 1

    try:
        outputs = {args.output: render_releases(releases, as_of, args.source or source)}
        if args.from_csv is None:
            outputs[args.wheels_output] = render_wheels(releases, as_of, args.source or source)
    except IndexDataError as error:
        print(f"refresh_releases: {error}", file=sys.stderr)
        return 1
    from generate import refresh  # scripts/ is the first folder of a script's sys.path

    print(f"refresh_releases: {len(releases)} releases")
    return refresh(outputs, args.check, "refresh_releases")


if __name__ == "__main__":
    raise SystemExit(main())
