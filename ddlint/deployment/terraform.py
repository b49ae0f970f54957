"""Terraform (``*.tf``, ``*.tfvars``, templates ``*.tpl``): Datadog images in string literals
(``container_definitions``, Kubernetes resources), layer ARNs and the lambda-datadog module's
``datadog_extension_layer_version`` (else its release's defaults), ``helm_release`` of the
``datadog`` / ``datadog-operator`` chart with its ``version`` and ``set`` of
``agents.image.tag``. ``var.x`` / ``${var.x}`` resolved from a ``variable`` default or a
``*.tfvars`` value in the same folder (one hop)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Optional

from ddlint.deployment import helm, images, layers
from ddlint.deployment.sources import DEFAULT_DETAIL, Source, sibling_text
from ddlint.model import Declaration
from ddlint.patterns import lazy

_BLOCK = lazy(r'^\s*(?:resource\s+"helm_release"|module)\s+"[^"]*"\s*\{', 8)  # re.M
_ATTRIBUTE = lazy(r'^\s*(?P<name>\w+)\s*=\s*(?P<value>"[^"\n]*"|[\w.\-]+)', 8)
_SET = lazy(r'\bset\s*\{[^}]*?name\s*=\s*"agents\.image\.tag"[^}]*?value\s*=\s*"(?P<tag>[^"]*)"',
            16)  # re.S
_VARIABLE = lazy(r'variable\s+"(?P<name>\w+)"\s*\{[^}]*?default\s*=\s*"?(?P<value>[\w.\-:/]+)',
                 16)
_TFVARS = lazy(r'^\s*(?P<name>\w+)\s*=\s*"?(?P<value>[\w.\-:/]+)"?\s*$', 8)
_REFERENCE = lazy(r"\$\{\s*var\.(?P<a>\w+)\s*\}|^var\.(?P<b>\w+)$")
_MODULE = "DataDog/lambda-datadog/aws"


def read(source: Source) -> Iterator[Declaration]:
    variables = _variables(source)

    def resolve(text: str) -> Optional[str]:
        missing = False

        def value(match: object) -> str:
            nonlocal missing
            name = match.group("a") or match.group("b")  # type: ignore[attr-defined]
            if name in variables:
                return variables[name]
            missing = True
            return ""

        result = _REFERENCE.sub(value, text.strip())
        return None if missing or result == text.strip() else result

    yield from images.read(source, "terraform", resolve)
    yield from layers.read(source, "terraform", resolve)
    yield from _blocks(source, resolve)


def _blocks(source: Source, resolve: object) -> Iterator[Declaration]:
    text = source.text
    for match in _BLOCK.finditer(text):
        body = _body(text, match.end())
        attributes = {m.group("name"): m for m in _ATTRIBUTE.finditer(body)}
        start = match.end()
        if match.group(0).lstrip().startswith("resource"):
            chart = attributes.get("chart")
            name = helm.chart_name(chart.group("value").strip('"')) if chart else None
            if name is None:
                continue
            tag = _SET.search(body)
            if tag is not None and name == "datadog":
                state, version = images.classify_tag("agent", tag.group("tag"))
                yield source.declaration("agent", state, version, tag.group(0).split("\n")[-1],
                                         source.line_of(start + tag.start()), via="terraform")
                continue
            pinned = attributes.get("version")
            if pinned is None:
                yield source.declaration("agent", "floating", None, match.group(0).strip(" {"),
                                         source.line_of(match.start()), via="terraform",
                                         detail=f"{DEFAULT_DETAIL}the {name} chart, whose "
                                                f"version is not pinned")
                continue
            value = pinned.group("value").strip('"')
            resolved = resolve(value) if callable(resolve) else None
            yield helm.chart_agent(source, name, resolved or value, pinned.group(0).strip(),
                                   source.line_of(start + pinned.start()), via="terraform")
        else:
            module = attributes.get("source")
            if module is None or module.group("value").strip('"') != _MODULE:
                continue
            if "extension_layer_version" in body:
                continue  # the layer parameter itself is read (``layers``)
            pinned = attributes.get("version")
            if pinned is None:
                continue
            yield from _module_defaults(source, pinned.group("value").strip('"'),
                                        pinned.group(0).strip(),
                                        source.line_of(start + pinned.start()))


def _module_defaults(source: Source, written: str, declared: str,
                     line: int) -> Iterator[Declaration]:
    from ddlint.facts.deployment import tool_default

    exact = written[:1].isdigit()
    version = written.lstrip("=~>< ")
    derived = tool_default("terraform-lambda-datadog", version, "extension_layer")
    if derived is not None:
        state = "known" if exact and derived.exact else "lower-bound"
        yield source.declaration("lambda-extension", state, derived.version, declared, line,
                                 via="terraform", detail=f"{DEFAULT_DETAIL}{_MODULE} {version}")


def _body(text: str, start: int) -> str:
    """The text of a block from after its ``{`` to its closing ``}`` (strings not followed:
    a brace in a string is rare in these blocks)."""
    depth = 1
    index = start
    while index < len(text) and depth:
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
        index += 1
    return text[start:index]


def _variables(source: Source) -> dict[str, str]:
    """``variable`` defaults of the folder's ``*.tf`` files, then ``*.tfvars`` values."""
    folder = source.path.parent
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return {}
    found: dict[str, str] = {}
    for name in names:
        if name.endswith(".tf"):
            text = source.text if name == source.path.name else sibling_text(source, name)
            found.update((m.group("name"), m.group("value"))
                         for m in _VARIABLE.finditer(text or ""))
    for name in names:
        if name.endswith(".tfvars") or name.endswith(".auto.tfvars"):
            found.update((m.group("name"), m.group("value"))
                         for m in _TFVARS.finditer(sibling_text(source, name) or ""))
    return found
