"""Whether a lockfile still matches its manifest: DDL006.

A lock is judged as it stands, so a stale one misleads every other rule: the manifest asks for
one version, the lock (what gets installed) holds another. Offline, this compares the ranges the
manifest lines behind a locked entry declare (``Dependency.declared``, filled by the lock
parsers) with the version locked; it never resolves.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Optional

from ddlint import fixes
from ddlint.environment import Environment, applicable
from ddlint.model import Declared, Dependency, DependencyFile, Diagnostic, Rule, Severity
from ddlint.rules.context import Context, written_by_a_tool

LOCK_OUT_OF_DATE = Rule(
    code="DDL006",
    name="lock-out-of-date",
    severity=Severity.WARNING,
    summary="A locked version that the manifest's declared requirement no longer admits.",
    why=(
        "ddlint judges what a lockfile holds, because that is what gets installed. When the "
        "manifest has moved on (pyproject.toml now says `django==1.8.19`) and nobody re-locked "
        "(uv.lock still holds 1.7.11), every other finding is about a version the project no "
        "longer asks for, and the next install or re-lock brings a different one. The check "
        "is offline: it compares each declared range with the locked version, never resolves; "
        "a declaration with a marker counts only in the targeted environments where both it "
        "and the locked entry apply. The finding is on the lock's entry, with the manifest "
        "line as its related location."
    ),
    example=(
        "pyproject.toml:\n\n"
        "    [project]\n    name = \"shop\"\n    version = \"1.0\"\n"
        "    requires-python = \">=3.9\"\n    dependencies = [\"django==1.8.19\"]\n\n"
        "uv.lock (as `uv lock` wrote it before the pin was raised, shortened):\n\n"
        "    version = 1\n    requires-python = \">=3.9\"\n\n"
        "    [[package]]\n    name = \"django\"\n    version = \"1.7.11\"\n"
        "    source = { registry = \"https://registry.invalid/simple\" }\n"
    ),
    fix=(
        "Re-lock with the tool that wrote the lockfile (`uv lock`, `poetry lock`, `pdm lock`, "
        "`pipenv lock`; for pylock.toml the command that created it); the finding names the "
        "command. If the lock is right and the manifest is not, fix the manifest."
    ),
    source="ddlint (the manifest next to the lockfile: pyproject.toml, Pipfile)",
    tags=("correctness",),
)

RULES = (LOCK_OUT_OF_DATE,)


def check(context: Context) -> Iterator[Diagnostic]:
    environments = context.targets.environments()
    for file in context.files:
        if not written_by_a_tool(file):
            continue
        for dependency in file.dependencies:
            if not dependency.locked or not dependency.version or not dependency.declared:
                continue
            excluding = _excluding(dependency, environments)
            if excluding is not None:
                yield _finding(file, dependency, excluding)


def _excluding(
    dependency: Dependency, environments: Sequence[Environment]
) -> Optional[tuple[Declared, ...]]:
    """The first manifest line (its alternatives) that applies where the locked entry does and
    admits none of it: a resolver must satisfy every line that applies, and one of a line's
    alternatives (Poetry's ``||``)."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    assert dependency.version is not None
    try:
        version = Version(dependency.version)
    except InvalidVersion:
        return None  # not PEP 440 (a checkout's own version): nothing to compare
    installed: Optional[frozenset[Environment]] = None  # where the locked entry is installed
    lines: dict[tuple[str, int], list[Declared]] = {}
    for declared in dependency.declared:
        lines.setdefault((declared.location.path.as_posix(), declared.location.line),
                         []).append(declared)
    for alternatives in lines.values():
        if dependency.marker or any(declared.marker for declared in alternatives):
            if installed is None:
                installed = applicable(dependency.marker, environments)
            if not any(applicable(declared.marker, installed) for declared in alternatives):
                continue
        admitted = False
        for declared in alternatives:
            try:
                admitted = SpecifierSet(declared.specifier).contains(version, prereleases=True)
            except InvalidSpecifier:
                admitted = True  # a range ddlint cannot read excludes nothing it can name
            if admitted:
                break
        if not admitted:
            return tuple(alternatives)
    return None


def _finding(file: DependencyFile, dependency: Dependency,
             excluding: tuple[Declared, ...]) -> Diagnostic:
    where = excluding[0].location
    declared = " || ".join(d.specifier for d in excluding)
    return LOCK_OUT_OF_DATE.diagnostic(
        dependency.location,
        f"{file.path.name} holds {dependency.name} {dependency.version}, which "
        f"{where.path.name} line {where.line} no longer admits ({dependency.name}{declared}): "
        f"the lock is out of date, and the other rules judge {dependency.version}",
        dependency=dependency, related=(where,), fix=fixes.relock(file),
    )
