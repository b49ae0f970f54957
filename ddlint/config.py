"""Configuration files: ``[tool.ddlint]`` in pyproject.toml, ``ddlint.toml`` or ``.ddlint.toml``.

Every key is checked: an unknown key, a wrong type or a bad value is a ``ConfigError`` naming
the file and the key, which the command line turns into exit code 2.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional

from ddlint import toml
from ddlint.model import Severity
from ddlint.settings import PLATFORMS, ConfiguredIgnore

CONFIG_FILES = ("ddlint.toml", ".ddlint.toml", "pyproject.toml")
_CODE = re.compile(r"^DDL\d{0,3}$")
_PYTHON = re.compile(r"^\d+\.\d+$")


class ConfigError(Exception):
    """A configuration file ddlint cannot use."""

    def __init__(self, path: Path, message: str, key: Optional[str] = None) -> None:
        where = f"{path}: {key}: " if key else f"{path}: "
        super().__init__(where + message)
        self.path = path
        self.key = key


# -- value checks shared with the command line -------------------------------------------------

def check_code(value: str) -> str:
    code = value.strip().upper()
    if not _CODE.match(code):
        raise ValueError(f"{value!r} is not a rule code or prefix (e.g. DDL301, DDL3)")
    return code


def check_python(value: str) -> str:
    text = value.strip()
    if not _PYTHON.match(text):
        raise ValueError(f"{value!r} is not a Python version like 3.12")
    return text


def check_platform(value: str) -> str:
    text = value.strip().lower()
    if text not in PLATFORMS:
        raise ValueError(f"{value!r} is not a platform; choose from {', '.join(PLATFORMS)}")
    return text


def check_version(value: str) -> str:
    from packaging.version import InvalidVersion, Version

    text = value.strip()
    try:
        Version(text)
    except InvalidVersion:
        raise ValueError(f"{value!r} is not a version number") from None
    return text.lstrip("vV")


def check_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date like 2026-12-31")


def check_specifier(value: str) -> str:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        SpecifierSet(value)
    except InvalidSpecifier:
        raise ValueError(f"{value!r} is not a version specifier like <2.0") from None
    return value


# -- reading a file ------------------------------------------------------------------------------

def find_config(folder: Path) -> Optional[Path]:
    """The configuration file that applies in ``folder``: the nearest one upwards."""
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = candidate_folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_section(candidate)):
                return candidate
    return None


def _has_section(pyproject: Path) -> bool:
    try:
        return b"[tool.ddlint" in pyproject.read_bytes()
    except OSError:
        return False


@functools.cache
def load_config(path: Path) -> dict[str, Any]:
    """Read and check a configuration file: Settings field name -> value."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        document = toml.loads(text)
    except OSError as error:
        raise ConfigError(path, f"cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "not valid UTF-8") from None
    except toml.TOMLDecodeError as error:
        raise ConfigError(path, f"invalid TOML: {error}") from None
    if path.name == "pyproject.toml":
        table = document.get("tool", {}).get("ddlint", {})
        prefix = "tool.ddlint."
    else:
        table, prefix = document, ""
    if not isinstance(table, dict):
        raise ConfigError(path, "must be a table", key=prefix.rstrip("."))
    return _check_table(path, text, table, prefix)


def _list_of(check: Callable[[str], str]) -> Callable[[Any], tuple[str, ...]]:
    def checked(value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a list of strings")
        return tuple(check(v) for v in value)
    return checked


def _string(check: Callable[[str], str]) -> Callable[[Any], str]:
    def checked(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError("must be a string")
        return check(value)
    return checked


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _severity(value: Any) -> Severity:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return Severity.parse(value)


def _per_file_ignores(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ValueError('must be a table of glob = ["CODE", ...]')
    codes = _list_of(check_code)
    return tuple((str(glob), codes(value[glob])) for glob in value)


_KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "python-versions": ("python_versions", _list_of(check_python)),
    "platforms": ("platforms", _list_of(check_platform)),
    "agent-version": ("agent_version", _string(check_version)),
    "lambda-extension-version": ("lambda_extension_version", _string(check_version)),
    "tracer-version": ("tracer_version", _string(check_version)),
    "serverless": ("serverless", _boolean),
    "select": ("select", _list_of(check_code)),
    "ignore": ("ignore", _list_of(check_code)),
    "fail-on": ("fail_on", _severity),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
}
_IGNORE_KEYS = {"code", "reason", "package", "version", "path", "expires"}


def _check_table(path: Path, text: str, table: dict[str, Any], prefix: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key == "ignores":
            values["ignores"] = _check_ignores(path, text, value, prefix)
            continue
        if key not in _KEYS:
            known = ", ".join(sorted([*_KEYS, "ignores"]))
            raise ConfigError(path, f"unknown key (known keys: {known})", key=prefix + key)
        field_name, check = _KEYS[key]
        try:
            values[field_name] = check(value)
        except ValueError as error:
            raise ConfigError(path, str(error), key=prefix + key) from None
    values["config_path"] = path
    return values


def _check_ignores(
    path: Path, text: str, value: Any, prefix: str
) -> tuple[ConfiguredIgnore, ...]:
    key = prefix + "ignores"
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(path, "must be an array of tables", key=key)
    lines = _ignore_lines(text, prefix, len(value))
    ignores = []
    for index, entry in enumerate(value):
        where = f"{key}[{index}]"
        unknown = set(entry) - _IGNORE_KEYS
        if unknown:
            raise ConfigError(path, f"unknown key(s) {', '.join(sorted(unknown))}", key=where)
        for required in ("code", "reason"):
            if not isinstance(entry.get(required), str) or not entry[required].strip():
                raise ConfigError(path, f"needs a non-empty {required!r}", key=where)
        try:
            ignores.append(ConfiguredIgnore(
                code=check_code(entry["code"]),
                reason=entry["reason"].strip(),
                package=_normalized(entry.get("package")),
                version=check_specifier(entry["version"]) if "version" in entry else None,
                path=str(entry["path"]) if "path" in entry else None,
                expires=check_date(entry["expires"]) if "expires" in entry else None,
                origin=(path, lines[index]),
            ))
        except (ValueError, TypeError) as error:
            raise ConfigError(path, str(error), key=where) from None
    return tuple(ignores)


def _normalized(name: Any) -> Optional[str]:
    from ddlint.model import normalize_name

    if name is None:
        return None
    if not isinstance(name, str):
        raise ValueError("package must be a string")
    return normalize_name(name)


def _ignore_lines(text: str, prefix: str, count: int) -> list[int]:
    """The line of each ignore entry: its ``[[...ignores]]`` header, else the ``ignores`` key."""
    header = re.compile(r"^\s*\[\[\s*" + re.escape(prefix) + r"ignores\s*\]\]")
    lines = text.splitlines()
    headers = [n for n, line in enumerate(lines, 1) if header.match(line)]
    if len(headers) == count:
        return headers
    key_line = next(
        (n for n, line in enumerate(lines, 1) if re.match(r"^\s*ignores\s*=", line)), 1
    )
    return [key_line] * count
