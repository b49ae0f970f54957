"""Container image references to Datadog's images in any text: the Agent (and the legacy
Agent 5 image), the Lambda Extension and the single-step instrumentation's Python library.

Recognized by the repository path, whatever the registry in front of it: ``datadog/agent``,
``datadoghq/agent``, ``agent`` on a Datadog host, ``datadog/docker-dd-agent`` (Agent 5);
``*/lambda-extension``; ``*/dd-lib-python-init``. Not the Cluster Agent, DogStatsD or
``agent-dev``. Tag grammar: ``<major>[.<minor>[.<patch>]][-rc.N][-<flavour>]`` (``-jmx``,
``-full``, ``-servercore``, ``-linux``, ``-fips``), ``latest[-flavour]``, no tag (= latest),
``@sha256:`` digests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Optional

from ddlint.deployment.sources import Source
from ddlint.model import Declaration
from ddlint.patterns import lazy

_TAG = r"(?:[\w.\-]|\$\{[^}\s]*\}|\$\w+|\{\{[^}]*\}\})+"
_IMAGE = lazy(
    r"(?<![\w.\-/])(?P<ref>(?:[\w.\-]+(?::\d+)?/)*?"
    r"(?:(?:datadog|datadoghq)/(?P<name>agent|docker-dd-agent|lambda-extension|dd-lib-python-init)"
    r"|[\w.\-]*datadoghq[\w.\-]*/(?P<bare>agent|lambda-extension|dd-lib-python-init))"
    rf"(?![\w\-/])(?::(?P<tag>{_TAG}))?(?P<digest>@sha256:[0-9a-fA-F]+)?)"
)
_RELEASE = lazy(r"v?(?P<numbers>\d+(?:\.\d+){0,2})(?P<rc>-rc\.?\d+)?(?:-[a-z]+)*")
_VARIABLE = lazy(r"\$\{|\$\w|\{\{")

Resolve = Callable[[str], Optional[str]]
KIND_OF = {"agent": "agent", "docker-dd-agent": "agent", "lambda-extension": "lambda-extension",
           "dd-lib-python-init": "tracer"}


def read(source: Source, via: str, resolve: Optional[Resolve] = None,
         ssi_via: str = "ssi") -> Iterator[Declaration]:
    """Every Datadog image reference in ``source``; ``resolve`` turns a tag with variables
    into its value (one hop), None when it cannot."""
    for match in _IMAGE.finditer(source.text):
        name = match.group("name") or match.group("bare")
        kind = KIND_OF[name]
        tag = match.group("tag")
        declared = match.group("ref")
        detail = ""
        if tag is not None and _VARIABLE.search(tag):
            written = tag
            tag = resolve(tag) if resolve is not None else None
            detail = f"{written} is {tag}" if tag is not None else ""
            if tag is None or _VARIABLE.search(tag):
                yield source.declaration(kind, "unknown", None, declared,
                                         source.line_of(match.start()),
                                         via=ssi_via if kind == "tracer" else via,
                                         detail="a variable not set in the repository")
                continue
        state, version = classify(name, tag, bool(match.group("digest")))
        yield source.declaration(kind, state, version, declared, source.line_of(match.start()),
                                 via=ssi_via if kind == "tracer" else via, detail=detail)


def classify(name: str, tag: Optional[str], digest: bool = False) -> tuple[str, Optional[str]]:
    """(state, version) of an image's tag."""
    if name == "docker-dd-agent":
        return "line", "5"  # the legacy image is Agent 5, whatever its tag
    if tag is None:
        return ("unknown", None) if digest else ("floating", None)
    if tag.startswith("latest"):
        return "floating", None
    match = _RELEASE.fullmatch(tag)
    if match is None:
        return "unknown", None
    numbers = match.group("numbers")
    if name == "lambda-extension":
        return "known", numbers.split(".")[0]
    if numbers.count(".") == 2:
        return "known", numbers
    return "line", numbers


def classify_tag(name: str, text: str) -> tuple[str, Optional[str]]:
    """(state, version) of a tag written alone (a Helm value, an Operator override)."""
    text = text.strip()
    if not text:
        return "floating", None
    if _VARIABLE.search(text):
        return "unknown", None
    return classify(name, text)


def parse_reference(text: str) -> Optional[tuple[str, Optional[str], bool]]:
    """(image name, tag, digest?) of a whole reference to a Datadog image, else None."""
    match = _IMAGE.search(text)
    if match is None:
        return None
    return (match.group("name") or match.group("bare"), match.group("tag"),
            bool(match.group("digest")))
