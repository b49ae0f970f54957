"""The one view of "the lock wins over the manifest" that the rule families share."""

from __future__ import annotations

from pathlib import Path

from ddlint import parsers
from ddlint.model import FileKind
from ddlint.project import Project
from ddlint.rules.context import Context, lock_wins
from ddlint.settings import Settings
from ddlint.targets import resolve
from tests.conftest import FIXTURES


def _context(folder: Path) -> Context:
    files = tuple(parsers.parse(path, kind) for path in sorted(folder.iterdir())
                  if (kind := parsers.detect(path)) is not None)
    project = Project(folder, Settings())
    return Context(project, files, resolve(project, files))


def test_a_locked_entry_stands_for_the_manifest_pin_and_names_its_line() -> None:
    folder = FIXTURES / "parity" / "uv"
    context = _context(folder)
    manifest_text = (folder / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    manifest_line = next(n for n, text in enumerate(manifest_text, 1) if '"django==' in text)

    assert "django" in context.pinned_by_locks
    effective = [(file.kind, dep) for file, dep in context.effective_entries()
                 if dep.name == "django"]
    assert [kind for kind, _ in effective] == [FileKind.UV_LOCK]
    locked = effective[0][1]
    assert locked.origin is not None
    assert (locked.origin.path.name, locked.origin.line) == ("pyproject.toml", manifest_line)
    # every entry is either effective or shadowed by the lock, never both
    every = [(f, d) for f in context.files for d in f.dependencies]
    kept = list(context.effective_entries())
    assert len(kept) + sum(context.shadowed_by_lock(f, d) for f, d in every) == len(every)


def test_lock_wins_keeps_locked_entries_when_there_are_any() -> None:
    context = _context(FIXTURES / "parity" / "uv")
    django = [d for d in context.dependencies() if d.name == "django"]
    assert {d.locked for d in django} == {True, False}
    assert [d.locked for d in lock_wins(django)] == [True]
    manifest_only = [d for d in django if not d.locked]
    assert lock_wins(manifest_only) == manifest_only
