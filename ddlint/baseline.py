"""The baseline: the findings a team has accepted for now, so that only new ones fail.

``ddlint --write-baseline FILE`` writes the identity of every finding not otherwise suppressed;
``--baseline FILE`` (or ``baseline = "..."`` in the configuration) marks the findings whose
identity it holds as suppressed (``SuppressionKind.BASELINE``), and tells which of its entries
no longer match (fixed). An identity is what a finding is about, not where it sits: rule, file
(from the top of the repository holding the baseline), package (or, for a finding about no
package, its line's text) and targeted Python and platform; no line and no version, so moving
lines and re-locking keep it (the same identity as SARIF's fingerprints).

The file is JSON, sorted, one entry per identity::

    {
      "version": 1,
      "findings": [
        {"rule": "DDL301", "file": "requirements.txt", "package": "django"},
        {"rule": "DDL101", "file": "uv.lock", "package": "ddtrace", "python": "3.14"}
      ]
    }
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Optional

from ddlint.config import ConfigError
from ddlint.identity import SourceLines, identity
from ddlint.model import Diagnostic, Suppressed, SuppressionKind
from ddlint.records import dataclass, replace
from ddlint.repository import repository_path, repository_root

FORMAT_VERSION = 1
REASON = "baseline"
SUPPRESSED = Suppressed(SuppressionKind.BASELINE, REASON)
_LINE = "line:"  # how fingerprint.identity marks a subject that is a line's text
# An entry's keys as the file writes them, in this order; rule and file are required.
_KEYS = ("rule", "file", "package", "text", "python", "platform")


class BaselineError(ConfigError):
    """A baseline file that cannot be used (missing, unreadable, malformed): exit 2."""


@dataclass(frozen=True, order=True)
class Entry:
    """One accepted finding's identity. Sorted by file, then rule, then subject."""

    file: str
    rule: str
    package: str = ""
    text: str = ""  # for a finding about no package: its line's text, white space collapsed
    python: str = ""
    platform: str = ""

    def as_json(self) -> dict[str, str]:
        values = {"rule": self.rule, "file": self.file, "package": self.package,
                  "text": self.text, "python": self.python, "platform": self.platform}
        return {key: values[key] for key in _KEYS if values[key] or key in ("rule", "file")}


def entry_of(diagnostic: Diagnostic, root: Path, lines: SourceLines) -> Entry:
    rule, file, subject, python, platform = identity(diagnostic, root, lines)
    if diagnostic.package is None:
        return Entry(file, rule, text=subject[len(_LINE):], python=python, platform=platform)
    return Entry(file, rule, package=subject, python=python, platform=platform)


def root_of(path: Path) -> Path:
    """The folder an entry's ``file`` is relative to: the top of the repository holding the
    baseline file (else its folder), wherever ddlint runs from."""
    return repository_root(Path(os.path.abspath(path)).parent)


def accepted(diagnostic: Diagnostic) -> bool:
    """Whether a finding belongs in a baseline: nothing else suppresses it."""
    return diagnostic.suppressed is None or diagnostic.suppressed.kind is SuppressionKind.BASELINE


# -- reading and writing -------------------------------------------------------------------------

def load(path: Path) -> frozenset[Entry]:
    """The entries of a baseline file; ``BaselineError`` (naming the file) when it is missing,
    unreadable or malformed."""
    import json

    from ddlint.reading import Unreadable, read_bytes
    from ddlint.repository import leaves_repository

    if leaves_repository(path):  # a committed link to a file of the CI machine
        raise BaselineError(path, "the baseline is a symlink to outside the repository; "
                            "ddlint does not read it")
    try:
        data = read_bytes(path)  # the one reader: a FIFO would block, /dev/zero never end
    except Unreadable as error:
        raise BaselineError(path, f"the baseline is {error.strerror}") from None
    except FileNotFoundError:
        raise BaselineError(path, "baseline file not found (write one with "
                            "`ddlint --write-baseline FILE`)") from None
    except OSError as error:
        raise BaselineError(path, f"cannot read the baseline file: {error.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
        document = json.loads(text)
    except UnicodeDecodeError:
        raise BaselineError(path, "the baseline file is not valid UTF-8") from None
    except json.JSONDecodeError as error:
        raise BaselineError(path, f"the baseline file is not valid JSON: {error.msg}",
                            line=error.lineno) from None
    except (RecursionError, ValueError):  # ValueError: an integer of thousands of digits
        raise BaselineError(path, "not a ddlint baseline (nested too deeply or numbers too "
                            "long)") from None
    root = root_of(path)
    return frozenset(_checked(path, root, text, entry) for entry in _entries(path, document))


def _checked(path: Path, root: Path, text: str, entry: Entry) -> Entry:
    """``entry``, whose ``file`` must name a place in the repository, by a name the system
    can look up; else ``BaselineError`` on the entry's line of the baseline. An entry naming
    ``../../home/runner/.ssh/id_rsa`` would otherwise tell, as "fixed" or not, whether that
    file exists."""
    import errno
    from pathlib import PurePosixPath, PureWindowsPath

    name = PurePosixPath(entry.file)
    problem = None
    if name.is_absolute() or PureWindowsPath(entry.file).anchor:
        problem = "is an absolute path; entries name files from the repository's top"
    elif ".." in name.parts:
        problem = "has a '..' segment; entries name files inside the repository"
    elif "\x00" in entry.file:
        problem = "holds a NUL character"
    else:
        unusable = "is not a file name this system can look up"
        try:
            os.lstat(root / entry.file)
        except OSError as error:
            if error.errno == errno.ENAMETOOLONG:
                problem = "is longer than the file system allows"
            elif error.errno == errno.EINVAL:  # e.g. a character Windows refuses
                problem = unusable
        except ValueError:  # a name the platform cannot express
            problem = unusable
    if problem is None:
        return entry
    from ddlint.model import quoted

    raise BaselineError(path, f'the entry\'s "file" {quoted(entry.file)} {problem}',
                        line=_line_of(text, entry.file))


def _line_of(text: str, value: str) -> Optional[int]:
    """The line of the baseline's text where the string ``value`` is written, if found."""
    import json

    for spelling in (json.dumps(value, ensure_ascii=False), json.dumps(value)):
        index = text.find(spelling)
        if index != -1:
            return text.count("\n", 0, index) + 1
    return None


def _exists(root: Path, file: str) -> bool:
    """Whether the entry's ``file`` exists inside the repository at ``root`` (a symlink out of
    it counts as gone: its target is none of the baseline's business)."""
    from ddlint.repository import real_path

    path = root / file
    try:
        return path.exists() and real_path(path).is_relative_to(real_path(root))
    except (OSError, ValueError):
        return False


def _entries(path: Path, document: Any) -> Iterable[Entry]:
    if not isinstance(document, dict) or document.get("version") != FORMAT_VERSION:
        raise BaselineError(path, f'not a ddlint baseline (expected an object with '
                            f'"version": {FORMAT_VERSION})')
    findings = document.get("findings")
    if not isinstance(findings, list):
        raise BaselineError(path, '"findings" must be an array')
    for index, item in enumerate(findings):
        where = f"findings[{index}]"
        if not isinstance(item, dict):
            raise BaselineError(path, f"{where} must be an object")
        unknown = sorted(set(item) - set(_KEYS))
        if unknown:
            raise BaselineError(path, f"{where}: unknown key {unknown[0]!r} "
                                f"(known keys: {', '.join(_KEYS)})")
        if not all(isinstance(value, str) for value in item.values()):
            raise BaselineError(path, f"{where}: every value must be a string")
        if not item.get("rule") or not item.get("file"):
            raise BaselineError(path, f'{where} needs "rule" and "file"')
        yield Entry(**item)


def render(entries: Iterable[Entry]) -> str:
    import json

    # One entry a line, so that a review of the file's diff reads one finding a line.
    lines = [json.dumps(entry.as_json(), ensure_ascii=False) for entry in sorted(set(entries))]
    body = ",\n".join(f"    {line}" for line in lines)
    return (f'{{\n  "version": {FORMAT_VERSION},\n  "findings": ['
            + (f"\n{body}\n  " if lines else "") + "]\n}\n")


@dataclass(frozen=True)
class Written:
    """What ``--write-baseline`` writes: the text, and how many entries it keeps and prunes."""

    text: str
    entries: int
    pruned: int


def write(path: Path, diagnostics: Sequence[Diagnostic], files: Sequence[Path],
          lines: Optional[SourceLines] = None) -> Written:
    """The baseline for a run's findings: every finding not otherwise suppressed, and the
    entries of the existing ``path`` for files this run did not read that still exist (a run
    over some files keeps the others' entries); the rest of the old entries are pruned."""
    root = root_of(path)
    lines = lines or SourceLines()  # a run's report has them (nothing read again)
    current = {entry_of(d, root, lines) for d in diagnostics if accepted(d)}
    old: frozenset[Entry] = frozenset()
    if os.path.lexists(path):
        old = load(path)
    read = {repository_path(file, root) for file in files}
    kept = {entry for entry in old - current
            if entry.file not in read and _exists(root, entry.file)}
    entries = current | kept
    return Written(render(entries), len(entries), len(old - entries))


# -- applying it ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Fixed:
    """A baseline's entries that matched no finding in files this run read (or whose file is
    gone): the accepted findings have been fixed."""

    path: Path
    entries: tuple[Entry, ...]


class Applier:
    """Marks findings as baselined, loading each baseline file once per run and remembering
    which entries matched."""

    def __init__(self) -> None:
        self._loaded: dict[str, frozenset[Entry]] = {}
        self._matched: dict[str, set[Entry]] = {}
        self._lines = SourceLines()

    def mark(self, path: Path, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        key = os.path.abspath(path)
        if key not in self._loaded:
            self._loaded[key] = load(path)
            self._matched[key] = set()
        entries, matched = self._loaded[key], self._matched[key]
        root = root_of(path)
        result = []
        for diagnostic in diagnostics:
            if diagnostic.suppressed is None:
                found = entry_of(diagnostic, root, self._lines)
                if found in entries:
                    matched.add(found)
                    diagnostic = replace(diagnostic, suppressed=SUPPRESSED)
            result.append(diagnostic)
        return result

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(Path(key) for key in self._loaded)

    def only(self) -> Optional[Path]:
        """The one baseline file in use, if there is exactly one."""
        return self.paths[0] if len(self._loaded) == 1 else None

    def fixed(self, files: Sequence[Path]) -> tuple[Fixed, ...]:
        found = []
        for key, entries in sorted(self._loaded.items()):
            root = root_of(Path(key))
            read = {repository_path(file, root) for file in files}
            gone = sorted(entry for entry in entries - self._matched[key]
                          if entry.file in read or not _exists(root, entry.file))
            found.append(Fixed(Path(key), tuple(gone)))
        return tuple(found)
