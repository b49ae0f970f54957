"""A folder's listing, as the repository's walk reads it (``discovery``) and the scan cache
keeps it (``scans``)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Optional

# A folder's listing, each part sorted: the names of what it holds that is not a folder; of
# those, the ones that are neither a regular file nor a symlink to one (a FIFO, a socket, a
# dangling symlink); the symlinks among them; the folders it holds that are not symlinks. A
# symlinked folder is left out (never entered) but counts as a symlink.
Listing = tuple[Sequence[str], Sequence[str], Sequence[str], Sequence[str]]


def list_folder(folder: str) -> Optional[Listing]:
    """The ``Listing`` of ``folder``; None when it cannot be listed (unreadable, or gone since
    its parent was listed: os.walk skips it too)."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return None
    names: list[str] = []
    others: list[str] = []
    symlinks: list[str] = []
    subfolders: list[str] = []
    for entry in entries:
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        symlink = entry.is_symlink()
        if symlink:
            symlinks.append(entry.name)
        if not is_folder:
            names.append(entry.name)
            if not _is_file(entry):
                others.append(entry.name)
        elif not symlink:
            subfolders.append(entry.name)
    for part in (names, others, symlinks, subfolders):
        part.sort()
    return names, others, symlinks, subfolders


def _is_file(entry: os.DirEntry[str]) -> bool:
    """A regular file, or a symlink to one (the listing's own answer: no further stat)."""
    try:
        return entry.is_file()
    except OSError:
        return False
