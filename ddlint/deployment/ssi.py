"""Single-step instrumentation's Python library: the pod annotation
``admission.datadoghq.com/python-lib.version``, Helm and Operator ``ddTraceVersions`` /
``libVersions`` (``python: "4"``), the init image ``dd-lib-python-init:<tag>`` (``images``).
``v2`` / ``4`` fix the release line; ``v3.7.1`` the version; ``latest`` / ``default`` float."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Optional

from ddlint.deployment.sources import Source
from ddlint.deployment.yaml_lines import Entry
from ddlint.model import Declaration
from ddlint.patterns import lazy

_VERSION = lazy(r"v?(?P<numbers>\d+(?:\.\d+){0,2})")


def read(source: Source, entries: Iterable[Entry]) -> Iterator[Declaration]:
    for entry in entries:
        if entry.key == "admission.datadoghq.com/python-lib.version" or (
                entry.key == "python" and entry.path
                and entry.path[-1] in ("ddTraceVersions", "libVersions")):
            state, version = classify(entry.value)
            yield source.declaration("tracer", state, version, f"{entry.key}: {entry.value}",
                                     entry.line, via="ssi")


def classify(text: str) -> tuple[str, Optional[str]]:
    text = text.strip()
    if text in ("", "latest", "default"):
        return "floating", None
    match = _VERSION.fullmatch(text)
    if match is None:
        return "unknown", None
    numbers = match.group("numbers")
    return ("known", numbers) if numbers.count(".") == 2 else ("line", numbers.split(".")[0])
