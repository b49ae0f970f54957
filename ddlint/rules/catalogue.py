"""The rule catalogue: every rule family, in one list.

Each family is a module of ``ddlint.rules`` with ``RULES`` (the documented rules it reports) and
``check(context) -> Iterable[Diagnostic]``; it reads its facts through ``ddlint.facts``.
Rules that other stages report (DDL001 by the parsers, DDL9xx by the filter) are in ``meta``.
A family missing from ``FAMILIES`` is an error (``tests/test_structure.py``), and so is a
module listed there that does not exist: nothing is skipped silently.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from types import ModuleType
from typing import Optional

from ddlint.model import Diagnostic, Rule
from ddlint.rules.context import Context, Note

__all__ = ["FAMILIES", "Rule", "all_rules", "check", "provenance", "rule"]

# Order is the catalogue's order; every module here must define RULES.
FAMILIES = ("meta", "locks", "runtime", "installability", "lifecycle", "integrations", "agent",
            "tracer_data")
# Families that judge the project's own files only, with no compatibility fact.
_FACTLESS_FAMILIES = ("locks",)
_CHECKED_FAMILIES = ("locks", "runtime", "installability", "lifecycle", "integrations", "agent",
                     "tracer_data")


def _families() -> dict[str, ModuleType]:
    """Every family's module by name, imported on first use (``--version`` imports none)."""
    from ddlint.rules import (
        agent,
        installability,
        integrations,
        lifecycle,
        locks,
        meta,
        runtime,
        tracer_data,
    )

    modules = {"meta": meta, "locks": locks, "runtime": runtime,
               "installability": installability, "lifecycle": lifecycle,
               "integrations": integrations, "agent": agent, "tracer_data": tracer_data}
    assert tuple(modules) == FAMILIES, "FAMILIES and the imports above list the same families"
    return modules


def _family(name: str) -> ModuleType:
    try:
        return _families()[name]
    except KeyError:
        raise ValueError(f"no rule family {name!r} (FAMILIES lists them)") from None


def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by code."""
    rules: list[Rule] = []
    for name in FAMILIES:
        rules.extend(_family(name).RULES)
    return tuple(sorted(rules, key=lambda rule: rule.code))


def rule(code: str) -> Optional[Rule]:
    return next((r for r in all_rules() if r.code == code.upper()), None)


def provenance(code: str) -> str:
    """Where a rule's data comes from and how old it is, when its family says (a family's
    ``provenance()``), for ``ddlint rule CODE``; "" otherwise."""
    for name in FAMILIES:
        module = _family(name)
        if any(entry.code == code for entry in module.RULES):
            describe = getattr(module, "provenance", None)
            return str(describe()) if describe is not None else ""
    return ""


def check(
    context: Context, families: Sequence[str] = _CHECKED_FAMILIES
) -> Iterator[Diagnostic | Note]:
    """Run every rule family over one project. Past the facts' set age (``facts.releases.
    STALE_AFTER_DAYS``) every finding built on them says how old they are."""
    from ddlint.facts.cache import activate
    from ddlint.facts.releases import age_clause
    from ddlint.records import replace

    used = activate(context.settings.facts_file)
    if used is not None:
        yield Note(used)
    aged = age_clause(context.settings.today)
    for name in families:
        for found in _family(name).check(context):
            if aged and name not in _FACTLESS_FAMILIES and isinstance(found, Diagnostic):
                found = replace(found, message=found.message + aged)
            yield found
