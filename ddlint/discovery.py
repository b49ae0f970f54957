"""Expand the paths a user gives into the dependency files to read, in a stable order."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Optional

from ddlint.model import FileKind
from ddlint.parsers import detect
from ddlint.reading import Listing, list_folder
from ddlint.records import dataclass
from ddlint.repository import PROJECT_FILES, enclosing_repository, has_project_file

# Folders that never hold a project's own dependency files.
SKIPPED_FOLDERS = frozenset({
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "__pypackages__",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", ".eggs",
})
# A virtual environment's folder holds it (PEP 405).
_VIRTUALENV_MARKER = "pyvenv.cfg"
# Folders skipped only where they are build output: next to a project's build configuration,
# or holding what a build leaves (``*.dist-info``, ``bdist.*``, ``lib/``). A repository may
# keep its apps' files under ``utils/build/docker/<app>/``.
BUILD_OUTPUT_FOLDERS = frozenset({"build", "dist"})


@dataclass(frozen=True)
class Candidate:
    """A file to read: its path and its format."""

    path: Path
    kind: FileKind
    symlink: bool = False  # the file found is a symlink (the listing says so: no stat)


def explicit_kind(path: Path) -> FileKind | None:
    """How a file named explicitly is read: by its name when ddlint knows it; a ``.txt`` or
    ``.in`` file of another name as a requirements file (pip reads ``-r`` files of any name);
    anything else (``setup.cfg``, ``setup.py``, ``Pipfile``, ``tox.ini``, ...) is not a
    dependency file ddlint reads: None, and the command line says so."""
    kind = detect(path)
    if kind is None and path.name.lower().endswith((".txt", ".in")):
        kind = FileKind.REQUIREMENTS
    return kind


def discover(paths: Iterable[Path]) -> Iterator[Candidate]:
    """Files named explicitly are read by ``explicit_kind`` (those it refuses are left out);
    folders are searched for files of a known name; a ``.python-version`` or a configuration
    named explicitly stands for the dependency files it governs (``governed``). Each file is
    yielded once.
    """
    seen: set[Path] = set()
    for path in paths:
        found: Iterator[Candidate]
        if path.is_dir():
            found = _walk(path)
        else:
            kind = explicit_kind(path)
            found = iter([Candidate(path, kind)] if kind is not None else [])
            if governs(path):
                found = itertools.chain(found, governed(path))
        for candidate in found:
            key = Path(os.path.normcase(os.path.abspath(candidate.path)))
            if key not in seen:
                seen.add(key)
                yield candidate


# Sets the Python of the dependency files below it (the hooks pass it, ``governs``).
PYTHON_VERSION_FILE = ".python-version"


def governs(path: Path) -> bool:
    """Whether ``path`` is a ``.python-version`` or a ddlint configuration (a pyproject.toml
    with ``[tool.ddlint]``): a change to it changes the verdicts of the files it governs."""
    if path.name == PYTHON_VERSION_FILE:
        return True
    from ddlint.config import CONFIG_FILES, find_config

    if path.name not in CONFIG_FILES:
        return False
    found = find_config(path.parent)
    return found is not None and os.path.abspath(found) == os.path.abspath(path)


def governed(path: Path) -> Iterator[Candidate]:
    """The dependency files below the folder of ``path`` (a ``governs`` file) that no nearer
    file of its kind governs: the nearest ``.python-version`` / configuration wins."""
    from ddlint.config import find_config

    def own(folder: Path) -> bool:
        if path.name == PYTHON_VERSION_FILE:
            return (folder / PYTHON_VERSION_FILE).is_file()
        found = find_config(folder)
        return found is not None and found.parent == folder

    return _walk(path.parent, enter=lambda folder: not own(folder))


def project_files(root: Path) -> Iterator[Candidate]:
    """The dependency files a folder run over ``root`` would read that may belong to the
    project rooted there: folders holding another project's root are not entered; a root with
    no project file (a requirements/ folder's parent) is read with its requirements folders
    only (the other folders below it are projects of their own). Taken from the repository's
    listing (``repository_rows``), which a run makes once."""
    top = enclosing_repository(root)
    if top is None or not root.is_absolute():
        enter: Callable[[Path], bool]
        if has_project_file(root):
            enter = lambda folder: not has_project_file(folder)  # noqa: E731
        else:
            folders = _requirements_folders()
            enter = lambda folder: folder.parent == root and folder.name in folders  # noqa: E731
        return _walk(root, enter=enter)
    return _candidates(project_rows(root, top))


def project_rows(root: Path, top: Path) -> Iterator[Row]:
    """``project_files`` of ``root`` (absolute) below the repository top ``top``, as the
    listing's rows."""
    # From the listing: folders by their text, which costs less than a path's.
    listing, projects, _ = _repository(top)
    here = os.fspath(root)
    enter_text: Callable[[str], bool]
    if here in projects:
        enter_text = lambda folder: folder not in projects  # noqa: E731
    else:
        folders = _requirements_folders()
        enter_text = lambda folder: (os.path.dirname(folder) == here  # noqa: E731
                                     and os.path.basename(folder) in folders)
    return _below(listing, here, enter_text)


def _requirements_folders() -> set[str]:
    from ddlint.file_formats import FORMATS

    return {name for row in FORMATS for name in row.folders}


def _below(listing: Iterable[Row], root: str, enter: Callable[[str], bool]) -> Iterator[Row]:
    """The rows of ``listing`` that a walk from the folder ``root`` entering only the folders
    ``enter`` accepts would find (each folder asked once)."""
    entered: dict[str, bool] = {root: True}
    for row in listing:
        folder = row[0]
        accepted = entered.get(folder)
        if accepted is None:
            chain: list[str] = []
            while folder not in entered:
                parent = os.path.dirname(folder)
                if parent == folder:  # not below root
                    break
                chain.append(folder)
                folder = parent
            accepted = entered.get(folder, False)
            for below in reversed(chain):
                accepted = accepted and enter(below)
                entered[below] = accepted
        if accepted:
            yield row


def repository_rows(top: Path) -> list[Row]:
    """Every dependency file below ``top`` (a repository's top, absolute), listed once per
    run."""
    return _repository(top)[0]


# A folder a walk listed: its path, the names of what it holds that are not folders (sorted),
# whether it holds a ``cdk.json``, whether dependency discovery reads its files (the
# deployment reader also enters build output and ``*.egg-info``), and the index of its parent
# in the listing (-1 for the top).
Listed = tuple[str, Sequence[str], bool, bool, int]


def repository_folders(top: Path) -> list[Listed]:
    """Every folder below ``top`` a reader of the repository enters, with its files: the one
    walk of a run, shared by dependency discovery and the deployment reader (which skips
    further folders of its own)."""
    return _repository(top)[2]


def _repository(top: Path) -> tuple[list[Row], set[str], list[Listed]]:
    """The repository's dependency files, the folders holding a project file and the folders
    listed, from one walk; each folder listed by the repository's scan cache
    (``scans.Scanner.list_folder``), which keeps the listings of unchanged folders."""
    from ddlint import reading, scans
    from ddlint.repository import is_repository_top

    def listed() -> tuple[list[Row], set[str], list[Listed]]:
        projects: set[str] = set()
        folders: list[Listed] = []
        scanner = scans.scanner(top if is_repository_top(top) else None)
        rows = list(_rows(os.fspath(top), None, projects, folders, scanner.list_folder))
        scanner.listed(len(rows))
        return rows, projects, folders

    return reading.remembered(("repository files", os.fspath(top)), listed)


# A dependency file found by a walk: its folder (as the walk's root was given, joined), name,
# format, whether it is a symlink (the listing says so: no stat), and its path (the folder and
# name joined).
Row = tuple[str, str, FileKind, bool, str]


def _walk(root: Path, enter: Optional[Callable[[Path], bool]] = None) -> Iterator[Candidate]:
    """Every known file below ``root``, sorted, folder by folder (``_rows``)."""
    entered = None if enter is None else (lambda folder: enter(Path(folder)))
    return _candidates(_rows(os.fspath(root), entered, None, None, list_folder))


def _candidates(rows: Iterable[Row]) -> Iterator[Candidate]:
    folder_path: Optional[Path] = None
    last = ""
    for folder, name, kind, symlink, _ in rows:
        if folder_path is None or folder != last:
            folder_path, last = Path(folder), folder
        yield Candidate(folder_path / name, kind, symlink)


def _rows(
    root: str, enter: Optional[Callable[[str], bool]], projects: Optional[set[str]],
    folders: Optional[list[Listed]], lister: Callable[[str], Optional[Listing]],
) -> Iterator[Row]:
    """Every known file below ``root``, sorted, folder by folder (depth first, as ``os.walk``
    goes); symlinked folders and virtual environments are not entered; ``enter`` (None: every
    folder) says which further folders are. ``projects``, when given, gets the folders holding
    a project file (``has_project_file``, from the listing); ``folders``, when given, gets
    every folder listed, build output and ``*.egg-info`` included (entered for it, their files
    not yielded). Folders by their text, which costs less than a path's; ``lister`` lists each.

    Its own stack rather than ``os.walk``, which recurses once per level before Python 3.12:
    a tree a thousand folders deep would end in a RecursionError.
    """
    from ddlint.parsers import detect_name

    # A folder, its name, whether its dependency files are yielded, its parent's index in
    # ``folders``.
    # The root by its own name: ``.`` run inside ``requirements/`` is that folder.
    pending = [(root, os.path.basename(os.path.abspath(root)), True, -1)]
    while pending:
        folder, folder_name, read, parent = pending.pop()
        listed = lister(folder)
        if listed is None:
            continue
        names, others, symlinks, subfolders = listed
        if folder != root and _VIRTUALENV_MARKER in names and _VIRTUALENV_MARKER not in others:
            continue  # a virtual environment (told by its own listing: no stat per folder)
        if folders is not None:
            folders.append((folder, names, "cdk.json" in names or "cdk.json" in subfolders,
                            read, parent))
        prefix = os.path.join(folder, "")
        if read:
            if projects is not None and any(
                    name in names and name not in others for name in PROJECT_FILES):
                projects.add(folder)
            for name in names:
                kind = detect_name(name, folder_name)
                if kind is not None and not (others and name in others):
                    yield folder, name, kind, bool(symlinks) and name in symlinks, prefix + name
        for name in reversed(subfolders):  # popped from the end: first is next
            if name in SKIPPED_FOLDERS:
                continue
            below = prefix + name
            entered = read and not name.endswith(".egg-info") \
                and not (name in BUILD_OUTPUT_FOLDERS and _is_build_output(folder, name)) \
                and (enter is None or enter(below))
            if entered or folders is not None:
                pending.append((below, name, entered, len(folders) - 1 if folders else -1))


def _is_build_output(parent: str, name: str) -> bool:
    if name not in BUILD_OUTPUT_FOLDERS:
        return False
    if has_project_file(Path(parent)):
        return True
    try:
        inside = os.listdir(os.path.join(parent, name))
    except OSError:
        return False
    return any(entry.endswith(".dist-info") or entry.startswith("bdist.") or entry == "lib"
               for entry in inside)
