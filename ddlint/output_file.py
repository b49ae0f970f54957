"""Where ``--output FILE`` writes, and how: a report never replaces what it must not.

- A regular file (or a new name) is replaced atomically: the report is written beside it and
  renamed over it, so a reader never sees half a report.
- A character device, FIFO or socket (``/dev/null``, ``/dev/stdout``, a named pipe) is written
  as a stream: opened for writing, never created, truncated or replaced. As root in a CI
  container, replacing ``/dev/null`` would break every later step of the job.
- A symlink is followed only to a regular file (which is replaced, the link kept) or to a
  special file (written as a stream); a symlink to nothing is refused: following it would
  create a file wherever it points.
- A file the run has read (a dependency file, an include) is refused, whatever the spelling
  (``./requirements.txt``, a symlink to it): ``--output requirements.txt`` would destroy it.
- A path inside the repository (or, outside any, the current folder) is written only inside
  it: a committed symlink (the file's or a folder's on the way) to anywhere else, a device
  included, is refused, and so is one into ``.git``. A pull request controls every link of
  the checkout; a place the user names outside the repository (``/dev/stdout``,
  ``$RUNNER_TEMP/...``) is the user's own choice.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from ddlint.model import shown


class OutputRefused(Exception):
    """``--output`` names a place ddlint will not write to; the message says why."""


def write_report(path: Path, content: str, inputs: Iterable[Path]) -> None:
    """Write ``content`` to ``path`` as described in the module's docstring.

    Raises ``OutputRefused`` for a target ddlint must not write to, ``OSError`` when the
    system refuses the write.
    """
    refuse_outside(path)
    try:
        found = path.lstat()
    except FileNotFoundError:
        _write_atomically(path, content)
        return
    destination = path
    if stat.S_ISLNK(found.st_mode):
        try:
            found = path.stat()
        except FileNotFoundError:
            raise OutputRefused(f"{shown(path)} is a symlink to nothing; ddlint does not "
                                "create the file it points to") from None
        destination = Path(os.path.realpath(path))
    if stat.S_ISDIR(found.st_mode):
        raise OutputRefused(f"{shown(path)} is a folder")
    if _is_one_of(found, inputs):
        raise OutputRefused(f"{shown(path)} is a file this run checks; ddlint does not replace "
                            "it with the report (choose another --output)")
    if stat.S_ISREG(found.st_mode):
        _write_atomically(destination, content)
    else:
        _write_stream(path, content)


def refuse_outside(path: Path) -> None:
    """Raises ``OutputRefused`` when writing ``path`` would leave the repository it is named
    in (or the current folder, outside any) through a symlink, or enter its ``.git`` folder
    through one. Asked before anything is written or a folder made for ``path``."""
    from ddlint.repository import enclosing_repository, real_path

    absolute = Path(os.path.abspath(path))
    top = enclosing_repository(absolute.parent) or Path(os.path.abspath(os.curdir))
    if not absolute.is_relative_to(top):
        return  # named outside the repository by the user, not by a link in it
    real, real_top = real_path(absolute), real_path(top)
    if not real.is_relative_to(real_top):
        where = "outside the repository"
    elif ".git" in real.relative_to(real_top).parts and ".git" not in absolute.relative_to(
            top).parts:
        where = "into the repository's .git folder"
    else:
        return
    raise OutputRefused(f"{shown(path)} is (or lies in) a symlink {where}; ddlint does not "
                        "write through it (choose another file)")


def _is_one_of(target: os.stat_result, inputs: Iterable[Path]) -> bool:
    for read in inputs:
        try:
            other = read.stat()
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (target.st_dev, target.st_ino):
            return True
    return False


def _write_stream(path: Path, content: str) -> None:
    """A device, FIFO or socket: opened for writing only (no create, no truncate)."""
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):  # replaced by a regular file since lstat
            raise OutputRefused(f"{shown(path)} changed while the report was written")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n", closefd=False) as fh:
            fh.write(content)
    finally:
        os.close(fd)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_atomically(path: Path, content: str) -> None:
    folder = path.parent if str(path.parent) else Path()
    import tempfile

    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
        # mkstemp creates the file for its owner only; give the report the mode a plain
        # write would (the file's own when it is replaced, else from the umask).
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
