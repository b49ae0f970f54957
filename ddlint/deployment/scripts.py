"""Host set-up scripts: Datadog's install script's ``DD_AGENT_MAJOR_VERSION`` (and
``DD_AGENT_MINOR_VERSION``), and ``pip install ddtrace`` (shared with Dockerfiles)."""

from __future__ import annotations

from collections.abc import Iterator

from ddlint.deployment.sources import Source
from ddlint.model import Declaration
from ddlint.patterns import lazy

_MAJOR = lazy(r"\bDD_AGENT_MAJOR_VERSION[\"']?\s*[=:]\s*[\"']?(?P<major>\d+)")
_MINOR = lazy(r"\bDD_AGENT_MINOR_VERSION[\"']?\s*[=:]\s*[\"']?(?P<minor>\d+)")
_PIP = lazy(r"\b(?:pip3?|uv\s+pip|python3?\s+-m\s+pip)\s+install\b(?P<arguments>[^\n&;|]*)")
_TRACER = lazy(r"""^["']?ddtrace(?:\[[^\]]*\])?(?P<specifier>(?:[=<>~!]=?|===)[^"'\s]*)?["']?$""")


def read(source: Source) -> Iterator[Declaration]:
    yield from install_script(source)
    yield from pip_installs(source, "install-script")


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
