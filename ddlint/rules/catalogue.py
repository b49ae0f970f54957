"""The rule families and their catalogue.

Each family is a module here with ``RULES`` (the documented rules it reports) and
``check(context) -> Iterable[Diagnostic]``; its facts live in ``rules/<family>.toml``.
Rules that other stages report (DDL001 by the parsers, DDL9xx by the filter) are in ``meta``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Optional

from ddlint.environment import Targets
from ddlint.model import Dependency, DependencyFile, Diagnostic, Location, Severity
from ddlint.project import Project
from ddlint.settings import Settings

# Order is the catalogue's order; every module here must define RULES.
FAMILIES = ("meta", "runtime", "lifecycle", "integrations", "agent")
_CHECKED_FAMILIES = ("runtime", "lifecycle", "integrations", "agent")


@dataclass(frozen=True)
class Rule:
    """A rule's identity and documentation, the single source for ``ddlint rule``, the docs
    and SARIF rule metadata."""

    code: str
    name: str
    severity: Severity
    summary: str  # one line: what it reports
    why: str  # why it matters
    example: str  # a dependency file (or option) that triggers it
    fix: str  # how to fix it
    source: str  # where its facts come from
    tags: tuple[str, ...] = ()
    # For security rules (tag "security"): GitHub code scanning's score, "0.1" to "10.0"
    # (>= 7.0 high, >= 4.0 medium); unset, it follows the default severity.
    security_severity: Optional[str] = None

    def diagnostic(
        self, location: Location, message: str, *, severity: Optional[Severity] = None,
        dependency: Optional[Dependency] = None, **extra: object,
    ) -> Diagnostic:
        """A finding of this rule; ``dependency`` fills package and version."""
        fields: dict[str, object] = {}
        if dependency is not None:
            fields["package"] = dependency.name
            fields["version"] = dependency.version
            if dependency.origin is not None:
                fields["related"] = (dependency.origin,)
        fields.update(extra)
        return Diagnostic(
            code=self.code, severity=severity or self.severity, message=message,
            location=location, **fields,  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class Context:
    """What a rule family judges: one project's parsed files, targets and settings."""

    project: Project
    files: tuple[DependencyFile, ...]
    targets: Targets

    @property
    def settings(self) -> Settings:
        return self.project.settings

    def dependencies(self) -> Iterator[Dependency]:
        for file in self.files:
            yield from file.dependencies


@dataclass(frozen=True)
class Note:
    """Something a run should tell the user that is not a finding (e.g. a check was skipped)."""

    message: str


def _family(name: str) -> Optional[ModuleType]:
    try:
        return importlib.import_module(f"ddlint.rules.{name}")
    except ModuleNotFoundError as error:
        if error.name == f"ddlint.rules.{name}":
            return None  # a family not written yet
        raise


def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by code."""
    rules: list[Rule] = []
    for name in FAMILIES:
        module = _family(name)
        if module is not None:
            rules.extend(module.RULES)
    return tuple(sorted(rules, key=lambda rule: rule.code))


def rule(code: str) -> Optional[Rule]:
    return next((r for r in all_rules() if r.code == code.upper()), None)


def check(
    context: Context, families: Sequence[str] = _CHECKED_FAMILIES
) -> Iterator[Diagnostic | Note]:
    """Run every rule family over one project."""
    for name in families:
        module = _family(name)
        if module is not None:
            yield from module.check(context)
