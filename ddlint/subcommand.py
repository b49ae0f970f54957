"""What the sub-commands that take paths share (``cli.SUBCOMMANDS``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Optional


def existing_paths(paths: Sequence[Path]) -> Optional[list[Path]]:
    """``paths`` (none: the current folder), or None when one does not exist (each is told on
    stderr; the sub-command exits 2)."""
    from ddlint.model import shown

    given = list(paths) or [Path()]
    missing = [path for path in given if not path.exists()]
    for path in missing:
        print(f"ddlint: error: no such file or folder: {shown(path)}", file=sys.stderr)
    return None if missing else given
