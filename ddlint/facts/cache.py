"""Which release facts a run reads: a team's ``facts-file``, else the user cache that
``ddlint facts update`` wrote when it is newer than the snapshot shipped with ddlint, else the
shipped snapshot. Reading never touches the network."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Optional

from ddlint import facts

CACHE_NAME = "release-facts.json"


def cache_dir() -> Path:
    """``DDLINT_CACHE_DIR``, else the platform's user cache folder (``XDG_CACHE_HOME``,
    ``~/.cache``; ``%LOCALAPPDATA%`` on Windows; ``~/Library/Caches`` on macOS) + ``ddlint``."""
    import sys

    explicit = os.environ.get("DDLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "ddlint" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ddlint"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ddlint"


def cache_file() -> Path:
    return cache_dir() / CACHE_NAME


def shipped_date() -> datetime.date:
    """The ``as_of`` of the release snapshot shipped with ddlint."""
    as_of: datetime.date = facts.shipped("releases", omit=("wheels", "wheels_known"))["meta"][
        "as_of"]
    return as_of


def activate(facts_file: Optional[Path]) -> Optional[str]:
    """Use ``facts_file`` (checked when the configuration or command line named it), else the
    user cache when it is newer than the shipped snapshot, else the shipped snapshot. Returns a
    note for the run's output: which facts it reads and their date, or why the cache was not
    read; None for the shipped snapshot."""
    chosen, note = facts_file, None
    if chosen is None:
        cached = cache_file()
        try:
            present = cached.is_file()
        except OSError:
            present = False
        if present and facts.release_facts_file() == cached:
            return (f"release facts from `ddlint facts update` ({cached}), as of "
                    f"{facts.load('releases')['meta']['as_of']}")
        if present:
            try:
                document = facts.read_release_facts(cached)
            except (OSError, ValueError) as error:
                facts.use_release_facts(None, None)
                return (f"the release facts cache {cached} cannot be read ({error}); using the "
                        f"facts shipped with ddlint: run `ddlint facts update` again")
            if document["meta"]["as_of"] > shipped_date():
                facts.use_release_facts(cached, document)
                return (f"release facts from `ddlint facts update` ({cached}), as of "
                        f"{document['meta']['as_of']}")
        facts.use_release_facts(None, None)
        return note
    if facts.release_facts_file() != chosen:
        facts.use_release_facts(chosen, facts.read_release_facts(chosen))
    as_of = facts.load("releases")["meta"]["as_of"]
    return f"release facts from the facts file {chosen}, as of {as_of}"
