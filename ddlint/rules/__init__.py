"""The rules: the catalogue (``catalogue``), what a family judges (``context``), the tracer
helpers the families share (``tracer``) and one module per rule family.

The names most callers need are importable from here too.
"""

from __future__ import annotations

from ddlint.rules.catalogue import FAMILIES, Rule, all_rules, check, rule
from ddlint.rules.context import Context, Note

__all__ = ["FAMILIES", "Context", "Note", "Rule", "all_rules", "check", "rule"]
