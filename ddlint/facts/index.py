"""What a package index says of ddtrace's releases, as ddlint's release data.

Reads a PEP 691 JSON project page (with PEP 700 upload times) or a JSON API project document
and renders ``releases.toml`` (versions, dates, ``requires_python``, yanked) and ``wheels.toml``
(the CPython builds and platforms each release ships a wheel for). Used by
``scripts/refresh_releases.py`` (the shipped snapshot) and ``ddlint facts update`` (a user's
cache): the same code, so a refresh for a new tracer line is data, not code.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Optional

from ddlint.records import dataclass

PROJECT = "ddtrace"
MINIMUM_VERSION = "1.0.0"
SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"  # the media type PEP 691 defines
SOURCES = {
    "simple": (
        "the package index's PEP 691 JSON simple API for the ddtrace project,"
        " every final release >= 1.0.0"
    ),
    "json": "the package index's JSON API for the ddtrace project, every final release >= 1.0.0",
}

# The four platforms releases.toml's ``wheels`` column records (the original snapshot's), with
# its definitions: i686 counts manylinux only, aarch64 any Linux wheel, macOS arm64 universal2.
CHECKED_PLATFORMS = ("linux-aarch64", "linux-i686", "macos-arm64", "windows-x86")
_CHECKED_TAGS = {
    "linux-aarch64": r"(many|musl)linux\w*_aarch64",
    "linux-i686": r"manylinux\w*_i686",
    "macos-arm64": r"macosx_\w+_(arm64|universal2)",
    "windows-x86": r"win32",
}
# wheels.toml: every ddlint platform, glibc Linux (manylinux) as the installers' default.
_PLATFORM_TAGS = {
    "linux-aarch64": r"manylinux\w*_aarch64",
    "linux-i686": r"manylinux\w*_i686",
    "linux-x86_64": r"manylinux\w*_x86_64",
    "macos-arm64": r"macosx_\w+_(arm64|universal2)",
    "macos-x86_64": r"macosx_\w+_(x86_64|intel|universal2)",
    "windows-amd64": r"win_amd64",
    "windows-x86": r"win32",
}
_FINAL = re.compile(r"\d+(?:\.\d+)*")


class IndexDataError(ValueError):
    """The index's answer cannot be turned into release data."""


@dataclass(frozen=True)
class IndexFile:
    filename: str
    uploaded: str  # ISO 8601, UTC
    requires_python: Optional[str]
    yanked: bool


@dataclass(frozen=True)
class IndexRelease:
    """One release as the index lists it."""

    version: str
    date: datetime.date
    requires_python: Optional[str]
    wheels: frozenset[str]  # of CHECKED_PLATFORMS
    yanked: bool
    builds: frozenset[str]  # "3.13 linux-x86_64", "3.14t windows-amd64", ...
    sdist: bool


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


def version_of(filename: str) -> Optional[str]:
    """The version in a distribution file name (wheel, egg, sdist); None for other files."""
    if filename.endswith((".whl", ".egg")):
        parts = filename.split("-")
        return parts[1] if len(parts) >= 3 else None
    for suffix in (".tar.gz", ".tar.bz2", ".zip"):
        if filename.endswith(suffix):
            stem = filename[: -len(suffix)]
            return stem.rsplit("-", 1)[1] if "-" in stem else None
    return None


def _platforms(tags: Iterable[str], table: Mapping[str, str]) -> set[str]:
    tags = list(tags)
    return {platform for platform, pattern in table.items()
            if any(re.fullmatch(pattern, tag) for tag in tags)}


def wheel_builds(filename: str) -> set[str]:
    """``"3.13 linux-x86_64"`` for each CPython build and ddlint platform a wheel serves;
    free-threaded builds (ABI ``cp313t``) are ``"3.13t ..."``."""
    if not filename.endswith(".whl"):
        return set()
    parts = filename[: -len(".whl")].split("-")
    if len(parts) < 5:
        return set()
    interpreters, abis, platform_tags = parts[-3].split("."), parts[-2].split("."), parts[-1]
    platforms = _platforms(platform_tags.split("."), _PLATFORM_TAGS)
    pythons = set()
    for interpreter in interpreters:
        match = re.fullmatch(r"cp(\d)(\d+)", interpreter)
        if match is None:
            continue
        minor = f"{match.group(1)}.{match.group(2)}"
        for abi in abis:
            if abi == f"{interpreter}t":
                pythons.add(f"{minor}t")
            elif abi.startswith(interpreter) or abi == "abi3":
                pythons.add(minor)
    return {f"{python} {platform}" for python in pythons for platform in platforms}


def files_of(document: Mapping[str, Any]) -> tuple[dict[str, list[IndexFile]], str]:
    """The document's files by version, and its kind ("simple" or "json")."""
    by_version: dict[str, list[IndexFile]] = {}
    if isinstance(document.get("files"), list):
        for entry in document["files"]:
            filename = str(entry["filename"])
            version = version_of(filename)
            if version is None:
                continue
            uploaded = entry.get("upload-time")
            if not uploaded:
                raise IndexDataError(f"{filename}: no upload-time (the index does not serve "
                                  "PEP 700 data)")
            by_version.setdefault(version, []).append(IndexFile(
                filename, str(uploaded), entry.get("requires-python"),
                bool(entry.get("yanked"))))
        return by_version, "simple"
    if isinstance(document.get("releases"), dict):
        for version, entries in document["releases"].items():
            for entry in entries:
                uploaded = entry.get("upload_time_iso_8601") or entry.get("upload_time")
                if not uploaded:
                    raise IndexDataError(f"{entry.get('filename')}: no upload time")
                by_version.setdefault(version, []).append(IndexFile(
                    str(entry["filename"]), str(uploaded), entry.get("requires_python"),
                    bool(entry.get("yanked"))))
        return by_version, "json"
    raise IndexDataError("neither a PEP 691 project page nor a JSON API project document")


def release_from_files(version: str, files: Sequence[IndexFile]) -> IndexRelease:
    # The release's date is its first upload; requires_python comes from that file too when it
    # declares one, so a later file with different metadata does not flip the answer.
    ordered = sorted(files, key=lambda item: (item.uploaded, item.filename))
    declared = [item.requires_python for item in ordered if item.requires_python]
    wheels: set[str] = set()
    builds: set[str] = set()
    for item in ordered:
        if item.filename.endswith(".whl"):
            tags = item.filename[: -len(".whl")].rsplit("-", maxsplit=1)[-1].split(".")
            wheels |= _platforms(tags, _CHECKED_TAGS)
            builds |= wheel_builds(item.filename)
    return IndexRelease(
        version=version,
        date=datetime.date.fromisoformat(ordered[0].uploaded[:10]),
        requires_python=declared[0] if declared else None,
        wheels=frozenset(wheels),
        yanked=all(item.yanked for item in ordered),
        builds=frozenset(builds),
        sdist=any(not item.filename.endswith((".whl", ".egg")) for item in ordered),
    )


def releases_of(document: Mapping[str, Any]) -> tuple[list[IndexRelease], str]:
    """The final releases >= 1.0.0 of an index answer, and the answer's kind."""
    by_version, kind = files_of(document)
    releases = [release_from_files(version, files) for version, files in by_version.items()
                if files and is_wanted(version)]
    return sorted(releases, key=lambda item: version_key(item.version)), kind


# --- writing TOML ---------------------------------------------------------------------------------

_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
                 "\r": "\\r"}


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


def _ordered(releases: Iterable[IndexRelease]) -> list[IndexRelease]:
    ordered = sorted(releases, key=lambda item: version_key(item.version))
    for before, after in zip(ordered, ordered[1:]):
        if version_key(before.version) == version_key(after.version):
            raise IndexDataError(f"version {after.version} appears twice")
    return ordered


def render_releases(releases: Iterable[IndexRelease], as_of: datetime.date, source: str) -> str:
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
    for release in _ordered(releases):
        lines += ["", "[[release]]", f"version = {toml_string(release.version)}"]
        lines.append(f"date = {release.date.isoformat()}")
        if release.requires_python is not None:
            lines.append(f"requires_python = {toml_string(release.requires_python)}")
        lines.append(f"wheels_known = {toml_list(CHECKED_PLATFORMS)}")
        lines.append(f"wheels = {toml_list(p for p in CHECKED_PLATFORMS if p in release.wheels)}")
        if release.yanked:
            lines.append("yanked = true")
    return "\n".join(lines) + "\n"


def _build_key(build: str) -> tuple[tuple[int, ...], str, str]:
    python, platform = build.split(" ", 1)
    threaded = python.endswith("t")
    return (tuple(int(part) for part in python.rstrip("t").split(".")),
            "t" if threaded else "", platform)


def wheel_runs(releases: Iterable[IndexRelease]) -> list[dict[str, Any]]:
    """Runs of consecutive releases (in version order) that ship the same wheels, as
    ``wheels.toml`` rows: ``first``, ``last``, ``pythons`` (``"3.13: linux-x86_64 ..."``),
    ``sdist``."""
    runs: list[list[IndexRelease]] = []
    for release in _ordered(releases):
        if runs and (runs[-1][-1].builds, runs[-1][-1].sdist) == (release.builds,
                                                                   release.sdist):
            runs[-1].append(release)
        else:
            runs.append([release])
    rows = []
    for run in runs:
        by_python: dict[str, list[str]] = {}
        for build in sorted(run[0].builds, key=_build_key):
            python, platform = build.split(" ", 1)
            by_python.setdefault(python, []).append(platform)
        rows.append({"first": run[0].version, "last": run[-1].version,
                     "pythons": [f"{python}: {' '.join(platforms)}"
                                 for python, platforms in by_python.items()],
                     "sdist": run[0].sdist})
    return rows


def render_wheels(releases: Iterable[IndexRelease], as_of: datetime.date, source: str) -> str:
    """``wheels.toml``: ``wheel_runs`` with a header."""
    lines = [
        "# ddlint rule data: the CPython builds and platforms each ddtrace release ships a wheel",
        "# for. Generated by scripts/refresh_releases.py: do not edit by hand, re-run the script.",
        "#",
        "# [[wheels]] rows: the releases from `first` to `last` (in version order, every release",
        "# of releases.toml between them) ship the same wheels:",
        "#   pythons  one text per CPython build: the build (`3.13`, `3.14t` free-threaded), then",
        "#            the ddlint platforms it has a wheel for (Linux: manylinux, glibc)",
        "#   sdist    true when the release also ships a source distribution",
        "[meta]",
        f"as_of = {as_of.isoformat()}",
        f"source = {toml_string(source)}",
    ]
    for row in wheel_runs(releases):
        pythons = "".join(f"\n  {toml_string(text)}," for text in row["pythons"])
        lines += ["", "[[wheels]]", f"first = {toml_string(row['first'])}",
                  f"last = {toml_string(row['last'])}",
                  f"pythons = [{pythons}" + ("\n]" if pythons else "]"),
                  f"sdist = {'true' if row['sdist'] else 'false'}"]
    return "\n".join(lines) + "\n"


def render_document(releases: Sequence[IndexRelease], as_of: datetime.date, kind: str) -> str:
    """A release facts file (JSON): what ``releases.toml`` and ``wheels.toml`` hold, in one
    document ``ddlint.facts.read_release_facts`` reads (the user cache, a team's facts file)."""
    import json

    rows = []
    for release in _ordered(releases):
        row: dict[str, Any] = {"version": release.version, "date": release.date.isoformat()}
        if release.requires_python is not None:
            row["requires_python"] = release.requires_python
        if release.yanked:
            row["yanked"] = True
        rows.append(row)
    document = {"meta": {"as_of": as_of.isoformat(), "source": SOURCES[kind],
                         "written_by": "ddlint facts update"},
                "release": rows, "wheels": wheel_runs(releases)}
    return json.dumps(document, indent=1, sort_keys=False) + "\n"
