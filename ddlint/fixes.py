"""The smallest fix for a version finding, in the words of the tool that wrote the file."""

from __future__ import annotations

from ddlint.file_formats import FORMATS
from ddlint.model import DependencyFile, FileKind

# The lock tools' commands, from the format rows.
_LOCK_UPGRADE = {row.kind: row.upgrade for row in FORMATS if row.upgrade is not None}
_LOCK_RELOCK = {row.kind: row.relock for row in FORMATS if row.relock is not None}
# pylock.toml says which tool wrote it (``created-by``); uv also writes the exact command it
# ran (``uv export`` or ``uv pip compile``) in the file's first lines.
_PYLOCK_RECREATE = {
    "uv": "re-run the uv command named at the top of {file}",
    "pip": "re-run `pip lock` with the same inputs to re-create {file}",
}
_COMPILED_UPGRADE = {
    "pip-compile": "pip-compile --upgrade-package '{requirement}'",
    "uv": "uv pip compile --upgrade-package '{requirement}'",
}


def upgrade(file: DependencyFile, name: str, requirement: str) -> str:
    """How to move ``name`` up to satisfy ``requirement`` (e.g. ``django>=1.8``)."""
    if file.kind in _LOCK_UPGRADE:
        command = _LOCK_UPGRADE[file.kind].format(name=name)
        return f"require {requirement} in the project's manifest if needed, then run `{command}`"
    if file.kind == FileKind.PYLOCK:
        return f"require {requirement}, then {_recreate_pylock(file)}"
    if file.generated_by in _COMPILED_UPGRADE:
        header = file.header
        if header is not None and header.custom:
            return (f"require {requirement} in the input file, then run `{header.command}`"
                    f"{_where(file)}")
        command = _COMPILED_UPGRADE[file.generated_by].format(requirement=requirement)
        if header is not None and header.command:  # its own arguments: the input, -o ...
            command = f"{header.command} --upgrade-package '{requirement}'"
        return f"run `{command}`{_where(file)}"
    return f"require {requirement}"


def _where(file: DependencyFile) -> str:
    """`` from the repository's top`` when a compiled file's command runs there."""
    header = file.header
    return " from the repository's top" if header is not None and header.runs_in else ""


def _rerun(file: DependencyFile) -> str:
    """The compiled file's own command as its header names it, else the compiler's name."""
    header = file.header
    if header is not None and header.command:
        return f"`{header.command}`{_where(file)}"
    return f"{file.generated_by}"


def constrain(file: DependencyFile, name: str, requirement: str) -> str:
    """How to keep ``name`` inside ``requirement`` when upgrading is not the way (a maximum)."""
    if file.kind in _LOCK_RELOCK:
        command = _LOCK_RELOCK[file.kind]
        return f"constrain {requirement} in the project's manifest, then run `{command}`"
    if file.kind == FileKind.PYLOCK:
        return f"constrain {requirement}, then {_recreate_pylock(file)}"
    if file.generated_by in _COMPILED_UPGRADE:
        return f"constrain {requirement} in the input file, then re-run {_rerun(file)}"
    return f"require {requirement}"


def _recreate_pylock(file: DependencyFile) -> str:
    template = _PYLOCK_RECREATE.get(file.generated_by or "",
                                    "re-create {file} with the tool that wrote it")
    return template.format(file=file.path.name)


def relock(file: DependencyFile) -> str:
    """How to bring a lockfile (or compiled requirements) back in line with its manifest."""
    if file.kind in _LOCK_RELOCK:
        return f"run `{_LOCK_RELOCK[file.kind]}` to re-lock from the manifest"
    if file.kind == FileKind.PYLOCK:
        return _recreate_pylock(file)
    if file.generated_by in _COMPILED_UPGRADE:
        return f"re-run {_rerun(file)} on its input file"
    return "re-create the lock from its manifest with the tool that wrote it"
