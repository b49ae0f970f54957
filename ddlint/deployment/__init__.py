"""What the deployment files a team commits declare of the Datadog Agent, the Lambda Extension,
the Lambda Python layer and the tracer (compose, Kubernetes, Helm, the Operator, ECS, Terraform,
CDK, SAM/CloudFormation, serverless.yml, Dockerfiles, single-step instrumentation).

``read(paths)`` is what ``ddlint deployment`` lists; ``declared_for(files)`` is what a lint run
asks: the declarations that apply to its dependency files (a declaration applies at or below
the nearest folder upwards from its file that holds a dependency file). One module per source
kind (``compose``, ``kubernetes``, ``helm``, ``ecs``, ``terraform``, ``cdk``, ``sam``,
``serverless``, ``dockerfile``, ``scripts``), over shared readers of image references
(``images``), layer ARNs and parameters (``layers``) and YAML lines (``yaml_lines``). Nothing is
executed or fetched; every file is read through ``ddlint.reading`` inside the repository.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ddlint.model import Declaration, DependencyFile
from ddlint.records import dataclass, replace

if TYPE_CHECKING:  # read only where a deployment file is (``_read_files``)
    from ddlint.deployment.sources import Problem, Source

KINDS = ("agent", "lambda-extension", "lambda-python-layer", "tracer")
STATES = ("known", "lower-bound", "line", "floating", "unknown")
# Folders that hold no deployment: CI workflows run their own Agent containers for tests.
_SKIPPED = frozenset({".github", ".circleci", ".gitlab", "cdk.out", ".terraform", ".serverless",
                      ".aws-sam", "testdata"})


@dataclass(frozen=True)
class Found:
    declarations: tuple[Declaration, ...]
    problems: tuple[Problem, ...]


def source_kind(path: Path) -> Optional[str]:
    """The module that reads a file of this name, or None: not a deployment file."""
    return _kind_of_name(path.name)


def _kind_of_name(name: str) -> Optional[str]:
    lower = name.lower()
    if name == ".env":
        return "env"  # read with the compose files beside it
    if lower in ("dockerfile", "containerfile") or lower.startswith("dockerfile.") \
            or lower.endswith(".dockerfile"):
        return "dockerfile"
    if lower.endswith(".txt"):
        return None  # the most common name in a repository of requirements files
    if lower.endswith((".yml", ".yaml")):
        stem = lower.rsplit(".", 1)[0]
        if stem in ("serverless",) or stem.startswith("serverless."):
            return "serverless"
        if stem.startswith(("docker-compose", "compose")):
            return "compose"
        if name == "Chart.yaml" or stem.startswith("helmfile"):
            return "helm"
        return "yaml"
    if lower.endswith((".tf", ".tfvars", ".tpl")):
        return "terraform"
    if lower.endswith(".json"):
        return None if lower.startswith(("package-lock", "tsconfig", "cdk")) else (
            "package" if lower == "package.json" else "json")
    if lower.endswith((".ts", ".js", ".py", ".java", ".go", ".cs")):
        return "cdk"
    if lower.endswith(".sh") or lower.endswith(".config"):
        return "scripts"
    return None


def hooked(path: Path) -> bool:
    """Whether the pre-commit hook passes a file of this name (``.pre-commit-hooks.yaml``'s
    ``files``): every source kind but CDK sources, which are named as any source is."""
    return source_kind(path) not in (None, "cdk")


def checked_for(paths: Sequence[Path]) -> list[Path]:
    """The paths a lint run checks for ``paths``: a deployment file named explicitly (the hook
    passes the changed ones) stands for the dependency files its declarations apply to, the
    folder of its scope; one that declares nothing is left out. Other paths are kept."""
    from ddlint import reading
    from ddlint.discovery import explicit_kind

    checked: list[Path] = []
    for path in paths:
        kind = source_kind(path)
        if path.is_dir() or explicit_kind(path) is not None or kind is None \
                or (kind == "cdk" and not _in_cdk_app(path)):
            checked.append(path)  # read as a dependency file, or refused as none
            continue
        if kind == "env":  # what it changes: the compose files beside it
            beside = sorted(path.parent.glob("*.y*ml"))
            read_now = [file for file in beside if source_kind(file) == "compose"]
        else:
            read_now = [path]
        with reading.session():
            found = _read_files(read_now).declarations
        for declaration in found:
            folder = _shown_folder(declaration.scope)
            if folder not in checked:
                checked.append(folder)
    return checked


def _in_cdk_app(path: Path) -> bool:
    """Whether a source file sits in a CDK app (``cdk.json`` in its folder or above, within
    the repository), as the folder walk reads CDK sources: any other ``main.py`` named
    explicitly is an application's own source, not deployment."""
    from ddlint.repository import read_boundary

    absolute = Path(os.path.abspath(path))
    top = read_boundary(absolute)
    for folder in absolute.parents:
        if (folder / "cdk.json").is_file():
            return True
        if folder == top or not folder.is_relative_to(top):
            return False
    return False


def _shown_folder(folder: Path) -> Path:
    relative = os.path.relpath(folder)
    return folder if relative.startswith("..") else Path(relative)


def read(paths: Sequence[Path]) -> Found:
    """The declarations in the deployment files at ``paths`` (files or folders), each with
    its scope, and the files that could not be read."""
    from ddlint import reading

    with reading.session():
        files: list[Path] = []
        for path in paths:
            files.extend(_walk(path) if path.is_dir() else [path])
        return _read_files(files)


def declared_for(files: Iterable[DependencyFile]) -> tuple[Declaration, ...]:
    """The declarations of the repositories holding ``files`` that apply to one of them (one
    walk of each repository per run)."""
    from ddlint import reading
    from ddlint.repository import read_boundary

    absolute = [Path(os.path.abspath(file.path)) for file in files]
    tops = sorted({read_boundary(path) for path in absolute})
    found: list[Declaration] = []
    for top in tops:
        declarations = reading.remembered(("deployment", top), functools.partial(_declared, top))
        found.extend(d for d in declarations if any(d.applies_to(path) for path in absolute))
    return tuple(dict.fromkeys(found))


def _declared(top: Path) -> tuple[Declaration, ...]:
    return _read_files(list(_walk(top))).declarations


def _read_files(files: list[Path]) -> Found:
    declarations: list[Declaration] = []
    problems: list[Problem] = []
    holds: dict[Path, bool] = {}  # folder -> whether it holds a dependency file
    kinds = [(path, kind) for path, kind in ((path, source_kind(path)) for path in files)
             if kind is not None]
    if not kinds:
        return Found((), ())
    from ddlint.deployment import sources  # only where there is a deployment file

    for path, kind in kinds:
        source = sources.open_source(path, problems)
        if source is None:
            continue
        scope = _scope(path, holds)
        declarations.extend(replace(d, scope=scope) for d in _reader(kind)(source))
    return Found(tuple(_overridden(declarations)), tuple(problems))


def _overridden(declarations: list[Declaration]) -> Iterator[Declaration]:
    """A tool's default (a chart's or the Operator's Agent, a Lambda tool's layers) stands only
    where nothing of the same scope sets it: a values file or an Operator override for the
    Agent, any explicit layer for the Lambda layers."""
    from ddlint.deployment.sources import DEFAULT_DETAIL

    explicit = {(d.scope, d.kind) for d in declarations
                if not d.detail.startswith(DEFAULT_DETAIL)
                and (d.kind != "agent" or d.via in ("helm-values", "operator"))}
    for declaration in declarations:
        if declaration.detail.startswith(DEFAULT_DETAIL) \
                and (declaration.scope, declaration.kind) in explicit:
            continue
        yield declaration


def _scope(path: Path, holds: dict[Path, bool]) -> Path:
    """The nearest folder from ``path``'s upwards that holds a dependency file, within the
    repository; else the repository's top (the folder where the walk stops). ``holds`` keeps
    what each folder listed held."""
    from ddlint.parsers import detect
    from ddlint.repository import read_boundary

    top = read_boundary(path)
    folder = Path(os.path.abspath(path)).parent
    while True:
        if folder not in holds:
            try:
                names = os.listdir(folder)
            except OSError:
                names = []
            holds[folder] = any(detect(folder / name) is not None for name in names)
        if holds[folder]:
            return folder
        if folder in (top, folder.parent) or not folder.is_relative_to(top):
            return top
        folder = folder.parent


def _walk(root: Path) -> Iterator[Path]:
    """Every file below ``root`` a source kind reads, sorted; the folders dependency discovery
    skips are skipped, and CI configuration. CDK sources only inside a CDK app (a folder with
    ``cdk.json`` and below): an application's own sources are not deployment. The folders
    come from the run's one walk of the repository (``discovery.repository_folders``)."""
    from ddlint.discovery import repository_folders

    cdk_at: dict[int, bool] = {}  # each folder entered (by index): whether in a CDK app
    for index, (folder, names, has_cdk, _, parent) in enumerate(repository_folders(root)):
        if parent >= 0 and (parent not in cdk_at or os.path.basename(folder) in _SKIPPED):
            continue  # below a skipped folder, or a skipped folder
        cdk = cdk_at[index] = cdk_at.get(parent, False) or has_cdk
        for name in names:
            kind = _kind_of_name(name)
            if kind is not None and (cdk or kind != "cdk"):
                yield Path(folder, name)


# Source kind -> the module and function that read it (imported when a file of it is read).
_READERS: dict[str, tuple[str, str]] = {
    "compose": ("compose", "read"), "dockerfile": ("dockerfile", "read"),
    "serverless": ("serverless", "read"), "helm": ("helm", "read_chart_file"),
    "yaml": ("kubernetes", "read_yaml"), "terraform": ("terraform", "read"),
    "json": ("ecs", "read"), "package": ("lambda_tools", "read_package"),
    "cdk": ("cdk", "read"), "scripts": ("scripts", "read"), "env": ("compose", "read_env"),
}


def _reader(kind: str) -> Callable[[Source], Iterator[Declaration]]:
    import importlib

    module, function = _READERS[kind]
    found: Callable[[Source], Iterator[Declaration]] = getattr(
        importlib.import_module(f"ddlint.deployment.{module}"), function)
    return found
