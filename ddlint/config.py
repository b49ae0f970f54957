"""Configuration files: ``[tool.ddlint]`` in pyproject.toml, ``ddlint.toml`` or ``.ddlint.toml``.

Every key is checked: an unknown key, a wrong type or a bad value is a ``ConfigError`` naming
the file, the line and the key, which the command line turns into exit code 2.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Optional

from ddlint.model import Severity, quoted, shown
from ddlint.patterns import lazy
from ddlint.repository import is_repository_top, leaves_repository, read_boundary, real_path
from ddlint.settings import FACT_SOURCES, PLATFORMS, ConfiguredIgnore

# In this order of precedence within one folder.
CONFIG_FILES = ("ddlint.toml", ".ddlint.toml", "pyproject.toml")
_CODE = lazy(r"^DDL\d{0,3}$")
_KEY_LIMIT = 80  # characters of a configuration key an error message shows
# "3.12", or "3.14t" for the free-threaded build; bounded: int() refuses more than 4,300 digits
_PYTHON = lazy(r"^\d{1,4}\.\d{1,4}t?$")


class ConfigError(Exception):
    """A configuration file ddlint cannot use."""

    def __init__(
        self, path: Path, message: str, key: Optional[str] = None, line: Optional[int] = None
    ) -> None:
        name = _shown(path)
        where = f"{name}:{line}: " if line else f"{name}: "
        # A key is the file's own text; the message quotes values with model.quoted.
        super().__init__(shown(where + (f"{shown(key, _KEY_LIMIT)}: " if key else "") + message))
        self.path = path
        self.key = key
        self.line = line


def _named_file_inside(path: Path, value: str, key: str, line: Optional[int],
                     what: str = "the baseline") -> Path:
    """The file a configuration file names (relative to its folder: the baseline, the facts
    file), which must lie in the configuration's repository, the bound of every read: a
    committed configuration must not make ddlint read, or probe, a file of the CI machine. A
    symlink out of it is refused where the file is read (``baseline.load``,
    ``facts_file_problem``)."""
    if "\x00" in value:
        raise ConfigError(path, "holds a NUL character", key=key, line=line)
    folder = Path(os.path.abspath(path)).parent
    named = Path(os.path.normpath(real_path(folder) / value))
    if os.path.isabs(value) or not named.is_relative_to(read_boundary(path)):
        raise ConfigError(path, f"{quoted(value)} lies outside the repository; {what} "
                          "must be a file in it", key=key, line=line)
    return folder / value


def _shown(path: Path) -> str:
    """The path relative to the current folder when it lies below it, as findings show paths."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return absolute
    return absolute if relative.startswith("..") else relative


# -- value checks shared with the command line -------------------------------------------------

def check_code(value: str) -> str:
    """A rule code or code prefix (``DDL301``, ``DDL3``) that names at least one rule."""
    code = value.strip().upper()
    if not _CODE.match(code):
        raise ValueError(f"{quoted(value)} is not a rule code or prefix (e.g. DDL301, DDL3)")
    from ddlint.rules.catalogue import all_rules

    if not any(rule.code.startswith(code) for rule in all_rules()):
        raise ValueError(f"{quoted(value)} matches no rule ('ddlint rules' lists them)")
    return code


def check_python(value: str) -> str:
    text = value.strip().lower()
    if not _PYTHON.match(text):
        raise ValueError(f"{quoted(value)} is not a Python version like 3.12 (3.14t: "
                         f"free-threaded)")
    return text


def check_platform(value: str) -> str:
    text = value.strip().lower()
    if text not in PLATFORMS:
        raise ValueError(f"{quoted(value)} is not a platform; choose from {', '.join(PLATFORMS)}")
    return text


def check_fact_source(value: str) -> str:
    text = value.strip().lower()
    if text not in FACT_SOURCES:
        raise ValueError(f"{quoted(value)} is not a source of facts; choose from "
                         f"{', '.join(FACT_SOURCES)}")
    return text


def check_facts(values: tuple[str, ...]) -> tuple[str, ...]:
    """The sources a run uses, in FACT_SOURCES order; the page is ddlint's contract and is
    always one of them."""
    if "page" not in values:
        raise ValueError('must include "page": the compatibility page is always a source, '
                         'e.g. ["page"] or ["page", "tracer"]')
    return tuple(source for source in FACT_SOURCES if source in values)


def check_version(value: str) -> str:
    from packaging.version import InvalidVersion, Version

    text = value.strip()
    try:
        Version(text)
    except (InvalidVersion, ValueError):  # ValueError: a number too long for int()
        raise ValueError(f"{quoted(value)} is not a version number") from None
    return text.lstrip("vV")


def check_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{quoted(value)} is not a date like 2026-12-31")


def check_specifier(value: str) -> str:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        SpecifierSet(value)
    except InvalidSpecifier:
        raise ValueError(f"{quoted(value)} is not a version specifier like <2.0") from None
    return value


# -- finding the file ----------------------------------------------------------------------------

def find_config(folder: Path) -> Optional[Path]:
    """The configuration that applies in ``folder``: the nearest one upwards, not looking above
    the repository's top folder (the one holding ``.git``). A pyproject.toml without a
    ``[tool.ddlint]`` table is not a configuration and does not stop the search."""
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = candidate_folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_section(candidate)):
                return candidate
        if is_repository_top(candidate_folder):
            break
    return None


_SECTIONS: dict[tuple[str, int, int], bool] = {}


def _has_section(pyproject: Path) -> bool:
    """Whether a pyproject.toml has a ``[tool.ddlint]`` table; asked once per file and run,
    however many dependency files lie below it."""
    try:
        stat = pyproject.stat()
    except OSError:
        return False
    key = (os.path.abspath(pyproject), stat.st_mtime_ns, stat.st_size)
    if key not in _SECTIONS:
        _SECTIONS[key] = _read_section(pyproject)
    return _SECTIONS[key]


def _read_section(pyproject: Path) -> bool:
    from ddlint.reading import read_bytes

    if leaves_repository(pyproject):  # not read: loading it says why when it is named
        return False
    try:
        data = read_bytes(pyproject)
    except OSError:
        return False
    if b"ddlint" not in data:  # most pyproject.toml files: no need to parse
        return False
    from ddlint import toml  # tomllib: only for a file that may hold the table
    try:
        document = toml.loads(data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
    except (UnicodeDecodeError, toml.TOMLDecodeError):
        # Broken: a configuration only if it says so, and then loading it reports why.
        # TOML white space in a header is spaces and tabs: ``\s`` would also cross line ends
        # and make the probe quadratic on blank lines (issue 15 item 3).
        return re.search(rb"(?m)^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*ddlint\b", data) is not None
    tool = document.get("tool")
    return isinstance(tool, dict) and "ddlint" in tool


# -- reading it ----------------------------------------------------------------------------------

_CACHE: dict[tuple[str, int, int], dict[str, Any]] = {}


def load_config(path: Path) -> dict[str, Any]:
    """Read and check a configuration file: Settings field name -> value.

    Read once per run even when several projects share it; an edited file is read again.
    """
    if leaves_repository(path):
        raise ConfigError(path, "a symlink to a file outside the repository, not read")
    try:
        stat = path.stat()
    except OSError as error:
        raise ConfigError(path, f"cannot read: {error.strerror}") from None
    key = (os.path.abspath(path), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        _CACHE[key] = _load(path)
    return _CACHE[key]


def _load(path: Path) -> dict[str, Any]:
    from ddlint import toml
    from ddlint.reading import read_text

    try:
        text = read_text(path)
        document = toml.loads(text)
    except OSError as error:
        raise ConfigError(path, f"cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "not valid UTF-8") from None
    except toml.TOMLDecodeError as error:
        raise ConfigError(path, f"invalid TOML: {error}") from None
    if path.name == "pyproject.toml":
        tool = document.get("tool", {})
        if not isinstance(tool, dict) or "ddlint" not in tool:
            raise ConfigError(path, "has no [tool.ddlint] table")
        table, prefix = tool["ddlint"], "tool.ddlint."
    else:
        table, prefix = document, ""
    layout = _Layout(text)
    if not isinstance(table, dict):
        raise ConfigError(path, "must be a table", key=prefix.rstrip("."),
                          line=layout.line(prefix.rstrip(".")))
    return _check_table(path, layout, table, prefix)


class _Layout:
    """Where each key of a TOML text is written, for error messages and DDL901/DDL902.

    A line-based reading of headers (``[a.b]``, ``[[a.b]]``) and ``key =`` lines; good for the
    plain tables a configuration has. A key it cannot place gets no line, not a wrong one.
    """

    _KEY = lazy(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
                      r"""(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")

    def __init__(self, text: str) -> None:
        # (line, dotted key, is an array-of-tables header)
        self.entries: list[tuple[int, str, bool]] = list(self._scan(text))

    @classmethod
    def _scan(cls, text: str) -> Iterator[tuple[int, str, bool]]:
        table = ""
        for number, raw in enumerate(text.splitlines(), start=1):
            header = _header(raw)
            if header is not None:
                table = _dotted(header[0])
                yield number, table, header[1]
                continue
            key = cls._KEY.match(raw)
            if key:
                dotted = _dotted(key.group(1))
                yield number, f"{table}.{dotted}" if table else dotted, False

    def line(self, key: str, after: int = 0) -> Optional[int]:
        """The first line at or after ``after`` that writes ``key`` (a dotted key), else the
        first that writes a key inside it (``[tool.ddlint]`` for ``tool``)."""
        inside = None
        for number, dotted, _ in self.entries:
            if number < after:
                continue
            if dotted == key:
                return number
            if inside is None and dotted.startswith(key + "."):
                inside = number
        return inside

    def array_headers(self, key: str) -> list[int]:
        return [number for number, dotted, array in self.entries if array and dotted == key]


def _header(raw: str) -> Optional[tuple[str, bool]]:
    """A ``[a.b]`` or ``[[a.b]]`` header line (a comment may follow): its name and whether it
    is an array of tables; None for any other line. A scan, not a regex: the regex it replaces
    back-tracked cubically on a line of ``[`` and spaces (issue 15 item 1)."""
    text = raw.lstrip()
    if not text.startswith("["):
        return None
    array = text.startswith("[[")
    rest = text[2 if array else 1:]
    close = rest.find("]")
    name = rest[:close].strip()
    if close < 0 or not name or "[" in name:
        return None
    after = rest[close + 1:]
    after = (after[1:] if after.startswith("]") else after).lstrip()
    if after and not after.startswith("#"):
        return None
    return name, array


def _dotted(key: str) -> str:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", key)
    return ".".join(part.strip("\"'") for part in parts)


def _list_of(check: Callable[[str], str], example: str) -> Callable[[Any], tuple[str, ...]]:
    def checked(value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"must be a list of strings, e.g. {example}")
        return tuple(check(v) for v in value)
    return checked


def _string(check: Callable[[str], str], example: str) -> Callable[[Any], str]:
    def checked(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"must be a string, e.g. {example}")
        return check(value)
    return checked


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _severity(value: Any) -> Severity:
    if not isinstance(value, str):
        raise ValueError('must be a string: "error", "warning" or "info"')
    return Severity.parse(value)


def _per_file_ignores(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ValueError('must be a table of "glob" = ["CODE", ...]')
    codes = _list_of(check_code, '["DDL304"]')
    checked = []
    for glob, listed in value.items():
        if not glob.strip():
            raise ValueError("a glob pattern cannot be empty")
        try:
            checked.append((glob, codes(listed)))
        except ValueError as error:
            raise ValueError(f"{quoted(glob)}: {error}") from None
    return tuple(checked)


def _facts_file(path: Path, value: Any, key: str, line: Optional[int]) -> Path:
    """``facts-file``: a release facts file (``ddlint facts update --output FILE`` writes one),
    relative to the configuration file, checked now so that a bad one is a usage error."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(path, 'must be a file name, e.g. "ddlint-facts.json"', key=key,
                          line=line)
    target = _named_file_inside(path, value.strip(), key, line, "the facts file")
    problem = facts_file_problem(target, bounded=True)
    if problem is not None:
        raise ConfigError(path, problem, key=key, line=line)
    return target


def facts_file_problem(target: Path, bounded: bool = False) -> Optional[str]:
    """Why ``target`` cannot be read as a release facts file, or None; ``bounded`` (a file a
    configuration names) refuses a symlink out of the repository."""
    from ddlint import facts

    if bounded and leaves_repository(target):
        return f"{shown(target)} is a symlink out of the repository: not read"
    try:
        facts.read_release_facts(target)
    except OSError as error:
        return f"cannot read the facts file {shown(target)}: {error.strerror or error}"
    except ValueError as error:
        return f"the facts file {shown(target)}: {quoted(str(error), 120)}"
    return None


def _facts(value: Any) -> tuple[str, ...]:
    return check_facts(_list_of(check_fact_source, '["page", "tracer"]')(value))


# Versions are strings: as TOML numbers, 3.10 would be 3.1 and 7.50 would be 7.5.
_KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "python-versions": ("python_versions",
                        _list_of(check_python, '["3.12"] (quoted: the number 3.10 is 3.1)')),
    "platforms": ("platforms", _list_of(check_platform, '["linux-x86_64"]')),
    "agent-version": ("agent_version", _string(check_version, '"7.76.1"')),
    "lambda-extension-version": ("lambda_extension_version", _string(check_version, '"28"')),
    "tracer-version": ("tracer_version", _string(check_version, '"4.16.0"')),
    "serverless": ("serverless", _boolean),
    "select": ("select", _list_of(check_code, '["DDL3"]')),
    "ignore": ("ignore", _list_of(check_code, '["DDL304"]')),
    "fail-on": ("fail_on", _severity),
    "facts": ("facts", _facts),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
}
_IGNORE_KEYS = ("code", "reason", "package", "version", "path", "expires")


def _unknown(key: str, known: Any) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(known), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown key ({hint}known keys: {', '.join(sorted(known))})"


def _check_table(
    path: Path, layout: _Layout, table: dict[str, Any], prefix: str
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in table.items():
        line = layout.line(prefix + key)
        if key == "ignores":
            values["ignores"] = _check_ignores(path, layout, value, prefix)
            continue
        if key == "baseline":  # a path relative to the configuration file
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(path, 'must be a file name, e.g. "ddlint-baseline.json"',
                                  key=prefix + key, line=line)
            values["baseline"] = _named_file_inside(path, value.strip(), prefix + key, line)
            continue
        if key == "facts-file":  # a path relative to the configuration file
            values["facts_file"] = _facts_file(path, value, prefix + key, line)
            continue
        if key == "tool" and not prefix:
            raise ConfigError(path, f"{path.name} holds the keys at its top level, without "
                              "[tool.ddlint]", key=key, line=line)
        if key not in _KEYS:
            raise ConfigError(path, _unknown(key, [*_KEYS, "ignores", "baseline", "facts-file"]),
                              key=prefix + key,
                              line=line)
        field_name, check = _KEYS[key]
        try:
            values[field_name] = check(value)
        except ValueError as error:
            raise ConfigError(path, str(error), key=prefix + key, line=line) from None
    values["config_path"] = path
    return values


def _check_ignores(
    path: Path, layout: _Layout, value: Any, prefix: str
) -> tuple[ConfiguredIgnore, ...]:
    key = prefix + "ignores"
    key_line = layout.line(key)
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(path, "must be an array of tables ([[...ignores]] entries)", key=key,
                          line=key_line)
    headers = layout.array_headers(key)
    # Each [[...ignores]] header is its entry's line; an inline array has only the key's line.
    lines = headers if len(headers) == len(value) else [key_line or 1] * len(value)
    return tuple(
        _check_ignore(path, layout, entry, where=f"{key}[{index}]", key=key, line=lines[index])
        for index, entry in enumerate(value)
    )


def _check_ignore(
    path: Path, layout: _Layout, entry: dict[str, Any], *, where: str, key: str, line: int
) -> ConfiguredIgnore:
    def fail(message: str, field: Optional[str] = None) -> ConfigError:
        at = layout.line(f"{key}.{field}", after=line) if field else None
        return ConfigError(path, message, key=f"{where}.{field}" if field else where,
                           line=at or line)

    for field in entry:
        if field not in _IGNORE_KEYS:
            raise fail(_unknown(field, _IGNORE_KEYS), field)
    for required in ("code", "reason"):
        if required not in entry:
            raise fail(f"needs {required!r}: every ignore says which rule and why")
    for field in ("code", "reason", "package", "version", "path"):
        if field in entry and not isinstance(entry[field], str):
            raise fail("must be a string", field)
        if field in entry and not entry[field].strip():
            raise fail("cannot be empty", field)
    checks: dict[str, Callable[[Any], Any]] = {
        "code": check_code, "version": check_specifier, "expires": check_date,
    }
    values: dict[str, Any] = {}
    for field, value in entry.items():
        try:
            values[field] = checks.get(field, str.strip)(value)
        except ValueError as error:
            raise fail(str(error), field) from None
    from ddlint.model import normalize_name

    return ConfiguredIgnore(
        code=values["code"],
        reason=values["reason"],
        package=normalize_name(values["package"]) if "package" in values else None,
        version=values.get("version"),
        path=values.get("path"),
        expires=values.get("expires"),
        origin=(path, line),
    )
