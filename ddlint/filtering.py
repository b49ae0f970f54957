"""The filter stage: select/ignore, per-file ignores, inline and configured suppressions.

Findings switched off by ``select``/``ignore`` are dropped. Findings matched by a suppression
(an inline comment, ``per-file-ignores`` or a configured ignore with its reason) are kept and
marked ``suppressed``, so that summaries and machine formats can account for them.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path
from typing import Optional

from ddlint.model import DependencyFile, Diagnostic, Location, Suppressed, SuppressionKind
from ddlint.records import dataclass, replace
from ddlint.rules.meta import IGNORE_EXPIRED, IGNORE_UNUSED
from ddlint.settings import ConfiguredIgnore, Settings

# The reason an inline comment gives.
INLINE_IGNORE_REASON = "inline ignore comment"


@dataclass(frozen=True)
class Suppression:
    """A suppression in force for a project, with the DDL902 to report if nothing used it."""

    key: Hashable  # the ConfiguredIgnore itself, or ("inline", path, line)
    unused: Diagnostic
    reportable: bool  # DDL902 is on in the project's settings


@dataclass(frozen=True)
class Filtered:
    """One project's findings after filtering, and what its suppressions did.

    Whether a suppression was used is only known once every project has been filtered: a
    configuration (or an included file) shared by several projects may be used by one only.
    """

    diagnostics: tuple[Diagnostic, ...]  # kept findings (suppressed ones marked) and DDL901
    suppressions: tuple[Suppression, ...]
    used: frozenset[Hashable]


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
) -> Filtered:
    """Filter one project's findings; adds DDL901 for expired ignores. Unused suppressions are
    reported for the whole run by ``unused``."""
    inline: dict[tuple[Path, int], tuple[str, ...]] = {
        (path.resolve(), line): codes
        for file in files for path, line, codes in file.inline_ignores
    }
    active_ignores, expired = _split_expired(settings.ignores, settings)
    per_file_ignores = _PerFileIgnores(settings)
    used: set[Hashable] = set()
    result: list[Diagnostic] = []

    for diagnostic in found:
        if not enabled(diagnostic.code, settings):
            continue
        # Every suppression that matches counts as used, so none of them is called unused;
        # the most specific one gives the reason.
        reasons: list[Suppressed] = []
        # The finding's own line, then the manifest lines behind it (a lock's finding names
        # the manifest entry it stands for as related): an ignore on either suppresses it.
        for where in (diagnostic.location, *diagnostic.related):
            key = (where.path.resolve(), where.line)
            codes = inline.get(key)
            if codes is not None and (not codes or matches(diagnostic.code, codes)):
                if not reasons:
                    reasons.append(Suppressed(SuppressionKind.INLINE, INLINE_IGNORE_REASON))
                used.add(("inline", *key))
        for ignore in active_ignores:
            if _ignore_matches(ignore, diagnostic, settings):
                reasons.append(Suppressed(SuppressionKind.CONFIGURED, ignore.reason))
                used.add(ignore)
        per_file = per_file_ignores.reason(diagnostic)
        if per_file is not None:
            reasons.append(Suppressed(SuppressionKind.CONFIGURED, per_file))
        result.append(replace(diagnostic, suppressed=reasons[0]) if reasons else diagnostic)

    if enabled(IGNORE_EXPIRED.code, settings):
        result.extend(IGNORE_EXPIRED.diagnostic(
            _origin(ignore, settings),
            f"the ignore of {_describe(ignore)} expired on {ignore.expires}: "
            f"its finding is reported again (reason was: {ignore.reason})",
        ) for ignore in expired)

    reportable = enabled(IGNORE_UNUSED.code, settings)
    suppressions = [
        Suppression(ignore, IGNORE_UNUSED.diagnostic(
            _origin(ignore, settings), f"the ignore of {_describe(ignore)} matched no finding"
        ), reportable)
        for ignore in active_ignores
    ]
    for (path, line), codes in inline.items():
        which = f"[{','.join(codes)}]" if codes else ""
        suppressions.append(Suppression(("inline", path, line), IGNORE_UNUSED.diagnostic(
            Location(_display(path), line, 1),
            f"the inline ignore{which} on this line matched no finding",
        ), reportable))
    return Filtered(tuple(result), tuple(suppressions), frozenset(used))


def unused(results: Sequence[Filtered], searched: Sequence[Path]) -> list[Diagnostic]:
    """DDL902 for every suppression no project used, once per run.

    An inline comment is always judged: its file was read. A configured ignore is judged only
    when the run searched the folder holding its configuration (``ddlint``, ``ddlint .``, the
    ``ddlint-all`` hook): when pre-commit passes only the files that changed, an ignore meant
    for a file that was not passed has matched nothing without being unused.
    """
    used = frozenset().union(*(result.used for result in results))
    folders = [Path(os.path.abspath(folder)) for folder in searched]
    found: dict[Hashable, Diagnostic] = {}
    for result in results:
        for suppression in result.suppressions:
            if (suppression.reportable and suppression.key not in used
                    and _in_scope(suppression.key, folders)):
                found.setdefault(suppression.key, suppression.unused)
    return list(found.values())


def _in_scope(key: Hashable, folders: Sequence[Path]) -> bool:
    if not isinstance(key, ConfiguredIgnore):
        return True
    if key.origin is None:
        return False
    config_folder = Path(os.path.abspath(key.origin[0])).parent
    return any(folder == config_folder or folder in config_folder.parents for folder in folders)


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

        from ddlint.versions import meets

        if diagnostic.version is None or not meets(SpecifierSet(ignore.version),
                                                   diagnostic.version):
            return False
    if ignore.path is not None:
        return _glob_matches(ignore.path, diagnostic.location.path, settings)
    return True


class _PerFileIgnores:
    """``per-file-ignores`` for one project: each pattern compiled once, matched once per file
    (not per finding: 1,000 patterns and 10,000 findings took minutes, issue 15 item 7)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.patterns = [(pattern, codes, re.compile(fnmatch.translate(pattern)).match,
                          "/" not in pattern)
                         for pattern, codes in settings.per_file_ignores]
        self.by_path: dict[Path, list[tuple[str, tuple[str, ...]]]] = {}

    def reason(self, diagnostic: Diagnostic) -> Optional[str]:
        if not self.patterns:
            return None
        path = diagnostic.location.path
        found = self.by_path.get(path)
        if found is None:
            relative, name = _relative(path, self.settings)
            found = self.by_path[path] = [
                (pattern, codes) for pattern, codes, match, anywhere in self.patterns
                if match(relative) or (anywhere and match(name))]
        for pattern, codes in found:
            if matches(diagnostic.code, codes):
                return f"per-file-ignores: {pattern}"
        return None


def _relative(path: Path, settings: Settings) -> tuple[str, str]:
    """``path`` as a glob sees it (as ``_glob_matches`` does) and its file name."""
    base = settings.config_path.parent if settings.config_path else Path.cwd()
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(Path(os.path.abspath(base))).as_posix()
    except ValueError:
        relative = absolute.as_posix()
    return relative, absolute.name


def _glob_matches(pattern: str, path: Path, settings: Settings) -> bool:
    """Patterns are relative to the configuration's folder (else the current folder); one
    without a ``/`` also matches a file name anywhere."""
    relative, name = _relative(path, settings)
    if fnmatch.fnmatchcase(relative, pattern):
        return True
    return "/" not in pattern and fnmatch.fnmatchcase(name, pattern)


def _describe(ignore: ConfiguredIgnore) -> str:
    what = ignore.code
    if ignore.package:
        what += f" for {ignore.package}{ignore.version or ''}"
    return what


def _origin(ignore: ConfiguredIgnore, settings: Settings) -> Location:
    if ignore.origin is not None:
        path, line = ignore.origin
        return Location(_display(path), line, 1)
    return Location(settings.config_path or Path("."), 1, 1)
