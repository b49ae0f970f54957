"""Rule documentation has one source: ``ddlint rule``, docs/rules.md and SARIF help agree."""

from __future__ import annotations

import pytest

from ddlint.explain import anchor, document, explain, full_description, help_uri
from ddlint.records import replace
from ddlint.rules import Rule, all_rules
from tests.conftest import REPO

DOCS = REPO / "docs" / "rules.md"


@pytest.mark.parametrize("entry", all_rules(), ids=lambda rule: rule.code)
def test_every_rule_is_documented(entry: Rule) -> None:
    for text in (entry.summary, entry.why, entry.example, entry.fix, entry.source):
        assert text.strip(), entry.code
    assert entry.tags, entry.code
    docs = document(all_rules())
    assert explain(entry, level=2) in docs
    assert f"| [{entry.code}](#{anchor(entry)}) |" in docs
    assert len(full_description(entry)) <= 1024
    assert help_uri(entry).endswith("/blob/main/docs/rules.md#" + anchor(entry))


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
