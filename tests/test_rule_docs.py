"""Rule documentation has one source: ``ddlint rule``, docs/rules.md and SARIF help agree."""

from __future__ import annotations

import re

import pytest

from ddlint.explain import anchor, explain, full_description, help_uri
from ddlint.records import replace
from ddlint.rules import Rule, all_rules
from tests.conftest import REPO

DOCS = REPO / "docs" / "rules.md"


def _github_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown file (lower case, punctuation but
    ``-`` and ``_`` dropped, spaces to ``-``; a repeated one gets ``-1``, ``-2``, ...)."""
    found: set[str] = set()
    for line in markdown.splitlines():
        if line.startswith("#"):
            base = re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
            anchor_text, count = base, 0
            while anchor_text in found:
                count += 1
                anchor_text = f"{base}-{count}"
            found.add(anchor_text)
    return found


@pytest.mark.parametrize("entry", all_rules(), ids=lambda rule: rule.code)
def test_every_rule_is_documented(entry: Rule) -> None:
    """The committed docs/rules.md documents the rule: a row of the index whose link lands on
    the rule's heading, the section under it carrying every part of the rule's documentation,
    and the SARIF help link landing on the same heading."""
    for text in (entry.summary, entry.why, entry.example, entry.fix, entry.source):
        assert text.strip(), entry.code
    assert entry.tags, entry.code
    docs = DOCS.read_text(encoding="utf-8")
    anchors = _github_anchors(docs)
    [link] = re.findall(rf"^\| \[{entry.code}\]\(#([^)]+)\) \| {entry.name} \|", docs, re.M)
    assert link in anchors and help_uri(entry).endswith("/blob/main/docs/rules.md#" + link)
    start = docs.index(f"\n## {entry.code} {entry.name}\n")
    section = docs[start:docs.find("\n## ", start + 1) % (len(docs) + 1)]
    for text in (entry.summary, entry.why, entry.fix, entry.source, entry.example.rstrip()):
        assert text in section, (entry.code, text[:40])
    assert len(full_description(entry)) <= 1024


def test_rules_lists_every_code(ddlint) -> None:
    result = ddlint("rules")
    assert result.code == 0
    listed = [line.split()[0] for line in result.out.splitlines()]
    assert listed == [entry.code for entry in all_rules()]


def test_rule_explains_one_from_the_same_source(ddlint) -> None:
    result = ddlint("rule", "ddl301")
    assert result.code == 0
    assert result.out == explain(next(r for r in all_rules() if r.code == "DDL301"))
    assert "## How to fix" in result.out and "## Source" in result.out


def test_unknown_rule_is_a_usage_error(ddlint) -> None:
    result = ddlint("rule", "DDL999")
    assert result.code == 2 and "no rule" in result.err


def test_anchor_is_githubs() -> None:
    entry = next(r for r in all_rules() if r.code == "DDL001")
    assert anchor(entry) == "ddl001-invalid-file"


def test_long_descriptions_are_cut_at_a_word() -> None:
    base = next(r for r in all_rules() if r.code == "DDL001")
    long = replace(base, why="word " * 400)
    text = full_description(long)
    assert len(text) <= 1024 and text.endswith("word…")
