"""The options a lint run works with, from defaults, configuration files and the command line."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Optional

from ddlint.model import Severity
from ddlint.records import dataclass, field, fields, replace

# Where a run's facts come from: the compatibility page (ddlint's contract, always) and the
# tracer's own data (rules/tracer_v*.toml: DDL5xx and the clauses that quote it).
FACT_SOURCES = ("page", "tracer")

PLATFORMS = (
    "linux-x86_64", "linux-aarch64", "linux-i686",
    "macos-x86_64", "macos-arm64",
    "windows-amd64", "windows-x86",
)


@dataclass(frozen=True)
class ConfiguredIgnore:
    """An accepted finding, written in the configuration with a reason (and maybe an expiry)."""

    code: str
    reason: str
    package: Optional[str] = None
    version: Optional[str] = None  # a PEP 440 specifier the finding's version must match
    path: Optional[str] = None  # a glob the finding's path must match
    expires: Optional[datetime.date] = None
    # Where the ignore is written, for DDL901/DDL902.
    origin: Optional[tuple[Path, int]] = None


@dataclass(frozen=True)
class Settings:
    """Everything that changes what a run reports. Frozen: a project's copy is derived, not
    mutated."""

    today: datetime.date = field(default_factory=datetime.date.today)
    python_versions: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    agent_version: Optional[str] = None
    lambda_extension_version: Optional[str] = None
    tracer_version: Optional[str] = None
    serverless: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    ignores: tuple[ConfiguredIgnore, ...] = ()
    fail_on: Severity = Severity.WARNING
    facts: tuple[str, ...] = FACT_SOURCES
    # Where the configuration came from (None: defaults and command line only).
    config_path: Optional[Path] = None
    # "--python" when the command line gave the Python versions (else they came from the
    # configuration), for messages that say where a target was declared.
    python_source: Optional[str] = None
    # The baseline file of accepted findings (``ddlint.baseline``); ``use_baseline`` False
    # leaves it unread (``--write-baseline`` writes one from what is found).
    baseline: Optional[Path] = None
    use_baseline: bool = True
    # A team's release facts file (``facts-file``, ``--facts-file``): read instead of the user
    # cache and the shipped snapshot (``ddlint.facts.cache``).
    facts_file: Optional[Path] = None

    def merged(self, overrides: dict[str, Any]) -> Settings:
        """A copy with ``overrides`` (field name -> value) applied; None values are skipped."""
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise KeyError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})
