"""Rebuild rules/releases.toml (ddlint's snapshot of ddtrace releases) from a package index or CSV.

Maintainer tool, standard library only. Run it when a tracer release lands, review the diff, commit.

    python scripts/refresh_releases.py --index-url URL            # PEP 691 simple index or JSON API
    python scripts/refresh_releases.py --from-csv FILE --as-of YYYY-MM-DD
    python scripts/refresh_releases.py --from-csv FILE --as-of YYYY-MM-DD --check

--index-url is the base the project name is appended to: "{URL}/ddtrace/" is asked for a PEP 691
JSON simple page (with PEP 700 upload times), "{URL}/ddtrace/json" for a JSON API document
("releases" keyed by version). The URL is never written into the output.

The snapshot keeps final releases >= 1.0.0 with: the date the release's first file was uploaded
(UTC), its requires_python, and which of four platforms it ships a wheel for. The four are the
ones the original snapshot checked; the others (linux-x86_64, macos-x86_64, windows-amd64) are
left out rather than guessed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT = "ddtrace"
MINIMUM_VERSION = "1.0.0"
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "rules" / "releases.toml"

# ddlint platform name -> the CSV column that records a wheel for it. Sorted by platform name,
# which is the order every list in the output uses.
CSV_WHEEL_COLUMNS = {
    "linux-aarch64": "has_linux_aarch64_wheel",
    "linux-i686": "has_manylinux_i686_wheel",
    "macos-arm64": "has_macos_arm64_wheel",
    "windows-x86": "has_win32_wheel",
}
CHECKED_PLATFORMS = tuple(CSV_WHEEL_COLUMNS)
CSV_COLUMNS = ("version", "upload_date", "requires_python", *CSV_WHEEL_COLUMNS.values())

# Same definitions as the CSV's columns: i686 counts manylinux only (the column says so), aarch64
# counts any Linux wheel, macOS arm64 counts universal2 wheels too (they contain arm64 code).
_PLATFORM_TAGS = {
    "linux-aarch64": re.compile(r"(many|musl)linux\w*_aarch64"),
    "linux-i686": re.compile(r"manylinux\w*_i686"),
    "macos-arm64": re.compile(r"macosx_\w+_(arm64|universal2)"),
    "windows-x86": re.compile(r"win32"),
}

CSV_SOURCE = "the package index's JSON API for the ddtrace project, every final release >= 1.0.0"
SOURCES = {
    "simple": (
        "the package index's PEP 691 JSON simple API for the ddtrace project,"
        " every final release >= 1.0.0"
    ),
    "json": CSV_SOURCE,
}
SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"  # the media type PEP 691 defines

_FINAL = re.compile(r"\d+(?:\.\d+)*")


class SnapshotError(Exception):
    """The input (index answer or CSV) cannot be turned into a snapshot."""


@dataclass(frozen=True)
class Release:
    version: str
    date: dt.date
    requires_python: str | None
    wheels: frozenset[str]
    yanked: bool = False


def version_key(version: str) -> tuple[int, ...]:
    """Ordering key for final releases (X.Y.Z); trailing zeros do not change the order."""
    parts = [int(part) for part in version.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def is_wanted(version: str) -> bool:
    if _FINAL.fullmatch(version) is None:
        return False
    return version_key(version) >= version_key(MINIMUM_VERSION)


# --- reading a CSV in the shared snapshot format ------------------------------------------------


def _csv_bool(value: str, column: str, line: int) -> bool:
    if value == "true":
        return True
    if value == "false":
        return False
    raise SnapshotError(f"line {line}: {column} is {value!r}, expected true or false")


def releases_from_csv(path: Path) -> list[Release]:
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
            releases.append(Release(version, date, row["requires_python"] or None, wheels))
    return releases


# --- reading a package index ----------------------------------------------------------------------


@dataclass(frozen=True)
class IndexFile:
    filename: str
    uploaded: str  # ISO 8601, UTC
    requires_python: str | None
    yanked: bool


def _fetch_json(url: str, accept: str, timeout: float) -> Any:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        content_type = response.headers.get_content_type()
        if "json" not in content_type:
            raise SnapshotError(f"{url}: answered {content_type}, not JSON")
        return json.load(response)


def version_of(filename: str) -> str | None:
    """The version in a distribution file name (wheel, egg, sdist); None for other files."""
    if filename.endswith((".whl", ".egg")):
        parts = filename.split("-")
        return parts[1] if len(parts) >= 3 else None
    for suffix in (".tar.gz", ".tar.bz2", ".zip"):
        if filename.endswith(suffix):
            stem = filename[: -len(suffix)]
            return stem.rsplit("-", 1)[1] if "-" in stem else None
    return None


def wheel_platforms(filename: str) -> set[str]:
    if not filename.endswith(".whl"):
        return set()
    tags = filename[: -len(".whl")].rsplit("-", maxsplit=1)[-1].split(".")
    return {
        platform
        for platform, pattern in _PLATFORM_TAGS.items()
        if any(pattern.fullmatch(tag) for tag in tags)
    }


def files_from_simple(document: Mapping[str, Any]) -> dict[str, list[IndexFile]]:
    """Group a PEP 691 project page's files by version; upload times need PEP 700 (api 1.1)."""
    by_version: dict[str, list[IndexFile]] = {}
    for entry in document["files"]:
        filename = entry["filename"]
        version = version_of(filename)
        if version is None:
            continue
        uploaded = entry.get("upload-time")
        if not uploaded:
            raise SnapshotError(
                f"{filename}: no upload-time (the index does not serve PEP 700 data); "
                "try --api json"
            )
        by_version.setdefault(version, []).append(
            IndexFile(filename, uploaded, entry.get("requires-python"), bool(entry.get("yanked")))
        )
    return by_version


def files_from_json_api(document: Mapping[str, Any]) -> dict[str, list[IndexFile]]:
    """Group a JSON API project document's files by version."""
    by_version: dict[str, list[IndexFile]] = {}
    for version, entries in document["releases"].items():
        for entry in entries:
            uploaded = entry.get("upload_time_iso_8601") or entry.get("upload_time")
            if not uploaded:
                raise SnapshotError(f"{entry.get('filename')}: no upload time")
            by_version.setdefault(version, []).append(
                IndexFile(
                    entry["filename"],
                    uploaded,
                    entry.get("requires_python"),
                    bool(entry.get("yanked")),
                )
            )
    return by_version


def release_from_files(version: str, files: Sequence[IndexFile]) -> Release:
    # The release's date is its first upload; requires_python comes from that file too when it
    # declares one, so a later file with different metadata does not flip the answer.
    ordered = sorted(files, key=lambda item: (item.uploaded, item.filename))
    declared = [item.requires_python for item in ordered if item.requires_python]
    wheels: set[str] = set()
    for item in ordered:
        wheels |= wheel_platforms(item.filename)
    return Release(
        version=version,
        date=dt.date.fromisoformat(ordered[0].uploaded[:10]),
        requires_python=declared[0] if declared else None,
        wheels=frozenset(wheels),
        yanked=all(item.yanked for item in ordered),
    )


def releases_from_index(base_url: str, api: str, timeout: float) -> tuple[list[Release], str]:
    """Fetch the project's files; returns the releases and the API kind actually used."""
    base = base_url.rstrip("/")
    by_version: dict[str, list[IndexFile]] | None = None
    used = api
    if api in ("simple", "auto"):
        try:
            document = _fetch_json(f"{base}/{PROJECT}/", SIMPLE_JSON, timeout)
        except (urllib.error.HTTPError, SnapshotError):
            if api == "simple":
                raise
            document = None
        if isinstance(document, dict) and "files" in document:
            by_version = files_from_simple(document)
            used = "simple"
        elif api == "simple":
            raise SnapshotError(f"{base}/{PROJECT}/: not a PEP 691 project page")
    if by_version is None:
        document = _fetch_json(f"{base}/{PROJECT}/json", "application/json", timeout)
        if not isinstance(document, dict) or "releases" not in document:
            raise SnapshotError(f"{base}/{PROJECT}/json: not a JSON API project document")
        by_version = files_from_json_api(document)
        used = "json"
    releases = [
        release_from_files(version, files)
        for version, files in by_version.items()
        if files and is_wanted(version)
    ]
    return releases, used


# --- writing TOML ---------------------------------------------------------------------------------

_TOML_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_string(text: str) -> str:
    out = []
    for char in text:
        if char in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_list(items: Iterable[str]) -> str:
    return "[" + ", ".join(toml_string(item) for item in items) + "]"


def render(releases: Iterable[Release], as_of: dt.date, source: str) -> str:
    lines = [
        "# ddlint rule data: every final ddtrace release >= 1.0.0 with its first upload date,",
        "# requires_python, and the wheels it ships for the platforms the snapshot checked.",
        "# Generated by scripts/refresh_releases.py: do not edit by hand, re-run the script.",
        "#",
        "# [[release]] rows, sorted by version:",
        "#   version          the release",
        "#   date             the day (UTC) its first file was uploaded",
        "#   requires_python  its Requires-Python metadata, verbatim; absent if it declares none",
        "#   wheels_known     the ddlint platforms the snapshot checked for a wheel",
        "#   wheels           those of wheels_known it ships a wheel for; a platform outside",
        "#                    wheels_known is unknown, not missing",
        "#   yanked           true when every file of the release is yanked; absent otherwise",
        "[meta]",
        f"as_of = {as_of.isoformat()}",
        f"source = {toml_string(source)}",
    ]
    ordered = sorted(releases, key=lambda item: version_key(item.version))
    for before, after in zip(ordered, ordered[1:]):
        if version_key(before.version) == version_key(after.version):
            raise SnapshotError(f"version {after.version} appears twice")
    for release in ordered:
        lines += ["", "[[release]]", f"version = {toml_string(release.version)}"]
        lines.append(f"date = {release.date.isoformat()}")
        if release.requires_python is not None:
            lines.append(f"requires_python = {toml_string(release.requires_python)}")
        lines.append(f"wheels_known = {toml_list(CHECKED_PLATFORMS)}")
        lines.append(f"wheels = {toml_list(p for p in CHECKED_PLATFORMS if p in release.wheels)}")
        if release.yanked:
            lines.append("yanked = true")
    return "\n".join(lines) + "\n"


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
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the output would change"
    )
    args = parser.parse_args(argv)

    if args.from_csv is not None and args.as_of is None:
        parser.error("--from-csv needs --as-of: the CSV does not say when it was gathered")
    as_of = args.as_of or dt.datetime.now(dt.timezone.utc).date()
    try:
        if args.from_csv is not None:
            releases = releases_from_csv(args.from_csv)
            source = CSV_SOURCE
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
        text = render(releases, as_of, args.source or source)
    except SnapshotError as error:
        print(f"refresh_releases: {error}", file=sys.stderr)
        return 1
    output: Path = args.output
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            print(f"refresh_releases: {output} is out of date", file=sys.stderr)
            return 1
        return 0
    output.write_text(text, encoding="utf-8")
    print(f"refresh_releases: wrote {len(releases)} releases to {output}")
    # The compiled module of a data file of rules/ (a run parses the TOML until it is written).
    subprocess.run([sys.executable, str(Path(__file__).with_name("generate.py")), "--after",
                    str(output)], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
