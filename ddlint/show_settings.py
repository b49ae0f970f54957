"""``ddlint --show-settings``: what each dependency file is checked with (its project, the
configuration that governs it, the resolved settings, its targets and its tracer), as ruff's
``--show-settings`` shows a file's resolved configuration: how to debug a configuration."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from ddlint.project_view import ProjectFiles


def render(paths: Sequence[Path], overrides: dict[str, object],
           config_file: Optional[Path] = None) -> str:
    """One block per dependency file asked about; raises ``config.ConfigError``."""
    from ddlint.formatters import display_path
    from ddlint.project_view import read_projects

    out: list[str] = []
    for each in read_projects(paths, overrides, config_file, context=True):
        facts = _facts(each)
        for file in each.asked:
            out.append(f"{display_path(file.path)} ({file.kind.value})")
            out.extend(f"  {label}: {value}" for label, value in facts)
            out.append("")
    if not out:
        return "no dependency files found\n"
    return "\n".join(out)


def _facts(each: ProjectFiles) -> list[tuple[str, str]]:
    from ddlint import targets
    from ddlint.formatters import display_path
    from ddlint.model import shown
    from ddlint.rules.context import Context
    from ddlint.rules.tracer import tracer_pins

    project, settings = each.project, each.project.settings
    resolved = targets.resolve(project, each.files)
    pins = tracer_pins(Context(project, each.files, resolved), infer=True)

    def listed(values: Sequence[str], empty: str) -> str:
        return ", ".join(shown(value) for value in values) if values else empty

    def tracer(pin: object) -> str:
        from ddlint.rules.tracer import TracerPin

        assert isinstance(pin, TracerPin)
        where = pin.dependency.location if pin.dependency is not None else None
        said = f" ({display_path(where.path)}:{where.line})" if where is not None else \
            " (--tracer-version or tracer-version)"
        return pin.described + said

    pythons = listed(resolved.pythons, "unknown: every CPython released on the as-of date")
    if resolved.pythons and resolved.python_source:
        pythons += f" (from {shown(resolved.python_source)})"
    return [
        ("project", display_path(project.root)),
        ("configuration", display_path(each.config) if each.config is not None
         else "none (defaults and the command line)"),
        ("files read with it", listed([display_path(f.path) for f in each.files], "none")),
        ("as of", settings.today.isoformat()),
        ("python", pythons),
        ("platforms", listed(resolved.platforms, "unknown: every platform the page lists")),
        ("tracer", "; ".join(tracer(pin) for pin in pins) or "none (no ddtrace entry)"),
        ("agent-version", shown(settings.agent_version or "unknown")),
        ("lambda-extension-version", shown(settings.lambda_extension_version or "unknown")),
        ("serverless", "yes" if settings.serverless else "decided per file by its entries"),
        ("select", listed(settings.select, "every rule")),
        ("ignore", listed(settings.ignore, "none")),
        ("per-file-ignores", listed([f"{glob}: {','.join(codes)}" for glob, codes
                                     in settings.per_file_ignores], "none")),
        ("ignores with a reason", str(len(settings.ignores))),
        ("fail-on", settings.fail_on.label),
        ("facts", listed(settings.facts, "page")),
        ("baseline", display_path(settings.baseline) if settings.baseline is not None
         and settings.use_baseline else "none"),
    ]
