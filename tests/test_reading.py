"""ddlint.reading, the one reader (issue 15 item 4): regular files only, with a size cap."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from ddlint.reading import Unreadable, read_bytes
from tests.conftest import EXIT_USAGE, ddl001, lint


def test_a_file_larger_than_the_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "requirements.txt"
    path.write_bytes(b"x" * 101)
    assert read_bytes(path, limit=101) == b"x" * 101
    with pytest.raises(Unreadable, match="larger than"):
        read_bytes(path, limit=100)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_configuration_that_is_a_fifo_is_not_read(write: Any, ddlint: Any) -> None:
    """Neither found as the nearest configuration nor read when named: no hang."""
    root = write({"requirements.txt": "ddtrace==4.16.0\ndjango==1.7.11\n"})
    os.mkfifo(root / "ddlint.toml")
    assert "DDL301" in ddlint("requirements.txt", cwd=root).out
    named = ddlint("requirements.txt", "--config", "ddlint.toml", cwd=root)
    assert named.code == EXIT_USAGE and "ddlint.toml" in named.err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_dependency_file_linked_to_dev_zero_is_not_read(write: Any, ddlint: Any) -> None:
    root = write({"ddlint.toml": ""})
    (root / "requirements.txt").symlink_to("/dev/zero")
    result = lint(ddlint, root, "requirements.txt", "--format", "json")
    # Refused before a byte is read: /dev/zero lies outside the repository, so the repository
    # bound (issue 15 item 12) says so first; the regular-file check is the FIFO's test below.
    assert [message for _, _, message in ddl001(result, "requirements.txt")] == [
        "a symlink to a file outside the repository, not read"]
