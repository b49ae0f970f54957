"""Rebuild rules/ssi.toml (when single-step instrumentation's Python library aborts) from the tags
of a clone of DataDog/dd-trace-py.

Maintainer tool, standard library only. For every final release tag from v2.0.0 it reads
``lib-injection/sources/sitecustomize.py`` (``RUNTIMES_ALLOW_LIST``: the CPython range outside
which the injected library aborts) and ``lib-injection/sources/requirements.csv`` (ddtrace's own
requirements: an installed package below one aborts it), as that sitecustomize.py reads them,
and writes one row per run of consecutive releases that abort alike:

    python scripts/refresh_ssi_facts.py DD_TRACE_PY --head-is 4.16.0   # write rules/ssi.toml
    python scripts/refresh_ssi_facts.py DD_TRACE_PY --head-is 4.16.0 --check

``--head-is`` names the release the clone's HEAD stands for (released after the newest tag
the clone holds, as ``scripts/refresh_tracer_facts.py`` reads 4.16.0 from a commit).

A rerun over the same tags is byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

TOP = Path(__file__).resolve().parent.parent
OUT = TOP / "rules" / "ssi.toml"
SITECUSTOMIZE = "lib-injection/sources/sitecustomize.py"
REQUIREMENTS = "lib-injection/sources/requirements.csv"

HEADER = '''\
# ddlint rule data: when single-step instrumentation's Python library (the injected ddtrace)
# aborts without a word: lib-injection/sources/sitecustomize.py of each ddtrace release. Written
# by scripts/refresh_ssi_facts.py from the tags of DataDog/dd-trace-py; never edit by hand.
#
# [[ssi]] rows: the releases first..last (tags, in version order) abort alike:
#   python    the CPython range RUNTIMES_ALLOW_LIST allows ("min <= version < max")
#   requires  "name>=version": an installed package below the version aborts the injection;
#             what sitecustomize.py reads of requirements.csv (only the lower bound, parsed by
#             its parse_version: ">=1,!=2.2.0,<3" is 1.2.0; a row whose python_version marker
#             its pattern does not match applies on every Python, the last row of a name wins),
#             with "; python_version == 'X.Y'" where it differs by Python. Absent: the release
#             has no requirements.csv (before 3.10.0), not judged.
#   source    the tags and files
[meta]
'''

_TAG = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")
_NUMBER = re.compile(r"(\d+)")


def _git(clone: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(clone), *args], check=True, capture_output=True,
                          text=True).stdout


def _show(clone: Path, tag: str, path: str) -> Optional[str]:
    done = subprocess.run(["git", "-C", str(clone), "show", f"{tag}:{path}"],
                          check=False, capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else None


def parse_version(text: str) -> tuple[tuple[int, ...], str]:
    """sitecustomize.py's ``parse_version``: the constraint before the first digit, then the
    leading number of each dot-separated part."""
    first = re.search(r"\d", text)
    if not first:
        return (0, 0), ""
    numeric, constraint = text[first.start():], text[:first.start()]
    parts = [int(match.group(1)) for part in numeric.split(".")
             if (match := re.match(r"(\d+)", part))]
    return tuple(parts), constraint


def runtime_range(source: str) -> Optional[tuple[tuple[int, ...], tuple[int, ...]]]:
    """RUNTIMES_ALLOW_LIST's CPython ``min`` and ``max``, in either spelling it had
    (``Version(version=(3, 9), ...)``, ``parse_version("3.7")``)."""
    block = re.search(r'"cpython"\s*:\s*\{(.*?)\}\s*,?\s*\}', source, re.DOTALL)
    if block is None:
        return None
    found = {}
    for key in ("min", "max"):
        value = re.search(rf'"{key}"\s*:\s*(?:Version\(version=\(([\d, ]+)\)|parse_version\('
                          rf'"([\d.]+)"\))', block.group(1))
        if value is None:
            return None
        text = value.group(1) or value.group(2)
        found[key] = tuple(int(n) for n in _NUMBER.findall(text))
    return found["min"], found["max"]


def marker_pattern(source: str) -> Optional[str]:
    """The pattern ``python_version_is_compatible`` matches a marker with, as written."""
    found = re.search(r'def python_version_is_compatible.*?re\.match\(r"(.*?)", marker_str\)',
                      source, re.DOTALL)
    return found.group(1) if found else None


def minimums(requirements: str, pattern: Optional[str],
             python: tuple[int, ...]) -> dict[str, tuple[int, ...]]:
    """What ``build_requirements`` gives on CPython ``python``: name -> the lowest version an
    installed package may have (names without one are left out)."""
    found: dict[str, tuple[tuple[int, ...], str]] = {}
    rows = csv.reader(io.StringIO(requirements))
    next(rows, None)
    for row in rows:
        if len(row) != 3 or row[0].startswith("#"):
            continue
        name, spec, marker = row
        if marker and pattern is not None:
            match = re.match(pattern, marker)
            if match:  # as requirement_is_compatible judges the running Python
                wanted, op = parse_version(match.group(2))[0], match.group(1)
                if op not in ("<", "<=") and python < wanted:
                    continue
        found[name.lower()] = parse_version(spec)
    return {name: version for name, (version, constraint) in found.items()
            if constraint not in ("<", "<=") and any(version)
            and re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name)}


def facts_of(clone: Path, tag: str) -> Optional[tuple[str, tuple[str, ...], bool]]:
    source = _show(clone, tag, SITECUSTOMIZE)
    if source is None:
        return None
    allowed = runtime_range(source)
    if allowed is None:
        return None
    low, high = allowed
    python = f">={'.'.join(map(str, low))},<{'.'.join(map(str, high))}"
    requirements = _show(clone, tag, REQUIREMENTS)
    if requirements is None:
        return python, (), False
    pattern = marker_pattern(source)
    # each minor as its x.0 (platform.python_version(): "3.14.0" is (3, 14, 0), above (3, 14))
    pythons = [(3, minor, 0) for minor in range(low[1], high[1])] if low[0] == high[0] == 3 \
        else [low]
    per_python = {p: minimums(requirements, pattern, p) for p in pythons}
    names = sorted({name for found in per_python.values() for name in found})
    texts: list[str] = []
    for name in names:
        seen = {p: found.get(name) for p, found in per_python.items()}
        if len(set(seen.values())) == 1:
            texts.append(f"{name}>={'.'.join(map(str, next(iter(seen.values())) or ()))}")
            continue
        texts.extend(f"{name}>={'.'.join(map(str, version))}; python_version == "
                     f"'{p[0]}.{p[1]}'" for p, version in seen.items() if version)
    return python, tuple(texts), True


def render(clone: Path, head_is: Optional[str] = None) -> str:
    tags = sorted((tuple(int(n) for n in m.groups()), line)
                  for line in _git(clone, "tag", "--list", "v*").split()
                  if (m := _TAG.match(line)) and int(m.group(1)) >= 2)
    head = _git(clone, "rev-parse", "--short=7", "HEAD").strip()
    named = [(tag, tag) for _, tag in tags]
    if head_is is not None:  # (its name, what git reads)
        named.append((f"v{head_is}", "HEAD"))
    rows: list[tuple[str, str, tuple[str, tuple[str, ...], bool]]] = []
    for tag, revision in named:
        facts = facts_of(clone, revision)
        if facts is None:
            continue
        if rows and rows[-1][2] == facts:
            rows[-1] = (rows[-1][0], tag, facts)
        else:
            rows.append((tag, tag, facts))
    out = [HEADER,
           f'source = "DataDog/dd-trace-py tags v2.0.0 and later (clone at {head}): '
           f'{SITECUSTOMIZE}, {REQUIREMENTS}"\n']
    for first, last, (python, requires, known) in rows:
        out.append(f'\n[[ssi]]\nfirst = "{first[1:]}"\nlast = "{last[1:]}"\n'
                   f'python = "{python}"\n')
        if known:
            out.append("requires = [" + "".join(f'\n  "{text}",' for text in requires)
                       + ("\n" if requires else "") + "]\n")
        files = f"{SITECUSTOMIZE}, {REQUIREMENTS}" if known else SITECUSTOMIZE
        upto = f"{last} (HEAD {head})" if head_is is not None and last == f"v{head_is}" \
            else last
        out.append(f'source = "DataDog/dd-trace-py tags {first} to {upto}: {files}"\n')
    return "".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clone", type=Path, help="a clone of DataDog/dd-trace-py with its tags")
    parser.add_argument("--head-is", metavar="VERSION",
                        help="the release the clone's HEAD stands for")
    parser.add_argument("--check", action="store_true", help="compare with the file, write nothing")
    args = parser.parse_args(argv)
    try:
        text = render(args.clone, args.head_is)
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"refresh_ssi_facts: {error}", file=sys.stderr)
        return 2
    from generate import refresh  # scripts/ is the first folder of a script's sys.path

    return refresh({OUT: text}, args.check, "refresh_ssi_facts")


if __name__ == "__main__":
    sys.exit(main())
