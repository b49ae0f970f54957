"""What the sub-commands that take paths share: their arguments read, and the paths checked."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Union


def arguments(parser: argparse.ArgumentParser,
              argv: Sequence[str]) -> Union[tuple[argparse.Namespace, list[Path]], int]:
    """``argv`` read by ``parser`` (which has a ``paths`` argument) with its paths (none: the
    current folder); else the exit code: argparse's (2 for a usage error, 0 for ``--help``),
    or 2 when a path does not exist (each is told)."""
    from ddlint.model import shown

    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exit_:
        return int(exit_.code or 0)
    given = list(args.paths) or [Path()]
    missing = [path for path in given if not path.exists()]
    for path in missing:
        print(f"ddlint: error: no such file or folder: {shown(path)}", file=sys.stderr)
    return 2 if missing else (args, given)
