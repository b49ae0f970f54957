"""benchmarks/corpus: every project is documented, and no URL points at a package registry."""

from __future__ import annotations

import re

from tests.conftest import REPO

CORPUS = REPO / "benchmarks" / "corpus"
REGISTRY_URL = re.compile(r"https?://[^/\s\"'<>]*(pypi|pythonhosted)", re.IGNORECASE)


def test_every_corpus_project_has_its_row_in_the_readme() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    projects = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
    assert len(projects) >= 6
    for name in projects:
        row = next((line for line in readme.splitlines() if line.startswith(f"| `{name}` |")), "")
        assert re.search(r"github\.com/[\w.-]+/[\w.-]+", row), name
        assert re.search(r"`[0-9a-f]{40}`", row), name  # the commit it was taken at


def test_corpus_urls_name_no_registry_host() -> None:
    for path in CORPUS.rglob("*"):
        if path.is_file() and path.name != "README.md":
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not REGISTRY_URL.search(text), path.relative_to(CORPUS)


def test_corpus_files_stay_small() -> None:
    assert all(p.stat().st_size < 300_000 for p in CORPUS.rglob("*") if p.is_file())
