"""Set-up scripts: Datadog's install script's ``DD_AGENT_MAJOR_VERSION`` (and
``DD_AGENT_MINOR_VERSION``), ``helm install|upgrade ... datadog/datadog --version X`` (the
chart's default Agent; no ``--version``: the newest chart on install, floating), and
``pip install ddtrace`` (shared with Dockerfiles)."""

from __future__ import annotations

from collections.abc import Iterator

from ddlint.deployment.sources import Source
from ddlint.model import Declaration
from ddlint.patterns import lazy

_MAJOR = lazy(r"\bDD_AGENT_MAJOR_VERSION[\"']?\s*[=:]\s*[\"']?(?P<major>\d+)")
_MINOR = lazy(r"\bDD_AGENT_MINOR_VERSION[\"']?\s*[=:]\s*[\"']?(?P<minor>\d+)")
_PIP = lazy(r"\b(?:pip3?|uv\s+pip|python3?\s+-m\s+pip)\s+install\b(?P<arguments>[^\n&;|]*)")
_HELM = lazy(r"\bhelm\s+(?:install|upgrade)\b(?P<arguments>[^\n&;|]*)")
_TRACER = lazy(r"""^["']?ddtrace(?:\[[^\]]*\])?(?P<specifier>(?:[=<>~!]=?|===)[^"'\s]*)?["']?$""")


def read(source: Source) -> Iterator[Declaration]:
    yield from install_script(source)
    yield from helm_installs(source)
    yield from pip_installs(source, "install-script")


def helm_installs(source: Source) -> Iterator[Declaration]:
    from ddlint.deployment import helm
    from ddlint.deployment.sources import DEFAULT_DETAIL

    text = source.text.replace("\\\n", "  ")  # continuation lines joined, offsets kept
    for match in _HELM.finditer(text):
        words = match.group("arguments").split()
        chart = next((helm.chart_name(word) for word in words if helm.chart_name(word)), None)
        if chart is None:
            continue
        line = source.line_of(match.start())
        version = next((word.split("=", 1)[1] for word in words
                        if word.startswith("--version=")), None)
        if version is None and "--version" in words[:-1]:
            version = words[words.index("--version") + 1]
        if version is None:
            yield source.declaration("agent", "floating", None, match.group(0).strip(), line,
                                     via="install-script",
                                     detail=f"{DEFAULT_DETAIL}the {chart} chart, whose "
                                            f"version is not pinned")
            continue
        yield helm.chart_agent(source, chart, version.strip("\"'"), f"--version {version}",
                               line, via="install-script")


def install_script(source: Source) -> Iterator[Declaration]:
    for match in _MAJOR.finditer(source.text):
        version = match.group("major")
        minor = _MINOR.search(source.text)
        if minor is not None:
            version += f".{minor.group('minor')}"
        yield source.declaration("agent", "line", version, match.group(0),
                                 source.line_of(match.start()), via="install-script",
                                 detail="the install script installs the newest release of it")


def pip_installs(source: Source, via: str) -> Iterator[Declaration]:
    """``pip install ... ddtrace[==X]`` (continuation lines joined): exact, a lower bound, or
    floating when unpinned (the newest release on the build day)."""
    text = source.text.replace("\\\n", "  ")  # keeps offsets: two characters for two
    for match in _PIP.finditer(text):
        for word in match.group("arguments").split():
            found = _TRACER.match(word)
            if found is None:
                continue
            specifier = found.group("specifier") or ""
            line = source.line_of(match.start())
            if specifier.startswith("==") and "*" not in specifier:
                yield source.declaration("tracer", "known", specifier[2:], word, line, via=via)
            elif specifier.startswith((">=", "~=")):
                yield source.declaration("tracer", "lower-bound", specifier[2:].split(",")[0],
                                         word, line, via=via)
            elif not specifier:
                yield source.declaration("tracer", "floating", None, word, line, via=via,
                                         detail="unpinned: the newest release on build")
            else:
                yield source.declaration("tracer", "unknown", None, word, line, via=via)
