"""The filter stage: select/ignore, per-file ignores, inline and configured suppressions.

Findings switched off by ``select``/``ignore`` are dropped. Findings matched by a suppression
(an inline comment, ``per-file-ignores`` or a configured ignore with its reason) are kept and
marked ``suppressed``, so that summaries and machine formats can account for them.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Optional

from ddlint.model import DependencyFile, Diagnostic, Location
from ddlint.rules.meta import IGNORE_EXPIRED, IGNORE_UNUSED
from ddlint.settings import ConfiguredIgnore, Settings

# The reason an inline comment gives; SARIF tells in-source suppressions by it.
INLINE_IGNORE_REASON = "inline ignore comment"


def matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(prefix) for prefix in prefixes)


def enabled(code: str, settings: Settings) -> bool:
    """Whether ``select``/``ignore`` leave ``code`` on. DDL001 is on unless ignored by name."""
    if matches(code, settings.ignore):
        return False
    if not settings.select or code == "DDL001":
        return True
    return matches(code, settings.select)


def apply(
    found: Sequence[Diagnostic], files: Sequence[DependencyFile], settings: Settings
) -> list[Diagnostic]:
    """Filter one project's findings; adds DDL901/DDL902 for the suppressions themselves."""
    inline = {(path.resolve(), line): codes for file in files
              for path, line, codes in file.inline_ignores}
    used_inline: set[tuple[Path, int]] = set()
    active_ignores, expired = _split_expired(settings.ignores, settings)
    used_ignores: set[ConfiguredIgnore] = set()
    result: list[Diagnostic] = []

    for diagnostic in found:
        if not enabled(diagnostic.code, settings):
            continue
        reason = _per_file_reason(diagnostic, settings)
        key = (diagnostic.location.path.resolve(), diagnostic.location.line)
        codes = inline.get(key)
        if reason is None and codes is not None and (not codes or matches(diagnostic.code, codes)):
            reason = INLINE_IGNORE_REASON
            used_inline.add(key)
        if reason is None:
            for ignore in active_ignores:
                if _ignore_matches(ignore, diagnostic, settings):
                    reason = ignore.reason
                    used_ignores.add(ignore)
                    break
        result.append(replace(diagnostic, suppressed=reason) if reason else diagnostic)

    meta: list[Diagnostic] = []
    for ignore in expired:
        meta.append(IGNORE_EXPIRED.diagnostic(
            _origin(ignore, settings),
            f"the ignore of {_describe(ignore)} expired on {ignore.expires}: "
            f"its finding is reported again (reason was: {ignore.reason})",
        ))
    for ignore in active_ignores:
        if ignore not in used_ignores:
            meta.append(IGNORE_UNUSED.diagnostic(
                _origin(ignore, settings), f"the ignore of {_describe(ignore)} matched no finding"
            ))
    for (path, line), codes in inline.items():
        if (path, line) not in used_inline:
            which = f"[{','.join(codes)}]" if codes else ""
            meta.append(IGNORE_UNUSED.diagnostic(
                Location(_display(path), line, 1),
                f"the inline ignore{which} on this line matched no finding",
            ))
    result.extend(d for d in meta if enabled(d.code, settings))
    return result


def _display(path: Path) -> Path:
    """An absolute path made relative to the current folder where it lies below it."""
    try:
        return Path(os.path.relpath(path))
    except ValueError:
        return path


def _split_expired(
    ignores: Sequence[ConfiguredIgnore], settings: Settings
) -> tuple[list[ConfiguredIgnore], list[ConfiguredIgnore]]:
    active, expired = [], []
    for ignore in ignores:
        if ignore.expires is not None and settings.today > ignore.expires:
            expired.append(ignore)
        else:
            active.append(ignore)
    return active, expired


def _ignore_matches(ignore: ConfiguredIgnore, diagnostic: Diagnostic, settings: Settings) -> bool:
    if not diagnostic.code.startswith(ignore.code):
        return False
    if ignore.package is not None and diagnostic.package != ignore.package:
        return False
    if ignore.version is not None:
        from packaging.specifiers import SpecifierSet

        if diagnostic.version is None or not SpecifierSet(ignore.version).contains(
            diagnostic.version, prereleases=True
        ):
            return False
    if ignore.path is not None:
        return _glob_matches(ignore.path, diagnostic.location.path, settings)
    return True


def _per_file_reason(diagnostic: Diagnostic, settings: Settings) -> Optional[str]:
    for pattern, codes in settings.per_file_ignores:
        if matches(diagnostic.code, codes) and _glob_matches(
            pattern, diagnostic.location.path, settings
        ):
            return f"per-file-ignores: {pattern}"
    return None


def _glob_matches(pattern: str, path: Path, settings: Settings) -> bool:
    """Patterns are relative to the configuration's folder (else the current folder); one
    without a ``/`` also matches a file name anywhere."""
    base = settings.config_path.parent if settings.config_path else Path.cwd()
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(base.resolve()).as_posix()
    except ValueError:
        relative = absolute.as_posix()
    if fnmatch.fnmatchcase(relative, pattern):
        return True
    return "/" not in pattern and fnmatch.fnmatchcase(absolute.name, pattern)


def _describe(ignore: ConfiguredIgnore) -> str:
    what = ignore.code
    if ignore.package:
        what += f" for {ignore.package}{ignore.version or ''}"
    return what


def _origin(ignore: ConfiguredIgnore, settings: Settings) -> Location:
    if ignore.origin is not None:
        path, line = ignore.origin
        return Location(_display(path), line, 1)
    return Location(settings.config_path or Path(), 1, 1)
