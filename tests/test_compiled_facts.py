"""The facts compiled into Python modules (scripts/generate.py) are the TOML's, and a
module that no longer matches its data file is not used."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ddlint import facts

REPO = Path(__file__).resolve().parent.parent
NAMES = sorted(p.stem for p in (REPO / "rules").glob("*.toml"))


@pytest.mark.parametrize("name", NAMES)
def test_a_run_reads_the_compiled_module_equal_to_the_toml(name: str) -> None:
    module = __import__(f"ddlint.facts._compiled.{name}", fromlist=["DOCUMENT"])
    loaded = facts.load.__wrapped__(name, module.OMIT)
    assert loaded is module.DOCUMENT  # from the module, not parsed
    assert loaded == facts.parse(name, module.OMIT)


def test_a_stale_module_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(REPO / "rules" / "agent.toml", tmp_path / "agent.toml")
    with (tmp_path / "agent.toml").open("a", encoding="utf-8") as data:
        data.write('\n[added_after_compiling]\nsource = "a test"\n')
    monkeypatch.setattr(facts, "facts_dir", lambda: tmp_path)
    loaded = facts.load.__wrapped__("agent")
    assert loaded["added_after_compiling"] == {"source": "a test"}


def test_other_omitted_columns_are_parsed() -> None:
    whole = facts.load.__wrapped__("releases")
    assert any("wheels" in row for row in whole["release"])


def test_an_edit_of_the_same_size_after_compiling_is_seen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The data file is trusted unread only while it is no newer than its module (as Python
    trusts a .pyc); an edit keeping its size, made later, is read and its CRC-32 differs."""
    import os

    module = __import__("ddlint.facts._compiled.agent", fromlist=["DOCUMENT"])
    text = (REPO / "rules" / "agent.toml").read_text(encoding="utf-8")
    assert 'server_versions = ">=6.0"' in text
    edited = tmp_path / "agent.toml"
    edited.write_text(text.replace('server_versions = ">=6.0"', 'server_versions = ">=7.0"', 1),
                      encoding="utf-8")
    assert edited.stat().st_size == module.SOURCE_SIZE
    assert module.__file__ is not None
    later = os.stat(module.__file__).st_mtime_ns + 10**9
    os.utime(edited, ns=(later, later))
    monkeypatch.setattr(facts, "facts_dir", lambda: tmp_path)
    assert facts.load.__wrapped__("agent")["redis"]["server_versions"] == ">=7.0"
