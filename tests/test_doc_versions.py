"""No example or document names a version that does not exist (issue 24, item 4)."""

from __future__ import annotations

import re
from pathlib import Path

from ddlint import toml
from ddlint.facts.releases import snapshot

TOP = Path(__file__).resolve().parent.parent
_PIN = re.compile(r"(?<![\w.-])([A-Za-z][A-Za-z0-9_.-]*)==(\d[0-9A-Za-z.]*\d)")


def _documents() -> list[Path]:
    return [TOP / "README.md", *sorted((TOP / "docs").rglob("*")),
            *sorted((TOP / "examples").rglob("*"))]


def test_every_pinned_version_in_the_documents_exists() -> None:
    from packaging.utils import canonicalize_name
    from packaging.version import Version

    data = toml.loads((TOP / "tests" / "data" / "published_versions.toml").read_text("utf-8"))
    known = {canonicalize_name(name): {Version(v) for v in versions}
             for table in ("published", "hypothetical") for name, versions in data[table].items()}
    known.setdefault(canonicalize_name("ddtrace"), set()).update(snapshot())
    missing = []
    seen = 0
    for path in _documents():
        if not path.is_file():
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            for name, version in _PIN.findall(line):
                seen += 1
                if Version(version) not in known.get(canonicalize_name(name), set()):
                    missing.append(f"{path.relative_to(TOP)}:{number}: {name}=={version}")
    assert seen > 20  # the documents were read
    assert missing == []


def test_the_check_catches_a_version_that_never_existed() -> None:
    """aiopg 0.17.0 was never released (0.16.0, then 1.0.0): the pattern and data see it."""
    from packaging.version import Version

    data = toml.loads((TOP / "tests" / "data" / "published_versions.toml").read_text("utf-8"))
    assert _PIN.findall("aiopg==0.17.0  # x") == [("aiopg", "0.17.0")]
    assert Version("0.17.0") not in {Version(v) for v in data["published"]["aiopg"]}
